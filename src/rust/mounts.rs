//! Where operations are mounted, so messages show the path an operation really gets: utoipa's
//! `#[openapi(paths(..), nest((path = "/api", api = todo::TodoApi)))]`, utoipa-axum's
//! `OpenApiRouter` chains (`.nest("/api", todo::router())`, `.merge(..)`,
//! `.routes(routes!(handler))`), actix-web's scopes (`scope("/api").configure(todo::configure)`,
//! `.service(handler)`, as utoipa-actix-web's examples write them) and plain axum
//! (`Router::nest("/api", ..)` with `.route("/items", get(handler))` whose path is the
//! attribute's), written literally in a function's body (closures included: actix-web's
//! `configure` returns one).
//!
//! Read per file into [`Mounts`] (names only); [`full_path`] puts a crate's together. When an
//! operation is reached through no nest, or through several that disagree, its path is left as
//! written.

use proc_macro2::TokenStream;
use syn::visit::Visit;

use super::tokens::{self, split, Offsets};

/// A path as written (`todo::TodoApi` → `[todo, TodoApi]`).
type Written = Vec<String>;

/// The mounting declarations of one file.
#[derive(Debug, Clone, Default)]
pub struct Mounts {
    pub apis: Vec<Api>,
    pub routers: Vec<Router>,
}

impl Mounts {
    pub fn is_empty(&self) -> bool {
        self.apis.is_empty() && self.routers.is_empty()
    }
}

/// A `#[derive(OpenApi)]` type's `paths(...)` and `nest(...)`.
#[derive(Debug, Clone)]
pub struct Api {
    pub name: String,
    /// Its inline modules in the file.
    pub module: Vec<String>,
    pub paths: Vec<Written>,
    /// `(path = "/api", api = todo::TodoApi)`.
    pub nests: Vec<(String, Written)>,
}

/// A function whose body builds an `OpenApiRouter`.
#[derive(Debug, Clone)]
pub struct Router {
    pub name: String,
    pub module: Vec<String>,
    /// `routes!(a, b)` or actix-web's `.service(a)`, with the prefix of the inline
    /// `.nest("/x", ...)` or `scope("/x")` around it ("" when none).
    pub routes: Vec<(String, Vec<Written>)>,
    /// `.nest("/x", todo::router())`, `.merge(todo::router())` (no prefix of its own) and
    /// actix-web's `scope("/x").configure(todo::configure)`: the function called.
    pub nests: Vec<(String, Written)>,
    /// axum's `.route("/items/{id}", get(get_item).delete(delete_item))`: the prefix around
    /// it, the route's path and its handlers.
    pub axum_routes: Vec<(String, String, Vec<Written>)>,
}

/// Reads `#[openapi(...)]`'s `paths(...)` and `nest(...)` from the attribute's arguments.
pub fn api(name: String, module: Vec<String>, stream: TokenStream, off: Offsets) -> Option<Api> {
    let mut api = Api {
        name,
        module,
        paths: Vec::new(),
        nests: Vec::new(),
    };
    for item in split(stream, off) {
        let Some((name, _, group)) = item.call(off) else {
            continue;
        };
        match name.as_str() {
            "paths" => {
                for path in split(group.stream(), off) {
                    api.paths.extend(tokens::type_path(&path.tokens));
                }
            }
            "nest" => {
                for nest in split(group.stream(), off) {
                    let Some(proc_macro2::TokenTree::Group(g)) = nest.tokens.first() else {
                        continue;
                    };
                    let (mut path, mut target) = (None, None);
                    for arg in split(g.stream(), off) {
                        match arg.assign() {
                            Some((key, value)) if key == "path" => path = tokens::lit_str(value),
                            Some((key, value)) if key == "api" => target = tokens::type_path(value),
                            _ => {}
                        }
                    }
                    if let (Some(path), Some(target)) = (path, target) {
                        api.nests.push((path, target));
                    }
                }
            }
            _ => {}
        }
    }
    (!api.paths.is_empty() || !api.nests.is_empty()).then_some(api)
}

/// The `OpenApiRouter` (or actix-web scope) a function's body builds, if it registers or nests
/// anything.
pub fn router(name: String, module: Vec<String>, block: &syn::Block) -> Option<Router> {
    let mut chain = Chain {
        prefix: String::new(),
        router: Router {
            name,
            module,
            routes: Vec::new(),
            nests: Vec::new(),
            axum_routes: Vec::new(),
        },
    };
    chain.visit_block(block);
    let router = chain.router;
    (!router.routes.is_empty() || !router.nests.is_empty() || !router.axum_routes.is_empty())
        .then_some(router)
}

struct Chain {
    /// The prefixes of the inline `.nest("/x", OpenApiRouter::new()...)` being read.
    prefix: String,
    router: Router,
}

impl<'ast> Visit<'ast> for Chain {
    fn visit_expr_method_call(&mut self, e: &'ast syn::ExprMethodCall) {
        self.visit_expr(&e.receiver);
        let method = e.method.to_string();
        let args: Vec<&syn::Expr> = e.args.iter().collect();
        // actix-web's `scope("/api")...`: what the chain registers is under its path.
        let scoped = format!(
            "{}{}",
            self.prefix,
            scope_of(&e.receiver).unwrap_or_default()
        );
        let (prefix, inner) = match (method.as_str(), args.as_slice()) {
            ("nest", [path, inner]) => match lit_str(path) {
                Some(path) => (format!("{}{path}", self.prefix), *inner),
                None => return,
            },
            ("merge", [inner]) => (self.prefix.clone(), *inner),
            ("configure", [inner]) => (scoped, *inner),
            ("routes", [syn::Expr::Macro(m)]) if is_routes(&m.mac) => {
                let items = split(m.mac.tokens.clone(), Offsets { base: 0 });
                let handlers = items
                    .iter()
                    .filter_map(|i| tokens::type_path(&i.tokens))
                    .collect();
                self.router.routes.push((self.prefix.clone(), handlers));
                return;
            }
            ("route", [path, methods]) => {
                if let Some(path) = lit_str(path) {
                    let mut handlers = Vec::new();
                    method_handlers(methods, &mut handlers);
                    if !handlers.is_empty() {
                        self.router
                            .axum_routes
                            .push((self.prefix.clone(), path, handlers));
                    }
                }
                return;
            }
            // actix-web's `.service(get_todo)`: a handler by name.
            ("service", [syn::Expr::Path(p)]) => {
                let handler = p.path.segments.iter().map(|s| s.ident.to_string());
                self.router.routes.push((scoped, vec![handler.collect()]));
                return;
            }
            _ => {
                let outer = std::mem::replace(&mut self.prefix, scoped);
                for arg in args {
                    self.visit_expr(arg);
                }
                self.prefix = outer;
                return;
            }
        };
        let callee = match inner {
            syn::Expr::Call(call) => match &*call.func {
                syn::Expr::Path(f) => Some(&f.path),
                _ => None,
            },
            // `.configure(todo::configure)`: the function itself.
            syn::Expr::Path(f) => Some(&f.path),
            _ => None,
        };
        if let Some(path) = callee {
            let callee: Written = path.segments.iter().map(|s| s.ident.to_string()).collect();
            // `OpenApiRouter::new()` is the start of an inline chain, not a function of ours.
            if callee.last().is_some_and(|l| l != "new" && l != "default") {
                self.router.nests.push((prefix, callee));
                return;
            }
        }
        let outer = std::mem::replace(&mut self.prefix, prefix);
        self.visit_expr(inner);
        self.prefix = outer;
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// The handlers of an axum method router: `get(a)`, `routing::get(a).post(b)`, `get(a).merge(..)`.
fn method_handlers(e: &syn::Expr, out: &mut Vec<Written>) {
    let (method, args): (String, Vec<&syn::Expr>) = match e {
        syn::Expr::Call(c) => match &*c.func {
            syn::Expr::Path(f) => match f.path.segments.last() {
                Some(last) => (last.ident.to_string(), c.args.iter().collect()),
                None => return,
            },
            _ => return,
        },
        syn::Expr::MethodCall(m) => {
            method_handlers(&m.receiver, out);
            (m.method.to_string(), m.args.iter().collect())
        }
        _ => return,
    };
    if super::utoipa::METHODS.contains(&method.as_str()) {
        if let [syn::Expr::Path(h)] = args.as_slice() {
            out.push(
                h.path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect(),
            );
        }
    }
}

/// The path of the `scope("/api")` call a method chain starts from.
fn scope_of(mut e: &syn::Expr) -> Option<String> {
    loop {
        match e {
            syn::Expr::MethodCall(m) => e = &m.receiver,
            syn::Expr::Call(c) => {
                let syn::Expr::Path(f) = &*c.func else {
                    return None;
                };
                let is_scope = f.path.segments.last().is_some_and(|s| s.ident == "scope");
                return c.args.first().filter(|_| is_scope).and_then(lit_str);
            }
            _ => return None,
        }
    }
}

fn is_routes(mac: &syn::Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|s| s.ident == "routes")
}

fn lit_str(e: &syn::Expr) -> Option<String> {
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// The mounts of one file with the module path of the file in its crate.
pub struct Place<'a> {
    pub module: &'a [String],
    pub mounts: &'a Mounts,
}

/// No chain of nests is longer than this; deeper means a cycle.
const MAX_DEPTH: usize = 16;

/// The path the operation of `handler` (declared in `module`, written `path`) really gets, when
/// the crate's nests say, and say one thing.
pub fn full_path(handler: &str, module: &[String], path: &str, crate_: &[Place]) -> Option<String> {
    let apis: Vec<(Written, &Api)> = crate_
        .iter()
        .flat_map(|p| {
            p.mounts
                .apis
                .iter()
                .map(|a| ([p.module, &a.module].concat(), a))
        })
        .collect();
    let routers: Vec<(Written, &Router)> = crate_
        .iter()
        .flat_map(|p| {
            p.mounts
                .routers
                .iter()
                .map(|r| ([p.module, &r.module].concat(), r))
        })
        .collect();
    let mut found: Vec<String> = Vec::new();
    let listing = |written: &Written, owner: &Written| names(written, owner, handler, module);
    for (owner, api) in nearest(&apis, module, |(owner, a)| {
        a.paths.iter().any(|p| listing(p, owner))
    }) {
        for prefix in api_prefixes(&apis, owner, &api.name) {
            if !prefix.is_empty() {
                found.push(format!("{prefix}{path}"));
            }
        }
    }
    for (owner, router) in nearest(&routers, module, |(owner, r)| {
        r.routes
            .iter()
            .any(|(_, handlers)| handlers.iter().any(|h| listing(h, owner)))
    }) {
        for (local, handlers) in &router.routes {
            if !handlers.iter().any(|h| listing(h, owner)) {
                continue;
            }
            for prefix in router_prefixes(&routers, owner, &router.name) {
                let prefix = nest_route(&prefix, local);
                if !prefix.is_empty() {
                    found.push(nest_route(&prefix, path));
                }
            }
        }
    }
    // axum's `.route(path, ..)` under `Router::nest`: only where the route's path is the
    // attribute's (a full path in the attribute is already what the operation gets).
    for (owner, router) in nearest(&routers, module, |(owner, r)| {
        r.axum_routes
            .iter()
            .any(|(_, _, handlers)| handlers.iter().any(|h| listing(h, owner)))
    }) {
        for (local, route, handlers) in &router.axum_routes {
            if axum_path(route) != path || !handlers.iter().any(|h| listing(h, owner)) {
                continue;
            }
            for prefix in router_prefixes(&routers, owner, &router.name) {
                let prefix = nest_route(&prefix, local);
                if !prefix.is_empty() {
                    found.push(nest_route(&prefix, path));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    match found.as_slice() {
        [one] => Some(one.clone()),
        _ => None,
    }
}

/// Those of `all` that `keep` accepts, the ones owned by `module` only when there are some
/// (an unqualified name is most likely its own module's).
fn nearest<'a, T>(
    all: &'a [(Written, &'a T)],
    module: &[String],
    keep: impl Fn(&(Written, &'a T)) -> bool,
) -> Vec<(&'a Written, &'a T)> {
    let kept: Vec<&(Written, &T)> = all.iter().filter(|e| keep(e)).collect();
    let own: Vec<&(Written, &T)> = kept
        .iter()
        .copied()
        .filter(|(owner, _)| owner == module)
        .collect();
    let chosen = if own.is_empty() { kept } else { own };
    chosen.into_iter().map(|(o, t)| (o, *t)).collect()
}

/// Whether `written` (in a declaration owned by module `owner`) names the item `name` of
/// module `module`: the same last segment, and qualifiers that end the module's path.
fn names(written: &Written, owner: &Written, name: &str, module: &[String]) -> bool {
    let Some((last, qualifiers)) = written.split_last() else {
        return false;
    };
    if last != name {
        return false;
    }
    let relative = qualifiers
        .first()
        .is_some_and(|q| q == "self" || q == "super");
    let qualifiers: Vec<&String> = qualifiers
        .iter()
        .skip_while(|q| matches!(q.as_str(), "crate" | "self" | "super"))
        .collect();
    if relative && qualifiers.is_empty() {
        // `self::x`, `super::x`: the owner's module or its parent.
        return module == owner.as_slice() || owner.starts_with(module);
    }
    module.len() >= qualifiers.len()
        && module[module.len() - qualifiers.len()..]
            .iter()
            .zip(&qualifiers)
            .all(|(a, b)| a == *b)
}

/// Whether a nest's target written in module `owner` is the item `name` of module `module`: as
/// [`names`], but a bare name is the owner's own (a `router()` of every module is common).
fn mounts(written: &Written, owner: &Written, name: &str, module: &[String]) -> bool {
    match written.as_slice() {
        [bare] => bare == name && owner == module,
        _ => names(written, owner, name, module),
    }
}

/// What mounts others under a prefix: an OpenApi type's `nest(...)`, a router function's
/// `.nest(...)` / `.merge(...)` / `scope(...).configure(...)`.
trait Mounting {
    fn name(&self) -> &str;
    fn nests(&self) -> &[(String, Written)];
}

impl Mounting for Api {
    fn name(&self) -> &str {
        &self.name
    }
    fn nests(&self) -> &[(String, Written)] {
        &self.nests
    }
}

impl Mounting for Router {
    fn name(&self) -> &str {
        &self.name
    }
    fn nests(&self) -> &[(String, Written)] {
        &self.nests
    }
}

/// The prefixes of the OpenApi type `name` (owned by `owner`): "" at the root, else one per
/// `nest(...)` that mounts it, joined as utoipa's `OpenApi::nest` joins (`{base}{path}`).
fn api_prefixes(apis: &[(Written, &Api)], owner: &Written, name: &str) -> Vec<String> {
    prefixes(apis, owner, name, 0, &|base, path| format!("{base}{path}"))
}

/// The prefixes of the router function `name` (owned by `owner`), as [`api_prefixes`], joined
/// as axum and actix-web join a nested route.
fn router_prefixes(routers: &[(Written, &Router)], owner: &Written, name: &str) -> Vec<String> {
    prefixes(routers, owner, name, 0, &nest_route)
}

fn prefixes<M: Mounting>(
    items: &[(Written, &M)],
    owner: &Written,
    name: &str,
    depth: usize,
    join: &dyn Fn(&str, &str) -> String,
) -> Vec<String> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (outer_owner, outer) in items {
        for (path, target) in outer.nests() {
            if mounts(target, outer_owner, name, owner) {
                for base in prefixes(items, outer_owner, outer.name(), depth + 1, join) {
                    out.push(join(&base, path));
                }
            }
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// An axum route's path as OpenAPI writes it: axum 0.7's `/:id` and `/*rest` become `{id}`,
/// `{rest}`.
fn axum_path(route: &str) -> String {
    route
        .split('/')
        .map(|segment| match segment.strip_prefix([':', '*']) {
            Some(name) => format!("{{{name}}}"),
            None => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// `OpenApiRouter::nest`'s join (axum's `path_for_nested_route`): `""` and `"/"` under a
/// prefix are the prefix itself; a prefix ending in `/` takes the path without its `/`.
fn nest_route(prefix: &str, path: &str) -> String {
    if prefix.is_empty() {
        return path.to_string();
    }
    let path = if path.is_empty() { "/" } else { path };
    if prefix.ends_with('/') {
        format!("{prefix}{}", path.trim_start_matches('/'))
    } else if path == "/" {
        prefix.to_string()
    } else {
        format!("{prefix}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_routes_join_as_axum_joins() {
        assert_eq!(nest_route("/api", ""), "/api");
        assert_eq!(nest_route("/api", "/"), "/api");
        assert_eq!(nest_route("/api/", "/todos"), "/api/todos");
        assert_eq!(nest_route("/api", "/{id}"), "/api/{id}");
        assert_eq!(nest_route("", "/{id}"), "/{id}");
    }

    #[test]
    fn axum_route_paths_read_as_openapi_paths() {
        assert_eq!(axum_path("/items/:id/*rest"), "/items/{id}/{rest}");
        assert_eq!(axum_path("/items/{id}"), "/items/{id}");
    }

    #[test]
    fn qualified_names_must_end_the_module_path() {
        let owner: Written = vec![];
        let w = |s: &str| s.split("::").map(String::from).collect::<Written>();
        let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
        assert!(names(&w("todo::list"), &owner, "list", &m("api::todo")));
        assert!(!names(&w("user::list"), &owner, "list", &m("api::todo")));
        assert!(names(
            &w("crate::api::todo::list"),
            &owner,
            "list",
            &m("api::todo")
        ));
        assert!(names(&w("list"), &owner, "list", &m("api::todo")));
        assert!(!names(&w("get"), &owner, "list", &m("api::todo")));
        // A nest's bare `router()` is the caller's own module's.
        assert!(mounts(&w("router"), &m("plain"), "router", &m("plain")));
        assert!(!mounts(&w("router"), &m("plain"), "router", &m("forms")));
        assert!(mounts(&w("forms::router"), &owner, "router", &m("forms")));
    }
}
