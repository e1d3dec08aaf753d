//! YAML, JSON and encoding edge cases (issue 8): each one pinned with the exact place of every
//! finding, in YAML and in JSON where both apply. A broken spec must never pass silently, and a
//! valid one must be read as the YAML and JSON readers everyone else uses read it.

mod common;

use common::{lint_bytes, lint_source, statuslint, summary, Hit, Linted};

/// `(rule, "line:col")` pairs, for readable expectations.
fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(rule, at)| (rule.to_string(), at.to_string()))
        .collect()
}

/// The findings of one rule.
fn of<'h>(hits: &'h [Hit], rule: &str) -> Vec<&'h Hit> {
    hits.iter().filter(|h| h.rule == rule).collect()
}

// 2. A byte order mark must not hide a broken API description.

#[test]
fn a_broken_file_with_a_bom_is_invalid_not_skipped() {
    let yaml = "\u{feff}openapi: 3.1.0\npaths:\n  /a: [\n";
    let json = "\u{feff}{\"openapi\": \"3.1.0\", \"paths\": {,}}";
    for (name, text, at) in [("bom.yaml", yaml, "3:7"), ("bom.json", json, "1:32")] {
        let hits = match lint_bytes(name, text.as_bytes()) {
            Linted::Findings(hits) => hits,
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(
            summary(&hits),
            expect(&[("invalid-document", at)]),
            "{name}"
        );
        // Without the mark: the same finding at the same place (a BOM is no column).
        let bare = text.trim_start_matches('\u{feff}');
        let hits = lint_bytes(name, bare.as_bytes()).findings();
        assert_eq!(
            summary(&hits),
            expect(&[("invalid-document", at)]),
            "{name}"
        );
    }
    // And the run fails.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.yaml");
    std::fs::write(&path, yaml).unwrap();
    statuslint().arg(&path).assert().code(1);
}

// 3. Repeated keys: reported at each repetition, the first as related; the last one is read.

#[test]
fn repeated_yaml_keys_are_invalid_and_the_last_one_is_read() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    delete:
      responses:
        '204':
          description: gone
          content: {}
          content:
            application/json: {}
    get:
      responses:
        '200': {description: a, content: {text/plain: {}}}
    get:
      responses:
        '200': {description: b, content: {text/plain: {}}}
        '200': {description: c, content: {text/plain: {}}}
";
    let hits = lint_source("dup.yaml", text);
    assert_eq!(
        summary(&hits),
        expect(&[
            ("invalid-document", "10:11"),
            ("no-content-with-body", "10:11"),
            ("invalid-document", "15:5"),
            ("invalid-document", "18:9"),
        ])
    );
    let repeated = of(&hits, "invalid-document");
    assert!(repeated[0].message.contains("`content` is written twice"));
    assert!(repeated[0].message.contains("first on line 9"));
    let related: Vec<String> = repeated
        .iter()
        .map(|h| h.related[0].0.to_string())
        .collect();
    assert_eq!(related, ["dup.yaml:9:11", "dup.yaml:12:5", "dup.yaml:17:9"]);
}

#[test]
fn a_repeated_json_status_is_duplicate_status_and_other_keys_invalid() {
    let text = r#"{
  "openapi": "3.1.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/a": {
      "delete": {
        "responses": {
          "204": {"description": "gone"},
          "204": {"description": "gone", "content": {"text/plain": {}}},
          "default": {"description": "x", "description": "y", "content": {"text/plain": {}}}
        }
      }
    }
  },
  "components": {"responses": {"204": {"description": "a"}, "204": {"description": "b"}}}
}"#;
    let hits = lint_source("dup.json", text);
    assert_eq!(
        summary(&hits),
        expect(&[
            ("duplicate-status", "9:11"),
            ("no-content-with-body", "9:42"),
            ("invalid-document", "10:43"),
            ("invalid-document", "15:61"),
        ])
    );
    assert_eq!(hits[0].related[0].0.to_string(), "dup.json:8:11");
    assert!(
        hits[0].message.contains("status `204`"),
        "{}",
        hits[0].message
    );
}

// 4. An API description is one document: a second one is reported at its `---`.

#[test]
fn a_second_yaml_document_is_invalid_at_its_start() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    delete:
      responses:
        '204': {description: gone}
---
openapi: 3.1.0
paths:
  /b:
    delete:
      responses:
        '204': {description: gone, content: {text/plain: {}}}
";
    let hits = lint_source("two.yaml", text);
    assert_eq!(summary(&hits), expect(&[("invalid-document", "8:1")]));
    assert!(
        hits[0].message.contains("second YAML document"),
        "{}",
        hits[0].message
    );
    // A broken second document is a second document too.
    let text = text.replace("openapi: 3.1.0\npaths:", "openapi: [\npaths:");
    let hits = lint_source("two.yaml", &text);
    assert_eq!(summary(&hits), expect(&[("invalid-document", "8:1")]));
}

// 1. YAML merge keys are merged, in every mapping the model reads.

#[test]
fn merge_keys_are_merged_explicit_keys_and_earlier_maps_winning() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
x-parts:
  created: &created
    description: created
    headers:
      Location: {schema: {type: string}}
  body: &body
    content:
      application/json: {}
  bare: &bare
    description: bare
    headers: {}
  gone: &gone
    description: gone
    content:
      application/json: {}
  errors: &errors
    '404': {description: none, content: {text/plain: {}}}
paths:
  /a/{id}:
    post:
      responses:
        <<: *errors
        '201':
          <<: *created
        '400':
          <<: [*body, *created]
          description: bad
        '409':
          description: explicit
          <<: [*body, *bare]
    delete:
      responses:
        <<: *errors
        '204':
          <<: *gone
  /b:
    post:
      responses:
        '201':
          <<: [*bare, *created]
";
    let hits = lint_source("merge.yaml", text);
    // The 201 has its Location, the 400 and the 409 their content, `<<` is no status, the
    // 404 merged into `responses` answers the path parameter; the 204 body arrives through
    // the merge and is reported where it is written. Of two merged maps the earlier wins:
    // /b's 201 takes the empty `headers` of `bare`.
    assert_eq!(
        summary(&hits),
        expect(&[
            ("no-content-with-body", "16:5"),
            ("created-without-location", "41:9"),
        ])
    );
    // Without the merges, the same document has the findings the merges answer.
    let unmerged = text.replace("<<:", "x-merge:");
    let rules: Vec<String> = lint_source("merge.yaml", &unmerged)
        .into_iter()
        .map(|h| h.rule)
        .collect();
    for rule in [
        "created-without-location",
        "error-without-content",
        "path-parameter-without-not-found",
    ] {
        assert!(rules.iter().any(|r| r == rule), "{rule}: {rules:?}");
    }
}

// 9. Where a node is broken or a `$ref` unresolved, only that is reported: findings it could
// cause stay quiet, everything else is still checked.

#[test]
fn a_broken_node_reports_itself_not_its_knock_on_findings() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses: oops
    head:
      parameters:
        - $ref: '#/components/parameters/Missing'
      responses:
        '304': {description: not modified}
        '204': {description: nothing}
    post:
      responses:
        '201':
          description: created
          content: text/plain
        '200':
          description: ok
    delete:
      parameters: nope
      responses:
        '204': {description: gone, content: {text/plain: {}}}
";
    let hits = lint_source("knock.yaml", text);
    assert_eq!(
        summary(&hits),
        expect(&[
            ("invalid-document", "6:7"),
            ("unresolved-ref", "9:17"),
            ("created-without-location", "15:9"),
            ("invalid-document", "17:11"),
            ("ok-without-content", "18:9"),
            ("invalid-document", "21:7"),
            ("no-content-with-body", "23:36"),
        ])
    );
    assert!(
        hits[3].message.contains("`content` must be a mapping"),
        "{}",
        hits[3].message
    );
    // JSON: the same breaks, the same findings.
    let json = r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {
  "get": {"responses": "oops"},
  "post": {"responses": {"201": {"description": "c", "content": "text/plain"}}}}}}"#;
    let hits = lint_source("knock.json", json);
    assert_eq!(
        summary(&hits),
        expect(&[
            ("invalid-document", "2:11"),
            ("created-without-location", "3:26"),
            ("invalid-document", "3:54"),
        ])
    );
}

// 5. Lone CR line ends (old Mac files) are line breaks, as YAML 1.2 §5.4 counts them.

#[test]
fn lone_cr_line_ends_give_the_right_lines() {
    let lf = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    delete:
      responses:
        '204':
          description: gone
          content: {text/plain: {}}
";
    let want = expect(&[("no-content-with-body", "9:11")]);
    assert_eq!(summary(&lint_source("lf.yaml", lf)), want);
    let cr = lf.replace('\n', "\r");
    assert_eq!(summary(&lint_source("cr.yaml", &cr)), want);
    let mixed = lf.replacen('\n', "\r", 3).replacen('\n', "\r\n", 2);
    assert_eq!(summary(&lint_source("mixed.yaml", &mixed)), want);
    // JSON too.
    let json = "{\"openapi\": \"3.1.0\",\r\"paths\": {\"/a\": {\"delete\": {\"responses\": {\r\
                \"204\": {\"description\": \"g\",\r \"content\": {\"text/plain\": {}}}}}}}}";
    let hits = lint_source("cr.json", json);
    assert_eq!(summary(&hits), expect(&[("no-content-with-body", "4:2")]));
}

// 6. An explicit tag decides a scalar's type: `!!str 203` is a string, not an integer.

#[test]
fn a_str_tagged_status_key_is_a_string() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        !!str 203:
          description: a string key
          content: {text/plain: {}}
        !<tag:yaml.org,2002:str> 200:
          description: a string key too
          content: {text/plain: {}}
        201:
          description: an integer key
          content: {text/plain: {}}
";
    let hits = lint_source("tags.yaml", text);
    assert_eq!(
        summary(&of_rule(&hits, "status-code-not-quoted")),
        expect(&[("status-code-not-quoted", "13:9")])
    );
}

fn of_rule(hits: &[Hit], rule: &str) -> Vec<Hit> {
    of(hits, rule).into_iter().cloned().collect()
}

// 7. A callback may carry `x-` extensions: they are no expressions.

#[test]
fn callback_extensions_are_not_path_items() {
    for (name, text, at) in [
        (
            "cb.yaml",
            "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      responses:
        '204': {description: ok}
      callbacks:
        done:
          x-internal: {owner: team}
          x-note: a string
          '{$request.body#/url}':
            post:
              responses:
                '201': {description: created}
",
            "15:17",
        ),
        (
            "cb.json",
            r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {
"post": {"responses": {"204": {"description": "ok"}}, "callbacks": {"done": {
  "x-internal": {"owner": "team"}, "x-note": "a string",
  "{$request.body#/url}": {"post": {"responses": {"201": {"description": "c"}}}}}}}}}}"#,
            "4:51",
        ),
    ] {
        let hits = lint_source(name, text);
        assert_eq!(
            summary(&hits),
            expect(&[("created-without-location", at)]),
            "{name}"
        );
        assert!(
            hits[0].message.contains("POST {$request.body#/url}"),
            "{}",
            hits[0].message
        );
    }
}

// 8. What belongs to one version only is read in that version only.

#[test]
fn version_specific_structure() {
    let webhooks = "\
openapi: VERSION
info: {title: t, version: '1'}
paths: {}
webhooks:
  petAdded:
    post:
      responses:
        '204': {description: ok, content: {text/plain: {}}}
";
    // `webhooks` is a 3.1 field: in 3.0 it is no operation.
    let hits = lint_source("w.yaml", &webhooks.replace("VERSION", "3.0.3"));
    assert_eq!(summary(&hits), expect(&[]));
    let hits = lint_source("w.yaml", &webhooks.replace("VERSION", "3.1.0"));
    assert_eq!(summary(&hits), expect(&[("no-content-with-body", "8:34")]));

    // Ranges came with 3.0.
    let ranges = "\
VERSION
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '2XX': {description: ok, schema: {type: string}}
";
    let hits = lint_source("r.yaml", &ranges.replace("VERSION", "swagger: '2.0'"));
    assert_eq!(summary(&hits), expect(&[("invalid-status-code", "7:9")]));
    let json = r#"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get":
  {"responses": {"2XX": {"description": "ok"}, "200": {"description": "ok", "schema": {}}}}}}}"#;
    let hits = lint_source("r.json", json);
    assert_eq!(summary(&hits), expect(&[("invalid-status-code", "2:18")]));
    let hits = lint_source("r.yaml", &ranges.replace("VERSION", "openapi: 3.0.3"));
    assert_eq!(of(&hits, "invalid-status-code").len(), 0);

    // 3.2's additionalOperations: not a method with a fixed field, in any spelling; the others
    // keep their case.
    let extra = "\
openapi: 3.2.0
info: {title: t, version: '1'}
paths:
  /a:
    additionalOperations:
      GET:
        responses:
          '204': {description: ok, content: {text/plain: {}}}
      head:
        responses:
          '204': {description: ok}
      PURGE:
        responses:
          '204': {description: ok, content: {text/plain: {}}}
";
    let hits = lint_source("x.yaml", extra);
    assert_eq!(
        summary(&hits),
        expect(&[
            ("invalid-document", "6:7"),
            ("invalid-document", "9:7"),
            ("no-content-with-body", "14:36"),
        ])
    );
    assert!(
        hits[0].message.contains("`get` field"),
        "{}",
        hits[0].message
    );
    assert!(hits[2].message.contains("PURGE /a"), "{}", hits[2].message);
    assert_eq!(
        hits[2].pointer,
        "/paths/~1a/additionalOperations/PURGE/responses/204/content"
    );
}

// 12. A header-only 200 is the normal answer to OPTIONS (RFC 9110 §9.3.7).

#[test]
fn ok_without_content_skips_options_as_it_skips_head() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    options:
      responses:
        '200':
          description: allowed methods
          headers: {Allow: {schema: {type: string}}}
    post:
      responses:
        '200': {description: done}
";
    let hits = lint_source("o.yaml", text);
    assert_eq!(summary(&hits), expect(&[("ok-without-content", "12:9")]));
}

// 11. The graphical header's column counts Unicode scalar values, as the other formats do.

#[test]
fn graphical_and_short_columns_agree_after_non_ascii_text_and_a_bom() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}{openapi: 3.1.0, info: {title: ü, version: '1'}, paths: {/ü🎉: {delete: \
                {responses: {'204': {description: é, content: {x/y: {}}}}}}}}\n";
    std::fs::write(dir.path().join("wide.yaml"), text).unwrap();
    let run = |format: &str| {
        let output = statuslint()
            .current_dir(dir.path())
            .args(["--format", format, "wide.yaml"])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let short = run("short");
    let graphical = run("graphical");
    // `content` is the 109th character after the mark (its byte column is 118).
    assert!(
        short.starts_with("wide.yaml:1:109: error[no-content-with-body]"),
        "{short}"
    );
    assert!(graphical.contains("╭─[wide.yaml:1:109]"), "{graphical}");
    insta::assert_snapshot!("graphical_columns_in_chars", graphical);
}

// 13. `explain` knows the keys that are no codes; `responses: {$ref}` says what is wrong; a
// finding reached through a path-item `$ref` has its pointer in its own file.

#[test]
fn explain_ranges_and_default() {
    for topic in ["2XX", "4xx", "default"] {
        let output = statuslint().args(["explain", topic]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{topic}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        insta::assert_snapshot!(format!("explain_{topic}"), stdout);
    }
    statuslint().args(["explain", "6XX"]).assert().code(2);
}

#[test]
fn responses_as_a_ref_says_so() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        $ref: '#/components/responses/Ok'
components:
  responses:
    Ok: {description: ok}
";
    let hits = lint_source("r.yaml", text);
    assert_eq!(summary(&hits), expect(&[("invalid-document", "7:9")]));
    assert!(
        hits[0]
            .message
            .starts_with("`responses` cannot be a `$ref`"),
        "{}",
        hits[0].message
    );
}

#[test]
fn a_path_item_ref_gives_pointers_in_its_own_file_and_the_ref_as_related() {
    let hits = common::lint_fixture("fixtures/multi/api.yaml");
    let in_paths: Vec<_> = hits
        .iter()
        .filter(|h| h.at.file == "fixtures/multi/paths/pets.yaml")
        .collect();
    // (The 401 of pets.yaml comes through a shared definition: it is reported there.)
    assert_eq!(in_paths.len(), 1, "{hits:#?}");
    for hit in &in_paths {
        assert!(hit.pointer.starts_with("/get/") || hit.pointer.starts_with("/post/"));
        assert_eq!(
            hit.related.last().unwrap(),
            &(
                common::Place::new("fixtures/multi/api.yaml", 11, 11),
                "`/pets` is brought in by this `$ref`".to_string()
            )
        );
    }
    assert_eq!(in_paths[0].pointer, "/post/responses/405");
    // A `$ref` into a file's fragment: the pointer is that fragment's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("api.json"),
        r#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
"paths": {"/a": {"$ref": "items.yaml#/items/a~1b"}}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("items.yaml"),
        "items:\n  a/b:\n    delete:\n      responses:\n        '204': {description: x, content: {x/y: {}}}\n",
    )
    .unwrap();
    let hits =
        common::lint_anywhere(&dir.path().join("api.json"), "api.json", dir.path()).findings();
    assert_eq!(hits.len(), 1, "{hits:#?}");
    assert_eq!(hits[0].at.to_string(), "items.yaml:5:33");
    assert_eq!(hits[0].pointer, "/items/a~1b/delete/responses/204/content");
    assert_eq!(
        hits[0].related.last().unwrap().0.to_string(),
        "api.json:2:26"
    );
}

// 10. A YAML alias is a use, as a `$ref` is: reported at the alias, the anchored definition
// related.

#[test]
fn aliases_are_reported_at_each_use_like_refs() {
    let text = "\
openapi: 3.1.0
info: {title: t, version: '1'}
x-shared:
  responses: &shared
    '204':
      description: gone
      content: {text/plain: {}}
  ok: &ok
    description: ok
paths:
  /a:
    delete:
      responses: *shared
  /b:
    delete:
      responses: *shared
    get:
      responses:
        '200': *ok
";
    let hits = lint_source("alias.yaml", text);
    // One finding per cause (issue 9): at the anchored definition, where the fix goes, with
    // each use listed at its alias, as a `$ref`'d definition is.
    assert_eq!(
        summary(&hits),
        expect(&[
            ("no-content-with-body", "7:7"),
            ("ok-without-content", "9:5")
        ])
    );
    let uses = |h: &Hit| -> Vec<String> {
        h.uses
            .iter()
            .map(|(at, operation)| format!("{at} {operation}"))
            .collect()
    };
    assert_eq!(
        uses(&hits[0]),
        ["alias.yaml:13:18 DELETE /a", "alias.yaml:16:18 DELETE /b"]
    );
    assert_eq!(uses(&hits[1]), ["alias.yaml:19:9 GET /b"]);
    // The same through `$ref`s: the same definitions, each use at its status key.
    let refs = text
        .replace(
            "responses: *shared",
            "responses: {'204': {$ref: '#/x-shared/responses/204'}}",
        )
        .replace("'200': *ok", "'200': {$ref: '#/x-shared/ok'}");
    let hits = lint_source("alias.yaml", &refs);
    // (A `$ref`'d definition is named by its key, an anchored one by the anchored node.)
    assert_eq!(
        summary(&hits),
        expect(&[
            ("no-content-with-body", "7:7"),
            ("ok-without-content", "8:3")
        ])
    );
    assert_eq!(
        uses(&hits[0]),
        ["alias.yaml:13:19 DELETE /a", "alias.yaml:16:19 DELETE /b"]
    );
    assert_eq!(uses(&hits[1]), ["alias.yaml:19:9 GET /b"]);
}
