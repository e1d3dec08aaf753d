//! Rule logic beyond the declarative vocabulary, named by rule files with `function:`.

use crate::model::{range_class, status_code, Api, Dialect, Operation, Response};
use crate::status;

/// Whether the named function's condition holds for `response` (the rule then fires).
/// Unknown names are refused when rule files are validated, so they never reach here.
pub fn holds(function: &str, api: &Api, _op: &Operation, response: &Response) -> bool {
    match function {
        "invalid-status-code" => {
            !is_valid_key(&response.key)
                // Ranges came with OpenAPI 3.0: Swagger 2.0 has codes and `default` only.
                || (api.dialect == Dialect::Swagger2 && response.range_class().is_some())
        }
        "unregistered-status-code" => response
            .code()
            .is_some_and(|c| (100..=599).contains(&c) && status::lookup(c).is_none()),
        // Only numbers need quotes: an unquoted `201:` is an integer key in YAML, `2XX:` and
        // `default:` are strings already.
        "status-code-not-quoted" => {
            api.dialect.is_openapi3()
                && !response.key_quoted
                && status_code(&response.key).is_some()
        }
        _ => false,
    }
}

/// `default`, a code 100–599, or a range `1XX`–`5XX` (upper-case X, as OpenAPI requires).
pub fn is_valid_key(key: &str) -> bool {
    key == "default"
        || range_class(key).is_some()
        || status_code(key).is_some_and(|c| (100..=599).contains(&c))
}
