//! The command line: `statuslint [PATH]...`, `statuslint rules`, `statuslint explain ID|STATUS`.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use crate::baseline::{self, Baseline};
use crate::config::{self, Config, ConfigError};
use crate::engine::{Level, Levels};
use crate::lint::{self, Options, Outcome};
use crate::load::Skip;
use crate::registry::{Rule, RuleSet};
use crate::report::{self, statistics, Counts, Format, Graphical, Linted};
use crate::rule::Severity;
use crate::rust::Note;
use crate::{ordered, status, walk};

/// Exit codes: 0 clean, 1 findings at or above `--fail-on`, 2 usage or I/O error.
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "statuslint",
    // The version and the commit it was built from (build.rs).
    version = env!("STATUSLINT_VERSION"),
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
    /// Write a commented starter `statuslint.yaml` in the current directory.
    Init {
        /// Overwrite an existing statuslint.yaml.
        #[arg(long)]
        force: bool,
    },
    /// Run the language server (LSP over stdin/stdout) for editors.
    Lsp {
        /// Accepted for clients that pass it: stdio is the only transport.
        #[arg(long)]
        stdio: bool,
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
    /// Write the report to FILE; the summary still goes to the terminal.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Exit with 1 when a finding of this severity or above is reported [default: the
    /// configuration's `fail-on`, else error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Run only these rules (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE-ID")]
    select: Vec<String>,
    /// Do not run these rules (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE-ID")]
    ignore: Vec<String>,
    /// Use this configuration file instead of the nearest statuslint.yaml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Report only findings that are not in this baseline.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the current findings as a baseline in FILE (and exit 0).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Say which files were skipped and why.
    #[arg(long, short)]
    verbose: bool,
    /// When to use colours (auto: on a terminal, unless NO_COLOR is set).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Repair what can be repaired mechanically (header stubs, forbidden content removed,
    /// status keys quoted), write the files, and report what remains.
    #[arg(long)]
    fix: bool,
    /// Print a table of the rules that fired (rule, severity, causes, occurrences) instead of
    /// the report.
    #[arg(long, conflicts_with_all = ["fix", "write_baseline"])]
    statistics: bool,
    /// With --fix: print the changes as a unified diff and write nothing (exit 1 if any).
    #[arg(long, requires = "fix")]
    dry_run: bool,
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
    let shared = match RuleSet::builtin_shared() {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("error: built-in rule file is invalid: {e}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let rules: &RuleSet = shared;
    let mut stdout = std::io::stdout().lock();
    let code = match cli.command {
        Some(Command::Rules) => list_rules(rules, &mut stdout),
        Some(Command::Explain { topic }) => explain(rules, &topic, &mut stdout),
        Some(Command::Check(args)) => check(shared, &args, &mut stdout),
        Some(Command::Init { force }) => init(force),
        Some(Command::Lsp { .. }) => {
            // The server writes stdout from its own thread: the lock must go.
            drop(stdout);
            crate::lsp::run(rules)
        }
        None => check(shared, &cli.check, &mut stdout),
    };
    ExitCode::from(code)
}

/// The configuration of each directory, loaded once.
struct Configs<'a> {
    builtin: &'a Arc<RuleSet>,
    forced: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    by_file: HashMap<PathBuf, Arc<Config>>,
}

impl<'a> Configs<'a> {
    /// No configuration loaded yet; `--config FILE` applies `forced` to every file.
    fn new(builtin: &'a Arc<RuleSet>, forced: Option<&Path>) -> Result<Configs<'a>, ConfigError> {
        let forced = match forced {
            Some(path) => Some(Arc::new(Config::load(path, builtin)?)),
            None => None,
        };
        Ok(Configs {
            builtin,
            forced,
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
        })
    }

    fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, ConfigError> {
        if let Some(config) = &self.forced {
            return Ok(config.clone());
        }
        let dir = file
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if let Some(config) = self.by_dir.get(dir) {
            return Ok(config.clone());
        }
        let config = match config::discover(dir) {
            Some(path) => match self.by_file.get(&path) {
                Some(config) => config.clone(),
                None => {
                    let config = Arc::new(Config::load(&path, self.builtin)?);
                    self.by_file.insert(path, config.clone());
                    config
                }
            },
            None => Arc::new(Config::defaults(self.builtin.clone(), PathBuf::from("."))),
        };
        self.by_dir.insert(dir.to_path_buf(), config.clone());
        Ok(config)
    }

    /// The rules of every configuration loaded (see [`union`]).
    fn all_rules(&self) -> Arc<RuleSet> {
        union(self.builtin, self.by_file.values().chain(&self.forced))
    }
}

/// One file to lint, with the configuration and rule levels that apply to it.
struct Job {
    path: PathBuf,
    config: Arc<Config>,
    levels: Levels,
}

/// A step of `check` gives its result, or ends the run with this exit code (its error printed).
type Step<T> = Result<T, u8>;

/// `statuslint [check] PATH...`: collect the files, lint them on the thread pool, write each
/// file's report as soon as the files before it are written (then its texts go), and end with
/// the summary and the exit code.
fn check(shared: &Arc<RuleSet>, args: &CheckArgs, out: &mut dyn Write) -> u8 {
    match run_check(shared, args, out) {
        Ok(code) | Err(code) => code,
    }
}

fn run_check(shared: &Arc<RuleSet>, args: &CheckArgs, out: &mut dyn Write) -> Step<u8> {
    let graphical = Graphical::new(use_color(args.color), terminal_width());
    let plain = Graphical::new(false, terminal_width());
    let mut configs =
        Configs::new(shared, args.config.as_deref()).map_err(|e| config_error(&graphical, &e))?;
    let baseline = read_baseline(args)?;
    let (jobs, mut tally) = collect_jobs(args, &mut configs, &graphical)?;
    let rules = configs.all_rules();
    let roots = allowed_roots(&args.paths);
    // A fix may span files (a shared response), so `--fix` lints them all before it writes any,
    // and reports from that whole run.
    let fixed = if args.fix {
        Some(fix_files(&jobs, &roots, args.dry_run, out)?)
    } else {
        None
    };
    let writers = Writers {
        rules: &rules,
        graphical: &graphical,
        plain: &plain,
    };
    let mut reporter = Reporter::begin(args, baseline, writers, out)?;
    let mut take = |job: &Job, (outcome, notes): (Outcome, Vec<Note>)| {
        if let Some(linted) = tally.sort(job, outcome, notes, args.verbose) {
            reporter.file(job, linted, out);
        }
    };
    match fixed {
        Some(outcomes) => outcomes
            .into_iter()
            .for_each(|(job, outcome)| take(job, outcome)),
        None => lint_in_order(&jobs, &roots, take),
    }
    if args.verbose {
        tally.print_notes();
    }
    Ok(reporter.end(args, &tally, out))
}

/// Colours on a terminal without `NO_COLOR`, unless `--color` says otherwise.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn config_error(graphical: &Graphical, e: &ConfigError) -> u8 {
    let _ = graphical.write_config_error(e, &mut std::io::stderr());
    EXIT_ERROR
}

fn read_baseline(args: &CheckArgs) -> Step<Option<Baseline>> {
    let Some(path) = &args.baseline else {
        return Ok(None);
    };
    Baseline::read(path).map(Some).map_err(|e| {
        eprintln!("error: {e}");
        EXIT_ERROR
    })
}

/// The files to lint: the paths walked, each file with its configuration and rule levels,
/// less what a configuration excludes. A path that cannot be walked is an error that does not
/// stop the run; a configuration that does not load or an unknown rule id does.
fn collect_jobs(
    args: &CheckArgs,
    configs: &mut Configs,
    graphical: &Graphical,
) -> Step<(Vec<Job>, Tally)> {
    let (candidates, walk_errors) = walk::collect(&args.paths);
    let mut tally = Tally::default();
    for e in &walk_errors {
        eprintln!("error: {}: {}", e.path.display(), e.message);
        tally.failed = true;
    }
    let mut jobs = Vec::new();
    for candidate in candidates {
        let config = configs
            .for_file(&candidate.path)
            .map_err(|e| config_error(graphical, &e))?;
        if config.excludes(&candidate.path) {
            tally.skipped += 1;
            if args.verbose {
                eprintln!(
                    "skipped {}: excluded by {}",
                    candidate.path.display(),
                    shown(&config)
                );
            }
            continue;
        }
        let mut levels = config.levels_for(&candidate.path);
        if let Err(message) = select(&config.rules, &mut levels, &args.select, &args.ignore) {
            eprintln!("error: {message}");
            return Err(EXIT_ERROR);
        }
        jobs.push(Job {
            path: candidate.path,
            config,
            levels,
        });
    }
    Ok((jobs, tally))
}

/// How many files, per thread, may be linted ahead of the next one to report: enough that a
/// large file does not leave the other threads idle, few enough that memory holds only a few
/// files' texts (1,000 specs: see `benches/RESULTS.md`).
const AHEAD_PER_THREAD: usize = 4;

/// Lints `jobs` on the thread pool and hands each outcome to `each` in job order, as soon as
/// the jobs before it were handed over.
fn lint_in_order<'j>(
    jobs: &'j [Job],
    roots: &Arc<[PathBuf]>,
    mut each: impl FnMut(&'j Job, (Outcome, Vec<Note>)),
) {
    match jobs {
        [] => {}
        // A hook run often hands over one file: starting the thread pool would cost more than
        // linting it.
        [job] => each(job, lint_job(job, roots)),
        _ => ordered::for_each_in_order(
            jobs.len(),
            rayon::current_num_threads() * AHEAD_PER_THREAD,
            |i| lint_job(&jobs[i], roots),
            |i, outcome| each(&jobs[i], outcome),
        ),
    }
}

/// Each job with what linting it gave.
type Outcomes<'j> = Vec<(&'j Job, (Outcome, Vec<Note>))>;

/// Every job linted, in order, all kept: for `--fix`.
fn lint_all<'j>(jobs: &'j [Job], roots: &Arc<[PathBuf]>) -> Outcomes<'j> {
    let lint_one = |job| (job, lint_job(job, roots));
    if let [job] = jobs {
        return vec![lint_one(job)];
    }
    jobs.par_iter().map(lint_one).collect()
}

fn lint_job(job: &Job, allowed_roots: &Arc<[PathBuf]>) -> (Outcome, Vec<Note>) {
    let options = Options {
        rules: &job.config.rules,
        levels: &job.levels,
        allowed_roots: allowed_roots.clone(),
        overlay: None,
    };
    let name = job.path.to_string_lossy().into_owned();
    lint::lint_file_with_notes(&job.path, name, &options)
}

/// What is kept of the files that give no report (how many were skipped, whether one could
/// not be read) and the notes on what Rust sources could not show statically.
#[derive(Default)]
struct Tally {
    skipped: usize,
    /// Rust files without operations, also in `skipped`: `--verbose` counts them in one line.
    without_operations: usize,
    failed: bool,
    notes: Vec<Note>,
}

impl Tally {
    /// A linted file, for the report; a skipped or unreadable one is counted (and said, the
    /// skip only with `verbose`).
    fn sort(
        &mut self,
        job: &Job,
        outcome: Outcome,
        notes: Vec<Note>,
        verbose: bool,
    ) -> Option<Linted> {
        self.notes.extend(notes);
        match outcome {
            Outcome::Linted { sources, findings } => return Some(Linted { sources, findings }),
            Outcome::Skipped(Skip::NoRustApi) => {
                self.skipped += 1;
                self.without_operations += 1;
            }
            Outcome::Skipped(reason) => {
                self.skipped += 1;
                if verbose {
                    eprintln!("skipped {}: {reason}", job.path.display());
                }
            }
            Outcome::Unreadable(e) => {
                eprintln!("error: cannot read {}: {e}", job.path.display());
                self.failed = true;
            }
        }
        None
    }

    /// `--verbose`: what could not be read statically (a Rust response type from another crate),
    /// never a finding but worth knowing; grouped, and Rust files without operations counted once.
    fn print_notes(&self) {
        for note in crate::rust::grouped_notes(&self.notes) {
            eprintln!("note: {note}");
        }
        if self.without_operations > 0 {
            eprintln!(
                "skipped {} Rust files without `#[utoipa::path]` operations",
                self.without_operations
            );
        }
        let operations = crate::rust::operations_read();
        if operations > 0 {
            eprintln!("read {operations} operations from Rust sources");
        }
    }
}

/// What the report writers borrow: the rules they describe and the graphical renderers (for
/// the terminal, and plain for a file).
struct Writers<'a> {
    rules: &'a RuleSet,
    graphical: &'a Graphical,
    plain: &'a Graphical,
}

/// Takes the linted files one at a time, in order, and keeps of each only what the summary and
/// the exit code need: counts, never the files.
struct Reporter<'a> {
    output: Output<'a>,
    baseline: Option<Baseline>,
    /// `--fail-on`, which overrides each file's configured threshold.
    fail_on: Option<Severity>,
    files: usize,
    counts: Counts,
    baselined: usize,
    /// A finding at or above its file's threshold was reported.
    over: bool,
}

/// What a run writes.
enum Output<'a> {
    Report(Box<Reports<'a>>),
    Statistics(statistics::Table),
    /// `--write-baseline FILE`: the findings before any baseline filters them.
    Baseline(baseline::Recorder, &'a Path),
}

impl<'a> Reporter<'a> {
    /// Writes the head of the report (JSON and SARIF open their document).
    fn begin(
        args: &'a CheckArgs,
        baseline: Option<Baseline>,
        writers: Writers<'a>,
        out: &mut dyn Write,
    ) -> Step<Reporter<'a>> {
        let output = if let Some(path) = &args.write_baseline {
            Output::Baseline(baseline::Recorder::default(), path)
        } else if args.statistics {
            Output::Statistics(statistics::Table::default())
        } else {
            Output::Report(Box::new(Reports::begin(args, writers, out)?))
        };
        Ok(Reporter {
            output,
            baseline,
            fail_on: args.fail_on.map(FailOn::threshold),
            files: 0,
            counts: Counts::default(),
            baselined: 0,
            over: false,
        })
    }

    /// The next file in order: filtered by the baseline, counted, written.
    fn file(&mut self, job: &Job, mut linted: Linted, out: &mut dyn Write) {
        if let Output::Baseline(recorder, _) = &mut self.output {
            recorder.add(&linted);
            return;
        }
        if let Some(baseline) = &mut self.baseline {
            self.baselined += baseline.filter(std::slice::from_mut(&mut linted));
        }
        let threshold = self
            .fail_on
            .or(job.config.fail_on)
            .unwrap_or(Severity::Error);
        self.over |= linted.findings.iter().any(|f| f.severity >= threshold);
        self.files += 1;
        self.counts.add_causes(&linted.findings, &job.config.rules);
        match &mut self.output {
            Output::Report(reports) => reports.file(&linted, out),
            Output::Statistics(table) => table.add(&linted, &job.config.rules),
            Output::Baseline(..) => {}
        }
    }

    /// Closes the report, prints the summary and gives the exit code.
    fn end(self, args: &CheckArgs, tally: &Tally, out: &mut dyn Write) -> u8 {
        let written = match self.output {
            Output::Baseline(recorder, path) => return record_baseline(recorder, path, tally),
            Output::Statistics(table) => table.write(out),
            Output::Report(reports) => reports.end(out),
        };
        match written {
            // The reader stopped early (`statuslint ... | head`): not an error, as for grep.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                eprintln!("error: cannot write the report: {e}");
                return EXIT_ERROR;
            }
            Ok(()) => {}
        }
        let mut summary = self.counts.summary(self.files);
        if self.baselined > 0 {
            summary.push_str(&format!(" ({} more in the baseline)", self.baselined));
        }
        if tally.skipped > 0 && !args.verbose {
            summary.push_str(&format!(
                " ({} other {} skipped: not API descriptions or excluded; --verbose lists them)",
                tally.skipped,
                if tally.skipped == 1 { "file" } else { "files" }
            ));
        }
        if args.format == Format::Graphical || args.output.is_some() || args.statistics {
            let _ = writeln!(out, "{summary}");
        } else {
            eprintln!("{summary}");
        }
        if tally.failed {
            EXIT_ERROR
        } else if self.over {
            EXIT_FINDINGS
        } else {
            0
        }
    }
}

fn record_baseline(recorder: baseline::Recorder, path: &Path, tally: &Tally) -> u8 {
    let count = recorder.findings();
    match recorder.write(path) {
        Ok(()) => {
            eprintln!("recorded {count} findings in {}", path.display());
            if tally.failed {
                EXIT_ERROR
            } else {
                0
            }
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

/// The report on the terminal (stdout) and, with `--output FILE`, in the file: there the
/// requested format and on the terminal the human report, so one CI step can keep SARIF and
/// still show the findings in its log.
struct Reports<'a> {
    terminal: Report<'a>,
    file: Option<(Report<'a>, std::io::BufWriter<std::fs::File>)>,
}

/// One report being written, or the error that stopped it: a destination that failed (a closed
/// pipe) is written no more, and the others go on.
struct Report<'a>(std::io::Result<report::Writer<'a>>);

impl<'a> Report<'a> {
    fn begin(
        format: Format,
        rules: &'a RuleSet,
        graphical: &'a Graphical,
        out: &mut dyn Write,
    ) -> Report<'a> {
        Report(report::Writer::begin(format, rules, graphical, out))
    }

    fn file(&mut self, linted: &Linted, out: &mut dyn Write) {
        if let Ok(writer) = &mut self.0 {
            if let Err(e) = writer.file(linted, out) {
                self.0 = Err(e);
            }
        }
    }

    fn end(self, out: &mut dyn Write) -> std::io::Result<()> {
        self.0?.end(out)
    }
}

impl<'a> Reports<'a> {
    fn begin(args: &CheckArgs, writers: Writers<'a>, out: &mut dyn Write) -> Step<Reports<'a>> {
        let Writers {
            rules,
            graphical,
            plain,
        } = writers;
        let Some(path) = &args.output else {
            return Ok(Reports {
                terminal: Report::begin(args.format, rules, graphical, out),
                file: None,
            });
        };
        let mut file = std::fs::File::create(path)
            .map(std::io::BufWriter::new)
            .map_err(|e| {
                eprintln!("error: cannot write the report: {e}");
                EXIT_ERROR
            })?;
        Ok(Reports {
            file: Some((Report::begin(args.format, rules, plain, &mut file), file)),
            terminal: Report::begin(Format::Graphical, rules, graphical, out),
        })
    }

    fn file(&mut self, linted: &Linted, out: &mut dyn Write) {
        if let Some((report, file)) = &mut self.file {
            report.file(linted, file);
        }
        self.terminal.file(linted, out);
    }

    /// Closes both reports; the file's error comes first, as the file is the one CI keeps.
    fn end(self, out: &mut dyn Write) -> std::io::Result<()> {
        let in_file = match self.file {
            Some((report, mut file)) => report.end(&mut file).and_then(|()| file.flush()),
            None => Ok(()),
        };
        let on_terminal = self.terminal.end(out);
        in_file.and(on_terminal)
    }
}

/// `--fix`: lints every file and applies the fixes of every outcome, in passes (a fix that
/// overlapped another is applied once the files were written and linted again); gives the lint
/// of the repaired files. The run ends here with `dry_run` (after printing the diff), or when a
/// file cannot be written.
fn fix_files<'j>(
    jobs: &'j [Job],
    roots: &Arc<[PathBuf]>,
    dry_run: bool,
    out: &mut dyn Write,
) -> Step<Outcomes<'j>> {
    const PASSES: usize = 10;
    let mut outcomes = lint_all(jobs, roots);
    let mut fixed = 0;
    let mut changed = std::collections::BTreeSet::new();
    for _ in 0..PASSES {
        let linted = outcomes
            .iter()
            .filter_map(|(_, (outcome, _))| match outcome {
                Outcome::Linted { sources, findings } => Some((sources, findings.as_slice())),
                _ => None,
            });
        let (files, deferred) = crate::fix::across(linted);
        if dry_run {
            for file in &files {
                let _ = write!(out, "{}", crate::fix::unified_diff(file));
            }
            let count: usize = files.iter().map(|f| f.fixed).sum();
            let later = if deferred > 0 {
                format!(" ({deferred} more after that)")
            } else {
                String::new()
            };
            eprintln!(
                "would fix {count} {} in {} {}{later}",
                plural(count, "finding"),
                files.len(),
                plural(files.len(), "file")
            );
            return Err(if files.is_empty() { 0 } else { EXIT_FINDINGS });
        }
        if files.is_empty() {
            break;
        }
        for file in &files {
            if let Err(e) = std::fs::write(&file.path, &file.after) {
                eprintln!("error: cannot write {}: {e}", file.name);
                return Err(EXIT_ERROR);
            }
            fixed += file.fixed;
            changed.insert(file.path.clone());
        }
        outcomes = lint_all(jobs, roots);
        if deferred == 0 {
            break;
        }
    }
    eprintln!(
        "fixed {fixed} {} in {} {}",
        plural(fixed, "finding"),
        changed.len(),
        plural(changed.len(), "file")
    );
    Ok(outcomes)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

fn shown(config: &Config) -> String {
    config
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "the defaults".into())
}

/// The built-in rules plus every team rule of the configurations in use, for reports that
/// describe rules (help, URLs, SARIF's rule list).
fn union<'c>(
    builtin: &Arc<RuleSet>,
    configs: impl Iterator<Item = &'c Arc<Config>>,
) -> Arc<RuleSet> {
    let mut all = builtin.clone();
    for config in configs.filter(|c| !Arc::ptr_eq(&c.rules, builtin)) {
        for rule in &config.rules.rules {
            if all.get(rule.id()).is_none() {
                Arc::make_mut(&mut all).rules.push(rule.clone());
            }
        }
    }
    all
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

/// Applies `--select` and `--ignore` on top of the configured levels: unknown ids are a usage
/// error, with a suggestion.
fn select(
    rules: &RuleSet,
    levels: &mut Levels,
    select: &[String],
    ignore: &[String],
) -> Result<(), String> {
    for id in select.iter().chain(ignore) {
        if rules.get(id).is_none() {
            return Err(rules.unknown(id));
        }
    }
    for (index, rule) in rules.rules.iter().enumerate() {
        let named = select.iter().any(|s| s == rule.id());
        let selected = select.is_empty() || named;
        if !selected || ignore.iter().any(|s| s == rule.id()) {
            levels.0[index] = Level::Off;
        } else if named && rule.doc.opt_in && levels.0[index] == Level::Off {
            // Naming an opt-in rule on the command line opts in.
            levels.0[index] = Level::Default;
        }
    }
    Ok(())
}

fn init(force: bool) -> u8 {
    let path = Path::new(config::FILE_NAMES[0]);
    if path.exists() && !force {
        eprintln!(
            "error: {} exists already (use --force to overwrite it)",
            path.display()
        );
        return EXIT_ERROR;
    }
    match std::fs::write(path, config::STARTER) {
        Ok(()) => {
            eprintln!("wrote {}", path.display());
            0
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

fn list_rules(rules: &RuleSet, out: &mut dyn Write) -> u8 {
    let width = rules.rules.iter().map(|r| r.id().len()).max().unwrap_or(0);
    let statuses_width = rules
        .rules
        .iter()
        .map(|r| r.doc.statuses.join(",").len())
        .max()
        .unwrap_or(1);
    for rule in &rules.rules {
        let statuses = if rule.doc.statuses.is_empty() {
            "-".to_string()
        } else {
            rule.doc.statuses.join(",")
        };
        let _ = writeln!(
            out,
            "{:width$}  {:13}  {:statuses_width$}  {}",
            rule.id(),
            rule.default_level(),
            statuses,
            rule.doc.summary
        );
    }
    if rules.rules.iter().any(|r| r.doc.opt_in) {
        let _ = writeln!(
            out,
            "\n`off (...)` marks an opt-in rule: it runs when statuslint.yaml names it under `rules:` \
             or sets `preset: strict`, or `--select` names it (then at the severity in brackets)."
        );
    }
    0
}

/// The documentation of one rule, under fixed headings (tested for every rule).
pub fn rule_doc(rule: &Rule) -> String {
    let doc = &rule.doc;
    let mut text = format!(
        "# {} ({}{})\n\n{}\n\n",
        doc.id,
        if doc.opt_in { "opt-in, " } else { "" },
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

/// Indents an example for `explain`, without the `# <-` markers the tests read.
fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            let l = l.trim_end();
            let l = l
                .strip_suffix("# <- value")
                .or_else(|| l.strip_suffix("# <-"))
                .map(str::trim_end)
                .unwrap_or(l);
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `explain 2XX` (any case) and `explain default`: what the responses key stands for and the
/// rules written for it; `None` for any other topic.
fn explain_key(rules: &RuleSet, topic: &str) -> Option<String> {
    const CLASSES: [(&str, &str); 5] = [
        ("Informational", "15.2"),
        ("Successful", "15.3"),
        ("Redirection", "15.4"),
        ("Client Error", "15.5"),
        ("Server Error", "15.6"),
    ];
    let mut text = if topic == "default" {
        "# default

The response for every status the operation does not declare by its own \
         code or range: what a client should expect from anything else (OpenAPI Responses \
         Object <https://spec.openapis.org/oas/v3.1.1#responses-object>).\n\n"
            .to_string()
    } else {
        let key = topic.to_ascii_uppercase();
        let class = crate::model::range_class(&key)?;
        let (name, section) = CLASSES[usize::from(class) - 1];
        let mut text = format!(
            "# {key}\n\nAny {class}xx ({name}) status the operation does not declare by its own \
             code. RFC 9110 §{section} <https://www.rfc-editor.org/rfc/rfc9110#section-{section}>\n\n"
        );
        if topic != key {
            text.push_str(&format!(
                "Write it `{key}`: OpenAPI allows only an upper-case `X`, and `{topic}` is no \
                 responses key (`statuslint explain invalid-status-code`).\n\n"
            ));
        }
        text
    };
    let key = if topic == "default" {
        "default".to_string()
    } else {
        topic.to_ascii_uppercase()
    };
    let written: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| r.doc.statuses.contains(&key))
        .map(|r| r.id())
        .collect();
    if written.is_empty() {
        text.push_str(&format!("No rule checks `{key}` specifically.\n"));
    } else {
        text.push_str(&format!(
            "Rules for `{key}` and every status it stands for: {} (`statuslint explain ID` \
             prints one).\n",
            written.join(", ")
        ));
    }
    Some(text)
}

/// `statuslint explain TOPIC`: a rule's documentation, or what a status code means and which
/// rules apply to it. An unknown topic is reported on stderr.
pub fn explain(rules: &RuleSet, topic: &str, out: &mut dyn Write) -> u8 {
    if let Some(rule) = rules.get(topic) {
        let _ = write!(out, "{}", rule_doc(rule));
        return 0;
    }
    if let Some(text) = explain_key(rules, topic) {
        let _ = write!(out, "{text}");
        return 0;
    }
    let Some(code) = topic.parse::<u16>().ok().filter(|_| topic.len() == 3) else {
        eprintln!("error: {}", rules.unknown(topic));
        return EXIT_ERROR;
    };
    let info = status::lookup(code);
    let heading = match info {
        Some(info) => format!(
            "# {code} {}\n\n{} <{}>\n",
            info.reason, info.reference, info.url
        ),
        None if !(100..=599).contains(&code) => format!(
            "# {code}\n\n{code} is not an HTTP status code: they run from 100 to 599 \
             (`statuslint explain invalid-status-code`).\n"
        ),
        None => format!(
            "# {code}\n\n{code} is not in the IANA HTTP Status Code Registry: clients treat it as \
             {}00 (`statuslint explain unregistered-status-code`).\n",
            code / 100
        ),
    };
    let _ = writeln!(out, "{heading}");
    let key = code.to_string();
    // Rules written for this code, then the rules that hold for its whole class (`4XX`).
    let (specific, general): (Vec<&Rule>, Vec<&Rule>) = rules
        .rules
        .iter()
        .filter(|r| r.speaks_of(code))
        .partition(|r| r.doc.statuses.contains(&key));
    if !specific.is_empty() {
        let _ = writeln!(out, "Rules for {code}:\n");
        for rule in &specific {
            let _ = writeln!(out, "{}", rule_doc(rule));
        }
    } else if info.is_some() {
        let note = info.and_then(|i| i.note).unwrap_or(
            "nothing an API description declares about it can contradict HTTP semantics",
        );
        let mut chars = note.chars();
        let note: String = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
        let _ = writeln!(out, "No rule checks {code} specifically. {note}.\n");
    }
    if !general.is_empty() {
        let ids: Vec<&str> = general.iter().map(|r| r.id()).collect();
        let _ = writeln!(
            out,
            "Rules for every {}xx status also apply: {} (`statuslint explain ID` prints one).",
            code / 100,
            ids.join(", ")
        );
    }
    0
}
