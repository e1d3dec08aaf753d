//! miette's graphical report: the source snippet, a label on the node, the rule id as the
//! code, the message, the help and the RFC link; a `$ref` definition in another file is shown
//! as a related report of its own.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::cause::Cause;
use crate::registry::RuleSet;
use crate::rule::Severity;
use crate::source::{Loc, Sources};

/// The configured renderer.
pub struct Graphical {
    handler: GraphicalReportHandler,
}

impl Graphical {
    /// `color` only on a terminal and without `NO_COLOR` (the caller decides); `width` is the
    /// terminal's, fixed in snapshot tests.
    pub fn new(color: bool, width: usize) -> Graphical {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Graphical {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(width)
                .with_links(false)
                .with_show_related_as_nested(true)
                .with_urls(true),
        }
    }

    /// Writes one diagnostic for `cause`: a single finding, or the findings of one rule that
    /// stay per operation but come through one shared definition.
    pub fn write(
        &self,
        cause: &Cause,
        sources: &Sources,
        rules: &RuleSet,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let finding = cause.first();
        let rule = rules.get(&finding.rule);
        let main_file = finding.loc.file;
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(finding.label.clone()),
            span(finding.loc),
        )];
        // Places in other files: one related report per file, each place labelled.
        let mut related: Vec<Report> = Vec::new();
        for extra in &finding.related {
            let label = LabeledSpan::new_with_span(Some(extra.label.clone()), span(extra.loc));
            if extra.loc.file == main_file {
                labels.push(label);
                continue;
            }
            let name = &sources.get(extra.loc.file).name;
            match related.iter_mut().find(|r| r.source.name() == name) {
                Some(report) => report.labels.push(label),
                None => related.push(Report {
                    message: "where it is defined:".into(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    url: None,
                    source: named(sources, extra.loc),
                    labels: vec![label],
                    related: Vec::new(),
                }),
            }
        }
        let message = cause.message().into_owned();
        let listed: Vec<(String, Loc)> = if !finding.uses.is_empty() {
            finding
                .uses
                .iter()
                .map(|u| (format!("{} {}", u.method, u.path), u.loc))
                .collect()
        } else if !cause.others().is_empty() {
            cause
                .findings
                .iter()
                .map(|f| (f.operation.clone(), f.loc))
                .collect()
        } else {
            Vec::new()
        };
        let mut help = rule.map(|r| reflow(&r.doc.help));
        if let Some(note) = &finding.note {
            help = Some(match help {
                Some(help) => format!("{note}\n\n{help}"),
                None => note.clone(),
            });
        }
        // The operations, by place (their source would repeat one `$ref` line each).
        if !listed.is_empty() {
            help = Some(format!(
                "{}\n\n{}",
                list(&listed, sources),
                help.unwrap_or_default()
            ));
        }
        let report = Report {
            message,
            code: Some(finding.rule.clone()),
            severity: match finding.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Info => miette::Severity::Advice,
            },
            help,
            url: rule.map(|r| r.doc.source.url.clone()),
            source: named(sources, finding.loc),
            labels,
            related,
        };
        let mut text = String::new();
        self.handler
            .render_report(&mut text, &report)
            .map_err(|e| io::Error::other(e.to_string()))?;
        writeln!(out, "{text}")
    }
}

const LISTED_USES: usize = 10;

/// `the 159 operations:` and one `- GET /a (file:line)` line each, up to [`LISTED_USES`].
fn list(items: &[(String, Loc)], sources: &Sources) -> String {
    let mut text = match items.len() {
        1 => "the operation:".to_string(),
        n => format!("the {n} operations:"),
    };
    for (operation, loc) in items.iter().take(LISTED_USES) {
        let file = sources.get(loc.file);
        let line = file.line_col(loc.span.start).line;
        text.push_str(&format!("\n  - {operation} ({}:{line})", file.name));
    }
    if items.len() > LISTED_USES {
        text.push_str(&format!(
            "\n  - ... and {} more (`--format json` lists them all)",
            items.len() - LISTED_USES
        ));
    }
    text
}

impl Graphical {
    /// A usage error that points into a file the user wrote (the configuration).
    pub fn write_config_error(
        &self,
        error: &crate::config::ConfigError,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let start = error.span.start as usize;
        let len = error.span.end.saturating_sub(error.span.start) as usize;
        let report = Report {
            message: error.message.clone(),
            code: Some("config".into()),
            severity: miette::Severity::Error,
            help: error.help.clone(),
            url: None,
            source: NamedSource::new(&error.file, CharColumns(error.text.clone())),
            labels: if error.text.is_empty() {
                Vec::new()
            } else {
                vec![LabeledSpan::new_primary_with_span(
                    Some(error.label.clone()),
                    SourceSpan::new(start.into(), len),
                )]
            },
            related: Vec::new(),
        };
        let mut text = String::new();
        self.handler
            .render_report(&mut text, &report)
            .map_err(|e| io::Error::other(e.to_string()))?;
        writeln!(out, "{text}")
    }
}

/// Joins the hard-wrapped lines of each prose paragraph, so miette wraps them to the terminal
/// once; indented lines (YAML snippets) and blank lines stay as written.
fn reflow(help: &str) -> String {
    let mut out = String::new();
    let mut in_paragraph = false;
    for line in help.trim_end().lines() {
        let prose = !line.is_empty() && !line.starts_with([' ', '\t', '-', '*']);
        if prose && in_paragraph {
            out.push(' ');
        } else if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        in_paragraph = prose;
    }
    out
}

fn span(loc: Loc) -> SourceSpan {
    let start = loc.span.start as usize;
    // A label longer than a window of a long line is shown by its start (see `CharColumns`).
    let len = (loc.span.end.saturating_sub(loc.span.start) as usize).min(WINDOW);
    SourceSpan::new(start.into(), len)
}

/// Lines longer than this (minified JSON is one line of megabytes) are shown as a window of
/// about this many bytes around the node: miette would print the whole line, and it cannot
/// pad a label beyond column 65,535 (it panics).
const WINDOW: usize = 240;

fn named(sources: &Sources, loc: Loc) -> NamedSource<CharColumns> {
    let file = sources.get(loc.file);
    NamedSource::new(&file.name, CharColumns(file.text.clone()))
}

/// A file's text for miette, with the header's column (`╭─[file:LINE:COL]`) counted in
/// Unicode scalar values and without a byte order mark, as every other format counts it:
/// miette counts bytes. miette reads the header's place as a span without context lines, so
/// that read carries the column computed here; every other read is miette's own.
#[derive(Debug)]
struct CharColumns(Arc<str>);

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .0
            .read_span(span, context_lines_before, context_lines_after)?;
        if context_lines_before != 0 || context_lines_after != 0 {
            if inner.data().len() <= 4 * WINDOW || !has_long_line(inner.data()) {
                return Ok(inner);
            }
            return self.window(span);
        }
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line(),
            char_column(&self.0, span.offset()),
            inner.line_count(),
        )))
    }
}

impl CharColumns {
    /// The part of the span's line within [`WINDOW`] bytes of it, without context lines.
    fn window(&self, span: &SourceSpan) -> Result<Box<dyn SpanContents<'_> + '_>, MietteError> {
        let line = self.0.read_span(span, 0, 0)?;
        let text: &str = &self.0;
        let bytes = text.as_bytes();
        let at = span.offset().min(bytes.len());
        let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |i| i + 1);
        let line_end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let mut start = span.offset().saturating_sub(WINDOW / 2).max(line_start);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        // Labels far apart on one line are one context for miette: the window shows the first.
        let mut end = (span.offset() + span.len().min(WINDOW) + WINDOW / 2).min(line_end);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        Ok(Box::new(MietteSpanContents::new(
            &text.as_bytes()[start..end],
            SourceSpan::new(start.into(), end - start),
            line.line(),
            char_column(text, start),
            1,
        )))
    }
}

/// Whether a line of `data` is longer than [`WINDOW`] bytes.
fn has_long_line(data: &[u8]) -> bool {
    data.split(|&b| b == b'\n').any(|line| line.len() > WINDOW)
}

/// The 0-based column of byte `offset` in Unicode scalar values: lines end at LF, CRLF or a
/// lone CR (as [`crate::source`] counts them), and a byte order mark is no column.
fn char_column(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text.as_bytes()[..offset];
    let line_start = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let line = match line_start {
        0 => line.strip_prefix('\u{feff}').unwrap_or(line),
        _ => line,
    };
    line.chars().count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reflow_joins_prose_and_keeps_snippets() {
        let help = "Remove the content. If the client needs the\ndata, return it:\n\n    \"200\":\n      description: x\n\nDone.\n";
        assert_eq!(
            super::reflow(help),
            "Remove the content. If the client needs the data, return it:\n\n    \"200\":\n      description: x\n\nDone."
        );
    }
}

#[derive(Debug)]
struct Report {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    url: Option<String>,
    source: NamedSource<CharColumns>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Report {}

impl Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn url<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.url
            .as_ref()
            .map(|u| Box::new(u) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}
