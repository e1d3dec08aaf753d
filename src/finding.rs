//! A finding: what a rule (or the loader) reports, before it is rendered.

use crate::model::ResponseSyntax;
use crate::rule::Severity;
use crate::source::Loc;

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
