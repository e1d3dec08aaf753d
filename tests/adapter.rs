//! The `openapiv3` adapter lints a typed value like a file.
#![cfg(feature = "openapiv3")]

use std::sync::Arc;

use statuslint::adapter::lint_openapiv3;
use statuslint::engine::Levels;
use statuslint::lint::{Options, Outcome};
use statuslint::registry::RuleSet;

#[test]
fn a_typed_spec_is_linted_with_positions_in_its_json() {
    let spec: openapiv3::OpenAPI = serde_json::from_str(
        r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {"post": {"responses": {"201": {"description": "Created"}}}}}}"#,
    )
    .unwrap();
    let rules = RuleSet::builtin().unwrap();
    let levels = Levels::all_default(rules);
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: Arc::from(vec![std::env::current_dir().unwrap()]),
        overlay: None,
    };
    let Outcome::Linted { sources, findings } = lint_openapiv3(&spec, "generated.json", &options)
    else {
        panic!("the spec was not linted");
    };
    let finding = findings
        .iter()
        .find(|f| f.rule == "created-without-location")
        .expect("201 without Location is found");
    let file = sources.get(finding.loc.file);
    let text = &file.text[finding.loc.span.start as usize..finding.loc.span.end as usize];
    assert_eq!(
        text, "\"201\"",
        "the finding points at the status key in the serialized JSON"
    );
    assert_eq!(finding.pointer, "/paths/~1pets/post/responses/201");
}
