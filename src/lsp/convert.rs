//! Between statuslint's byte offsets and the protocol's positions and URIs.
//!
//! LSP positions are a 0-based line and a 0-based character offset counted in the negotiated
//! encoding: UTF-16 code units unless the client offers UTF-8 (see [`Encoding`]).

use std::path::{Path, PathBuf};

use lsp_types::{Position, PositionEncodingKind, Range, Uri};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::tree::Span;

/// What a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion at all), else UTF-16, the protocol's
    /// default that every client supports.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Where each line of a text starts, for converting offsets both ways. A line ends at `\n`,
/// `\r\n` or a lone `\r` (YAML 1.2 counts all three, and so do the CLI's reports).
#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// The UTF-16 units before each [`BLOCK`]-byte block, so that a column on a long line
    /// (minified JSON is one line) costs a block, not the line. Built on first need: columns
    /// on ordinary lines are counted from the line start, and the index is rebuilt on every
    /// edit of a 10 MB spec.
    utf16_blocks: std::sync::OnceLock<Vec<u32>>,
}

const BLOCK: usize = 4096;

/// UTF-16 units in UTF-8 bytes (any range): one per char, two for a 4-byte sequence.
fn utf16_units(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        push_starts(text.as_bytes(), 0, &mut starts);
        LineIndex {
            starts,
            utf16_blocks: std::sync::OnceLock::new(),
        }
    }

    /// The index of `new`, which is the text of `self` with bytes `start..old_end` replaced by
    /// `new[start..new_end]`: the line starts around the edit are found again, the others
    /// copied (moved by the edit), so that an edit of a 10 MB spec does not scan it all.
    pub fn edited(&self, new: &str, start: usize, old_end: usize, new_end: usize) -> LineIndex {
        let bytes = new.as_bytes();
        let delta = new_end as i64 - old_end as i64;
        // A start depends on the bytes just before and at it: those before `start` are kept,
        // those from `start` to `new_end` found again, those after `old_end` moved.
        let kept = self
            .starts
            .partition_point(|&s| (s as usize) < start.max(1));
        let after = self.starts.partition_point(|&s| s as usize <= old_end);
        let mut starts = Vec::with_capacity(self.starts.len() + 16);
        starts.extend_from_slice(&self.starts[..kept]);
        let from = start.saturating_sub(1);
        let to = (new_end + 1).min(bytes.len());
        let mut found = Vec::new();
        push_starts(&bytes[from..to], from, &mut found);
        starts.extend(
            found
                .into_iter()
                .filter(|&s| s as usize >= start.max(1) && s as usize <= new_end),
        );
        starts.extend(
            self.starts[after..]
                .iter()
                .map(|&s| (s as i64 + delta) as u32),
        );
        LineIndex {
            starts,
            utf16_blocks: std::sync::OnceLock::new(),
        }
    }

    /// UTF-16 units in `text[start..offset]`.
    fn utf16_between(&self, text: &str, start: usize, offset: usize) -> usize {
        if offset - start < BLOCK {
            return utf16_units(&text.as_bytes()[start..offset]);
        }
        self.utf16_before(text, offset) - self.utf16_before(text, start)
    }

    /// UTF-16 units before byte `offset`.
    fn utf16_before(&self, text: &str, offset: usize) -> usize {
        let blocks = self.utf16_blocks.get_or_init(|| {
            let mut before = 0;
            text.as_bytes()
                .chunks(BLOCK)
                .map(|block| {
                    let at = before;
                    before += utf16_units(block) as u32;
                    at
                })
                .collect()
        });
        let block = offset / BLOCK;
        blocks.get(block).copied().unwrap_or(0) as usize
            + utf16_units(&text.as_bytes()[block * BLOCK..offset])
    }

    /// The position of byte `offset` (clamped to the text, and back to a char boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        // Between the CR and the LF of one line break (a span that ends inside a broken JSON
        // string, say): the end of the line's content, not a character past it.
        let bytes = text.as_bytes();
        if offset > 0 && bytes.get(offset) == Some(&b'\n') && bytes[offset - 1] == b'\r' {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.starts[line] as usize;
        let character = match encoding {
            Encoding::Utf8 => offset - start,
            Encoding::Utf16 => self.utf16_between(text, start, offset),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, span: Span, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start as usize, encoding),
            self.position(text, span.end as usize, encoding),
        )
    }

    /// The byte offset of `position`. As the protocol asks, a line past the end means the end
    /// of the text and a character past the end of its line means the end of that line; one
    /// inside a UTF-16 surrogate pair or a UTF-8 sequence is taken back to the character start.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let start = start as usize;
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |&s| s as usize);
        let line = &text[start..end];
        let line = line
            .strip_suffix("\r\n")
            .or_else(|| line.strip_suffix(['\n', '\r']))
            .unwrap_or(line);
        let wanted = position.character as usize;
        let within = match encoding {
            Encoding::Utf8 => {
                let mut at = wanted.min(line.len());
                while !line.is_char_boundary(at) {
                    at -= 1;
                }
                at
            }
            Encoding::Utf16 => {
                let mut units = 0;
                let mut at = line.len();
                for (i, c) in line.char_indices() {
                    if units + c.len_utf16() > wanted {
                        at = i;
                        break;
                    }
                    units += c.len_utf16();
                }
                at
            }
        };
        start + within
    }
}

/// Pushes the line starts of `bytes` (offsets from `base`): after each `\n`, and after each
/// `\r` that no `\n` follows (a `\r` at the end of `bytes` counts: the caller looks past it).
fn push_starts(bytes: &[u8], base: usize, starts: &mut Vec<u32>) {
    starts.extend(
        memchr::memchr2_iter(b'\n', b'\r', bytes)
            .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
            .map(|i| (base + i + 1) as u32),
    );
}

/// What `file:` URIs may hold unescaped (RFC 3986 `pchar` and `/`).
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let text = text.replace('\\', "/");
    let slash = if text.starts_with('/') { "" } else { "/" };
    let encoded = utf8_percent_encode(&text, PATH).to_string();
    format!("file://{slash}{encoded}").parse().ok()
}

/// The path of a `file:` URI (`file:///a/b`, `file://localhost/a/b`, `file:///C:/a`); `None`
/// for other schemes and remote hosts.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = strip_prefix_ignore_case(uri.as_str(), "file://")?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(i) if rest[..i].eq_ignore_ascii_case("localhost") => &rest[i..],
        _ => return None,
    };
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    // `/C:/dir` is the Windows path `C:/dir`.
    let bytes = decoded.as_bytes();
    if bytes.len() >= 3 && bytes[0] == b'/' && bytes[1].is_ascii_alphabetic() && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded.as_ref()))
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offset_inside_a_crlf_is_the_end_of_its_line() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(text, 3, Encoding::Utf16),
            Position::new(0, 2)
        );
        assert_eq!(
            index.position(text, 4, Encoding::Utf16),
            Position::new(1, 0)
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "a: 1\rb: 2\r\nc: 3\nd";
        let index = LineIndex::new(text);
        let at = |s: &str| text.find(s).unwrap();
        assert_eq!(
            index.position(text, at("b"), Encoding::Utf16),
            Position::new(1, 0)
        );
        assert_eq!(
            index.position(text, at("c"), Encoding::Utf16),
            Position::new(2, 0)
        );
        assert_eq!(
            index.position(text, at("d"), Encoding::Utf16),
            Position::new(3, 0)
        );
        // The end of the first line is before its `\r`.
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), 4);
        assert_eq!(index.offset(text, Position::new(1, 99), Encoding::Utf16), 9);
    }

    #[test]
    fn an_edited_index_is_the_index_of_the_edited_text() {
        let pieces = ["a", "\n", "\r", "\r\n", "é", "bc", ""];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let mut text = String::from("a\nb\r\nc\rd\n\ne");
        let mut index = LineIndex::new(&text);
        for round in 0..3000 {
            let mut start = next(text.len() + 1);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + next(4)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let inserted: String = (0..next(4)).map(|_| pieces[next(pieces.len())]).collect();
            let mut new = text.clone();
            new.replace_range(start..end, &inserted);
            let edited = index.edited(&new, start, end, start + inserted.len());
            assert_eq!(
                edited.starts,
                LineIndex::new(&new).starts,
                "round {round}: {text:?} -> {new:?}"
            );
            if new.len() > 200 {
                new.truncate(new.char_indices().nth(20).map_or(new.len(), |(i, _)| i));
                index = LineIndex::new(&new);
            } else {
                index = edited;
            }
            text = new;
        }
    }

    #[test]
    fn positions_count_utf16_units_or_bytes() {
        let text = "a: é😀x\r\nb\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            index.position(text, x, Encoding::Utf16),
            Position::new(0, 6)
        );
        assert_eq!(index.position(text, x, Encoding::Utf8), Position::new(0, 9));
        assert_eq!(index.offset(text, Position::new(0, 6), Encoding::Utf16), x);
        assert_eq!(index.offset(text, Position::new(0, 9), Encoding::Utf8), x);
        // Past the end of a line: its end, before the line break.
        assert_eq!(
            index.offset(text, Position::new(0, 99), Encoding::Utf16),
            x + 1
        );
        // Inside the surrogate pair: back to the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            index.offset(text, Position::new(0, 5), Encoding::Utf16),
            emoji
        );
        assert_eq!(
            index.position(text, text.len(), Encoding::Utf16),
            Position::new(2, 0)
        );
        assert_eq!(
            index.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn long_non_ascii_lines_count_by_blocks() {
        let text = format!("{}😀{}x", "é".repeat(5000), "a".repeat(9000));
        let index = LineIndex::new(&text);
        let x = text.len() - 1;
        assert_eq!(
            index.position(&text, x, Encoding::Utf16),
            Position::new(0, 14002)
        );
        assert_eq!(
            index.offset(&text, Position::new(0, 14002), Encoding::Utf16),
            x
        );
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/home/me/my specs/api#1.yaml");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///home/me/my%20specs/api%231.yaml");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let vscode: Uri = "file:///c%3A/specs/api.yaml".parse().unwrap();
        assert_eq!(
            uri_to_path(&vscode).unwrap(),
            PathBuf::from("c:/specs/api.yaml")
        );
        let local: Uri = "file://localhost/a/b.yaml".parse().unwrap();
        assert_eq!(uri_to_path(&local).unwrap(), PathBuf::from("/a/b.yaml"));
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&untitled), None);
    }
}
