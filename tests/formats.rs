//! The machine formats of `--format`: a snapshot of each (what a person reviews) plus parsed
//! assertions (what a machine relies on): JSON fields and positions, SARIF against the official
//! schema, GitHub workflow commands and their escaping, GitLab fingerprints, JUnit structure.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::Command;
use serde_json::Value;
use statuslint::engine::Levels;
use statuslint::lint::{lint_file, lint_text, Options, Outcome};
use statuslint::registry::RuleSet;
use statuslint::report::{self, Format, Graphical, Linted};

const DIR: &str = "tests/data/formats";

fn rules() -> &'static RuleSet {
    RuleSet::builtin().expect("built-in rules validate")
}

fn cwd() -> PathBuf {
    std::env::current_dir().unwrap()
}

fn with_options<T>(f: impl FnOnce(&Options) -> T) -> T {
    let rules = rules();
    let levels = Levels::all_default(rules);
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: Arc::from(vec![cwd()]),
        overlay: None,
    };
    f(&options)
}

fn linted(outcome: Outcome) -> Linted {
    match outcome {
        Outcome::Linted { sources, findings } => Linted { sources, findings },
        Outcome::Skipped(skip) => panic!("skipped: {skip}"),
        Outcome::Unreadable(e) => panic!("unreadable: {e}"),
    }
}

/// The fixture files, linted as the CLI would name them.
fn fixtures() -> Vec<Linted> {
    with_options(|options| {
        ["clean.yaml", "pets.yaml"]
            .iter()
            .map(|file| {
                let name = format!("{DIR}/{file}");
                linted(lint_file(Path::new(&name), name.clone(), options))
            })
            .collect()
    })
}

/// An in-memory document named `name` (relative to the working directory).
fn document(name: &str, text: &str) -> Linted {
    with_options(|options| linted(lint_text(&cwd().join(name), name.into(), text, options)))
}

fn render(format: Format, files: &[Linted]) -> String {
    let mut out = Vec::new();
    report::write(
        format,
        files,
        rules(),
        &Graphical::new(false, 100),
        &mut out,
    )
    .unwrap();
    String::from_utf8(out).unwrap()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// The tool version, so that snapshots survive a release.
fn without_version(text: &str) -> String {
    text.replace(
        &format!("\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\": \"[version]\"",
    )
}

/// A document of `n` POST operations each answering 201 without `Location`: n warnings.
fn many_warnings(n: usize) -> String {
    let mut doc = String::from("openapi: 3.1.0\ninfo: {title: Many, version: \"1\"}\npaths:\n");
    for i in 0..n {
        doc.push_str(&format!(
            "  /things{i}:\n    post:\n      responses:\n        \"201\": {{description: Created}}\n"
        ));
    }
    doc
}

// ---------------------------------------------------------------------------------------- json

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", without_version(&render(Format::Json, &fixtures())));
}

#[test]
fn json_fields_and_positions() {
    let files = fixtures();
    let report = json(&render(Format::Json, &files));
    assert_eq!(report["version"], 1);
    assert_eq!(report["tool"]["name"], "statuslint");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 1, "warnings": 1, "infos": 3, "files": 2, "occurrences": 5})
    );
    let findings = report["findings"].as_array().unwrap();
    let rules_in_order: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules_in_order,
        [
            "created-without-location",
            "path-parameter-without-not-found",
            "error-without-content",
            "service-unavailable-without-retry-after",
            "no-content-with-body",
        ]
    );

    let created = &findings[0];
    assert_eq!(created["file"], "tests/data/formats/pets.yaml");
    assert_eq!(created["severity"], "warning");
    assert_eq!(created["pointer"], "/paths/~1pets/post/responses/201");
    assert_eq!(
        created["url"],
        "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2"
    );
    assert!(created["help"]
        .as_str()
        .unwrap()
        .starts_with("Declare a `Location` header"));
    assert_eq!(created["start"]["line"], 11);
    assert_eq!(created["start"]["column"], 9);
    assert_eq!(
        created["end"]["column"], 14,
        "the end is exclusive: `\"201\"`"
    );

    // A shared definition in another file: the finding is there, with its use.
    let via_ref = &findings[4];
    assert_eq!(via_ref["file"], "tests/data/formats/common.yaml");
    assert_eq!(via_ref["pointer"], "/components/responses/Deleted/content");
    assert_eq!(via_ref["start"]["line"], 5);
    assert_eq!(via_ref["related"], serde_json::json!([]));
    let uses = via_ref["uses"].as_array().unwrap();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0]["file"], "tests/data/formats/pets.yaml");
    assert_eq!(uses[0]["method"], "POST");
    assert_eq!(uses[0]["path"], "/pets");
    assert_eq!(uses[0]["pointer"], "/paths/~1pets/post/responses/204");
    assert_eq!(uses[0]["start"]["line"], 13);
    assert_eq!(created["uses"], serde_json::json!([]));

    // After `"Le 🐈"` on the same line: the column counts the cat once, the offset four bytes.
    let after_cat = &findings[2];
    assert_eq!(after_cat["start"]["line"], 18);
    assert_eq!(after_cat["start"]["column"], 82);

    // Every position agrees with the file's text, computed independently here.
    for finding in findings {
        let mut places = vec![finding];
        places.extend(finding["related"].as_array().unwrap());
        places.extend(finding["uses"].as_array().unwrap());
        for place in places {
            let text = std::fs::read_to_string(place["file"].as_str().unwrap()).unwrap();
            for end in ["start", "end"] {
                let pos = &place[end];
                let offset = pos["offset"].as_u64().unwrap() as usize;
                let before = &text[..offset];
                let line = before.matches('\n').count() + 1;
                let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
                    .chars()
                    .count()
                    + 1;
                assert_eq!(pos["line"], line, "{place}");
                assert_eq!(pos["column"], column, "{place}");
            }
        }
    }
}

#[test]
fn json_of_a_clean_run_has_no_findings() {
    let report = json(&render(Format::Json, &[]));
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["summary"]["files"], 0);
}

// --------------------------------------------------------------------------------------- sarif

fn sarif_validator() -> jsonschema::Validator {
    let schema = std::fs::read_to_string("tests/schemas/sarif-2.1.0.json").unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&json(&schema))
        .expect("the SARIF schema compiles")
}

fn assert_valid_sarif(text: &str) {
    let log = json(text);
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not validate:\n{}",
        errors.join("\n")
    );
}

/// The SARIF log with what changes for reasons outside this test elided: the rule catalogue
/// (checked by `sarif_lists_every_rule`), rule indexes, the version, the project's URL and the
/// working directory.
fn sarif_for_snapshot(text: &str) -> String {
    let log = json(text);
    let cwd_uri = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap()
        .to_string();
    let text = without_version(text).replace(&format!("\"{cwd_uri}\""), "\"[cwd]\"");
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        // Cargo.toml's homepage or repository, when it has one (checked below).
        if line.trim().starts_with("\"informationUri\": ") {
            continue;
        }
        if let Some(index) = line.trim().strip_prefix("\"ruleIndex\": ") {
            assert!(index.trim_end_matches(',').parse::<usize>().is_ok());
            out.push(line.replace(index.trim_end_matches(','), "\"[index]\""));
            continue;
        }
        out.push(line.to_string());
        if line.trim() == "\"rules\": [" {
            let indent = &line[..line.len() - line.trim_start().len()];
            out.push(format!("{indent}  \"[every rule]\""));
            let close = lines
                .by_ref()
                .find(|inner| {
                    inner
                        .strip_prefix(indent)
                        .is_some_and(|r| r.starts_with(']'))
                })
                .expect("the rules array closes");
            out.push(close.to_string());
        }
    }
    out.join("\n") + "\n"
}

#[test]
fn sarif_snapshot() {
    let text = render(Format::Sarif, &fixtures());
    let shown = sarif_for_snapshot(&text);
    insta::assert_snapshot!("sarif", shown);
}

#[test]
fn sarif_validates_against_the_official_schema() {
    assert_valid_sarif(&render(Format::Sarif, &fixtures()));
    assert_valid_sarif(&render(Format::Sarif, &[]));
    assert_valid_sarif(&render(
        Format::Sarif,
        &[document(
            "odd dir/a:b #1 café.yaml",
            &many_warnings(1).replace("/things0", "/a b"),
        )],
    ));
}

#[test]
fn sarif_of_a_shared_definition_is_one_valid_result_with_its_uses() {
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..4 {
        text.push_str(&format!(
            "  /r{i}:\n    get:\n      responses:\n        '200': {{description: ok, content: {{a/b: {{}}}}}}\n        '401': {{$ref: '#/components/responses/Unauthorized'}}\n"
        ));
    }
    text.push_str("components:\n  responses:\n    Unauthorized:\n      description: no\n      content: {a/b: {}}\n");
    let sarif = render(Format::Sarif, &[document("shared.yaml", &text)]);
    assert_valid_sarif(&sarif);
    let log = json(&sarif);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let related = results[0]["relatedLocations"].as_array().unwrap();
    assert_eq!(related.len(), 4);
    assert_eq!(related[3]["message"]["text"], "used by GET /r3");
    assert_eq!(related[3]["id"], 3);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        26
    );
}

#[test]
fn sarif_schema_check_rejects_a_broken_log() {
    // The validation above means something: a result without a message is refused.
    let mut log = json(&render(Format::Sarif, &fixtures()));
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!sarif_validator().is_valid(&log));
}

#[test]
fn sarif_lists_every_rule() {
    let log = json(&render(Format::Sarif, &[]));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["results"], serde_json::json!([]));
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "statuslint");
    let homepage = [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty());
    assert_eq!(driver["informationUri"].as_str(), homepage);
    let listed = driver["rules"].as_array().unwrap();
    assert_eq!(listed.len(), rules().rules.len());
    for (descriptor, rule) in listed.iter().zip(&rules().rules) {
        let doc = &rule.doc;
        assert_eq!(descriptor["id"], doc.id);
        assert_eq!(descriptor["shortDescription"]["text"], doc.summary);
        assert_eq!(
            descriptor["fullDescription"]["text"],
            doc.rationale.trim_end()
        );
        assert_eq!(descriptor["help"]["text"], doc.help.trim_end());
        assert_eq!(descriptor["helpUri"], doc.source.url);
        let level = match doc.severity.as_str() {
            "info" => "note",
            other => other,
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
        let name = descriptor["name"].as_str().unwrap();
        assert_eq!(name.to_lowercase(), doc.id.replace('-', ""));
        assert!(name.starts_with(|c: char| c.is_ascii_uppercase()));
    }
    assert_eq!(
        listed
            .iter()
            .find(|d| d["id"] == "created-without-location")
            .unwrap()["name"],
        "CreatedWithoutLocation"
    );
}

#[test]
fn sarif_results_match_the_json_report() {
    let files = fixtures();
    let log = json(&render(Format::Sarif, &files));
    let report = json(&render(Format::Json, &files));
    let run = &log["runs"][0];
    let descriptors = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    let mut fingerprints = std::collections::HashSet::new();
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(descriptors[index]["id"], finding["rule"]);
        let level = match finding["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        assert_eq!(result["message"]["text"], finding["message"]);
        let physical = &result["locations"][0]["physicalLocation"];
        assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(physical["artifactLocation"]["uri"], finding["file"]);
        let region = &physical["region"];
        assert_eq!(region["startLine"], finding["start"]["line"]);
        assert_eq!(region["startColumn"], finding["start"]["column"]);
        assert_eq!(region["endLine"], finding["end"]["line"]);
        assert_eq!(region["endColumn"], finding["end"]["column"]);
        assert!(region.get("charOffset").is_none());
        // The related places, then the uses.
        let mut related: Vec<(String, &Value)> = finding["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["message"].as_str().unwrap().to_string(), r))
            .collect();
        related.extend(finding["uses"].as_array().unwrap().iter().map(|u| {
            let text = format!(
                "used by {} {}",
                u["method"].as_str().unwrap(),
                u["path"].as_str().unwrap()
            );
            (text, u)
        }));
        let related_locations = result["relatedLocations"].as_array().map_or(&[][..], |r| r);
        assert_eq!(related_locations.len(), related.len());
        for (location, (message, place)) in related_locations.iter().zip(related) {
            assert_eq!(location["message"]["text"], message.as_str());
            let physical = &location["physicalLocation"];
            assert_eq!(physical["artifactLocation"]["uri"], place["file"]);
            assert_eq!(physical["region"]["startLine"], place["start"]["line"]);
        }
        let fingerprint = result["partialFingerprints"]["statuslint/v1"]
            .as_str()
            .unwrap();
        assert!(fingerprints.insert(fingerprint.to_string()));
    }
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
}

// -------------------------------------------------------------------------------------- github

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", render(Format::Github, &fixtures()));
}

#[test]
fn github_lines_are_workflow_commands() {
    let text = render(Format::Github, &fixtures());
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        "::warning file=tests/data/formats/pets.yaml,line=11,col=9,endLine=11,endColumn=14,\
         title=created-without-location::201 Created on POST /pets has no `Location` header: \
         the client cannot tell which resource was created"
    );
    assert!(lines[1..4].iter().all(|l| l.starts_with("::notice file=")));
    assert!(lines[2].contains(",line=18,col=82,"));
    assert!(lines[4].starts_with("::error file=tests/data/formats/common.yaml,line=5,col=7,"));
    assert!(lines[4].ends_with("; used by POST /pets"));
}

#[test]
fn github_escapes_properties_and_data() {
    let doc = many_warnings(1).replace("/things0", "/100%25,done");
    let text = render(
        Format::Github,
        &[document("specs/odd, name: 100%.yaml", &doc)],
    );
    assert_eq!(
        text.trim_end(),
        "::warning file=specs/odd%2C name%3A 100%25.yaml,line=7,col=9,endLine=7,endColumn=14,\
         title=created-without-location::201 Created on POST /100%2525,done has no `Location` \
         header: the client cannot tell which resource was created"
    );
}

#[test]
fn github_says_when_annotations_are_dropped() {
    let text = render(Format::Github, &[document("many.yaml", &many_warnings(12))]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 13);
    assert!(lines[..12].iter().all(|l| l.starts_with("::warning ")));
    assert_eq!(
        lines[12],
        "statuslint: 12 warnings; GitHub shows only the first 10 annotations of each type per \
         step (and 50 per job), so 2 are not shown as annotations: see the full report with \
         --format short"
    );
    let text = render(Format::Github, &[document("few.yaml", &many_warnings(10))]);
    assert!(text.lines().all(|l| l.starts_with("::warning ")));
}

// -------------------------------------------------------------------------------------- gitlab

#[test]
fn gitlab_snapshot() {
    insta::assert_snapshot!("gitlab", render(Format::Gitlab, &fixtures()));
}

fn gitlab_fingerprints(files: &[Linted]) -> Vec<String> {
    json(&render(Format::Gitlab, files))
        .as_array()
        .unwrap()
        .iter()
        .map(|issue| issue["fingerprint"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn gitlab_issues_have_the_code_quality_fields() {
    let issues = json(&render(Format::Gitlab, &fixtures()));
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 5);
    let severities: Vec<&str> = issues
        .iter()
        .map(|i| i["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["minor", "info", "info", "info", "major"]);
    let first = &issues[0];
    assert_eq!(first["check_name"], "created-without-location");
    assert!(first["description"]
        .as_str()
        .unwrap()
        .starts_with("201 Created on POST /pets"));
    assert_eq!(first["location"]["path"], "tests/data/formats/pets.yaml");
    assert_eq!(first["location"]["lines"]["begin"], 11);
    for issue in issues {
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 16);
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

#[test]
fn gitlab_fingerprints_are_stable_and_distinct() {
    let first = gitlab_fingerprints(&fixtures());
    let second = gitlab_fingerprints(&fixtures());
    assert_eq!(first, second);
    let distinct: std::collections::HashSet<_> = first.iter().collect();
    assert_eq!(distinct.len(), first.len(), "{first:?}");
}

#[test]
fn gitlab_fingerprints_survive_edits_that_move_nodes() {
    let text = std::fs::read_to_string(format!("{DIR}/pets.yaml")).unwrap();
    let name = format!("{DIR}/pets.yaml");
    let before = gitlab_fingerprints(&[document(&name, &text)]);
    let moved = format!("# a new comment\n# and another\n{text}");
    let after = gitlab_fingerprints(&[document(&name, &moved)]);
    assert_eq!(before, after);
    // ... but not a finding in another file (the last finding is at the definition both
    // files share, in common.yaml: it is the same cause).
    let elsewhere = gitlab_fingerprints(&[document(&format!("{DIR}/other.yaml"), &text)]);
    assert!(before[..4].iter().all(|f| !elsewhere.contains(f)));
    assert_eq!(before[4], elsewhere[4]);
}

#[test]
fn gitlab_fingerprints_tell_repeated_findings_apart() {
    // Two loader problems of one rule share file, rule and pointer; their order tells them apart.
    let doc = "openapi: 3.1.0\ninfo: {title: Refs, version: \"1\"}\npaths:\n  /a:\n    get:\n      \
               responses:\n        \"200\": {$ref: \"#/components/responses/Missing1\"}\n  /b:\n    \
               get:\n      responses:\n        \"200\": {$ref: \"#/components/responses/Missing2\"}\n";
    let file = document("refs.yaml", doc);
    let unresolved: Vec<_> = file
        .findings
        .iter()
        .filter(|f| f.rule == "unresolved-ref")
        .collect();
    assert_eq!(unresolved.len(), 2, "{:?}", file.findings);
    let fingerprints = gitlab_fingerprints(&[file]);
    let distinct: std::collections::HashSet<_> = fingerprints.iter().collect();
    assert_eq!(distinct.len(), fingerprints.len());
}

// --------------------------------------------------------------------------------------- junit

#[test]
fn junit_snapshot() {
    insta::assert_snapshot!("junit", render(Format::Junit, &fixtures()));
}

#[test]
fn junit_has_a_suite_a_file_and_a_case_a_rule() {
    let text = render(Format::Junit, &fixtures());
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("tests"), Some("6"));
    assert_eq!(root.attribute("failures"), Some("5"));
    let suites: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 2);

    let clean = &suites[0];
    assert_eq!(
        clean.attribute("name"),
        Some("tests/data/formats/clean.yaml")
    );
    assert_eq!(clean.attribute("failures"), Some("0"));
    let cases: Vec<_> = clean.children().filter(|n| n.is_element()).collect();
    assert_eq!(cases.len(), 1);
    assert_eq!(cases[0].attribute("name"), Some("statuslint"));
    assert_eq!(cases[0].children().filter(|n| n.is_element()).count(), 0);

    let pets = &suites[1];
    assert_eq!(pets.attribute("name"), Some("tests/data/formats/pets.yaml"));
    assert_eq!(pets.attribute("tests"), Some("5"));
    assert_eq!(pets.attribute("failures"), Some("5"));
    let cases: Vec<(&str, &str)> = pets
        .children()
        .filter(|n| n.is_element())
        .map(|case| {
            assert_eq!(case.attribute("classname"), pets.attribute("name"));
            let failure = case.first_element_child().unwrap();
            assert_eq!(failure.tag_name().name(), "failure");
            (
                case.attribute("name").unwrap(),
                failure.attribute("type").unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cases,
        [
            ("created-without-location", "warning"),
            ("path-parameter-without-not-found", "info"),
            ("error-without-content", "info"),
            ("service-unavailable-without-retry-after", "info"),
            ("no-content-with-body", "error"),
        ]
    );
    let failure = pets
        .children()
        .find(|n| n.attribute("name") == Some("created-without-location"))
        .and_then(|n| n.first_element_child())
        .unwrap();
    let body = failure.text().unwrap();
    assert!(body.starts_with(
        "tests/data/formats/pets.yaml:11:9: warning: 201 Created on POST /pets has no `Location`"
    ));
    assert!(body
        .ends_with("See RFC 9110 §15.3.2 <https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2>"));
}

#[test]
fn junit_escapes_markup() {
    let doc = many_warnings(1).replace("/things0", "/a<b>&'c'");
    let file = document("specs/<odd> & \"name\".yaml", &doc);
    let message = file.findings[0].message.clone();
    let text = render(Format::Junit, &[file]);
    let xml = roxmltree::Document::parse(&text).expect("well-formed XML");
    let suite = xml.root_element().first_element_child().unwrap();
    assert_eq!(suite.attribute("name"), Some("specs/<odd> & \"name\".yaml"));
    let failure = suite
        .first_element_child()
        .unwrap()
        .first_element_child()
        .unwrap();
    assert_eq!(failure.attribute("message"), Some(message.as_str()));
    assert!(failure.text().unwrap().contains(&message));
}

#[test]
fn junit_of_no_files_is_an_empty_report() {
    let text = render(Format::Junit, &[]);
    let xml = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_eq!(xml.root_element().attribute("tests"), Some("0"));
}

// ----------------------------------------------------------------------------------------- cli

#[test]
fn every_format_is_reachable_from_the_command_line() {
    for format in ["json", "sarif", "github", "gitlab", "junit"] {
        let output = Command::cargo_bin("statuslint")
            .unwrap()
            .args(["--format", format, DIR])
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{format}: errors fail the run"
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        match format {
            "json" => assert_eq!(json(&stdout)["findings"].as_array().unwrap().len(), 5),
            "sarif" => assert_valid_sarif(&stdout),
            "gitlab" => assert_eq!(json(&stdout).as_array().unwrap().len(), 5),
            "github" => assert!(stdout.lines().all(|l| l.starts_with("::")), "{stdout}"),
            "junit" => {
                roxmltree::Document::parse(&stdout).expect("well-formed XML");
            }
            _ => unreachable!(),
        }
        // The human summary goes to stderr, so the report stays machine-readable.
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("1 error, 1 warning, 3 info"), "{stderr}");
    }
}
