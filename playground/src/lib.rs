//! statuslint for the browser: the library's lint, rules and explain behind a few functions that
//! take and give strings, for `wasm-bindgen`.
//!
//! Nothing here touches a file system, a thread or the network: the editor's tabs are an
//! in-memory workspace (the library's [`Overlay`], as the language server uses for unsaved
//! buffers) under a directory that does not exist, `/workspace`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use statuslint::config::{Config, ConfigError};
use statuslint::lint::{self, Options, Outcome};
use statuslint::load::{normalize, Overlay};
use statuslint::registry::RuleSet;
use statuslint::report::{self, Counts, Format, Graphical, Linted};

/// Where the tabs live. Their names are paths below it (`common/errors.yaml`).
const ROOT: &str = "/workspace";

/// What `lint` is told besides the root text.
#[derive(Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LintOptions {
    /// The other tabs, by name: what relative `$ref`s of the root reach.
    pub files: BTreeMap<String, String>,
    /// The `statuslint.yaml` text; empty means the defaults.
    pub config: String,
    /// `json` (the default), `graphical`, `short` or `sarif`.
    pub format: Option<String>,
    /// Line width of the graphical report.
    pub width: Option<usize>,
}

/// A configuration that does not read, for the page to show on its tab.
#[derive(Serialize)]
struct ConfigProblem<'a> {
    kind: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    line: usize,
    column: usize,
    /// The graphical report of the error, as `statuslint` prints it.
    report: String,
}

/// Lints `text` as the file `file_name` (a path below the workspace; `.yaml`, `.yml`, `.json` or
/// `.rs`) with `options` (JSON, see [`LintOptions`]). Gives the report in the chosen format: with
/// `json`, the document of `statuslint --format json`. Throws on bad options, and on a
/// configuration error with a JSON message (`{"kind":"config",...}`).
#[wasm_bindgen]
pub fn lint(text: &str, file_name: &str, options: &str) -> Result<String, JsError> {
    let options: LintOptions = if options.trim().is_empty() {
        LintOptions::default()
    } else {
        serde_json::from_str(options).map_err(|e| JsError::new(&format!("options: {e}")))?
    };
    run(text, file_name, &options).map_err(|e| JsError::new(&e))
}

/// [`lint`] with typed options and a plain error, for native tests.
pub fn run(text: &str, file_name: &str, options: &LintOptions) -> Result<String, String> {
    let builtin = RuleSet::builtin_shared().map_err(|e| e.to_string())?;
    let format = match options.format.as_deref().unwrap_or("json") {
        "json" => Format::Json,
        "graphical" => Format::Graphical,
        "short" => Format::Short,
        "sarif" => Format::Sarif,
        other => return Err(format!("unknown format `{other}`")),
    };
    let graphical = Graphical::new(false, options.width.unwrap_or(100));
    let config_path = workspace_path("statuslint.yaml");
    let config = if options.config.trim().is_empty() {
        Config::defaults(builtin.clone(), PathBuf::from(ROOT))
    } else {
        Config::from_text(&config_path, options.config.as_str().into(), builtin).map_err(|e| {
            // Named as its tab is, not by the workspace path it stands at.
            let e = ConfigError {
                file: "statuslint.yaml".into(),
                ..e
            };
            config_problem(&e, &graphical)
        })?
    };

    let path = workspace_path(file_name);
    let mut linted = Vec::new();
    if !config.excludes(&path) {
        let overlay: Overlay = options
            .files
            .iter()
            .map(|(name, text)| (workspace_path(name), Arc::from(text.as_str())))
            .collect();
        let levels = config.levels_for(&path);
        let lint_options = Options {
            rules: &config.rules,
            levels: &levels,
            allowed_roots: Arc::from(vec![PathBuf::from(ROOT)]),
            overlay: Some(Arc::new(overlay)),
        };
        if let Outcome::Linted { sources, findings } =
            lint::lint_text(&path, display_name(file_name), text, &lint_options)
        {
            linted.push(Linted { sources, findings });
        }
    }

    let mut out = Vec::new();
    report::write(format, &linted, &config.rules, &graphical, &mut out)
        .map_err(|e| e.to_string())?;
    if format == Format::Graphical {
        // As on a terminal: the summary closes the report.
        out.extend(Counts::of(&linted).summary(linted.len()).bytes());
        out.push(b'\n');
    }
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// Every built-in rule: `[{id, severity, statuses, summary, source: {title, url}}]`.
#[wasm_bindgen]
pub fn rules() -> Result<String, JsError> {
    #[derive(Serialize)]
    struct Row<'a> {
        id: &'a str,
        severity: &'a str,
        statuses: &'a [String],
        summary: &'a str,
        title: &'a str,
        url: &'a str,
    }
    let rules = RuleSet::builtin().map_err(|e| JsError::new(&e.to_string()))?;
    let rows: Vec<Row> = rules
        .rules
        .iter()
        .map(|r| Row {
            id: r.id(),
            severity: r.doc.severity.as_str(),
            statuses: &r.doc.statuses,
            summary: &r.doc.summary,
            title: &r.doc.source.title,
            url: &r.doc.source.url,
        })
        .collect();
    serde_json::to_string(&rows).map_err(|e| JsError::new(&e.to_string()))
}

/// `statuslint explain TOPIC`: a rule's documentation (Markdown-like text), or what a status
/// code means and which rules apply to it. Throws on an unknown topic, with a suggestion.
#[wasm_bindgen]
pub fn explain(topic: &str) -> Result<String, JsError> {
    explain_text(topic).map_err(|e| JsError::new(&e))
}

/// [`explain`] with a plain error, for native tests.
pub fn explain_text(topic: &str) -> Result<String, String> {
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    if let Some(rule) = rules.get(topic) {
        return Ok(statuslint::cli::rule_doc(rule));
    }
    if topic.len() != 3 || topic.parse::<u16>().is_err() {
        return Err(rules.unknown(topic));
    }
    let mut out = Vec::new();
    statuslint::cli::explain(rules, topic, &mut out);
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// The commented starter `statuslint.yaml` of `statuslint init`.
#[wasm_bindgen]
pub fn starter_config() -> String {
    statuslint::config::STARTER.to_string()
}

/// The statuslint version compiled in.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A tab's name as the reports show it: its path below the workspace, without `./`.
fn display_name(name: &str) -> String {
    let path = normalize(Path::new(name.trim_start_matches('/')));
    path.to_string_lossy().into_owned()
}

fn workspace_path(name: &str) -> PathBuf {
    normalize(&Path::new(ROOT).join(display_name(name)))
}

fn config_problem(e: &ConfigError, graphical: &Graphical) -> String {
    let (line, column) = line_col(&e.text, e.span.start as usize);
    let mut report = Vec::new();
    let _ = graphical.write_config_error(e, &mut report);
    let problem = ConfigProblem {
        kind: "config",
        message: &e.message,
        help: e.help.as_deref(),
        line,
        column,
        report: String::from_utf8_lossy(&report).into_owned(),
    };
    serde_json::to_string(&problem).unwrap_or_else(|_| e.message.clone())
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n      responses:\n        '201':\n          description: created\n";

    fn findings(report: &str) -> Vec<serde_json::Value> {
        let doc: serde_json::Value = serde_json::from_str(report).unwrap();
        doc["findings"].as_array().unwrap().clone()
    }

    #[test]
    fn lint_gives_the_json_report_with_positions() {
        let report = run(SPEC, "openapi.yaml", &LintOptions::default()).unwrap();
        let found = findings(&report);
        assert_eq!(found.len(), 1, "{report}");
        assert_eq!(found[0]["rule"], "created-without-location");
        assert_eq!(found[0]["file"], "openapi.yaml");
        assert_eq!(found[0]["start"]["line"], 7);
        assert_eq!(found[0]["start"]["column"], 9);
    }

    #[test]
    fn refs_reach_the_other_tabs() {
        let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    post:\n      responses:\n        '201':\n          $ref: 'common/responses.yaml#/Created'\n        '400':\n          $ref: 'missing.yaml#/Bad'\n";
        let options = LintOptions {
            files: [(
                "common/responses.yaml".to_string(),
                "Created:\n  description: created\n".to_string(),
            )]
            .into(),
            ..LintOptions::default()
        };
        let report = run(root, "openapi.yaml", &options).unwrap();
        let found = findings(&report);
        let rules: Vec<_> = found.iter().map(|f| f["rule"].as_str().unwrap()).collect();
        assert!(rules.contains(&"created-without-location"), "{report}");
        assert!(rules.contains(&"unresolved-ref"), "{report}");
        let created = found
            .iter()
            .find(|f| f["rule"] == "created-without-location")
            .unwrap();
        let mut files: Vec<&str> = vec![created["file"].as_str().unwrap()];
        files.extend(
            created["related"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["file"].as_str().unwrap()),
        );
        assert!(files.contains(&"common/responses.yaml"), "{report}");
    }

    #[test]
    fn the_configuration_turns_rules_off_and_reports_its_errors() {
        let options = LintOptions {
            config: "rules:\n  created-without-location: off\n".into(),
            ..LintOptions::default()
        };
        assert!(findings(&run(SPEC, "openapi.yaml", &options).unwrap()).is_empty());

        let options = LintOptions {
            config: "rules:\n  created-without-locaton: off\n".into(),
            ..LintOptions::default()
        };
        let error = run(SPEC, "openapi.yaml", &options).unwrap_err();
        let error: serde_json::Value = serde_json::from_str(&error).unwrap();
        assert_eq!(error["kind"], "config");
        assert_eq!(error["line"], 2);
        assert_eq!(error["column"], 3);
        assert!(
            error["report"]
                .as_str()
                .unwrap()
                .contains("[statuslint.yaml:2:3]"),
            "{error}"
        );
        assert!(error["help"]
            .as_str()
            .unwrap()
            .contains("created-without-location"));
    }

    #[test]
    fn overrides_match_tab_names() {
        let options = LintOptions {
            config: "overrides:\n  - files: ['legacy/*.yaml']\n    rules:\n      created-without-location: off\n".into(),
            ..LintOptions::default()
        };
        assert!(findings(&run(SPEC, "legacy/old.yaml", &options).unwrap()).is_empty());
        assert_eq!(
            findings(&run(SPEC, "openapi.yaml", &options).unwrap()).len(),
            1
        );
    }

    #[test]
    fn other_formats() {
        let options = |format: &str| LintOptions {
            format: Some(format.into()),
            ..LintOptions::default()
        };
        let short = run(SPEC, "openapi.yaml", &options("short")).unwrap();
        assert!(
            short.starts_with("openapi.yaml:7:9: warning[created-without-location]"),
            "{short}"
        );
        let graphical = run(SPEC, "openapi.yaml", &options("graphical")).unwrap();
        assert!(graphical.contains("openapi.yaml:7:9"), "{graphical}");
        assert!(graphical.ends_with("0 errors, 1 warning, 0 info in 1 file\n"));
        let sarif = run(SPEC, "openapi.yaml", &options("sarif")).unwrap();
        assert!(
            sarif.contains("\"version\": \"2.1.0\"") || sarif.contains("\"version\":\"2.1.0\"")
        );
        assert!(run(SPEC, "openapi.yaml", &options("xml")).is_err());
    }

    #[test]
    fn explain_rules_and_statuses() {
        assert!(explain_text("created-without-location")
            .unwrap()
            .starts_with("# created-without-location (warning)"));
        assert!(explain_text("405")
            .unwrap()
            .starts_with("# 405 Method Not Allowed"));
        assert!(explain_text("created-without-locaton")
            .unwrap_err()
            .contains("created-without-location"));
    }
}
