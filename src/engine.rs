//! The rule engine: evaluates every enabled rule on every operation and response of an
//! [`Api`], and attaches rule id, severity and message centrally (rules supply only conditions).

mod challenge;
mod shared;

use crate::allowed::AllowedStatuses;
use crate::checks::{self, Context};
use crate::finding::{Definition, Finding, FixHint, Related, SourceRepair};
use shared::Shared;

use crate::load::Problem;
use std::collections::HashSet;
use std::sync::Arc;

use crate::model::{range_class, status_code, Api, Dialect, Operation, Response, Suppression};
use crate::registry::{Case, Rule, RuleSet};
use crate::rule::{About, At, Presence, Scope, SecurityFact, Severity};
use crate::source::Loc;

/// What configuration made of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Level {
    Off,
    /// The rule's own severity (or its case's).
    #[default]
    Default,
    Set(Severity),
}

/// A configuration's starting point, before its `rules:` entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    /// Every rule that is not opt-in, at its own severity.
    #[default]
    Recommended,
    /// Every rule, opt-in ones included, at its own severity.
    Strict,
}

/// The level of each rule of a [`RuleSet`], by index, and the per-method status table
/// `status-not-allowed-for-method` reads (configuration of a rule, like its level).
#[derive(Debug, Clone)]
pub struct Levels(pub Vec<Level>, pub Option<Arc<AllowedStatuses>>);

impl Levels {
    /// The `recommended` preset: opt-in rules off, the others at their own severity.
    pub fn all_default(rules: &RuleSet) -> Levels {
        Levels::preset(rules, Preset::Recommended)
    }

    pub fn preset(rules: &RuleSet, preset: Preset) -> Levels {
        let levels = rules
            .rules
            .iter()
            .map(|r| match (r.doc.opt_in, preset) {
                (true, Preset::Recommended) => Level::Off,
                _ => Level::Default,
            })
            .collect();
        Levels(levels, None)
    }

    fn severity(&self, index: usize, case: Severity) -> Option<Severity> {
        match self.0.get(index).copied().unwrap_or_default() {
            Level::Off => None,
            Level::Default => Some(case),
            Level::Set(s) => Some(s),
        }
    }
}

/// Runs the rules over `api` and turns the loader's `problems` into findings, honouring
/// suppressions and reporting the ones that suppressed nothing.
pub fn lint(
    api: Option<&Api>,
    problems: &[Problem],
    rules: &RuleSet,
    levels: &Levels,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut used: HashSet<(&str, Loc)> = HashSet::new();
    let root_suppressed = api
        .map(|a| a.root_suppressed.as_slice())
        .unwrap_or_default();
    for p in problems {
        let Some(index) = rules.index(p.rule) else {
            continue;
        };
        let Some(severity) = levels.severity(index, rules.rules[index].doc.severity) else {
            continue;
        };
        if suppressed(&mut used, p.rule, &[root_suppressed, &p.suppressed]) {
            continue;
        }
        out.push(Finding {
            rule: p.rule.to_string(),
            severity,
            message: p.message.clone(),
            loc: p.loc,
            label: p.label.clone(),
            related: p.related.clone(),
            pointer: String::new(),
            fix: None,
            note: None,
            operation: String::new(),
            definition: None,
            uses: Vec::new(),
        });
    }
    let Some(api) = api else {
        return out;
    };
    let mut shared = Shared::default();
    let cx = Context {
        api,
        allowed: levels.1.as_deref(),
    };
    for (index, rule) in rules.rules.iter().enumerate() {
        if levels.0.get(index) == Some(&Level::Off) {
            continue;
        }
        let check = rule.check();
        for op in &api.operations {
            match check.scope {
                Scope::Document => {}
                Scope::Operation => {
                    let detail = match &check.function {
                        Some(function) => checks::operation_detail(function, cx, op),
                        None => Some(String::new()),
                    };
                    let Some(detail) = detail else {
                        continue;
                    };
                    if let Some(case) = first_case(rule, op, None) {
                        if let Some(severity) = levels.severity(index, case.severity) {
                            if !suppressed(&mut used, rule.id(), &[&op.suppressed]) {
                                out.push(operation_finding(rule, case, severity, op, &detail));
                            }
                        }
                    }
                }
                Scope::Response => {
                    for response in &op.responses {
                        let Some((case, severity, detail)) =
                            fires(rule, index, levels, cx, op, response)
                        else {
                            continue;
                        };
                        if suppressed(
                            &mut used,
                            rule.id(),
                            &[&response.suppressed, &op.suppressed],
                        ) {
                            continue;
                        }
                        if rule.doc.about == About::Response && !response.via_ref.is_empty() {
                            shared.add(index, rule, (case, severity, detail), op, response);
                        } else {
                            out.push(response_finding(
                                rule,
                                case,
                                severity,
                                api.dialect,
                                op,
                                response,
                                &detail,
                            ));
                        }
                    }
                }
            }
        }
    }
    shared.finish(api, &mut out);
    unused_suppressions(api, &used, rules, levels, &mut out);
    out
}

/// The case of `rule` that fires on `response` of `op`, its configured severity and the
/// detail its function gives for the message, if one does (suppressions aside).
pub(crate) fn fires<'r>(
    rule: &'r Rule,
    index: usize,
    levels: &Levels,
    cx: Context,
    op: &Operation,
    response: &Response,
) -> Option<(&'r Case, Severity, String)> {
    if !rule.applies_to_status(&response.key) {
        return None;
    }
    let detail = match &rule.check().function {
        Some(function) => checks::response_detail(function, cx, op, response)?,
        None => String::new(),
    };
    let case = first_case(rule, op, Some(response))?;
    Some((case, levels.severity(index, case.severity)?, detail))
}

/// Whether one of `lists` suppresses `rule`; marks the suppression used.
fn suppressed<'a>(
    used: &mut HashSet<(&'a str, Loc)>,
    rule: &str,
    lists: &[&'a [Suppression]],
) -> bool {
    for list in lists {
        if let Some(s) = list.iter().find(|s| s.rule == rule) {
            used.insert((s.rule.as_str(), s.loc));
            return true;
        }
    }
    false
}

/// Every suppression that silenced nothing, once per place. A suppression of a rule that
/// configuration turned off cannot be judged and is left alone.
fn unused_suppressions(
    api: &Api,
    used: &HashSet<(&str, Loc)>,
    rules: &RuleSet,
    levels: &Levels,
    out: &mut Vec<Finding>,
) {
    let Some(index) = rules.index("unused-suppression") else {
        return;
    };
    let rule = &rules.rules[index];
    let Some(severity) = levels.severity(index, rule.doc.severity) else {
        return;
    };
    let all = api
        .root_suppressed
        .iter()
        .chain(api.operations.iter().flat_map(|op| {
            op.suppressed
                .iter()
                .chain(op.responses.iter().flat_map(|r| &r.suppressed))
        }));
    let mut reported = HashSet::new();
    for s in all {
        if used.contains(&(s.rule.as_str(), s.loc)) || !reported.insert((s.rule.as_str(), s.loc)) {
            continue;
        }
        let message = match rules.index(&s.rule) {
            Some(i) if levels.0.get(i) == Some(&Level::Off) => continue,
            Some(_) => rule
                .doc
                .message
                .replace("{status}", &s.rule)
                .replace("{method} ", "")
                .replace("{path} ", ""),
            None => rules.unknown(&s.rule),
        };
        out.push(Finding {
            rule: rule.id().to_string(),
            severity,
            message,
            loc: s.loc,
            label: rule.doc.label.clone(),
            related: Vec::new(),
            pointer: String::new(),
            fix: None,
            note: None,
            operation: String::new(),
            definition: None,
            uses: Vec::new(),
        });
    }
}

fn first_case<'r>(rule: &'r Rule, op: &Operation, response: Option<&Response>) -> Option<&'r Case> {
    rule.cases.iter().find(|case| {
        let when = &case.when;
        (when.methods.is_empty() || when.methods.contains(&op.method))
            && !when.except_methods.contains(&op.method)
            // A method a Rust source leaves unresolved (`""`): method-dependent cases wait.
            && (!op.method.is_empty() || when.except_methods.is_empty())
            && operation_holds(case, op)
            && response.is_none_or(|r| response_holds(case, r))
    })
}

fn operation_holds(case: &Case, op: &Operation) -> bool {
    let facts = &case.when.operation;
    let about_the_list = !facts.responses_absent.is_empty() || facts.success_content.is_some();
    if about_the_list && !op.responses_complete {
        return false;
    }
    // A fact read off something broken (already reported) is unknown: the rule stays quiet.
    let about_parameters = !facts.header_parameters_absent.is_empty()
        || facts.path_parameters.is_some()
        || facts.request_body.is_some();
    if about_parameters && !op.parameters_complete {
        return false;
    }
    if facts.success_content.is_some() && op.responses.iter().any(|r| !r.content_complete) {
        return false;
    }
    presence(facts.request_body, op.has_request_body)
        && presence(facts.path_parameters, op.has_path_parameters)
        && facts
            .security
            .is_none_or(|s| op.secured == Some(s == SecurityFact::Some))
        && !facts.header_parameters_absent.iter().any(|h| {
            op.header_parameters
                .iter()
                .any(|p| p.eq_ignore_ascii_case(h))
        })
        && presence(facts.success_content, has_success_content(op))
        && facts.deprecated.is_none_or(|d| d == op.deprecated)
        && !facts
            .responses_absent
            .iter()
            .any(|entry| op.responses.iter().any(|r| key_matches(entry, &r.key)))
}

fn response_holds(case: &Case, response: &Response) -> bool {
    let facts = &case.when.response;
    let about_content = facts.content.is_some() || !facts.media_types_absent.is_empty();
    if (about_content && !response.content_complete)
        || (!facts.headers_absent.is_empty() && !response.headers_complete)
    {
        return false;
    }
    presence(facts.content, response.content.is_some())
        && !facts.headers_absent.iter().any(|h| response.has_header(h))
        && (facts.headers_present.is_empty()
            || facts.headers_present.iter().any(|h| response.has_header(h)))
        && !facts
            .media_types_absent
            .iter()
            .any(|m| response.media_types.iter().any(|t| media_type_is(t, m)))
}

fn presence(expected: Option<Presence>, actual: bool) -> bool {
    expected.is_none_or(|p| (p == Presence::Present) == actual)
}

/// `multipart/byteranges; boundary=x` is `multipart/byteranges`.
fn media_type_is(declared: &str, wanted: &str) -> bool {
    declared
        .split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case(wanted))
}

fn has_success_content(op: &Operation) -> bool {
    op.responses.iter().any(|r| {
        r.content.is_some()
            && (r.code().is_some_and(|c| (200..300).contains(&c)) || r.range_class() == Some(2))
    })
}

/// `responses-absent` matching: a lower-case class (`2xx`) matches its codes and range key;
/// anything else matches that key exactly.
fn key_matches(entry: &str, key: &str) -> bool {
    match entry.as_bytes() {
        [d @ b'1'..=b'5', b'x', b'x'] => {
            let class = d - b'0';
            status_code(key).is_some_and(|c| c / 100 == u16::from(class))
                || range_class(key) == Some(class)
        }
        _ => entry == key,
    }
}

fn render(template: &str, op: &Operation, status: &str, detail: &str) -> String {
    // An operation whose method is unknown (a Rust wrapper without its routes table).
    let template = match op.method.is_empty() {
        true => template.replace("{method} ", ""),
        false => template.to_string(),
    };
    template
        .replace("{detail}", detail)
        .replace("{status}", status)
        .replace("{method}", &op.method.to_ascii_uppercase())
        .replace("{path}", &op.path)
}

fn response_finding(
    rule: &Rule,
    case: &Case,
    severity: Severity,
    dialect: Dialect,
    op: &Operation,
    response: &Response,
    detail: &str,
) -> Finding {
    let mut related = Vec::new();
    if let Some(definition) = response.via_ref.last() {
        related.push(Related {
            loc: *definition,
            label: format!("the `{}` response is defined here", response.key),
        });
    }
    let mut loc = response.key_loc;
    let mut pointer = response.pointer.clone();
    if rule.check().at == At::Content {
        if let Some(content) = response.content {
            if response.via_ref.is_empty() {
                loc = content;
                pointer.push_str(if dialect == Dialect::Swagger2 {
                    "/schema"
                } else {
                    "/content"
                });
            } else {
                related.push(Related {
                    loc: content,
                    label: "content declared here".into(),
                });
            }
        }
    }
    related.extend(path_ref(op));
    Finding {
        rule: rule.id().to_string(),
        severity,
        message: render(&case.message, op, &response.key, detail),
        loc,
        label: rule.doc.label.clone(),
        related,
        pointer,
        fix: fix_hint(rule, case, dialect, response),
        note: challenge::note(case, &[op]),
        operation: operation_name(op),
        definition: definition(response),
        uses: Vec::new(),
    }
}

/// `GET /pets`.
fn operation_name(op: &Operation) -> String {
    format!("{} {}", op.method.to_ascii_uppercase(), op.path)
}

/// The `$ref` definition `response` came through, if any.
fn definition(response: &Response) -> Option<Definition> {
    response.via_ref.last().map(|loc| Definition {
        loc: *loc,
        pointer: response.ref_pointer.clone(),
    })
}

/// The mechanical repair of a response finding, read off the rule's conditions: a header the
/// rule wants (the first it names), content or a header it forbids, or the key it wants
/// quoted.
fn fix_hint(rule: &Rule, case: &Case, dialect: Dialect, response: &Response) -> Option<FixHint> {
    let check = rule.check();
    let Some(syntax) = response.syntax else {
        // Declared in source code: the same repair, written by the frontend's fixer.
        let repair =
            if check.at == At::Content && case.when.response.content == Some(Presence::Present) {
                SourceRepair::RemoveContent
            } else {
                SourceRepair::AddHeader(case.when.response.headers_absent.first()?.clone())
            };
        return Some(FixHint::InSource {
            at: response.key_loc,
            repair,
        });
    };
    if check.function.as_deref() == Some("status-code-not-quoted") {
        return Some(FixHint::QuoteKey {
            key: response.key_loc,
            quote: syntax.key_quote,
        });
    }
    if check.at == At::Content && case.when.response.content == Some(Presence::Present) {
        return Some(FixHint::RemoveContent { response: syntax });
    }
    if !case.when.response.headers_present.is_empty() {
        return syntax.length_header.map(|removal| FixHint::RemoveHeader {
            file: syntax.file,
            removal,
            indirect: syntax.indirect,
        });
    }
    // A header about the operation (`Deprecation`) does not belong in a response definition
    // that other operations share.
    if case.when.operation.deprecated.is_some() && !response.via_ref.is_empty() {
        return None;
    }
    let name = case.when.response.headers_absent.first()?;
    Some(FixHint::AddHeader {
        name: name.clone(),
        response: syntax,
        swagger2: dialect == Dialect::Swagger2,
    })
}

/// The `$ref` that brought the operation's path item in, as a related place.
fn path_ref(op: &Operation) -> Vec<Related> {
    op.path_ref
        .map(|loc| Related {
            loc,
            label: format!("`{}` is brought in by this `$ref`", op.path),
        })
        .into_iter()
        .collect()
}

fn operation_finding(
    rule: &Rule,
    case: &Case,
    severity: Severity,
    op: &Operation,
    detail: &str,
) -> Finding {
    Finding {
        rule: rule.id().to_string(),
        severity,
        message: render(&case.message, op, "", detail),
        loc: op.responses_loc.unwrap_or(op.loc),
        label: rule.doc.label.clone(),
        related: path_ref(op),
        pointer: format!("{}/responses", op.pointer),
        fix: None,
        note: None,
        operation: operation_name(op),
        definition: None,
        uses: Vec::new(),
    }
}
