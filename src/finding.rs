//! A finding: what a rule (or the loader) reports, before it is rendered.

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
