//! `--format gitlab`: a GitLab Code Quality report, the JSON array GitLab reads from a job's
//! `artifacts:reports:codequality` to annotate merge requests.
//!
//! GitLab tells new findings from old ones by `fingerprint` alone, so it must not change when
//! unrelated edits move a node: it hashes path, rule, JSON pointer and occurrence (see
//! [`super::fingerprints`]), never a line number.

use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::cause::causes;
use super::pretty::Array;
use super::{repo_path, Fingerprints, Linted};
use crate::registry::RuleSet;
use crate::rule::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: &'a str,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The array written file by file (see [`super::Writer`]).
pub struct Stream {
    cwd: Option<PathBuf>,
    fingerprints: Fingerprints,
    issues: Array,
}

impl Stream {
    pub fn begin(out: &mut dyn Write) -> io::Result<Stream> {
        Ok(Stream {
            cwd: std::env::current_dir().ok(),
            fingerprints: Fingerprints::new(),
            issues: Array::open(&Vec::<Issue>::new(), None, out)?,
        })
    }

    pub fn file(&mut self, file: &Linted, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
        let mut fingerprints = self.fingerprints.of(file);
        for cause in causes(&file.findings, rules) {
            let finding = cause.first();
            let source = file.sources.get(finding.loc.file);
            let issue = Issue {
                description: &cause.message(),
                check_name: &finding.rule,
                // A grouped cause keeps its first finding's fingerprint.
                fingerprint: std::mem::take(&mut fingerprints[cause.index]),
                severity: severity(finding.severity),
                location: Location {
                    path: repo_path(&source.name, self.cwd.as_deref()),
                    lines: Lines {
                        begin: source.line_col(finding.loc.span.start).line,
                    },
                },
            };
            self.issues.push(&issue, out)?;
        }
        Ok(())
    }

    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        self.issues.close(&Vec::<Issue>::new(), None, out)?;
        writeln!(out)
    }
}

/// GitLab's scale is info, minor, major, critical, blocker. A MUST of HTTP broken is `major`
/// (critical and blocker are for defects that break the build or leak data).
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}
