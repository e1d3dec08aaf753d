//! The utoipa forms real services write (`fixtures/rust-forms/`, a Cargo workspace modelled on
//! utoipa's examples, kanidm and meilisearch), and the `undeclared-status-returned` drift rule:
//! every finding asserted with its rule, line, column and the text it points at.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use statuslint::engine::{Levels, Preset};
use statuslint::finding::Finding;
use statuslint::lint::{lint_file_with_notes, Options, Outcome};
use statuslint::registry::RuleSet;
use statuslint::rust::Note;
use statuslint::source::Sources;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
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

/// (file name, line, column, text).
type Place = (String, usize, usize, String);

struct Linted {
    sources: Sources,
    findings: Vec<Finding>,
    notes: Vec<Note>,
}

fn lint(rel: &str) -> Linted {
    lint_with(rel, &options())
}

/// With the opt-in rules on (`preset: strict`), as `--select undeclared-error-status` does.
fn lint_strict(rel: &str) -> Linted {
    static LEVELS: OnceLock<Levels> = OnceLock::new();
    let rules = RuleSet::builtin().expect("built-in rules validate");
    let options = Options {
        levels: LEVELS.get_or_init(|| Levels::preset(rules, Preset::Strict)),
        ..options()
    };
    lint_with(rel, &options)
}

fn lint_with(rel: &str, options: &Options) -> Linted {
    let path = root().join("fixtures/rust-forms").join(rel);
    let (outcome, notes) = lint_file_with_notes(&path, rel.to_string(), options);
    match outcome {
        Outcome::Linted { sources, findings } => Linted {
            sources,
            findings,
            notes,
        },
        Outcome::Skipped(skip) => panic!("{rel} was skipped: {skip}"),
        Outcome::Unreadable(e) => panic!("{rel} unreadable: {e}"),
    }
}

impl Linted {
    fn at(&self, loc: statuslint::source::Loc) -> (String, usize, usize, String) {
        let file = self.sources.get(loc.file);
        let lc = file.line_col(loc.span.start);
        let text = file.text[loc.span.start as usize..loc.span.end as usize].to_string();
        let name = Path::new(&file.name)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        (name, lc.line, lc.column, text)
    }

    /// `(rule, line, column, text)` of every finding, in report order.
    fn places(&self) -> Vec<(String, usize, usize, String)> {
        self.findings
            .iter()
            .map(|f| {
                let (_, line, column, text) = self.at(f.loc);
                (f.rule.clone(), line, column, text)
            })
            .collect()
    }

    /// Each finding of `rule`: its place, message and related places.
    fn of(&self, rule: &str) -> Vec<(Place, String, Vec<Place>)> {
        self.findings
            .iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                (
                    self.at(f.loc),
                    f.message.clone(),
                    f.related.iter().map(|r| self.at(r.loc)).collect(),
                )
            })
            .collect()
    }

    fn finding(&self, rule: &str) -> &Finding {
        self.findings.iter().find(|f| f.rule == rule).unwrap()
    }
}

fn p(rule: &str, line: usize, column: usize, text: &str) -> (String, usize, usize, String) {
    (rule.into(), line, column, text.into())
}

#[test]
fn content_type_body_unit_duplicates_methods_workspace_and_paths() {
    let linted = lint("service/src/forms.rs");
    assert_eq!(
        linted.places(),
        vec![
            // `content_type` without `body` on a 204 is content in utoipa 5; on the 200 it
            // keeps `ok-without-content` quiet.
            p(
                "no-content-with-body",
                10,
                51,
                "content_type = \"text/plain\""
            ),
            p("error-without-content", 11, 10, "status = 404"),
            // `body = ()` is content.
            p("no-content-with-body", 21, 49, "body = ()"),
            p("error-without-content", 22, 10, "status = 404"),
            // The repeated 404 is reported at the entry utoipa keeps, and only it is judged;
            // `method(get, get)` is one operation, so each finding comes once.
            p("duplicate-status", 34, 10, "status = 404"),
            p("error-without-content", 34, 10, "status = 404"),
            // No method: per-response checks still run, and the message has no double space.
            p("no-content-with-body", 46, 57, "body = Order"),
            p("ok-without-content", 51, 44, "status = 200"),
            // `Created` comes from the workspace's `shop-dto` crate: its findings are about the
            // type, reported once where it is defined (lib.rs), with this use listed.
            p("created-without-location", 6, 16, "status = 201"),
            p("error-without-content", 8, 16, "status = 409"),
        ]
    );
    let duplicate = linted.finding("duplicate-status");
    assert_eq!(
        duplicate.message,
        "`fn get_order` declares status 404 twice: utoipa keeps this entry and drops the one on line 33"
    );
    assert_eq!(
        linted.at(duplicate.related[0].loc),
        ("forms.rs".into(), 33, 10, "status = 404".into())
    );
    let created = linted.finding("created-without-location");
    assert_eq!(
        linted.at(created.uses[0].loc),
        ("forms.rs".into(), 40, 50, "Created".into())
    );
    let cancel = &linted.findings[6];
    assert_eq!(
        cancel.message,
        "204 response to /orders/{id}/cancel declares content, but a 204 response cannot have any"
    );
    // `path = ""` under `OpenApiRouter::new().nest("/carts", forms::router())` (main.rs).
    assert_eq!(
        linted.findings[7].message,
        "200 OK on POST /carts declares no content: if nothing is returned, 204 No Content says so precisely"
    );
    assert_eq!(
        linted.notes.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
        vec!["service/src/forms.rs:44:1: `fn cancel_order`: no HTTP method in `#[utoipa::path]`: only the checks that do not depend on the method run"]
    );
}

#[test]
fn utoipa_4_reads_content_type_without_body_as_no_content() {
    let linted = lint("legacy/src/lib.rs");
    assert_eq!(
        linted.places(),
        vec![p("ok-without-content", 6, 10, "status = 200")]
    );
}

#[test]
fn hand_written_builder_chains_are_read() {
    let linted = lint("service/src/builders.rs");
    // Findings about the responses the builder chains declare are reported once, in the
    // chains, where the fix goes; the operations that use them are listed.
    assert_eq!(
        linted.places(),
        vec![
            p("created-without-location", 19, 23, "\"201\""),
            p("error-without-content", 21, 17, "\"401\""),
            p("no-content-with-body", 26, 53, "content"),
            p("ok-without-content", 34, 38, "Teapot"),
        ]
    );
    let uses: Vec<_> = linted
        .findings
        .iter()
        .map(|f| linted.at(f.uses[0].loc))
        .collect();
    assert_eq!(
        uses,
        vec![
            ("builders.rs".into(), 40, 52, "DefaultApiResponse".into()),
            ("builders.rs".into(), 40, 52, "DefaultApiResponse".into()),
            ("builders.rs".into(), 40, 52, "DefaultApiResponse".into()),
            ("builders.rs".into(), 43, 50, "status = 200".into()),
        ]
    );
    assert!(linted.notes.is_empty(), "{:?}", linted.notes);
}

#[test]
fn wrapper_attributes_take_methods_and_paths_from_the_routes_table() {
    let linted = lint("service/src/wrapped.rs");
    assert_eq!(
        linted.places(),
        vec![
            p("created-without-location", 15, 10, "status = 201"),
            p("path-parameter-without-not-found", 21, 5, "responses"),
            p("no-content-with-body", 22, 49, "body = Key"),
        ]
    );
    assert!(linted.findings[0].message.contains("on POST (KeyApi) has"));
    assert!(linted.findings[2]
        .message
        .contains("to DELETE (KeyApi)/{key}"));
}

#[test]
fn macro_rules_templates_are_linted_where_written() {
    let linted = lint("service/src/templates.rs");
    assert_eq!(
        linted.places(),
        vec![p("no-content-with-body", 9, 59, "body = Task")]
    );
    assert_eq!(
        linted.findings[0].message,
        "204 response to DELETE (fn delete in macro_rules! make_setting_route) declares content, but a 204 response cannot have any"
    );
    let notes: Vec<String> = linted.notes.iter().map(|n| n.to_string()).collect();
    assert!(notes.contains(&"service/src/templates.rs:2:1: `macro_rules! make_setting_route`: the literal parts of its 2 `#[utoipa::path]` template(s) are linted; what its arguments fill in is not".to_string()), "{notes:?}");
    assert!(notes.contains(&"service/src/templates.rs:14:13: `fn update` in `macro_rules! make_setting_route`: no HTTP method in `#[utoipa::path]`: only the checks that do not depend on the method run".to_string()), "{notes:?}");
}

#[test]
fn drift_is_reported_where_the_status_is_produced() {
    let linted = lint("service/src/drift.rs");
    let drift: Vec<_> = linted
        .places()
        .into_iter()
        .filter(|p| p.0 == "undeclared-status-returned")
        .collect();
    assert_eq!(
        drift,
        vec![
            p("undeclared-status-returned", 7, 59, "StatusCode::CREATED"),
            p("undeclared-status-returned", 18, 16, "unauthorized"),
            p("undeclared-status-returned", 34, 54, "StatusCode::CONFLICT"),
            p("undeclared-status-returned", 35, 8, "HttpResponse::Created"),
            p(
                "undeclared-status-returned",
                65,
                26,
                "StatusCode::UNAUTHORIZED"
            ),
            // A helper in another file of the crate.
            p("undeclared-status-returned", 78, 16, "forbidden"),
        ]
    );
    let through: Vec<_> = linted
        .findings
        .iter()
        .filter(|f| f.rule == "undeclared-status-returned")
        .map(|f| {
            (
                f.message.clone(),
                f.related
                    .iter()
                    .map(|r| linted.at(r.loc))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        through[1],
        (
            "`fn mark_done` returns 401 Unauthorized (through `unauthorized`), but its `#[utoipa::path]` does not declare 401".to_string(),
            vec![
                ("drift.rs".into(), 14, 5, "responses".into()),
                ("drift.rs".into(), 28, 5, "StatusCode::UNAUTHORIZED".into()),
            ]
        )
    );
    assert_eq!(
        through[0].1,
        vec![("drift.rs".into(), 5, 38, "responses".into())]
    );
    let helper = linted
        .findings
        .iter()
        .find(|f| f.message.contains("reset_admin"))
        .unwrap();
    assert_eq!(
        linted.at(helper.related[1].loc),
        ("errors.rs".into(), 5, 5, "StatusCode::FORBIDDEN".into())
    );
    // The suppressed teapot is used, not reported as an unused suppression.
    assert!(linted
        .findings
        .iter()
        .all(|f| f.rule != "unused-suppression"));
}

#[test]
fn configured_path_attributes_are_read_as_utoipa_path() {
    let dir =
        std::env::temp_dir().join(format!("statuslint-path-attributes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = "#[api::operation(post, path = \"/keys\", responses((status = 201, description = \"Created\")))]\nasync fn create_key() {}\n";
    std::fs::write(dir.join("keys.rs"), source).unwrap();
    let run = |config: Option<&str>| {
        let config_path = dir.join("statuslint.yaml");
        match config {
            Some(text) => std::fs::write(&config_path, text).unwrap(),
            None => {
                let _ = std::fs::remove_file(&config_path);
            }
        }
        let out = assert_cmd::Command::cargo_bin("statuslint")
            .unwrap()
            .current_dir(&dir)
            .args(["--format", "short", "keys.rs"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // `api::operation` is not utoipa's name, and not `...::path`: only configuration makes it one.
    assert_eq!(run(None), "");
    assert_eq!(
        run(Some("rust:\n  path-attributes: [api::operation]\n")),
        "keys.rs:1:51: warning[created-without-location]: 201 Created on POST /keys has no `Location` header: the client cannot tell which resource was created\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn poem_openapi_responses_point_at_their_status_tokens() {
    let linted = lint("poem/src/main.rs");
    assert_eq!(
        linted.places(),
        vec![
            p("created-without-location", 8, 11, "status = 201"),
            p("error-without-content", 16, 11, "status = 404"),
            p("no-content-with-body", 23, 7, "(PlainText<String>)"),
            p("error-without-content", 24, 11, "status = 401"),
            // `Result<DeleteUserResponse, UpstreamError>`: both enums are the responses.
            p(
                "service-unavailable-without-retry-after",
                36,
                11,
                "status = 503"
            ),
            p(
                "path-parameter-without-not-found",
                54,
                37,
                "method = \"delete\""
            ),
            p(
                "path-parameter-without-not-found",
                59,
                41,
                "method = \"get\""
            ),
            // A bare `Json<bool>` is poem's 200 with content.
            p("head-with-body", 65, 31, "Json"),
        ]
    );
    assert_eq!(
        linted.findings[0].message,
        "201 Created on POST /v1/users has no `Location` header: the client cannot tell which resource was created"
    );
    assert!(linted.findings[1]
        .message
        .contains("GET /v1/users/{user_id}"));
}

fn place(file: &str, line: usize, column: usize, text: &str) -> Place {
    (file.into(), line, column, text.into())
}

#[test]
fn error_types_answer_statuses_the_handler_does_not_declare() {
    // Off by default: it over-approximates.
    assert!(lint("service/src/todos.rs")
        .findings
        .iter()
        .all(|f| f.rule != "undeclared-error-status"));
    let linted = lint_strict("service/src/todos.rs");
    let found = linted.of("undeclared-error-status");
    assert_eq!(
        found[0],
        (
            place("todos.rs", 6, 66, "AppError"),
            "`fn get_todo` can fail with `AppError`, whose `impl IntoResponse` answers 401 Unauthorized, 409 Conflict or 500 Internal Server Error; its `#[utoipa::path]` declares none of them".into(),
            vec![
                place("todos.rs", 5, 43, "responses"),
                // A function of the conversion's file, followed.
                place("app_error.rs", 34, 6, "StatusCode::UNAUTHORIZED"),
                place("app_error.rs", 22, 42, "StatusCode::CONFLICT"),
                place("app_error.rs", 26, 18, "StatusCode::INTERNAL_SERVER_ERROR"),
            ]
        )
    );
    // Through the crate's `type ApiResult<T> = Result<T, AppError>`: `4XX` covers the rest.
    assert_eq!(
        found[1],
        (
            place("todos.rs", 19, 53, "ApiResult"),
            "`fn create_todo` can fail with `AppError` (through `ApiResult`), whose `impl IntoResponse` answers 500 Internal Server Error; its `#[utoipa::path]` does not declare it".into(),
            vec![
                place("todos.rs", 14, 5, "responses"),
                place("app_error.rs", 26, 18, "StatusCode::INTERNAL_SERVER_ERROR"),
            ]
        )
    );
    // A conversion in the workspace's `shop-dto` crate, which the file names.
    assert_eq!(
        found[2],
        (
            place("todos.rs", 43, 47, "shop_dto::DtoError"),
            "`fn export_todos` can fail with `DtoError`, whose `impl IntoResponse` answers 422 Unprocessable Content; its `#[utoipa::path]` does not declare it".into(),
            vec![
                place("todos.rs", 42, 45, "responses"),
                place("lib.rs", 19, 10, "http::StatusCode::UNPROCESSABLE_ENTITY"),
            ]
        )
    );
    // `delete_todo` declares everything; `update_todo` is suppressed (and the suppression used).
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(linted
        .findings
        .iter()
        .all(|f| f.rule != "unused-suppression"));
}

#[test]
fn actix_response_errors_answer_their_status_code_or_500() {
    let linted = lint_strict("actix/src/main.rs");
    assert_eq!(
        linted.of("undeclared-error-status"),
        vec![
            (
                place("main.rs", 39, 54, "ServiceError"),
                "`fn get_pet` can fail with `ServiceError`, whose `impl ResponseError` answers 400 Bad Request or 500 Internal Server Error; its `#[utoipa::path]` declares neither".into(),
                vec![
                    place("main.rs", 37, 16, "responses"),
                    place("main.rs", 20, 44, "StatusCode::BAD_REQUEST"),
                    place("main.rs", 21, 39, "StatusCode::INTERNAL_SERVER_ERROR"),
                ]
            ),
            (
                place("main.rs", 45, 61, "StorageError"),
                "`fn create_pet` can fail with `StorageError`, whose `impl ResponseError` answers 500 Internal Server Error; its `#[utoipa::path]` does not declare it".into(),
                vec![
                    place("main.rs", 43, 16, "responses"),
                    // No `status_code`: the trait's default 500, shown at the trait.
                    place("main.rs", 34, 6, "ResponseError"),
                ]
            ),
        ]
    );
}

#[test]
fn nested_operations_are_shown_at_the_path_they_really_get() {
    let messages = |rel: &str| -> Vec<(usize, String)> {
        let linted = lint(rel);
        linted
            .findings
            .iter()
            .map(|f| (linted.at(f.loc).1, f.message.clone()))
            .collect()
    };
    assert_eq!(
        messages("service/src/reports.rs"),
        vec![
            // `#[openapi(nest((path = "/api/v2/reports", api = reports::ReportApi)))]` in
            // main.rs, then `paths(get_report_pdf)` on `ReportApi`.
            (14, "GET /api/v2/reports/{id}/pdf has path parameters but declares neither 404, `4XX` nor `default`: what happens when the resource does not exist?".into()),
            (14, "204 response to GET /api/v2/reports/{id}/pdf declares content, but a 204 response cannot have any".into()),
            // Two levels: `ReportApi` nests `(path = "/archive", api = ArchiveApi)`; `path = ""`.
            (17, "201 Created on POST /api/v2/reports/archive has no `Location` header: the client cannot tell which resource was created".into()),
            // Nested twice, at two prefixes: the readable name stays.
            (21, "201 Created on POST (nest prefix of fn create_report) has no `Location` header: the client cannot tell which resource was created".into()),
        ]
    );
    // Plain axum: `Router::new().nest("/api", router())`, `.route("/items/:id", get(..).delete(..))`;
    // a full path in the attribute (its route is `/items`) is not prefixed again.
    assert_eq!(
        messages("service/src/plain.rs"),
        vec![
            (15, "404 response to GET /api/items/{id} declares no content: clients get no machine-readable reason for the error".into()),
            (18, "204 response to DELETE /api/items/{id} declares content, but a 204 response cannot have any".into()),
            (22, "201 Created on POST /api/items has no `Location` header: the client cannot tell which resource was created".into()),
        ]
    );
    // actix-web: `scope("/api/v1").configure(configure)`, whose body registers
    // `.service(get_pet)`; the path `/pets/{id}` comes from `#[get(..)]`.
    assert_eq!(
        messages("actix/src/main.rs"),
        vec![(37, "404 response to GET /api/v1/pets/{id} declares no content: clients get no machine-readable reason for the error".into())]
    );
    // An inline `.nest("/api", OpenApiRouter::new().routes(routes!(todos::get_todo, ..)))`;
    // `delete_todo` is not routed by main.rs, so its path stays as written.
    let todos = messages("service/src/todos.rs");
    assert_eq!(
        todos[0].1,
        "404 response to GET /api/todos/{id} declares no content: clients get no machine-readable reason for the error"
    );
    assert_eq!(
        todos[2].1,
        "4XX response to DELETE /todos/{id} declares no content: clients get no machine-readable reason for the error"
    );
}

#[test]
fn a_question_mark_converts_through_from_into_a_status_tuple() {
    let linted = lint_strict("service/src/infer.rs");
    // `health` has no `?`: nothing converts into its error type.
    assert_eq!(
        linted.of("undeclared-error-status"),
        vec![(
            place(
                "infer.rs",
                30,
                37,
                "(StatusCode, Json<ErrorResponse>)"
            ),
            "`fn generate` can fail with `InferError` through `?`, whose `impl From<_> for (StatusCode, Json<ErrorResponse>)` answers 424 Failed Dependency or 429 Too Many Requests; its `#[utoipa::path]` declares neither".into(),
            vec![
                place("infer.rs", 26, 5, "responses"),
                place("infer.rs", 17, 42, "StatusCode::FAILED_DEPENDENCY"),
                place("infer.rs", 15, 39, "StatusCode::TOO_MANY_REQUESTS"),
            ]
        )]
    );
}
