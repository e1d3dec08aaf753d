//! utoipa's `responses(...)` and `params(...)` grammar, read from the attribute's tokens.

use proc_macro2::{TokenStream, TokenTree};

use super::{status_codes, PathDecl, Reader, ResponseDecl, ResponseItem, Status, TypeRef};
use crate::rust::tokens::{self, split, Item, Offsets};
use crate::tree::Span;

impl Reader<'_> {
    pub(super) fn responses(&mut self, stream: TokenStream) -> Vec<ResponseItem> {
        let mut out = Vec::new();
        for item in split(stream, self.off) {
            let ignored = self.ignored_above(item.span.start as usize);
            if let Some(group) = item.tuple() {
                let mut decl = self.response(group.stream(), item.span);
                decl.ignored = ignored;
                out.push(ResponseItem::Entry(decl));
            } else if let Some(path) = tokens::type_path(&item.tokens) {
                out.push(ResponseItem::Type {
                    ty: TypeRef {
                        path,
                        span: item.span,
                    },
                    ignored,
                    at_definition: false,
                });
            } else {
                let message = format!(
                    "`{}` in `responses(...)` is not a response utoipa's grammar knows",
                    self.written(item.span)
                );
                self.note(item.span, message);
            }
        }
        out
    }

    /// The arguments of a `(status = ..., ...)` entry or of a `#[response(...)]` attribute.
    pub(super) fn response(&mut self, stream: TokenStream, whole: Span) -> ResponseDecl {
        let mut decl = ResponseDecl::new(Status::Missing, whole);
        for item in split(stream, self.off) {
            if let Some((name, value)) = item.assign() {
                match name.as_str() {
                    "status" => {
                        decl.status = self.status(value);
                        decl.status_span = item.span;
                    }
                    "body" => decl.content = Some(item.span),
                    "content_type" => {
                        decl.content_type = Some(item.span);
                        decl.media_types.extend(tokens::str_list(value));
                    }
                    "response" => {
                        decl.response = tokens::type_path(value).map(|path| TypeRef {
                            path,
                            span: item.span,
                        });
                        if decl.response.is_none() {
                            let span = self.off.tokens(value);
                            let message = format!(
                                "`response = {}` is not a type path: its headers and content are not known",
                                self.written(span)
                            );
                            self.note(span, message);
                        }
                    }
                    _ => {}
                }
            } else if let Some((name, _, group)) = item.call(self.off) {
                match name.as_str() {
                    "headers" => decl.headers.extend(headers(group.stream(), self.off)),
                    "content" => {
                        let entries = split(group.stream(), self.off);
                        if !entries.is_empty() {
                            decl.content = Some(item.span);
                        }
                        for entry in entries {
                            let inner = match entry.tuple() {
                                Some(g) => g.stream().into_iter().collect::<Vec<_>>(),
                                None => entry.tokens.clone(),
                            };
                            let first = split(inner.into_iter().collect(), self.off);
                            if let Some(media) = first.first().and_then(content_media) {
                                decl.media_types.push(media);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        decl
    }

    /// The status key; what is neither a literal nor a known constant is reported (as a note)
    /// by the operation that uses it.
    pub(super) fn status(&self, value: &[TokenTree]) -> Status {
        if let Some(digits) = tokens::lit_int(value) {
            return Status::Key(digits);
        }
        if let Some(s) = tokens::lit_str(value) {
            return Status::Key(s);
        }
        if let Some(path) = tokens::type_path(value) {
            if let Some(code) = path.last().and_then(|last| status_codes::constant(last)) {
                return Status::Key(code.to_string());
            }
        }
        Status::Unknown(self.written(self.off.tokens(value)))
    }

    pub(super) fn params(&mut self, stream: TokenStream, decl: &mut PathDecl) {
        for item in split(stream, self.off) {
            if let Some(group) = item.tuple() {
                let parts = split(group.stream(), self.off);
                let mut name = parts.first().and_then(|p| tokens::leading_str(&p.tokens));
                let mut location = None;
                for part in &parts {
                    if let Some(flag) = part.flag() {
                        if ["Path", "Query", "Header", "Cookie"].contains(&flag.as_str()) {
                            location = Some(flag);
                        }
                    } else if let Some((key, value)) = part.assign() {
                        match key.as_str() {
                            "parameter_in" => {
                                location = tokens::type_path(value).and_then(|p| p.last().cloned())
                            }
                            "name" => name = tokens::lit_str(value).or(name),
                            _ => {}
                        }
                    }
                }
                match location.as_deref() {
                    Some("Path") => decl.path_params = true,
                    Some("Header") => decl.header_params.extend(name),
                    _ => {}
                }
            } else if let Some(path) = tokens::type_path(&item.tokens) {
                decl.param_types.push(TypeRef {
                    path,
                    span: item.span,
                });
            }
        }
    }
}

/// The names in `headers(("Location" = String, description = "..."), ("X-Id"))`.
fn headers(stream: TokenStream, off: Offsets) -> Vec<String> {
    split(stream, off)
        .iter()
        .filter_map(|item| match item.tuple() {
            Some(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                tokens::leading_str(&inner)
            }
            None => tokens::leading_str(&item.tokens),
        })
        .collect()
}

/// The media type of a `content(...)` entry: `Pet = "application/json"` (utoipa 5) or
/// `"application/json" = Pet` (utoipa 4).
fn content_media(item: &Item) -> Option<String> {
    let eq = item
        .tokens
        .iter()
        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '=' && p.spacing() == proc_macro2::Spacing::Alone));
    match eq {
        Some(i) => {
            tokens::lit_str(&item.tokens[i + 1..]).or_else(|| tokens::lit_str(&item.tokens[..i]))
        }
        None => tokens::lit_str(&item.tokens),
    }
}
