//! Bad input: every broken, hostile or foreign file gives its documented result, with a
//! position where there is one, no panic and no hang (each run of the binary is killed after
//! [`common::DEADLINE`] and the test fails), and never stops the other files from being linted.

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use common::{
    lint_bytes, lint_fixture, lint_path, parse_short, statuslint, summary, Linted, Place, ShortLine,
};

/// Runs the binary with `--format short` on `args`: its exit code, findings and stderr.
fn short(args: &[&str]) -> (i32, Vec<ShortLine>, String) {
    let output = statuslint()
        .arg("--format")
        .arg("short")
        .args(args)
        .output()
        .expect("statuslint ran within the deadline");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 output");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let code = output.status.code().expect("exited, not killed");
    (code, parse_short(&stdout), stderr)
}

/// The `(rule, place)` of short lines.
fn places(lines: &[ShortLine]) -> Vec<(&str, String)> {
    lines
        .iter()
        .map(|l| (l.rule.as_str(), l.at.to_string()))
        .collect()
}

#[test]
fn malformed_yaml_is_invalid_at_the_error() {
    let (code, lines, _) = short(&["fixtures/bad/malformed.yaml"]);
    assert_eq!(code, 1);
    // Line 11 indents `"404":` one column short of its siblings.
    assert_eq!(
        places(&lines),
        [(
            "invalid-document",
            "fixtures/bad/malformed.yaml:11:8".into()
        )]
    );
    assert_eq!(lines[0].severity, "error");
    assert!(
        lines[0].message.starts_with("not valid YAML: "),
        "{lines:?}"
    );
}

#[test]
fn malformed_json_is_invalid_at_the_error() {
    let (code, lines, _) = short(&["fixtures/bad/malformed.json"]);
    assert_eq!(code, 1);
    // The trailing comma after the last response.
    assert_eq!(
        places(&lines),
        [(
            "invalid-document",
            "fixtures/bad/malformed.json:8:39".into()
        )]
    );
    assert_eq!(lines[0].message, "not valid JSON: trailing comma");
}

#[test]
fn invalid_utf8_is_invalid_at_the_first_bad_byte() {
    let (code, lines, _) = short(&["fixtures/bad/invalid-utf8.yaml"]);
    assert_eq!(code, 1);
    // `  title: "Caf` is 13 characters; the Latin-1 `é` (0xE9) is the 14th.
    assert_eq!(
        places(&lines),
        [(
            "invalid-document",
            "fixtures/bad/invalid-utf8.yaml:3:14".into()
        )]
    );
    assert!(lines[0].message.contains("UTF-8"), "{lines:?}");

    // The library agrees, for a bad byte after multi-byte text too.
    let hits = lint_bytes(
        "u.yaml",
        b"openapi: 3.1.0\ninfo: {title: \"\xc3\xbc\xe2\x82\xac \xff\"}\n",
    )
    .findings();
    assert_eq!(summary(&hits), [("invalid-document".into(), "2:19".into())]);
    // A non-API file with invalid UTF-8 is skipped, not reported.
    assert!(matches!(
        lint_bytes("notes.yaml", b"title: caf\xe9\n"),
        Linted::Skipped(_)
    ));
}

#[test]
fn binary_empty_and_foreign_files_are_skipped_silently() {
    let files = [
        ("fixtures/bad/binary.json", "binary file"),
        ("fixtures/bad/empty.yaml", "empty file"),
        (
            "fixtures/bad/github-workflow.yaml",
            "not an API description",
        ),
        ("fixtures/bad/package.json", "not an API description"),
        // The far end of a cycle: a fragment file, no API description of its own.
        ("fixtures/bad/ref-cycle-b.yaml", "not an API description"),
    ];
    for (file, reason) in files {
        let output = statuslint().arg(file).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{file}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        // Nothing but the summary line.
        assert_eq!(stdout.lines().count(), 1, "{file}: {stdout}");
        assert!(
            stdout.starts_with("no problems in 0 files"),
            "{file}: {stdout}"
        );
        assert_eq!(stderr, "", "{file}");

        let output = statuslint().arg("--verbose").arg(file).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{file}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(&format!("skipped {file}: {reason}")),
            "{file}: {stderr}"
        );

        match lint_path(file) {
            Linted::Skipped(why) => assert!(why.starts_with(reason), "{file}: {why}"),
            other => panic!("{file}: {other:?}"),
        }
    }
    // Generated on the spot: every kind of emptiness.
    for bytes in [&b""[..], b"\n\n  \n", b"\t \r\n"] {
        assert!(matches!(lint_bytes("e.yaml", bytes), Linted::Skipped(_)));
    }
}

#[test]
fn an_alias_bomb_is_linted_quickly() {
    let started = Instant::now();
    let (code, lines, _) = short(&["fixtures/bad/alias-bomb.yaml"]);
    assert_eq!(code, 1, "{lines:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    // Aliases are followed where the document is read, and the result is the document's: its
    // one structural break is `headers: *i`, a list where a mapping belongs.
    let hits = lint_fixture("fixtures/bad/alias-bomb.yaml");
    assert_eq!(
        summary(&hits),
        [("invalid-document".to_string(), "22:11".to_string())],
        "{hits:#?}"
    );
}

#[test]
fn callbacks_multiplied_by_aliases_or_refs_stop_at_the_budget() {
    // 9 callbacks × 8 methods at each of 7 levels: 10^13 operations if expanded.
    for file in [
        "fixtures/bad/callback-bomb.yaml",
        "fixtures/bad/ref-bomb.yaml",
    ] {
        let started = Instant::now();
        let (code, lines, _) = short(&[file]);
        assert_eq!(code, 1, "{file}");
        assert_eq!(
            places(&lines),
            [("invalid-document", format!("{file}:1:1"))],
            "{file}"
        );
        assert!(lines[0].message.contains("the rest was not linted"));
        // ~5 s of CPU in a debug build (under 1 s released), far from the 10^13 operations'
        // worth of expansion; the limit leaves room for a loaded machine.
        assert!(started.elapsed() < Duration::from_secs(40), "{file}");
        // The report shows the place, not the whole document.
        let output = statuslint().arg(file).output().unwrap();
        let report = String::from_utf8(output.stdout).unwrap();
        assert!(report.lines().count() < 40, "{report}");
    }
}

#[test]
fn deep_nesting_is_invalid_without_overflowing_the_stack() {
    let (code, lines, _) = short(&[
        "fixtures/bad/deep-nesting.json",
        "fixtures/bad/deep-nesting.yaml",
    ]);
    assert_eq!(code, 1);
    // The first bracket past the depth limit (512, the root mapping included).
    assert_eq!(
        places(&lines),
        [
            (
                "invalid-document",
                "fixtures/bad/deep-nesting.json:1:543".into()
            ),
            (
                "invalid-document",
                "fixtures/bad/deep-nesting.yaml:2:521".into()
            ),
        ]
    );
    assert!(lines
        .iter()
        .all(|l| l.message.contains("nesting") || l.message.contains("recursion")));

    // The whole pipeline runs in a small stack: nothing in it recurses on the input's depth.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut out = Vec::new();
            for (name, text) in [
                (
                    "deep.json",
                    format!("{{\"openapi\": \"3.1.0\", \"x\": {}", "[".repeat(100_000)),
                ),
                (
                    "deep.yaml",
                    format!("openapi: 3.1.0\nx: {}", "{a: ".repeat(100_000)),
                ),
                (
                    "deep2.yaml",
                    format!("openapi: 3.1.0\nx:\n{}", "- ".repeat(100_000)),
                ),
            ] {
                out.push(summary(&lint_bytes(name, text.as_bytes()).findings()));
            }
            out
        })
        .unwrap();
    let results = handle.join().expect("no stack overflow");
    for result in results {
        assert_eq!(result.len(), 1, "{result:?}");
        assert_eq!(result[0].0, "invalid-document");
    }
}

#[test]
fn ref_cycles_are_unresolved_refs() {
    let (code, lines, _) = short(&["fixtures/bad/ref-cycle-a.yaml"]);
    assert_eq!(code, 1);
    let refs: Vec<_> = lines
        .iter()
        .filter(|l| l.rule == "unresolved-ref")
        .map(|l| l.at.to_string())
        .collect();
    // a → b → a: reported once, where the chain first meets itself (in b); the
    // self-reference at its own `$ref`.
    assert_eq!(
        refs,
        [
            "fixtures/bad/ref-cycle-a.yaml:18:13",
            "fixtures/bad/ref-cycle-b.yaml:3:9",
        ]
    );
    assert!(lines
        .iter()
        .filter(|l| l.rule == "unresolved-ref")
        .all(|l| l.message.contains("cycle")));
}

#[test]
fn url_refs_are_never_fetched() {
    let (code, lines, _) = short(&["fixtures/bad/ref-url.yaml"]);
    assert_eq!(code, 1);
    let line = lines.iter().find(|l| l.rule == "unresolved-ref").unwrap();
    assert_eq!(line.at, Place::new("fixtures/bad/ref-url.yaml", 10, 17));
    assert!(line.message.contains("https://example.com/api/common.yaml"));
    assert!(line.message.contains("never fetch"), "{}", line.message);
}

#[test]
fn refs_outside_the_project_are_unresolved() {
    let (code, lines, _) = short(&["fixtures/bad/ref-outside.yaml"]);
    assert_eq!(code, 1);
    let line = lines.iter().find(|l| l.rule == "unresolved-ref").unwrap();
    assert_eq!(line.at, Place::new("fixtures/bad/ref-outside.yaml", 10, 17));
    assert!(
        line.message.contains("outside the project"),
        "{}",
        line.message
    );
    // Nothing of the target leaked into the report.
    assert!(!line.message.contains("root:"));
}

#[test]
fn unsupported_versions_and_broken_structure_are_invalid_documents() {
    let (code, lines, _) = short(&[
        "fixtures/bad/unsupported-version.yaml",
        "fixtures/bad/paths-list.yaml",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        places(&lines),
        [
            (
                "invalid-document",
                "fixtures/bad/paths-list.yaml:5:1".into()
            ),
            (
                "invalid-document",
                "fixtures/bad/unsupported-version.yaml:1:10".into()
            ),
        ]
    );
    assert!(lines[1].message.contains("4.0.0"));
}

/// Writes a spec of about `target` bytes with a known finding at its very end; returns the
/// text and the line of that finding.
fn big_spec(target: usize) -> (String, usize) {
    let mut text =
        String::from("openapi: 3.1.0\ninfo:\n  title: Big\n  version: \"1.0\"\npaths:\n");
    let mut i = 0;
    while text.len() < target {
        write!(
            text,
            "  /items/{i}/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}}}\n    get:\n      description: |\n        Item {i}, with a description long enough to weigh something in the file.\n      responses:\n        \"200\":\n          description: The item\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  id: {{type: string}}\n                  name: {{type: string, maxLength: 100}}\n        \"404\":\n          description: No such item\n          content:\n            application/problem+json:\n              schema: {{type: object}}\n"
        )
        .unwrap();
        i += 1;
    }
    text.push_str("  /last:\n    post:\n      responses:\n        \"201\":\n          description: Created\n          content: {application/json: {}}\n");
    let line = text.lines().count() - 2;
    (text, line)
}

#[test]
fn a_50_mb_spec_is_linted_and_the_other_files_too() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let (text, line) = big_spec(50 * 1024 * 1024);
    std::fs::write(&big, &text).unwrap();
    drop(text);
    let started = Instant::now();
    let output = statuslint()
        .timeout(Duration::from_secs(120))
        .args(["--format", "short"])
        .arg(&big)
        .arg("fixtures/clean.yaml")
        .arg("fixtures/bad/malformed.json")
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines = parse_short(&stdout);
    // The big file's one finding (a warning) at its last response, and the malformed file's
    // error: exit 1 comes from the other file.
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.rule.as_str(), l.at.line))
            .collect::<Vec<_>>(),
        [("created-without-location", line), ("invalid-document", 8)],
        "{stdout}"
    );
    assert!(lines[0].at.file.ends_with("big.yaml"));
    assert_eq!(output.status.code(), Some(1));
    eprintln!("50 MB spec and two fixtures linted in {elapsed:?}");
}

#[test]
fn every_bad_file_at_once_and_the_good_ones_still_linted() {
    let (code, lines, stderr) = short(&["fixtures/bad", "fixtures/petstore.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    let files: std::collections::BTreeSet<_> = lines.iter().map(|l| l.at.file.as_str()).collect();
    for file in [
        "fixtures/bad/malformed.yaml",
        "fixtures/bad/malformed.json",
        "fixtures/bad/invalid-utf8.yaml",
        "fixtures/bad/deep-nesting.json",
        "fixtures/bad/deep-nesting.yaml",
        "fixtures/bad/ref-cycle-a.yaml",
        "fixtures/bad/ref-cycle-b.yaml",
        "fixtures/bad/ref-url.yaml",
        "fixtures/bad/ref-outside.yaml",
        "fixtures/bad/unsupported-version.yaml",
        "fixtures/bad/paths-list.yaml",
        "fixtures/bad/callback-bomb.yaml",
        "fixtures/bad/ref-bomb.yaml",
        "fixtures/petstore.yaml",
    ] {
        assert!(files.contains(file), "{file} missing from {files:?}");
    }
    // Only the loader's rules speak of the broken files; the petstore keeps its 6 findings
    // (its shared 401 is one, at the definition; its deprecated PATCH one more).
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.at.file == "fixtures/petstore.yaml")
            .count(),
        6
    );
}

#[test]
fn a_missing_path_is_exit_2_and_the_others_are_still_linted() {
    let (code, lines, stderr) = short(&["fixtures/no-such-file.yaml", "fixtures/petstore.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fixtures/no-such-file.yaml"), "{stderr}");
    assert_eq!(lines.len(), 6);
    assert!(lines.iter().all(|l| l.at.file == "fixtures/petstore.yaml"));
    // Even when everything else is clean.
    let (code, lines, _) = short(&["fixtures/clean.yaml", "fixtures/no-such-dir/"]);
    assert_eq!(code, 2);
    assert!(lines.is_empty());
}

#[test]
fn a_finding_far_along_a_minified_line_is_shown_in_a_window() {
    // One line, the 204's `content` past column 70,000 (miette cannot pad beyond 65,535), and
    // the same response used again further along (two labels far apart on one line).
    let padding = "x".repeat(70_000);
    let text = format!(
        r##"{{"openapi":"3.1.0","info":{{"title":"t","version":"1","description":"{padding}"}},"paths":{{"/a":{{"delete":{{"responses":{{"204":{{"$ref":"#/components/responses/Gone"}}}}}}}},"/b":{{"delete":{{"responses":{{"204":{{"$ref":"#/components/responses/Gone"}}}}}}}}}},"components":{{"responses":{{"Gone":{{"description":"{padding}","content":{{"a/b":{{}}}}}}}}}}}}"##
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("min.json");
    std::fs::write(&file, &text).unwrap();
    let output = statuslint()
        .args(["--color", "never"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("no-content-with-body"), "{stdout}");
    assert!(
        stdout.contains("content declared in a response that has none"),
        "{stdout}"
    );
    // The header counts the real column; the snippet shows a window, not 140,000 bytes.
    let column = text.rfind("\"content\"").unwrap() + 1;
    assert!(
        stdout.contains(&format!("min.json:1:{column}]")),
        "{stdout}"
    );
    assert!(
        stdout.lines().all(|l| l.len() < 1_000),
        "a line of the report is too long"
    );
}
