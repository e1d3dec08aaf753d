//! A finding: what a rule (or the loader) reports, before it is rendered.

use crate::model::{Removal, ResponseSyntax};
use crate::rule::Severity;
use crate::source::{FileId, Loc};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule id (`created-without-location`).
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// The node the finding is about.
    pub loc: Loc,
    /// The label shown under the node.
    pub label: String,
    /// Other places worth showing: the `$ref` definition a response came through.
    pub related: Vec<Related>,
    /// JSON pointer of the node, in its own file (`/paths/~1pets/post/responses/201`).
    pub pointer: String,
    /// The mechanical repair, when there is one (see [`crate::fix`]).
    pub fix: Option<FixHint>,
    /// Help for this finding in particular, shown before the rule's (the challenge that fits
    /// the operation's security scheme).
    pub note: Option<String>,
    /// The operation the node belongs to, `GET /pets` (empty for a finding about the document,
    /// or at a shared definition, which lists its `uses`).
    pub operation: String,
    /// The shared `$ref` definition the response came through, if it did.
    pub definition: Option<Definition>,
    /// The operations affected, for a finding reported once at a shared definition (a rule
    /// `about: response`); empty for a finding about one place.
    pub uses: Vec<Use>,
}

impl Finding {
    /// How many places the finding stands for: its uses, or itself.
    pub fn occurrences(&self) -> usize {
        self.uses.len().max(1)
    }
}

/// A response definition that operations reach through `$ref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Definition {
    /// Its key (`requires_authentication:`).
    pub loc: Loc,
    /// Its JSON pointer in its own file (`/components/responses/requires_authentication`).
    pub pointer: String,
}

impl Definition {
    /// The last segment of the pointer, unescaped: `requires_authentication`.
    pub fn name(&self) -> String {
        let last = self.pointer.rsplit('/').next().unwrap_or_default();
        last.replace("~1", "/").replace("~0", "~")
    }
}

/// One operation that declares a shared response, at its status key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    /// Upper case: `POST`.
    pub method: String,
    pub path: String,
    /// The status key at the use.
    pub loc: Loc,
    /// The JSON pointer of the response at the use (`/paths/~1pets/post/responses/201`).
    pub pointer: String,
}

/// What would repair a finding, in terms of the document; [`crate::fix`] turns it into text
/// edits that follow the file's style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixHint {
    /// Declare the header `name` (as a string) on the response written at `response`.
    AddHeader {
        name: String,
        response: ResponseSyntax,
        /// Swagger 2.0 headers are `{type: string}`; 3.x ones `{schema: {type: string}}`.
        swagger2: bool,
    },
    /// Remove the response's `content` (3.x) or `schema` (2.0).
    RemoveContent { response: ResponseSyntax },
    /// Remove a header entry (or the whole `headers` entry when it was the only one).
    RemoveHeader {
        file: FileId,
        removal: Removal,
        indirect: bool,
    },
    /// Quote the plain status key at `key` with `quote` (`"` or `'`).
    QuoteKey { key: Loc, quote: u8 },
    /// The same repairs for a response declared in source code (a utoipa `responses(...)`
    /// tuple), which has no document syntax: `at` is the response's status.
    InSource { at: Loc, repair: SourceRepair },
}

/// A repair of a response declared in source code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceRepair {
    AddHeader(String),
    RemoveContent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub loc: Loc,
    pub label: String,
}

/// Escapes one JSON-pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
pub fn pointer_segment(segment: &str) -> String {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1")
    } else {
        segment.to_string()
    }
}
