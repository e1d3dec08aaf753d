//! `--format junit`: JUnit XML for test dashboards (GitLab's test reports, Jenkins, Azure).
//!
//! One `<testsuite>` a linted file; in it one failing `<testcase>` a rule that fired, named by
//! the rule id, whose `<failure>` lists every finding of that rule in the file. A file without
//! findings holds one passing test case, `statuslint`, so dashboards show it as checked.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::cause::{causes, Cause};
use super::Linted;
use crate::registry::RuleSet;
use crate::rule::Severity;
use crate::source::Sources;

/// The test case of a file without findings.
const CLEAN_CASE: &str = "statuslint";

/// The report written file by file (see [`super::Writer`]). The root element carries the
/// totals, so the suites' XML (a few lines a rule that fired, not the files' texts) waits for
/// the last file, one string a suite, shrunk to fit (one long string would be copied as it
/// grows, and a suite's string has room to spare after `writeln!`).
#[derive(Default)]
pub struct Stream {
    tests: usize,
    failures: usize,
    suites: Vec<Box<str>>,
}

impl Stream {
    pub fn file(&mut self, file: &Linted, rules: &RuleSet) {
        let suite = suite(file, rules);
        self.tests += suite.tests;
        self.failures += suite.failures;
        self.suites.push(suite.xml.into_boxed_str());
    }

    pub fn end(self, out: &mut dyn Write) -> io::Result<()> {
        let Stream {
            tests,
            failures,
            suites,
        } = self;
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="statuslint" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        for suite in suites {
            out.write_all(suite.as_bytes())?;
        }
        writeln!(out, "</testsuites>")
    }
}

struct Suite {
    tests: usize,
    failures: usize,
    xml: String,
}

// `write!` to a String cannot fail: its results are ignored below.
fn suite(file: &Linted, rules: &RuleSet) -> Suite {
    // The root is always the first file of a job (see `Sources`).
    let path = attribute(&file.sources.get(0).name);
    // The rules that fired, in the order of their first finding, each with its causes.
    let mut fired: Vec<(&str, Vec<Cause>)> = Vec::new();
    for cause in causes(&file.findings, rules) {
        let rule = cause.first().rule.as_str();
        match fired.iter_mut().find(|(id, _)| *id == rule) {
            Some((_, list)) => list.push(cause),
            None => fired.push((rule, vec![cause])),
        }
    }
    let tests = fired.len().max(1);
    let failures = fired.len();
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        r#"  <testsuite name="{path}" tests="{tests}" failures="{failures}" errors="0" skipped="0">"#
    );
    if fired.is_empty() {
        let _ = writeln!(
            xml,
            r#"    <testcase name="{CLEAN_CASE}" classname="{path}"/>"#
        );
    }
    for (rule_id, list) in &fired {
        let _ = writeln!(
            xml,
            r#"    <testcase name="{}" classname="{path}">"#,
            attribute(rule_id)
        );
        let _ = writeln!(
            xml,
            "      {}",
            failure(rule_id, list, &file.sources, rules)
        );
        let _ = writeln!(xml, "    </testcase>");
    }
    let _ = writeln!(xml, "  </testsuite>");
    Suite {
        tests,
        failures,
        xml,
    }
}

/// The `<failure>` of one rule in one file: its type is the highest severity among the
/// findings; its text lists its causes (each with its own help), then the rule's help and
/// reference.
fn failure(rule_id: &str, list: &[Cause], sources: &Sources, rules: &RuleSet) -> String {
    let rule = rules.get(rule_id);
    let severity = list
        .iter()
        .map(|c| c.first().severity)
        .fold(Severity::Info, Ord::max);
    let message = match (list, rule) {
        ([only], _) => only.message().into_owned(),
        (_, Some(rule)) => format!("{} findings: {}", list.len(), rule.doc.summary),
        (_, None) => format!("{} findings", list.len()),
    };
    let mut body: String = list.iter().map(|c| line(c, sources) + "\n").collect();
    if let Some(rule) = rule {
        let doc = &rule.doc;
        let _ = write!(
            body,
            "\n{}\n\nSee {} <{}>",
            doc.help.trim_end(),
            doc.source.title,
            doc.source.url
        );
    }
    format!(
        r#"<failure message="{}" type="{}">{}</failure>"#,
        attribute(&message),
        severity.as_str(),
        text(body.trim_end())
    )
}

/// `PATH:LINE:COL: SEVERITY: MESSAGE`, the short format's line without the rule id, and the
/// finding's own help below it, indented.
fn line(cause: &Cause, sources: &Sources) -> String {
    let finding = cause.first();
    let file = sources.get(finding.loc.file);
    let at = file.line_col(finding.loc.span.start);
    let mut line = format!(
        "{}:{}:{}: {}: {}",
        file.name,
        at.line,
        at.column,
        finding.severity.as_str(),
        cause.message()
    );
    if let Some(note) = &finding.note {
        for note_line in note.lines() {
            line.push_str("\n  ");
            line.push_str(note_line);
        }
    }
    line
}

/// Escapes text for a double-quoted attribute value. Line breaks and tabs become character
/// references, since a parser would turn them into spaces.
fn attribute(value: &str) -> String {
    escape(value, true)
}

/// Escapes character data.
fn text(value: &str) -> String {
    escape(value, false)
}

fn escape(value: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            // A bare CR would be normalized away by any parser, in text as in attributes.
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            // Not allowed in XML 1.0 at all, not even as a character reference.
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_unrepresentable_characters() {
        assert_eq!(
            attribute("a<b>&\"c\"\n\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#10;\u{fffd}"
        );
        assert_eq!(text("a<b>&\"c\"\n\r"), "a&lt;b&gt;&amp;\"c\"\n&#13;");
    }
}
