//! OpenAPI 2.0 / 3.0 / 3.1 / 3.2 trees → the [`crate::model`].
//!
//! Walks `paths`, 3.1+ `webhooks`, 3.x `callbacks` and 3.2's `query` method and
//! `additionalOperations`, following `$ref` for path items, parameters, request bodies,
//! responses and headers. Structural breaks become `invalid-document` problems at the node; the
//! rest of the document is still read.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::pointer_segment;
use crate::load::Workspace;
use crate::model::{
    Api, AuthScheme, Dialect, Entry, Operation, OperationKind, Removal, Response, ResponseSyntax,
    Suppression,
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

/// Where a `$ref` chain started (its first `$ref` value) and its last reference, whose
/// fragment is the JSON pointer of the node it ended at, in that node's file.
type Reached = (Loc, String);

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

    /// The mapping's entries, YAML merge keys applied.
    fn entries(&self) -> Vec<(NodeId, At)> {
        let with = |&(k, v): &(NodeId, NodeId)| (k, self.with(v));
        if self.tree.has_merge {
            self.tree
                .merged_entries(self.node)
                .iter()
                .map(with)
                .collect()
        } else {
            self.tree.entries(self.node).iter().map(with).collect()
        }
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

    /// Where this node is written when it is a YAML alias (the use), else `None`.
    fn alias_use(&self) -> Option<Loc> {
        matches!(self.tree.node(self.node).kind, Kind::Alias(_)).then(|| self.here())
    }

    /// The node a YAML alias names (its definition), if this is an alias.
    fn alias_target(&self) -> Option<Loc> {
        self.alias_use()?;
        Some(self.loc(self.tree.deref(self.node)))
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
        root_security: None,
        schemes: HashMap::new(),
        root_produces: Vec::new(),
        operations: Vec::new(),
        root_suppressed: Vec::new(),
    };
    builder.root_suppressed = builder.suppressions(&root);
    let has_schemes = root.value("securityDefinitions").is_some()
        || root
            .value("components")
            .is_some_and(|c| c.value("securitySchemes").is_some());
    let declared = root.value("securityDefinitions").or_else(|| {
        root.value("components")
            .and_then(|c| c.value("securitySchemes"))
    });
    if let Some(declared) = declared {
        builder.schemes = scheme_kinds(&declared);
    }
    builder.root_security = root.value("security");
    builder.root_secured = match root.value("security") {
        Some(security) => Some(secured(&security)),
        None => has_schemes.then_some(false),
    };
    builder.root_produces = root
        .value("produces")
        .map(|p| strings(&p))
        .unwrap_or_default();
    builder.document(&root);
    builder.ws.finish_duplicates();
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
    /// The root's `security` value, and the kind of each declared security scheme by name.
    root_security: Option<At>,
    schemes: HashMap<String, AuthScheme>,
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
    /// Whether the path item's parameters could all be read.
    parameters_complete: bool,
    /// The `$ref` the path item was reached through.
    path_ref: Option<Loc>,
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
        // Webhooks came with 3.1: in 3.0, `webhooks` is no field.
        if matches!(self.dialect, Dialect::OpenApi31 | Dialect::OpenApi32) {
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
        let Some((item, via, reached)) = self.follow(item) else {
            return;
        };
        // Through a `$ref`, the operations are where the chain ends: their pointers are in
        // that file, and the `$ref` is shown with their findings.
        let (pointer, path_ref) = match reached {
            Some((first, reference)) => {
                let fragment = reference.split_once('#').map_or("", |(_, f)| f);
                let pointer = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
                (pointer.into_owned(), Some(first))
            }
            None => (pointer, None),
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
            parameters_complete: true,
            path_ref,
            suppressed: self.root_suppressed.clone(),
            depth,
        };
        (ctx.parameters, ctx.parameters_complete) = self.parameters(&item);
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
                    // Methods with a fixed field are declared there, in any spelling (OAS 3.2
                    // Path Item Object); the others keep their case (RFC 9110 §9.1).
                    let fixed = method.to_ascii_lowercase();
                    if METHODS_32.contains(&fixed.as_str()) {
                        self.ws.problem(
                            "invalid-document",
                            extra.loc(key),
                            format!(
                                "`{method}` cannot be an additional operation: declare it \
                                 under the path item's `{fixed}` field"
                            ),
                            "has a fixed field",
                        );
                        continue;
                    }
                    let pointer = format!(
                        "{}/additionalOperations/{}",
                        ctx.pointer,
                        pointer_segment(&method)
                    );
                    self.operation(&ctx, &op, extra.loc(key), method, pointer);
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
        let (own, own_complete) = self.parameters(op);
        parameters.extend(own);
        let parameters_complete = ctx.parameters_complete && own_complete;
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
        let auth = match op.value("security").or_else(|| self.root_security.clone()) {
            Some(security) => self.auth(&security),
            None => Vec::new(),
        };
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
                responses_complete = false;
            } else if let Some((_, ref_key)) = list.get("$ref") {
                self.ws.problem(
                    "invalid-document",
                    list.loc(ref_key),
                    "`responses` cannot be a `$ref`: write the Responses Object in the \
                     operation, and `$ref` each response in it (`\"404\": {$ref: ...}`)"
                        .into(),
                    "not allowed here",
                );
                responses_complete = false;
            } else {
                self.ws
                    .repeated_statuses(list.file, list.tree.deref(list.node));
                // `responses: *shared`: each response is used at the alias, as through a `$ref`.
                let list_alias = list.alias_use();
                for (key, value) in list.entries() {
                    let key_text = list.key_text(key);
                    if key_text.starts_with("x-") || !self.spend() {
                        continue;
                    }
                    match self.response(list, key, &value, &pointer, &produces, list_alias) {
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
                        // A Callback Object may be extended: `x-` keys are no expressions.
                        if expr.starts_with("x-") {
                            continue;
                        }
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
            auth,
            responses,
            responses_complete,
            parameters_complete,
            path_ref: ctx.path_ref,
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
        list_alias: Option<Loc>,
    ) -> Option<Response> {
        let key_text = list.key_text(key).to_string();
        let key_quoted = list.tree.style(key) != Some(ScalarStyle::Plain);
        // A YAML alias is a use, as a `$ref` is: reported where it is written, with the
        // anchored definition as the place the response is defined.
        let mut via_ref: Vec<Loc> = list_alias.map(|_| list.loc(key)).into_iter().collect();
        if let Some(anchored) = value.alias_target() {
            via_ref.push(anchored);
        }
        let (body, via, reached) = self.follow(value)?;
        via_ref.extend(via);
        // The definition's JSON pointer in its own file: the last reference's fragment.
        let ref_pointer = reached
            .map(|(_, reference)| {
                reference
                    .split_once('#')
                    .map_or("", |(_, fragment)| fragment)
                    .to_string()
            })
            .unwrap_or_default();
        let key_loc = list_alias.unwrap_or(list.loc(key));
        if !body.is_map() {
            let at = via_ref.last().copied().unwrap_or(list.loc(key));
            self.invalid(at, &format!("the `{key_text}` response must be a mapping"));
            return None;
        }
        let mut headers = Vec::new();
        let mut headers_complete = true;
        if let Some((declared, headers_key)) = body.get("headers") {
            if !declared.is_map() && !declared.is_null() {
                self.invalid(
                    body.loc(headers_key),
                    "`headers` must be a mapping of header names to headers",
                );
                headers_complete = false;
            }
            for (name, header) in declared.entries() {
                self.spend();
                headers.push(declared.key_text(name).to_string());
                self.deref(&header);
            }
        }
        let mut content_complete = true;
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
                Some((content, content_key)) if !content.is_map() && !content.is_null() => {
                    self.invalid(
                        body.loc(content_key),
                        "`content` must be a mapping of media types to Media Type Objects",
                    );
                    content_complete = false;
                    (None, Vec::new())
                }
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
            key_loc,
            via_ref,
            ref_pointer,
            headers,
            content,
            media_types,
            content_complete,
            headers_complete,
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

    /// The parameters declared on a path item or operation, `$ref`s followed, and whether
    /// all of them could be read.
    fn parameters(&mut self, owner: &At) -> (Vec<At>, bool) {
        let Some((list, key)) = owner.get("parameters") else {
            return (Vec::new(), true);
        };
        if !is_seq(&list) && !list.is_null() {
            self.ws.problem(
                "invalid-document",
                owner.loc(key),
                "`parameters` must be a list of parameters".into(),
                "not a list",
            );
            return (Vec::new(), false);
        }
        let mut out = Vec::new();
        let mut complete = true;
        for param in list.items() {
            if !self.spend() {
                break;
            }
            match self.deref(&param) {
                Some((param, _)) => out.push(param),
                None => complete = false,
            }
        }
        (out, complete)
    }

    /// Follows a `$ref` chain from `node`: the node it ends at, and the definitions passed
    /// through (outermost first). `None` after reporting `unresolved-ref`.
    fn deref(&mut self, node: &At) -> Option<(At, Vec<Loc>)> {
        self.follow(node).map(|(at, via, _)| (at, via))
    }

    /// [`Self::deref`], with the first `$ref` and the last reference (`None` when there was no
    /// `$ref`).
    fn follow(&mut self, node: &At) -> Option<(At, Vec<Loc>, Option<Reached>)> {
        let mut current = node.clone();
        let mut via = Vec::new();
        let mut seen = Vec::new();
        let mut reached: Option<Reached> = None;
        loop {
            let Some((ref_value, _)) = current.get("$ref") else {
                return Some((current, via, reached));
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
                    let first = reached.map_or(here, |(first, _)| first);
                    reached = Some((first, reference));
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

    /// The kinds of the schemes a `security` value requires, each once, in order.
    fn auth(&self, security: &At) -> Vec<AuthScheme> {
        let mut kinds = Vec::new();
        for requirement in security.items() {
            for (key, _) in requirement.entries() {
                if let Some(kind) = self.schemes.get(requirement.key_text(key)) {
                    if !kinds.contains(kind) {
                        kinds.push(*kind);
                    }
                }
            }
        }
        kinds
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

/// The kind of each security scheme declared in `schemes` (`components.securitySchemes` or
/// 2.0's `securityDefinitions`), by name.
fn scheme_kinds(schemes: &At) -> HashMap<String, AuthScheme> {
    let mut kinds = HashMap::new();
    for (key, scheme) in schemes.entries() {
        let field = |name: &str| {
            scheme
                .value(name)
                .and_then(|v| v.str().map(str::to_ascii_lowercase))
        };
        let kind = match (field("type").as_deref(), field("scheme").as_deref()) {
            (Some("http"), Some("basic")) | (Some("basic"), _) => AuthScheme::Basic,
            (Some("http"), Some("bearer")) | (Some("oauth2" | "openidconnect"), _) => {
                AuthScheme::Bearer
            }
            (Some("apikey"), _) if field("in").as_deref() == Some("cookie") => AuthScheme::Cookie,
            (Some("apikey"), _) => AuthScheme::ApiKey,
            _ => continue,
        };
        kinds.insert(schemes.key_text(key).to_string(), kind);
    }
    kinds
}

/// Whether a `security` value requires something: a list holding at least one non-empty
/// requirement (`[]` and `[{}]` mean anonymous access is allowed).
fn secured(security: &At) -> bool {
    security
        .items()
        .iter()
        .any(|req| !security.tree.entries(req.node).is_empty())
}

fn is_seq(list: &At) -> bool {
    matches!(
        &list.tree.node(list.tree.deref(list.node)).kind,
        Kind::Seq(_)
    )
}

fn strings(list: &At) -> Vec<String> {
    list.items()
        .iter()
        .filter_map(|i| i.str().map(str::to_string))
        .collect()
}
