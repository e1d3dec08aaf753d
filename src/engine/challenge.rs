//! The `WWW-Authenticate` challenge that fits the security scheme an operation actually
//! requires, for the help of a 401 without one.

use super::Case;
use crate::model::{AuthScheme, Operation};

/// Help naming the challenge for the schemes of `ops`, when the case wants a
/// `WWW-Authenticate` header and the operations declare schemes.
pub(super) fn note(case: &Case, ops: &[&Operation]) -> Option<String> {
    let wants_challenge = case
        .when
        .response
        .headers_absent
        .iter()
        .any(|h| h.eq_ignore_ascii_case("WWW-Authenticate"));
    if !wants_challenge {
        return None;
    }
    let mut kinds: Vec<AuthScheme> = ops.iter().flat_map(|op| op.auth.iter().copied()).collect();
    kinds.sort();
    kinds.dedup();
    let lines: Vec<&str> = kinds.iter().map(|kind| advice(*kind)).collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn advice(kind: AuthScheme) -> &'static str {
    match kind {
        AuthScheme::Bearer => {
            "The operation is secured by bearer tokens (HTTP Bearer, OAuth 2 or OpenID Connect): \
             the challenge is `WWW-Authenticate: Bearer realm=\"api\"` (RFC 6750 adds \
             `error=\"invalid_token\"` when a token was sent but is not valid)."
        }
        AuthScheme::Basic => {
            "The operation is secured by HTTP Basic: the challenge is \
             `WWW-Authenticate: Basic realm=\"api\", charset=\"UTF-8\"` (RFC 7617)."
        }
        AuthScheme::ApiKey => {
            "The operation is secured by an API key, which is no HTTP authentication scheme, but \
             RFC 9110 still requires a challenge with every 401: declare a custom scheme such as \
             `WWW-Authenticate: ApiKey realm=\"api\"`. If the key was accepted but lacks the \
             rights, 403 Forbidden is what is meant."
        }
        AuthScheme::Cookie => {
            "The operation is secured by a cookie (a session), which is no HTTP authentication \
             scheme, but RFC 9110 still requires a challenge with every 401: declare a custom \
             scheme such as `WWW-Authenticate: Cookie realm=\"api\"`. If the user is signed in \
             but not allowed, 403 Forbidden is what is meant."
        }
    }
}
