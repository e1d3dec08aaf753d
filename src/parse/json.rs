//! JSON (RFC 8259, strict) → [`Tree`], hand-written over bytes with an explicit stack.
//!
//! Strings are scanned in place and only copied into an owned buffer when they hold an escape.
//! Numbers, `true`, `false` and `null` keep their source text as plain scalars; strings are
//! quoted scalars whose span includes the quotes. Of a repeated key, the last entry is kept
//! (see [`crate::tree::Tree::duplicates`]).

use super::{ParseError, MAX_DEPTH};
use crate::tree::{drop_repeated_keys, take_children, Kind, NodeId, ScalarStyle, Span, Tree};

/// Bytes that end the fast scan of a string: `"`, `\` and control characters.
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

struct Frame {
    id: NodeId,
    start: u32,
    /// Index into `Parser::entries` (object) or `Parser::items` (array).
    first: usize,
    is_map: bool,
    /// For an object: the key of the value being read.
    key: NodeId,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tree: Tree,
    /// Children of all open objects, innermost last; moved out exactly sized at the end.
    entries: Vec<(NodeId, NodeId)>,
    /// Children of all open arrays, innermost last.
    items: Vec<NodeId>,
    /// Reused buffer for strings with escapes.
    scratch: String,
}

/// Parses `text` as one JSON value.
pub(super) fn parse(text: &str) -> Result<Tree, ParseError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        tree: Tree {
            nodes: Vec::with_capacity(text.len() / 24 + 1),
            ..Tree::default()
        },
        entries: Vec::new(),
        items: Vec::new(),
        scratch: String::new(),
    };
    if p.bytes.starts_with("\u{feff}".as_bytes()) {
        p.pos = 3;
    }
    p.skip_ws();
    if p.pos == p.bytes.len() {
        let root = p
            .tree
            .push(Span::new(0, 0), Kind::Scalar("".into(), ScalarStyle::Plain));
        p.tree.root = root;
        return Ok(p.tree);
    }
    let root = p.run()?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected characters after the JSON value", p.pos));
    }
    p.tree.root = root;
    Ok(p.tree)
}

impl<'a> Parser<'a> {
    #[cold]
    fn error(&self, message: impl Into<String>, offset: usize) -> ParseError {
        ParseError {
            message: message.into(),
            offset,
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Reads one value (and everything nested in it) starting at the next non-blank byte.
    fn run(&mut self) -> Result<NodeId, ParseError> {
        let mut stack: Vec<Frame> = Vec::new();
        'value: loop {
            self.skip_ws();
            let start = self.pos;
            let mut done = match self.peek() {
                Some(b'{') => {
                    self.pos += 1;
                    self.open(&mut stack, true, start)?;
                    self.skip_ws();
                    match self.peek() {
                        Some(b'}') => {
                            self.pos += 1;
                            self.close(&mut stack)
                        }
                        Some(b'"') => {
                            // `open` just pushed this object's frame.
                            stack.last_mut().unwrap().key = self.key()?;
                            continue 'value;
                        }
                        _ => return Err(self.expected_key()),
                    }
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.open(&mut stack, false, start)?;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        self.close(&mut stack)
                    } else {
                        continue 'value;
                    }
                }
                Some(b'"') => self.string()?,
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal("true")?,
                Some(b'f') => self.literal("false")?,
                Some(b'n') => self.literal("null")?,
                Some(_) => return Err(self.unexpected("expected a JSON value", start)),
                None => return Err(self.error("unexpected end of input: expected a value", start)),
            };
            // `done` is a finished value: hand it to its parent, closing what ends after it.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return Ok(done);
                };
                self.skip_ws();
                if frame.is_map {
                    self.entries.push((frame.key, done));
                    match self.peek() {
                        Some(b',') => {
                            let comma = self.pos;
                            self.pos += 1;
                            self.skip_ws();
                            match self.peek() {
                                Some(b'"') => {
                                    frame.key = self.key()?;
                                    continue 'value;
                                }
                                Some(b'}') => return Err(self.error("trailing comma", comma)),
                                _ => {
                                    return Err(self.unexpected(
                                        "expected a string key after `,` in object",
                                        self.pos,
                                    ))
                                }
                            }
                        }
                        Some(b'}') => {
                            self.pos += 1;
                            done = self.close(&mut stack);
                        }
                        None => {
                            let open = frame.start as usize;
                            return Err(self.error("unclosed object: expected `,` or `}`", open));
                        }
                        Some(_) => {
                            return Err(
                                self.unexpected("expected `,` or `}` after object value", self.pos)
                            )
                        }
                    }
                } else {
                    self.items.push(done);
                    match self.peek() {
                        Some(b',') => {
                            let comma = self.pos;
                            self.pos += 1;
                            self.skip_ws();
                            if self.peek() == Some(b']') {
                                return Err(self.error("trailing comma", comma));
                            }
                            continue 'value;
                        }
                        Some(b']') => {
                            self.pos += 1;
                            done = self.close(&mut stack);
                        }
                        None => {
                            let open = frame.start as usize;
                            return Err(self.error("unclosed array: expected `,` or `]`", open));
                        }
                        Some(_) => {
                            return Err(
                                self.unexpected("expected `,` or `]` after array item", self.pos)
                            )
                        }
                    }
                }
            }
        }
    }

    #[cold]
    fn expected_key(&self) -> ParseError {
        match self.peek() {
            None => self.error(
                "unexpected end of input: expected a string key or `}`",
                self.pos,
            ),
            Some(_) => self.unexpected("expected a string key or `}`", self.pos),
        }
    }

    /// An error naming the character found at `offset`.
    #[cold]
    fn unexpected(&self, what: &str, offset: usize) -> ParseError {
        match self.text.get(offset..).and_then(|rest| rest.chars().next()) {
            Some(c) => self.error(format!("{what}, found `{}`", c.escape_debug()), offset),
            None => self.error(format!("{what}, found end of input"), offset),
        }
    }

    /// Allocates a collection node (filled in by [`Self::close`]) and opens its frame.
    fn open(
        &mut self,
        stack: &mut Vec<Frame>,
        is_map: bool,
        start: usize,
    ) -> Result<NodeId, ParseError> {
        if stack.len() >= MAX_DEPTH {
            return Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels"), start));
        }
        let id = self
            .tree
            .push(Span::new(start, start), Kind::Seq(Vec::new()));
        stack.push(Frame {
            id,
            start: start as u32,
            first: if is_map {
                self.entries.len()
            } else {
                self.items.len()
            },
            is_map,
            key: 0,
        });
        Ok(id)
    }

    /// Closes the innermost collection; its closing bracket was just consumed. Callers reach
    /// a closing bracket only inside an open collection, so a frame is on the stack.
    fn close(&mut self, stack: &mut Vec<Frame>) -> NodeId {
        let frame = stack.pop().expect("a frame is open");
        if frame.is_map {
            let parent_key = stack.last().filter(|f| f.is_map).map(|f| f.key);
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
        node.span = Span::new(frame.start as usize, self.pos);
        node.kind = kind;
        frame.id
    }

    /// Reads an object key (at `"`) and the `:` after it.
    fn key(&mut self) -> Result<NodeId, ParseError> {
        let key = self.string()?;
        self.skip_ws();
        if self.peek() != Some(b':') {
            return Err(self.unexpected("expected `:` after object key", self.pos));
        }
        self.pos += 1;
        Ok(key)
    }

    /// Reads a string at its opening quote.
    fn string(&mut self) -> Result<NodeId, ParseError> {
        let open = self.pos;
        let bytes = self.bytes;
        let mut i = open + 1;
        // Fast path: no escape.
        loop {
            match bytes.get(i) {
                Some(&b) if !STRING_STOP[b as usize] => i += 1,
                Some(b'"') => {
                    self.pos = i + 1;
                    let value: Box<str> = self.text[open + 1..i].into();
                    return Ok(self.tree.push(
                        Span::new(open, i + 1),
                        Kind::Scalar(value, ScalarStyle::Quoted),
                    ));
                }
                Some(b'\\') => break,
                Some(&b) => return Err(self.control(b, i)),
                None => return Err(self.error("unterminated string", open)),
            }
        }
        // Slow path: copy into the scratch buffer, decoding escapes.
        let mut out = std::mem::take(&mut self.scratch);
        out.clear();
        out.push_str(&self.text[open + 1..i]);
        let result = self.escaped(open, i, &mut out);
        let id = result.map(|end| {
            self.pos = end;
            self.tree.push(
                Span::new(open, end),
                Kind::Scalar(out.as_str().into(), ScalarStyle::Quoted),
            )
        });
        self.scratch = out;
        id
    }

    /// Decodes the rest of a string from `i` (at a `\`) into `out`; returns the offset after
    /// the closing quote.
    fn escaped(&self, open: usize, mut i: usize, out: &mut String) -> Result<usize, ParseError> {
        let bytes = self.bytes;
        loop {
            let run = i;
            while let Some(&b) = bytes.get(i) {
                if STRING_STOP[b as usize] {
                    break;
                }
                i += 1;
            }
            out.push_str(&self.text[run..i]);
            match bytes.get(i) {
                Some(b'"') => return Ok(i + 1),
                Some(b'\\') => {
                    let escape = i;
                    let c = match bytes.get(i + 1) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let unit = self.hex4(i + 2, escape)?;
                            i += 6;
                            let c = match unit {
                                0xD800..=0xDBFF => {
                                    // A high surrogate: combine with a following low one.
                                    let low = if bytes.get(i) == Some(&b'\\')
                                        && bytes.get(i + 1) == Some(&b'u')
                                    {
                                        self.hex4(i + 2, i)?
                                    } else {
                                        0
                                    };
                                    if (0xDC00..=0xDFFF).contains(&low) {
                                        i += 6;
                                        let scalar =
                                            0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                        char::from_u32(scalar).unwrap_or('\u{FFFD}')
                                    } else {
                                        '\u{FFFD}'
                                    }
                                }
                                _ => char::from_u32(unit).unwrap_or('\u{FFFD}'),
                            };
                            out.push(c);
                            continue;
                        }
                        None => return Err(self.error("unterminated string", open)),
                        Some(_) => {
                            let found = self.text[i + 1..].chars().next().unwrap_or(' ');
                            return Err(self.error(
                                format!("invalid escape `\\{}` in string", found.escape_debug()),
                                escape,
                            ));
                        }
                    };
                    out.push(c);
                    i += 2;
                }
                Some(&b) => return Err(self.control(b, i)),
                None => return Err(self.error("unterminated string", open)),
            }
        }
    }

    /// Four hex digits at `at` (of a `\u` escape starting at `escape`).
    fn hex4(&self, at: usize, escape: usize) -> Result<u32, ParseError> {
        let mut value = 0;
        for k in 0..4 {
            let digit = match self.bytes.get(at + k) {
                Some(&b @ b'0'..=b'9') => b - b'0',
                Some(&b @ b'a'..=b'f') => b - b'a' + 10,
                Some(&b @ b'A'..=b'F') => b - b'A' + 10,
                _ => {
                    return Err(self.error("invalid `\\u` escape: expected four hex digits", escape))
                }
            };
            value = value * 16 + u32::from(digit);
        }
        Ok(value)
    }

    #[cold]
    fn control(&self, b: u8, at: usize) -> ParseError {
        let message = if b == b'\n' {
            "unterminated string (a line break must be escaped as `\\n`)".to_string()
        } else {
            format!("control character U+{b:04X} in string must be escaped")
        };
        self.error(message, at)
    }

    /// Reads a number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as its text.
    fn number(&mut self) -> Result<NodeId, ParseError> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        if bytes[i] == b'-' {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if let Some(b'0'..=b'9') = bytes.get(i) {
                    return Err(self.error("leading zeros are not allowed in numbers", start));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(b'0'..=b'9') = bytes.get(i) {
                    i += 1;
                }
            }
            _ => return Err(self.unexpected("expected a digit after `-`", i)),
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(bytes.get(i), Some(b'0'..=b'9')) {
                return Err(self.unexpected("expected a digit after the decimal point", i));
            }
            while let Some(b'0'..=b'9') = bytes.get(i) {
                i += 1;
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !matches!(bytes.get(i), Some(b'0'..=b'9')) {
                return Err(self.unexpected("expected a digit in the exponent", i));
            }
            while let Some(b'0'..=b'9') = bytes.get(i) {
                i += 1;
            }
        }
        self.pos = i;
        Ok(self.tree.push(
            Span::new(start, i),
            Kind::Scalar(self.text[start..i].into(), ScalarStyle::Plain),
        ))
    }

    /// Reads `true`, `false` or `null`.
    fn literal(&mut self, word: &'static str) -> Result<NodeId, ParseError> {
        let start = self.pos;
        let end = start + word.len();
        if self.bytes.get(start..end) != Some(word.as_bytes()) {
            return Err(self.unexpected("expected a JSON value", start));
        }
        self.pos = end;
        Ok(self.tree.push(
            Span::new(start, end),
            Kind::Scalar(word.into(), ScalarStyle::Plain),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::parse::{ParseError, MAX_DEPTH};
    use crate::tree::{Kind, ScalarStyle, Span};

    fn span(start: usize, end: usize) -> Span {
        Span::new(start, end)
    }

    fn error(text: &str) -> ParseError {
        parse(text).expect_err("should fail")
    }

    #[test]
    fn spans_of_keys_and_values() {
        let text = "{\"é\": [1, -2.5e3, true, null], \"201\" : {\"x\": \"a\\nb\"}}";
        let tree = parse(text).unwrap();
        let root = tree.root;
        assert_eq!(tree.span(root), span(0, text.len()));
        let (k, v) = tree.get(root, "é").unwrap();
        assert_eq!(tree.span(k), span(1, 5));
        assert_eq!(tree.style(k), Some(ScalarStyle::Quoted));
        assert_eq!(tree.span(v), span(7, 30));
        let items = tree.items(v);
        let texts: Vec<_> = items.iter().map(|&i| tree.str(i).unwrap()).collect();
        assert_eq!(texts, ["1", "-2.5e3", "true", "null"]);
        assert_eq!(tree.span(items[1]), span(11, 17));
        assert_eq!(tree.style(items[1]), Some(ScalarStyle::Plain));
        assert_eq!(tree.span(items[3]), span(25, 29));
        let (k, v) = tree.get(root, "201").unwrap();
        assert_eq!(tree.span(k), span(32, 37));
        assert_eq!(tree.span(v), span(40, 53));
        let (x, s) = tree.get(v, "x").unwrap();
        assert_eq!(tree.span(x), span(41, 44));
        assert_eq!(tree.span(s), span(46, 52));
        assert_eq!(tree.str(s), Some("a\nb"));
        assert_eq!(&text[46..52], "\"a\\nb\"");
    }

    #[test]
    fn escapes_and_surrogates() {
        let text = r#"["\"\\\/\b\f\n\r\t", "\u00e9\u20AC", "\ud83c\udf89", "x\ud83cy", "\udf89", "\ud83c\u0041", "\ud83c"]"#;
        let tree = parse(text).unwrap();
        let texts: Vec<_> = tree
            .items(tree.root)
            .iter()
            .map(|&i| tree.str(i).unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "\"\\/\u{8}\u{c}\n\r\t",
                "é€",
                "🎉",
                "x\u{FFFD}y",
                "\u{FFFD}",
                "\u{FFFD}A",
                "\u{FFFD}"
            ]
        );
        // Raw non-ASCII text is kept, and spans stay in bytes.
        let text = "[\"ü€🎉\", \"\\u00fc\"]";
        let tree = parse(text).unwrap();
        let items = tree.items(tree.root);
        assert_eq!(tree.span(items[0]), span(1, 12));
        assert_eq!(tree.span(items[1]), span(14, 22));
        assert_eq!(tree.str(items[1]), Some("ü"));
    }

    #[test]
    fn scalars_keep_their_text() {
        let text = "[123456789012345678901234567890, -0, 0.5, 1E+2, -9223372036854776000, false]";
        let tree = parse(text).unwrap();
        let texts: Vec<_> = tree
            .items(tree.root)
            .iter()
            .map(|&i| tree.str(i).unwrap())
            .collect();
        assert_eq!(
            texts,
            [
                "123456789012345678901234567890",
                "-0",
                "0.5",
                "1E+2",
                "-9223372036854776000",
                "false"
            ]
        );
        let tree = parse(" \"top\" ").unwrap();
        assert_eq!(tree.span(tree.root), span(1, 6));
        assert_eq!(tree.str(tree.root), Some("top"));
        let tree = parse("{}").unwrap();
        assert!(matches!(&tree.node(tree.root).kind, Kind::Map(e) if e.is_empty()));
        let tree = parse("[ ]").unwrap();
        assert_eq!(tree.span(tree.root), span(0, 3));
    }

    #[test]
    fn the_last_of_repeated_keys_is_kept() {
        let tree = parse(r#"{"a": 1, "b": {"a": 2}, "a": 3}"#).unwrap();
        let entries = tree.entries(tree.root);
        assert_eq!(entries.len(), 2);
        assert_eq!(tree.str(entries[1].1), Some("3"));
        assert_eq!(tree.value_str(tree.root, "a"), Some("3"));
        assert_eq!(tree.duplicates.len(), 1);
        let d = tree.duplicates[0];
        assert_eq!(tree.span(d.first), span(1, 4));
        assert_eq!(tree.span(d.repeated), span(24, 27));
        assert_eq!((d.map, d.parent_key), (tree.root, None));
    }

    #[test]
    fn bom_and_empty_input() {
        let text = "\u{feff}{\"a\": 1}";
        let tree = parse(text).unwrap();
        assert_eq!(tree.span(tree.root), span(3, 11));
        let (k, _) = tree.get(tree.root, "a").unwrap();
        assert_eq!(tree.span(k), span(4, 7));
        for text in ["", " \n", "\u{feff}"] {
            let tree = parse(text).unwrap();
            assert_eq!(tree.nodes.len(), 1);
            assert_eq!(tree.span(tree.root), span(0, 0));
            assert!(
                matches!(&tree.node(tree.root).kind, Kind::Scalar(s, ScalarStyle::Plain) if s.is_empty())
            );
        }
    }

    #[test]
    fn errors_carry_byte_offsets() {
        let cases: &[(&str, usize, &str)] = &[
            ("{\"é\" 1}", 6, "expected `:` after object key"),
            ("{\"a\": 1,}", 7, "trailing comma"),
            ("[1, 2, ]", 5, "trailing comma"),
            ("[\"é\", \"abc", 7, "unterminated string"),
            ("[\"ab\\qc\"]", 4, "invalid escape `\\q`"),
            ("[\"\\u12G4\"]", 2, "invalid `\\u` escape"),
            ("[\"a\nb\"]", 3, "unterminated string"),
            ("[\"a\tb\"]", 3, "control character U+0009"),
            ("[01]", 1, "leading zeros"),
            ("[-]", 2, "expected a digit after `-`"),
            ("[1.]", 3, "after the decimal point"),
            ("[1e+]", 4, "in the exponent"),
            ("[.5]", 1, "expected a JSON value"),
            ("[tru]", 1, "expected a JSON value"),
            ("{\"a\": 1 \"b\": 2}", 8, "expected `,` or `}`"),
            ("[1 2]", 3, "expected `,` or `]`"),
            ("{1: 2}", 1, "expected a string key"),
            ("{\"a\": 1, 2}", 9, "expected a string key"),
            ("{\"a\": [1, 2}", 11, "expected `,` or `]`"),
            ("{\"a\": 1", 0, "unclosed object"),
            ("[1,", 3, "unexpected end of input"),
            ("1 2", 2, "unexpected characters after the JSON value"),
            ("{} x", 3, "unexpected characters"),
            ("// c\n{}", 0, "expected a JSON value"),
            ("{\"a\": 1 /* c */}", 8, "expected `,` or `}`"),
            ("[NaN]", 1, "expected a JSON value"),
            ("'a'", 0, "expected a JSON value"),
        ];
        for &(text, offset, message) in cases {
            let e = error(text);
            assert_eq!(e.offset, offset, "{text:?}: {e:?}");
            assert!(e.message.contains(message), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        for open in ["[", "{\"a\":"] {
            let text = open.repeat(100_000);
            let e = error(&text);
            assert_eq!(e.offset, MAX_DEPTH * open.len(), "{open}");
            assert!(e.message.contains("nesting"), "{e:?}");
        }
        let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let tree = parse(&text).unwrap();
        assert_eq!(tree.nodes.len(), MAX_DEPTH);
        assert_eq!(tree.span(tree.root), span(0, 2 * MAX_DEPTH));
        assert_eq!(tree.span(1), span(1, 2 * MAX_DEPTH - 1));
        let e = error(&"{".repeat(100_000));
        assert_eq!(e.offset, 1);
    }
}
