//! Rule logic beyond the declarative vocabulary, named by rule files with `function:`.
//!
//! A function answers whether its rule fires and, when it does, a detail for the message's
//! `{detail}` (which headers are missing, say); most need more than the one response, such as
//! the same operation's 200 or the same path's GET.

use crate::allowed::AllowedStatuses;
use crate::model::{range_class, status_code, Api, Dialect, Operation, Response};
use crate::status;

/// What a function may read besides the operation and response it judges.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub api: &'a Api,
    /// The configured per-method status table, if any.
    pub allowed: Option<&'a AllowedStatuses>,
}

/// `Some(detail)` when the named function's condition holds for `response` (the rule then
/// fires). Unknown names are refused when rule files are validated, so they never reach here.
pub fn response_detail(
    function: &str,
    cx: Context,
    op: &Operation,
    response: &Response,
) -> Option<String> {
    let fires = match function {
        "invalid-status-code" => {
            !is_valid_key(&response.key)
                // Ranges came with OpenAPI 3.0: Swagger 2.0 has codes and `default` only.
                || (cx.api.dialect == Dialect::Swagger2 && response.range_class().is_some())
        }
        "unregistered-status-code" => response
            .code()
            .is_some_and(|c| (100..=599).contains(&c) && status::lookup(c).is_none()),
        // Only numbers need quotes: an unquoted `201:` is an integer key in YAML, `2XX:` and
        // `default:` are strings already.
        "status-code-not-quoted" => {
            cx.api.dialect.is_openapi3()
                && !response.key_quoted
                && status_code(&response.key).is_some()
        }
        "not-modified-without-validators" => return not_modified_without_validators(op, response),
        "head-headers-differ-from-get" => return head_headers_differ(cx.api, op, response),
        "error-not-problem-details" => return error_not_problem_details(response),
        "status-not-allowed-for-method" => {
            cx.allowed
                .and_then(|table| table.allows(&op.method, &response.key))
                == Some(false)
        }
        _ => false,
    };
    fires.then(String::new)
}

/// `Some(detail)` when the named operation-scope function's condition holds for `op`.
pub fn operation_detail(function: &str, cx: Context, op: &Operation) -> Option<String> {
    match function {
        "conditional-without-validator" => conditional_without_validator(cx.api, op),
        _ => None,
    }
}

/// `default`, a code 100–599, or a range `1XX`–`5XX` (upper-case X, as OpenAPI requires).
pub fn is_valid_key(key: &str) -> bool {
    key == "default"
        || range_class(key).is_some()
        || status_code(key).is_some_and(|c| (100..=599).contains(&c))
}

/// The fields RFC 9110 §15.4.5 requires a 304 to repeat from the 200 it stands for.
const VALIDATORS_304: &[&str] = &[
    "ETag",
    "Content-Location",
    "Vary",
    "Cache-Control",
    "Expires",
];

fn not_modified_without_validators(op: &Operation, response: &Response) -> Option<String> {
    let ok = op.responses.iter().find(|r| r.key == "200")?;
    let missing: Vec<&str> = VALIDATORS_304
        .iter()
        .copied()
        .filter(|h| ok.has_header(h) && !response.has_header(h))
        .collect();
    (!missing.is_empty()).then(|| code_list(&missing))
}

/// Fields HEAD may omit: their value is known only once the content is generated (RFC 9110
/// §9.3.2 "a server MAY omit header fields for which a value is determined only while
/// generating the content").
const CONTENT_GENERATED: &[&str] = &[
    "Content-Length",
    "Transfer-Encoding",
    "Trailer",
    "Content-MD5",
    "Digest",
    "Content-Digest",
    "Repr-Digest",
];

fn head_headers_differ(api: &Api, op: &Operation, response: &Response) -> Option<String> {
    if op.method != "head" {
        return None;
    }
    let get = same_path(api, op, "get").next()?;
    // The GET response of the same status, else GET's 200: what HEAD stands for.
    let twin = get
        .responses
        .iter()
        .find(|r| r.key == response.key)
        .or_else(|| get.responses.iter().find(|r| r.key == "200"))?;
    let missing: Vec<&str> = twin
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| {
            !response.has_header(h) && !CONTENT_GENERATED.iter().any(|c| c.eq_ignore_ascii_case(h))
        })
        .collect();
    (!missing.is_empty()).then(|| code_list(&missing))
}

/// The operations of `method` on the same path (or webhook, or callback) as `op`.
fn same_path<'a>(
    api: &'a Api,
    op: &'a Operation,
    method: &'a str,
) -> impl Iterator<Item = &'a Operation> {
    api.operations
        .iter()
        .filter(move |o| o.kind == op.kind && o.path == op.path && o.method == method)
}

fn is_success(r: &Response) -> bool {
    r.code().is_some_and(|c| (200..300).contains(&c)) || r.range_class() == Some(2)
}

/// Request condition → the validator a client needs to have received to send it, and the
/// status that shows the condition is evaluated against it (see [`judged`]).
const CONDITIONS: &[(&str, &str, &str)] = &[
    ("If-None-Match", "ETag", ""),
    ("If-Match", "ETag", ""),
    ("If-Modified-Since", "Last-Modified", "304"),
    ("If-Unmodified-Since", "Last-Modified", "412"),
];

/// Whether `op` uses `condition` as a validator check. Tuned on the corpus: `If-None-Match`
/// on a method other than GET/HEAD is `If-None-Match: *` ("create only if absent", RFC 9110
/// §13.1.2), which needs no entity tag; and a date condition may carry any date the client
/// chose (Xero's `If-Modified-Since` filters records changed since), so it is judged only when
/// the operation declares the status of a failed check (304, 412).
fn judged(op: &Operation, condition: &str, status: &str) -> bool {
    let documented = op
        .header_parameters
        .iter()
        .any(|p| p.eq_ignore_ascii_case(condition));
    let star = condition == "If-None-Match" && op.method != "get" && op.method != "head";
    documented && !star && (status.is_empty() || op.responses.iter().any(|r| r.key == status))
}

/// The client learns a validator from a success response of GET on the path, or of the
/// operation itself (a PUT answering with the new `ETag`).
fn conditional_without_validator(api: &Api, op: &Operation) -> Option<String> {
    let conditions: Vec<(&str, &str)> = CONDITIONS
        .iter()
        .filter(|(condition, _, status)| judged(op, condition, status))
        .map(|&(condition, validator, _)| (condition, validator))
        .collect();
    // Checked first: finding GET on the path walks every operation.
    if conditions.is_empty() {
        return None;
    }
    let gets: Vec<&Operation> = same_path(api, op, "get").collect();
    if !op.responses_complete || gets.iter().any(|g| !g.responses_complete) {
        return None;
    }
    let sources = gets.into_iter().chain(std::iter::once(op));
    let declared = |validator: &str| {
        sources
            .clone()
            .flat_map(|o| &o.responses)
            .any(|r| is_success(r) && r.has_header(validator))
    };
    let mut missing: Vec<(Vec<&str>, &str)> = Vec::new();
    for (condition, validator) in conditions {
        if declared(validator) {
            continue;
        }
        match missing.iter_mut().find(|(_, v)| *v == validator) {
            Some((names, _)) => names.push(condition),
            None => missing.push((vec![condition], validator)),
        }
    }
    let parts: Vec<String> = missing
        .iter()
        .map(|(names, validator)| format!("{} but no `{validator}`", code_list(names)))
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// JSON content (`application/json`, `*/*+json`) with no `application/problem+json` beside it.
fn error_not_problem_details(response: &Response) -> Option<String> {
    response.content?;
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let types: Vec<String> = response.media_types.iter().map(|t| essence(t)).collect();
    if types.iter().any(|t| t == "application/problem+json") {
        return None;
    }
    types
        .into_iter()
        .find(|t| t == "application/json" || t.ends_with("+json") || t.ends_with("/json"))
}

fn code_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
