//! Reading attribute arguments as tokens: comma-separated items, `key = value`, `key(...)`,
//! `(...)`, literals and type paths, each with its byte span in the file.
//!
//! utoipa's grammar is read from the raw tokens rather than with `parse_nested_meta`, which
//! cannot read `responses((...))`: splitting a `Meta::List` at top-level commas works for every
//! form utoipa accepts.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

use crate::tree::Span;

/// Converts the spans of one parse into byte spans of the file: `base` counts the bytes
/// stripped before parsing (a byte-order mark, a `#!` line).
#[derive(Debug, Clone, Copy)]
pub struct Offsets {
    pub base: usize,
}

impl Offsets {
    pub fn span(&self, span: proc_macro2::Span) -> Span {
        let range = span.byte_range();
        Span::new(range.start + self.base, range.end + self.base)
    }

    /// From the first token's start to the last token's end (an empty span for no tokens).
    pub fn tokens(&self, tokens: &[TokenTree]) -> Span {
        match (tokens.first(), tokens.last()) {
            (Some(first), Some(last)) => join(self.span(first.span()), self.span(last.span())),
            _ => Span::default(),
        }
    }
}

/// The span from `a`'s start to `b`'s end.
pub fn join(a: Span, b: Span) -> Span {
    Span {
        start: a.start.min(b.start),
        end: a.end.max(b.end),
    }
}

/// One comma-separated item of an argument list.
#[derive(Debug, Clone)]
pub struct Item {
    pub tokens: Vec<TokenTree>,
    pub span: Span,
}

/// Splits `stream` at its top-level commas; commas inside `<...>` (a generic type such as
/// `HashMap<String, Pet>`) do not split. Empty items (a trailing comma) are dropped.
pub fn split(stream: TokenStream, off: Offsets) -> Vec<Item> {
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut angle = 0usize;
    let mut previous_joint: Option<char> = None;
    for token in stream {
        if let TokenTree::Punct(p) = &token {
            let c = p.as_char();
            let after = previous_joint.take();
            match c {
                ',' if angle == 0 => {
                    if !current.is_empty() {
                        let tokens = std::mem::take(&mut current);
                        let span = off.tokens(&tokens);
                        items.push(Item { tokens, span });
                    }
                    continue;
                }
                '<' => angle += 1,
                // `->` and `=>` are not closing angle brackets.
                '>' if !matches!(after, Some('-' | '=')) => angle = angle.saturating_sub(1),
                _ => {}
            }
            if p.spacing() == Spacing::Joint {
                previous_joint = Some(c);
            }
        } else {
            previous_joint = None;
        }
        current.push(token);
    }
    if !current.is_empty() {
        let span = off.tokens(&current);
        items.push(Item {
            tokens: current,
            span,
        });
    }
    items
}

impl Item {
    /// `get`: a lone identifier.
    pub fn flag(&self) -> Option<String> {
        match self.tokens.as_slice() {
            [TokenTree::Ident(ident)] => Some(ident_name(ident)),
            _ => None,
        }
    }

    /// `path = "/pets"`: the name and the value's tokens.
    pub fn assign(&self) -> Option<(String, &[TokenTree])> {
        match self.tokens.as_slice() {
            [TokenTree::Ident(name), TokenTree::Punct(eq), value @ ..]
                if eq.as_char() == '=' && eq.spacing() == Spacing::Alone && !value.is_empty() =>
            {
                Some((ident_name(name), value))
            }
            _ => None,
        }
    }

    /// `responses(...)`: the name, the name's span and the parenthesized group.
    pub fn call(&self, off: Offsets) -> Option<(String, Span, &Group)> {
        match self.tokens.as_slice() {
            [TokenTree::Ident(name), TokenTree::Group(group)]
                if group.delimiter() == Delimiter::Parenthesis =>
            {
                Some((ident_name(name), off.span(name.span()), group))
            }
            _ => None,
        }
    }

    /// `(status = 200, ...)`: a lone parenthesized group.
    pub fn tuple(&self) -> Option<&Group> {
        match self.tokens.as_slice() {
            [TokenTree::Group(group)] if group.delimiter() == Delimiter::Parenthesis => Some(group),
            _ => None,
        }
    }
}

/// An identifier without its raw prefix (`r#type` → `type`).
pub fn ident_name(ident: &proc_macro2::Ident) -> String {
    let s = ident.to_string();
    match s.strip_prefix("r#") {
        Some(rest) => rest.to_string(),
        None => s,
    }
}

/// The value of a lone string literal.
pub fn lit_str(tokens: &[TokenTree]) -> Option<String> {
    match tokens {
        [TokenTree::Literal(lit)] => match syn::Lit::new(lit.clone()) {
            syn::Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::None => {
            lit_str(&g.stream().into_iter().collect::<Vec<_>>())
        }
        _ => None,
    }
}

/// The digits of a lone integer literal (`201`, `201u16` → `201`).
pub fn lit_int(tokens: &[TokenTree]) -> Option<String> {
    match tokens {
        [TokenTree::Literal(lit)] => match syn::Lit::new(lit.clone()) {
            syn::Lit::Int(i) => Some(i.base10_digits().to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The string literal that opens `tokens` (`"Location" = String, ...` → `Location`).
pub fn leading_str(tokens: &[TokenTree]) -> Option<String> {
    tokens
        .first()
        .and_then(|t| lit_str(std::slice::from_ref(t)))
}

/// `"a"` or `["a", "b"]`: the strings.
pub fn str_list(tokens: &[TokenTree]) -> Vec<String> {
    if let Some(s) = lit_str(tokens) {
        return vec![s];
    }
    match tokens {
        [TokenTree::Group(g)] if g.delimiter() == Delimiter::Bracket => g
            .stream()
            .into_iter()
            .filter_map(|t| lit_str(std::slice::from_ref(&t)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a string literal occurs anywhere in `stream`, nested groups included.
pub fn has_str(stream: TokenStream) -> bool {
    stream.into_iter().any(|t| match t {
        TokenTree::Literal(lit) => matches!(syn::Lit::new(lit), syn::Lit::Str(_)),
        TokenTree::Group(g) => has_str(g.stream()),
        _ => false,
    })
}

/// Whether identifier `name` occurs anywhere in `stream`, nested groups included.
pub fn has_ident(stream: TokenStream, name: &str) -> bool {
    stream.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == name,
        TokenTree::Group(g) => has_ident(g.stream(), name),
        _ => false,
    })
}

/// A type path as written (`crate::api::Errors`, `inline(Errors)`, `Vec<Pet>`): its segments
/// before any generic arguments, `inline(...)` unwrapped. `None` for anything else.
pub fn type_path(tokens: &[TokenTree]) -> Option<Vec<String>> {
    if let [TokenTree::Ident(name), TokenTree::Group(group)] = tokens {
        if name == "inline" && group.delimiter() == Delimiter::Parenthesis {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            return type_path(&inner);
        }
    }
    let mut segments = Vec::new();
    let mut expect_ident = true;
    let mut iter = tokens.iter().peekable();
    while let Some(token) = iter.next() {
        match token {
            TokenTree::Ident(ident) if expect_ident => {
                segments.push(ident_name(ident));
                expect_ident = false;
            }
            TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == Spacing::Joint => {
                match iter.next() {
                    Some(TokenTree::Punct(q)) if q.as_char() == ':' => expect_ident = true,
                    _ => return None,
                }
            }
            TokenTree::Punct(p) if p.as_char() == '<' && !expect_ident => break,
            _ => return None,
        }
    }
    (!segments.is_empty() && !expect_ident).then_some(segments)
}
