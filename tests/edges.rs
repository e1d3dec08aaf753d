//! YAML, JSON and encoding edge cases (issue 8): each one pinned with the exact place of every
//! finding, in YAML and in JSON where both apply. A broken spec must never pass silently, and a
//! valid one must be read as the YAML and JSON readers everyone else uses read it.

mod common;

use common::{lint_bytes, lint_source, statuslint, summary, Hit, Linted};

/// `(rule, "line:col")` pairs, for readable expectations.
fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(rule, at)| (rule.to_string(), at.to_string()))
        .collect()
}

/// The `(rule, "line:col")` of every finding of `text` linted as `name`.
fn places(name: &str, text: &str) -> Vec<(String, String)> {
    summary(&lint_source(name, text))
}

/// The findings of one rule.
fn of<'h>(hits: &'h [Hit], rule: &str) -> Vec<&'h Hit> {
    hits.iter().filter(|h| h.rule == rule).collect()
}

// 2. A byte order mark must not hide a broken API description.

#[test]
fn a_broken_file_with_a_bom_is_invalid_not_skipped() {
    let yaml = "\u{feff}openapi: 3.1.0\npaths:\n  /a: [\n";
    let json = "\u{feff}{\"openapi\": \"3.1.0\", \"paths\": {,}}";
    for (name, text, at) in [("bom.yaml", yaml, "3:7"), ("bom.json", json, "1:32")] {
        let hits = match lint_bytes(name, text.as_bytes()) {
            Linted::Findings(hits) => hits,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(
            summary(&hits),
            expect(&[("invalid-document", at)]),
            "{name}"
        );
        // Without the mark: the same finding at the same place (a BOM is no column).
        let bare = text.trim_start_matches('\u{feff}');
        let hits = lint_bytes(name, bare.as_bytes()).findings();
        assert_eq!(
            summary(&hits),
            expect(&[("invalid-document", at)]),
            "{name}"
        );
    }
    // And the run fails.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.yaml");
    std::fs::write(&path, yaml).unwrap();
    statuslint().arg(&path).assert().code(1);
}
