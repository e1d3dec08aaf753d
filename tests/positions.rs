//! Exact positions: every finding at the line and column of the node it is about, in YAML and
//! JSON alike, through `$ref`s and across files, whatever comes before the node (non-ASCII
//! text, CRLF line ends, a BOM, flow style, block scalars). Columns count characters.

mod common;

use common::{lint_fixture, lint_source, root, summary, Hit, Place};

/// `(rule, "line:col")` pairs, for readable expectations.
fn expect(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(rule, at)| (rule.to_string(), at.to_string()))
        .collect()
}

/// The text of `file` from `place` to the end of its line (columns count characters).
fn text_at(place: &Place) -> String {
    let text = std::fs::read_to_string(root().join(&place.file)).unwrap();
    line_from(&text, place.line, place.column)
}

fn line_from(text: &str, line: usize, column: usize) -> String {
    let line = text.lines().nth(line - 1).expect("line exists");
    line.trim_start_matches('\u{feff}')
        .chars()
        .skip(column - 1)
        .collect()
}

/// Asserts that each finding's place starts with the token expected there (a bare token
/// also matches its JSON-quoted form).
#[track_caller]
fn assert_tokens(hits: &[Hit], tokens: &[&str]) {
    assert_eq!(hits.len(), tokens.len(), "{hits:#?}");
    for (hit, token) in hits.iter().zip(tokens) {
        let found = text_at(&hit.at);
        assert!(
            found.starts_with(token) || found.starts_with(&format!("\"{token}\"")),
            "{} at {}: expected `{token}`, found `{found}`",
            hit.rule,
            hit.at
        );
    }
}

/// `(rule, pointer)` of every finding, sorted: what YAML and JSON must agree on.
fn rules_and_pointers(hits: &[Hit]) -> Vec<(String, String)> {
    let mut out: Vec<_> = hits
        .iter()
        .map(|h| (h.rule.clone(), h.pointer.clone()))
        .collect();
    out.sort();
    out
}

struct Version {
    stem: &'static str,
    yaml: &'static [(&'static str, &'static str)],
    json: &'static [(&'static str, &'static str)],
    /// The token at each finding, in both formats (JSON quotes every key).
    tokens: &'static [&'static str],
    pointers: &'static [&'static str],
}

const VERSIONS: &[Version] = &[
    Version {
        stem: "swagger-2.0",
        yaml: &[
            ("created-without-location", "17:9"),
            ("no-content-with-body", "31:11"),
        ],
        json: &[
            ("created-without-location", "24:11"),
            ("no-content-with-body", "46:13"),
        ],
        tokens: &["\"201\"", "schema"],
        pointers: &[
            "/paths/~1pets/post/responses/201",
            "/paths/~1pets~1{petId}/delete/responses/204/schema",
        ],
    },
    Version {
        stem: "openapi-3.0",
        yaml: &[
            ("method-not-allowed-without-allow", "24:9"),
            ("no-content-with-body", "42:19"),
        ],
        json: &[
            ("method-not-allowed-without-allow", "36:11"),
            ("no-content-with-body", "63:21"),
        ],
        tokens: &["\"405\"", "content"],
        pointers: &[
            "/paths/~1subscriptions/post/responses/405",
            "/paths/~1subscriptions/post/callbacks/petAdded/{$request.body#~1callbackUrl}/post/responses/204/content",
        ],
    },
    Version {
        stem: "openapi-3.1",
        yaml: &[
            ("unauthorized-without-www-authenticate", "15:9"),
            ("created-without-location", "30:9"),
        ],
        json: &[
            ("unauthorized-without-www-authenticate", "21:11"),
            ("created-without-location", "48:11"),
        ],
        tokens: &["\"401\"", "\"201\""],
        pointers: &[
            "/paths/~1pets/get/responses/401",
            "/webhooks/newPet/post/responses/201",
        ],
    },
    Version {
        stem: "openapi-3.2",
        yaml: &[
            ("no-content-with-body", "22:11"),
            ("created-without-location", "29:11"),
        ],
        json: &[
            ("no-content-with-body", "32:13"),
            ("created-without-location", "45:13"),
        ],
        tokens: &["content", "\"201\""],
        pointers: &[
            "/paths/~1pets/query/responses/204/content",
            "/paths/~1pets/additionalOperations/COPY/responses/201",
        ],
    },
];

#[test]
fn yaml_and_json_versions_agree_and_point_at_the_key() {
    for version in VERSIONS {
        let yaml = lint_fixture(&format!("fixtures/versions/{}.yaml", version.stem));
        let json = lint_fixture(&format!("fixtures/versions/{}.json", version.stem));
        assert_eq!(
            summary(&yaml),
            expect(version.yaml),
            "{} (YAML)",
            version.stem
        );
        assert_eq!(
            summary(&json),
            expect(version.json),
            "{} (JSON)",
            version.stem
        );
        assert_tokens(&yaml, version.tokens);
        assert_tokens(&json, version.tokens);
        let pointers: Vec<_> = yaml.iter().map(|h| h.pointer.as_str()).collect();
        assert_eq!(pointers, version.pointers, "{}", version.stem);
        assert_eq!(
            rules_and_pointers(&yaml),
            rules_and_pointers(&json),
            "{}: YAML and JSON disagree",
            version.stem
        );
        // Same messages too: nothing in a finding depends on the format but its place.
        let messages = |hits: &[Hit]| hits.iter().map(|h| h.message.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&yaml), messages(&json), "{}", version.stem);
    }
}

#[test]
fn a_shared_response_is_reported_at_its_definition_with_its_uses() {
    let hits = lint_fixture("fixtures/petstore.yaml");
    assert_eq!(
        summary(&hits),
        expect(&[
            ("status-code-not-quoted", "26:9"),
            ("created-without-location", "51:9"),
            ("no-content-with-body", "87:11"),
            ("deprecated-without-deprecation-header", "98:9"),
            ("method-not-allowed-without-allow", "106:9"),
            ("unauthorized-without-www-authenticate", "130:5"),
        ])
    );
    assert_tokens(
        &hits,
        &[
            "200:",
            "\"201\"",
            "content:",
            "\"200\"",
            "\"405\"",
            "Unauthorized:",
        ],
    );
    let shared = &hits[5];
    assert_eq!(
        shared.message,
        "401 Unauthorized on `Unauthorized` has no `WWW-Authenticate` header, which the server \
         MUST send; used by 2 operations"
    );
    assert_eq!(shared.pointer, "/components/responses/Unauthorized");
    assert_eq!(
        shared.uses,
        vec![
            (
                Place::new("fixtures/petstore.yaml", 39, 9),
                "GET /pets".to_string()
            ),
            (
                Place::new("fixtures/petstore.yaml", 59, 9),
                "POST /pets".to_string()
            ),
        ]
    );
    for (place, _) in &shared.uses {
        assert!(text_at(place).starts_with("\"401\""));
    }
    // Responses written in place have no related label and no uses.
    for hit in &hits[..5] {
        assert!(hit.related.is_empty() && hit.uses.is_empty(), "{hit:#?}");
    }
}

#[test]
fn findings_in_referenced_files_point_into_them() {
    let hits = lint_fixture("fixtures/multi/api.yaml");
    let places: Vec<_> = hits
        .iter()
        .map(|h| (h.rule.as_str(), h.at.clone()))
        .collect();
    assert_eq!(
        places,
        [
            // The /pets path item lives in paths/pets.yaml: so do its findings.
            (
                "method-not-allowed-without-allow",
                Place::new("fixtures/multi/paths/pets.yaml", 26, 5)
            ),
            // Shared definitions in other files: the findings are there.
            (
                "no-content-with-body",
                Place::new("fixtures/multi/common/responses.yaml", 22, 3)
            ),
            // A YAML use of a JSON definition: the finding is in the JSON file, at its key.
            (
                "unauthorized-without-www-authenticate",
                Place::new("fixtures/multi/common/errors.json", 2, 3)
            ),
        ]
    );
    assert_tokens(&hits, &["\"405\"", "content:", "\"Unauthorized\""]);
    assert_eq!(
        hits[2].uses,
        // In the order of the operations.
        vec![
            (
                Place::new("fixtures/multi/paths/pets.yaml", 8, 5),
                "GET /pets".to_string()
            ),
            (
                Place::new("fixtures/multi/api.yaml", 25, 9),
                "DELETE /pets/{petId}".to_string()
            ),
        ]
    );
    // Pointers are in the file of the finding.
    // (paths/pets.yaml is a whole path item.)
    assert_eq!(hits[0].pointer, "/post/responses/405");
    assert_eq!(hits[1].pointer, "/NoContent/content");
    assert_eq!(hits[2].pointer, "/Unauthorized");
    // The 405's Retry-After and the 201's Location come through `$ref`s to headers.yaml: they
    // count as declared, so no finding for the 201.
    assert!(!hits.iter().any(|h| h.rule == "created-without-location"));
}

#[test]
fn content_rules_point_at_content_in_place_or_at_the_definition() {
    // In place: at `content:` (3.x) ...
    let hits = lint_fixture("fixtures/petstore.yaml");
    let hit = hits
        .iter()
        .find(|h| h.rule == "no-content-with-body")
        .unwrap();
    assert_eq!(hit.at, Place::new("fixtures/petstore.yaml", 87, 11));
    assert_eq!(
        hit.pointer,
        "/paths/~1pets~1{petId}/delete/responses/204/content"
    );
    // ... or `schema:` (2.0).
    let hits = lint_fixture("fixtures/versions/swagger-2.0.yaml");
    let hit = hits
        .iter()
        .find(|h| h.rule == "no-content-with-body")
        .unwrap();
    assert_eq!(
        hit.at,
        Place::new("fixtures/versions/swagger-2.0.yaml", 31, 11)
    );
    assert!(text_at(&hit.at).starts_with("schema:"));

    // Through a `$ref` to another file: at the definition's `content`, with its use.
    let hits = lint_fixture("fixtures/multi/api.yaml");
    let hit = &hits[1];
    assert_eq!(hit.rule, "no-content-with-body");
    assert_eq!(
        hit.at,
        Place::new("fixtures/multi/common/responses.yaml", 22, 3)
    );
    assert!(text_at(&hit.at).starts_with("content:"));
    assert_eq!(
        hit.uses,
        vec![(
            Place::new("fixtures/multi/api.yaml", 23, 9),
            "DELETE /pets/{petId}".into()
        )]
    );
}

const NON_ASCII: &str = r#"openapi: 3.1.0
info:
  title: "Tierheim – Ünïcödé 🐾 API"
  version: "1.0"
paths:
  /tiere/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete:
      summary: "Löscht ein Tier 🐕"
      responses: {"404": {description: "Nicht gefunden – 🐾", content: {a/b: {}}}, "204": {description: "Gelöscht ✓", content: {application/json: {}}}}
"#;

#[test]
fn columns_count_characters_not_bytes() {
    let hits = lint_source("non-ascii.yaml", NON_ASCII);
    // Byte 126 of the line, character 118.
    assert_eq!(
        summary(&hits),
        expect(&[("no-content-with-body", "10:118")])
    );
    assert!(line_from(NON_ASCII, 10, 118).starts_with("content: {application/json"));

    // The same in minified JSON: everything on line 1.
    let json = r#"{"openapi":"3.1.0","info":{"title":"Ünïcödé 🐾","version":"1"},"paths":{"/p":{"post":{"responses":{"201":{"description":"Créé ✓"}}}}}}"#;
    let hits = lint_source("non-ascii.json", json);
    assert_eq!(
        summary(&hits),
        expect(&[("created-without-location", "1:99")])
    );
    assert!(line_from(json, 1, 99).starts_with("\"201\""));
}

#[test]
fn crlf_line_ends_give_the_same_positions() {
    let lf = lint_source("lf.yaml", NON_ASCII);
    let crlf_text = NON_ASCII.replace('\n', "\r\n");
    let crlf = lint_source("crlf.yaml", &crlf_text);
    assert_eq!(summary(&lf), summary(&crlf));
    let petstore = std::fs::read_to_string(root().join("fixtures/petstore.yaml")).unwrap();
    let lf = lint_source("petstore.yaml", &petstore);
    let crlf = lint_source("petstore.yaml", &petstore.replace('\n', "\r\n"));
    assert_eq!(summary(&lf), summary(&crlf));
    assert_eq!(
        summary(&crlf)[0],
        ("status-code-not-quoted".into(), "26:9".into())
    );
    // Uses too.
    assert_eq!(crlf[5].uses[1].0, Place::new("petstore.yaml", 59, 9));
    // JSON with CRLF.
    let json = std::fs::read_to_string(root().join("fixtures/versions/openapi-3.1.json")).unwrap();
    let crlf = lint_source("v.json", &json.replace('\n', "\r\n"));
    assert_eq!(
        summary(&crlf),
        expect(&[
            ("unauthorized-without-www-authenticate", "21:11"),
            ("created-without-location", "48:11"),
        ])
    );
}

#[test]
fn a_bom_is_not_a_column() {
    // A finding on the first line: the BOM before it is invisible in every editor.
    let json = "\u{feff}{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"/p\": {\"post\": {\"responses\": {\"201\": {\"description\": \"x\"}}}}}}";
    let hits = lint_source("bom.json", json);
    assert_eq!(
        summary(&hits),
        expect(&[("created-without-location", "1:102")])
    );
    assert!(line_from(json, 1, 102).starts_with("\"201\""));
    let yaml = "\u{feff}{openapi: 3.1.0, info: {title: t, version: '1'}, paths: {/p: {post: {responses: {'201': {description: x}}}}}}";
    let hits = lint_source("bom.yaml", yaml);
    assert_eq!(
        summary(&hits),
        expect(&[("created-without-location", "1:82")])
    );
    assert!(line_from(yaml, 1, 82).starts_with("'201'"));
    // Later lines are unaffected.
    let petstore = std::fs::read_to_string(root().join("fixtures/petstore.yaml")).unwrap();
    let plain = lint_source("petstore.yaml", &petstore);
    let bom = lint_source("petstore.yaml", &format!("\u{feff}{petstore}"));
    assert_eq!(summary(&plain), summary(&bom));
}

#[test]
fn flow_style_yaml() {
    let text = "openapi: 3.1.0\ninfo: {title: Flow, version: \"1.0\"}\npaths: {/pets: {post: {responses: {\"201\": {description: x}}}}}\n";
    let hits = lint_source("flow.yaml", text);
    assert_eq!(
        summary(&hits),
        expect(&[("created-without-location", "3:36")])
    );
    assert!(line_from(text, 3, 36).starts_with("\"201\""));
    // An unquoted key in flow style is still an integer key.
    let text = "openapi: 3.1.0\ninfo: {title: Flow, version: \"1.0\"}\npaths:\n  /pets: {get: {responses: {200: {description: x, content: {a/b: {}}}}}}\n";
    let hits = lint_source("flow.yaml", text);
    assert_eq!(
        summary(&hits),
        expect(&[("status-code-not-quoted", "4:29")])
    );
    assert!(line_from(text, 4, 29).starts_with("200:"));
}

#[test]
fn block_scalars_before_the_node() {
    let text = r#"openapi: 3.1.0
info:
  title: Block scalars
  version: "1.0"
  description: |
    A literal block that looks like a response:
      "201":
        description: not a key
paths:
  /pets:
    post:
      description: >-
        A folded block with ünïcödé, then the responses.
        "405": also not a key
      responses:
        "201":
          description: |
            Created, with a literal description.
        "405":
          description: >
            Folded,
            over two lines.
"#;
    let hits = lint_source("block.yaml", text);
    // Same place: ordered by rule id.
    assert_eq!(
        summary(&hits),
        expect(&[
            ("created-without-location", "16:9"),
            ("error-without-content", "19:9"),
            ("method-not-allowed-without-allow", "19:9"),
        ])
    );
    assert!(line_from(text, 16, 9).starts_with("\"201\":"));
    assert!(line_from(text, 19, 9).starts_with("\"405\":"));
}
