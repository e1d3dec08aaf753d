//! Helpers shared by the integration tests: the repository root, linting through the library
//! with findings turned into plain line/column records, and running the binary with a deadline.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use statuslint::engine::Levels;
use statuslint::lint::{self, Options, Outcome};
use statuslint::registry::RuleSet;
use statuslint::source::Sources;

/// No test input may keep the binary busy longer than this: past it the run is a hang. The
/// debug binary takes up to ~8 s of CPU on `fixtures/bad` (the expansion bombs; the release
/// binary ~1 s), and `cargo test` runs as many of them at once as there are cores: the margin
/// keeps a loaded 2-core machine from killing a run that is merely slow.
pub const DEADLINE: Duration = Duration::from_secs(60);

/// The repository root (fixtures are named relative to it).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A place in a file, 1-based, as `--format short` prints it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Place {
    pub fn new(file: &str, line: usize, column: usize) -> Place {
        Place {
            file: file.to_string(),
            line,
            column,
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A finding with its positions resolved.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: String,
    pub severity: &'static str,
    pub message: String,
    pub at: Place,
    pub pointer: String,
    /// Related labels: where and what.
    pub related: Vec<(Place, String)>,
    /// For a finding at a shared definition: each use, `(place, "POST /pets")`.
    pub uses: Vec<(Place, String)>,
}

/// What the library made of one root file.
#[derive(Debug)]
pub enum Linted {
    Findings(Vec<Hit>),
    Skipped(String),
    Unreadable(String),
}

impl Linted {
    /// The findings; panics when the file was skipped or unreadable.
    #[track_caller]
    pub fn findings(self) -> Vec<Hit> {
        match self {
            Linted::Findings(hits) => hits,
            other => panic!("expected findings, got {other:?}"),
        }
    }
}

pub fn rules() -> &'static RuleSet {
    RuleSet::builtin().expect("built-in rules validate")
}

fn with_options<T>(f: impl FnOnce(&Options) -> T) -> T {
    with_options_in(&root(), f)
}

/// Runs `f` with every rule at its default level and `$ref`s allowed below `allowed`.
fn with_options_in<T>(allowed: &Path, f: impl FnOnce(&Options) -> T) -> T {
    let rules = rules();
    let levels = Levels::all_default(rules);
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: Arc::from(vec![allowed.to_path_buf()]),
        overlay: None,
    };
    f(&options)
}

fn convert(outcome: Outcome) -> Linted {
    match outcome {
        Outcome::Linted { sources, findings } => Linted::Findings(
            findings
                .iter()
                .map(|f| Hit {
                    rule: f.rule.clone(),
                    severity: f.severity.as_str(),
                    message: f.message.clone(),
                    at: place(&sources, f.loc),
                    pointer: f.pointer.clone(),
                    related: f
                        .related
                        .iter()
                        .map(|r| (place(&sources, r.loc), r.label.clone()))
                        .collect(),
                    uses: f
                        .uses
                        .iter()
                        .map(|u| (place(&sources, u.loc), format!("{} {}", u.method, u.path)))
                        .collect(),
                })
                .collect(),
        ),
        Outcome::Skipped(reason) => Linted::Skipped(reason.to_string()),
        Outcome::Unreadable(e) => Linted::Unreadable(e.to_string()),
    }
}

fn place(sources: &Sources, loc: statuslint::source::Loc) -> Place {
    let file = sources.get(loc.file);
    let at = file.line_col(loc.span.start);
    Place {
        file: file.name.clone(),
        line: at.line,
        column: at.column,
    }
}

/// Lints the file at `rel` (relative to the repository root, and so named in findings).
pub fn lint_path(rel: &str) -> Linted {
    with_options(|options| convert(lint::lint_file(&root().join(rel), rel.to_string(), options)))
}

/// Lints the file at `path`, shown as `name`, with `$ref`s allowed below `allowed`.
pub fn lint_anywhere(path: &Path, name: &str, allowed: &Path) -> Linted {
    with_options_in(allowed, |options| {
        convert(lint::lint_file(path, name.to_string(), options))
    })
}

/// Lints a fixture that must be an API description.
#[track_caller]
pub fn lint_fixture(rel: &str) -> Vec<Hit> {
    lint_path(rel).findings()
}

/// Lints `text` as if it were the file `name` at the repository root.
#[track_caller]
pub fn lint_source(name: &str, text: &str) -> Vec<Hit> {
    with_options(|options| {
        convert(lint::lint_text(
            &root().join(name),
            name.to_string(),
            text,
            options,
        ))
    })
    .findings()
}

/// Lints raw bytes (not necessarily UTF-8), written to a temporary file shown as `name`.
#[track_caller]
pub fn lint_bytes(name: &str, bytes: &[u8]) -> Linted {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("temporary file");
    with_options(|options| convert(lint::lint_file(&path, name.to_string(), options)))
}

/// `(rule, "line:column")` of every finding, in report order: compact for assertions.
pub fn summary(hits: &[Hit]) -> Vec<(String, String)> {
    hits.iter()
        .map(|h| (h.rule.clone(), format!("{}:{}", h.at.line, h.at.column)))
        .collect()
}

/// The binary, run from the repository root with a fixed terminal width, no colours and a
/// deadline past which it is killed (and the test fails).
pub fn statuslint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_statuslint"));
    cmd.current_dir(root())
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR")
        .timeout(DEADLINE);
    cmd
}

/// One line of `--format short`: `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShortLine {
    pub at: Place,
    pub severity: String,
    pub rule: String,
    pub message: String,
}

/// Parses `--format short` output strictly: every line must have the documented shape.
#[track_caller]
pub fn parse_short(stdout: &str) -> Vec<ShortLine> {
    stdout
        .lines()
        .map(|line| parse_short_line(line).unwrap_or_else(|| panic!("not a short line: {line:?}")))
        .collect()
}

fn parse_short_line(line: &str) -> Option<ShortLine> {
    let (location, rest) = line.split_once(": ")?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line_no = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_string();
    let (severity, rest) = rest.split_once('[')?;
    let (rule, message) = rest.split_once("]: ")?;
    let severity_ok = matches!(severity, "error" | "warning" | "info");
    let rule_ok = !rule.is_empty()
        && rule
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (severity_ok && rule_ok && line_no >= 1 && column >= 1 && !message.is_empty()).then(|| {
        ShortLine {
            at: Place {
                file,
                line: line_no,
                column,
            },
            severity: severity.to_string(),
            rule: rule.to_string(),
            message: message.to_string(),
        }
    })
}
