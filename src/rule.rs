//! Rule files: the serde shape of `rules/<id>.yaml`, validated into a typed [`Rule`].
//!
//! A rule is data: where it applies (statuses, methods, operation facts) is kept apart from
//! what it checks (headers, content), in a small fixed vocabulary. Logic beyond it is a named
//! Rust function (see [`crate::checks`]) that the file refers to with `function:`.

use serde::Deserialize;

/// How serious a finding is; follows the requirement level of the source (MUST → error,
/// SHOULD → warning, MAY or a completeness hint → info).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One `rules/<id>.yaml` file, exactly as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleFile {
    /// Stable kebab-case id, equal to the file name. Public API: never renamed.
    pub id: String,
    /// Default severity (a case may override it; configuration overrides both).
    pub severity: Severity,
    /// A convention some teams follow rather than a requirement of HTTP: off unless the
    /// configuration names the rule or sets `preset: strict` (it then takes `severity`).
    #[serde(default)]
    pub opt_in: bool,
    /// The statuses this rule speaks of, for `rules`, `explain 405` and hovers: codes (`"201"`),
    /// classes (`"4XX"`), or empty for rules about the document or the operation.
    pub statuses: Vec<String>,
    /// One line: what the rule catches.
    pub summary: String,
    /// A few words shown under the node in the graphical report (`201 without a Location header`).
    pub label: String,
    /// The diagnostic text; `{status}`, `{method}` (upper case) and `{path}` are filled in.
    pub message: String,
    /// Why this is wrong, citing the source.
    pub rationale: String,
    /// The normative source: `title` such as "RFC 9110 §15.3.2" and its `url`.
    pub source: Source,
    /// How to fix it.
    pub help: String,
    /// Where the fix goes when the response comes through a `$ref` shared by several
    /// operations: `response` (the definition) or `use` (each operation). Absent: `use`, which
    /// reports every use on its own (grouped in the human report), as a rule written before
    /// this field did.
    #[serde(default)]
    pub about: About,
    /// Where the rule applies and what it checks.
    pub check: Check,
    /// Findings on the shared corpus of real descriptions (`corpus/real` and `corpus/many`, 259
    /// files) when the rule was added or last tuned: the evidence of how noisy it is.
    #[serde(default)]
    pub corpus: Option<String>,
    /// Documented examples, run as tests: every `invalid` document must fire this rule on each
    /// line marked with a trailing `# <-` comment (at the first non-blank column; `# <- value`:
    /// at the value after the line's `: `) and nowhere else;
    /// every `valid` document must not fire it.
    pub examples: Examples,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    pub invalid: Vec<String>,
    pub valid: Vec<String>,
}

/// What a finding of a rule is about, and so where it is reported when the response is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum About {
    /// A property of the response object itself (a header missing, content where none may
    /// be): a response shared through `$ref` gets one finding at its definition, listing the
    /// operations that use it. When the rule's conditions also look at the operation (its
    /// method, parameters, security), the finding says which uses are affected and which are
    /// fine, and stays at the definition, where the fix goes.
    Response,
    /// The response as one operation uses it (a status key, a method that cannot have that
    /// status, a parameter the operation lacks): the fix is on each operation, so every use is
    /// a finding of its own; the human report shows the uses of one shared definition as one
    /// diagnostic.
    #[default]
    Use,
}

/// What a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Each declared response of each operation (the default).
    #[default]
    Response,
    /// Each operation once.
    Operation,
    /// The document as a whole (loading problems: `invalid-document`, `unresolved-ref`).
    Document,
}

/// Which node the diagnostic's label points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum At {
    /// The response's status key (the default for response rules).
    #[default]
    Status,
    /// The response's `content` (3.x) or `schema` (2.0) node.
    Content,
    /// The operation's `responses` key (the default for operation rules), else its method key.
    Responses,
}

/// Present or absent, for facts that are either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Presence {
    Present,
    Absent,
}

/// Effective security of an operation (operation-level `security` overrides the root one;
/// `security: []` means none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SecurityFact {
    None,
    Some,
}

/// The `check:` block of a rule file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Check {
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub at: At,
    /// Response scope: the status keys the rule applies to. A code (`"201"`) matches that key;
    /// a class (`"4XX"`) matches every code of the class and the range key `4XX` itself. A range
    /// key is thus checked only by rules that hold for every code in it, and `default` only by
    /// rules that list `default`. Empty: every key.
    #[serde(default)]
    pub statuses: Vec<String>,
    /// Codes excluded from `statuses` (`informational-response` excludes `"101"`).
    #[serde(default)]
    pub except_statuses: Vec<String>,
    /// The conditions; all must hold for the rule to fire.
    #[serde(default)]
    pub when: Condition,
    /// A Rust function for logic beyond the vocabulary, by name (see [`crate::checks`]); it may
    /// fill the message's `{detail}`.
    #[serde(default)]
    pub function: Option<String>,
    /// Alternatives with their own severity/message: the first case whose conditions hold fires.
    #[serde(default)]
    pub cases: Vec<Case>,
}

/// Conditions on the operation and the response. Every field set must hold.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Condition {
    /// Only these methods (lower case: `get`, `head`, ..., `query`).
    #[serde(default)]
    pub methods: Vec<String>,
    /// Not these methods.
    #[serde(default)]
    pub except_methods: Vec<String>,
    #[serde(default)]
    pub operation: OperationFacts,
    #[serde(default)]
    pub response: ResponseFacts,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OperationFacts {
    /// 3.x `requestBody`, 2.0 `in: body` / `in: formData` parameters.
    pub request_body: Option<Presence>,
    /// Path parameters declared or templated in the path (`/pets/{id}`).
    pub path_parameters: Option<Presence>,
    pub security: Option<SecurityFact>,
    /// None of these header parameters is declared (case-insensitive).
    #[serde(default)]
    pub header_parameters_absent: Vec<String>,
    /// Whether any 2xx response (or `2XX`) declares content.
    pub success_content: Option<Presence>,
    /// Whether the operation is marked deprecated.
    pub deprecated: Option<bool>,
    /// None of these response keys is declared. `404`, `4XX`, `default` match exactly that key;
    /// a lower-case class such as `2xx` matches any 2xx code and the `2XX` key.
    #[serde(default)]
    pub responses_absent: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ResponseFacts {
    /// None of these headers is declared (case-insensitive).
    #[serde(default)]
    pub headers_absent: Vec<String>,
    /// At least one of these headers is declared (case-insensitive).
    #[serde(default)]
    pub headers_present: Vec<String>,
    /// Whether the response declares content (3.x: any media type; 2.0: a `schema`).
    pub content: Option<Presence>,
    /// None of these media types is declared.
    #[serde(default)]
    pub media_types_absent: Vec<String>,
}

/// One alternative of `cases:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Case {
    #[serde(default)]
    pub when: Condition,
    pub severity: Option<Severity>,
    pub message: Option<String>,
}
