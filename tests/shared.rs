//! One finding per cause: a response shared through `$ref` is reported once, at its
//! definition, with the operations that use it; what stays per use is grouped in the human
//! report. Suppressions, baselines and the summary follow.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{lint_source, statuslint, Place};

/// A 3.1 document with `paths` and `components.responses` as given (indented by the caller).
fn spec(paths: &str, responses: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{paths}components:\n  responses:\n{responses}"
    )
}

const UNAUTHORIZED: &str = "    Unauthorized:\n      description: no\n      content: {a/b: {}}\n";

/// `n` operations `GET /rN` whose 401 is the shared `Unauthorized`.
fn many_401(n: usize) -> String {
    let mut paths = String::new();
    for i in 0..n {
        let _ = write!(
            paths,
            "  /r{i}:\n    get:\n      responses:\n        '200': {{description: ok, content: {{a/b: {{}}}}}}\n        '401': {{$ref: '#/components/responses/Unauthorized'}}\n"
        );
    }
    spec(&paths, UNAUTHORIZED)
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = statuslint().current_dir(dir).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_shared_401_used_by_50_operations_is_one_finding_with_50_uses() {
    let text = many_401(50);
    let hits = lint_source("many.yaml", &text);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!(hit.rule, "unauthorized-without-www-authenticate");
    let line = text
        .lines()
        .position(|l| l.contains("Unauthorized:"))
        .unwrap()
        + 1;
    assert_eq!(hit.at, Place::new("many.yaml", line, 5));
    assert_eq!(hit.pointer, "/components/responses/Unauthorized");
    assert!(
        hit.message.ends_with("; used by 50 GET operations"),
        "{}",
        hit.message
    );
    assert_eq!(hit.uses.len(), 50);
    assert_eq!(hit.uses[0].1, "GET /r0");
    assert_eq!(hit.uses[49].1, "GET /r49");
    assert_eq!(hit.uses[0].0, Place::new("many.yaml", 8, 9));
}

#[test]
fn created_without_location_shared_by_post_and_put_names_the_uses_it_affects() {
    let paths = "  /a:\n    post:\n      responses:\n        '201': {$ref: '#/components/responses/Made'}\n  /b:\n    post:\n      responses:\n        '201': {$ref: '#/components/responses/Made'}\n  /c:\n    put:\n      responses:\n        '201': {$ref: '#/components/responses/Made'}\n";
    let hits = lint_source(
        "made.yaml",
        &spec(paths, "    Made:\n      description: made\n"),
    );
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let hit = &hits[0];
    assert_eq!(hit.rule, "created-without-location");
    assert_eq!(hit.pointer, "/components/responses/Made");
    assert_eq!(
        hit.message,
        "201 Created on `Made` has no `Location` header: the client cannot tell which resource \
         was created; used by 2 POST operations; its 1 PUT use is fine"
    );
    let uses: Vec<&str> = hit.uses.iter().map(|u| u.1.as_str()).collect();
    assert_eq!(uses, ["POST /a", "POST /b"]);
}

#[test]
fn a_shared_304_stays_per_operation_and_fires_only_where_the_precondition_is_missing() {
    // (The 200 of /with declares the `ETag` its `If-None-Match` needs, and so does the 304.)
    let paths = "  /with:\n    get:\n      parameters: [{name: If-None-Match, in: header, schema: {type: string}}]\n      responses:\n        '200': {description: ok, headers: {ETag: {schema: {type: string}}}, content: {a/b: {}}}\n        '304': {$ref: '#/components/responses/NotModified'}\n  /without:\n    get:\n      responses:\n        '200': {description: ok, content: {a/b: {}}}\n        '304': {$ref: '#/components/responses/NotModified'}\n  /also-without:\n    get:\n      responses:\n        '200': {description: ok, content: {a/b: {}}}\n        '304': {$ref: '#/components/responses/NotModified'}\n";
    let text = spec(
        paths,
        "    NotModified:\n      description: not modified\n      headers: {ETag: {schema: {type: string}}}\n",
    );
    let hits = lint_source("etag.yaml", &text);
    let places: Vec<(&str, usize)> = hits.iter().map(|h| (h.rule.as_str(), h.at.line)).collect();
    // At each use that lacks the parameter (the fix is a parameter on each operation).
    assert_eq!(
        places,
        [
            ("not-modified-without-precondition", 14),
            ("not-modified-without-precondition", 19)
        ]
    );
    assert!(hits.iter().all(|h| h.uses.is_empty()));

    // The graphical report shows them as one diagnostic listing both operations.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("etag.yaml"), &text).unwrap();
    let output = statuslint()
        .current_dir(dir.path())
        .env("COLUMNS", "400")
        .args(["--color", "never", "etag.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        stdout
            .matches("not-modified-without-precondition (")
            .count(),
        1,
        "{stdout}"
    );
    assert!(
        stdout.contains("(and on 1 more operation through the shared `NotModified` response)"),
        "{stdout}"
    );
    assert!(stdout.contains("- GET /without (etag.yaml:14)"), "{stdout}");
    assert!(
        stdout.contains("- GET /also-without (etag.yaml:19)"),
        "{stdout}"
    );
    // The summary counts what the report shows: one cause, two places.
    assert!(
        stdout.ends_with(
            "0 errors, 0 warnings, 1 info in 1 file (1 cause, 2 occurrences: a shared response \
             is reported once, at its definition)\n"
        ),
        "{stdout}"
    );
    let (_, statistics, _) = run(dir.path(), &["--statistics", "etag.yaml"]);
    assert!(
        statistics.contains("not-modified-without-precondition  info           1            2"),
        "{statistics}"
    );
    // Every format reports the cause once, at the first use, counting the others.
    let (_, short, _) = run(dir.path(), &["--format", "short", "etag.yaml"]);
    assert_eq!(
        short,
        "etag.yaml:14:9: info[not-modified-without-precondition]: 304 Not Modified on GET \
         /without, but the operation documents no `If-None-Match` or `If-Modified-Since` header \
         parameter (and on 1 more operation through the shared `NotModified` response)\n"
    );
    let (_, github, _) = run(dir.path(), &["--format", "github", "etag.yaml"]);
    assert_eq!(github.lines().count(), 1, "{github}");
    assert!(github.starts_with("::notice file=etag.yaml,line=14,col=9,"));
    assert!(github.contains("(and on 1 more operation through the shared `NotModified` response)"));
    let (_, gitlab, _) = run(dir.path(), &["--format", "gitlab", "etag.yaml"]);
    let gitlab: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    assert_eq!(gitlab.as_array().unwrap().len(), 1, "{gitlab:#}");
    let (_, junit, _) = run(dir.path(), &["--format", "junit", "etag.yaml"]);
    assert_eq!(junit.matches("etag.yaml:14:9: info:").count(), 1, "{junit}");
    assert!(!junit.contains("etag.yaml:19:9"), "{junit}");
    let (_, sarif, _) = run(dir.path(), &["--format", "sarif", "etag.yaml"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{sarif:#}");
    let related = results[0]["relatedLocations"].as_array().unwrap();
    let also = related
        .iter()
        .find(|r| r["message"]["text"] == "also on GET /also-without")
        .expect("the other use is a related location");
    assert_eq!(also["physicalLocation"]["region"]["startLine"], 19);
    assert_eq!(also["physicalLocation"]["region"]["startColumn"], 9);
}

#[test]
fn a_suppression_on_the_definition_silences_every_use_and_one_on_an_operation_only_that_use() {
    let text = many_401(3);
    let at_definition = text.replace(
        UNAUTHORIZED,
        &format!(
            "{UNAUTHORIZED}      x-statuslint-ignore: [unauthorized-without-www-authenticate]\n"
        ),
    );
    assert!(lint_source("s.yaml", &at_definition).is_empty());

    let at_use = text.replacen(
        "    get:\n",
        "    get:\n      x-statuslint-ignore: [unauthorized-without-www-authenticate]\n",
        1,
    );
    let hits = lint_source("s.yaml", &at_use);
    assert_eq!(hits.len(), 1, "{hits:#?}");
    let uses: Vec<&str> = hits[0].uses.iter().map(|u| u.1.as_str()).collect();
    assert_eq!(uses, ["GET /r1", "GET /r2"]);
    // The silenced use is neither affected nor "fine", and its suppression was used.
    assert!(
        hits[0].message.ends_with("; used by 2 GET operations"),
        "{}",
        hits[0].message
    );
}

#[test]
fn a_baseline_survives_a_new_use_of_a_recorded_definition_but_not_a_new_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let spec_path = dir.path().join("api.yaml");
    std::fs::write(&spec_path, many_401(2)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["--write-baseline", "base.json", "api.yaml"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("recorded 1 findings"), "{stderr}");

    // One more operation uses the recorded definition: nothing new.
    std::fs::write(&spec_path, many_401(3)).unwrap();
    let (code, stdout, stderr) = run(
        dir.path(),
        &["--format", "short", "--baseline", "base.json", "api.yaml"],
    );
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");

    // A second broken definition is new.
    let more = many_401(3)
        .replace(
            "  /r0:\n    get:\n      responses:\n",
            "  /r0:\n    get:\n      responses:\n        '503': {$ref: '#/components/responses/Down'}\n",
        )
        + "    Down:\n      description: down\n      content: {a/b: {}}\n";
    std::fs::write(&spec_path, more).unwrap();
    let (_, stdout, _) = run(
        dir.path(),
        &["--format", "short", "--baseline", "base.json", "api.yaml"],
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(
        lines[0].contains("service-unavailable-without-retry-after"),
        "{stdout}"
    );
}

#[test]
fn the_summary_counts_causes_and_occurrences() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.yaml"), many_401(4)).unwrap();
    let (code, _, stderr) = run(dir.path(), &["--format", "short", "api.yaml"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(
            "1 error, 0 warnings, 0 info in 1 file (1 cause, 4 occurrences: a shared response is \
             reported once, at its definition)"
        ),
        "{stderr}"
    );
}

#[test]
fn statistics_count_causes_and_occurrences_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let text = many_401(4).replace(
        "  /r0:\n    get:\n      responses:\n",
        "  /r0:\n    get:\n      responses:\n        '503': {description: down, content: {a/b: {}}}\n",
    );
    std::fs::write(dir.path().join("api.yaml"), text).unwrap();
    let (code, stdout, _) = run(dir.path(), &["--statistics", "api.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "\
rule                                     severity  causes  occurrences
unauthorized-without-www-authenticate    error          1            4
service-unavailable-without-retry-after  info           1            1
1 error, 0 warnings, 1 info in 1 file (2 causes, 5 occurrences: a shared response is reported once, at its definition)
"
    );
}

#[test]
fn the_401_help_fits_the_security_scheme_the_operation_has() {
    let dir = tempfile::tempdir().unwrap();
    let help_for = |scheme: &str| -> String {
        let text = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\nsecurity: [{{s: []}}]\npaths:\n  /a:\n    get:\n      responses:\n        '200': {{description: ok, content: {{a/b: {{}}}}}}\n        '401': {{description: no, content: {{a/b: {{}}}}}}\ncomponents:\n  securitySchemes:\n    s: {scheme}\n"
        );
        std::fs::write(dir.path().join("api.yaml"), text).unwrap();
        let (_, stdout, _) = run(dir.path(), &["--format", "json", "api.yaml"]);
        let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        let findings = report["findings"].as_array().unwrap();
        let [finding] = findings.as_slice() else {
            panic!("one finding expected: {stdout}");
        };
        assert_eq!(finding["rule"], "unauthorized-without-www-authenticate");
        finding["help"].as_str().unwrap().to_string()
    };
    let bearer = help_for("{type: http, scheme: bearer}");
    assert!(
        bearer.starts_with("The operation is secured by bearer tokens"),
        "{bearer}"
    );
    assert!(
        bearer.contains("`WWW-Authenticate: Bearer realm=\"api\"`"),
        "{bearer}"
    );
    let oauth = help_for("{type: oauth2, flows: {}}");
    assert!(oauth.contains("Bearer realm="), "{oauth}");
    let basic = help_for("{type: http, scheme: basic}");
    assert!(
        basic.contains("`WWW-Authenticate: Basic realm=\"api\", charset=\"UTF-8\"`"),
        "{basic}"
    );
    let key = help_for("{type: apiKey, in: header, name: X-Key}");
    assert!(
        key.contains("ApiKey realm=") && key.contains("403 Forbidden"),
        "{key}"
    );
    let cookie = help_for("{type: apiKey, in: cookie, name: session}");
    assert!(
        cookie.contains("Cookie realm=") && cookie.contains("signed in"),
        "{cookie}"
    );
    // An undocumented scheme type: the rule's help alone.
    let other = help_for("{type: mutualTLS}");
    assert!(
        other.starts_with("Declare the `WWW-Authenticate` header"),
        "{other}"
    );
}

#[test]
fn the_401_help_that_fits_the_scheme_reaches_sarif_junit_and_github() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{s: []}]\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {a/b: {}}}\n        '401': {description: no, content: {a/b: {}}}\ncomponents:\n  securitySchemes:\n    s: {type: http, scheme: bearer}\n",
    )
    .unwrap();
    let challenge = "WWW-Authenticate: Bearer realm=";
    let (_, sarif, _) = run(dir.path(), &["--format", "sarif", "api.yaml"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let message = sarif["runs"][0]["results"][0]["message"]["text"]
        .as_str()
        .unwrap();
    assert!(
        message.starts_with("401 Unauthorized on GET /a has no `WWW-Authenticate` header"),
        "{message}"
    );
    assert!(message.contains(challenge), "{message}");
    let (_, junit, _) = run(dir.path(), &["--format", "junit", "api.yaml"]);
    assert!(
        junit.contains("\n  The operation is secured by bearer tokens"),
        "{junit}"
    );
    let (_, github, _) = run(dir.path(), &["--format", "github", "api.yaml"]);
    assert!(
        github.contains("%0A%0AThe operation is secured by bearer tokens"),
        "{github}"
    );
    // The short format stays one line with the message alone.
    let (_, short, _) = run(dir.path(), &["--format", "short", "api.yaml"]);
    assert_eq!(short.lines().count(), 1, "{short}");
    assert!(!short.contains(challenge), "{short}");
}
