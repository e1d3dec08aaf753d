//! Findings → text for people and machines. One module a format.

mod cause;
mod github;
mod gitlab;
mod graphical;
mod json;
mod junit;
mod pretty;
mod sarif;
mod short;
pub mod statistics;

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use crate::finding::Finding;
use crate::registry::RuleSet;
use crate::rule::Severity;
use crate::source::Sources;

pub use graphical::Graphical;

/// The report formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's report: the source snippet with a label on the node, the help and the RFC link.
    Graphical,
    /// One line a cause, `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`, for editors' problem
    /// matchers and vim's quickfix.
    Short,
    /// One JSON document, versioned (`"version": 1`): every finding with its rule, severity,
    /// message, help, URL, positions and JSON pointer.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: each finding becomes an annotation.
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML: one test suite a file, one failing test case a rule that fired.
    Junit,
}

/// One linted root file: the files read for it and its findings, sorted by place.
pub struct Linted {
    pub sources: Sources,
    pub findings: Vec<Finding>,
}

/// Writes the findings of every linted file in `format`: [`Writer`] over a slice.
pub fn write(
    format: Format,
    files: &[Linted],
    rules: &RuleSet,
    graphical: &Graphical,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut writer = Writer::begin(format, rules, graphical, out)?;
    for file in files {
        writer.file(file, out)?;
    }
    writer.end(out)
}

/// A report written one linted file at a time, in report order, so that each file's texts can
/// be dropped once it is written. What needs every file (JSON's summary, GitHub's overflow
/// note, JUnit's totals, the occurrence in fingerprints) is kept as small per-file data. The
/// bytes are those of the whole report written at once.
pub struct Writer<'r> {
    rules: &'r RuleSet,
    graphical: &'r Graphical,
    format: State,
    files: usize,
    counts: Counts,
}

/// What a format keeps between files.
enum State {
    Graphical,
    Short,
    Json(json::Stream),
    Sarif(sarif::Stream),
    Github(github::Stream),
    Gitlab(gitlab::Stream),
    Junit(junit::Stream),
}

impl<'r> Writer<'r> {
    /// Writes what comes before the first file (a JSON document's head).
    pub fn begin(
        format: Format,
        rules: &'r RuleSet,
        graphical: &'r Graphical,
        out: &mut dyn Write,
    ) -> io::Result<Writer<'r>> {
        let format = match format {
            Format::Graphical => State::Graphical,
            Format::Short => State::Short,
            Format::Json => State::Json(json::Stream::begin(out)?),
            Format::Sarif => State::Sarif(sarif::Stream::begin(rules, out)?),
            Format::Github => State::Github(github::Stream::default()),
            Format::Gitlab => State::Gitlab(gitlab::Stream::begin(out)?),
            Format::Junit => State::Junit(junit::Stream::default()),
        };
        Ok(Writer {
            rules,
            graphical,
            format,
            files: 0,
            counts: Counts::default(),
        })
    }

    /// Writes the findings of the next file.
    pub fn file(&mut self, file: &Linted, out: &mut dyn Write) -> io::Result<()> {
        self.files += 1;
        for finding in &file.findings {
            self.counts.add(finding);
        }
        let rules = self.rules;
        match &mut self.format {
            State::Graphical => {
                for cause in cause::causes(&file.findings, rules) {
                    self.graphical.write(&cause, &file.sources, rules, out)?;
                }
                Ok(())
            }
            State::Short => {
                for cause in cause::causes(&file.findings, rules) {
                    short::write(&cause, &file.sources, out)?;
                }
                Ok(())
            }
            State::Json(stream) => stream.file(file, rules, out),
            State::Sarif(stream) => stream.file(file, rules, out),
            State::Github(stream) => stream.file(file, rules, out),
            State::Gitlab(stream) => stream.file(file, rules, out),
            State::Junit(stream) => {
                stream.file(file, rules);
                Ok(())
            }
        }
    }

    /// Writes what comes after the last file (totals, closing brackets).
    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            State::Graphical | State::Short => Ok(()),
            State::Json(stream) => stream.end(&self.counts, self.files, out),
            State::Sarif(stream) => stream.end(self.rules, out),
            State::Github(stream) => stream.end(out),
            State::Gitlab(stream) => stream.end(out),
            State::Junit(stream) => stream.end(out),
        }
    }
}

/// A path as CI services want it: forward slashes, no leading `./`. Names are paths as given on
/// the command line or relative to the working directory (the checkout root in CI), so this is
/// the path from the repository root unless the user named the file by an absolute path.
fn portable_path(name: &str) -> String {
    // A backslash is a separator only on Windows; elsewhere it may be part of a file name.
    let path = if std::path::MAIN_SEPARATOR == '\\' {
        name.replace('\\', "/")
    } else {
        name.to_string()
    };
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

/// The path of a file from the working directory (the checkout root in CI), in [`portable_path`]
/// form; `None` for an absolute path outside it.
fn relative_path(name: &str, cwd: Option<&Path>) -> Option<String> {
    let path = Path::new(name);
    if !path.is_absolute() {
        return Some(portable_path(name));
    }
    let relative = path.strip_prefix(cwd?).ok()?;
    Some(portable_path(&relative.to_string_lossy()))
}

/// [`relative_path`], or the absolute path when the file is outside the working directory.
fn repo_path(name: &str, cwd: Option<&Path>) -> String {
    relative_path(name, cwd).unwrap_or_else(|| portable_path(name))
}

/// The fingerprint of each finding, in report order: stable across runs, machines and
/// statuslint releases, and unchanged by edits that only move the node (no line numbers).
///
/// It hashes the file's path from the working directory, the rule id, the node's JSON pointer and the finding's
/// index among the earlier findings with the same three (so that two findings of one rule on
/// one node still differ), with 64-bit FNV-1a: std's `DefaultHasher` may change between
/// Rust releases. The index counts across files (a file reached through `$ref` from two
/// linted files has findings in both), so the triples seen so far are kept.
struct Fingerprints {
    cwd: Option<std::path::PathBuf>,
    /// Each triple seen so far, as the bytes hashed for it (the parts, each ended by a 0 byte,
    /// which cannot occur in them and keeps `a`+`bc` apart from `ab`+`c`): one allocation a
    /// triple, for runs with many findings.
    seen: HashMap<Box<str>, usize>,
}

impl Fingerprints {
    fn new() -> Fingerprints {
        Fingerprints {
            cwd: std::env::current_dir().ok(),
            seen: HashMap::new(),
        }
    }

    /// The fingerprints of the next file's findings.
    fn of(&mut self, file: &Linted) -> Vec<String> {
        file.findings
            .iter()
            .map(|finding| {
                let path = repo_path(
                    &file.sources.get(finding.loc.file).name,
                    self.cwd.as_deref(),
                );
                let triple = format!("{path}\0{}\0{}\0", finding.rule, finding.pointer);
                let index = match self.seen.get_mut(triple.as_str()) {
                    Some(occurrence) => {
                        *occurrence += 1;
                        *occurrence - 1
                    }
                    None => {
                        self.seen.insert(triple.clone().into_boxed_str(), 1);
                        0
                    }
                };
                let mut hash = Fnv1a::new();
                hash.write(triple.as_bytes());
                hash.write(index.to_string().as_bytes());
                format!("{:016x}", hash.finish())
            })
            .collect()
    }
}

/// 64-bit FNV-1a (<http://www.isthe.com/chongo/tech/comp/fnv/>): a few lines, stable forever.
struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Fnv1a {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn portable_paths_use_forward_slashes() {
        assert_eq!(portable_path("./specs/a.yaml"), "specs/a.yaml");
        if cfg!(windows) {
            assert_eq!(portable_path(r".\specs\a.yaml"), "specs/a.yaml");
        }
        assert_eq!(portable_path("../a.yaml"), "../a.yaml");
    }
}

/// Finding counts by severity. A finding at a shared definition counts once however many
/// operations use it; `occurrences` counts every use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub occurrences: usize,
}

impl Counts {
    pub fn of(files: &[Linted]) -> Counts {
        let mut counts = Counts::default();
        for finding in files.iter().flat_map(|f| &f.findings) {
            counts.add(finding);
        }
        counts
    }

    pub fn add(&mut self, finding: &Finding) {
        match finding.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        self.occurrences += finding.occurrences();
    }

    /// Counts one file's findings as the reports show them: a cause once (the per-use
    /// findings of one shared definition are one cause), and each of its places as an
    /// occurrence.
    pub fn add_causes(&mut self, findings: &[Finding], rules: &RuleSet) {
        for cause in cause::causes(findings, rules) {
            self.add(cause.first());
            self.occurrences += cause
                .others()
                .iter()
                .map(|f| f.occurrences())
                .sum::<usize>();
        }
    }

    /// Findings, each a cause to fix once.
    pub fn causes(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// `3 errors, 2 warnings, 1 info in 4 files`, and `(320 occurrences)` when shared
    /// responses stand for more places than there are findings.
    pub fn summary(&self, files: usize) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let files = plural(files, "file", "files");
        if self.causes() == 0 {
            return format!("no problems in {files}");
        }
        let mut text = format!(
            "{}, {}, {} in {files}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "info"),
        );
        if self.occurrences > self.causes() {
            text.push_str(&format!(
                " ({}, {} occurrences: a shared response is reported once, at its definition)",
                plural(self.causes(), "cause", "causes"),
                self.occurrences
            ));
        }
        text
    }
}
