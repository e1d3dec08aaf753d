//! `// statuslint-ignore: RULE-ID reason` comments, read from the source text (comments are not
//! tokens). A comment applies to the declaration that starts on the line below it; several may
//! be stacked, mixed with other comment lines and single-line attributes.

use crate::tree::Span;

const MARKER: &str = "statuslint-ignore:";

/// The start offset of every line of a text.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines { starts }
    }

    /// The 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The text of 0-based line `line`, without its line break.
    fn line<'t>(&self, text: &'t str, line: usize) -> (usize, &'t str) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let s = &text[start..end];
        (start, s.trim_end_matches(['\n', '\r']))
    }
}

/// The rule ids ignored by the comment lines right above the line holding `offset`, with the
/// span of each id.
pub fn above(text: &str, lines: &Lines, offset: usize) -> Vec<(String, Span)> {
    let mut found = Vec::new();
    let mut line = lines.line_of(offset);
    while line > 0 {
        line -= 1;
        let (start, content) = lines.line(text, line);
        let trimmed = content.trim_start();
        if let Some(comment) = trimmed.strip_prefix("//") {
            let at = start + (content.len() - trimmed.len()) + 2;
            found.extend(parse(comment, at));
        } else if !(trimmed.starts_with("#[") && trimmed.ends_with(']')) {
            break;
        }
    }
    found.sort_by_key(|(_, span)| span.start);
    found
}

/// The ids of one comment's text (after `//`), which starts at byte `at`: `statuslint-ignore:`
/// followed by ids separated by commas; the first word not preceded by a comma starts the
/// reason.
fn parse(comment: &str, at: usize) -> Vec<(String, Span)> {
    let body = comment.trim_start_matches(['/', '!']);
    let lead = comment.len() - body.len();
    let trimmed = body.trim_start();
    let Some(rest) = trimmed.strip_prefix(MARKER) else {
        return Vec::new();
    };
    let mut pos = at + lead + (body.len() - trimmed.len()) + MARKER.len();
    let mut ids = Vec::new();
    let mut rest = rest;
    loop {
        let skipped = rest.len() - rest.trim_start().len();
        rest = &rest[skipped..];
        pos += skipped;
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            break;
        }
        ids.push((rest[..len].to_string(), Span::new(pos, pos + len)));
        rest = &rest[len..];
        pos += len;
        let spaces = rest.len() - rest.trim_start().len();
        match rest[spaces..].strip_prefix(',') {
            Some(after) => {
                pos += spaces + 1;
                rest = after;
            }
            None => break,
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str, target: &str) -> Vec<(String, String)> {
        let offset = text.find(target).unwrap();
        above(text, &Lines::new(text), offset)
            .into_iter()
            .map(|(id, span)| {
                let written = text[span.start as usize..span.end as usize].to_string();
                (id, written)
            })
            .collect()
    }

    #[test]
    fn comments_above_are_read_with_their_spans() {
        let text = "fn a() {}\n    // statuslint-ignore: created-without-location, no-content-with-body set by middleware\n    /// Docs\n    #[inline]\n    #[utoipa::path(post)]\n";
        let found = ids(text, "#[utoipa");
        assert_eq!(
            found,
            vec![
                (
                    "created-without-location".to_string(),
                    "created-without-location".to_string()
                ),
                (
                    "no-content-with-body".to_string(),
                    "no-content-with-body".to_string()
                ),
            ]
        );
    }

    #[test]
    fn code_lines_stop_the_scan() {
        let text = "// statuslint-ignore: a-rule\nlet x = 1;\n#[utoipa::path(get)]\n";
        assert!(ids(text, "#[utoipa").is_empty());
        let text = "(status = 200), // statuslint-ignore: a-rule\n(status = 201)\n";
        assert!(ids(text, "(status = 201").is_empty());
    }

    #[test]
    fn the_reason_is_not_an_id() {
        let text = "// statuslint-ignore: a-rule the reason, with commas\nX\n";
        assert_eq!(ids(text, "X"), vec![("a-rule".into(), "a-rule".into())]);
    }
}
