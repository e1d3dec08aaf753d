//! Findings about a shared response, reported once where the fix goes: at its `$ref`
//! definition, listing the operations that use it.
//!
//! A rule `about: response` judges the response object (a header missing, content where none
//! may be). When the response comes through a `$ref`, every use that fires is gathered under
//! its definition, and one finding is made at the definition once every operation was seen:
//! it names the uses it affects and, when the rule also looks at the operation (a method, a
//! parameter), how many other uses are fine.

use std::collections::HashMap;

use super::{fix_hint, Case, Severity};
use crate::finding::{Definition, Finding, Use};
use crate::model::{Api, Dialect, Operation, Response, Suppression};
use crate::registry::Rule;
use crate::rule::At;
use crate::source::Loc;

/// The uses of each definition that fired, by rule, definition and case.
#[derive(Default)]
pub(super) struct Shared<'a> {
    groups: Vec<Group<'a>>,
    by_key: HashMap<(usize, Loc, usize), usize>,
}

struct Group<'a> {
    rule: &'a Rule,
    case: &'a Case,
    severity: Severity,
    /// The first use's response: its facts are the definition's.
    response: &'a Response,
    /// What the rule's function said of the first use, for the message's `{detail}`.
    detail: String,
    fired: Vec<(&'a Operation, &'a Response)>,
}

impl<'a> Shared<'a> {
    /// Records that `rule` fired on `response` of `op`, a response reached through `$ref`.
    pub(super) fn add(
        &mut self,
        index: usize,
        rule: &'a Rule,
        (case, severity, detail): (&'a Case, Severity, String),
        op: &'a Operation,
        response: &'a Response,
    ) {
        let Some(definition) = response.via_ref.last() else {
            return;
        };
        let case_index = rule
            .cases
            .iter()
            .position(|c| std::ptr::eq(c, case))
            .unwrap_or(0);
        let key = (index, *definition, case_index);
        let group = *self.by_key.entry(key).or_insert_with(|| {
            self.groups.push(Group {
                rule,
                case,
                severity,
                response,
                detail,
                fired: Vec::new(),
            });
            self.groups.len() - 1
        });
        self.groups[group].fired.push((op, response));
    }

    /// One finding for each definition that fired, into `out`.
    pub(super) fn finish(self, api: &'a Api, out: &mut Vec<Finding>) {
        if self.groups.is_empty() {
            return;
        }
        let mut uses: HashMap<Loc, Vec<(&Operation, &Response)>> = HashMap::new();
        for op in &api.operations {
            for response in &op.responses {
                if let Some(definition) = response.via_ref.last() {
                    uses.entry(*definition).or_default().push((op, response));
                }
            }
        }
        for group in self.groups {
            let all = group
                .response
                .via_ref
                .last()
                .and_then(|d| uses.get(d))
                .map(Vec::as_slice)
                .unwrap_or_default();
            out.push(group.finding(all, api.dialect));
        }
    }
}

impl Group<'_> {
    fn finding(&self, all: &[(&Operation, &Response)], dialect: Dialect) -> Finding {
        let response = self.response;
        let definition = super::definition(response).unwrap_or(Definition {
            loc: response.key_loc,
            pointer: response.pointer.clone(),
        });
        // The uses that did not fire and are not silenced: the rule also looked at the
        // operation, and these operations are fine.
        let fine: Vec<&Operation> = all
            .iter()
            .filter(|(_, r)| !self.fired.iter().any(|(_, f)| std::ptr::eq(*f, *r)))
            .filter(|(op, r)| !silenced(self.rule.id(), &[&r.suppressed, &op.suppressed]))
            .map(|(op, _)| *op)
            .collect();
        let mut loc = definition.loc;
        // A definition without a pointer (a Rust type) is keyed by its first use's.
        let mut pointer = match self.fired.first() {
            Some((_, first)) if definition.pointer.is_empty() => first.pointer.clone(),
            _ => definition.pointer.clone(),
        };
        if self.rule.check().at == At::Content {
            if let Some(content) = response.content {
                loc = content;
                pointer.push_str(if dialect == Dialect::Swagger2 {
                    "/schema"
                } else {
                    "/content"
                });
            }
        }
        let name = definition.name();
        let subject = if name.is_empty() {
            "the shared response".to_string()
        } else {
            format!("`{name}`")
        };
        let text = self
            .case
            .message
            .replace("{detail}", &self.detail)
            .replace("{status}", &response.key)
            .replace("{method} {path}", &subject)
            .replace("{method}", "its method")
            .replace("{path}", &subject);
        let operations: Vec<&Operation> = self.fired.iter().map(|(op, _)| *op).collect();
        let note = super::challenge::note(self.case, &operations);
        Finding {
            rule: self.rule.id().to_string(),
            severity: self.severity,
            message: format!("{text}; {}", uses_phrase(&operations, &fine)),
            loc,
            label: self.rule.doc.label.clone(),
            related: Vec::new(),
            pointer,
            fix: fix_hint(self.rule, self.case, dialect, response),
            note,
            operation: String::new(),
            definition: Some(definition),
            uses: self
                .fired
                .iter()
                .map(|(op, r)| Use {
                    method: op.method.to_ascii_uppercase(),
                    path: op.path.clone(),
                    loc: r.key_loc,
                    pointer: r.pointer.clone(),
                })
                .collect(),
        }
    }
}

/// Whether one of `lists` suppresses `rule` (without marking it used: the use did not fire).
fn silenced(rule: &str, lists: &[&[Suppression]]) -> bool {
    lists.iter().any(|l| l.iter().any(|s| s.rule == rule))
}

/// `used by 89 POST operations; its 3 PUT uses are fine`.
fn uses_phrase(affected: &[&Operation], fine: &[&Operation]) -> String {
    let mut text = match (affected, one_method(affected)) {
        ([op], _) => format!("used by {} {}", op.method.to_ascii_uppercase(), op.path),
        (_, Some(method)) => format!("used by {} {method} operations", affected.len()),
        (_, None) => format!("used by {} operations", affected.len()),
    };
    if !fine.is_empty() {
        let verb = if fine.len() == 1 {
            "use is"
        } else {
            "uses are"
        };
        match one_method(fine) {
            Some(method) => text.push_str(&format!("; its {} {method} {verb} fine", fine.len())),
            None => text.push_str(&format!("; its {} other {verb} fine", fine.len())),
        }
    }
    text
}

/// The method all of `ops` share, upper case.
fn one_method(ops: &[&Operation]) -> Option<String> {
    let first = ops.first()?;
    ops.iter()
        .all(|op| op.method == first.method)
        .then(|| first.method.to_ascii_uppercase())
}
