//! utoipa's declarations in one Rust file, read with `syn` into plain data with byte spans:
//! `#[utoipa::path(...)]` functions, `#[derive(IntoResponses)]`, `#[derive(ToResponse)]` and
//! `#[derive(IntoParams)]` types, and `#[derive(OpenApi)] #[openapi(...)]` roots.
//!
//! Nothing here holds a `proc_macro2::Span` once [`extract`] returns: spans are thread-local,
//! and the results are shared between threads through the crate index.

use std::collections::HashMap;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;
use syn::{Attribute, Fields, Meta};

mod builders;
mod derives;
mod grammar;
mod templates;
mod wrappers;

pub use wrappers::{add_path_attributes, mentions_configured, Route};

use super::drift::{self, Body, Produced};
use super::error_types::{self, ErrorImpl, Returned};
use super::mounts;
use super::status_codes;
use super::suppress::{self, Lines};
use super::tokens::{self, join, split, Offsets};
use crate::tree::Span;

/// The HTTP methods utoipa accepts (`HttpMethod`), plus `query` for newer versions.
pub const METHODS: &[&str] = &[
    "get", "post", "put", "delete", "options", "head", "patch", "trace", "query",
];

/// A rule id ignored by a `// statuslint-ignore:` comment, with the span of the id.
pub type Ignored = (String, Span);

/// Everything utoipa declares in one file.
#[derive(Debug, Clone, Default)]
pub struct FileDecls {
    pub operations: Vec<PathDecl>,
    pub types: Vec<TypeDecl>,
    pub roots: Vec<RootDecl>,
    /// Wrapper attributes' `routes(...)` tables, by handler name (see [`wrappers`]).
    pub routes: HashMap<String, Vec<Route>>,
    /// The statuses each free function of the file produces, by name, for handlers of other
    /// files that call it (see [`drift`]).
    pub functions: HashMap<String, Vec<(u16, Span)>>,
    /// Conversions of error types into statuses (see [`error_types`]).
    pub error_impls: Vec<ErrorImpl>,
    /// The statuses the inherent methods of the file's types write, by (type, method), for
    /// conversions that delegate to `self.status()`.
    pub methods: HashMap<(String, String), Vec<(u16, Span)>>,
    /// `nest(...)` and `OpenApiRouter` chains: where operations are mounted (see [`mounts`]).
    pub mounts: mounts::Mounts,
    /// `type ApiResult<T> = Result<T, AppError>`: the error type's name, by alias.
    pub result_aliases: HashMap<String, String>,
    /// What cannot be read statically (a declaration inside a macro, a status that is not a
    /// literal or a known constant ...): shown under `--verbose`, never a finding.
    pub notes: Vec<(Span, String)>,
}

/// One `#[utoipa::path(...)]` function.
#[derive(Debug, Clone, Default)]
pub struct PathDecl {
    pub fn_name: String,
    /// The whole attribute.
    pub attr_span: Span,
    /// `get`, `post`, ... as written, each with its span.
    pub methods: Vec<(String, Span)>,
    /// `context_path` and `path` (or the path of a route attribute) joined, when given as
    /// string literals.
    pub path: Option<String>,
    /// `context_path = "..."`.
    pub context_path: Option<String>,
    /// The inline modules (`mod api { ... }`) the function is declared in.
    pub module: Vec<String>,
    pub request_body: bool,
    /// `#[deprecated]` on the function (utoipa reads it for the operation's `deprecated`).
    pub deprecated: bool,
    /// `security(...)`: whether an entry requires something (`security(())` requires nothing).
    pub security: Option<bool>,
    /// The `responses` identifier.
    pub responses_span: Option<Span>,
    pub responses: Vec<ResponseItem>,
    /// A `Path` parameter in `params(...)`.
    pub path_params: bool,
    /// `Header` parameters in `params(...)`, as written.
    pub header_params: Vec<String>,
    /// `params(SomeType)`: `IntoParams` types.
    pub param_types: Vec<TypeRef>,
    pub ignored: Vec<Ignored>,
    /// The `macro_rules!` whose template holds the attribute.
    pub in_macro: Option<String>,
    /// Declared by a wrapper attribute (`#[routes::path]`): its method may be in another
    /// file's `routes(...)` table.
    pub wrapper: bool,
    /// The statuses the function's body visibly produces (see [`drift`]).
    pub produced: Vec<Produced>,
    /// The functions it calls by bare name that this file does not define: helpers elsewhere
    /// in the crate.
    pub calls: Vec<(String, Span)>,
    /// The error type its return type names, for `undeclared-error-status`.
    pub returns: Option<Returned>,
    /// Its body applies `?`: errors may convert into `returns` through `From`.
    pub tries: bool,
}

impl PathDecl {
    /// How messages name the operation's function: "`fn x`", or "`fn x` in `macro_rules! m`".
    pub fn display(&self) -> String {
        match &self.in_macro {
            Some(m) => format!("`fn {}` in `macro_rules! {m}`", self.fn_name),
            None => format!("`fn {}`", self.fn_name),
        }
    }
}

/// A type named in an attribute, as written (`crate::api::Errors` → its segments).
#[derive(Debug, Clone)]
pub struct TypeRef {
    pub path: Vec<String>,
    pub span: Span,
}

impl TypeRef {
    pub fn name(&self) -> &str {
        self.path.last().map(String::as_str).unwrap_or("")
    }

    pub fn written(&self) -> String {
        self.path.join("::")
    }
}

/// An entry of `responses(...)`.
#[derive(Debug, Clone)]
pub enum ResponseItem {
    /// `(status = ..., ...)`.
    Entry(ResponseDecl),
    /// `SomeType`: an `IntoResponses` type. `ignored` are the comments above the entry.
    /// `at_definition`: findings point at the type's statuses rather than at this use
    /// (poem-openapi's return types, where the statuses are the declaration).
    Type {
        ty: TypeRef,
        ignored: Vec<Ignored>,
        at_definition: bool,
    },
}

/// One declared response: a `(status = ...)` tuple, an `IntoResponses` variant or struct, or
/// the `#[response(...)]` of a `ToResponse` type (which has no status).
#[derive(Debug, Clone)]
pub struct ResponseDecl {
    pub status: Status,
    /// The `status = ...` tokens (the whole declaration when there is no status).
    pub status_span: Span,
    pub headers: Vec<String>,
    /// `body = ...` (`body = ()` too: utoipa ≥ 3.0.2 emits a nullable JSON schema for it),
    /// `content(...)`, or the fields of a derived type.
    pub content: Option<Span>,
    /// `content_type = "..."` without a body: content in utoipa 5, nothing in utoipa 4 (whose
    /// `content_type` only names the media type of a `body`).
    pub content_type: Option<Span>,
    pub media_types: Vec<String>,
    /// `response = Type`, or a `#[to_response]` field: a `ToResponse` type.
    pub response: Option<TypeRef>,
    pub ignored: Vec<Ignored>,
}

impl ResponseDecl {
    /// A response with only its status known so far.
    pub fn new(status: Status, status_span: Span) -> ResponseDecl {
        ResponseDecl {
            status,
            status_span,
            headers: Vec::new(),
            content: None,
            content_type: None,
            media_types: Vec::new(),
            response: None,
            ignored: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The status key as OpenAPI will have it: `201`, `2XX`, `default`.
    Key(String),
    /// Written, but not as a literal or a known `StatusCode` constant: the text.
    Unknown(String),
    /// The response itself could not be read (a hand-written builder chain): why.
    Unreadable(String),
    Missing,
}

/// A derived type utoipa reads responses or parameters from.
#[derive(Debug, Clone)]
pub struct TypeDecl {
    pub name: String,
    pub name_span: Span,
    pub module: Vec<String>,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    IntoResponses(Vec<ResponseDecl>),
    ToResponse(ResponseDecl),
    IntoParams {
        /// `#[into_params(parameter_in = Header)]`.
        location: Option<String>,
        names: Vec<String>,
    },
}

/// `#[derive(OpenApi)] #[openapi(...)]`.
#[derive(Debug, Clone)]
pub struct RootDecl {
    /// `security(...)` on the root: whether an entry requires something.
    pub security: Option<bool>,
}

/// A parse error: the message and where.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Span,
}

/// Parses `text` and reads its utoipa declarations.
pub fn extract(text: &str) -> Result<FileDecls, SyntaxError> {
    let lines = Lines::new(text);
    let result = parse_and_read(text, &lines);
    // Every span has been turned into bytes: free this thread's source map.
    proc_macro2::extra::invalidate_current_thread_spans();
    result
}

fn parse_and_read(text: &str, lines: &Lines) -> Result<FileDecls, SyntaxError> {
    // What `syn::parse_file` strips, stripped here so offsets can be shifted back.
    let mut base = 0;
    if text.starts_with('\u{feff}') {
        base = '\u{feff}'.len_utf8();
    }
    let rest = &text[base..];
    if rest.starts_with("#!") && !rest[2..].trim_start().starts_with('[') {
        base += rest.find('\n').unwrap_or(rest.len());
    }
    let off = Offsets { base };
    let file: syn::File = syn::parse_str(&text[base..]).map_err(|e| SyntaxError {
        message: e.to_string(),
        span: off.span(e.span()),
    })?;
    let mut imports = ImportsPath(false);
    imports.visit_file(&file);
    let mut routes = HashMap::new();
    wrappers::Routes {
        off,
        by_fn: &mut routes,
    }
    .visit_file(&file);
    let mut reader = Reader {
        routes,
        text,
        lines,
        off,
        module: Vec::new(),
        imports_path: imports.0,
        rocket: text.contains("rocket"),
        routers: text.contains("routes!")
            || text.contains(".nest(")
            || text.contains(".service(")
            || text.contains(".route(")
            || text.contains(".configure("),
        functions: HashMap::new(),
        handlers: Vec::new(),
        conversions: Vec::new(),
        methods: Vec::new(),
        decls: FileDecls::default(),
    };
    reader.visit_file(&file);
    reader.decls.routes = std::mem::take(&mut reader.routes);
    if super::poem_openapi::mentions(text) {
        super::poem_openapi::read(&file, off, text, &mut reader.decls);
    }
    for (index, body) in &reader.handlers {
        let operation = &mut reader.decls.operations[*index];
        operation.produced = drift::produced(body, &reader.functions);
        operation.tries = body.tries;
        operation.calls = body
            .calls
            .iter()
            .filter(|(name, _)| !reader.functions.contains_key(name))
            .cloned()
            .collect();
    }
    let written = |body: &Body| -> Vec<(u16, Span)> {
        drift::produced(body, &reader.functions)
            .into_iter()
            .map(|p| (p.code, p.helper.map_or(p.span, |(_, at)| at)))
            .collect()
    };
    reader.decls.error_impls = reader
        .conversions
        .iter()
        .map(|c| ErrorImpl {
            type_name: c.type_name.clone(),
            conversion: c.conversion,
            target: c.target.clone(),
            statuses: written(&c.body),
            self_calls: c.body.self_calls.clone(),
        })
        .collect();
    reader.decls.methods = reader
        .methods
        .iter()
        .map(|(ty, method, body)| ((ty.clone(), method.clone()), written(body)))
        .filter(|(_, statuses)| !statuses.is_empty())
        .collect();
    reader.decls.functions = reader
        .functions
        .iter()
        .filter(|(_, body)| !body.statuses.is_empty())
        .map(|(name, body)| (name.clone(), body.statuses.clone()))
        .collect();
    Ok(reader.decls)
}

/// Whether the file imports utoipa's `path` macro (`use utoipa::path;`), which makes a bare
/// `#[path(...)]` utoipa's.
struct ImportsPath(bool);

impl<'ast> Visit<'ast> for ImportsPath {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        fn walk(tree: &syn::UseTree, parent_is_utoipa: bool) -> bool {
            match tree {
                syn::UseTree::Path(p) => walk(&p.tree, p.ident == "utoipa"),
                syn::UseTree::Name(n) => parent_is_utoipa && n.ident == "path",
                syn::UseTree::Rename(r) => parent_is_utoipa && r.ident == "path",
                syn::UseTree::Group(g) => g.items.iter().any(|t| walk(t, parent_is_utoipa)),
                _ => false,
            }
        }
        self.0 |= walk(&item.tree, false);
    }
}

struct Reader<'t> {
    text: &'t str,
    lines: &'t Lines,
    off: Offsets,
    module: Vec<String>,
    imports_path: bool,
    /// Whether rocket's `Status::NotFound` constants are statuses in this file.
    rocket: bool,
    /// Whether the file may mount operations (`routes!`, `.nest(`, actix-web's `.service(`).
    routers: bool,
    /// The `routes(...)` tables of wrapper attributes, by handler name.
    routes: HashMap<String, Vec<wrappers::Route>>,
    /// What each free function of the file produces, by name, for helpers.
    functions: HashMap<String, Body>,
    /// What each operation's function produces, by index in `decls.operations`.
    handlers: Vec<(usize, Body)>,
    /// Error types' conversions, before the file's functions are known.
    conversions: Vec<error_types::Pending>,
    /// Inherent methods' bodies: (type, method, body).
    methods: Vec<(String, String, Body)>,
    decls: FileDecls,
}

/// An attribute, or one of the attributes a `cfg_attr` carries, with the offset of its `#`.
struct Attr {
    meta: Meta,
    start: usize,
    span: Span,
}

/// `utoipa :: path` as tokens → `utoipa::path`.
fn path_string_of(tokens: &[TokenTree]) -> String {
    tokens
        .iter()
        .filter_map(|t| match t {
            TokenTree::Ident(i) => Some(i.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("::")
}

fn path_string(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

impl<'ast> Visit<'ast> for Reader<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        let operations = self.decls.operations.len();
        self.function(&item.attrs, &item.sig.ident);
        let body = drift::body(&item.block, self.off, self.rocket);
        if self.decls.operations.len() > operations {
            self.handlers.push((operations, body.clone()));
            self.decls.operations[operations].returns =
                error_types::returned(&item.sig.output, self.off);
        }
        let name = tokens::ident_name(&item.sig.ident);
        if self.routers {
            if let Some(router) = mounts::router(name.clone(), self.module.clone(), &item.block) {
                self.decls.mounts.routers.push(router);
            }
        }
        self.functions.insert(name, body);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        let operations = self.decls.operations.len();
        self.function(&item.attrs, &item.sig.ident);
        if self.decls.operations.len() > operations {
            let body = drift::body(&item.block, self.off, self.rocket);
            self.handlers.push((operations, body));
            self.decls.operations[operations].returns =
                error_types::returned(&item.sig.output, self.off);
        }
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.function(&item.attrs, &item.sig.ident);
        syn::visit::visit_trait_item_fn(self, item);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        let attrs = self.attrs(&item.attrs);
        for derived in derives(&attrs) {
            match derived.as_str() {
                "IntoResponses" => {
                    let decl = self.derived_response(&attrs, &item.fields, None);
                    self.push_type(&item.ident, TypeKind::IntoResponses(vec![decl]));
                }
                "ToResponse" => {
                    let decl = self.derived_response(&attrs, &item.fields, None);
                    self.push_type(&item.ident, TypeKind::ToResponse(decl));
                }
                "IntoParams" => {
                    let kind = self.params_type(&attrs, &item.fields);
                    self.push_type(&item.ident, kind);
                }
                "OpenApi" => self.openapi_root(&attrs, &item.ident),
                _ => {}
            }
        }
        syn::visit::visit_item_struct(self, item);
    }

    fn visit_item_enum(&mut self, item: &'ast syn::ItemEnum) {
        let attrs = self.attrs(&item.attrs);
        for derived in derives(&attrs) {
            match derived.as_str() {
                "IntoResponses" => {
                    let mut decls = Vec::new();
                    for variant in &item.variants {
                        let variant_attrs = self.attrs(&variant.attrs);
                        if variant_attrs.iter().any(|a| is_named(&a.meta, "response")) {
                            decls.push(self.derived_response(
                                &variant_attrs,
                                &variant.fields,
                                Some(&variant.ident),
                            ));
                        } else {
                            let span = self.off.span(variant.ident.span());
                            self.decls.notes.push((
                                span,
                                format!(
                                    "variant `{}::{}` has no `#[response(...)]`: utoipa rejects it",
                                    item.ident, variant.ident
                                ),
                            ));
                        }
                    }
                    self.push_type(&item.ident, TypeKind::IntoResponses(decls));
                }
                "ToResponse" => {
                    let content = Some(self.off.span(item.brace_token.span.join()));
                    let mut decl = self.derived_response(&attrs, &Fields::Unit, None);
                    decl.content = decl.content.or(content);
                    self.push_type(&item.ident, TypeKind::ToResponse(decl));
                }
                "OpenApi" => self.openapi_root(&attrs, &item.ident),
                _ => {}
            }
        }
        syn::visit::visit_item_enum(self, item);
    }

    fn visit_item_impl(&mut self, item: &'ast syn::ItemImpl) {
        self.hand_written(item);
        if let Some(conversion) = error_types::conversion(item, self.off, self.rocket) {
            self.conversions.push(conversion);
        } else if let (None, syn::Type::Path(ty)) = (&item.trait_, &*item.self_ty) {
            if let Some(name) = ty.path.segments.last() {
                for f in item.items.iter().filter_map(|i| match i {
                    syn::ImplItem::Fn(f) => Some(f),
                    _ => None,
                }) {
                    let body = drift::body(&f.block, self.off, self.rocket);
                    if !body.statuses.is_empty() || !body.calls.is_empty() {
                        let method = tokens::ident_name(&f.sig.ident);
                        self.methods.push((name.ident.to_string(), method, body));
                    }
                }
            }
        }
        syn::visit::visit_item_impl(self, item);
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        if let Some((alias, error)) = error_types::alias(item) {
            self.decls.result_aliases.insert(alias, error);
        }
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.module.push(tokens::ident_name(&item.ident));
        syn::visit::visit_item_mod(self, item);
        self.module.pop();
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        match &item.ident {
            Some(name) if item.mac.path.is_ident("macro_rules") => {
                if declares_in_macro(&item.mac) {
                    let span = join(
                        self.off.span(item.mac.path.segments[0].ident.span()),
                        self.off.span(name.span()),
                    );
                    let read = self.template(item.mac.tokens.clone(), &name.to_string());
                    let message = match read {
                        0 => format!(
                            "utoipa declarations in `macro_rules! {name}` are generated at compile time: not linted"
                        ),
                        n => format!(
                            "`macro_rules! {name}`: the literal parts of its {n} `#[utoipa::path]` template(s) are linted; what its arguments fill in is not"
                        ),
                    };
                    self.note(span, message);
                }
            }
            _ => syn::visit::visit_item_macro(self, item),
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if declares_in_macro(mac) {
            let name = path_string(&mac.path);
            let end = self.off.span(mac.bang_token.spans[0]);
            let span = match mac.path.segments.first() {
                Some(first) => join(self.off.span(first.ident.span()), end),
                None => end,
            };
            self.note(
                span,
                format!(
                    "utoipa declarations passed to `{name}!` are generated at compile time: not linted"
                ),
            );
        }
    }
}

/// Whether a macro's tokens hold utoipa declarations (which only its expansion makes real).
fn declares_in_macro(mac: &syn::Macro) -> bool {
    let stream = &mac.tokens;
    (tokens::has_ident(stream.clone(), "utoipa") && tokens::has_ident(stream.clone(), "path"))
        || tokens::has_ident(stream.clone(), "IntoResponses")
        || tokens::has_ident(stream.clone(), "ToResponse")
}

/// The traits named in `#[derive(...)]` attributes (last path segment).
fn derives(attrs: &[Attr]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs {
        if let Meta::List(list) = &attr.meta {
            if list.path.is_ident("derive") {
                for item in split(list.tokens.clone(), Offsets { base: 0 }) {
                    if let Some(path) = tokens::type_path(&item.tokens) {
                        out.extend(path.last().cloned());
                    }
                }
            }
        }
    }
    out
}

fn is_named(meta: &Meta, name: &str) -> bool {
    matches!(meta, Meta::List(list) if list.path.is_ident(name))
}

fn list_tokens(meta: &Meta) -> Option<TokenStream> {
    match meta {
        Meta::List(list) => Some(list.tokens.clone()),
        _ => None,
    }
}

impl Reader<'_> {
    /// The attributes, with those inside `cfg_attr(predicate, ...)` brought out (a crate that
    /// makes utoipa optional writes `#[cfg_attr(feature = "openapi", utoipa::path(...))]`).
    fn attrs(&self, attrs: &[Attribute]) -> Vec<Attr> {
        let mut out = Vec::new();
        for attr in attrs {
            let start = self.off.span(attr.pound_token.spans[0]);
            let end = self.off.span(attr.bracket_token.span.close());
            let span = join(start, end);
            self.flatten(attr.meta.clone(), start.start as usize, span, &mut out);
        }
        out
    }

    fn flatten(&self, meta: Meta, start: usize, span: Span, out: &mut Vec<Attr>) {
        if let Meta::List(list) = &meta {
            if list.path.is_ident("cfg_attr") {
                for item in split(list.tokens.clone(), self.off).into_iter().skip(1) {
                    let stream: TokenStream = item.tokens.into_iter().collect();
                    if let Ok(inner) = syn::parse2::<Meta>(stream) {
                        self.flatten(inner, start, span, out);
                    }
                }
                return;
            }
        }
        out.push(Attr { meta, start, span });
    }

    fn ignored_above(&self, offset: usize) -> Vec<Ignored> {
        suppress::above(self.text, self.lines, offset)
    }

    fn note(&mut self, span: Span, message: String) {
        self.decls.notes.push((span, message));
    }

    fn written(&self, span: Span) -> String {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn push_type(&mut self, ident: &syn::Ident, kind: TypeKind) {
        self.decls.types.push(TypeDecl {
            name: tokens::ident_name(ident),
            name_span: self.off.span(ident.span()),
            module: self.module.clone(),
            kind,
        });
    }

    fn function(&mut self, attrs: &[Attribute], ident: &syn::Ident) {
        let attrs = self.attrs(attrs);
        let mut found = None;
        for attr in &attrs {
            let Meta::List(list) = &attr.meta else {
                // `#[utoipa::path]` without arguments declares nothing statuslint can read.
                continue;
            };
            let path = path_string(&list.path);
            let is_utoipa = path == "utoipa::path"
                || (path == "path"
                    && (self.imports_path || tokens::has_ident(list.tokens.clone(), "responses")));
            if is_utoipa || wrappers::is_wrapper(&path, &list.tokens) {
                found = Some((attr, !is_utoipa));
                break;
            }
        }
        let Some((attr, wrapper)) = found else {
            return;
        };
        let Some(stream) = list_tokens(&attr.meta) else {
            return;
        };
        let fn_name = tokens::ident_name(ident);
        let mut decl = self.path_decl(stream, attr.span, fn_name);
        decl.ignored = self.ignored_above(attr.start);
        decl.deprecated = attrs.iter().any(|a| a.meta.path().is_ident("deprecated"));
        if decl.methods.is_empty() || decl.path.is_none() {
            // actix-web and rocket: `#[get("/pets/{id}")]` next to `#[utoipa::path]`.
            for other in &attrs {
                if let Some((method, path, span)) = self.route_attr(other) {
                    if decl.methods.is_empty() {
                        decl.methods.push((method, span));
                    }
                    if decl.path.is_none() {
                        decl.path = Some(route_path(&path));
                    }
                    break;
                }
            }
        }
        if wrapper {
            decl.wrapper = true;
            self.wrapper_routes(&mut decl);
        }
        if let (Some(prefix), Some(path)) = (&decl.context_path, &decl.path) {
            decl.path = Some(format!("{}{path}", prefix.trim_end_matches('/')));
        }
        self.decls.operations.push(decl);
    }

    /// `#[get("/pets")]` (actix-web, rocket): the method, the path and the span of the method.
    fn route_attr(&self, attr: &Attr) -> Option<(String, String, Span)> {
        let Meta::List(list) = &attr.meta else {
            return None;
        };
        let last = list.path.segments.last()?;
        let method = last.ident.to_string();
        if !METHODS.contains(&method.as_str()) {
            return None;
        }
        let items = split(list.tokens.clone(), self.off);
        let path = tokens::lit_str(&items.first()?.tokens)?;
        Some((method, path, self.off.span(last.ident.span())))
    }

    fn path_decl(&mut self, stream: TokenStream, attr_span: Span, fn_name: String) -> PathDecl {
        let mut decl = PathDecl {
            fn_name,
            attr_span,
            methods: Vec::new(),
            path: None,
            context_path: None,
            module: self.module.clone(),
            request_body: false,
            deprecated: false,
            security: None,
            responses_span: None,
            responses: Vec::new(),
            path_params: false,
            header_params: Vec::new(),
            param_types: Vec::new(),
            ignored: Vec::new(),
            in_macro: None,
            wrapper: false,
            produced: Vec::new(),
            calls: Vec::new(),
            returns: None,
            tries: false,
        };
        for item in split(stream, self.off) {
            if let Some(flag) = item.flag() {
                if METHODS.contains(&flag.as_str()) {
                    push_method(&mut decl.methods, flag, item.span);
                }
            } else if let Some((name, value)) = item.assign() {
                match name.as_str() {
                    "path" => match tokens::lit_str(value) {
                        Some(path) => decl.path = Some(path),
                        None => {
                            let span = self.off.tokens(value);
                            let message = format!(
                                "`path = {}` is not a string literal: the path is not known",
                                self.written(span)
                            );
                            self.note(span, message);
                        }
                    },
                    "context_path" => decl.context_path = tokens::lit_str(value),
                    "request_body" => decl.request_body = true,
                    _ => {}
                }
            } else if let Some((name, name_span, group)) = item.call(self.off) {
                match name.as_str() {
                    "method" => {
                        for method in split(group.stream(), self.off) {
                            if let Some(flag) = method.flag() {
                                let flag = flag.to_ascii_lowercase();
                                if METHODS.contains(&flag.as_str()) {
                                    push_method(&mut decl.methods, flag, method.span);
                                }
                            }
                        }
                    }
                    "responses" => {
                        decl.responses_span = Some(name_span);
                        decl.responses = self.responses(group.stream());
                    }
                    "params" => self.params(group.stream(), &mut decl),
                    "security" => decl.security = Some(tokens::has_str(group.stream())),
                    "request_body" => decl.request_body = true,
                    _ => {}
                }
            }
        }
        decl
    }
}

/// `method(get, get)` declares one operation: utoipa keys operations by method.
fn push_method(methods: &mut Vec<(String, Span)>, method: String, span: Span) {
    if !methods.iter().any(|(m, _)| *m == method) {
        methods.push((method, span));
    }
}

/// A route attribute's path as utoipa writes it in OpenAPI: rocket's `<id>` and `<rest..>`
/// become `{id}` and `{rest}`, actix-web's `{id:[0-9]+}` becomes `{id}`, and a query part
/// (`/search?<q..>`) is dropped.
fn route_path(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let mut out = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        let close = match c {
            '<' => '>',
            '{' => '}',
            _ => {
                out.push(c);
                continue;
            }
        };
        let inner: String = chars.by_ref().take_while(|&d| d != close).collect();
        let name = inner
            .split(':')
            .next()
            .unwrap_or_default()
            .trim_end_matches("..");
        out.push('{');
        out.push_str(name);
        out.push('}');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_paths_read_as_openapi_paths() {
        assert_eq!(route_path("/todo/<id>"), "/todo/{id}");
        assert_eq!(route_path("/files/<path..>"), "/files/{path}");
        assert_eq!(route_path("/search?<q..>"), "/search");
        assert_eq!(route_path("/pets/{id:[0-9]+}/x"), "/pets/{id}/x");
        assert_eq!(route_path("/pets"), "/pets");
    }
}
