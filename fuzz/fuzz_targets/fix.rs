//! `--fix`: each fix alone, then all of them together, applied to the document. The fixed text
//! must still be an API description that parses (no new `invalid-document`), and a finding that
//! was fixed alone must not be reported again.
#![no_main]
use libfuzzer_sys::fuzz_target;
use statuslint::finding::Finding;
use statuslint::fix;
use statuslint::lint;
use statuslint::parse::Format;
use statuslint::source::Sources;

fn lint(name: &str, bytes: Vec<u8>) -> Option<(Sources, Vec<Finding>)> {
    let options = statuslint_fuzz::options(None);
    let outcome = lint::lint_bytes(
        &statuslint_fuzz::path(name),
        name.to_string(),
        bytes,
        &options,
    );
    statuslint_fuzz::check_outcome(outcome)
}

fn invalid(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.rule == "invalid-document")
        .count()
}

/// Applies `edits` (all in the root file) and lints the result, which must be linted again.
fn relint(name: &str, sources: &Sources, edits: &[fix::Edit], before: &[Finding]) -> Vec<Finding> {
    assert!(
        edits.iter().all(|e| e.file == 0),
        "a fix outside the one document"
    );
    let text = fix::apply(&sources.get(0).text, edits);
    let Some((_, after)) = lint(name, text.clone().into_bytes()) else {
        panic!("the fixed text is no longer an API description:\n{text}");
    };
    assert!(
        invalid(&after) <= invalid(before),
        "the fix broke the document:\n{text}\n{after:#?}"
    );
    after
}

fuzz_target!(|data: &[u8]| {
    let name = if data.trim_ascii_start().starts_with(b"{") {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let Some((sources, findings)) = lint(name, data.to_vec()) else {
        return;
    };
    let format = match name {
        "fuzz.json" => Format::Json,
        _ => Format::Yaml,
    };
    // Which of two `content` keys counts is the parser's call (issue 8, case 3): a fix there
    // need not make the finding go; it must still leave a readable document.
    let ambiguous = statuslint_fuzz::has_ambiguous_keys(&sources.get(0).text, format);
    for finding in findings.iter().filter(|f| f.fix.is_some()).take(4) {
        let Some(one) = fix::fix(finding, &sources) else {
            continue;
        };
        let after = relint(name, &sources, &one.edits, &findings);
        // The same finding may be reported more than once (a response used twice): one fewer.
        let same = |f: &&Finding| {
            f.rule == finding.rule && f.pointer == finding.pointer && f.message == finding.message
        };
        let (before, again) = (
            findings.iter().filter(same).count(),
            after.iter().filter(same).count(),
        );
        assert!(
            ambiguous || again < before,
            "`{}` fixed, and still reported {again} times (of {before}): {finding:?}",
            one.title
        );
    }
    let plan = fix::plan(&findings, &sources);
    if !plan.edits.is_empty() {
        relint(name, &sources, &plan.edits, &findings);
    }
});
