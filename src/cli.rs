//! The command line: `statuslint [PATH]...`, `statuslint rules`, `statuslint explain ID|STATUS`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use crate::engine::{Level, Levels};
use crate::lint::{self, Options, Outcome};
use crate::registry::{Rule, RuleSet};
use crate::report::{self, Counts, Format, Graphical, Linted};
use crate::rule::Severity;
use crate::{status, walk};

/// Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O error.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "statuslint",
    version,
    about = "Lints the HTTP responses declared in OpenAPI and Swagger descriptions against RFC 9110",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint files and directories (the default command).
    Check(CheckArgs),
    /// List every rule: id, default severity, statuses, summary.
    Rules,
    /// Print a rule's documentation, or what a status code means and which rules apply to it.
    Explain {
        /// A rule id (`created-without-location`) or a status code (`405`).
        topic: String,
    },
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files and directories to lint (directories are walked, honouring .gitignore).
    #[arg(value_name = "PATH", default_value = ".")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Graphical)]
    format: Format,
    /// Exit with 1 when a finding of this severity or above is reported.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Run only these rules (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE-ID")]
    select: Vec<String>,
    /// Do not run these rules (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE-ID")]
    ignore: Vec<String>,
    /// Say which files were skipped and why.
    #[arg(long, short)]
    verbose: bool,
    /// When to use colours (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
}

impl FailOn {
    fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { 0 });
        }
    };
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("error: built-in rule file is invalid: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let code = match cli.command {
        Some(Command::Rules) => list_rules(rules, &mut stdout),
        Some(Command::Explain { topic }) => explain(rules, &topic, &mut stdout),
        Some(Command::Check(args)) => check(rules, &args, &mut stdout),
        None => check(rules, &cli.check, &mut stdout),
    };
    ExitCode::from(code)
}

fn check(rules: &RuleSet, args: &CheckArgs, out: &mut dyn Write) -> u8 {
    let levels = match select(rules, &args.select, &args.ignore) {
        Ok(levels) => levels,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_ERROR;
        }
    };
    let (candidates, walk_errors) = walk::collect(&args.paths);
    let mut failed = false;
    for e in &walk_errors {
        eprintln!("error: {}: {}", e.path.display(), e.message);
        failed = true;
    }
    let options = Options {
        rules,
        levels: &levels,
        allowed_roots: allowed_roots(&args.paths),
    };
    let outcomes: Vec<(walk::Candidate, Outcome)> = candidates
        .into_par_iter()
        .map(|c| {
            let name = c.path.to_string_lossy().into_owned();
            let outcome = lint::lint_file(&c.path, name, &options);
            (c, outcome)
        })
        .collect();

    let mut linted = Vec::new();
    let mut skipped = 0;
    for (candidate, outcome) in outcomes {
        match outcome {
            Outcome::Linted { sources, findings } => linted.push(Linted { sources, findings }),
            Outcome::Skipped(reason) => {
                skipped += 1;
                if args.verbose {
                    eprintln!("skipped {}: {reason}", candidate.path.display());
                }
            }
            Outcome::Unreadable(e) => {
                eprintln!("error: cannot read {}: {e}", candidate.path.display());
                failed = true;
            }
        }
    }

    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let width = terminal_width();
    let graphical = Graphical::new(color, width);
    if let Err(e) = report::write(args.format, &linted, rules, &graphical, out) {
        eprintln!("error: cannot write the report: {e}");
        return EXIT_ERROR;
    }
    let counts = Counts::of(&linted);
    let mut summary = counts.summary(linted.len());
    if skipped > 0 && !args.verbose {
        summary.push_str(&format!(
            " ({skipped} other {} skipped: not API descriptions; --verbose lists them)",
            if skipped == 1 { "file" } else { "files" }
        ));
    }
    if args.format == Format::Graphical {
        let _ = writeln!(out, "{summary}");
    } else {
        eprintln!("{summary}");
    }
    let threshold = args.fail_on.threshold();
    if failed {
        EXIT_ERROR
    } else if linted
        .iter()
        .flat_map(|f| &f.findings)
        .any(|f| f.severity >= threshold)
    {
        EXIT_FINDINGS
    } else {
        0
    }
}

/// `$ref`s may reach anywhere below the working directory or below a named path.
fn allowed_roots(paths: &[PathBuf]) -> Arc<[PathBuf]> {
    let mut roots: Vec<PathBuf> = std::env::current_dir().into_iter().collect();
    for path in paths {
        if let Ok(canonical) = std::fs::canonicalize(path) {
            let dir = if canonical.is_dir() {
                canonical
            } else {
                canonical.parent().map(PathBuf::from).unwrap_or(canonical)
            };
            roots.push(dir);
        }
    }
    roots.into()
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100)
}

/// Applies `--select` and `--ignore`: unknown ids are a usage error, with a suggestion.
fn select(rules: &RuleSet, select: &[String], ignore: &[String]) -> Result<Levels, String> {
    for id in select.iter().chain(ignore) {
        if rules.get(id).is_none() {
            return Err(unknown_rule(rules, id));
        }
    }
    let mut levels = Levels::all_default(rules);
    for (index, rule) in rules.rules.iter().enumerate() {
        let selected = select.is_empty() || select.iter().any(|s| s == rule.id());
        if !selected || ignore.iter().any(|s| s == rule.id()) {
            levels.0[index] = Level::Off;
        }
    }
    Ok(levels)
}

/// "unknown rule `x`", with the nearest id when one is close.
pub fn unknown_rule(rules: &RuleSet, id: &str) -> String {
    match nearest(id, rules.rules.iter().map(Rule::id)) {
        Some(near) => format!("unknown rule `{id}` (did you mean `{near}`?)"),
        None => format!("unknown rule `{id}` (`statuslint rules` lists them)"),
    }
}

/// The candidate closest to `word` by edit distance, if close enough to be a typo.
pub fn nearest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn list_rules(rules: &RuleSet, out: &mut dyn Write) -> u8 {
    let width = rules.rules.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for rule in &rules.rules {
        let statuses = if rule.doc.statuses.is_empty() {
            "-".to_string()
        } else {
            rule.doc.statuses.join(",")
        };
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {:17}  {}",
            rule.id(),
            rule.doc.severity.as_str(),
            statuses,
            rule.doc.summary
        );
    }
    0
}

/// The documentation of one rule, under fixed headings (tested for every rule).
pub fn rule_doc(rule: &Rule) -> String {
    let doc = &rule.doc;
    let mut text = format!(
        "# {} ({})\n\n{}\n\n",
        doc.id,
        doc.severity.as_str(),
        doc.summary
    );
    if !doc.statuses.is_empty() {
        text.push_str(&format!("Statuses: {}\n\n", doc.statuses.join(", ")));
    }
    text.push_str(&format!("## Why\n\n{}\n\n", doc.rationale.trim_end()));
    text.push_str(&format!("## How to fix\n\n{}\n\n", doc.help.trim_end()));
    if let Some(example) = doc.examples.invalid.first() {
        text.push_str(&format!("## Example\n\n{}\n\n", indent(example.trim_end())));
    }
    if let Some(example) = doc.examples.valid.first() {
        text.push_str(&format!("## Instead\n\n{}\n\n", indent(example.trim_end())));
    }
    text.push_str(&format!(
        "## Reference\n\n{} <{}>\n",
        doc.source.title, doc.source.url
    ));
    text
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn explain(rules: &RuleSet, topic: &str, out: &mut dyn Write) -> u8 {
    if let Some(rule) = rules.get(topic) {
        let _ = write!(out, "{}", rule_doc(rule));
        return 0;
    }
    let Some(code) = topic.parse::<u16>().ok().filter(|_| topic.len() == 3) else {
        eprintln!("error: {}", unknown_rule(rules, topic));
        return EXIT_ERROR;
    };
    let info = status::lookup(code);
    let heading = match info {
        Some(info) => format!(
            "# {code} {}\n\n{} <{}>\n",
            info.reason, info.reference, info.url
        ),
        None => format!("# {code}\n\n{code} is not in the IANA HTTP Status Code Registry.\n"),
    };
    let _ = writeln!(out, "{heading}");
    let key = code.to_string();
    // Rules written for this code, then the rules that hold for its whole class (`4XX`).
    let (specific, general): (Vec<&Rule>, Vec<&Rule>) = rules
        .rules
        .iter()
        .filter(|r| r.speaks_of(code))
        .partition(|r| r.doc.statuses.contains(&key));
    if specific.is_empty() {
        let note = info.and_then(|i| i.note).unwrap_or(
            "nothing an API description declares about it can contradict HTTP semantics",
        );
        let mut chars = note.chars();
        let note: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
        let _ = writeln!(out, "No rule checks {code} specifically. {note}.");
    } else {
        let _ = writeln!(out, "Rules for {code}:\n");
        for rule in &specific {
            let _ = writeln!(out, "{}", rule_doc(rule));
        }
    }
    if !general.is_empty() {
        let ids: Vec<&str> = general.iter().map(|r| r.id()).collect();
        let _ = writeln!(
            out,
            "{}Rules for every {}xx status also apply: {} (`statuslint explain ID` prints one).",
            if specific.is_empty() { "\n" } else { "" },
            code / 100,
            ids.join(", ")
        );
    }
    0
}
