//! Findings → text for people and machines. One module a format.

mod graphical;
mod short;

use std::io::{self, Write};

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
    /// One line a finding, `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`, for editors' problem
    /// matchers and vim's quickfix.
    Short,
}

/// One linted root file: the files read for it and its findings, sorted by place.
pub struct Linted {
    pub sources: Sources,
    pub findings: Vec<Finding>,
}

/// Writes the findings of every linted file in `format`.
pub fn write(
    format: Format,
    files: &[Linted],
    rules: &RuleSet,
    graphical: &Graphical,
    out: &mut dyn Write,
) -> io::Result<()> {
    for file in files {
        for finding in &file.findings {
            match format {
                Format::Graphical => graphical.write(finding, &file.sources, rules, out)?,
                Format::Short => short::write(finding, &file.sources, out)?,
            }
        }
    }
    Ok(())
}

/// Finding counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of(files: &[Linted]) -> Counts {
        let mut counts = Counts::default();
        for finding in files.iter().flat_map(|f| &f.findings) {
            match finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }

    /// `3 errors, 2 warnings, 1 info in 4 files`.
    pub fn summary(&self, files: usize) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let files = plural(files, "file", "files");
        if self.errors + self.warnings + self.infos == 0 {
            return format!("no problems in {files}");
        }
        format!(
            "{}, {}, {} in {files}",
            plural(self.errors, "error", "errors"),
            plural(self.warnings, "warning", "warnings"),
            plural(self.infos, "info", "info"),
        )
    }
}
