//! `--format github`: GitHub Actions workflow commands, one a cause (the per-use findings of
//! one shared definition are one annotation, at the first use), which the runner turns into
//! annotations on the pull request's files:
//! `::warning file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE-ID::MESSAGE`.
//!
//! GitHub shows at most 10 annotations of each type (error, warning, notice) per step and 50
//! per job, dropping the rest without a word; when a run has more, a closing plain line says how
//! many were not shown, so nobody takes the annotations for the whole report.

use std::io::{self, Write};
use std::path::PathBuf;

use super::cause::causes;
use super::{repo_path, Linted};
use crate::registry::RuleSet;
use crate::rule::Severity;

/// Annotations of one type GitHub shows per step.
pub const SHOWN_PER_TYPE: usize = 10;

/// The commands written file by file (see [`super::Writer`]), counting each type for the
/// closing note.
pub struct Stream {
    cwd: Option<PathBuf>,
    /// errors, warnings, notices
    counts: [usize; 3],
}

impl Default for Stream {
    fn default() -> Stream {
        Stream {
            cwd: std::env::current_dir().ok(),
            counts: [0; 3],
        }
    }
}

impl Stream {
    pub fn file(&mut self, file: &Linted, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
        for cause in causes(&file.findings, rules) {
            let finding = cause.first();
            let (kind, slot) = match finding.severity {
                Severity::Error => ("error", 0),
                Severity::Warning => ("warning", 1),
                Severity::Info => ("notice", 2),
            };
            self.counts[slot] += 1;
            let (start, end) = file.sources.line_col(finding.loc);
            let path = repo_path(
                &file.sources.get(finding.loc.file).name,
                self.cwd.as_deref(),
            );
            writeln!(
                out,
                "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&path),
                start.line,
                start.column,
                end.line,
                end.column,
                property(&finding.rule),
                data(&cause.message_with_note()),
            )?;
        }
        Ok(())
    }

    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(note) = overflow_note(self.counts) {
            writeln!(out, "{note}")?;
        }
        Ok(())
    }
}

/// The closing line when some annotations will not be shown.
fn overflow_note([errors, warnings, notices]: [usize; 3]) -> Option<String> {
    let hidden: usize = [errors, warnings, notices]
        .iter()
        .map(|n| n.saturating_sub(SHOWN_PER_TYPE))
        .sum();
    if hidden == 0 {
        return None;
    }
    let plural = |n: usize, one: &str, many: &str| {
        (n > 0).then(|| format!("{n} {}", if n == 1 { one } else { many }))
    };
    let parts: Vec<String> = [
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(notices, "info finding", "info findings"),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(format!(
        "statuslint: {}; GitHub shows only the first {SHOWN_PER_TYPE} annotations of each type \
         per step (and 50 per job), so {hidden} {} not shown as annotations: see the full report \
         with --format short",
        parts.join(", "),
        if hidden == 1 { "is" } else { "are" },
    ))
}

/// Escapes a command's message (GitHub's `escapeData`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value (GitHub's `escapeProperty`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(data("100% done\r\nnext: a,b"), "100%25 done%0D%0Anext: a,b");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn says_how_many_annotations_are_not_shown() {
        assert_eq!(overflow_note([10, 10, 10]), None);
        assert_eq!(
            overflow_note([0, 37, 1]).unwrap(),
            "statuslint: 37 warnings, 1 info finding; GitHub shows only the first 10 annotations \
             of each type per step (and 50 per job), so 27 are not shown as annotations: see the \
             full report with --format short"
        );
        assert!(overflow_note([11, 0, 0])
            .unwrap()
            .contains("so 1 is not shown"));
    }
}
