//! Hand-written `impl IntoResponses for T` / `impl ToResponse for T` that build their responses
//! with utoipa's builders (kanidm's `DefaultApiResponse`):
//!
//! ```ignore
//! ResponsesBuilder::new()
//!     .response("200", ResponseBuilder::new().content(APPLICATION_JSON, Content::default()))
//!     .response("401", ResponseBuilder::new().header("WWW-Authenticate", Header::default()))
//! ```
//!
//! Each `.response(STATUS, CHAIN)` with a literal status (or a `StatusCode` constant) is one
//! response; `.content(...)` on the chain is content, `.header("Name", ...)` a header. A chain
//! that starts elsewhere (a variable, a helper) or names a header by a constant is not known,
//! and the response becomes unreadable (a note, no finding).

use syn::visit::Visit;

use super::{Reader, ResponseDecl, Status, TypeKind};
use crate::rust::status_codes;
use crate::rust::tokens::{join, Offsets};
use crate::tree::Span;

impl Reader<'_> {
    /// An `impl IntoResponses for T` or `impl ToResponse for T`: its responses, as if derived.
    pub(super) fn hand_written(&mut self, item: &syn::ItemImpl) {
        let Some((trait_path, _)) = &item.trait_ else {
            return;
        };
        let Some(trait_name) = trait_path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        let syn::Type::Path(self_ty) = &*item.self_ty else {
            return;
        };
        let Some(ident) = self_ty.path.segments.last().map(|s| s.ident.clone()) else {
            return;
        };
        let want = match trait_name.as_str() {
            "IntoResponses" => "responses",
            "ToResponse" => "response",
            _ => return,
        };
        let Some(body) = item.items.iter().find_map(|i| match i {
            syn::ImplItem::Fn(f) if f.sig.ident == want => Some(&f.block),
            _ => None,
        }) else {
            return;
        };
        let ignored = self.ignored_above(self.off.span(item.impl_token.span).start as usize);
        if want == "responses" {
            let mut calls = ResponseCalls::default();
            calls.visit_block(body);
            let mut decls: Vec<ResponseDecl> = calls
                .found
                .iter()
                .map(|(status, chain)| {
                    let mut decl = self.builder_response(chain);
                    decl.status_span = expr_span(self.off, status);
                    let written = self.written(decl.status_span);
                    if !matches!(decl.status, Status::Unreadable(_)) {
                        decl.status = expr_status(status, written);
                    }
                    decl.ignored = ignored.clone();
                    decl
                })
                .collect();
            decls.sort_by_key(|d| d.status_span.start);
            if decls.is_empty() {
                let span = self.off.span(ident.span());
                let mut decl = ResponseDecl::new(
                    Status::Unreadable(format!(
                        "`impl IntoResponses for {ident}` builds its responses without literal `.response(...)` calls"
                    )),
                    span,
                );
                decl.ignored = ignored.clone();
                decls.push(decl);
            }
            self.push_type(&ident, TypeKind::IntoResponses(decls));
        } else {
            let mut chains = Chains::default();
            chains.visit_block(body);
            let Some(chain) = chains.outermost.first() else {
                return;
            };
            let mut decl = self.builder_response(chain);
            decl.ignored = ignored;
            self.push_type(&ident, TypeKind::ToResponse(decl));
        }
    }

    /// One `ResponseBuilder::new()...` chain: its headers and content. A chain that is not one
    /// is a response whose status cannot be judged (`Status::Unknown`).
    fn builder_response(&mut self, chain: &syn::Expr) -> ResponseDecl {
        let whole = expr_span(self.off, chain);
        let mut decl = ResponseDecl::new(Status::Missing, whole);
        let mut unknown = None;
        let mut at = chain;
        loop {
            match at {
                syn::Expr::MethodCall(call) => {
                    let method = call.method.to_string();
                    let span = self.off.span(call.method.span());
                    match method.as_str() {
                        "content" => {
                            decl.content = Some(span);
                            if let Some(media) = call.args.first().and_then(lit_str) {
                                decl.media_types.push(media);
                            }
                        }
                        "header" => match call.args.first().and_then(lit_str) {
                            Some(name) => decl.headers.push(name),
                            None => unknown = Some("a header named by a non-literal"),
                        },
                        _ => {}
                    }
                    at = &call.receiver;
                }
                syn::Expr::Call(call) => {
                    let starts = matches!(&*call.func, syn::Expr::Path(p)
                        if p.path.segments.last().is_some_and(|s| s.ident == "new" || s.ident == "builder"));
                    if !starts {
                        unknown = Some("a response built outside a `ResponseBuilder` chain");
                    }
                    break;
                }
                _ => {
                    unknown = Some("a response built outside a `ResponseBuilder` chain");
                    break;
                }
            }
        }
        if let Some(reason) = unknown {
            decl.status =
                Status::Unreadable(format!("{reason}: its headers and content are not known"));
        }
        decl
    }
}

/// From the first to the last identifier or literal of `expr` (syn 3 does not visit
/// punctuation spans, and its `ToTokens` is behind a feature we do not build).
fn expr_span(off: Offsets, expr: &syn::Expr) -> Span {
    let mut spans = Spans::default();
    spans.visit_expr(expr);
    match (spans.first, spans.last) {
        (Some(a), Some(b)) => join(off.span(a), off.span(b)),
        _ => Span::default(),
    }
}

#[derive(Default)]
struct Spans {
    first: Option<proc_macro2::Span>,
    last: Option<proc_macro2::Span>,
}

impl Spans {
    fn see(&mut self, span: proc_macro2::Span) {
        let range = span.byte_range();
        if self
            .first
            .is_none_or(|f| range.start < f.byte_range().start)
        {
            self.first = Some(span);
        }
        if self.last.is_none_or(|l| range.end > l.byte_range().end) {
            self.last = Some(span);
        }
    }
}

impl<'ast> Visit<'ast> for Spans {
    fn visit_ident(&mut self, i: &'ast proc_macro2::Ident) {
        self.see(i.span());
    }

    fn visit_lit(&mut self, l: &'ast syn::Lit) {
        self.see(l.span());
    }
}

/// A `.response(...)` status: `"200"`, `200`, `"4XX"`, or a `StatusCode` constant.
fn expr_status(expr: &syn::Expr, written: String) -> Status {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit, .. }) => match lit {
            syn::Lit::Str(s) => return Status::Key(s.value()),
            syn::Lit::Int(i) => return Status::Key(i.base10_digits().to_string()),
            _ => {}
        },
        syn::Expr::Path(p) => {
            let code = p
                .path
                .segments
                .last()
                .and_then(|s| status_codes::constant(&s.ident.to_string()));
            if let Some(code) = code {
                return Status::Key(code.to_string());
            }
        }
        _ => {}
    }
    Status::Unknown(written)
}

fn lit_str(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// Every `.response(STATUS, CHAIN)` call of a body.
#[derive(Default)]
struct ResponseCalls<'ast> {
    found: Vec<(&'ast syn::Expr, &'ast syn::Expr)>,
}

impl<'ast> Visit<'ast> for ResponseCalls<'ast> {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "response" && call.args.len() == 2 {
            self.found.push((&call.args[0], &call.args[1]));
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// The outermost method-call chains of a body that start at `ResponseBuilder::new()`.
#[derive(Default)]
struct Chains<'ast> {
    outermost: Vec<&'ast syn::Expr>,
}

impl<'ast> Visit<'ast> for Chains<'ast> {
    fn visit_expr(&mut self, expr: &'ast syn::Expr) {
        if let syn::Expr::MethodCall(_) = expr {
            let mut at = expr;
            while let syn::Expr::MethodCall(call) = at {
                at = &call.receiver;
            }
            if let syn::Expr::Call(call) = at {
                if let syn::Expr::Path(p) = &*call.func {
                    if p.path.segments.iter().any(|s| s.ident == "ResponseBuilder") {
                        self.outermost.push(strip_build(expr));
                        return;
                    }
                }
            }
        }
        syn::visit::visit_expr(self, expr);
    }
}

/// `...build().into()` → the chain before `.build()`.
fn strip_build(mut expr: &syn::Expr) -> &syn::Expr {
    while let syn::Expr::MethodCall(call) = expr {
        if matches!(call.method.to_string().as_str(), "build" | "into") {
            expr = &call.receiver;
        } else {
            break;
        }
    }
    expr
}
