//! YAML → [`Tree`] from the events of `granit-parser`, with an explicit stack (no recursion).
//!
//! Spans are byte offsets (granit gives them directly for `&str` input). Aliases stay
//! [`Kind::Alias`] nodes: nothing is expanded, so an alias bomb costs nothing here. Only the
//! first document is read; where a second one starts is kept, for a finding.

use std::borrow::Cow;

use granit_parser::{Event, Marker, Parser, ScalarStyle as GStyle, ScanError, StructureStyle};

use super::{ParseError, MAX_DEPTH};
use crate::tree::{drop_repeated_keys, take_children, Kind, NodeId, ScalarStyle, Span, Tree};

/// No anchor registered under this id (anchor ids are dense, starting at 1).
const NO_NODE: NodeId = NodeId::MAX;

/// An open collection: its node (allocated at its start event) and where its children begin
/// in the shared scratch vectors.
struct Frame {
    id: NodeId,
    start: u32,
    /// Index into `Builder::entries` (mapping) or `Builder::items` (sequence).
    first: usize,
    is_map: bool,
    /// For a mapping: the key waiting for its value.
    key: Option<NodeId>,
}

struct Builder {
    tree: Tree,
    stack: Vec<Frame>,
    /// Children of all open mappings, innermost last; moved out exactly sized at the end.
    entries: Vec<(NodeId, NodeId)>,
    /// Children of all open sequences, innermost last.
    items: Vec<NodeId>,
    /// Anchor id → node.
    anchors: Vec<NodeId>,
    /// The furthest byte any event read so far ended at.
    last_end: usize,
    root: Option<NodeId>,
}

/// Parses the first YAML document of `text`.
pub(super) fn parse(text: &str) -> Result<Tree, ParseError> {
    let mut options = granit_parser::Options::default();
    options.set_emit_comments(false);
    options.flow_nesting_limit = MAX_DEPTH;
    options.block_nesting_limit = MAX_DEPTH;
    let mut parser = Parser::new_from_str_with_options(text, options);

    let mut b = Builder {
        tree: Tree {
            nodes: Vec::with_capacity(text.len() / 16 + 1),
            ..Tree::default()
        },
        stack: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        anchors: Vec::new(),
        last_end: if text.starts_with('\u{feff}') { 3 } else { 0 },
        root: None,
    };
    let mut in_document = false;
    let mut documents = 0;

    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(next) => next,
            // Past the first document, a broken second one is a second document all the same.
            Err(e) if documents > 0 => {
                let at = scan_error(text, &e).offset;
                b.tree.second_document = Some(Span::new(at, at));
                break;
            }
            Err(e) => return Err(scan_error(text, &e)),
        };
        let start = offset(text, &span.start);
        let end = offset(text, &span.end);
        match event {
            Event::DocumentStart(..) if documents > 0 => {
                b.tree.second_document = Some(Span::new(start, end));
                break;
            }
            Event::DocumentStart(explicit, _) => {
                in_document = true;
                // An implicit start's span is that of the first token, which may come after an
                // indicator (a block scalar's `|`), so it is not content seen.
                if explicit {
                    b.last_end = end;
                }
            }
            // Read on to the next event: an API description is one document, and a second one
            // must not pass unseen.
            Event::DocumentEnd => {
                in_document = false;
                documents += 1;
            }
            Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, tag) if in_document => {
                let (start, style, value) = match style {
                    // `!!str 203` is the string "203", as if it were quoted.
                    GStyle::Plain if tag.is_some_and(|t| t.core_suffix() == Some("str")) => {
                        (start, ScalarStyle::Quoted, value)
                    }
                    GStyle::Plain => {
                        // An empty (implicit null) value: granit reports `~`, the source has "".
                        let value = if start == end {
                            Cow::Borrowed("")
                        } else {
                            value
                        };
                        (start, ScalarStyle::Plain, value)
                    }
                    GStyle::SingleQuoted | GStyle::DoubleQuoted => {
                        (start, ScalarStyle::Quoted, value)
                    }
                    // granit starts a block scalar at its first content line: find the `|`/`>`.
                    _ => (
                        find_indicator(text, b.last_end, start, false).unwrap_or(start),
                        ScalarStyle::Block,
                        value,
                    ),
                };
                if style == ScalarStyle::Plain && value == "<<" {
                    b.tree.has_merge = true;
                }
                let id = b
                    .tree
                    .push(Span::new(start, end), Kind::Scalar(into_box(value), style));
                b.anchor(anchor, id);
                b.last_end = b.last_end.max(end);
                b.attach(id);
            }
            Event::Alias(anchor) if in_document => {
                let target = match b.anchors.get(anchor) {
                    Some(&target) if target != NO_NODE => target,
                    _ => {
                        return Err(ParseError {
                            message: "alias to an unknown anchor".into(),
                            offset: start,
                        })
                    }
                };
                let id = b.tree.push(Span::new(start, end), Kind::Alias(target));
                b.tree.has_alias = true;
                b.last_end = b.last_end.max(end);
                b.attach(id);
            }
            Event::MappingStart(_, anchor, _) if in_document => {
                // A block mapping starts at its first key (or `?`): its span is empty there.
                b.open(true, anchor, start)?;
                if end > start {
                    b.last_end = b.last_end.max(end);
                }
            }
            Event::SequenceStart(style, anchor, _) if in_document => {
                let start = match style {
                    // granit starts an indentless block sequence (a mapping value at its key's
                    // indentation) after its first `- `: find that dash after the key.
                    StructureStyle::Block if b.is_value_position() => {
                        find_indicator(text, b.last_end, start + 1, true).unwrap_or(start)
                    }
                    StructureStyle::Block => start,
                    _ => {
                        b.last_end = b.last_end.max(end);
                        start
                    }
                };
                b.open(false, anchor, start)?;
            }
            Event::MappingEnd | Event::SequenceEnd if in_document => {
                // A flow collection ends after its bracket; a block one (empty end span, placed at
                // the next token) ends where its last child did.
                let end = if end > start { end } else { b.last_end };
                b.last_end = b.last_end.max(end);
                b.close(end);
            }
            _ => {}
        }
    }

    // An unfinished collection cannot remain after DocumentEnd; guard anyway.
    while !b.stack.is_empty() {
        let end = b.last_end;
        b.close(end);
    }
    let mut tree = b.tree;
    tree.root = match b.root {
        Some(root) => root,
        None => tree.push(Span::new(0, 0), Kind::Scalar("".into(), ScalarStyle::Plain)),
    };
    Ok(tree)
}

impl Builder {
    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, NO_NODE);
        }
        self.anchors[anchor] = id;
    }

    /// Whether the next node is the value of a mapping entry.
    fn is_value_position(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|f| f.is_map && f.key.is_some())
    }

    /// Starts a collection: its node is allocated now (so an alias inside it can name it) and
    /// filled in by [`Self::close`].
    fn open(&mut self, is_map: bool, anchor: usize, start: usize) -> Result<(), ParseError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(ParseError {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                offset: start,
            });
        }
        let id = self
            .tree
            .push(Span::new(start, start), Kind::Seq(Vec::new()));
        self.anchor(anchor, id);
        self.stack.push(Frame {
            id,
            start: start as u32,
            first: if is_map {
                self.entries.len()
            } else {
                self.items.len()
            },
            is_map,
            key: None,
        });
        Ok(())
    }

    fn close(&mut self, end: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if frame.is_map {
            let parent_key = self.stack.last().filter(|f| f.is_map).and_then(|f| f.key);
            let repeated = drop_repeated_keys(
                &self.tree,
                &mut self.entries,
                frame.first,
                frame.id,
                parent_key,
            );
            self.tree.duplicates.extend(repeated);
        }
        let kind = take_children(
            &mut self.entries,
            &mut self.items,
            frame.is_map,
            frame.first,
        );
        let node = &mut self.tree.nodes[frame.id as usize];
        node.span = Span {
            start: frame.start,
            end: (end as u32).max(frame.start),
        };
        node.kind = kind;
        self.attach(frame.id);
    }

    /// Hands a finished node to its parent (or makes it the root).
    fn attach(&mut self, id: NodeId) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(id);
                }
            }
            Some(frame) if frame.is_map => match frame.key.take() {
                None => frame.key = Some(id),
                Some(key) => self.entries.push((key, id)),
            },
            Some(_) => self.items.push(id),
        }
    }
}

fn into_box(value: Cow<'_, str>) -> Box<str> {
    match value {
        Cow::Borrowed(s) => s.into(),
        Cow::Owned(s) => s.into_boxed_str(),
    }
}

/// The offset of the indicator that starts a node but that granit's span leaves out: a block
/// scalar's `|`/`>` (granit starts it at its first content line) or a block sequence's first
/// `-` (granit starts an indentless one after it). Searched for from `from` (the end of the
/// previous content) up to `limit` (exclusive), skipping what may come between: blanks, line
/// breaks, the indicators `-`, `?`, `:`, properties (anchor, tag) and comments.
fn find_indicator(text: &str, from: usize, limit: usize, dash: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let limit = limit.min(bytes.len());
    let mut i = from;
    while i < limit {
        match bytes[i] {
            b'-' if dash => {
                return match bytes.get(i + 1) {
                    None | Some(b' ' | b'\t' | b'\r' | b'\n') => Some(i),
                    Some(_) => None,
                }
            }
            b'|' | b'>' if !dash => return Some(i),
            b' ' | b'\t' | b'\r' | b'\n' | b'-' | b'?' | b':' => i += 1,
            b'#' => {
                while i < limit && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'&' | b'!' => {
                while i < limit && !matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
            }
            _ => return None,
        }
    }
    None
}

/// A marker's byte offset; granit supplies it for `&str` input, otherwise the character index
/// is converted.
fn offset(text: &str, mark: &Marker) -> usize {
    match mark.byte_offset() {
        Some(offset) => offset,
        None => char_to_byte(text, mark.index()),
    }
}

#[cold]
fn char_to_byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(offset, _)| offset)
}

#[cold]
fn scan_error(text: &str, error: &ScanError) -> ParseError {
    let mut message = error.info();
    if message.is_empty() {
        message = format!("{:?}", error.kind());
    }
    ParseError {
        message,
        offset: offset(text, error.marker()).min(text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::parse::MAX_DEPTH;
    use crate::tree::{Kind, NodeId, ScalarStyle, Span, Tree};

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    /// The (key, value) of `key` in the mapping `map`.
    fn entry(tree: &Tree, map: NodeId, key: &str) -> (NodeId, NodeId) {
        tree.get(map, key)
            .unwrap_or_else(|| panic!("no key {key:?}"))
    }

    #[test]
    fn spans_are_bytes_after_multibyte_text() {
        let text = "ü€🎉: x\n201: ok\n\"202\": 'yes'\n";
        let tree = parse(text).unwrap();
        let root = tree.root;
        assert_eq!(tree.span(root), span(0, 33));
        let (k, v) = entry(&tree, root, "ü€🎉");
        assert_eq!(tree.span(k), span(0, 9));
        assert_eq!(tree.span(v), span(11, 12));
        assert_eq!(&text[11..12], "x");
        let (k, v) = entry(&tree, root, "201");
        assert_eq!(tree.span(k), span(13, 16));
        assert_eq!(tree.style(k), Some(ScalarStyle::Plain));
        assert_eq!(tree.span(v), span(18, 20));
        let (k, v) = entry(&tree, root, "202");
        assert_eq!(tree.span(k), span(21, 26));
        assert_eq!(tree.style(k), Some(ScalarStyle::Quoted));
        assert_eq!(tree.span(v), span(28, 33));
        assert_eq!(tree.str(v), Some("yes"));
        assert_eq!(tree.style(v), Some(ScalarStyle::Quoted));
        // Entries keep source order.
        let keys: Vec<_> = tree
            .entries(root)
            .iter()
            .map(|&(k, _)| tree.str(k).unwrap())
            .collect();
        assert_eq!(keys, ["ü€🎉", "201", "202"]);
    }

    #[test]
    fn flow_collection_spans() {
        let text = "a: {b: [1, \"é\"], 'c': d}\n";
        let tree = parse(text).unwrap();
        let (a, map) = entry(&tree, tree.root, "a");
        assert_eq!(tree.span(a), span(0, 1));
        assert_eq!(tree.span(map), span(3, 25));
        let (b, seq) = entry(&tree, map, "b");
        assert_eq!(tree.span(b), span(4, 5));
        assert_eq!(tree.span(seq), span(7, 16));
        let items = tree.items(seq);
        assert_eq!(tree.span(items[0]), span(8, 9));
        assert_eq!(tree.span(items[1]), span(11, 15));
        assert_eq!(tree.str(items[1]), Some("é"));
        let (c, d) = entry(&tree, map, "c");
        assert_eq!(tree.span(c), span(18, 21));
        assert_eq!(tree.style(c), Some(ScalarStyle::Quoted));
        assert_eq!(tree.span(d), span(23, 24));
        assert_eq!(tree.span(tree.root), span(0, 25));
    }

    #[test]
    fn single_pair_flow_mapping_in_sequence() {
        let text = "[a: 1, b]";
        let tree = parse(text).unwrap();
        let items = tree.items(tree.root);
        assert_eq!(tree.span(tree.root), span(0, 9));
        assert!(tree.is_map(items[0]));
        assert_eq!(tree.span(items[0]), span(1, 5));
        assert_eq!(tree.value_str(items[0], "a"), Some("1"));
    }

    #[test]
    fn block_scalar_spans_start_at_the_indicator() {
        let text = "é: |\n  line1\n  line2\nk: >-\n  folded\n  text\n";
        let tree = parse(text).unwrap();
        let (_, lit) = entry(&tree, tree.root, "é");
        assert_eq!(tree.str(lit), Some("line1\nline2\n"));
        assert_eq!(tree.style(lit), Some(ScalarStyle::Block));
        assert_eq!(tree.span(lit), span(4, 22));
        let (k, folded) = entry(&tree, tree.root, "k");
        assert_eq!(tree.span(k), span(22, 23));
        assert_eq!(tree.str(folded), Some("folded text"));
        assert_eq!(tree.style(folded), Some(ScalarStyle::Block));
        assert_eq!(tree.span(folded), span(25, 44));
        assert_eq!(tree.span(tree.root), span(0, 44));
    }

    #[test]
    fn block_scalar_after_properties_and_comment() {
        let text = "- &a !!str | # c|>\n  x\n- >\n\n  y\n";
        let tree = parse(text).unwrap();
        let items = tree.items(tree.root);
        assert_eq!(tree.span(tree.root).start, 0);
        assert_eq!(tree.span(items[0]).start, 11);
        assert_eq!(tree.str(items[0]), Some("x\n"));
        assert_eq!(tree.span(items[1]).start, 25);
        assert_eq!(tree.str(items[1]), Some("\ny\n"));
        // A block scalar as the whole document, with and without `---`.
        let tree = parse("|\n  z\n").unwrap();
        assert_eq!(tree.span(tree.root).start, 0);
        let tree = parse("--- >\n  z\n").unwrap();
        assert_eq!(tree.span(tree.root).start, 4);
        let tree = parse("\u{feff}# c\n>\n  z\n").unwrap();
        assert_eq!(tree.span(tree.root).start, 7);
    }

    #[test]
    fn block_sequence_spans_start_at_the_dash() {
        let text = "k:\n- a\n- b\nl:\n  - c\nm: &s\n- - d\n";
        let tree = parse(text).unwrap();
        let (_, k) = entry(&tree, tree.root, "k");
        assert_eq!(tree.span(k), span(3, 10));
        assert_eq!(tree.span(tree.items(k)[1]), span(9, 10));
        let (_, l) = entry(&tree, tree.root, "l");
        assert_eq!(tree.span(l), span(16, 19));
        let (_, m) = entry(&tree, tree.root, "m");
        assert_eq!(tree.span(m).start, 26);
        let inner = tree.items(m)[0];
        assert_eq!(tree.span(inner), span(28, 31));
        assert_eq!(tree.span(tree.items(inner)[0]), span(30, 31));
        // After a block scalar; as an explicit key; at the root.
        let text = "- |\n  x\n- - y\n- ? - a\n  : - b\n";
        let tree = parse(text).unwrap();
        let items = tree.items(tree.root);
        assert_eq!(tree.span(tree.root), span(0, 29));
        assert_eq!(tree.span(items[0]), span(2, 8));
        assert_eq!(tree.span(items[1]), span(10, 13));
        let (key, value) = tree.entries(items[2])[0];
        assert_eq!(tree.span(items[2]), span(16, 29));
        assert_eq!(tree.span(key), span(18, 21));
        assert_eq!(tree.span(value), span(26, 29));
        // CRLF line ends and a BOM.
        let text = "\u{feff}k:\r\n- a\r\nl: |\r\n  x\r\n";
        let tree = parse(text).unwrap();
        let (k, seq) = entry(&tree, tree.root, "k");
        assert_eq!(tree.span(k), span(3, 4));
        assert_eq!(tree.span(seq), span(7, 10));
        let (_, lit) = entry(&tree, tree.root, "l");
        assert_eq!(tree.span(lit).start, 15);
        assert_eq!(tree.str(lit), Some("x\n"));
    }

    #[test]
    fn scalars_keep_their_text() {
        let text = "n: 0x1F\nbig: -9223372036854776000\nf: 1.50\nt: yes\nnull: ~\nempty:\ne: \"a\\tb\\u00e9\"\n";
        let tree = parse(text).unwrap();
        let root = tree.root;
        assert_eq!(tree.value_str(root, "n"), Some("0x1F"));
        assert_eq!(tree.value_str(root, "big"), Some("-9223372036854776000"));
        assert_eq!(tree.value_str(root, "f"), Some("1.50"));
        assert_eq!(tree.value_str(root, "t"), Some("yes"));
        assert_eq!(tree.value_str(root, "null"), Some("~"));
        let empty = tree.value(root, "empty").unwrap();
        assert_eq!(tree.str(empty), Some(""));
        assert_eq!(tree.style(empty), Some(ScalarStyle::Plain));
        assert_eq!(tree.value_str(root, "e"), Some("a\tbé"));
    }

    #[test]
    fn anchors_and_aliases() {
        let text = "base: &b {x: 1}\nuse: *b\nself: &s [*s]\n";
        let tree = parse(text).unwrap();
        assert!(tree.has_alias);
        assert!(!parse("base: &b {x: 1}\n").unwrap().has_alias);
        let root = tree.root;
        let base = tree.value(root, "base").unwrap();
        let alias = tree.value(root, "use").unwrap();
        assert!(matches!(tree.node(alias).kind, Kind::Alias(t) if t == base));
        assert_eq!(tree.span(alias), span(21, 23));
        assert_eq!(tree.value_str(alias, "x"), Some("1"));
        let own = tree.value(root, "self").unwrap();
        let inner = tree.items(own)[0];
        assert!(own < inner);
        assert!(matches!(tree.node(inner).kind, Kind::Alias(t) if t == own));
        assert_eq!(tree.span(own), span(33, 37));
        // A redefined anchor: an alias names the latest definition.
        let tree = parse("- &a 1\n- *a\n- &a 2\n- *a\n").unwrap();
        let items = tree.items(tree.root);
        assert_eq!(tree.str(items[1]), Some("1"));
        assert_eq!(tree.str(items[3]), Some("2"));
    }

    #[test]
    fn alias_bomb_is_not_expanded() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        for level in 1..names.len() {
            let (name, prev) = (names[level], names[level - 1]);
            let aliases = vec![format!("*{prev}"); 9].join(", ");
            text.push_str(&format!("{name}: &{name} [{aliases}]\n"));
        }
        let started = std::time::Instant::now();
        let tree = parse(&text).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
        assert!(tree.nodes.len() < 200, "{} nodes", tree.nodes.len());
        let j = tree.value(tree.root, "j").unwrap();
        assert_eq!(tree.items(j).len(), 9);
    }

    #[test]
    fn merge_keys_stay_entries() {
        let text = "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n";
        let tree = parse(text).unwrap();
        let m = tree.value(tree.root, "m").unwrap();
        let entries = tree.entries(m);
        assert_eq!(entries.len(), 2);
        assert_eq!(tree.str(entries[0].0), Some("<<"));
        assert!(matches!(tree.node(entries[0].1).kind, Kind::Alias(_)));
        assert_eq!(tree.str(entries[1].0), Some("y"));
    }

    #[test]
    fn merged_entries_apply_merge_keys_without_looping() {
        let text =
            "b: &b {x: 1, y: 1}\nc: &c {y: 2, z: 2, <<: *b}\nm: {<<: [*c, *b], x: 0, '<<': q}\n";
        let tree = parse(text).unwrap();
        assert!(tree.has_merge);
        let m = tree.value(tree.root, "m").unwrap();
        let merged: Vec<_> = tree
            .merged_entries(m)
            .iter()
            .map(|&(k, v)| {
                (
                    tree.str(k).unwrap(),
                    tree.str(v).unwrap(),
                    tree.span(v).start,
                )
            })
            .collect();
        // Explicit keys first (a quoted `<<` is an ordinary key), then `c` (its own `y`, `z`
        // before what it merges from `b`), nothing again from `b`.
        assert_eq!(
            merged,
            [
                ("x", "0", 67),
                ("<<", "q", 76),
                ("y", "2", 29),
                ("z", "2", 35)
            ]
        );
        assert_eq!(tree.value_str(m, "z"), Some("2"));
        assert_eq!(tree.value_str(m, "x"), Some("0"));
        // A mapping that merges itself, or a list holding itself.
        for text in ["a: &a {x: 1, <<: *a}\n", "a: &a [{<<: *a, x: 1}]\n"] {
            let tree = parse(text).unwrap();
            let a = tree.value(tree.root, "a").unwrap();
            let map = if tree.is_map(a) { a } else { tree.items(a)[0] };
            assert_eq!(tree.merged_entries(map).len(), 1, "{text:?}");
            assert_eq!(tree.value(map, "nope"), None);
        }
    }

    #[test]
    fn empty_stream_and_first_document_only() {
        for text in ["", "# only a comment\n", "\n\n"] {
            let tree = parse(text).unwrap();
            assert_eq!(tree.nodes.len(), 1);
            assert_eq!(tree.span(tree.root), span(0, 0));
            assert!(
                matches!(&tree.node(tree.root).kind, Kind::Scalar(s, ScalarStyle::Plain) if s.is_empty())
            );
        }
        let tree = parse("---\n").unwrap();
        assert_eq!(tree.str(tree.root), Some(""));
        let tree = parse("a: 1\n---\nb: [\n").unwrap();
        assert_eq!(tree.value_str(tree.root, "a"), Some("1"));
        assert_eq!(tree.entries(tree.root).len(), 1);
    }

    #[test]
    fn repeated_keys_keep_the_last_entry_small_and_large_mappings() {
        for width in [3, 40] {
            let mut text = String::new();
            for i in 0..width {
                text.push_str(&format!("k{i}: {i}\n"));
            }
            text.push_str("k1: again\nk1: last\nk0: zero\n");
            let tree = parse(&text).unwrap();
            let keys: Vec<_> = tree
                .entries(tree.root)
                .iter()
                .map(|&(k, _)| tree.str(k).unwrap())
                .collect();
            assert_eq!(keys.len(), width, "{width}");
            assert_eq!(&keys[width - 2..], ["k1", "k0"], "{width}");
            assert_eq!(tree.value_str(tree.root, "k1"), Some("last"));
            let spans: Vec<_> = tree
                .duplicates
                .iter()
                .map(|d| (tree.span(d.first).start, tree.span(d.repeated).start))
                .collect();
            let line = |n: &str| text.find(n).unwrap() as u32;
            assert_eq!(
                spans,
                [
                    (line("k1: 1"), line("k1: again")),
                    (line("k1: 1"), line("k1: last")),
                    (0, line("k0: zero")),
                ],
                "{width}"
            );
            assert!(tree.duplicates.iter().all(|d| d.map == tree.root));
        }
    }

    #[test]
    fn repeated_keys_among_many_alike_keys() {
        // Same length, same ends: a weak signature would compare them all with each other.
        let mut text = String::new();
        for i in 0..20_000 {
            text.push_str(&format!("/items/{i:05}/{{id}}: {i}\n"));
        }
        text.push_str("/items/00007/{id}: again\n");
        let tree = parse(&text).unwrap();
        assert_eq!(tree.entries(tree.root).len(), 20_000);
        assert_eq!(tree.duplicates.len(), 1);
        let d = tree.duplicates[0];
        assert_eq!(tree.str(d.first), Some("/items/00007/{id}"));
        assert_eq!(tree.span(d.repeated).start as usize, text.len() - 25);
        assert_eq!(
            tree.value_str(tree.root, "/items/00007/{id}"),
            Some("again")
        );
    }

    #[test]
    fn a_second_document_is_found_not_read() {
        for (text, at) in [
            ("a: 1\n---\nb: [\n", 5),
            ("a: 1\n...\n--- x\n", 9),
            ("---\na: 1\n--- b\n", 9),
        ] {
            let tree = parse(text).unwrap();
            assert_eq!(tree.entries(tree.root).len(), 1, "{text:?}");
            assert_eq!(tree.second_document.map(|s| s.start), Some(at), "{text:?}");
        }
        for text in ["a: 1\n", "---\na: 1\n...\n", "a: 1\n# --- no\n"] {
            assert_eq!(parse(text).unwrap().second_document, None, "{text:?}");
        }
    }

    fn error(text: &str) -> crate::parse::ParseError {
        parse(text).expect_err("should fail")
    }

    #[test]
    fn errors_carry_byte_offsets() {
        let e = error("{a: 1, b: 2\n");
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("unclosed"), "{}", e.message);
        // After non-ASCII text: byte 4, not char 3.
        let e = error("é: [1,\n  2");
        assert_eq!(e.offset, 4);
        let e = error("a:\n  b: 1\n c: 2\n");
        assert_eq!(e.offset, 11);
        assert!(e.message.contains("mapping"), "{}", e.message);
        let e = error("a:\n\tb: 1\n");
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("tab"), "{}", e.message);
        let e = error("ü: \"x\\qy\"\n");
        assert_eq!(e.offset, 4);
        assert!(e.message.contains("escape"), "{}", e.message);
        let e = error("x: \"unterminated\n");
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("unclosed quote"), "{}", e.message);
        let e = error("a: *nope\n");
        assert_eq!(e.offset, 3);
        assert!(e.message.contains("anchor"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        for open in ["[", "{", "- ", "[a: ", "a:\n  "] {
            let text = if open == "a:\n  " {
                (0..2_000)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
            } else {
                open.repeat(100_000)
            };
            let e = error(&text);
            assert!(e.offset <= text.len(), "{open:?}");
            assert!(!e.message.is_empty());
        }
        let e = error(&"[".repeat(100_000));
        assert_eq!(e.offset, MAX_DEPTH);
        // Exactly MAX_DEPTH levels are accepted.
        let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(parse(&text).unwrap().nodes.len(), MAX_DEPTH);
        // Block and flow levels count together.
        let half = MAX_DEPTH / 2 + 10;
        let text = format!(
            "{}{}{}",
            "- ".repeat(half),
            "[".repeat(half),
            "]".repeat(half)
        );
        let e = error(&text);
        assert!(e.message.contains("nesting"), "{}", e.message);
        assert_eq!(e.offset, 2 * half + (MAX_DEPTH - half));
    }
}
