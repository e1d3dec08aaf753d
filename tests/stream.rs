//! The report is written file by file, in path order, as soon as the files before it are
//! linted (issue 9). What a run prints must not depend on that: these snapshots of a
//! multi-file run in every format were taken from the whole-run report that streaming
//! replaced, and must stay byte for byte the same.

mod common;

use std::path::Path;

use common::{root, statuslint};

/// Files of every kind: a `$ref` tree across files, shared responses, clean files, a broken
/// file, a file that is no API description, every OpenAPI version.
const PATHS: &[&str] = &[
    "fixtures/multi",
    "fixtures/versions",
    "fixtures/petstore.yaml",
    "fixtures/severities.yaml",
    "fixtures/clean.yaml",
    "fixtures/bad/malformed.yaml",
    "fixtures/bad/unsupported-version.yaml",
    "fixtures/bad/ref-cycle-a.yaml",
    "fixtures/bad/package.json",
];

const FORMATS: &[&str] = &[
    "graphical",
    "short",
    "json",
    "sarif",
    "github",
    "gitlab",
    "junit",
];

/// Exit code, stdout and stderr of a run in the repository root, with the root's absolute path
/// (SARIF's `%SRCROOT%`) and any temporary directory replaced by placeholders.
fn run(args: &[&str], env: &[(&str, &str)], temp: Option<&Path>) -> String {
    let mut cmd = statuslint();
    for (key, value) in env {
        cmd.env(key, value);
    }
    let out = cmd.args(args).output().unwrap();
    let text = format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap()
    );
    placeholders(&text, temp)
}

fn placeholders(text: &str, temp: Option<&Path>) -> String {
    let mut text = text.to_string();
    if let Some(temp) = temp {
        text = text.replace(&temp.display().to_string(), "[TEMP]");
    }
    text.replace(&root().display().to_string(), "[ROOT]")
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

fn with_paths<'a>(args: &[&'a str]) -> Vec<&'a str> {
    args.iter().chain(PATHS).copied().collect()
}

#[test]
fn every_format_of_a_multi_file_run() {
    for format in FORMATS {
        let text = run(&with_paths(&["--format", format]), &[], None);
        insta::assert_snapshot!(format!("format_{format}"), text);
    }
}

#[test]
fn output_file_gets_the_format_and_the_terminal_the_human_report() {
    for format in ["sarif", "junit"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report");
        let file_arg = file.display().to_string();
        let terminal = run(
            &with_paths(&["--format", format, "--output", &file_arg]),
            &[],
            Some(dir.path()),
        );
        let written = std::fs::read_to_string(&file).unwrap();
        insta::assert_snapshot!(
            format!("output_{format}"),
            format!(
                "{terminal}--- the --output file\n{}",
                placeholders(&written, Some(dir.path()))
            )
        );
    }
}

#[test]
fn statistics_and_verbose_of_a_multi_file_run() {
    let text = run(&with_paths(&["--statistics"]), &[], None);
    insta::assert_snapshot!("statistics", text);
    let text = run(&with_paths(&["--format", "short", "--verbose"]), &[], None);
    insta::assert_snapshot!("verbose", text);
}

#[test]
fn a_baseline_of_some_files_filters_those_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline_arg = baseline.display().to_string();
    let recorded = run(
        &[
            "--write-baseline",
            &baseline_arg,
            "fixtures/multi",
            "fixtures/severities.yaml",
        ],
        &[],
        Some(dir.path()),
    );
    let text = run(
        &with_paths(&["--format", "json", "--baseline", &baseline_arg]),
        &[],
        Some(dir.path()),
    );
    insta::assert_snapshot!(
        "baseline",
        format!(
            "{recorded}--- baseline\n{}--- run\n{text}",
            std::fs::read_to_string(&baseline).unwrap()
        )
    );
}

/// Many files, one large among small ones: whatever the number of threads and whichever file
/// finishes first, the report lists the files in path order and is the same.
#[test]
fn many_files_come_out_in_path_order_on_any_number_of_threads() {
    let dir = tempfile::tempdir().unwrap();
    let petstore = std::fs::read_to_string(root().join("fixtures/petstore.yaml")).unwrap();
    let severities = std::fs::read_to_string(root().join("fixtures/severities.yaml")).unwrap();
    // A spec with a few thousand operations takes far longer than the small ones after it.
    let mut large = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..3000 {
        large.push_str(&format!(
            "  /items{i}:\n    post:\n      responses:\n        '201': {{description: made}}\n"
        ));
    }
    std::fs::write(dir.path().join("a00-large.yaml"), &large).unwrap();
    for i in 1..80 {
        let text = if i % 3 == 0 { &severities } else { &petstore };
        std::fs::write(dir.path().join(format!("a{i:02}.yaml")), text).unwrap();
    }
    let args = ["--format", "short", "."];
    let run_in = |threads: &str| {
        let out = statuslint()
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run_in("1");
    let files: Vec<&str> = one.lines().map(|l| l.split(':').next().unwrap()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "files in path order");
    assert_eq!(files.first(), Some(&"a00-large.yaml"));
    assert_eq!(files.last(), Some(&"a79.yaml"));
    assert_eq!(
        one.lines()
            .filter(|l| l.starts_with("a00-large.yaml:"))
            .count(),
        3000
    );
    for threads in ["2", "4"] {
        assert_eq!(run_in(threads), one, "{threads} threads");
    }
}
