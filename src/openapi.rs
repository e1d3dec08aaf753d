//! OpenAPI 2.0 / 3.0 / 3.1 / 3.2 trees → the [`crate::model`].
//!
//! Walks `paths`, 3.1+ `webhooks`, 3.x `callbacks` and 3.2's `query` method and
//! `additionalOperations`, following `$ref` for path items, parameters, request bodies,
//! responses and headers. Structural breaks become `invalid-document` problems at the node; the
//! rest of the document is still read.

use std::sync::Arc;

use crate::finding::pointer_segment;
use crate::load::Workspace;
use crate::model::{
    Api, Dialect, Entry, Operation, OperationKind, Removal, Response, ResponseSyntax, Suppression,
};
use crate::source::{FileId, Loc};
use crate::tree::{Kind, NodeId, ScalarStyle, Tree};

/// How many responses, parameters and headers one document may expand to through YAML aliases
/// and `$ref` reuse (at least: files over 1.25 MB get 4 units a byte). GitHub's spec needs
/// ~60k plus its operations' cost; an alias bomb would need billions.
const VISIT_BUDGET: usize = 5_000_000;

/// What one operation costs against [`VISIT_BUDGET`]: an operation is a heavy model node, and
/// callbacks reached through aliases or `$ref`s multiply operations exponentially (a 7 KB file
/// of nested callbacks describes 10^11 of them), so the walk must stop at operations too.
/// 64 keeps a small file's ceiling near 80k operations; the largest real specs have a few
/// thousand.
const OPERATION_COST: usize = 64;

/// `$ref` chains longer than this are treated as cycles.
const MAX_REF_HOPS: usize = 64;

/// Callbacks may nest callbacks; real specs stop at one level.
const MAX_CALLBACK_DEPTH: usize = 4;

const METHODS_2: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
const METHODS_3: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const METHODS_32: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// A node in one of the job's files.
#[derive(Clone)]
struct At {
    file: FileId,
    tree: Arc<Tree>,
    node: NodeId,
}

impl At {
    fn get(&self, key: &str) -> Option<(At, NodeId)> {
        self.tree
            .get(self.node, key)
            .map(|(k, v)| (self.with(v), k))
    }

    fn value(&self, key: &str) -> Option<At> {
        self.tree.value(self.node, key).map(|v| self.with(v))
    }

    fn with(&self, node: NodeId) -> At {
        At {
            file: self.file,
            tree: self.tree.clone(),
            node,
        }
    }

    fn loc(&self, node: NodeId) -> Loc {
        Loc {
            file: self.file,
            span: self.tree.span(node),
        }
    }

    fn here(&self) -> Loc {
        self.loc(self.node)
    }

    fn str(&self) -> Option<&str> {
        self.tree.str(self.node)
    }

    fn entries(&self) -> Vec<(NodeId, At)> {
        self.tree
            .entries(self.node)
            .iter()
            .map(|&(k, v)| (k, self.with(v)))
            .collect()
    }

    fn items(&self) -> Vec<At> {
        self.tree
            .items(self.node)
            .iter()
            .map(|&v| self.with(v))
            .collect()
    }

    fn key_text(&self, key: NodeId) -> &str {
        self.tree.str(key).unwrap_or("")
    }

    fn is_map(&self) -> bool {
        self.tree.is_map(self.node)
    }

    fn is_null(&self) -> bool {
        matches!(self.str(), Some("" | "null" | "~"))
    }
}

/// Builds the model of the root file (id 0) of `ws`.
pub fn build(ws: &mut Workspace, dialect: Dialect) -> Api {
    let mut api = Api {
        dialect,
        operations: Vec::new(),
        root_suppressed: Vec::new(),
    };
    let Some(tree) = ws.tree(0) else {
        return api;
    };
    let root = At {
        file: 0,
        node: tree.root,
        tree,
    };
    // What is written costs at most a few units a byte (an operation takes ~30 bytes); only
    // expansion through aliases and `$ref`s can go beyond, so big files get a bigger budget.
    let budget = VISIT_BUDGET.max(4 * ws.sources.get(0).text.len());
    let mut builder = Builder {
        ws,
        dialect,
        budget,
        root_secured: None,
        root_produces: Vec::new(),
        operations: Vec::new(),
        root_suppressed: Vec::new(),
    };
    builder.root_suppressed = builder.suppressions(&root);
    let has_schemes = root.value("securityDefinitions").is_some()
        || root
            .value("components")
            .is_some_and(|c| c.value("securitySchemes").is_some());
    builder.root_secured = match root.value("security") {
        Some(security) => Some(secured(&security)),
        None => has_schemes.then_some(false),
    };
    builder.root_produces = root
        .value("produces")
        .map(|p| strings(&p))
        .unwrap_or_default();
    builder.document(&root);
    api.operations = builder.operations;
    api.root_suppressed = builder.root_suppressed;
    api
}

struct Builder<'w> {
    ws: &'w mut Workspace,
    dialect: Dialect,
    budget: usize,
    /// The root's security: `None` when the document documents none at all.
    root_secured: Option<bool>,
    root_produces: Vec<String>,
    root_suppressed: Vec<Suppression>,
    operations: Vec<Operation>,
}

/// The path-item context an operation inherits.
struct PathContext<'p> {
    kind: OperationKind,
    name: &'p str,
    pointer: String,
    parameters: Vec<At>,
    /// The document's and the path item's suppressions.
    suppressed: Vec<Suppression>,
    depth: usize,
}

impl Builder<'_> {
    fn document(&mut self, root: &At) {
        if let Some((paths, paths_key)) = root.get("paths") {
            if !paths.is_map() && !paths.is_null() {
                self.invalid(
                    root.loc(paths_key),
                    "`paths` must be a mapping of path templates to path items",
                );
            } else {
                for (key, item) in paths.entries() {
                    let name = paths.key_text(key).to_string();
                    if name.starts_with("x-") {
                        continue;
                    }
                    let pointer = format!("/paths/{}", pointer_segment(&name));
                    self.path_item(
                        &item,
                        paths.loc(key),
                        &name,
                        OperationKind::Path,
                        pointer,
                        0,
                    );
                }
            }
        }
        if self.dialect.is_openapi3() {
            if let Some(webhooks) = root.value("webhooks") {
                for (key, item) in webhooks.entries() {
                    let name = webhooks.key_text(key).to_string();
                    let pointer = format!("/webhooks/{}", pointer_segment(&name));
                    self.path_item(
                        &item,
                        webhooks.loc(key),
                        &name,
                        OperationKind::Webhook,
                        pointer,
                        0,
                    );
                }
            }
        }
    }

    fn path_item(
        &mut self,
        item: &At,
        key: Loc,
        name: &str,
        kind: OperationKind,
        pointer: String,
        depth: usize,
    ) {
        if self.budget == 0 {
            return;
        }
        let Some((item, via)) = self.deref(item) else {
            return;
        };
        if !item.is_map() {
            if !item.is_null() {
                let at = via.last().copied().unwrap_or(key);
                self.invalid(at, &format!("the path item `{name}` must be a mapping"));
            }
            return;
        }
        let mut ctx = PathContext {
            kind,
            name,
            pointer,
            parameters: Vec::new(),
            suppressed: self.root_suppressed.clone(),
            depth,
        };
        ctx.parameters = self.parameters(&item);
        let own = self.suppressions(&item);
        ctx.suppressed.extend(own);
        let methods = match self.dialect {
            Dialect::Swagger2 => METHODS_2,
            Dialect::OpenApi32 => METHODS_32,
            _ => METHODS_3,
        };
        for (key, op) in item.entries() {
            let method = item.key_text(key);
            if methods.contains(&method) {
                let method = method.to_string();
                let pointer = format!("{}/{method}", ctx.pointer);
                self.operation(&ctx, &op, item.loc(key), method, pointer);
            }
        }
        if self.dialect == Dialect::OpenApi32 {
            if let Some(extra) = item.value("additionalOperations") {
                for (key, op) in extra.entries() {
                    let method = extra.key_text(key).to_string();
                    let pointer = format!(
                        "{}/additionalOperations/{}",
                        ctx.pointer,
                        pointer_segment(&method)
                    );
                    self.operation(
                        &ctx,
                        &op,
                        extra.loc(key),
                        method.to_ascii_lowercase(),
                        pointer,
                    );
                }
            }
        }
    }

    fn operation(&mut self, ctx: &PathContext, op: &At, loc: Loc, method: String, pointer: String) {
        if !op.is_map() {
            self.invalid(loc, &format!("the `{method}` operation must be a mapping"));
            return;
        }
        if !self.spend_n(OPERATION_COST) {
            return;
        }
        let mut suppressed = ctx.suppressed.clone();
        suppressed.extend(self.suppressions(op));
        let mut parameters = ctx.parameters.clone();
        parameters.extend(self.parameters(op));
        // A webhook's name is no URL, and a callback's key is a runtime expression
        // (`{$request.body#/url}`) whose braces are no path parameters.
        let mut has_path_parameters = ctx.kind == OperationKind::Path && ctx.name.contains('{');
        let mut header_parameters = Vec::new();
        let mut has_request_body = op.value("requestBody").is_some_and(|b| !b.is_null());
        if let Some(body) = op.value("requestBody") {
            self.deref(&body);
        }
        for param in &parameters {
            match param.value("in").as_ref().and_then(At::str) {
                Some("path") => has_path_parameters = true,
                Some("header") => {
                    if let Some(name) = param.value("name").as_ref().and_then(At::str) {
                        header_parameters.push(name.to_ascii_lowercase());
                    }
                }
                Some("body" | "formData") => has_request_body = true,
                _ => {}
            }
        }
        let secured = op
            .value("security")
            .map(|s| secured(&s))
            .or(self.root_secured);
        let produces = op
            .value("produces")
            .map(|p| strings(&p))
            .unwrap_or_else(|| self.root_produces.clone());

        let mut responses = Vec::new();
        let mut responses_complete = true;
        let responses_at = op.get("responses");
        if let Some((list, list_key)) = &responses_at {
            if !list.is_map() && !list.is_null() {
                self.invalid(
                    op.loc(*list_key),
                    "`responses` must be a mapping of status codes to responses",
                );
            } else {
                for (key, value) in list.entries() {
                    let key_text = list.key_text(key);
                    if key_text.starts_with("x-") || !self.spend() {
                        continue;
                    }
                    match self.response(list, key, &value, &pointer, &produces) {
                        Some(response) => responses.push(response),
                        // Reported as unresolved-ref or invalid-document; judging the list
                        // without it would add false "no success response" findings.
                        None => responses_complete = false,
                    }
                }
            }
        }
        let responses_loc = responses_at.as_ref().map(|(list, key)| list.loc(*key));

        // Callbacks are operations of their own, declared inside this one.
        if self.dialect.is_openapi3() && ctx.depth < MAX_CALLBACK_DEPTH {
            if let Some(callbacks) = op.value("callbacks") {
                for (key, callback) in callbacks.entries() {
                    let name = callbacks.key_text(key).to_string();
                    let Some((callback, _)) = self.deref(&callback) else {
                        continue;
                    };
                    for (expr_key, item) in callback.entries() {
                        let expr = callback.key_text(expr_key).to_string();
                        let cb_pointer = format!(
                            "{pointer}/callbacks/{}/{}",
                            pointer_segment(&name),
                            pointer_segment(&expr)
                        );
                        self.path_item(
                            &item,
                            callback.loc(expr_key),
                            &expr,
                            OperationKind::Callback,
                            cb_pointer,
                            ctx.depth + 1,
                        );
                    }
                }
            }
        }

        // Past the budget the responses were cut short: rules would misread what is missing.
        if self.budget == 0 {
            return;
        }
        self.operations.push(Operation {
            kind: ctx.kind,
            method,
            path: ctx.name.to_string(),
            loc,
            responses_loc,
            pointer,
            has_path_parameters,
            header_parameters,
            has_request_body,
            deprecated: op.value("deprecated").as_ref().and_then(At::str) == Some("true"),
            secured,
            responses,
            responses_complete,
            suppressed,
        });
    }

    fn response(
        &mut self,
        list: &At,
        key: NodeId,
        value: &At,
        op_pointer: &str,
        produces: &[String],
    ) -> Option<Response> {
        let key_text = list.key_text(key).to_string();
        let key_quoted = list.tree.style(key) != Some(ScalarStyle::Plain);
        let (body, via_ref) = self.deref(value)?;
        if !body.is_map() {
            let at = via_ref.last().copied().unwrap_or(list.loc(key));
            self.invalid(at, &format!("the `{key_text}` response must be a mapping"));
            return None;
        }
        let mut headers = Vec::new();
        if let Some(declared) = body.value("headers") {
            for (name, header) in declared.entries() {
                self.spend();
                headers.push(declared.key_text(name).to_string());
                self.deref(&header);
            }
        }
        let content_key = if self.dialect == Dialect::Swagger2 {
            "schema"
        } else {
            "content"
        };
        let key_quote = if key_quoted {
            b'"'
        } else {
            self.sibling_quote(list)
        };
        let (content, media_types) = if self.dialect == Dialect::Swagger2 {
            match body.get("schema") {
                Some((schema, schema_key)) if !schema.is_null() => {
                    (Some(body.loc(schema_key)), produces.to_vec())
                }
                _ => (None, Vec::new()),
            }
        } else {
            match body.get("content") {
                Some((content, content_key)) => {
                    let types: Vec<String> = content
                        .entries()
                        .iter()
                        .map(|(k, _)| content.key_text(*k).to_string())
                        .collect();
                    let loc = (!types.is_empty()).then(|| body.loc(content_key));
                    (loc, types)
                }
                None => (None, Vec::new()),
            }
        };
        Some(Response {
            pointer: format!("{op_pointer}/responses/{}", pointer_segment(&key_text)),
            key: key_text,
            key_quoted,
            key_loc: list.loc(key),
            via_ref,
            headers,
            content,
            media_types,
            suppressed: self.suppressions(&body),
            syntax: Some(response_syntax(&body, content_key, key_quote)),
        })
    }

    /// The quote character the quoted keys of `list` are written with: `'` when the first one
    /// uses it, else `"`.
    fn sibling_quote(&self, list: &At) -> u8 {
        let text = self.ws.sources.get(list.file).text.as_bytes();
        list.tree
            .entries(list.node)
            .iter()
            .find(|&&(k, _)| list.tree.style(k) == Some(ScalarStyle::Quoted))
            .and_then(|&(k, _)| text.get(list.tree.span(k).start as usize).copied())
            .filter(|&q| q == b'\'')
            .unwrap_or(b'"')
    }

    /// `x-statuslint-ignore` on `owner`: a rule id, a list of ids, or a map of id to reason.
    fn suppressions(&mut self, owner: &At) -> Vec<Suppression> {
        let Some((value, key)) = owner.get("x-statuslint-ignore") else {
            return Vec::new();
        };
        let suppression = |node: NodeId| {
            value.tree.str(node).map(|rule| Suppression {
                rule: rule.to_string(),
                loc: value.loc(node),
            })
        };
        if let Some(one) = suppression(value.node) {
            return vec![one];
        }
        let ids: Vec<NodeId> = if value.is_map() {
            value.entries().into_iter().map(|(k, _)| k).collect()
        } else {
            value.items().into_iter().map(|i| i.node).collect()
        };
        let found: Vec<Suppression> = ids.into_iter().filter_map(suppression).collect();
        if found.is_empty() {
            self.ws.problem(
                "invalid-document",
                owner.loc(key),
                "`x-statuslint-ignore` takes a rule id, a list of rule ids, or a map of rule id to reason".into(),
                "no rule id here",
            );
        }
        found
    }

    /// The parameters declared on a path item or operation, `$ref`s followed.
    fn parameters(&mut self, owner: &At) -> Vec<At> {
        let Some(list) = owner.value("parameters") else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for param in list.items() {
            if !self.spend() {
                break;
            }
            if let Some((param, _)) = self.deref(&param) {
                out.push(param);
            }
        }
        out
    }

    /// Follows a `$ref` chain from `node`: the node it ends at, and the definitions passed
    /// through (outermost first). `None` after reporting `unresolved-ref`.
    fn deref(&mut self, node: &At) -> Option<(At, Vec<Loc>)> {
        let mut current = node.clone();
        let mut via = Vec::new();
        let mut seen = Vec::new();
        loop {
            let Some((ref_value, _)) = current.get("$ref") else {
                return Some((current, via));
            };
            let here = ref_value.here();
            let Some(reference) = ref_value.str().map(str::to_string) else {
                self.ws.problem(
                    "unresolved-ref",
                    here,
                    "`$ref` must be a string".into(),
                    "not a string",
                );
                return None;
            };
            if seen.contains(&(current.file, current.node)) || seen.len() >= MAX_REF_HOPS {
                self.ws.problem(
                    "unresolved-ref",
                    here,
                    format!("`{reference}` is part of a `$ref` cycle"),
                    "this reference leads back to itself",
                );
                return None;
            }
            seen.push((current.file, current.node));
            match self.ws.resolve(current.file, &reference) {
                Ok(target) => {
                    let tree = self.ws.tree(target.file)?;
                    let next = At {
                        file: target.file,
                        tree,
                        node: target.node,
                    };
                    via.push(next.loc(target.key.unwrap_or(target.node)));
                    current = next;
                }
                Err(reason) => {
                    self.ws
                        .problem("unresolved-ref", here, reason, "cannot be resolved");
                    return None;
                }
            }
        }
    }

    fn invalid(&mut self, at: Loc, message: &str) {
        self.ws
            .problem("invalid-document", at, message.to_string(), "not a mapping");
    }

    /// Counts one expanded node against the budget; false (once reported) when spent.
    fn spend(&mut self) -> bool {
        self.spend_n(1)
    }

    /// Counts `cost` against the budget; false (once reported) when spent.
    fn spend_n(&mut self, cost: usize) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget = self.budget.saturating_sub(cost);
        if self.budget == 0 {
            // At the root's first key (`openapi`): the root node would underline the whole file.
            let first_key = self
                .ws
                .tree(0)
                .and_then(|t| t.entries(t.root).first().map(|e| e.0));
            let root = self.ws.loc(0, first_key.unwrap_or(0));
            self.ws.problem(
                "invalid-document",
                root,
                "the document expands through aliases and `$ref`s to more operations, responses, \
                 parameters and headers than statuslint reads; the rest was not linted"
                    .to_string(),
                "expansion budget exceeded",
            );
        }
        true
    }
}

/// Where the response mapping `body` and the entries fixes touch are written.
fn response_syntax(body: &At, content_key: &str, key_quote: u8) -> ResponseSyntax {
    let tree = &body.tree;
    let node = tree.deref(body.node);
    let entry = |&(k, v): &(NodeId, NodeId)| Entry {
        key: tree.span(k),
        value: tree.span(v),
    };
    let entries = tree.entries(node);
    let position = |key: &str| entries.iter().position(|&(k, _)| tree.str(k) == Some(key));
    let mut indirect = position("<<").is_some();
    let headers = position("headers").map(|i| entries[i]);
    let header_entries = match headers {
        Some((_, value)) => {
            indirect |= matches!(tree.node(value).kind, Kind::Alias(_));
            tree.entries(value)
        }
        None => &[],
    };
    let content = position(content_key);
    let removal = |mapping: NodeId, all: &[(NodeId, NodeId)], i: usize| Removal {
        mapping: tree.span(mapping),
        entries: all.len() as u32,
        entry: entry(&all[i]),
        prev: i.checked_sub(1).map(|p| entry(&all[p])),
        next: all.get(i + 1).map(entry),
    };
    let length_header = header_entries
        .iter()
        .position(|&(k, _)| {
            tree.str(k).is_some_and(|name| {
                name.eq_ignore_ascii_case("content-length")
                    || name.eq_ignore_ascii_case("transfer-encoding")
            })
        })
        .and_then(|i| {
            let (_, value) = headers?;
            Some(if header_entries.len() == 1 {
                // The only header: the `headers` entry goes with it.
                removal(node, entries, position("headers")?)
            } else {
                removal(tree.deref(value), header_entries, i)
            })
        });
    ResponseSyntax {
        file: body.file,
        body: tree.span(node),
        entries: entries.len() as u32,
        first: entries.first().map(entry),
        last: entries.last().map(entry),
        description: position("description").map(|i| entry(&entries[i])),
        headers: headers.as_ref().map(entry),
        headers_first: header_entries.first().map(entry),
        headers_last: header_entries.last().map(entry),
        content: content.map(|i| entry(&entries[i])),
        content_prev: content
            .and_then(|i| i.checked_sub(1))
            .map(|i| entry(&entries[i])),
        content_next: content.and_then(|i| entries.get(i + 1)).map(entry),
        length_header,
        indirect,
        key_quote,
    }
}

/// Whether a `security` value requires something: a list holding at least one non-empty
/// requirement (`[]` and `[{}]` mean anonymous access is allowed).
fn secured(security: &At) -> bool {
    security
        .items()
        .iter()
        .any(|req| !security.tree.entries(req.node).is_empty())
}

fn strings(list: &At) -> Vec<String> {
    list.items()
        .iter()
        .filter_map(|i| i.str().map(str::to_string))
        .collect()
}
