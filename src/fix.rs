//! Fixes: findings → minimal text edits that follow the file's own style (block or flow YAML,
//! indentation, key quotes, line endings; valid JSON with its commas). Everything outside an
//! edit stays byte for byte. Shared by `statuslint --fix` and the language server's quick fixes.
//!
//! A finding carries a [`FixHint`] (what would repair it, in terms of the document) and the
//! spans of the response it is about ([`ResponseSyntax`]); nothing is parsed again here.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::{Finding, FixHint, SourceRepair};
use crate::load::format_of;
use crate::model::{Entry, Removal, ResponseSyntax};
use crate::parse::Format;
use crate::source::{FileId, Sources};
use crate::tree::Span;

/// Replace the bytes `span` of `file` with `text` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

/// The repair of one finding: a title for a menu, and its edits (in the file of the `$ref`
/// definition when the response came through one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

/// The fix of `finding`, if it has one that can be written here.
pub fn fix(finding: &Finding, sources: &Sources) -> Option<Fix> {
    let hint = finding.fix.as_ref()?;
    let edit = edit(hint, &[hint], sources)?;
    let mut title = match hint {
        FixHint::AddHeader { name, .. } => format!("Declare the `{name}` header"),
        FixHint::RemoveContent { response } => {
            let key = response
                .content
                .map(|c| text_of(sources, response.file, c.key));
            format!(
                "Remove the `{}`",
                key.unwrap_or("content").trim_matches(['"', '\''])
            )
        }
        FixHint::RemoveHeader { file, removal, .. } => {
            let key = text_of(sources, *file, removal.entry.key);
            format!("Remove the `{}` header", key.trim_matches(['"', '\'']))
        }
        FixHint::QuoteKey { .. } => format!("Quote the status key: {}", edit.text),
        FixHint::InSource { repair, .. } => match repair {
            SourceRepair::AddHeader(name) => format!("Declare the `{name}` header"),
            SourceRepair::RemoveContent => "Remove the response body".to_string(),
        },
    };
    if edit.file != finding.loc.file {
        title.push_str(&format!(" (in {})", sources.get(edit.file).name));
    }
    Some(Fix {
        title,
        edits: vec![edit],
    })
}

/// The edits that repair `findings` together: at most one per response (headers wanted by
/// several findings are declared in one go), identical edits once, none overlapping another.
#[derive(Debug, Default)]
pub struct Plan {
    /// Sorted by file and place, non-overlapping.
    pub edits: Vec<Edit>,
    /// How many findings each edit repairs.
    pub counts: Vec<usize>,
    /// Findings the edits repair.
    pub fixed: usize,
    /// Fixable findings left for a later pass: their edit overlapped another one.
    pub deferred: usize,
}

/// Plans the fixes of `findings` (all from one lint job, whose files are `sources`).
pub fn plan<'f>(findings: impl IntoIterator<Item = &'f Finding>, sources: &Sources) -> Plan {
    // Hints that edit the same place: headers for one response are declared together.
    let mut groups: Vec<(Vec<&FixHint>, usize)> = Vec::new();
    let mut by_response: HashMap<(FileId, Span), usize> = HashMap::new();
    for finding in findings {
        let Some(hint) = &finding.fix else { continue };
        let group = match hint {
            FixHint::AddHeader { response, .. } => {
                let key = (response.file, response.body);
                *by_response.entry(key).or_insert_with(|| {
                    groups.push((Vec::new(), 0));
                    groups.len() - 1
                })
            }
            _ => {
                groups.push((Vec::new(), 0));
                groups.len() - 1
            }
        };
        let (hints, count) = &mut groups[group];
        *count += 1;
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    let mut edits: Vec<(Edit, usize)> = Vec::new();
    for (hints, count) in groups {
        let Some(edit) = edit(hints[0], &hints, sources) else {
            continue;
        };
        match edits.iter_mut().find(|(e, _)| *e == edit) {
            Some((_, n)) => *n += count,
            None => edits.push((edit, count)),
        }
    }
    edits.sort_by_key(|(e, _)| (e.file, e.span.start, e.span.end));
    let mut plan = Plan::default();
    for (edit, count) in edits {
        let overlaps = plan.edits.last().is_some_and(|prev: &Edit| {
            prev.file == edit.file
                && (edit.span.start < prev.span.end || edit.span.start == prev.span.start)
        });
        if overlaps {
            plan.deferred += count;
        } else {
            plan.fixed += count;
            plan.edits.push(edit);
            plan.counts.push(count);
        }
    }
    plan
}

/// One file repaired: its text before and after.
#[derive(Debug, Clone)]
pub struct FileFix {
    pub path: PathBuf,
    /// The path as the user reads it.
    pub name: String,
    pub before: Arc<str>,
    pub after: String,
    /// Findings the changes repair.
    pub fixed: usize,
}

/// Fixes across lint jobs (`--fix`): each job is planned, then the edits are gathered per file
/// (a file two specs reference is edited once), identical ones merged and overlapping ones
/// left for a later pass. The files in order of path, and the number of deferred findings.
pub fn across<'a>(
    jobs: impl IntoIterator<Item = (&'a Sources, &'a [Finding])>,
) -> (Vec<FileFix>, usize) {
    struct Pending {
        name: String,
        text: Arc<str>,
        edits: Vec<(Edit, usize)>,
    }
    let mut files: BTreeMap<PathBuf, Pending> = BTreeMap::new();
    let mut deferred = 0;
    for (sources, findings) in jobs {
        let plan = plan(findings, sources);
        deferred += plan.deferred;
        for (edit, count) in plan.edits.into_iter().zip(plan.counts) {
            let source = sources.get(edit.file);
            let pending = files.entry(source.path.clone()).or_insert_with(|| Pending {
                name: source.name.clone(),
                text: source.text.clone(),
                edits: Vec::new(),
            });
            // The same file read twice, changed in between: leave it to the next run.
            if pending.text != source.text {
                deferred += count;
                continue;
            }
            let edit = Edit { file: 0, ..edit };
            match pending.edits.iter_mut().find(|(e, _)| *e == edit) {
                Some((_, n)) => *n += count,
                None => pending.edits.push((edit, count)),
            }
        }
    }
    let mut out = Vec::new();
    for (path, mut pending) in files {
        pending
            .edits
            .sort_by_key(|(e, _)| (e.span.start, e.span.end));
        let mut kept: Vec<&Edit> = Vec::new();
        let mut fixed = 0;
        for (edit, count) in &pending.edits {
            let overlaps = kept.last().is_some_and(|prev| {
                edit.span.start < prev.span.end || edit.span.start == prev.span.start
            });
            if overlaps {
                deferred += count;
            } else {
                fixed += count;
                kept.push(edit);
            }
        }
        let after = apply(&pending.text, kept);
        if after != *pending.text {
            out.push(FileFix {
                path,
                name: pending.name,
                before: pending.text,
                after,
                fixed,
            });
        }
    }
    (out, deferred)
}

/// The unified diff of a fix, as `--fix --dry-run` prints it.
pub fn unified_diff(file: &FileFix) -> String {
    similar::TextDiff::from_lines(&*file.before, file.after.as_str())
        .unified_diff()
        .context_radius(3)
        .header(&file.name, &file.name)
        .to_string()
}

/// `text` with `edits` (all of one file, non-overlapping) applied, from the end backwards.
pub fn apply<'e>(text: &str, edits: impl IntoIterator<Item = &'e Edit>) -> String {
    let mut edits: Vec<&Edit> = edits.into_iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = text.to_string();
    let mut limit = text.len();
    for edit in edits {
        let (start, end) = (edit.span.start as usize, edit.span.end as usize);
        if start > end || end > limit || !out.is_char_boundary(start) || !out.is_char_boundary(end)
        {
            continue;
        }
        out.replace_range(start..end, &edit.text);
        limit = start;
    }
    out
}

fn text_of(sources: &Sources, file: FileId, span: Span) -> &str {
    sources
        .get(file)
        .text
        .get(span.start as usize..span.end as usize)
        .unwrap_or("")
}

/// The edit for `hint`; `together` are hints for the same response (headers declared at once).
fn edit(hint: &FixHint, together: &[&FixHint], sources: &Sources) -> Option<Edit> {
    match hint {
        FixHint::AddHeader {
            response, swagger2, ..
        } => {
            let mut names: Vec<&str> = Vec::new();
            for h in together {
                if let FixHint::AddHeader { name, .. } = h {
                    if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                        names.push(name);
                    }
                }
            }
            let doc = Doc::new(sources, response.file);
            add_headers(&doc, response, &names, *swagger2)
        }
        FixHint::RemoveContent { response } => {
            let doc = Doc::new(sources, response.file);
            remove_content(&doc, response)
        }
        FixHint::RemoveHeader {
            file,
            removal,
            indirect,
        } => {
            if *indirect {
                return None;
            }
            let doc = Doc::new(sources, *file);
            remove_entry(&doc, removal)
        }
        FixHint::InSource { at, repair } => crate::rust::fix::edit(sources, *at, repair),
        FixHint::QuoteKey { key, quote } => {
            let written = text_of(sources, key.file, key.span);
            if written.is_empty() || !written.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let q = *quote as char;
            Some(Edit {
                file: key.file,
                span: key.span,
                text: format!("{q}{written}{q}"),
            })
        }
    }
}

/// A file's text and the habits of its writer.
struct Doc<'t> {
    file: FileId,
    text: &'t str,
    json: bool,
    newline: &'static str,
    /// Minified JSON: `"a":1,"b":2`, without blanks after `:` and `,`.
    compact: bool,
}

impl<'t> Doc<'t> {
    fn new(sources: &'t Sources, file: FileId) -> Doc<'t> {
        let source = sources.get(file);
        let text: &str = &source.text;
        let json = format_of(&source.path, text) == Format::Json;
        let compact = json
            && text
                .find("\":")
                .and_then(|i| text.as_bytes().get(i + 2))
                .is_some_and(|b| !b.is_ascii_whitespace());
        Doc {
            file,
            text,
            json,
            // As the first line ends (a look at the whole of a 10 MB file costs more). A lone
            // CR is a line break in YAML 1.2 (§5.4) and JSON: old Mac files keep theirs.
            newline: match memchr::memchr2(b'\n', b'\r', text.as_bytes()) {
                Some(i) if text.as_bytes()[i] == b'\r' => {
                    if text.as_bytes().get(i + 1) == Some(&b'\n') {
                        "\r\n"
                    } else {
                        "\r"
                    }
                }
                _ => "\n",
            },
            compact,
        }
    }

    fn byte(&self, at: u32) -> Option<u8> {
        self.text.as_bytes().get(at as usize).copied()
    }

    /// Where the line holding `at` starts: after a `\n`, a `\r\n` or a lone `\r`.
    fn line_start(&self, at: usize) -> usize {
        memchr::memrchr2(b'\n', b'\r', &self.text.as_bytes()[..at]).map_or(0, |i| i + 1)
    }

    /// Where the line holding `at` ends, before its line break.
    fn line_end(&self, at: usize) -> usize {
        memchr::memchr2(b'\n', b'\r', &self.text.as_bytes()[at..])
            .map_or(self.text.len(), |i| at + i)
    }

    /// Just after the line break ending the line that holds `at`.
    fn next_line(&self, at: usize) -> usize {
        let end = self.line_end(at);
        match self.text.as_bytes()[end..] {
            [b'\r', b'\n', ..] => end + 2,
            [] => end,
            _ => end + 1,
        }
    }

    fn blank(&self, from: usize, to: usize) -> bool {
        self.text.as_bytes()[from..to]
            .iter()
            .all(|&b| b == b' ' || b == b'\t')
    }

    /// The indentation that puts text at the column of `at`: the line's own whitespace when
    /// `at` is its first token, else spaces.
    fn indent_at(&self, at: u32) -> String {
        let at = at as usize;
        let start = self.line_start(at);
        if self.blank(start, at) {
            self.text[start..at].to_string()
        } else {
            " ".repeat(self.text[start..at].chars().count())
        }
    }

    /// `": "` and `", "`, or `":"` and `","` in minified JSON.
    fn colon(&self) -> &'static str {
        if self.compact {
            ":"
        } else {
            ": "
        }
    }

    fn comma(&self) -> &'static str {
        if self.compact {
            ","
        } else {
            ", "
        }
    }

    fn column(&self, at: u32) -> usize {
        let at = at as usize;
        self.text[self.line_start(at)..at].chars().count()
    }

    /// A flow mapping (`{...}`: every JSON object).
    fn is_flow(&self, span: Span) -> bool {
        self.byte(span.start) == Some(b'{')
    }

    fn multiline(&self, span: Span) -> bool {
        self.text[span.start as usize..span.end as usize].contains(['\n', '\r'])
    }

    /// One level of indentation: from the headers or the response itself, else the first
    /// indented line of the file; two spaces when nothing says.
    fn unit(&self, s: &ResponseSyntax) -> String {
        if self.text[self.line_start(s.body.start as usize)..].starts_with('\t') {
            return "\t".into();
        }
        let step = |deeper: usize, base: usize| deeper.checked_sub(base).filter(|&n| n > 0);
        let from_headers = s
            .headers
            .zip(s.headers_first)
            .filter(|(h, _)| !self.is_flow(h.value))
            .and_then(|(h, first)| step(self.column(first.key.start), self.column(h.key.start)));
        let from_body = s.first.and_then(|first| {
            let base = self.column(first.key.start);
            if self.is_flow(s.body) {
                let line = self.line_start(s.body.start as usize);
                return step(base, self.indentation(line));
            }
            self.deeper_line(s.body.start as usize, s.body.end as usize, base)
        });
        let n = from_headers
            .or(from_body)
            .or_else(|| self.deeper_line(0, self.text.len().min(64 * 1024), 0))
            .unwrap_or(2);
        " ".repeat(n.min(8))
    }

    fn indentation(&self, line_start: usize) -> usize {
        self.text[line_start..]
            .bytes()
            .take_while(|&b| b == b' ')
            .count()
    }

    /// How much deeper than `base` the first line between `from` and `to` that is indented
    /// deeper is (comments and blank lines aside).
    fn deeper_line(&self, from: usize, to: usize, base: usize) -> Option<usize> {
        let mut at = self.next_line(from);
        let mut previous = None;
        while at < to {
            let indent = self.indentation(at);
            let rest = &self.text.as_bytes()[at + indent..];
            let content = !matches!(rest.first(), None | Some(b'\n' | b'\r' | b'#'));
            if content {
                if from == 0 {
                    // Anywhere in the file: the first step between two content lines.
                    if let Some(prev) = previous.filter(|&p| indent > p) {
                        return Some(indent - prev);
                    }
                    previous = Some(indent);
                } else if indent > base {
                    return Some(indent - base);
                }
            }
            at = self.next_line(at);
        }
        None
    }

    /// A mapping key as this file writes them: `"key"` in JSON, else quoted as `like` is.
    fn key(&self, name: &str, like: Option<Span>) -> String {
        if self.json {
            return format!("\"{name}\"");
        }
        match like.and_then(|k| self.byte(k.start)) {
            Some(q @ (b'"' | b'\'')) => format!("{0}{name}{0}", q as char),
            _ => name.to_string(),
        }
    }

    /// Inserts `block` (whole lines, no final line break) after the entry `after` of a block
    /// mapping.
    fn insert_lines_after(&self, after: Entry, block: &str) -> Edit {
        let end = after.value.end.max(after.key.end) as usize;
        let line = self.line_start(end);
        // A block scalar (or a mapping ending in one) runs to the next token: its lines end
        // before the line `end` is on.
        let (at, text) =
            if line > self.line_start(after.key.start as usize) && self.blank(line, end) {
                (line, format!("{block}{}", self.newline))
            } else {
                (self.line_end(end), format!("{}{block}", self.newline))
            };
        Edit {
            file: self.file,
            span: Span::new(at, at),
            text,
        }
    }
}

/// A small value to write: the header stubs.
enum Stub {
    Map(Vec<(String, Stub)>),
    Str(&'static str),
}

fn header_stub(swagger2: bool) -> Stub {
    let string = Stub::Map(vec![("type".into(), Stub::Str("string"))]);
    if swagger2 {
        string
    } else {
        Stub::Map(vec![("schema".into(), string)])
    }
}

fn headers_stub(names: &[&str], swagger2: bool) -> Stub {
    Stub::Map(
        names
            .iter()
            .map(|n| (n.to_string(), header_stub(swagger2)))
            .collect(),
    )
}

impl Stub {
    /// Block YAML lines for `key: self`, each starting with `indent`.
    fn block(&self, key: &str, indent: &str, unit: &str, out: &mut Vec<String>) {
        match self {
            Stub::Str(s) => out.push(format!("{indent}{key}: {s}")),
            Stub::Map(entries) => {
                out.push(format!("{indent}{key}:"));
                let inner = format!("{indent}{unit}");
                for (k, v) in entries {
                    v.block(k, &inner, unit, out);
                }
            }
        }
    }

    /// One-line flow YAML or JSON.
    fn flow(&self, doc: &Doc, like: Option<Span>) -> String {
        match self {
            Stub::Str(s) if doc.json => format!("\"{s}\""),
            Stub::Str(s) => s.to_string(),
            Stub::Map(entries) => {
                let inner: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| {
                        format!("{}{}{}", doc.key(k, like), doc.colon(), v.flow(doc, like))
                    })
                    .collect();
                format!("{{{}}}", inner.join(doc.comma()))
            }
        }
    }

    /// Pretty-printed JSON whose closing brace sits at `indent`.
    fn pretty(&self, doc: &Doc, indent: &str, unit: &str) -> String {
        match self {
            Stub::Str(_) => self.flow(doc, None),
            Stub::Map(entries) => {
                let inner = format!("{indent}{unit}");
                let lines: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{inner}{}: {}",
                            doc.key(k, None),
                            v.pretty(doc, &inner, unit)
                        )
                    })
                    .collect();
                let nl = doc.newline;
                format!("{{{nl}{}{nl}{indent}}}", lines.join(&format!(",{nl}")))
            }
        }
    }
}

/// Declares `names` on the response: in its `headers` mapping, or in a new one.
fn add_headers(doc: &Doc, s: &ResponseSyntax, names: &[&str], swagger2: bool) -> Option<Edit> {
    if s.indirect || names.is_empty() {
        return None;
    }
    let unit = doc.unit(s);
    let nl = doc.newline;
    let Some(headers) = s.headers else {
        let stub = headers_stub(names, swagger2);
        let like = s.first.map(|e| e.key);
        let key = doc.key("headers", like);
        if !doc.is_flow(s.body) {
            let after = s.description.or(s.last)?;
            let indent = doc.indent_at(s.first?.key.start);
            let mut lines = Vec::new();
            stub.block("headers", &indent, &unit, &mut lines);
            return Some(doc.insert_lines_after(after, &lines.join(nl)));
        }
        let (at, text) = match s.description.or(s.last) {
            None => (
                s.body.start + 1,
                format!("{key}{}{}", doc.colon(), stub.flow(doc, like)),
            ),
            Some(after) if doc.json && doc.multiline(s.body) => {
                let indent = doc.indent_at(s.first?.key.start);
                let value = stub.pretty(doc, &indent, &unit);
                (after.value.end, format!(",{nl}{indent}{key}: {value}"))
            }
            Some(after) if doc.multiline(s.body) => {
                let indent = doc.indent_at(s.first?.key.start);
                let value = stub.flow(doc, like);
                (after.value.end, format!(",{nl}{indent}{key}: {value}"))
            }
            Some(after) => (
                after.value.end,
                format!(
                    "{}{key}{}{}",
                    doc.comma(),
                    doc.colon(),
                    stub.flow(doc, like)
                ),
            ),
        };
        return Some(Edit {
            file: doc.file,
            span: Span::new(at as usize, at as usize),
            text,
        });
    };

    let value = headers.value;
    let written = &doc.text[value.start as usize..value.end as usize];
    if doc.is_flow(value) {
        // `headers: {...}` (every JSON one).
        let like = s.headers_first.map(|e| e.key).or(s.first.map(|e| e.key));
        let Some(last) = s.headers_last else {
            let entries: Vec<String> = names
                .iter()
                .map(|n| {
                    let stub = header_stub(swagger2).flow(doc, like);
                    format!("{}{}{stub}", doc.key(n, like), doc.colon())
                })
                .collect();
            let at = value.start as usize + 1;
            return Some(Edit {
                file: doc.file,
                span: Span::new(at, at),
                text: entries.join(doc.comma()),
            });
        };
        let multiline = doc.multiline(value);
        let indent = doc.indent_at(s.headers_first?.key.start);
        let text: String = names
            .iter()
            .map(|n| {
                let key = doc.key(n, like);
                let stub = header_stub(swagger2);
                // Pretty-printed like the header before it, or on one line like it.
                if multiline && doc.json && doc.multiline(last.value) {
                    format!(",{nl}{indent}{key}: {}", stub.pretty(doc, &indent, &unit))
                } else if multiline {
                    format!(",{nl}{indent}{key}: {}", stub.flow(doc, like))
                } else {
                    let (comma, colon) = (doc.comma(), doc.colon());
                    format!("{comma}{key}{colon}{}", stub.flow(doc, like))
                }
            })
            .collect();
        let at = last.value.end as usize;
        return Some(Edit {
            file: doc.file,
            span: Span::new(at, at),
            text,
        });
    }
    if let (Some(first), Some(last)) = (s.headers_first, s.headers_last) {
        // A block mapping of headers: new ones after the last, at the first one's column.
        let indent = doc.indent_at(first.key.start);
        let mut lines = Vec::new();
        for name in names {
            header_stub(swagger2).block(name, &indent, &unit, &mut lines);
        }
        return Some(doc.insert_lines_after(last, &lines.join(nl)));
    }
    match written {
        // `headers:` with nothing under it.
        "" if !doc.is_flow(s.body) => {
            let indent = format!("{}{unit}", doc.indent_at(headers.key.start));
            let mut lines = Vec::new();
            for name in names {
                header_stub(swagger2).block(name, &indent, &unit, &mut lines);
            }
            let at = doc.line_end(headers.key.end as usize);
            Some(Edit {
                file: doc.file,
                span: Span::new(at, at),
                text: format!("{nl}{}", lines.join(nl)),
            })
        }
        "~" | "null" | "Null" | "NULL" => Some(Edit {
            file: doc.file,
            span: value,
            text: headers_stub(names, swagger2).flow(doc, s.first.map(|e| e.key)),
        }),
        _ => None,
    }
}

/// Removes the response's `content` (3.x) or `schema` (2.0) entry.
fn remove_content(doc: &Doc, s: &ResponseSyntax) -> Option<Edit> {
    if s.indirect {
        return None;
    }
    remove_entry(
        doc,
        &Removal {
            mapping: s.body,
            entries: s.entries,
            entry: s.content?,
            prev: s.content_prev,
            next: s.content_next,
        },
    )
}

/// Removes an entry from its mapping: in flow style with one separating comma, in block style
/// its whole lines.
fn remove_entry(doc: &Doc, r: &Removal) -> Option<Edit> {
    let entry = r.entry;
    if doc.is_flow(r.mapping) {
        // With one separating comma: the one before it, else the one after it.
        let span = match (r.prev, r.next) {
            (Some(prev), _) => Span {
                start: prev.value.end,
                end: entry.value.end,
            },
            (None, Some(next)) => Span {
                start: entry.key.start,
                end: next.key.start,
            },
            (None, None) => Span {
                start: r.mapping.start + 1,
                end: r.mapping.end.saturating_sub(1),
            },
        };
        return Some(Edit {
            file: doc.file,
            span,
            text: String::new(),
        });
    }
    let key = entry.key.start as usize;
    let start = doc.line_start(key);
    if !doc.blank(start, key) {
        return None;
    }
    let end = entry.value.end.max(entry.key.end) as usize;
    let line = doc.line_start(end);
    let stop = if line > start && doc.blank(line, end) {
        line
    } else {
        doc.next_line(end)
    };
    // The only entry: the mapping stays a mapping.
    let text = if r.entries == 1 {
        format!("{}{{}}{}", &doc.text[start..key], doc.newline)
    } else {
        String::new()
    };
    Some(Edit {
        file: doc.file,
        span: Span::new(start, stop),
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            file: 0,
            span: Span::new(start, end),
            text: text.into(),
        }
    }

    #[test]
    fn edits_apply_from_the_end() {
        let text = "abcdef";
        let edits = [edit(1, 2, "B"), edit(4, 4, "-"), edit(5, 6, "")];
        assert_eq!(apply(text, &edits), "aBcd-e");
    }

    #[test]
    fn overlapping_edits_are_skipped() {
        let edits = [edit(1, 4, "X"), edit(2, 3, "Y")];
        // The later edit wins; the one reaching into it is dropped rather than corrupting.
        assert_eq!(apply("abcdef", &edits), "abYdef");
    }
}
