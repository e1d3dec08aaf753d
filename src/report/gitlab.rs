//! `--format gitlab`: a GitLab Code Quality report, the JSON array GitLab reads from a job's
//! `artifacts:reports:codequality` to annotate merge requests.
//!
//! GitLab tells new findings from old ones by `fingerprint` alone, so it must not change when
//! unrelated edits move a node: it hashes path, rule, JSON pointer and occurrence (see
//! [`super::fingerprints`]), never a line number.

use std::io::{self, Write};

use serde::Serialize;

use super::{causes, fingerprints, repo_path, Linted};
use crate::registry::RuleSet;
use crate::rule::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
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

pub fn write(files: &[Linted], rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
    let cwd = std::env::current_dir().ok();
    let mut fingerprints = fingerprints(files);
    let issues: Vec<Issue> = causes(files, rules)
        .map(|(file, cause, at)| (file, cause.first(), cause.message(), at))
        .map(|(file, finding, description, at)| Issue {
            description: description.into_owned(),
            check_name: &finding.rule,
            fingerprint: std::mem::take(&mut fingerprints[at]),
            severity: severity(finding.severity),
            location: Location {
                path: repo_path(&file.sources.get(finding.loc.file).name, cwd.as_deref()),
                lines: Lines {
                    begin: file
                        .sources
                        .get(finding.loc.file)
                        .line_col(finding.loc.span.start)
                        .line,
                },
            },
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
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
