//! A sweep over the shared corpus of real specs (`../shared/corpus`, skipped with a message
//! when absent): no file panics the linter, every file is either linted or reported as
//! `invalid-document`/`unresolved-ref`, and the two formats of GitHub's spec agree.
//!
//! The whole corpus (80 MB, the largest file 13 MB) takes a few seconds in a debug build, so
//! the sweep runs with `cargo test`; nothing needs a release-only run.

mod common;

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{lint_anywhere, Hit, Linted};

fn corpus() -> Option<PathBuf> {
    let dir = common::root().join("../shared/corpus");
    if dir.is_dir() {
        // Canonical: `$ref`s are checked against the allowed roots by path prefix.
        Some(dir.canonicalize().unwrap())
    } else {
        eprintln!("skipped: ../shared/corpus is absent");
        None
    }
}

/// Every `.yaml`, `.yml` and `.json` file below `dir`, sorted.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| ["yaml", "yml", "json"].contains(&e))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Whether a file has a top-level `openapi` or `swagger` key, by a parser that is not ours.
fn has_api_key(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let value: Option<serde_json::Value> = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).ok()
    } else {
        serde_yaml::from_str(&text).ok()
    };
    value
        .as_ref()
        .and_then(|v| v.as_object())
        .is_some_and(|map| map.contains_key("openapi") || map.contains_key("swagger"))
}

#[test]
fn every_corpus_file_is_linted_without_panic() {
    let Some(corpus) = corpus() else {
        return;
    };
    let files = spec_files(&corpus);
    assert!(!files.is_empty(), "no spec files in {}", corpus.display());
    let started = Instant::now();
    let mut panics = Vec::new();
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for path in &files {
        let name = path.strip_prefix(&corpus).unwrap().display().to_string();
        let one = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| lint_anywhere(path, &name, &corpus)));
        let took = one.elapsed();
        if took > slowest.0 {
            slowest = (took, path.clone());
        }
        match result {
            Err(_) => panics.push(name),
            Ok(Linted::Unreadable(e)) => failures.push(format!("{name}: unreadable: {e}")),
            Ok(Linted::Skipped(reason)) => {
                // Fragments of multi-file specs have no `openapi`/`swagger` key: skipping them
                // is right, and only them.
                if has_api_key(path) {
                    failures.push(format!(
                        "{name}: skipped ({reason}) but is an API description"
                    ));
                }
                *counts.entry("skipped (not API descriptions)").or_default() += 1;
            }
            Ok(Linted::Findings(hits)) => {
                *counts.entry("linted").or_default() += 1;
                if hits.iter().any(|h| h.rule == "invalid-document") {
                    *counts.entry("with invalid-document").or_default() += 1;
                }
                if hits.iter().any(|h| h.rule == "unresolved-ref") {
                    *counts.entry("with unresolved-ref").or_default() += 1;
                    eprintln!("{name}: unresolved-ref");
                }
                for hit in &hits {
                    if hit.at.line == 0 || hit.at.column == 0 || hit.message.is_empty() {
                        failures.push(format!("{name}: malformed finding {hit:?}"));
                    }
                    // The expansion budget is for bombs: no real spec may reach it.
                    if hit.message.contains("the rest was not linted") {
                        failures.push(format!("{name}: hit the expansion budget"));
                    }
                }
            }
        }
    }
    eprintln!(
        "corpus sweep: {} files in {:?} ({counts:?}); slowest {:?} ({})",
        files.len(),
        started.elapsed(),
        slowest.0,
        slowest.1.display()
    );
    assert!(panics.is_empty(), "panicked on: {panics:#?}");
    assert!(failures.is_empty(), "{failures:#?}");
}

/// `(rule, pointer)` → count: what two renderings of one spec must agree on.
fn by_rule_and_pointer(hits: &[Hit]) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for hit in hits {
        *out.entry((hit.rule.clone(), hit.pointer.clone()))
            .or_default() += 1;
    }
    out
}

fn by_rule(hits: &[Hit]) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for hit in hits {
        *out.entry(hit.rule.clone()).or_default() += 1;
    }
    out
}

#[test]
fn github_spec_gives_the_same_findings_in_json_and_yaml() {
    let Some(corpus) = corpus() else {
        return;
    };
    let json_path = corpus.join("real/github-api.github.com.json");
    let yaml_path = corpus.join("real/github-api.github.com.yaml");
    if !json_path.exists() || !yaml_path.exists() {
        eprintln!("skipped: GitHub's spec is not in ../shared/corpus/real");
        return;
    }
    let json = lint_anywhere(&json_path, "github.json", &corpus).findings();
    let yaml = lint_anywhere(&yaml_path, "github.yaml", &corpus).findings();
    assert!(json.len() > 900, "{} findings only", json.len());
    // Shared responses are reported once, at their definition, with every use.
    let occurrences: usize = json.iter().map(|h| h.uses.len().max(1)).sum();
    assert!(occurrences > 1150, "{occurrences} occurrences only");
    let shared_401 = json
        .iter()
        .find(|h| h.pointer == "/components/responses/requires_authentication")
        .expect("the shared 401 is reported at its definition");
    assert_eq!(shared_401.uses.len(), 159);
    // The YAML is derived from the JSON, so lines differ; the nodes must not.
    assert_eq!(by_rule(&json), by_rule(&yaml));
    let json_pointers = by_rule_and_pointer(&json);
    let yaml_pointers = by_rule_and_pointer(&yaml);
    if json_pointers != yaml_pointers {
        let only_json: Vec<_> = json_pointers
            .keys()
            .filter(|k| !yaml_pointers.contains_key(*k))
            .take(10)
            .collect();
        let only_yaml: Vec<_> = yaml_pointers
            .keys()
            .filter(|k| !json_pointers.contains_key(*k))
            .take(10)
            .collect();
        panic!("formats disagree: only in JSON {only_json:#?}, only in YAML {only_yaml:#?}");
    }
    // Every finding has a pointer; loader problems (which have none) would show up here.
    assert!(json.iter().all(|h| !h.pointer.is_empty()));
    eprintln!(
        "GitHub's spec: {} findings, {:?}",
        json.len(),
        by_rule(&json)
    );
}
