//! Every rule's documented examples run as its tests (biome's way: docs that cannot rot).
//! An `invalid` example must fire the rule exactly on the lines marked `# <-`, at the first
//! non-blank column; a `valid` example must not fire it.

use std::path::Path;
use std::sync::Arc;

use statuslint::engine::Levels;
use statuslint::lint::{lint_text, Options, Outcome};
use statuslint::registry::RuleSet;

/// (line, column) of every finding of `rule` in `doc`, sorted. An example the loader cannot
/// read would fire nothing and pass unseen, so loading problems fail the test unless they are
/// what the rule is about.
fn fired(rules: &RuleSet, rule: &str, doc: &str) -> Vec<(usize, usize)> {
    let levels = Levels::all_default(rules);
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: Arc::from(vec![std::env::current_dir().unwrap()]),
        overlay: None,
    };
    // A Rust example is linted as a `.rs` file outside any crate.
    let (path, name) = match is_rust(doc) {
        true => (
            std::env::temp_dir().join("statuslint-rule-examples/example.rs"),
            "example.rs",
        ),
        false => (
            std::env::current_dir().unwrap().join("example.yaml"),
            "example.yaml",
        ),
    };
    match lint_text(&path, name.into(), doc, &options) {
        Outcome::Linted { sources, findings } => {
            for f in &findings {
                let loading = f.rule == "invalid-document" || f.rule == "unresolved-ref";
                assert!(
                    !loading || f.rule == rule,
                    "{rule}: example does not load cleanly: {}\n{doc}",
                    f.message
                );
            }
            let mut at: Vec<_> = findings
                .iter()
                .filter(|f| f.rule == rule)
                .map(|f| {
                    let lc = sources.get(f.loc.file).line_col(f.loc.span.start);
                    (lc.line, lc.column)
                })
                .collect();
            at.sort();
            at
        }
        Outcome::Skipped(skip) => panic!("example was skipped ({skip}):\n{doc}"),
        Outcome::Unreadable(e) => panic!("example unreadable: {e}"),
    }
}

/// Rust examples start with a `//` comment line.
fn is_rust(doc: &str) -> bool {
    doc.starts_with("//")
}

/// The places an example marks: `# <-` (`// <-` in Rust) is the line's first non-blank column
/// (a key), `# <- value` the column of the value after the line's `: `, and in Rust
/// `// <- word` the column of the line's first `word`.
fn marked(doc: &str) -> Vec<(usize, usize)> {
    let mut places = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        let line = line.trim_end();
        if let Some((code, word)) = line.split_once("// <- ").filter(|_| is_rust(doc)) {
            // `// <- word`: at the first `word` of the line.
            let column = code
                .find(word.trim())
                .expect("the marked word is on its line");
            places.push((i + 1, code[..column].chars().count() + 1));
        } else if line.ends_with("# <-") || (is_rust(doc) && line.ends_with("// <-")) {
            places.push((i + 1, line.len() - line.trim_start().len() + 1));
        } else if line.ends_with("# <- value") {
            let value = line
                .find(": ")
                .expect("a `# <- value` line has a `key: value`")
                + 2;
            places.push((i + 1, value + 1));
        }
    }
    places
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let rules = RuleSet::builtin().expect("built-in rules validate");
    let mut failures = Vec::new();
    for rule in &rules.rules {
        for (i, doc) in rule.doc.examples.invalid.iter().enumerate() {
            let expected = marked(doc);
            if expected.is_empty() {
                failures.push(format!(
                    "{}: invalid example {i} marks no line with `# <-`",
                    rule.id()
                ));
                continue;
            }
            let actual = fired(rules, rule.id(), doc);
            if actual != expected {
                failures.push(format!(
                    "{}: invalid example {i}: expected findings at {expected:?}, got {actual:?}",
                    rule.id()
                ));
            }
        }
        for (i, doc) in rule.doc.examples.valid.iter().enumerate() {
            let actual = fired(rules, rule.id(), doc);
            if !actual.is_empty() {
                failures.push(format!(
                    "{}: valid example {i} fired at {actual:?}",
                    rule.id()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_in_the_catalogue_has_a_file() {
    let rules = RuleSet::builtin().unwrap();
    let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/RULES.md");
    let Ok(text) = std::fs::read_to_string(&catalogue) else {
        eprintln!("skipped: {} is absent", catalogue.display());
        return;
    };
    let mut missing = Vec::new();
    for line in text.lines().filter(|l| l.starts_with('|')) {
        for cell in line.split('|') {
            let cell = cell.trim();
            if let Some(id) = cell.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
                let is_id =
                    id.contains('-') && id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
                if is_id && rules.get(id).is_none() {
                    missing.push(id.to_string());
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules in RULES.md without a rule file: {missing:?}"
    );
}

#[test]
fn every_rule_file_is_named_by_its_id_and_has_its_docs() {
    let rules = RuleSet::builtin().unwrap();
    assert!(
        rules.rules.len() >= 36,
        "expected every catalogue rule, got {}",
        rules.rules.len()
    );
    for rule in &rules.rules {
        let doc = &rule.doc;
        assert!(!doc.summary.trim().is_empty(), "{}: empty summary", doc.id);
        assert!(
            !doc.rationale.trim().is_empty(),
            "{}: empty rationale",
            doc.id
        );
        assert!(!doc.help.trim().is_empty(), "{}: empty help", doc.id);
        assert!(
            doc.source.url.starts_with("https://"),
            "{}: source url",
            doc.id
        );
        let text = statuslint::cli::rule_doc(rule);
        for heading in [
            "## Why",
            "## How to fix",
            "## Example",
            "## Instead",
            "## Reference",
        ] {
            assert!(text.contains(heading), "{}: docs lack {heading}", doc.id);
        }
    }
}

#[test]
fn a_rule_file_with_a_typo_is_refused() {
    let good = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/created-without-location.yaml"),
    )
    .unwrap();
    let mut set = RuleSet::default();
    let err = set.add("other-name", "x.yaml", &good).unwrap_err();
    assert!(err.message.contains("differs from the file name"), "{err}");

    let unknown_key = good.replace("summary:", "sumary:");
    let err = RuleSet::default()
        .add("created-without-location", "x.yaml", &unknown_key)
        .unwrap_err();
    assert!(err.message.contains("unknown field `sumary`"), "{err}");

    let bad_method = good.replace("except-methods: [put]", "except-methods: [PUT]");
    assert_ne!(bad_method, good, "fixture text changed: update this test");
    let err = RuleSet::default()
        .add("created-without-location", "x.yaml", &bad_method)
        .unwrap_err();
    assert!(err.message.contains("unknown method `PUT`"), "{err}");

    let mut set = RuleSet::default();
    set.add("created-without-location", "a.yaml", &good)
        .unwrap();
    let err = set
        .add("created-without-location", "b.yaml", &good)
        .unwrap_err();
    assert!(err.message.contains("duplicate"), "{err}");
}
