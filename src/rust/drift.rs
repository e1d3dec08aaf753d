//! The statuses a handler visibly produces, for `undeclared-status-returned`: read from its
//! body while the file is parsed, so that only byte spans leave this module.
//!
//! "Visibly" means a status written as a value: `StatusCode::CREATED` (any path ending in
//! `StatusCode::NAME`), `StatusCode::from_u16(404)`, actix-web's `HttpResponse::Created()`,
//! and rocket's `Status::NotFound` in a file that uses rocket. Not counted: comparisons
//! (`status == StatusCode::OK`), patterns, macro arguments (logging), and closures, except those
//! given to the combinators that turn a value or an error into the response (`map_err`,
//! `ok_or_else`, ...). Calls to functions of the same file are followed one level down.

use std::collections::HashMap;

use syn::visit::Visit;

use super::status_codes;
use super::tokens::{join, Offsets};
use crate::tree::Span;

/// What one function body produces: its statuses, the functions it calls by bare name, and
/// the methods it calls on `self` (`self.status()`, `Self::status(..)`: an error type's
/// `impl` often delegates to an inherent method).
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub statuses: Vec<(u16, Span)>,
    pub calls: Vec<(String, Span)>,
    pub self_calls: Vec<String>,
    /// The body applies `?` (outside closures handed elsewhere).
    pub tries: bool,
}

/// A status a handler produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Produced {
    pub code: u16,
    /// In the handler: the status expression, or the call of the helper that produces it.
    pub span: Span,
    /// The helper's name and the status expression in it, when it came through one.
    pub helper: Option<(String, Span)>,
}

/// Reads `block`; `rocket` says whether rocket's `Status::Name` constants are statuses here.
pub fn body(block: &syn::Block, off: Offsets, rocket: bool) -> Body {
    let mut collect = Collect {
        off,
        rocket,
        closures_count: false,
        body: Body::default(),
    };
    collect.visit_block(block);
    collect.body
}

/// The handler's statuses, with those of the same-file functions it calls (one level).
pub fn produced(handler: &Body, functions: &HashMap<String, Body>) -> Vec<Produced> {
    let mut out: Vec<Produced> = handler
        .statuses
        .iter()
        .map(|&(code, span)| Produced {
            code,
            span,
            helper: None,
        })
        .collect();
    for (name, call) in &handler.calls {
        let Some(helper) = functions.get(name) else {
            continue;
        };
        for &(code, at) in &helper.statuses {
            if !out.iter().any(|p| p.code == code && p.span == *call) {
                out.push(Produced {
                    code,
                    span: *call,
                    helper: Some((name.clone(), at)),
                });
            }
        }
    }
    out
}

/// The combinators whose closure argument becomes (part of) the response.
const MAPPERS: &[&str] = &[
    "map",
    "map_err",
    "ok_or_else",
    "or_else",
    "unwrap_or_else",
    "map_or",
    "map_or_else",
    "and_then",
];

struct Collect {
    off: Offsets,
    rocket: bool,
    /// The next closure visited is an argument of one of [`MAPPERS`].
    closures_count: bool,
    body: Body,
}

impl Collect {
    fn status_path(&self, path: &syn::Path) -> Option<u16> {
        let n = path.segments.len();
        if n < 2 {
            return None;
        }
        let owner = path.segments[n - 2].ident.to_string();
        let name = path.segments[n - 1].ident.to_string();
        match owner.as_str() {
            "StatusCode" => status_codes::constant(&name),
            "Status" if self.rocket => status_codes::constant(&screaming(&name)),
            _ => None,
        }
    }
}

/// `NotFound` → `NOT_FOUND`.
fn screaming(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn path_span(off: Offsets, path: &syn::Path) -> Option<Span> {
    let first = path.segments.first()?;
    let last = path.segments.last()?;
    Some(join(
        off.span(first.ident.span()),
        off.span(last.ident.span()),
    ))
}

impl<'ast> Visit<'ast> for Collect {
    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        if let Some(code) = self.status_path(&e.path) {
            if let Some(span) = path_span(self.off, &e.path) {
                self.body.statuses.push((code, span));
            }
        }
    }

    fn visit_expr_call(&mut self, e: &'ast syn::ExprCall) {
        if let syn::Expr::Path(func) = &*e.func {
            let path = &func.path;
            let n = path.segments.len();
            if n >= 2 {
                let owner = path.segments[n - 2].ident.to_string();
                let name = path.segments[n - 1].ident.to_string();
                let code = match (owner.as_str(), name.as_str()) {
                    ("StatusCode", "from_u16") => match e.args.first() {
                        Some(syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Int(i),
                            ..
                        })) => i.base10_parse::<u16>().ok(),
                        _ => None,
                    },
                    ("HttpResponse", _) => status_codes::constant(&screaming(&name)),
                    _ => None,
                };
                if let Some(code) = code {
                    if let Some(span) = path_span(self.off, path) {
                        self.body.statuses.push((code, span));
                    }
                } else if n == 2 && owner == "Self" {
                    self.body.self_calls.push(name);
                }
            } else if let Some(ident) = path.get_ident() {
                let span = self.off.span(ident.span());
                self.body.calls.push((ident.to_string(), span));
            }
        }
        syn::visit::visit_expr_call(self, e);
    }

    fn visit_expr_binary(&mut self, e: &'ast syn::ExprBinary) {
        use syn::BinOp::*;
        if matches!(e.op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_)) {
            return;
        }
        syn::visit::visit_expr_binary(self, e);
    }

    fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
        if matches!(&*e.receiver, syn::Expr::Path(p) if p.path.is_ident("self")) {
            self.body.self_calls.push(e.method.to_string());
        }
        self.visit_expr(&e.receiver);
        let mapper = MAPPERS.contains(&e.method.to_string().as_str());
        // `ok_or(StatusCode::NOT_FOUND)`, `.with_status(...)`: plain arguments count.
        for arg in &e.args {
            self.closures_count = mapper;
            self.visit_expr(arg);
        }
        self.closures_count = false;
    }

    fn visit_expr_closure(&mut self, e: &'ast syn::ExprClosure) {
        if std::mem::take(&mut self.closures_count) {
            self.visit_expr(&e.body);
        }
    }

    fn visit_expr_try(&mut self, e: &'ast syn::ExprTry) {
        self.body.tries = true;
        syn::visit::visit_expr_try(self, e);
    }

    fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}

    fn visit_pat(&mut self, _: &'ast syn::Pat) {}

    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_macro(&mut self, _: &'ast syn::Macro) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(src: &str) -> Vec<u16> {
        let f: syn::ItemFn = syn::parse_str(src).unwrap();
        let b = body(&f.block, Offsets { base: 0 }, false);
        proc_macro2::extra::invalidate_current_thread_spans();
        b.statuses.into_iter().map(|(c, _)| c).collect()
    }

    #[test]
    fn values_count_comparisons_and_foreign_closures_do_not() {
        assert_eq!(
            codes("fn f() { if s == StatusCode::OK { return (StatusCode::CREATED, Json(x)); } }"),
            vec![201]
        );
        assert_eq!(
            codes("fn f() { let x = repo.get().map_err(|_| StatusCode::NOT_FOUND)?; spawn(|| StatusCode::GONE); HttpResponse::NoContent().finish() }"),
            vec![404, 204]
        );
        assert_eq!(
            codes("fn f() { match s { StatusCode::OK => {} _ => {} } StatusCode::from_u16(418).unwrap() }"),
            vec![418]
        );
    }

    #[test]
    fn camel_case_names_become_constants() {
        assert_eq!(screaming("NotFound"), "NOT_FOUND");
        assert_eq!(screaming("Ok"), "OK");
    }
}
