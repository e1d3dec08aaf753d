//! `--format json`: one JSON document for the whole run, for scripts and dashboards.
//!
//! The schema is versioned. Within version 1, fields are only ever added (readers should ignore
//! fields they do not know); removing, renaming or changing the meaning of a field bumps
//! `version`.
//!
//! ```json
//! {
//!   "version": 1,
//!   "tool": { "name": "statuslint", "version": "0.1.0" },
//!   "findings": [
//!     {
//!       "file": "specs/pets.yaml",
//!       "rule": "created-without-location",
//!       "severity": "warning",
//!       "message": "201 Created on POST /pets has no `Location` header: the client cannot tell which resource was created",
//!       "help": "Declare a `Location` header on the 201 response, holding the URI of the created resource: ...",
//!       "url": "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2",
//!       "start": { "line": 12, "column": 9, "offset": 187 },
//!       "end": { "line": 12, "column": 14, "offset": 192 },
//!       "pointer": "/paths/~1pets/post/responses/201",
//!       "related": [
//!         {
//!           "file": "specs/responses.yaml",
//!           "message": "the `201` response is defined here",
//!           "start": { "line": 3, "column": 3, "offset": 24 },
//!           "end": { "line": 3, "column": 10, "offset": 31 }
//!         }
//!       ],
//!       "uses": []
//!     }
//!   ],
//!   "summary": { "errors": 0, "warnings": 1, "infos": 0, "files": 1, "occurrences": 1 }
//! }
//! ```
//!
//! | field | meaning |
//! |---|---|
//! | `version` | the schema version, `1` |
//! | `tool.name`, `tool.version` | `"statuslint"` and its version |
//! | `findings` | every finding: files in the order they were linted (sorted by path), each file's findings by position |
//! | `file` | the file the node is in, as given on the command line or relative to the working directory (a file reached through a `$ref` is named by its own path) |
//! | `rule` | the rule id (`statuslint rules` lists them; ids are never renamed) |
//! | `severity` | `"error"`, `"warning"` or `"info"`, after configuration |
//! | `message` | one line saying what is wrong here |
//! | `help` | how to fix it (several lines, may hold indented YAML), or `null`; may start with advice for this finding (the `WWW-Authenticate` challenge that fits the operation's security scheme) |
//! | `url` | the normative source (an RFC section), or `null` |
//! | `start`, `end` | the node's first position and the position just after it: `line` 1-based, `column` 1-based counted in Unicode scalar values (code points), `offset` 0-based in bytes of the UTF-8 file |
//! | `pointer` | the node's JSON pointer (RFC 6901) in its own file, `/paths/~1pets/post/responses/201`; `""` (the whole document) for problems found while loading |
//! | `related` | other places worth showing, such as the `$ref` definition of a response: `file`, `message`, `start`, `end` as above |
//! | `uses` | for a finding at a shared response definition (a rule `about: response` on a response reached through `$ref`), the operations it affects: `file`, `method` (upper case), `path`, `pointer` (the response at the use), `start`, `end` (its status key); `[]` for a finding about one place |
//! | `summary` | finding counts by severity (`errors`, `warnings`, `infos`; a finding with `uses` counts once), the number of `files` linted (API descriptions only; skipped files are not counted), and `occurrences`: findings counted once per use |

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::pretty::Array;
use super::{Counts, Linted};
use crate::finding;
use crate::registry::RuleSet;
use crate::source::{Loc, Sources};

/// The schema version written as `version`.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Finding<'a> {
    file: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<Cow<'a, str>>,
    url: Option<&'a str>,
    start: Position,
    end: Position,
    pointer: &'a str,
    related: Vec<Related<'a>>,
    uses: Vec<Use<'a>>,
}

#[derive(Serialize)]
struct Use<'a> {
    file: &'a str,
    method: &'a str,
    path: &'a str,
    pointer: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    message: &'a str,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
    offset: u32,
}

#[derive(Serialize, Default)]
struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    occurrences: usize,
}

/// The document with its findings left out: what comes before and after them.
fn document<'a>(summary: Summary) -> Report<'a> {
    Report {
        version: VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        findings: Vec::new(),
        summary,
    }
}

/// The document written file by file (see [`super::Writer`]).
pub struct Stream {
    findings: Array,
}

impl Stream {
    pub fn begin(out: &mut dyn Write) -> io::Result<Stream> {
        let head = document(Summary::default());
        Ok(Stream {
            findings: Array::open(&head, Some("findings"), out)?,
        })
    }

    pub fn file(&mut self, file: &Linted, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
        for finding in &file.findings {
            self.findings
                .push(&json_finding(file, finding, rules), out)?;
        }
        Ok(())
    }

    pub fn end(self, counts: &Counts, files: usize, out: &mut dyn Write) -> io::Result<()> {
        let summary = Summary {
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            files,
            occurrences: counts.occurrences,
        };
        self.findings
            .close(&document(summary), Some("findings"), out)?;
        writeln!(out)
    }
}

fn json_finding<'a>(
    file: &'a Linted,
    finding: &'a finding::Finding,
    rules: &'a RuleSet,
) -> Finding<'a> {
    let rule = rules.get(&finding.rule);
    let (start, end) = positions(&file.sources, finding.loc);
    Finding {
        file: &file.sources.get(finding.loc.file).name,
        rule: &finding.rule,
        severity: finding.severity.as_str(),
        message: &finding.message,
        help: match (&finding.note, rule) {
            (Some(note), Some(r)) => {
                Some(Cow::Owned(format!("{note}\n\n{}", r.doc.help.trim_end())))
            }
            (Some(note), None) => Some(Cow::Borrowed(note.as_str())),
            (None, r) => r.map(|r| Cow::Borrowed(r.doc.help.trim_end())),
        },
        url: rule.map(|r| r.doc.source.url.as_str()),
        start,
        end,
        pointer: &finding.pointer,
        related: finding
            .related
            .iter()
            .map(|related| {
                let (start, end) = positions(&file.sources, related.loc);
                Related {
                    file: &file.sources.get(related.loc.file).name,
                    message: &related.label,
                    start,
                    end,
                }
            })
            .collect(),
        uses: finding
            .uses
            .iter()
            .map(|u| {
                let (start, end) = positions(&file.sources, u.loc);
                Use {
                    file: &file.sources.get(u.loc.file).name,
                    method: &u.method,
                    path: &u.path,
                    pointer: &u.pointer,
                    start,
                    end,
                }
            })
            .collect(),
    }
}

fn positions(sources: &Sources, loc: Loc) -> (Position, Position) {
    let (start, end) = sources.line_col(loc);
    (
        Position {
            line: start.line,
            column: start.column,
            offset: loc.span.start,
        },
        Position {
            line: end.line,
            column: end.column,
            offset: loc.span.end,
        },
    )
}
