//! The source-agnostic model the rules read: operations and their declared responses.
//!
//! OpenAPI 2.0/3.x documents and (later) Rust sources are lowered into this; nothing here knows
//! YAML from JSON. Every fact a rule may point at carries a [`Loc`].

use crate::source::{FileId, Loc};
use crate::tree::Span;

/// Where an operation is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    Path,
    Webhook,
    Callback,
}

/// The API description format a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Swagger2,
    OpenApi30,
    OpenApi31,
    OpenApi32,
    /// A Rust source declaring its API (utoipa).
    RustSource,
}

impl Dialect {
    /// OpenAPI 3.x documents must quote their status keys.
    pub fn is_openapi3(self) -> bool {
        matches!(
            self,
            Dialect::OpenApi30 | Dialect::OpenApi31 | Dialect::OpenApi32
        )
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub kind: OperationKind,
    /// Lower case: `get`, `post`, ..., `query`, or an `additionalOperations` method as written.
    pub method: String,
    /// The path template (`/pets/{id}`) or webhook/callback name.
    pub path: String,
    /// The method key.
    pub loc: Loc,
    /// The `responses` key, if the operation has one.
    pub responses_loc: Option<Loc>,
    /// JSON pointer of the operation (`/paths/~1pets/post`), in the file of `loc`.
    pub pointer: String,
    pub has_path_parameters: bool,
    /// Lower-case names of the header parameters.
    pub header_parameters: Vec<String>,
    pub has_request_body: bool,
    /// `deprecated: true` (OpenAPI), `#[deprecated]` on the handler (utoipa).
    pub deprecated: bool,
    /// Effective security: operation-level `security` overrides the root one; `[]` (or only
    /// empty requirements) means none. `None` when the document says nothing about security at
    /// all (no `security` anywhere and no security schemes): that is undocumented, not "none",
    /// and the security rules stay quiet (GitHub's spec declares 401/403 on 600 operations
    /// without a single security scheme).
    pub secured: Option<bool>,
    /// The kinds of the security schemes its effective security requires, in order, each
    /// once (empty when unsecured or unknown).
    pub auth: Vec<AuthScheme>,
    pub responses: Vec<Response>,
    /// False when some declared responses could not be read statically (a Rust response type
    /// from another crate): rules about the response list as a whole then stay quiet.
    pub responses_complete: bool,
    /// False when some parameters could not be read (an unresolved `$ref`, a broken list):
    /// rules about header or path parameters and the request body then stay quiet.
    pub parameters_complete: bool,
    /// The `$ref` its path item was reached through (`/pets: {$ref: pets.yaml}`), if any:
    /// the operation's pointer is then in the file the `$ref` leads to.
    pub path_ref: Option<Loc>,
    /// Suppressions in force for the whole operation: its own, its path item's and the
    /// document's.
    pub suppressed: Vec<Suppression>,
}

/// What kind of credentials a security scheme asks for, as far as the 401 challenge goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthScheme {
    /// HTTP `bearer`, and OAuth 2 / OpenID Connect (their tokens are bearer tokens).
    Bearer,
    /// HTTP `basic`.
    Basic,
    /// An API key in a header or the query.
    ApiKey,
    /// An API key in a cookie (a session).
    Cookie,
}

/// A rule silenced in the source (`x-statuslint-ignore` in a spec, `// statuslint-ignore:` in
/// Rust). One that silences nothing is reported as `unused-suppression`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The rule id as written.
    pub rule: String,
    /// Where the id is written.
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Response {
    /// The status key exactly as written: `201`, `2XX`, `default`.
    pub key: String,
    /// Whether the key was written as a quoted string (always true in JSON).
    pub key_quoted: bool,
    /// The status key node.
    pub key_loc: Loc,
    /// JSON pointer of the response at its use (`/paths/~1pets/post/responses/201`).
    pub pointer: String,
    /// The `$ref` targets this response came through, outermost first (usually none or one).
    pub via_ref: Vec<Loc>,
    /// The JSON pointer of the definition it ends at (`via_ref`'s last), in that file; empty
    /// when the response is written in place, or when the definition has no pointer (Rust).
    pub ref_pointer: String,
    /// Declared header names as written.
    pub headers: Vec<String>,
    /// `content` (3.x) or `schema` (2.0) node, when present with at least one media type.
    pub content: Option<Loc>,
    /// The declared media types (3.x; 2.0 uses the operation's `produces`).
    pub media_types: Vec<String>,
    /// False when the `content` could not be read (not a mapping, already reported): rules
    /// about the response's content then stay quiet.
    pub content_complete: bool,
    /// False when the `headers` could not be read (not a mapping, already reported): rules
    /// about the response's headers then stay quiet.
    pub headers_complete: bool,
    /// Suppressions written on the response itself.
    pub suppressed: Vec<Suppression>,
    /// Where the response's parts are written, for fixes (`None` when no text edit can reach
    /// them, as in Rust sources).
    pub syntax: Option<ResponseSyntax>,
}

/// A mapping entry as written: its key, and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    pub key: Span,
    pub value: Span,
}

/// Where a response mapping and the entries fixes touch are written: byte spans in `file`, the
/// file of the mapping (the `$ref` definition's when the response came through one), so that
/// [`crate::fix`] can edit the text without parsing it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResponseSyntax {
    pub file: FileId,
    /// The response mapping: `{` to `}` in flow style, first key to last value in block style.
    pub body: Span,
    /// How many entries it has, and its first and last one.
    pub entries: u32,
    pub first: Option<Entry>,
    pub last: Option<Entry>,
    /// The `description` entry: new entries go after it, where readers expect `headers`.
    pub description: Option<Entry>,
    /// The `headers` entry, and the first and last entries of its mapping.
    pub headers: Option<Entry>,
    pub headers_first: Option<Entry>,
    pub headers_last: Option<Entry>,
    /// The `content` (3.x) or `schema` (2.0) entry, and the entries around it.
    pub content: Option<Entry>,
    pub content_prev: Option<Entry>,
    pub content_next: Option<Entry>,
    /// The first `Content-Length` or `Transfer-Encoding` header, for removing it from a
    /// response that cannot have content (the whole `headers` entry when it is the only one).
    pub length_header: Option<Removal>,
    /// Part of the mapping is written elsewhere (a YAML merge key `<<`, or an alias as the
    /// `headers` value): an edit here could change what the alias's other users see.
    pub indirect: bool,
    /// The quote the status keys around this response's key are written with (`"` unless they
    /// use `'`), for quoting an unquoted one.
    pub key_quote: u8,
}

/// An entry to remove from a mapping, with what a clean removal needs around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Removal {
    /// The mapping it is in, and how many entries that has.
    pub mapping: Span,
    pub entries: u32,
    pub entry: Entry,
    pub prev: Option<Entry>,
    pub next: Option<Entry>,
}

impl Response {
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h.eq_ignore_ascii_case(name))
    }

    /// The status code, if the key is a 3-digit code.
    pub fn code(&self) -> Option<u16> {
        status_code(&self.key)
    }

    /// The class digit of a range key (`2XX` → 2).
    pub fn range_class(&self) -> Option<u8> {
        range_class(&self.key)
    }
}

/// `201` → Some(201); anything but exactly three ASCII digits → None.
pub fn status_code(key: &str) -> Option<u16> {
    let b = key.as_bytes();
    if b.len() == 3 && b.iter().all(u8::is_ascii_digit) {
        key.parse().ok()
    } else {
        None
    }
}

/// `4XX` → Some(4) (OpenAPI allows only upper-case X, digits 1-5).
pub fn range_class(key: &str) -> Option<u8> {
    match key.as_bytes() {
        [d @ b'1'..=b'5', b'X', b'X'] => Some(d - b'0'),
        _ => None,
    }
}

/// Everything one API description yields: its operations, in source order.
#[derive(Debug, Clone)]
pub struct Api {
    pub dialect: Dialect,
    pub operations: Vec<Operation>,
    /// Suppressions on the document root: they also cover loading problems.
    pub root_suppressed: Vec<Suppression>,
}
