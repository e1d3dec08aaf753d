//! Attributes that forward to `utoipa::path` under another name, such as meilisearch's
//! `#[routes::path(...)]`, whose method and path come from a `#[routes::routes(routes("/{key}"
//! => [get(get_api_key), patch(patch_api_key)]))]` on the module's API type.
//!
//! A wrapper is read when the configuration names it (`rust: path-attributes: [routes::path]`)
//! or when it obviously speaks utoipa's grammar: a `...::path(...)` attribute with a
//! `responses(...)` argument.

use std::collections::HashMap;
use std::sync::RwLock;

use proc_macro2::TokenStream;
use syn::visit::Visit;
use syn::Meta;

use super::{path_string, Reader, METHODS};
use crate::rust::tokens::{self, split, Offsets};
use crate::tree::Span;

static CONFIGURED: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Adds attribute paths (`routes::path`) to read as `utoipa::path` (from a configuration's
/// `rust: path-attributes`); one list for the process.
pub fn add_path_attributes(paths: Vec<String>) {
    let mut configured = CONFIGURED.write().unwrap_or_else(|e| e.into_inner());
    for path in paths {
        if !configured.contains(&path) {
            configured.push(path);
        }
    }
}

/// Whether a file may hold a configured wrapper (the cheap test before parsing).
pub fn mentions_configured(text: &str) -> bool {
    let configured = CONFIGURED.read().unwrap_or_else(|e| e.into_inner());
    configured.iter().any(|p| {
        let last = p.rsplit("::").next().unwrap_or(p);
        text.contains(&format!("{last}("))
    })
}

/// Whether an attribute `path` with arguments `args` is a wrapper of `utoipa::path`.
pub fn is_wrapper(path: &str, args: &TokenStream) -> bool {
    let configured = CONFIGURED.read().unwrap_or_else(|e| e.into_inner());
    configured.iter().any(|p| p == path)
        || (path.ends_with("::path")
            && path != "std::path"
            && tokens::has_ident(args.clone(), "responses"))
}

/// One route of a `routes(...)` table: the method (and its span), and the path as written.
#[derive(Debug, Clone)]
pub struct Route {
    pub method: String,
    pub span: Span,
    pub path: String,
    /// The API type the table is on (`ApiKeyApi`): its own prefix is not known here.
    pub owner: String,
}

/// The `routes(...)` tables of a file, by handler name.
pub struct Routes<'r> {
    pub off: Offsets,
    pub by_fn: &'r mut HashMap<String, Vec<Route>>,
}

impl<'ast> Visit<'ast> for Routes<'_> {
    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        for attr in &item.attrs {
            let Meta::List(list) = &attr.meta else {
                continue;
            };
            let path = path_string(&list.path);
            if path != "routes" && !path.ends_with("::routes") {
                continue;
            }
            for arg in split(list.tokens.clone(), self.off) {
                if let Some((name, _, group)) = arg.call(self.off) {
                    if name == "routes" {
                        self.table(group.stream(), &item.ident.to_string());
                    }
                }
            }
        }
    }
}

impl Routes<'_> {
    /// `"/{key}" => [get(get_api_key), patch(patch_api_key)], "" => post(create)`.
    fn table(&mut self, stream: TokenStream, owner: &str) {
        for entry in split(stream, self.off) {
            let Some(path) = entry
                .tokens
                .first()
                .and_then(|t| tokens::lit_str(std::slice::from_ref(t)))
            else {
                continue;
            };
            let handlers: Vec<_> = entry.tokens.iter().skip(1).cloned().collect();
            self.handlers(&handlers, &path, owner);
        }
    }

    fn handlers(&mut self, tokens: &[proc_macro2::TokenTree], path: &str, owner: &str) {
        use proc_macro2::{Delimiter, TokenTree};
        let mut i = 0;
        while i < tokens.len() {
            match (&tokens[i], tokens.get(i + 1)) {
                (TokenTree::Group(g), _) if g.delimiter() == Delimiter::Bracket => {
                    let inner: Vec<_> = g.stream().into_iter().collect();
                    self.handlers(&inner, path, owner);
                }
                (TokenTree::Ident(method), Some(TokenTree::Group(args)))
                    if args.delimiter() == Delimiter::Parenthesis =>
                {
                    let method_name = method.to_string();
                    if METHODS.contains(&method_name.as_str()) {
                        let args: Vec<_> = args.stream().into_iter().collect();
                        if let Some(handler) = tokens::type_path(&args) {
                            if let Some(name) = handler.last() {
                                self.by_fn.entry(name.clone()).or_default().push(Route {
                                    method: method_name,
                                    span: self.off.span(method.span()),
                                    path: path.to_string(),
                                    owner: owner.to_string(),
                                });
                            }
                        }
                    }
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
    }
}

impl Reader<'_> {
    /// Fills the method and path of a wrapper's operation from the file's `routes(...)` tables.
    pub(super) fn wrapper_routes(&self, decl: &mut super::PathDecl) {
        let Some(routes) = self.routes.get(&decl.fn_name) else {
            return;
        };
        for route in routes {
            if !decl.methods.iter().any(|(m, _)| *m == route.method) {
                decl.methods.push((route.method.clone(), route.span));
            }
        }
        if decl.path.is_none() {
            if let Some(route) = routes.first() {
                // The table's own prefix comes from a `sub(...)` elsewhere: shown by its type.
                decl.path = Some(format!("({}){}", route.owner, route.path));
            }
        }
    }
}
