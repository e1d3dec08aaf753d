//! The rule set: rule files parsed (serde_yaml) and validated into [`Rule`]s.
//!
//! Built-in rules are embedded at build time (see `build.rs`). Validation refuses what a typo
//! would otherwise turn into a silently dead rule: an id that differs from its file name, a
//! duplicate id, an unknown status, method, function or message placeholder.

use std::collections::HashSet;
use std::sync::{Arc, OnceLock};

use crate::model::{range_class, status_code};
use crate::rule::{At, Check, Condition, RuleFile, Scope, Severity};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/rule_files.rs"));
}

/// The Rust functions a rule file may name in `function:`.
pub const FUNCTIONS: &[&str] = &[
    "invalid-status-code",
    "unregistered-status-code",
    "status-code-not-quoted",
    "not-modified-without-validators",
    "head-headers-differ-from-get",
    "conditional-without-validator",
    "error-not-problem-details",
    "status-not-allowed-for-method",
    "loader",
    "unused-suppression",
];

/// The methods rule files and the configuration name, lower case.
pub const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

const PLACEHOLDERS: &[&str] = &["status", "method", "path", "detail"];

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub doc: RuleFile,
    /// The alternatives, in order: the first whose conditions hold fires. A rule without
    /// `cases:` has one, made of its `when:`, severity and message.
    pub cases: Vec<Case>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub when: Condition,
    pub severity: Severity,
    pub message: String,
}

impl Rule {
    pub fn id(&self) -> &str {
        &self.doc.id
    }

    /// The default level as `rules` and the docs show it: `off (info)` for an opt-in rule.
    pub fn default_level(&self) -> String {
        let severity = self.doc.severity.as_str();
        if self.doc.opt_in {
            format!("off ({severity})")
        } else {
            severity.to_string()
        }
    }

    pub fn check(&self) -> &Check {
        &self.doc.check
    }

    /// Whether the rule's documented `statuses` name `code` or its class (for `explain` and
    /// hovers; [`Rule::applies_to_status`] is what the engine checks).
    pub fn speaks_of(&self, code: u16) -> bool {
        self.doc.statuses.iter().any(|s| {
            status_code(s) == Some(code)
                || range_class(s).is_some_and(|c| u16::from(c) == code / 100)
        })
    }

    /// Whether the rule applies to a response under status key `key` (see [`Check::statuses`]).
    pub fn applies_to_status(&self, key: &str) -> bool {
        let check = &self.doc.check;
        if check.statuses.is_empty() {
            return true;
        }
        if check.except_statuses.iter().any(|s| s == key) {
            return false;
        }
        let code = status_code(key);
        check.statuses.iter().any(|entry| {
            entry == key
                || match (code, range_class(entry)) {
                    (Some(code), Some(class)) => code / 100 == u16::from(class),
                    _ => false,
                }
        })
    }
}

/// A rule file that does not validate: which file and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The embedded rules. They are validated by the test suite, so a failure here is a build
    /// defect, reported rather than panicked on.
    pub fn builtin() -> Result<&'static RuleSet, &'static RuleError> {
        Self::builtin_shared().map(|set| &**set)
    }

    /// The embedded rules, shared: configurations without team rules hold this, not a copy.
    pub fn builtin_shared() -> Result<&'static Arc<RuleSet>, &'static RuleError> {
        static SET: OnceLock<Result<Arc<RuleSet>, RuleError>> = OnceLock::new();
        SET.get_or_init(|| {
            let mut set = RuleSet::default();
            for (stem, text) in embedded::RULE_FILES {
                set.add_embedded(stem, &format!("rules/{stem}.yaml"), text)?;
            }
            Ok(Arc::new(set))
        })
        .as_ref()
    }

    /// Parses, validates and adds one rule file.
    pub fn add(&mut self, stem: &str, file: &str, text: &str) -> Result<(), RuleError> {
        let doc = serde_yaml::from_str(text);
        self.insert(stem, file, doc.map_err(|e| e.to_string()))
    }

    /// Adds a built-in rule file, which `build.rs` has turned into JSON.
    fn add_embedded(&mut self, stem: &str, file: &str, json: &str) -> Result<(), RuleError> {
        let doc = serde_json::from_str(json);
        self.insert(stem, file, doc.map_err(|e| e.to_string()))
    }

    fn insert(
        &mut self,
        stem: &str,
        file: &str,
        doc: Result<RuleFile, String>,
    ) -> Result<(), RuleError> {
        let err = |message: String| RuleError {
            file: file.to_string(),
            message,
        };
        let doc = doc.map_err(err)?;
        if doc.id != stem {
            return Err(err(format!(
                "id `{}` differs from the file name `{stem}`",
                doc.id
            )));
        }
        if self.get(&doc.id).is_some() {
            return Err(err(format!("duplicate rule id `{}`", doc.id)));
        }
        let rule = validate(doc).map_err(err)?;
        self.rules.push(rule);
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    pub fn index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id() == id)
    }

    /// "unknown rule `x`", with the nearest id when one is close.
    pub fn unknown(&self, id: &str) -> String {
        match crate::suggest::nearest(id, self.rules.iter().map(Rule::id)) {
            Some(near) => format!("unknown rule `{id}` (did you mean `{near}`?)"),
            None => format!("unknown rule `{id}` (`statuslint rules` lists them)"),
        }
    }
}

fn validate(doc: RuleFile) -> Result<Rule, String> {
    if doc.id.is_empty()
        || !doc
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err(format!("id `{}` is not kebab-case", doc.id));
    }
    let check = &doc.check;
    for status in doc
        .statuses
        .iter()
        .chain(&check.statuses)
        .chain(&check.except_statuses)
    {
        let valid = status == "default"
            || range_class(status).is_some()
            || status_code(status).is_some_and(|c| (100..=599).contains(&c));
        if !valid {
            return Err(format!(
                "`{status}` is not a status code, a class like `4XX`, or `default`"
            ));
        }
    }
    if let Some(function) = &check.function {
        if !FUNCTIONS.contains(&function.as_str()) {
            return Err(format!(
                "unknown function `{function}` (known: {})",
                FUNCTIONS.join(", ")
            ));
        }
    }
    let document_function = matches!(
        check.function.as_deref(),
        Some("loader" | "unused-suppression")
    );
    if (check.scope == Scope::Document) != document_function {
        return Err(
            "`scope: document` goes with `function: loader` or `function: unused-suppression`"
                .into(),
        );
    }
    if check.at == At::Content && check.scope != Scope::Response {
        return Err("`at: content` needs `scope: response`".into());
    }
    for entry in &check.when.operation.responses_absent {
        let lower_class = matches!(entry.as_bytes(), [b'1'..=b'5', b'x', b'x']);
        if !(lower_class
            || entry == "default"
            || range_class(entry).is_some()
            || status_code(entry).is_some())
        {
            return Err(format!(
                "`responses-absent` entry `{entry}` is not a status, range, class or `default`"
            ));
        }
    }
    if doc.examples.invalid.is_empty() || doc.examples.valid.is_empty() {
        return Err("a rule needs at least one invalid and one valid example".into());
    }
    let mut cases = Vec::new();
    if check.cases.is_empty() {
        cases.push(Case {
            when: check.when.clone(),
            severity: doc.severity,
            message: doc.message.clone(),
        });
    } else {
        for case in &check.cases {
            let mut when = check.when.clone();
            merge(&mut when, &case.when);
            cases.push(Case {
                when,
                severity: case.severity.unwrap_or(doc.severity),
                message: case.message.clone().unwrap_or_else(|| doc.message.clone()),
            });
        }
    }
    for case in &cases {
        check_placeholders(&case.message)?;
        for method in case.when.methods.iter().chain(&case.when.except_methods) {
            if !METHODS.contains(&method.as_str()) {
                return Err(format!(
                    "unknown method `{method}` (methods are lower case: {})",
                    METHODS.join(", ")
                ));
            }
        }
    }
    let mut seen = HashSet::new();
    for status in &doc.statuses {
        if !seen.insert(status) {
            return Err(format!("status `{status}` is listed twice"));
        }
    }
    Ok(Rule { doc, cases })
}

/// A case's conditions add to the rule-wide `when:`.
fn merge(into: &mut Condition, case: &Condition) {
    into.methods.extend(case.methods.iter().cloned());
    into.except_methods
        .extend(case.except_methods.iter().cloned());
    let op = &case.operation;
    let into_op = &mut into.operation;
    into_op.request_body = op.request_body.or(into_op.request_body);
    into_op.path_parameters = op.path_parameters.or(into_op.path_parameters);
    into_op.security = op.security.or(into_op.security);
    into_op.success_content = op.success_content.or(into_op.success_content);
    into_op.deprecated = op.deprecated.or(into_op.deprecated);
    into_op
        .header_parameters_absent
        .extend(op.header_parameters_absent.iter().cloned());
    into_op
        .responses_absent
        .extend(op.responses_absent.iter().cloned());
    let resp = &case.response;
    into.response.content = resp.content.or(into.response.content);
    into.response
        .headers_absent
        .extend(resp.headers_absent.iter().cloned());
    into.response
        .headers_present
        .extend(resp.headers_present.iter().cloned());
    into.response
        .media_types_absent
        .extend(resp.media_types_absent.iter().cloned());
}

fn check_placeholders(message: &str) -> Result<(), String> {
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("unclosed `{{` in message `{message}`"))?;
        let name = &after[..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder `{{{name}}}` in message (known: status, method, path, detail)"
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}
