//! Repairs in Rust sources: minimal edits to the utoipa tuple that declares a response
//! (`(status = 201, description = "...", body = Pet)` in `responses(...)`, or a
//! `#[response(status = ...)]` on an `IntoResponses` variant). Everything outside the edit
//! stays byte for byte.

use crate::finding::SourceRepair;
use crate::fix::Edit;
use crate::source::{Loc, Sources};
use crate::tree::Span;

/// The edit that makes `repair` on the response whose status is at `at`.
pub fn edit(sources: &Sources, at: Loc, repair: &SourceRepair) -> Option<Edit> {
    let text: &str = &sources.get(at.file).text;
    let (open, close) = enclosing_parens(text, at.span.start as usize)?;
    let items = items(text, open + 1, close);
    let (span, new_text) = match repair {
        SourceRepair::AddHeader(name) => add_header(text, &items, open, close, name)?,
        SourceRepair::RemoveContent => remove_content(text, &items)?,
    };
    Some(Edit {
        file: at.file,
        span,
        text: new_text,
    })
}

/// One top-level item of a tuple: its bytes (trimmed) and its name (`body`, `headers`).
#[derive(Debug)]
struct Item<'a> {
    start: usize,
    end: usize,
    name: &'a str,
}

fn add_header(
    text: &str,
    items: &[Item],
    open: usize,
    close: usize,
    name: &str,
) -> Option<(Span, String)> {
    let header = format!("(\"{name}\" = String)");
    if let Some(headers) = items.iter().find(|i| i.name == "headers") {
        // Into the existing list, first.
        let inner = text[headers.start..headers.end].find('(')? + headers.start + 1;
        let empty = text[inner..headers.end].trim_start().starts_with(')');
        let insert = if empty { header } else { format!("{header}, ") };
        return Some((Span::new(inner, inner), insert));
    }
    let last = items.last()?;
    let between = &text[last.end..close];
    let multiline = text[open..close].contains('\n');
    if multiline {
        // One item a line: a new line with the last item's indentation.
        let line_start = text[..last.start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &text[line_start..last.start];
        let comma = between.find(',').map_or(last.end, |i| last.end + i + 1);
        let lead = if between.contains(',') { "" } else { "," };
        return Some((
            Span::new(comma, comma),
            format!("{lead}\n{indent}headers({header}),"),
        ));
    }
    Some((
        Span::new(last.end, last.end),
        format!(", headers({header})"),
    ))
}

/// Removes `body = ...`, `content_type = ...` and `content(...)`, each with one comma.
fn remove_content(text: &str, items: &[Item]) -> Option<(Span, String)> {
    let content = |i: &Item| matches!(i.name, "body" | "content_type" | "content");
    let first = items.iter().position(content)?;
    let last = items.iter().rposition(content)?;
    // Only a contiguous run is one edit; others wait for a second pass.
    let last = (first..=last)
        .take_while(|&i| content(&items[i]))
        .last()
        .unwrap_or(first);
    let span = if first > 0 {
        // From the end of the item before: `, body = Pet`.
        Span::new(items[first - 1].end, items[last].end)
    } else if let Some(next) = items.get(last + 1) {
        // Up to the next item: `body = Pet, `.
        Span::new(items[first].start, next.start)
    } else {
        Span::new(items[first].start, items[last].end)
    };
    let removed = &text[span.start as usize..span.end as usize];
    removed
        .contains(items[first].name)
        .then_some((span, String::new()))
}

/// The `(` and `)` around `offset` (strings and nested parentheses skipped).
fn enclosing_parens(text: &str, offset: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut open = None;
    let mut i = offset.min(bytes.len());
    while i > 0 {
        i -= 1;
        match bytes[i] {
            b')' => depth += 1,
            b'(' if depth == 0 => {
                open = Some(i);
                break;
            }
            b'(' => depth -= 1,
            _ => {}
        }
    }
    let open = open?;
    let close = matching_close(bytes, open)?;
    (close > offset).then_some((open, close))
}

/// The `)` that closes the `(` at `open`.
fn matching_close(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i)?,
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return (bytes[i] == b')').then_some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index of the closing quote of the string literal opening at `start` (a `r#"..."#` raw
/// string's hashes are matched too).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let hashes = bytes[..start]
        .iter()
        .rev()
        .take_while(|&&b| b == b'#')
        .count();
    let raw = hashes > 0 || (start > 0 && bytes[start - 1] == b'r');
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !raw => i += 1,
            b'"' if bytes[i + 1..].iter().take(hashes).all(|&b| b == b'#') => {
                return Some(i + hashes);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The comma-separated items of `text[start..end]` at depth 0.
fn items<'a>(text: &'a str, start: usize, end: usize) -> Vec<Item<'a>> {
    let bytes = text.as_bytes();
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut item_start = start;
    let mut i = start;
    let push = |from: usize, to: usize, items: &mut Vec<Item<'a>>| {
        let raw = &text[from..to];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return;
        }
        let s = from + lead;
        let name_len = trimmed
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        items.push(Item {
            start: s,
            end: s + trimmed.len(),
            name: &text[s..s + name_len],
        });
    };
    while i < end {
        match bytes[i] {
            b'"' => match string_end(bytes, i) {
                Some(e) => i = e,
                None => break,
            },
            b'(' | b'[' | b'{' | b'<' => depth += 1,
            b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                push(item_start, i, &mut items);
                item_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    push(item_start, end, &mut items);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;
    use std::path::PathBuf;

    fn apply(text: &str, needle: &str, repair: SourceRepair) -> Option<String> {
        let mut sources = Sources::default();
        let file = sources.add(SourceFile::new(
            "a.rs".into(),
            PathBuf::from("a.rs"),
            text.into(),
        ));
        let start = text.find(needle)?;
        let at = Loc {
            file,
            span: Span::new(start, start + needle.len()),
        };
        let e = edit(&sources, at, &repair)?;
        let (s, t) = (e.span.start as usize, e.span.end as usize);
        Some(format!("{}{}{}", &text[..s], e.text, &text[t..]))
    }

    fn location() -> SourceRepair {
        SourceRepair::AddHeader("Location".into())
    }

    #[test]
    fn a_header_is_added_to_a_one_line_tuple() {
        let text =
            r#"responses((status = 201, description = "Made (new)", body = Pet), (status = 404))"#;
        assert_eq!(
            apply(text, "status = 201", location()).unwrap(),
            r#"responses((status = 201, description = "Made (new)", body = Pet, headers(("Location" = String))), (status = 404))"#
        );
    }

    #[test]
    fn a_header_joins_existing_headers() {
        let text = r#"(status = 201, headers(("ETag" = String)))"#;
        assert_eq!(
            apply(text, "status = 201", location()).unwrap(),
            r#"(status = 201, headers(("Location" = String), ("ETag" = String)))"#
        );
    }

    #[test]
    fn a_multi_line_tuple_gets_a_line() {
        let text = "(\n    status = 201,\n    description = \"Created\"\n)";
        assert_eq!(
            apply(text, "status = 201", location()).unwrap(),
            "(\n    status = 201,\n    description = \"Created\",\n    headers((\"Location\" = String)),\n)"
        );
        let text = "(\n    status = 201,\n    description = \"Created\",\n)";
        assert_eq!(
            apply(text, "status = 201", location()).unwrap(),
            "(\n    status = 201,\n    description = \"Created\",\n    headers((\"Location\" = String)),\n)"
        );
    }

    #[test]
    fn a_body_is_removed_with_its_comma() {
        let text = r#"(status = 204, description = "Gone", body = Vec<Pet>)"#;
        assert_eq!(
            apply(text, "status = 204", SourceRepair::RemoveContent).unwrap(),
            r#"(status = 204, description = "Gone")"#
        );
        let text = r#"(status = 204, body = Pet, content_type = "text/plain", description = "x")"#;
        assert_eq!(
            apply(text, "status = 204", SourceRepair::RemoveContent).unwrap(),
            r#"(status = 204, description = "x")"#
        );
        let text = r#"(status = 204, description = "x")"#;
        assert_eq!(
            apply(text, "status = 204", SourceRepair::RemoveContent),
            None
        );
    }
}
