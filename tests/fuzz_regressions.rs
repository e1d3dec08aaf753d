//! Inputs the fuzz campaign (fuzz/) found breaking an invariant, each pinned with what must hold.
//! Every file of `tests/data/fuzz/` is also linted under the fuzz targets' general invariants.

mod common;

use std::path::Path;
use std::sync::Arc;

use statuslint::engine::Levels;
use statuslint::finding::Finding;
use statuslint::lint::{self, Options, Outcome};
use statuslint::source::{Loc, Sources};

use common::{root, rules};

/// Lints `bytes` as the document `name` (no disk: `$ref`s to other files do not resolve).
fn lint(name: &str, bytes: &[u8]) -> Option<(Sources, Vec<Finding>)> {
    let rules = rules();
    let levels = Levels::all_default(rules);
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: Arc::from(vec![Path::new("/statuslint-fuzz").to_path_buf()]),
        overlay: None,
    };
    let path = Path::new("/statuslint-fuzz").join(name);
    match lint::lint_bytes(&path, name.to_string(), bytes.to_vec(), &options) {
        Outcome::Linted { sources, findings } => Some((sources, findings)),
        Outcome::Skipped(_) => None,
        Outcome::Unreadable(e) => panic!("unreadable: {e}"),
    }
}

/// The span of `loc` is inside its file, on character boundaries.
#[track_caller]
fn assert_inside(sources: &Sources, loc: Loc) {
    let text = &sources.get(loc.file).text;
    let (start, end) = (loc.span.start as usize, loc.span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{start}..{end} of {}",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{start}..{end} splits a character of {text:?}"
    );
}

#[test]
fn every_fuzz_input_keeps_positions_inside_its_file() {
    let dir = root().join("tests/data/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/data/fuzz") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("readable");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some((sources, findings)) = lint(&name, &bytes) {
            for f in &findings {
                assert_inside(&sources, f.loc);
                for r in &f.related {
                    assert_inside(&sources, r.loc);
                }
            }
        }
        seen += 1;
    }
    assert!(seen > 0, "no inputs in {}", dir.display());
}

#[test]
fn invalid_utf8_is_reported_on_whole_characters() {
    // The text is read lossily: the bad byte became U+FFFD (3 bytes), and the span once covered
    // only its first byte.
    let bytes = std::fs::read(root().join("tests/data/fuzz/invalid-utf8.yaml")).unwrap();
    let (sources, findings) = lint("invalid-utf8.yaml", &bytes).expect("an API description");
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.rule, "invalid-document");
    assert_eq!((f.loc.span.start, f.loc.span.end), (34, 37));
    assert_eq!(&sources.get(0).text[34..37], "\u{fffd}");
}

/// Applies every fix of `findings` to the root file and lints the result.
fn fixed(name: &str, sources: &Sources, findings: &[Finding]) -> (String, Vec<Finding>) {
    let plan = statuslint::fix::plan(findings, sources);
    assert!(!plan.edits.is_empty(), "nothing to fix in {name}");
    let text = statuslint::fix::apply(&sources.get(0).text, &plan.edits);
    let (_, after) = lint(name, text.as_bytes()).expect("still an API description");
    (text, after)
}

#[test]
fn fixes_in_mappings_with_repeated_keys_leave_a_readable_document() {
    // The `fix` target: with a key repeated, removing one `content` (or declaring the header
    // on one `401`) left the other reported. Which one counts is issue 8's duplicate-key case;
    // what must hold either way is that `--fix` never breaks the document.
    for name in ["duplicate-content.yaml", "duplicate-401.yaml"] {
        let bytes = std::fs::read(root().join("tests/data/fuzz").join(name)).unwrap();
        let (sources, before) = lint(name, &bytes).expect("an API description");
        let invalid = |f: &[Finding]| f.iter().filter(|f| f.rule == "invalid-document").count();
        let (text, after) = fixed(name, &sources, &before);
        assert!(invalid(&after) <= invalid(&before), "{text}\n{after:#?}");
        assert_ne!(text.as_bytes(), bytes, "the fix changed nothing");
    }
}

/// The `fix` target timed out (47 s of CPU for one 8 KB input): callbacks aliased under one
/// expression in many places reached the same responses thousands of times before the expansion
/// budget stopped, and each reach repeated the same finding at the same node (28,579 findings,
/// each fix re-linting them all). A finding is now said once per node and wording.
#[test]
fn aliased_callbacks_say_each_finding_once() {
    let bytes =
        std::fs::read(root().join("tests/data/fuzz/aliased-callbacks-repeat.yaml")).unwrap();
    let (sources, findings) = lint("aliased-callbacks-repeat.yaml", &bytes).expect("an API");
    let place = |f: &Finding| {
        let at = sources.get(f.loc.file).line_col(f.loc.span.start);
        (f.rule.clone(), at.line, at.column)
    };
    let places: Vec<_> = findings.iter().map(place).collect();
    let mut unique = places.clone();
    unique.dedup();
    assert_eq!(places, unique, "{findings:#?}");
    assert_eq!(places[0], ("invalid-document".to_string(), 1, 1));
    assert!(findings[0].message.contains("the rest was not linted"));
    assert!(findings.len() < 20, "{} findings", findings.len());
}
