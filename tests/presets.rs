//! Opt-in rules and presets: `preset: recommended|strict`, a rule's own entry winning over the
//! preset, `--select` opting in, the per-method status table (`allowed-statuses`) and its
//! errors, `explain` for the statuses of the second-round rules, and what the utoipa frontend
//! feeds them.

mod common;

use std::path::Path;

use common::{parse_short, statuslint};
use statuslint::rust::{self, Lowered};

const SPEC: &str = r#"openapi: 3.1.0
info:
  title: Pets
  version: "1.0"
paths:
  /pets:
    get:
      responses:
        "200":
          description: The pets
          content:
            application/json:
              schema:
                type: array
    post:
      responses:
        "204":
          description: Created, nothing to show
          headers:
            Content-Length:
              schema:
                type: integer
        "404":
          description: Not found
          content:
            application/json:
              schema:
                type: object
"#;

/// Lints SPEC with `config` as statuslint.yaml (none when empty) and `args`: exit code, the
/// (rule, line) of each finding, and stderr.
fn lint(config: &str, args: &[&str]) -> (i32, Vec<(String, usize)>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.yaml"), SPEC).unwrap();
    if !config.is_empty() {
        std::fs::write(dir.path().join("statuslint.yaml"), config).unwrap();
    }
    let output = statuslint()
        .current_dir(dir.path())
        .args(["--format", "short"])
        .args(args)
        .arg("api.yaml")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let mut found: Vec<(String, usize)> = parse_short(&stdout)
        .into_iter()
        .map(|l| (l.rule, l.at.line))
        .collect();
    found.sort();
    (output.status.code().unwrap(), found, stderr)
}

fn rules_of(found: &[(String, usize)]) -> Vec<&str> {
    let mut rules: Vec<&str> = found.iter().map(|(r, _)| r.as_str()).collect();
    rules.dedup();
    rules
}

#[test]
fn opt_in_rules_are_off_by_default_and_in_the_recommended_preset() {
    let (code, found, _) = lint("", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found,
        [("content-length-on-no-content".to_string(), 17)],
        "only the on-by-default rule fires"
    );
    let (_, same, _) = lint("preset: recommended\n", &[]);
    assert_eq!(same, found);
}

#[test]
fn the_strict_preset_turns_every_opt_in_rule_on() {
    let (_, found, _) = lint("preset: strict\n", &[]);
    assert_eq!(
        rules_of(&found),
        [
            "content-length-on-no-content",
            "error-not-problem-details",
            "no-client-error-response",
        ]
    );
    assert!(found.contains(&("error-not-problem-details".into(), 25)));
    // GET declares no 4xx; POST has its 404.
    assert!(found.contains(&("no-client-error-response".into(), 8)));
    assert!(!found.contains(&("no-client-error-response".into(), 16)));
}

#[test]
fn a_rules_entry_wins_over_the_preset() {
    let config = "preset: strict\nrules:\n  no-client-error-response: off\n  content-length-on-no-content: off\n";
    let (_, found, _) = lint(config, &[]);
    assert_eq!(rules_of(&found), ["error-not-problem-details"]);
    // And naming an opt-in rule turns it on in the recommended preset, at the level given.
    let (code, found, _) = lint("rules:\n  error-not-problem-details: error\n", &[]);
    assert_eq!(
        rules_of(&found),
        ["content-length-on-no-content", "error-not-problem-details"]
    );
    assert_eq!(code, 1);
}

#[test]
fn select_names_an_opt_in_rule_and_so_runs_it() {
    let (code, found, _) = lint("", &["--select", "no-client-error-response"]);
    assert_eq!(found, [("no-client-error-response".to_string(), 8)]);
    assert_eq!(code, 0, "an info finding does not fail the run");
}

#[test]
fn the_per_method_table_judges_each_status() {
    let config = "rules:\n  status-not-allowed-for-method: warning\nallowed-statuses:\n  all: [\"404\", 5XX, default]\n  get: [\"200\"]\n  post: [\"201\"]\n";
    let (_, found, _) = lint(config, &[]);
    let table: Vec<_> = found
        .iter()
        .filter(|(r, _)| r == "status-not-allowed-for-method")
        .collect();
    assert_eq!(
        table,
        [&("status-not-allowed-for-method".to_string(), 17)],
        "204 on POST is not allowed; 200 on GET and 404 everywhere are"
    );
    // Without a table the rule judges nothing.
    let (_, found, _) = lint("rules:\n  status-not-allowed-for-method: warning\n", &[]);
    assert!(!rules_of(&found).contains(&"status-not-allowed-for-method"));
}

#[test]
fn configuration_errors_point_at_the_value() {
    let (code, _, stderr) = lint("preset: strikt\n", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("`preset` must be recommended or strict, not `strikt`"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `strict`?"), "{stderr}");
    let (code, _, stderr) = lint("allowed-statuses:\n  gte: [\"200\"]\n", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`gte` is not a method"), "{stderr}");
    assert!(stderr.contains("did you mean `get`?"), "{stderr}");
    let (code, _, stderr) = lint("allowed-statuses:\n  get: [\"2xx\"]\n", &[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("`2xx` is not a status code"), "{stderr}");
}

#[test]
fn the_starter_configuration_has_the_table_as_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let output = statuslint()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert!(output.status.success());
    let written = std::fs::read_to_string(dir.path().join("statuslint.yaml")).unwrap();
    assert!(written.contains("# preset: recommended"));
    assert!(written.contains("# allowed-statuses:\n#   all: [\"200\", \"301\""));
}

fn explain(topic: &str) -> String {
    let output = statuslint().args(["explain", topic]).output().unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn explain_names_the_second_round_rules_of_a_status() {
    for (code, rule) in [
        ("101", "switching-protocols-without-upgrade"),
        ("204", "content-length-on-no-content"),
        ("304", "not-modified-without-validators"),
        ("412", "precondition-failed-without-condition"),
        ("428", "precondition-required-without-condition"),
        ("416", "range-response-on-non-get"),
    ] {
        let text = explain(code);
        assert!(text.contains(&format!("# {rule} (")), "{code}:\n{text}");
    }
    insta::assert_snapshot!(explain("428"));
    insta::assert_snapshot!(explain("error-not-problem-details"));
}

#[test]
fn utoipa_feeds_deprecated_headers_and_methods() {
    let text = r#"
#[utoipa::path(
    get,
    path = "/pets",
    responses((status = 200, description = "The pets", body = String))
)]
#[deprecated]
pub async fn pets() {}

#[utoipa::path(
    options,
    path = "/pets",
    responses((status = 204, description = "Methods", headers(("Allow" = String))))
)]
pub async fn pet_options() {}
"#;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/statuslint-presets/api.rs");
    let Lowered::Api { api, .. } = rust::load_text(&path, "api.rs".into(), text).0 else {
        panic!("not lowered");
    };
    let flags: Vec<(&str, bool, Vec<String>)> = api
        .operations
        .iter()
        .map(|o| {
            (
                o.method.as_str(),
                o.deprecated,
                o.responses[0].headers.clone(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        [
            ("get", true, vec![]),
            ("options", false, vec!["Allow".to_string()]),
        ]
    );
}

#[test]
fn the_deprecation_stub_is_not_written_into_a_shared_response() {
    let spec = r##"openapi: 3.1.0
info:
  title: Pets
  version: "1.0"
components:
  responses:
    Pets:
      description: The pets
paths:
  /pets:
    get:
      deprecated: true
      responses:
        "200":
          $ref: "#/components/responses/Pets"
    post:
      deprecated: true
      responses:
        "201":
          description: Created
"##;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("api.yaml");
    std::fs::write(&path, spec).unwrap();
    let output = statuslint()
        .current_dir(dir.path())
        .args([
            "--select",
            "deprecated-without-deprecation-header",
            "--fix",
            "api.yaml",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains("        \"201\":\n          description: Created\n          headers:\n            Deprecation:\n"),
        "{fixed}\n{stderr}"
    );
    assert!(
        fixed.contains("    Pets:\n      description: The pets\npaths:"),
        "the shared definition is left alone:\n{fixed}"
    );
}
