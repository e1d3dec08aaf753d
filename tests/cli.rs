//! The command line: exit codes, rule selection, `--format short` lines, directory walking,
//! output order, and snapshots of everything a person reads (`rules`, `explain`, `--help`, the
//! graphical report).

mod common;

use std::path::Path;

use common::{parse_short, statuslint};

/// Runs the binary; returns exit code, stdout and stderr.
fn run(args: &[&str]) -> (i32, String, String) {
    run_in(&common::root(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = statuslint()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("statuslint ran within the deadline");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 stdout");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output.status.code().expect("exited"), stdout, stderr)
}

/// Exit code alone.
fn exit_code(args: &[&str]) -> i32 {
    run(args).0
}

const SEVERITIES: &str = "fixtures/severities.yaml";
const ERROR_RULE: &str = "method-not-allowed-without-allow";
const WARNING_RULE: &str = "created-without-location";
const INFO_RULE: &str = "service-unavailable-without-retry-after";

#[test]
fn exit_codes_follow_fail_on() {
    assert_eq!(exit_code(&["fixtures/clean.yaml"]), 0);
    // One error, one warning, one info: the error fails by default.
    assert_eq!(exit_code(&[SEVERITIES]), 1);
    // A warning alone fails only from `--fail-on warning` down.
    let warning_only = ["--ignore", ERROR_RULE, SEVERITIES];
    assert_eq!(exit_code(&warning_only), 0);
    assert_eq!(
        exit_code(&[&warning_only[..], &["--fail-on", "error"]].concat()),
        0
    );
    assert_eq!(
        exit_code(&[&warning_only[..], &["--fail-on", "warning"]].concat()),
        1
    );
    assert_eq!(
        exit_code(&[&warning_only[..], &["--fail-on", "info"]].concat()),
        1
    );
    // An info fails only `--fail-on info`.
    let info_only = ["--select", INFO_RULE, SEVERITIES];
    assert_eq!(exit_code(&info_only), 0);
    assert_eq!(
        exit_code(&[&info_only[..], &["--fail-on", "warning"]].concat()),
        0
    );
    assert_eq!(
        exit_code(&[&info_only[..], &["--fail-on", "info"]].concat()),
        1
    );
    // Clean stays clean at every threshold.
    assert_eq!(exit_code(&["--fail-on", "info", "fixtures/clean.yaml"]), 0);
}

#[test]
fn usage_errors_are_exit_2() {
    let (code, stdout, stderr) = run(&["fixtures/no-such.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fixtures/no-such.yaml"), "{stderr}");
    assert!(stdout.contains("in 0 files"), "{stdout}");

    let (code, stdout, stderr) = run(&["--select", "created-withot-location", SEVERITIES]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains(
            "unknown rule `created-withot-location` (did you mean `created-without-location`?)"
        ),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["--ignore", "no-content-with-bdy", SEVERITIES]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `no-content-with-body`?"),
        "{stderr}"
    );
    // Nothing close: point at the list instead.
    let (code, _, stderr) = run(&["--select", "zzzzzzzz", SEVERITIES]);
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown rule `zzzzzzzz`"), "{stderr}");

    assert_eq!(exit_code(&["--fail-on", "fatal", SEVERITIES]), 2);
    assert_eq!(exit_code(&["--format", "xml", SEVERITIES]), 2);
    assert_eq!(exit_code(&["--no-such-flag"]), 2);
}

#[test]
fn select_and_ignore_narrow_the_run() {
    let rules_of = |args: &[&str]| -> Vec<String> {
        let (_, stdout, _) = run(&[&["--format", "short"][..], args, &[SEVERITIES]].concat());
        parse_short(&stdout).into_iter().map(|l| l.rule).collect()
    };
    assert_eq!(rules_of(&[]), [WARNING_RULE, ERROR_RULE, INFO_RULE]);
    assert_eq!(rules_of(&["--select", ERROR_RULE]), [ERROR_RULE]);
    // Comma-separated and repeated forms are the same.
    let both = format!("{ERROR_RULE},{INFO_RULE}");
    assert_eq!(rules_of(&["--select", &both]), [ERROR_RULE, INFO_RULE]);
    assert_eq!(
        rules_of(&["--select", ERROR_RULE, "--select", INFO_RULE]),
        [ERROR_RULE, INFO_RULE]
    );
    assert_eq!(rules_of(&["--ignore", &both]), [WARNING_RULE]);
    assert_eq!(
        rules_of(&["--ignore", ERROR_RULE, "--ignore", INFO_RULE]),
        [WARNING_RULE]
    );
    // Ignore wins over select.
    assert_eq!(
        rules_of(&["--select", &both, "--ignore", INFO_RULE]),
        [ERROR_RULE]
    );
    // The loader's rules can be ignored like any other.
    let (code, stdout, _) = run(&[
        "--format",
        "short",
        "--ignore",
        "invalid-document",
        "fixtures/bad/malformed.json",
    ]);
    assert_eq!((code, stdout.as_str()), (0, ""));
}

#[test]
fn short_format_lines_are_exact() {
    let (code, stdout, stderr) = run(&["--format", "short", SEVERITIES, "fixtures/multi/api.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "\
fixtures/multi/paths/pets.yaml:26:5: error[method-not-allowed-without-allow]: 405 Method Not Allowed on POST /pets has no `Allow` header, which the origin server MUST send
fixtures/multi/common/responses.yaml:22:3: error[no-content-with-body]: 204 response to `NoContent` declares content, but a 204 response cannot have any; used by DELETE /pets/{petId}
fixtures/multi/common/errors.json:2:3: error[unauthorized-without-www-authenticate]: 401 Unauthorized on `Unauthorized` has no `WWW-Authenticate` header, which the server MUST send; used by 2 operations
fixtures/severities.yaml:14:9: warning[created-without-location]: 201 Created on POST /jobs has no `Location` header: the client cannot tell which resource was created
fixtures/severities.yaml:20:9: error[method-not-allowed-without-allow]: 405 Method Not Allowed on POST /jobs has no `Allow` header, which the origin server MUST send
fixtures/severities.yaml:26:9: info[service-unavailable-without-retry-after]: 503 Service Unavailable on POST /jobs has no `Retry-After` header: clients cannot tell when to try again
"
    );
    // Every line parses as `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`; the summary is not on
    // stdout, where it would break a problem matcher.
    assert_eq!(parse_short(&stdout).len(), 6);
    assert!(
        stderr.contains(
            "4 errors, 1 warning, 1 info in 2 files (6 causes, 7 occurrences: a shared response \
             is reported once, at its definition)"
        ),
        "{stderr}"
    );
}

/// `git init` in `dir`; false when git is not installed (the test then says so and stops).
fn git_init(dir: &Path) -> bool {
    match std::process::Command::new("git")
        .args(["init", "--quiet"])
        .current_dir(dir)
        .status()
    {
        Ok(status) => status.success(),
        Err(_) => false,
    }
}

#[test]
fn directory_walks_honour_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    if !git_init(root) {
        eprintln!("skipped: git is not installed");
        return;
    }
    let spec = std::fs::read_to_string(common::root().join(SEVERITIES)).unwrap();
    for path in [
        "api.yaml",
        "nested/deeper/api.yml",
        "generated/api.yaml",
        "build.generated.yaml",
        "notes.txt",
        ".hidden/api.yaml",
    ] {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &spec).unwrap();
    }
    std::fs::write(root.join(".gitignore"), "generated/\n*.generated.yaml\n").unwrap();

    let (code, stdout, _) = run_in(root, &["--format", "short", "."]);
    assert_eq!(code, 1);
    let mut files: Vec<_> = parse_short(&stdout)
        .into_iter()
        .map(|l| l.at.file)
        .collect();
    files.dedup();
    // Ignored, hidden and non-YAML/JSON files are left out of a walk.
    assert_eq!(files, ["api.yaml", "nested/deeper/api.yml"]);

    // A file named explicitly is linted even when ignored: the user asked for it.
    let (_, stdout, _) = run_in(
        root,
        &["--format", "short", "generated/api.yaml", "notes.txt"],
    );
    let mut files: Vec<_> = parse_short(&stdout)
        .into_iter()
        .map(|l| l.at.file)
        .collect();
    files.dedup();
    assert_eq!(files, ["generated/api.yaml", "notes.txt"]);
}

#[test]
fn output_order_is_stable() {
    // Many files, linted in parallel (the bombs are left out: they are slow in debug builds).
    let args = [
        "--format",
        "short",
        "fixtures/versions",
        "fixtures/multi",
        "fixtures/petstore.yaml",
        "fixtures/severities.yaml",
        "fixtures/bad/ref-cycle-a.yaml",
        "fixtures/bad/malformed.yaml",
    ];
    let (_, first, _) = run(&args);
    for _ in 0..3 {
        assert_eq!(run(&args).1, first);
    }
    // Sorted by file, then by place in the file.
    let lines = parse_short(&first);
    assert!(lines.len() > 20);
    let roots: Vec<_> = lines.iter().map(|l| l.at.file.clone()).collect();
    let mut seen = Vec::new();
    for file in roots {
        if seen.last() != Some(&file) {
            assert!(!seen.contains(&file), "{file} appears in two runs of lines");
            seen.push(file);
        }
    }
    // The graphical report is as stable.
    let (_, first, _) = run(&["--color", "never", "fixtures/versions"]);
    assert_eq!(run(&["--color", "never", "fixtures/versions"]).1, first);
}

#[test]
fn rules_list_snapshot() {
    let (code, stdout, _) = run(&["rules"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("rules", stdout);
}

#[test]
fn explain_snapshots() {
    for topic in ["created-without-location", "405", "410", "500"] {
        let (code, stdout, stderr) = run(&["explain", topic]);
        assert_eq!(code, 0, "{topic}: {stderr}");
        insta::assert_snapshot!(format!("explain_{topic}"), stdout);
    }
    let (code, stdout, stderr) = run(&["explain", "nope"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(stderr.contains("unknown rule `nope`"), "{stderr}");
    let (code, _, stderr) = run(&["explain", "created-withot-location"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("did you mean `created-without-location`?"),
        "{stderr}"
    );
}

#[test]
fn help_snapshot() {
    let (code, stdout, _) = run(&["--help"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("help", stdout);
}

#[test]
fn graphical_report_of_the_petstore() {
    let (code, stdout, _) = run(&["--color", "never", "fixtures/petstore.yaml"]);
    assert_eq!(code, 1);
    assert!(!stdout.contains('\u{1b}'), "no colours");
    insta::assert_snapshot!("petstore", stdout);
}

#[test]
fn graphical_report_of_the_multi_file_spec() {
    let (code, stdout, _) = run(&["--color", "never", "fixtures/multi/api.yaml"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("multi", stdout);
}

#[test]
fn no_color_is_respected_and_never_means_never() {
    // NO_COLOR (set by the helper) and not a terminal: no escapes, whatever `--color auto` says.
    let (_, stdout, _) = run(&["fixtures/petstore.yaml"]);
    assert!(!stdout.contains('\u{1b}'));
    let (_, stdout, _) = run(&["--color", "always", "fixtures/petstore.yaml"]);
    assert!(stdout.contains('\u{1b}'));
}
