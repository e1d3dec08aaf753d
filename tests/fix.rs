//! Fixes: for every fixable rule, in block YAML, flow YAML and JSON (pretty, 4-space and
//! minified), OpenAPI 3.x and Swagger 2.0, with the response written in several shapes:
//! after the fix the finding is gone, the file still parses, and it is the same document
//! apart from the fix. Then `statuslint --fix` and `--fix --dry-run` on the command line.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{json, Map, Value};
use statuslint::engine::Levels;
use statuslint::finding::Finding;
use statuslint::fix;
use statuslint::lint::{self, Options, Outcome};
use statuslint::registry::RuleSet;
use statuslint::source::Sources;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Repair {
    Header(&'static str),
    RemoveContent,
    RemoveHeader(&'static str),
    QuoteKey,
}

/// Each fixable rule, with an operation and status that make it fire.
const CASES: &[(&str, &str, &str, Repair)] = &[
    (
        "created-without-location",
        "post",
        "201",
        Repair::Header("Location"),
    ),
    (
        "redirect-without-location",
        "get",
        "301",
        Repair::Header("Location"),
    ),
    (
        "redirect-without-location",
        "get",
        "308",
        Repair::Header("Location"),
    ),
    (
        "accepted-without-monitor",
        "post",
        "202",
        Repair::Header("Location"),
    ),
    (
        "method-not-allowed-without-allow",
        "get",
        "405",
        Repair::Header("Allow"),
    ),
    (
        "unauthorized-without-www-authenticate",
        "get",
        "401",
        Repair::Header("WWW-Authenticate"),
    ),
    (
        "too-many-requests-without-retry-after",
        "get",
        "429",
        Repair::Header("Retry-After"),
    ),
    (
        "service-unavailable-without-retry-after",
        "get",
        "503",
        Repair::Header("Retry-After"),
    ),
    (
        "partial-content-without-content-range",
        "get",
        "206",
        Repair::Header("Content-Range"),
    ),
    (
        "range-not-satisfiable-without-content-range",
        "get",
        "416",
        Repair::Header("Content-Range"),
    ),
    (
        "upgrade-required-without-upgrade",
        "get",
        "426",
        Repair::Header("Upgrade"),
    ),
    (
        "proxy-auth-without-proxy-authenticate",
        "get",
        "407",
        Repair::Header("Proxy-Authenticate"),
    ),
    (
        "no-content-with-body",
        "delete",
        "204",
        Repair::RemoveContent,
    ),
    ("no-content-with-body", "post", "205", Repair::RemoveContent),
    (
        "not-modified-with-body",
        "get",
        "304",
        Repair::RemoveContent,
    ),
    ("head-with-body", "head", "200", Repair::RemoveContent),
    ("head-with-body", "head", "404", Repair::RemoveContent),
    ("status-code-not-quoted", "post", "201", Repair::QuoteKey),
    (
        "switching-protocols-without-upgrade",
        "get",
        "101",
        Repair::Header("Upgrade"),
    ),
    (
        "options-without-allow",
        "options",
        "200",
        Repair::Header("Allow"),
    ),
    (
        "deprecated-without-deprecation-header",
        "get",
        "200",
        Repair::Header("Deprecation"),
    ),
    (
        "content-length-on-no-content",
        "delete",
        "204",
        Repair::RemoveHeader("Content-Length"),
    ),
    (
        "content-length-on-no-content",
        "get",
        "103",
        Repair::RemoveHeader("Content-Length"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// Block YAML, indented by 2 or 4.
    Block(usize),
    /// Block YAML with the responses mapping written in flow style on one line.
    Flow,
    /// JSON indented by 2 or 4, or minified (0).
    Json(usize),
}

const STYLES: &[Style] = &[
    Style::Block(2),
    Style::Block(4),
    Style::Flow,
    Style::Json(2),
    Style::Json(4),
    Style::Json(0),
];

/// The shapes a response is written in: its entries, in order.
fn shapes(swagger2: bool) -> Vec<Value> {
    let content = if swagger2 {
        (
            "schema",
            json!({"type": "object", "properties": {"id": {"type": "string"}}}),
        )
    } else {
        (
            "content",
            json!({"application/json": {"schema": {"type": "object"}}, "text/plain": {}}),
        )
    };
    let header = if swagger2 {
        json!({"type": "string", "description": "a header"})
    } else {
        json!({"schema": {"type": "string"}, "description": "a header"})
    };
    let object = |entries: Vec<(&str, Value)>| {
        Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    };
    vec![
        object(vec![("description", json!("A response"))]),
        object(vec![
            ("description", json!("A response")),
            (content.0, content.1.clone()),
        ]),
        object(vec![
            (content.0, content.1.clone()),
            ("description", json!("A response")),
        ]),
        object(vec![(content.0, content.1.clone())]),
        object(vec![
            ("description", json!("A response")),
            (content.0, content.1.clone()),
            ("headers", json!({"X-Request-Id": header.clone()})),
        ]),
        object(vec![
            ("description", json!("A response")),
            ("headers", json!({"X-Request-Id": header})),
        ]),
        object(vec![
            ("headers", json!({})),
            ("description", json!("A response")),
        ]),
        object(vec![
            ("description", json!("A response")),
            ("headers", json!({"Content-Length": header.clone()})),
        ]),
        object(vec![
            ("headers", json!({"Content-Length": header.clone()})),
            ("description", json!("A response")),
        ]),
        object(vec![
            ("description", json!("A response")),
            (
                "headers",
                json!({"X-Request-Id": header.clone(), "Content-Length": header.clone()}),
            ),
        ]),
        object(vec![
            ("description", json!("A response")),
            (
                "headers",
                json!({"Content-Length": header.clone(), "X-Request-Id": header}),
            ),
        ]),
    ]
}

fn document(swagger2: bool, method: &str, status: &str, response: &Value) -> Value {
    let mut doc = Map::new();
    if swagger2 {
        doc.insert("swagger".into(), json!("2.0"));
    } else {
        doc.insert("openapi".into(), json!("3.1.0"));
    }
    doc.insert("info".into(), json!({"title": "Fixes", "version": "1.0"}));
    if swagger2 {
        doc.insert("produces".into(), json!(["application/json"]));
    }
    let mut responses = Map::new();
    responses.insert(status.into(), response.clone());
    let mut operation = Map::new();
    operation.insert("responses".into(), Value::Object(responses));
    let mut item = Map::new();
    item.insert(method.into(), Value::Object(operation));
    doc.insert("paths".into(), json!({ "/things": item }));
    Value::Object(doc)
}

/// YAML scalars as a careful writer quotes them.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.parse::<f64>().is_err()
                && !["true", "false", "null", "yes", "no", "y", "n", "~"]
                    .contains(&s.to_ascii_lowercase().as_str())
                && !s.contains([':', '#', '{', '}', '[', ']', ',', '"', '\''])
                && !s.starts_with([' ', '-', '&', '*', '!', '|', '>', '%', '@', '`']);
            if plain {
                s.clone()
            } else {
                serde_json::to_string(s).unwrap()
            }
        }
        other => other.to_string(),
    }
}

fn key(k: &str, quote_numbers: bool) -> String {
    if k.bytes().all(|b| b.is_ascii_digit()) {
        return if quote_numbers {
            format!("\"{k}\"")
        } else {
            k.to_string()
        };
    }
    if k.contains(['{', '}']) {
        // Path templates are fine plain in block keys, but keep flow keys simple.
        return k.to_string();
    }
    scalar(&Value::String(k.into()))
}

fn flow(v: &Value, quote_numbers: bool) -> String {
    match v {
        Value::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{}: {}", key(k, quote_numbers), flow(v, quote_numbers)))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|i| flow(i, quote_numbers)).collect();
            format!("[{}]", items.join(", "))
        }
        other => scalar(other),
    }
}

/// Block YAML; below a `responses` key, flow style when `flow_responses`.
fn block(v: &Value, indent: usize, unit: usize, opts: (bool, bool), out: &mut String) {
    let (quote_numbers, flow_responses) = opts;
    let Value::Object(map) = v else {
        unreachable!()
    };
    for (k, v) in map {
        let pad = " ".repeat(indent);
        let k_text = key(k, quote_numbers);
        match v {
            Value::Object(inner) if !(inner.is_empty() || flow_responses && k == "responses") => {
                out.push_str(&format!("{pad}{k_text}:\n"));
                block(v, indent + unit, unit, opts, out);
            }
            _ => out.push_str(&format!("{pad}{k_text}: {}\n", flow(v, quote_numbers))),
        }
    }
}

fn render(doc: &Value, style: Style, quote_numbers: bool) -> String {
    match style {
        Style::Block(unit) => {
            let mut out = String::new();
            block(doc, 0, unit, (quote_numbers, false), &mut out);
            out
        }
        Style::Flow => {
            let mut out = String::new();
            block(doc, 0, 2, (quote_numbers, true), &mut out);
            out
        }
        Style::Json(0) => serde_json::to_string(doc).unwrap(),
        Style::Json(n) => {
            let indent = " ".repeat(n);
            let mut buf = Vec::new();
            let formatter = serde_json::ser::PrettyFormatter::with_indent(indent.as_bytes());
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, formatter);
            serde::Serialize::serialize(doc, &mut ser).unwrap();
            String::from_utf8(buf).unwrap() + "\n"
        }
    }
}

/// The document a text describes, with YAML's integer keys turned into strings (what JSON
/// would have): a quoted key is the same document as the unquoted one.
fn parsed(text: &str, json: bool) -> Value {
    if json {
        return serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    }
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
    normalize(&yaml)
}

fn normalize(v: &serde_yaml::Value) -> Value {
    match v {
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let k = match k {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Number(n) => n.to_string(),
                        other => serde_yaml::to_string(other).unwrap(),
                    };
                    (k, normalize(v))
                })
                .collect(),
        ),
        serde_yaml::Value::Sequence(items) => Value::Array(items.iter().map(normalize).collect()),
        serde_yaml::Value::String(s) => Value::String(s.clone()),
        serde_yaml::Value::Number(n) => serde_json::to_value(n).unwrap(),
        serde_yaml::Value::Bool(b) => Value::Bool(*b),
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Tagged(t) => normalize(&t.value),
    }
}

struct Linted {
    sources: Sources,
    findings: Vec<Finding>,
}

fn lint_at(path: &Path, text: &str) -> Linted {
    let rules = RuleSet::builtin().unwrap();
    let levels = Levels::all_default(rules);
    let roots: Arc<[PathBuf]> = vec![path.parent().unwrap().to_path_buf()].into();
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: roots,
        overlay: None,
    };
    match lint::lint_text(path, "doc".into(), text, &options) {
        Outcome::Linted { sources, findings } => Linted { sources, findings },
        _ => panic!("not linted:\n{text}"),
    }
}

fn of_rule<'l>(linted: &'l Linted, rule: &str) -> Vec<&'l Finding> {
    linted.findings.iter().filter(|f| f.rule == rule).collect()
}

/// The document value with the repair made by hand.
fn expected(mut doc: Value, swagger2: bool, method: &str, status: &str, repair: Repair) -> Value {
    let response = &mut doc["paths"]["/things"][method]["responses"][status];
    match repair {
        Repair::Header(name) => {
            let stub = if swagger2 {
                json!({"type": "string"})
            } else {
                json!({"schema": {"type": "string"}})
            };
            let object = response.as_object_mut().unwrap();
            let headers = object.entry("headers").or_insert_with(|| json!({}));
            headers.as_object_mut().unwrap().insert(name.into(), stub);
        }
        Repair::RemoveContent => {
            let key = if swagger2 { "schema" } else { "content" };
            response.as_object_mut().unwrap().remove(key);
        }
        Repair::RemoveHeader(name) => {
            let object = response.as_object_mut().unwrap();
            let headers = object["headers"].as_object_mut().unwrap();
            headers.remove(name);
            if headers.is_empty() {
                object.remove("headers");
            }
        }
        Repair::QuoteKey => {}
    }
    doc
}

#[test]
fn every_fixable_rule_is_fixed_in_every_style() {
    let dir = tempfile::tempdir().unwrap();
    let dir = std::fs::canonicalize(dir.path()).unwrap();
    let mut checked = 0;
    let mut fired_per_case = vec![0; CASES.len()];
    for (case, &(rule, method, status, repair)) in CASES.iter().enumerate() {
        for swagger2 in [false, true] {
            // Swagger 2.0 has no quoting rule.
            if swagger2 && repair == Repair::QuoteKey {
                continue;
            }
            for style in STYLES {
                let json = matches!(style, Style::Json(_));
                if json && repair == Repair::QuoteKey {
                    continue; // JSON keys are always strings.
                }
                for (shape, response) in shapes(swagger2).iter().enumerate() {
                    let mut doc = document(swagger2, method, status, response);
                    if rule == "deprecated-without-deprecation-header" {
                        doc["paths"]["/things"][method]["deprecated"] = json!(true);
                    }
                    let text = render(&doc, *style, repair != Repair::QuoteKey);
                    let path = dir.join(if json { "api.json" } else { "api.yaml" });
                    let before = lint_at(&path, &text);
                    assert!(
                        of_rule(&before, "invalid-document").is_empty(),
                        "the test document is broken:\n{text}"
                    );
                    let findings = of_rule(&before, rule);
                    if findings.is_empty() {
                        continue; // This shape does not trigger the rule (202 with content).
                    }
                    fired_per_case[case] += 1;
                    let what = format!("{rule} ({style:?}, swagger2={swagger2}, shape {shape})");
                    assert_eq!(findings.len(), 1, "{what}");
                    let single = fix::fix(findings[0], &before.sources)
                        .unwrap_or_else(|| panic!("no fix for {what}:\n{text}"));
                    assert_eq!(single.edits.len(), 1, "{what}");
                    let plan = fix::plan(findings.iter().copied(), &before.sources);
                    assert_eq!((plan.fixed, plan.deferred), (1, 0), "{what}");
                    assert_eq!(plan.edits, single.edits, "{what}");
                    let fixed = fix::apply(&text, &plan.edits);

                    let after = lint_at(&path, &fixed);
                    assert!(
                        of_rule(&after, rule).is_empty(),
                        "{what}: still reported after the fix:\n{fixed}"
                    );
                    assert!(
                        of_rule(&after, "invalid-document").is_empty(),
                        "{what}: the fix broke the document:\n{fixed}"
                    );
                    // No finding appears that was not there before.
                    for f in &after.findings {
                        assert!(
                            before.findings.iter().any(|b| b.rule == f.rule),
                            "{what}: new finding {} after the fix:\n{fixed}",
                            f.rule
                        );
                    }
                    let want = expected(parsed(&text, json), swagger2, method, status, repair);
                    assert_eq!(
                        parsed(&fixed, json),
                        want,
                        "{what}: not the same document apart from the fix:\n{text}\n---\n{fixed}"
                    );
                    if repair == Repair::QuoteKey {
                        let raw: serde_yaml::Value = serde_yaml::from_str(&fixed).unwrap();
                        let responses = &raw["paths"]["/things"][method]["responses"];
                        assert!(
                            responses.get(status).is_some(),
                            "{what}: key still an integer:\n{fixed}"
                        );
                    }
                    // Everything outside the edit is kept byte for byte.
                    let edit = &plan.edits[0];
                    let (start, end) = (edit.span.start as usize, edit.span.end as usize);
                    assert_eq!(fixed[..start], text[..start], "{what}");
                    assert_eq!(fixed[start + edit.text.len()..], text[end..], "{what}");
                    checked += 1;
                }
            }
        }
    }
    for (case, fired) in fired_per_case.iter().enumerate() {
        assert!(
            *fired >= 3,
            "{:?} fired in only {fired} documents",
            CASES[case]
        );
    }
    assert!(checked > 300, "{checked} fixes checked");
}

/// Fixes follow the file: indentation, comments, quotes, CRLF line ends, block scalars.
#[test]
fn fixes_keep_the_style_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = std::fs::canonicalize(dir.path()).unwrap().join("api.yaml");
    let text = "openapi: 3.0.3\r\ninfo: {title: t, version: '1'}\r\npaths:\r\n  /a:\r\n    post:\r\n      responses:\r\n        '201': # created\r\n          description: |\r\n            Made.\r\n\r\n        202:\r\n          description: >-\r\n            Later\r\n        '204':\r\n          content:  # no!\r\n            application/json: {}\r\n          description: x\r\n";
    let linted = lint_at(&path, text);
    let plan = fix::plan(&linted.findings, &linted.sources);
    let fixed = fix::apply(text, &plan.edits);
    assert_eq!(
        fixed,
        "openapi: 3.0.3\r\ninfo: {title: t, version: '1'}\r\npaths:\r\n  /a:\r\n    post:\r\n      responses:\r\n        '201': # created\r\n          description: |\r\n            Made.\r\n\r\n          headers:\r\n            Location:\r\n              schema:\r\n                type: string\r\n        '202':\r\n          description: >-\r\n            Later\r\n          headers:\r\n            Location:\r\n              schema:\r\n                type: string\r\n        '204':\r\n          description: x\r\n"
    );
    let after = lint_at(&path, &fixed);
    assert!(
        after.findings.iter().all(|f| f.fix.is_none()),
        "{:?}",
        after.findings
    );
    // The block scalar kept its text (the header went after its trailing blank line).
    assert_eq!(
        parsed(&fixed, false)["paths"]["/a"]["post"]["responses"]["201"]["description"],
        "Made.\n"
    );
}

/// Old Mac files end their lines with a lone CR (a line break in YAML 1.2 §5.4): fixes find
/// the lines and write CRs too.
#[test]
fn fixes_keep_lone_cr_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let path = std::fs::canonicalize(dir.path()).unwrap().join("api.yaml");
    let lf = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      responses:\n        '201': # created\n          description: |\n            Made.\n\n        202:\n          description: >-\n            Later\n        '204':\n          content:  # no!\n            application/json: {}\n          description: x\n";
    let fixed_lf = {
        let linted = lint_at(&path, lf);
        fix::apply(lf, &fix::plan(&linted.findings, &linted.sources).edits)
    };
    let cr = lf.replace('\n', "\r");
    let linted = lint_at(&path, &cr);
    let plan = fix::plan(&linted.findings, &linted.sources);
    let fixed = fix::apply(&cr, &plan.edits);
    assert_eq!(fixed, fixed_lf.replace('\n', "\r"));
    let after = lint_at(&path, &fixed);
    assert!(
        after.findings.iter().all(|f| f.fix.is_none()),
        "{:?}",
        after.findings
    );
}

/// A response that came through `$ref` is fixed where it is defined, once for all its uses.
#[test]
fn fixes_edit_ref_definitions() {
    let dir = tempfile::tempdir().unwrap();
    let dir = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(
        dir.join("common.yaml"),
        "Created:\n  description: Created\nEmpty:\n  description: Nothing\n  content:\n    application/json: {}\n",
    )
    .unwrap();
    let path = dir.join("api.yaml");
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      responses:\n        '201': {$ref: 'common.yaml#/Created'}\n  /b:\n    post:\n      responses:\n        '201': {$ref: 'common.yaml#/Created'}\n        '204':\n          $ref: '#/components/responses/Gone'\ncomponents:\n  responses:\n    Gone:\n      $ref: 'common.yaml#/Empty'\n";
    let linted = lint_at(&path, text);
    let single = fix::fix(
        linted
            .findings
            .iter()
            .find(|f| f.rule == "created-without-location")
            .unwrap(),
        &linted.sources,
    )
    .unwrap();
    // The finding is at the definition, in common.yaml: the edit is in its own file.
    assert_eq!(single.title, "Declare the `Location` header");
    let (files, deferred) = fix::across([(&linted.sources, linted.findings.as_slice())]);
    assert_eq!(deferred, 0);
    assert_eq!(files.len(), 1, "only common.yaml changes");
    assert_eq!(files[0].path, dir.join("common.yaml"));
    assert_eq!(
        files[0].fixed, 2,
        "Created (two uses) and Empty: one finding each"
    );
    assert_eq!(
        files[0].after,
        "Created:\n  description: Created\n  headers:\n    Location:\n      schema:\n        type: string\nEmpty:\n  description: Nothing\n"
    );
}

/// Several headers wanted on one response are declared in one edit, not two `headers` keys.
#[test]
fn headers_for_one_response_are_declared_together() {
    let dir = tempfile::tempdir().unwrap();
    let dir = std::fs::canonicalize(dir.path()).unwrap();
    std::fs::write(dir.join("common.yaml"), "Busy:\n  description: Busy\n").unwrap();
    let path = dir.join("api.yaml");
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '429': {$ref: 'common.yaml#/Busy'}\n        '401': {$ref: 'common.yaml#/Busy'}\n";
    let linted = lint_at(&path, text);
    let (files, deferred) = fix::across([(&linted.sources, linted.findings.as_slice())]);
    assert_eq!(deferred, 0);
    assert_eq!(
        files[0].after,
        "Busy:\n  description: Busy\n  headers:\n    Retry-After:\n      schema:\n        type: string\n    WWW-Authenticate:\n      schema:\n        type: string\n"
    );
}

fn statuslint() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("statuslint").unwrap()
}

const BROKEN: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    post:\n      responses:\n        201:\n          description: Created\n        '204':\n          description: Gone\n          content:\n            application/json: {}\n";

const REPAIRED: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    post:\n      responses:\n        '201':\n          description: Created\n          headers:\n            Location:\n              schema:\n                type: string\n        '204':\n          description: Gone\n";

#[test]
fn dry_run_prints_a_diff_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("api.yaml");
    std::fs::write(&file, BROKEN).unwrap();
    let output = statuslint()
        .current_dir(dir.path())
        .args(["--fix", "--dry-run", "api.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "changes would be made");
    let diff = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        diff,
        "--- api.yaml\n+++ api.yaml\n@@ -6,9 +6,11 @@\n   /a:\n     post:\n       responses:\n-        201:\n+        '201':\n           description: Created\n+          headers:\n+            Location:\n+              schema:\n+                type: string\n         '204':\n           description: Gone\n-          content:\n-            application/json: {}\n"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("would fix 3 findings in 1 file"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        BROKEN,
        "nothing written"
    );
    // --dry-run alone is a usage error.
    statuslint()
        .current_dir(dir.path())
        .args(["--dry-run", "api.yaml"])
        .assert()
        .code(2);
}

#[test]
fn fix_writes_the_files_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("api.yaml");
    std::fs::write(&file, BROKEN).unwrap();
    let output = statuslint()
        .current_dir(dir.path())
        .args(["--fix", "--format", "short", "api.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("fixed 3 findings in 1 file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), REPAIRED);
    assert_eq!(output.status.code(), Some(0), "nothing left: {stderr}");
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "");
    // Again: nothing to do, nothing written.
    let output = statuslint()
        .current_dir(dir.path())
        .args(["--fix", "--dry-run", "api.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, b"");
}

#[test]
fn fix_leaves_unfixable_findings_to_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("api.yaml");
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: OK\n        '201':\n          description: Created on a GET\n";
    std::fs::write(&file, text).unwrap();
    let output = statuslint()
        .current_dir(dir.path())
        .args(["--fix", "--format", "short", "api.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("created-on-safe-method"), "{stdout}");
    assert!(!stdout.contains("created-without-location"), "{stdout}");
    assert_eq!(output.status.code(), Some(0), "warnings only: {stdout}");
}
