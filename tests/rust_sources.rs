//! Rust sources: utoipa declarations in `fixtures/rust/` (a small axum + utoipa service that is
//! never built) are lowered into the model, and the same rules fire at the `status = ...` or
//! `body = ...` tokens of the `.rs` file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use assert_cmd::Command;
use statuslint::engine::Levels;
use statuslint::finding::Finding;
use statuslint::lint::{lint_file_with_notes, lint_text_with_notes, Options, Outcome};
use statuslint::load::Skip;
use statuslint::model::Api;
use statuslint::registry::RuleSet;
use statuslint::rust::{self, Lowered, Note};
use statuslint::source::Sources;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("fixtures/rust/src").join(name)
}

struct Linted {
    sources: Sources,
    findings: Vec<Finding>,
    notes: Vec<Note>,
}

impl Linted {
    /// `(rule, line, column, the text the finding points at)`, in report order.
    fn places(&self) -> Vec<(String, usize, usize, String)> {
        self.findings
            .iter()
            .map(|f| {
                let file = self.sources.get(f.loc.file);
                let at = file.line_col(f.loc.span.start);
                let text =
                    file.text[f.loc.span.start as usize..f.loc.span.end as usize].to_string();
                (f.rule.clone(), at.line, at.column, text)
            })
            .collect()
    }

    fn of_rule(&self, rule: &str) -> Vec<(usize, usize, String)> {
        self.places()
            .into_iter()
            .filter(|p| p.0 == rule)
            .map(|(_, l, c, t)| (l, c, t))
            .collect()
    }
}

fn options() -> Options<'static> {
    static LEVELS: OnceLock<Levels> = OnceLock::new();
    let rules = RuleSet::builtin().expect("built-in rules validate");
    Options {
        rules,
        levels: LEVELS.get_or_init(|| Levels::all_default(rules)),
        allowed_roots: Arc::from(vec![root()]),
        overlay: None,
    }
}

fn lint(path: &Path) -> Linted {
    let name = path
        .strip_prefix(root())
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned();
    let (outcome, notes) = lint_file_with_notes(path, name, &options());
    match outcome {
        Outcome::Linted { sources, findings } => Linted {
            sources,
            findings,
            notes,
        },
        Outcome::Skipped(skip) => panic!("{} was skipped: {skip}", path.display()),
        Outcome::Unreadable(e) => panic!("{} unreadable: {e}", path.display()),
    }
}

fn lint_text(name: &str, text: &str) -> (Outcome, Vec<Note>) {
    let path = std::env::temp_dir().join("statuslint-no-crate").join(name);
    lint_text_with_notes(&path, name.to_string(), text, &options())
}

fn lower(text: &str) -> Api {
    let path = std::env::temp_dir().join("statuslint-no-crate/api.rs");
    match rust::load_text(&path, "api.rs".into(), text).0 {
        Lowered::Api { api, .. } => api,
        Lowered::Skipped(skip) => panic!("skipped: {skip}"),
    }
}

fn s(text: &str) -> String {
    text.to_string()
}

#[test]
fn findings_point_at_the_status_and_body_tokens() {
    let linted = lint(&fixture("pets.rs"));
    assert_eq!(
        linted.of_rule("created-without-location"),
        vec![(36, 10, s("status = StatusCode::CREATED"))]
    );
    assert_eq!(
        linted.of_rule("no-content-with-body"),
        vec![(77, 74, s("body = Pet"))]
    );
    assert_eq!(
        linted.of_rule("method-not-allowed-without-allow"),
        vec![(79, 10, s("status = 405"))]
    );
    // `method(get, head)`: the HEAD operation inherits the body.
    assert_eq!(
        linted.of_rule("head-with-body"),
        vec![(93, 50, s("body = bool"))]
    );
    // A PUT may answer 201 without `Location`: the rule's own exception holds in Rust too.
    assert!(linted
        .places()
        .iter()
        .all(|p| !(p.0 == "created-without-location" && p.1 == 60)));
}

#[test]
fn into_responses_findings_point_at_the_variant_and_list_the_uses() {
    let linted = lint(&fixture("pets.rs"));
    let redirect = linted
        .findings
        .iter()
        .find(|f| f.rule == "redirect-without-location")
        .expect("the 301 variant of PetResponses has no Location");
    // A property of the response type: reported once, where the type declares it.
    let defined = linted.sources.get(redirect.loc.file);
    assert_eq!(defined.name, "fixtures/rust/src/responses.rs");
    let at = defined.line_col(redirect.loc.span.start);
    assert_eq!((at.line, at.column), (21, 16));
    assert_eq!(
        &defined.text[redirect.loc.span.start as usize..redirect.loc.span.end as usize],
        "status = 301"
    );
    let [used] = redirect.uses.as_slice() else {
        panic!("one use expected: {:?}", redirect.uses);
    };
    let file = linted.sources.get(used.loc.file);
    assert_eq!(file.name, "fixtures/rust/src/pets.rs");
    let at = file.line_col(used.loc.span.start);
    assert_eq!((at.line, at.column), (49, 15));
    assert_eq!(used.pointer, "/paths/~1pets~1{id}/get/responses/301");
    // Rust has no JSON pointer for the type: the first use's stands in.
    assert_eq!(redirect.pointer, used.pointer);
}

#[test]
fn columns_count_characters_and_offsets_survive_a_bom_and_a_shebang() {
    let text = "\u{feff}#!/usr/bin/env run-cargo-script\n// Créé: ünïcödé\n#[utoipa::path(post, path = \"/é\", responses((description = \"Créé — ok\", status = 201)))]\nfn create() {}\n";
    let (outcome, _) = lint_text("unicode.rs", text);
    let Outcome::Linted { sources, findings } = outcome else {
        panic!("not linted");
    };
    let f = findings
        .iter()
        .find(|f| f.rule == "created-without-location")
        .expect("201 without Location");
    let file = sources.get(f.loc.file);
    assert_eq!(
        &file.text[f.loc.span.start as usize..f.loc.span.end as usize],
        "status = 201"
    );
    let at = file.line_col(f.loc.span.start);
    assert_eq!((at.line, at.column), (3, 73));
}

#[test]
fn every_status_form_becomes_its_key() {
    let api = lower(
        r#"
        use axum::http::StatusCode;
        #[utoipa::path(get, path = "/a", responses(
            (status = 200, description = "int"),
            (status = "201", description = "string"),
            (status = "2XX", description = "range"),
            (status = "default", description = "default"),
            (status = StatusCode::ACCEPTED, description = "constant"),
            (status = http::StatusCode::NO_CONTENT, description = "http path"),
            (status = axum::http::StatusCode::PARTIAL_CONTENT, description = "long path"),
            (status = NOT_FOUND, description = "bare"),
            (status = 429u16, description = "suffixed"),
        ))]
        async fn a() {}
        "#,
    );
    let keys: Vec<&str> = api.operations[0]
        .responses
        .iter()
        .map(|r| r.key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["200", "201", "2XX", "default", "202", "204", "206", "404", "429"]
    );
    assert!(api.operations[0].responses.iter().all(|r| r.key_quoted));
}

#[test]
fn operations_carry_methods_paths_parameters_body_and_security() {
    let api = lower(
        r#"
        use utoipa::path;
        #[path(method(get, head), context_path = "/api", path = "/pets/{id}",
            params(("id" = u64, Path), ("If-None-Match" = String, Header)),
            security(()),
            responses((status = 200, description = "ok", body = Pet, content_type = "application/json",
                headers(("ETag" = String, description = "v"), ("Cache-Control")))))]
        async fn get_pet() {}

        #[cfg_attr(feature = "openapi", utoipa::path(post, path = "/pets", request_body = Pet,
            security(("api_key" = []), ()),
            responses((status = 201, content((Pet = "application/json"), (Pet = "text/xml"))))))]
        async fn create_pet() {}

        #[utoipa::path(delete, path = "/pets/{id}", responses((status = 204)))]
        async fn delete_pet() {}
        "#,
    );
    let ops: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|o| (o.method.as_str(), o.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("get", "/api/pets/{id}"),
            ("head", "/api/pets/{id}"),
            ("post", "/pets"),
            ("delete", "/pets/{id}")
        ]
    );
    let get = &api.operations[0];
    assert!(get.has_path_parameters && !get.has_request_body);
    assert_eq!(get.header_parameters, ["if-none-match"]);
    assert_eq!(get.secured, Some(false));
    assert_eq!(get.pointer, "/paths/~1api~1pets~1{id}/get");
    let ok = &get.responses[0];
    assert_eq!(ok.headers, ["ETag", "Cache-Control"]);
    assert_eq!(ok.media_types, ["application/json"]);
    assert!(ok.content.is_some());
    let post = &api.operations[2];
    assert!(post.has_request_body && !post.has_path_parameters);
    assert_eq!(post.secured, Some(true));
    assert_eq!(
        post.responses[0].media_types,
        ["application/json", "text/xml"]
    );
    // Outside a crate nothing says what the root security is: unknown, not "none".
    assert_eq!(api.operations[3].secured, None);
    assert!(api.operations[3].responses[0].content.is_none());
}

#[test]
fn root_security_comes_from_the_crates_openapi_derive() {
    let linted = lint(&fixture("pets.rs"));
    // POST /pets declares no `security`: main.rs's `#[openapi(security(("api_key" = [])))]`
    // applies, so no security rule fires anywhere in pets.rs.
    assert!(linted
        .findings
        .iter()
        .all(|f| !f.rule.contains("without-security")));
    let path = fixture("pets.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let canonical = std::fs::canonicalize(&path).unwrap();
    let Lowered::Api { api, .. } = rust::load_text(&canonical, "pets.rs".into(), &text).0 else {
        panic!("pets.rs declares operations");
    };
    assert!(api.operations.iter().all(|o| o.secured == Some(true)));
}

#[test]
fn suppression_comments_are_honoured() {
    let linted = lint(&fixture("clean.rs"));
    // Above the attribute (401 without WWW-Authenticate), above a response entry (201 without
    // Location) and above an `IntoResponses` variant (429 without content, in responses.rs):
    // all silenced. The stale one is reported where its id is written.
    assert_eq!(
        linted.places(),
        vec![(
            s("unused-suppression"),
            28,
            31,
            s("created-without-location")
        )]
    );

    let path = fixture("clean.rs");
    let text = std::fs::read_to_string(&path).unwrap();
    let canonical = std::fs::canonicalize(&path).unwrap();
    let Lowered::Api { api, sources, .. } = rust::load_text(&canonical, "clean.rs".into(), &text).0
    else {
        panic!("clean.rs declares operations");
    };
    let ids = |list: &[statuslint::model::Suppression]| {
        list.iter()
            .map(|s| {
                let at = sources.get(s.loc.file).line_col(s.loc.span.start);
                (s.rule.clone(), at.line, at.column)
            })
            .collect::<Vec<_>>()
    };
    let health = api.operations.iter().find(|o| o.path == "/health").unwrap();
    assert_eq!(
        ids(&health.suppressed),
        [(s("unauthorized-without-www-authenticate"), 20, 23)]
    );
    let login = api
        .operations
        .iter()
        .find(|o| o.path == "/sessions")
        .unwrap();
    assert_eq!(
        ids(&login.responses[0].suppressed),
        [(s("created-without-location"), 42, 31)]
    );
    let adopt = api
        .operations
        .iter()
        .find(|o| o.path == "/adoptions")
        .unwrap();
    let too_many = adopt.responses.iter().find(|r| r.key == "429").unwrap();
    assert_eq!(
        ids(&too_many.suppressed),
        [(s("error-without-content"), 60, 27)]
    );
}

#[test]
fn what_cannot_be_resolved_is_a_note_not_a_finding() {
    let linted = lint(&fixture("legacy.rs"));
    let text = std::fs::read_to_string(fixture("legacy.rs")).unwrap();
    let unknowable = text
        .lines()
        .position(|l| l.starts_with("/// A response type from another crate"))
        .unwrap()
        + 1;
    // Nothing on /v1/stock (its 200 has content, its errors are unknown); the macro's
    // template is linted for its literal parts.
    let below: Vec<_> = linted
        .places()
        .into_iter()
        .filter(|p| p.1 >= unknowable)
        .collect();
    assert_eq!(
        below,
        [
            (s("created-on-safe-method"), 125, 54, s("status = 201")),
            (s("created-without-location"), 125, 54, s("status = 201")),
        ]
    );
    let notes: Vec<String> = linted.notes.iter().map(Note::to_string).collect();
    assert_eq!(
        notes,
        [
            "fixtures/rust/src/legacy.rs:116:9: `fn stock`: `common_errors::ApiErrors` is not declared in this crate or its workspace (`#[derive(IntoResponses)]` not found); its other responses are checked, its response list as a whole is not",
            "fixtures/rust/src/legacy.rs:123:1: `macro_rules! ping`: the literal parts of its 1 `#[utoipa::path]` template(s) are linted; what its arguments fill in is not",
            "fixtures/rust/src/legacy.rs:125:36: `path = $path` is not a string literal: the path is not known",
        ]
    );
}

#[test]
fn an_unparsable_rust_file_is_skipped_not_reported() {
    let (outcome, notes) = lint_text(
        "broken.rs",
        "#[utoipa::path(get, path = \"/x\", responses((status = 201)))]\nfn broken( {\n",
    );
    match outcome {
        Outcome::Skipped(Skip::RustSyntax(reason)) => assert!(reason.starts_with("2:"), "{reason}"),
        Outcome::Skipped(other) => panic!("skipped for the wrong reason: {other}"),
        _ => panic!("a broken Rust file must be skipped"),
    }
    assert!(notes.is_empty());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.rs"),
        "use utoipa::path;\nfn broken( {\n",
    )
    .unwrap();
    let out = Command::cargo_bin("statuslint")
        .unwrap()
        .args(["--color", "never", "--verbose"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .assert()
        .success();
    let output = out.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("broken.rs: not valid Rust (2:"),
        "stderr: {stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("invalid-document"),
        "a Rust syntax error is the compiler's to report"
    );
}

#[test]
fn a_rust_file_without_utoipa_is_skipped_before_parsing() {
    // Not even valid Rust: the substring check skips it before syn sees it.
    let (outcome, _) = lint_text("plain.rs", "fn main() { let x = ; }\n");
    assert!(matches!(outcome, Outcome::Skipped(Skip::NoRustApi)));
    let linted = std::fs::read_to_string(fixture("db.rs")).unwrap();
    assert!(!linted.contains("utoipa"));
    let (outcome, _) = lint_text("db.rs", &linted);
    assert!(matches!(outcome, Outcome::Skipped(Skip::NoRustApi)));
}

fn run(args: &[&str]) -> String {
    let output = Command::cargo_bin("statuslint")
        .unwrap()
        .current_dir(root())
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(1),
        "errors are found: exit 1\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn graphical_report_of_the_fixture_service() {
    insta::assert_snapshot!(run(&["--color", "never", "fixtures/rust"]));
}

#[test]
fn short_report_of_the_fixture_service() {
    insta::assert_snapshot!(run(&["--format", "short", "fixtures/rust"]));
}

#[test]
fn notes_say_what_is_not_checked_and_why() {
    let (outcome, notes) = lint_text(
        "notes.rs",
        r#"const MY: u16 = 201;
#[utoipa::path(get, path = "/x", responses((status = MY, description = "x"), (status = 200, body = String)))]
fn x() {}
#[utoipa::path(post, path = "/y", responses((status = 201, response = Missing)))]
fn y() {}
#[utoipa::path(path = "/z", responses((status = 200, body = String)))]
fn z() {}
error_set! {
    #[derive(IntoResponses)]
    Bad { #[response(status = 400)] Bad(String) }
}
"#,
    );
    let Outcome::Linted { findings, .. } = outcome else {
        panic!("linted");
    };
    assert!(findings.is_empty(), "{findings:?}");
    let notes: Vec<String> = notes.iter().map(Note::to_string).collect();
    assert_eq!(
        notes,
        [
            "notes.rs:2:45: `fn x`: `status = MY` is not a literal or a known `StatusCode` constant; its other responses are checked, its response list as a whole is not",
            "notes.rs:4:60: `fn y`: `Missing` is not declared in this crate or its workspace (`#[derive(ToResponse)]` not found); its other responses are checked, its response list as a whole is not",
            "notes.rs:6:1: `fn z`: no HTTP method in `#[utoipa::path]`: only the checks that do not depend on the method run",
            "notes.rs:8:1: utoipa declarations passed to `error_set!` are generated at compile time: not linted",
        ]
    );
}
