//! The files of one lint run and positions in them.
//!
//! A [`Loc`] is a file and a byte range; line and column are computed only when a report needs
//! them (1-based line, 1-based column in Unicode scalar values, as ruff and SARIF's
//! `unicodeCodePoints` count).

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::tree::Span;

pub type FileId = u32;

/// A node's place: which file, which bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Loc {
    pub file: FileId,
    pub span: Span,
}

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug)]
pub struct SourceFile {
    /// The path as the user will read it (relative to the working directory when possible).
    pub name: String,
    /// The canonical path, for `$ref` resolution and de-duplication.
    pub path: PathBuf,
    pub text: Arc<str>,
    line_starts: OnceLock<Vec<u32>>,
    /// Chars before each [`CHAR_BLOCK`]-byte block; `None` for ASCII text.
    char_index: OnceLock<Option<Vec<u32>>>,
}

const CHAR_BLOCK: usize = 4096;

/// Chars in UTF-8 bytes: every byte but continuation bytes starts one.
fn chars_in(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: Arc<str>) -> SourceFile {
        SourceFile {
            name,
            path,
            text,
            line_starts: OnceLock::new(),
            char_index: OnceLock::new(),
        }
    }

    /// Where each line starts. A line ends at LF, CRLF or a lone CR (old Mac files), as the
    /// YAML parser counts them (YAML 1.2 §5.4) and as editors show them.
    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let bytes = self.text.as_bytes();
            let mut starts = vec![0];
            starts.extend(
                memchr::memchr2_iter(b'\n', b'\r', bytes)
                    .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                    .map(|i| i as u32 + 1),
            );
            starts
        })
    }

    /// How many chars precede byte `offset` (a char boundary). Minified JSON puts a whole spec
    /// on one line, so counting from the line start would make reports quadratic: counts are
    /// kept per block of the file, and ASCII text (most specs) needs no counting at all.
    fn chars_before(&self, offset: usize) -> usize {
        let index = self.char_index.get_or_init(|| {
            if self.text.is_ascii() {
                return None;
            }
            let mut before = Vec::with_capacity(self.text.len() / CHAR_BLOCK + 1);
            let mut count = 0u32;
            for block in self.text.as_bytes().chunks(CHAR_BLOCK) {
                before.push(count);
                count += chars_in(block) as u32;
            }
            Some(before)
        });
        match index {
            None => offset,
            Some(before) => {
                let block = offset / CHAR_BLOCK;
                before.get(block).copied().unwrap_or(0) as usize
                    + chars_in(&self.text.as_bytes()[block * CHAR_BLOCK..offset])
            }
        }
    }

    /// Line and column of a byte offset (clamped to the text, and back to a char boundary).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let mut offset = (offset as usize).min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s as usize <= offset) - 1;
        let mut line_start = starts[line] as usize;
        // A byte order mark is no column: editors do not show it.
        if line == 0 && self.text.starts_with('\u{feff}') && offset >= 3 {
            line_start = 3;
        }
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}

/// Every file read in one lint job, the root first.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        (self.files.len() - 1) as FileId
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id as usize]
    }

    /// Every file with its id, the root first.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (i as FileId, f))
    }

    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|f| f.path == path)
            .map(|i| i as FileId)
    }

    pub fn line_col(&self, loc: Loc) -> (LineCol, LineCol) {
        let file = self.get(loc.file);
        (file.line_col(loc.span.start), file.line_col(loc.span.end))
    }
}

/// A path as the user should read it: relative to the working directory when it is below it.
pub fn display_name(path: &Path) -> String {
    let rel = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = rel.as_deref().unwrap_or(path);
    let s = shown.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("f".into(), PathBuf::from("f"), text.into())
    }

    #[test]
    fn columns_count_chars_on_long_non_ascii_lines() {
        // Several blocks of mixed text on one line, as in minified JSON.
        let mut text = String::from("{\"a\": \"é\"");
        while text.len() < 3 * CHAR_BLOCK {
            text.push_str(", \"ü€\": 1");
        }
        text.push_str(",\n\"z\": \"🎉\", \"k\": 2}");
        let f = file(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = LineCol {
                line: text[..offset].matches('\n').count() + 1,
                column: text[line_start..offset].chars().count() + 1,
            };
            assert_eq!(f.line_col(offset as u32), expected, "at byte {offset}");
        }
    }

    #[test]
    fn lines_end_at_lf_crlf_and_a_lone_cr() {
        let f = file("a\rb\r\nc\nd\r\re");
        let at = |o| {
            let lc = f.line_col(o);
            (lc.line, lc.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (2, 1));
        assert_eq!(at(3), (2, 2));
        assert_eq!(at(5), (3, 1));
        assert_eq!(at(7), (4, 1));
        assert_eq!(at(9), (5, 1));
        assert_eq!(at(10), (6, 1));
    }

    #[test]
    fn ascii_columns_are_byte_columns_and_a_bom_is_no_column() {
        let f = file("ab\ncd");
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 2 });
        let f = file("\u{feff}a: 1");
        assert_eq!(f.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 4 });
    }
}
