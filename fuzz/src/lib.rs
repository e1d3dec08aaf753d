//! What the fuzz targets share: linting without the disk, and the invariants every lint must
//! keep besides "no panic" (positions inside their files, the machine-read formats agreeing).
//!
//! A broken invariant panics; libFuzzer's panic hook turns that into a crash with the input saved.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use statuslint::engine::Levels;
use statuslint::finding::Finding;
use statuslint::lint::{Options, Outcome};
use statuslint::load::Overlay;
use statuslint::registry::RuleSet;
use statuslint::report::{self, Format, Graphical, Linted};
use statuslint::source::{Loc, Sources};

/// A directory that does not exist: the only place `$ref`s may reach, so no input reads the
/// disk (files there come from the overlay or are unreadable).
pub const ROOT: &str = "/statuslint-fuzz";

pub fn rules() -> &'static RuleSet {
    RuleSet::builtin().expect("the built-in rules validate")
}

pub fn levels() -> &'static Levels {
    static LEVELS: std::sync::OnceLock<Levels> = std::sync::OnceLock::new();
    LEVELS.get_or_init(|| Levels::all_default(rules()))
}

pub fn options(overlay: Option<Overlay>) -> Options<'static> {
    Options {
        rules: rules(),
        levels: levels(),
        allowed_roots: Arc::from(vec![PathBuf::from(ROOT)]),
        overlay: overlay.map(Arc::new),
    }
}

/// The path of file `name` under [`ROOT`].
pub fn path(name: &str) -> PathBuf {
    Path::new(ROOT).join(name)
}

/// Panics unless `loc` lies inside its file, on character boundaries, start before end.
#[track_caller]
pub fn check_loc(sources: &Sources, loc: Loc, what: &str) {
    let count = sources.iter().count();
    assert!(
        (loc.file as usize) < count,
        "{what}: file {} of {count}",
        loc.file
    );
    let text = &sources.get(loc.file).text;
    let (start, end) = (loc.span.start as usize, loc.span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: span {start}..{end} outside a file of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} splits a character"
    );
}

/// Every position a finding reports (its node, related places, fix edits) lies inside its file.
pub fn check_positions(sources: &Sources, findings: &[Finding]) {
    for f in findings {
        check_loc(sources, f.loc, &f.rule);
        for r in &f.related {
            check_loc(sources, r.loc, &format!("{} related", f.rule));
        }
        if let Some(fix) = statuslint::fix::fix(f, sources) {
            for edit in &fix.edits {
                let loc = Loc {
                    file: edit.file,
                    span: edit.span,
                };
                check_loc(sources, loc, &format!("{} fix", f.rule));
            }
        }
        let (start, end) = sources.line_col(f.loc);
        assert!(
            start <= end,
            "{}: start {start:?} after end {end:?}",
            f.rule
        );
    }
}

/// One finding as every machine-read format can state it: file, rule, line, column.
type Key = (String, String, usize, usize);

fn render(format: Format, files: &[Linted]) -> String {
    let mut out = Vec::new();
    report::write(
        format,
        files,
        rules(),
        &Graphical::new(false, 100),
        &mut out,
    )
    .expect("writing to memory cannot fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

fn count(keys: impl Iterator<Item = Key>) -> BTreeMap<Key, usize> {
    let mut map = BTreeMap::new();
    for key in keys {
        *map.entry(key).or_insert(0) += 1;
    }
    map
}

/// The short, JSON and SARIF reports of one lint state the same findings at the same places.
/// File names must be plain (no `:`), as the fuzz targets make them.
pub fn check_formats(sources: Sources, findings: Vec<Finding>) -> (Sources, Vec<Finding>) {
    let files = [Linted { sources, findings }];
    let short = render(Format::Short, &files);
    let short = count(short.lines().map(|line| {
        let mut parts = line.splitn(4, ':');
        let file = parts.next().unwrap_or_default().to_string();
        let line_no = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let column = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        let rest = parts.next().unwrap_or_default();
        let rule = rest
            .split_once('[')
            .and_then(|(_, r)| r.split_once(']'))
            .map(|(r, _)| r.to_string())
            .unwrap_or_default();
        (file, rule, line_no, column)
    }));
    let json: serde_json::Value =
        serde_json::from_str(&render(Format::Json, &files)).expect("--format json is JSON");
    let json = count(
        json["findings"]
            .as_array()
            .expect("a findings array")
            .iter()
            .map(|f| {
                (
                    f["file"].as_str().unwrap_or_default().to_string(),
                    f["rule"].as_str().unwrap_or_default().to_string(),
                    f["start"]["line"].as_u64().unwrap_or(0) as usize,
                    f["start"]["column"].as_u64().unwrap_or(0) as usize,
                )
            }),
    );
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &files)).expect("--format sarif is JSON");
    let sarif = count(
        sarif["runs"][0]["results"]
            .as_array()
            .expect("a results array")
            .iter()
            .map(|r| {
                let at = &r["locations"][0]["physicalLocation"];
                (
                    at["artifactLocation"]["uri"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string(),
                    r["ruleId"].as_str().unwrap_or_default().to_string(),
                    at["region"]["startLine"].as_u64().unwrap_or(0) as usize,
                    at["region"]["startColumn"].as_u64().unwrap_or(0) as usize,
                )
            }),
    );
    // Short and SARIF report a cause once (the per-use findings of one shared definition at the
    // first use); JSON keeps every finding: each cause is one of its findings, and no rule is in
    // one and not the other.
    assert_eq!(short, sarif, "short and SARIF reports differ");
    for (key, n) in &short {
        assert!(
            json.get(key).is_some_and(|m| m >= n),
            "{key:?} in the short report ({n}) but not in JSON: {json:?}"
        );
    }
    let rules = |map: &BTreeMap<Key, usize>| -> BTreeSet<(String, String)> {
        map.keys().map(|(f, r, _, _)| (f.clone(), r.clone())).collect()
    };
    assert_eq!(rules(&short), rules(&json), "short and JSON reports differ");
    // Graphical output must render too (it is not compared: it is for people).
    render(Format::Graphical, &files);
    let [Linted { sources, findings }] = files;
    (sources, findings)
}

/// All invariants of one lint outcome.
pub fn check_outcome(outcome: Outcome) -> Option<(Sources, Vec<Finding>)> {
    match outcome {
        Outcome::Linted { sources, findings } => {
            check_positions(&sources, &findings);
            Some(check_formats(sources, findings))
        }
        Outcome::Skipped(_) => None,
        Outcome::Unreadable(e) => panic!("text in memory reported unreadable: {e}"),
    }
}

/// The text the targets hand to a YAML/JSON consumer: the bytes if they are UTF-8.
pub fn utf8(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Panics unless a parse result keeps its promises: node spans inside the text on character
/// boundaries, an error's offset inside the text.
pub fn check_parse(
    text: &str,
    format: statuslint::parse::Format,
    parsed: Result<statuslint::tree::Tree, statuslint::parse::ParseError>,
) {
    match parsed {
        Ok(tree) => {
            assert!(
                (tree.root as usize) < tree.nodes.len(),
                "{format:?}: no root"
            );
            for (i, node) in tree.nodes.iter().enumerate() {
                let (start, end) = (node.span.start as usize, node.span.end as usize);
                assert!(
                    start <= end && end <= text.len(),
                    "{format:?}: node {i} spans {start}..{end} of {} bytes",
                    text.len()
                );
                assert!(
                    text.is_char_boundary(start) && text.is_char_boundary(end),
                    "{format:?}: node {i} span {start}..{end} splits a character"
                );
            }
        }
        Err(e) => assert!(
            e.offset <= text.len(),
            "{format:?}: error at {} of {} bytes",
            e.offset,
            text.len()
        ),
    }
}

/// Splits a workspace input: the root file's bytes, and the other files by path (see the
/// `workspace` target).
pub fn workspace(data: &[u8]) -> (&[u8], Overlay) {
    let mut parts = data.split(|&b| b == 0);
    let root = parts.next().unwrap_or_default();
    let mut overlay = Overlay::new();
    for part in parts {
        let (name, text) = match part.iter().position(|&b| b == b'\n') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => (part, &[][..]),
        };
        let name = String::from_utf8_lossy(name);
        let path = statuslint::load::normalize(&path(name.trim_start_matches('/')));
        if path.starts_with(ROOT) {
            overlay.insert(path, String::from_utf8_lossy(text).into());
        }
    }
    (root, overlay)
}

/// Whether a mapping of the text repeats a key or merges one in (`<<`): which entry counts is
/// issue 8's case 1 and 3 (merge keys, duplicate keys), so a fix there may leave the finding.
pub fn has_ambiguous_keys(text: &str, format: statuslint::parse::Format) -> bool {
    // The parsers keep the last of a repeated key and record the others; merge keys are kept
    // as entries for the model builder to merge.
    let Ok(tree) = statuslint::parse::parse(text, format) else {
        return false;
    };
    !tree.duplicates.is_empty() || tree.has_merge
}
