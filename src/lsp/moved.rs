//! Moving diagnostics over an edit that changes no node (a comment line added at the top of a
//! 10 MB spec): every finding stays what it was, only its place moves, so the diagnostics the
//! client has can be moved and sent at once instead of after a lint. The lint still follows and
//! corrects them, should they differ.
//!
//! The positions move as [`crate::parse::incremental`] moves the tree's spans: a start at or
//! after the removed text moves with it, an end moves when it is past the edit's start and at
//! or after the removed text's end.

use lsp_types::{Diagnostic, Position, Range, Uri};

use super::convert::{Encoding, LineIndex};

/// One edit in protocol positions: the text from `start` to `old_end` (old positions) was
/// replaced by text that ends at `new_end` (new positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Move {
    start: Position,
    old_end: Position,
    new_end: Position,
}

impl Move {
    /// The edit of byte `start..old_end` of `old` into `start..new_end` of `new`, with the line
    /// indexes of both texts.
    pub(super) fn new(
        (old, old_index): (&str, &LineIndex),
        (new, new_index): (&str, &LineIndex),
        (start, old_end, new_end): (usize, usize, usize),
        encoding: Encoding,
    ) -> Move {
        Move {
            start: old_index.position(old, start, encoding),
            old_end: old_index.position(old, old_end, encoding),
            new_end: new_index.position(new, new_end, encoding),
        }
    }

    fn shifted(&self, p: Position) -> Position {
        if p.line == self.old_end.line {
            Position::new(
                self.new_end.line,
                self.new_end.character + (p.character - self.old_end.character),
            )
        } else {
            Position::new(
                (p.line as i64 + self.new_end.line as i64 - self.old_end.line as i64) as u32,
                p.character,
            )
        }
    }

    pub(super) fn range(&self, r: Range) -> Range {
        let start = if r.start >= self.old_end {
            self.shifted(r.start)
        } else {
            r.start
        };
        let end = if r.end > self.start && r.end >= self.old_end {
            self.shifted(r.end)
        } else {
            r.end
        };
        Range::new(start, end.max(start))
    }

    /// Moves `d`'s places in the document `uri` (its range, and those of its related places
    /// there: the ones in other files stay).
    pub(super) fn diagnostic(&self, d: &mut Diagnostic, uri: &Uri) {
        d.range = self.range(d.range);
        for related in d.related_information.iter_mut().flatten() {
            if related.location.uri == *uri {
                related.location.range = self.range(related.location.range);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    fn edit(old: &str, at: usize, removed: usize, added: &str) -> (Move, String) {
        let new = format!("{}{added}{}", &old[..at], &old[at + removed..]);
        let (old_index, new_index) = (LineIndex::new(old), LineIndex::new(&new));
        let m = Move::new(
            (old, &old_index),
            (&new, &new_index),
            (at, at + removed, at + added.len()),
            Encoding::Utf16,
        );
        (m, new)
    }

    #[test]
    fn a_line_added_above_moves_what_follows_down() {
        let old = "a: 1\nb: 2\n";
        let (m, _) = edit(old, 0, 0, "# é\n");
        let b = Range::new(pos(1, 0), pos(1, 4));
        assert_eq!(m.range(b), Range::new(pos(2, 0), pos(2, 4)));
        // What starts at the insertion point moves with the text after it.
        let a = Range::new(pos(0, 0), pos(0, 4));
        assert_eq!(m.range(a), Range::new(pos(1, 0), pos(1, 4)));
        let empty = Range::new(pos(0, 0), pos(0, 0));
        assert_eq!(m.range(empty), Range::new(pos(1, 0), pos(1, 0)));
    }

    #[test]
    fn a_line_removed_moves_what_follows_up_and_keeps_what_precedes() {
        let old = "a: 1\n# x\nb: 2\n";
        let (m, _) = edit(old, 5, 4, "");
        assert_eq!(
            m.range(Range::new(pos(2, 0), pos(2, 4))),
            Range::new(pos(1, 0), pos(1, 4))
        );
        assert_eq!(
            m.range(Range::new(pos(0, 0), pos(0, 4))),
            Range::new(pos(0, 0), pos(0, 4))
        );
        // A range around the removed line keeps its start and moves its end.
        assert_eq!(
            m.range(Range::new(pos(0, 0), pos(2, 4))),
            Range::new(pos(0, 0), pos(1, 4))
        );
    }

    #[test]
    fn white_space_inside_a_line_moves_the_rest_of_that_line() {
        let old = "{\"a\": 1, \"b\": 2}";
        // Two spaces after the comma: `"b"` moves right on its line.
        let (m, new) = edit(old, 8, 0, "  ");
        let b = Range::new(pos(0, 9), pos(0, 12));
        assert_eq!(m.range(b), Range::new(pos(0, 11), pos(0, 14)));
        assert_eq!(&new[11..14], "\"b\"");
        // A newline there: `"b"` goes to the next line.
        let (m, _) = edit(old, 8, 1, "\n  ");
        assert_eq!(m.range(b), Range::new(pos(1, 2), pos(1, 5)));
    }
}
