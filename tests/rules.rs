//! Every rule's documented examples run as its tests (biome's way: docs that cannot rot).
//! An `invalid` example must fire the rule exactly on the lines marked `# <-`, at the first
//! non-blank column; a `valid` example must not fire it.

use std::path::Path;
use std::sync::Arc;

use statuslint::config::{Config, STARTER};
use statuslint::engine::Levels;
use statuslint::lint::{lint_text, Options, Outcome};
use statuslint::registry::RuleSet;

/// The levels examples run with: `preset: strict` (opt-in rules on) and the per-method table
/// `statuslint init` writes as a comment, uncommented, so that example stays valid too.
fn example_levels() -> Levels {
    let mut config = String::from("preset: strict\n");
    let mut in_table = false;
    for line in STARTER.lines() {
        in_table = line.starts_with("# allowed-statuses:") || (in_table && line.starts_with("#  "));
        if in_table {
            config.push_str(&line[2..]);
            config.push('\n');
        }
    }
    assert!(
        config.contains("delete:"),
        "the starter's table is gone:\n{config}"
    );
    let dir = std::env::temp_dir().join(format!("statuslint-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("statuslint.yaml");
    std::fs::write(&path, config).unwrap();
    let builtin = RuleSet::builtin_shared().unwrap();
    let loaded = Config::load(&path, builtin).map_err(|e| e.message);
    let _ = std::fs::remove_dir_all(&dir);
    loaded.expect("the starter's table loads").levels_for(&path)
}

/// (line, column) of every finding of `rule` in `doc`, sorted. An example the loader cannot
/// read would fire nothing and pass unseen, so loading problems fail the test unless they are
/// what the rule is about.
fn fired(rules: &RuleSet, rule: &str, doc: &str) -> Vec<(usize, usize)> {
    static LEVELS: std::sync::OnceLock<Levels> = std::sync::OnceLock::new();
    let levels = LEVELS.get_or_init(example_levels);
    let options = Options {
        rules,
        levels,
        allowed_roots: Arc::from(vec![std::env::current_dir().unwrap()]),
        overlay: None,
    };
    // A JSON example (one that starts with `{`) is linted as JSON, its `# <-` markers blanked
    // out (JSON has no comments; blanks keep every position); a Rust example as a `.rs` file
    // outside any crate.
    let (path, name, text) = if doc.trim_start().starts_with('{') {
        let blanked: Vec<String> = doc
            .lines()
            .map(|l| match l.find("# <-") {
                Some(at) => format!("{}{}", &l[..at], " ".repeat(l.len() - at)),
                None => l.to_string(),
            })
            .collect();
        let path = std::env::current_dir().unwrap().join("example.json");
        (path, "example.json", blanked.join("\n"))
    } else if is_rust(doc) {
        let path = std::env::temp_dir().join("statuslint-rule-examples/example.rs");
        (path, "example.rs", doc.to_string())
    } else {
        let path = std::env::current_dir().unwrap().join("example.yaml");
        (path, "example.yaml", doc.to_string())
    };
    match lint_text(&path, name.into(), &text, &options) {
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
