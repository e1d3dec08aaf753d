//! The CI-gate features: configuration files, suppressions, baselines, `--output`, `init`.

use std::path::Path;

use assert_cmd::Command;

const SPEC: &str = r#"openapi: 3.1.0
info:
  title: Pets
  version: "1.0"
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        "201":
          description: Created
        "204":
          description: Nothing
          content:
            application/json:
              schema: {type: object}
"#;

fn statuslint(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("statuslint").unwrap();
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100");
    cmd
}

fn short(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = statuslint(dir)
        .args(["--format", "short"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn project(spec: &str, config: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.yaml"), spec).unwrap();
    if let Some(config) = config {
        std::fs::write(dir.path().join("statuslint.yaml"), config).unwrap();
    }
    dir
}

#[test]
fn without_configuration_the_defaults_apply() {
    let dir = project(SPEC, None);
    let (code, out, _) = short(dir.path(), &["api.yaml"]);
    assert_eq!(code, 1, "no-content-with-body is an error");
    assert!(
        out.contains("api.yaml:13:9: warning[created-without-location]"),
        "{out}"
    );
    assert!(
        out.contains("api.yaml:17:11: error[no-content-with-body]"),
        "{out}"
    );
}

#[test]
fn configured_levels_fail_on_and_off_apply() {
    let dir = project(
        SPEC,
        Some("rules:\n  no-content-with-body: off\n  created-without-location: error\nfail-on: error\n"),
    );
    let (code, out, _) = short(dir.path(), &["api.yaml"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[created-without-location]"), "{out}");
    assert!(!out.contains("no-content-with-body"), "{out}");

    let dir = project(
        SPEC,
        Some("rules:\n  no-content-with-body: info\nfail-on: warning\n"),
    );
    let (code, out, _) = short(dir.path(), &["api.yaml"]);
    assert_eq!(code, 1, "the warning reaches fail-on: warning");
    assert!(out.contains("info[no-content-with-body]"), "{out}");
    // The command line wins over the configuration.
    let (code, _, _) = short(dir.path(), &["--fail-on", "error", "api.yaml"]);
    assert_eq!(code, 0);
}

#[test]
fn the_nearest_configuration_wins_and_overrides_and_excludes_apply() {
    let dir = project(SPEC, Some("rules:\n  created-without-location: off\nexclude: [\"generated/**\"]\noverrides:\n  - files: [\"legacy/*.yaml\"]\n    rules:\n      no-content-with-body: warning\n"));
    for sub in ["nested", "legacy", "generated"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("api.yaml"), SPEC).unwrap();
    }
    std::fs::write(dir.path().join("nested/statuslint.yaml"), "rules: {}\n").unwrap();
    let (_, out, _) = short(dir.path(), &["."]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().any(|l| l.starts_with("api.yaml:17:11: error[no-content-with-body]: 204 response to POST /pets declares content")), "{out}");
    assert!(
        out.contains("nested/api.yaml:13:9: warning[created-without-location]"),
        "nested config resets the rules: {out}"
    );
    assert!(
        out.contains("legacy/api.yaml:17:11: warning[no-content-with-body]"),
        "override applies: {out}"
    );
    assert!(!out.contains("generated/"), "excluded: {out}");
    assert!(
        !out.lines().any(|l| l.starts_with("api.yaml:13:9")),
        "root config turns the rule off: {out}"
    );
}

#[test]
fn configuration_errors_point_into_the_file_with_a_suggestion() {
    for (config, expected, at) in [
        (
            "rulez: {}\n",
            "unknown configuration key `rulez`",
            "statuslint.yaml:1:1",
        ),
        (
            "rules:\n  created-without-locaton: off\n",
            "unknown rule `created-without-locaton`",
            "statuslint.yaml:2:3",
        ),
        (
            "rules:\n  created-without-location: offf\n",
            "`offf` is not a level",
            "statuslint.yaml:2:29",
        ),
        (
            "fail-on: warnings\n",
            "`fail-on` must be error, warning or info",
            "statuslint.yaml:1:10",
        ),
        (
            "overrides:\n  - file: [x]\n",
            "unknown override key `file`",
            "statuslint.yaml:2:5",
        ),
        ("rules: [\n", "not valid YAML", "statuslint.yaml:"),
    ] {
        let dir = project(SPEC, Some(config));
        let out = statuslint(dir.path()).arg("api.yaml").output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{config}: {stderr}");
        assert!(stderr.contains(expected), "{config}: {stderr}");
        assert!(
            stderr.contains(at),
            "{config}: expected position {at} in {stderr}"
        );
    }
    let dir = project(SPEC, Some("rules:\n  created-without-locaton: off\n"));
    let stderr = String::from_utf8(
        statuslint(dir.path())
            .arg("api.yaml")
            .output()
            .unwrap()
            .stderr,
    )
    .unwrap();
    assert!(
        stderr.contains("did you mean `created-without-location`?"),
        "{stderr}"
    );
}

#[test]
fn explicit_config_and_team_rules_dir() {
    let dir = project(SPEC, None);
    std::fs::create_dir(dir.path().join("team-rules")).unwrap();
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/no-content-with-body.yaml"),
    )
    .unwrap();
    let team = builtin
        .replace("id: no-content-with-body", "id: team-no-204-body")
        .replace("severity: error", "severity: info");
    std::fs::write(dir.path().join("team-rules/team-no-204-body.yaml"), team).unwrap();
    std::fs::write(
        dir.path().join("ci.yaml"),
        "rules-dir: [team-rules]\nrules:\n  no-content-with-body: off\n",
    )
    .unwrap();
    let (code, out, err) = short(dir.path(), &["--config", "ci.yaml", "api.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("api.yaml:17:11: info[team-no-204-body]"),
        "{out}"
    );

    // A broken team rule is refused like a built-in one would be.
    std::fs::write(
        dir.path().join("team-rules/team-no-204-body.yaml"),
        "id: team-no-204-body\nseverity: sometimes\n",
    )
    .unwrap();
    let (code, _, err) = short(dir.path(), &["--config", "ci.yaml", "api.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid rule file") && err.contains("ci.yaml:1:13"),
        "{err}"
    );
}

#[test]
fn suppressions_silence_findings_and_unused_ones_are_reported() {
    let spec = SPEC
        .replace(
            "    post:\n",
            "    post:\n      x-statuslint-ignore:\n        created-without-location: ids are returned in the body\n",
        )
        .replace(
            "          description: Nothing\n",
            "          description: Nothing\n          x-statuslint-ignore: [no-content-with-body, head-with-body, no-such-rule]\n",
        );
    let dir = project(&spec, None);
    let (code, out, _) = short(dir.path(), &["api.yaml"]);
    assert!(!out.contains("[created-without-location]"), "{out}");
    assert!(!out.contains("[no-content-with-body]"), "{out}");
    assert!(
        out.contains(
            "api.yaml:19:55: warning[unused-suppression]: `head-with-body` is suppressed here"
        ),
        "{out}"
    );
    assert!(
        out.contains("api.yaml:19:71: warning[unused-suppression]: unknown rule `no-such-rule`"),
        "{out}"
    );
    assert_eq!(code, 0, "only warnings remain");

    // JSON specs suppress the same way (they cannot hold comments).
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
  "x-statuslint-ignore": "created-without-location",
  "paths": {"/pets": {"post": {"responses": {"201": {"description": "Created"}}}}}}"#;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("api.json"), json).unwrap();
    let (code, out, _) = short(dir.path(), &["api.json"]);
    assert_eq!(code, 0);
    assert!(!out.contains("created-without-location"), "{out}");
}

#[test]
fn baseline_round_trip_reports_only_new_findings() {
    let dir = project(SPEC, None);
    let (code, _, err) = short(
        dir.path(),
        &["--write-baseline", "baseline.json", "api.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("recorded 2 findings"), "{err}");
    let (code, out, err) = short(dir.path(), &["--baseline", "baseline.json", "api.yaml"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("2 more in the baseline"), "{err}");

    // Lines move: the baseline still matches (pointers, not line numbers).
    let moved = SPEC.replace(
        "info:\n",
        "info:\n  description: |\n    A longer description\n    over lines\n",
    );
    std::fs::write(dir.path().join("api.yaml"), moved).unwrap();
    let (code, out, _) = short(dir.path(), &["--baseline", "baseline.json", "api.yaml"]);
    assert_eq!((code, out.as_str()), (0, ""));

    // A new finding is reported.
    let added = SPEC.replace(
        "        \"201\":\n",
        "        \"405\":\n          description: No\n        \"201\":\n",
    );
    std::fs::write(dir.path().join("api.yaml"), added).unwrap();
    let (code, out, _) = short(dir.path(), &["--baseline", "baseline.json", "api.yaml"]);
    assert_eq!(code, 1);
    let rules: Vec<&str> = out
        .lines()
        .map(|l| l.split(['[', ']']).nth(1).unwrap())
        .collect();
    assert_eq!(
        rules,
        ["error-without-content", "method-not-allowed-without-allow"],
        "{out}"
    );
}

#[test]
fn output_writes_the_report_to_a_file_and_shows_the_findings_on_the_terminal() {
    let dir = project(SPEC, None);
    let out = statuslint(dir.path())
        .args(["--format", "short", "--output", "report.txt", "api.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("created-without-location") && stdout.contains("╭─[api.yaml:13:9]"),
        "the human report: {stdout}"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("1 error, 1 warning, 0 info in 1 file"),
        "{stdout}"
    );
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert_eq!(report.lines().count(), 2, "{report}");
    assert!(
        report.starts_with("api.yaml:13:9: warning[created-without-location]"),
        "{report}"
    );
}

#[test]
fn init_writes_a_starter_configuration_that_loads() {
    let dir = project(SPEC, None);
    let out = statuslint(dir.path()).arg("init").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("statuslint.yaml")).unwrap();
    assert!(written.contains("fail-on: error"));
    let again = statuslint(dir.path()).arg("init").output().unwrap();
    assert_eq!(again.status.code(), Some(2), "does not overwrite");
    let (code, _, err) = short(dir.path(), &["api.yaml"]);
    assert_eq!(
        code, 1,
        "the starter config loads and keeps the defaults: {err}"
    );
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    let mut spec = String::from("openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n");
    for i in 0..3000 {
        spec.push_str(&format!(
            "  /p{i}:\n    post:\n      responses:\n        \"201\": {{description: Created}}\n"
        ));
    }
    let dir = project(&spec, None);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_statuslint"))
        .args(["--format", "short", "--fail-on", "warning", "api.yaml"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("created-without-location"), "{first}");
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "the findings still decide the exit code: {stderr}"
    );
}

#[test]
fn explain_says_what_an_unknown_status_is() {
    let dir = tempfile::tempdir().unwrap();
    let explain = |code: &str| {
        let out = statuslint(dir.path())
            .args(["explain", code])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let invalid = explain("999");
    assert!(
        invalid.contains("not an HTTP status code") && invalid.contains("invalid-status-code"),
        "{invalid}"
    );
    assert!(!invalid.contains("Rules for"), "{invalid}");
    let unregistered = explain("420");
    assert!(
        unregistered.contains("not in the IANA HTTP Status Code Registry")
            && unregistered.contains("treat it as 400"),
        "{unregistered}"
    );
    assert!(
        unregistered.contains("error-without-content"),
        "{unregistered}"
    );
}
