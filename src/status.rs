//! The IANA HTTP Status Code Registry, as data: reason phrase, defining reference and, for the
//! statuses no rule speaks of, why nothing in a description can contradict them.
//!
//! Source: <https://www.iana.org/assignments/http-status-codes/http-status-codes.xhtml>.
//! Unassigned codes (105-199, 209-225, 227-299, 309-399, 419-420, 427, 430, 432-450, 452-499,
//! 509, 512-599) are absent, which is what `unregistered-status-code` looks for.

/// One registered status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusInfo {
    pub code: u16,
    /// The registry's description, e.g. "Created", or "(Unused)" for a reserved code.
    pub reason: &'static str,
    /// The defining document and section, e.g. "RFC 9110 §15.3.2".
    pub reference: &'static str,
    pub url: &'static str,
    /// Why no rule checks this status, or what is special about its registration.
    pub note: Option<&'static str>,
}

/// An entry defined by an RFC section: `reference` and `url` are both derived from it, so they
/// cannot disagree.
macro_rules! rfc {
    ($code:literal, $reason:literal, $rfc:literal, $section:literal) => {
        rfc!($code, $reason, $rfc, $section, None)
    };
    ($code:literal, $reason:literal, $rfc:literal, $section:literal, $note:expr) => {
        StatusInfo {
            code: $code,
            reason: $reason,
            reference: concat!("RFC ", $rfc, " §", $section),
            url: concat!(
                "https://www.rfc-editor.org/rfc/rfc",
                $rfc,
                "#section-",
                $section
            ),
            note: $note,
        }
    };
}

const NO_HEADER_TO_CHECK: &str = "nothing in a spec can contradict it: it requires no header \
     field and allows content, so documenting it is legitimate wherever the server sends it";

/// Every registered code, sorted by code (a test checks it; [`lookup`] relies on it).
pub const STATUSES: &[StatusInfo] = &[
    rfc!(100, "Continue", 9110, "15.2.1"),
    rfc!(101, "Switching Protocols", 9110, "15.2.2", Some("the only 1xx that ends the HTTP exchange, so it may be documented as an operation's response (e.g. a WebSocket upgrade)")),
    rfc!(102, "Processing", 2518, "10.1", Some("defined by WebDAV's RFC 2518 and dropped from its successor RFC 4918; still registered")),
    rfc!(103, "Early Hints", 8297, "2"),
    StatusInfo {
        code: 104,
        reason: "Upload Resumption Supported",
        reference: "draft-ietf-httpbis-resumable-upload",
        url: "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload/",
        note: Some("a temporary registration (since 2024-11) for the resumable uploads draft; it may be withdrawn or changed"),
    },
    rfc!(200, "OK", 9110, "15.3.1"),
    rfc!(201, "Created", 9110, "15.3.2"),
    rfc!(202, "Accepted", 9110, "15.3.3"),
    rfc!(203, "Non-Authoritative Information", 9110, "15.3.4", Some("sent by a transforming proxy, not the origin; nothing in a spec can contradict it, though an origin API rarely has reason to document it")),
    rfc!(204, "No Content", 9110, "15.3.5"),
    rfc!(205, "Reset Content", 9110, "15.3.6"),
    rfc!(206, "Partial Content", 9110, "15.3.7"),
    rfc!(207, "Multi-Status", 4918, "11.1", Some(NO_HEADER_TO_CHECK)),
    rfc!(208, "Already Reported", 5842, "7.1", Some(NO_HEADER_TO_CHECK)),
    rfc!(226, "IM Used", 3229, "10.4.1", Some(NO_HEADER_TO_CHECK)),
    rfc!(300, "Multiple Choices", 9110, "15.4.1", Some("a `Location` header is optional (MAY) for 300, so nothing in a spec can contradict it")),
    rfc!(301, "Moved Permanently", 9110, "15.4.2"),
    rfc!(302, "Found", 9110, "15.4.3"),
    rfc!(303, "See Other", 9110, "15.4.4"),
    rfc!(304, "Not Modified", 9110, "15.4.5"),
    rfc!(305, "Use Proxy", 9110, "15.4.6", Some("deprecated: clients no longer act on it")),
    rfc!(306, "(Unused)", 9110, "15.4.7", Some("no longer used; the code is reserved")),
    rfc!(307, "Temporary Redirect", 9110, "15.4.8"),
    rfc!(308, "Permanent Redirect", 9110, "15.4.9"),
    rfc!(400, "Bad Request", 9110, "15.5.1", Some("any request can be malformed, so documenting 400 is legitimate on every operation; only `error-without-content` applies")),
    rfc!(401, "Unauthorized", 9110, "15.5.2"),
    rfc!(402, "Payment Required", 9110, "15.5.3", Some("reserved for future use, without defined semantics: nothing in a spec can contradict it")),
    rfc!(403, "Forbidden", 9110, "15.5.4"),
    rfc!(404, "Not Found", 9110, "15.5.5", Some("a server may answer 404 for any target it will not disclose, so documenting it is always legitimate; `path-parameter-without-not-found` only asks for it where a path parameter makes it likely")),
    rfc!(405, "Method Not Allowed", 9110, "15.5.6"),
    rfc!(406, "Not Acceptable", 9110, "15.5.7"),
    rfc!(407, "Proxy Authentication Required", 9110, "15.5.8"),
    rfc!(408, "Request Timeout", 9110, "15.5.9", Some("any request can time out, so documenting 408 is legitimate; nothing in a spec can contradict it")),
    rfc!(409, "Conflict", 9110, "15.5.10"),
    rfc!(410, "Gone", 9110, "15.5.11", Some("nothing in a spec can contradict 410 Gone: documenting it is legitimate, as whether a resource was removed for good is the server's knowledge, not the description's")),
    rfc!(411, "Length Required", 9110, "15.5.12", Some("depends on how the client frames its request, not on anything a spec declares; documenting it is legitimate")),
    rfc!(412, "Precondition Failed", 9110, "15.5.13", Some("it answers a precondition in the request's header fields (If-Match, If-None-Match, If-Unmodified-Since), which the operation should document")),
    rfc!(413, "Content Too Large", 9110, "15.5.14"),
    rfc!(414, "URI Too Long", 9110, "15.5.15", Some("any URI can be too long for a server; documenting 414 is legitimate")),
    rfc!(415, "Unsupported Media Type", 9110, "15.5.16"),
    rfc!(416, "Range Not Satisfiable", 9110, "15.5.17"),
    rfc!(417, "Expectation Failed", 9110, "15.5.18", Some("any client may send an `Expect` header field; documenting 417 is legitimate")),
    rfc!(418, "(Unused)", 9110, "15.5.19", Some("from an April 1 RFC (HTCPCP); reserved so that it is never assigned")),
    rfc!(421, "Misdirected Request", 9110, "15.5.20", Some("depends on connection reuse, not on anything a spec declares; documenting it is legitimate")),
    rfc!(422, "Unprocessable Content", 9110, "15.5.21", Some("validation of request content or parameters is the server's business; documenting 422 is legitimate, nothing in a spec can contradict it")),
    rfc!(423, "Locked", 4918, "11.3", Some(NO_HEADER_TO_CHECK)),
    rfc!(424, "Failed Dependency", 4918, "11.4", Some(NO_HEADER_TO_CHECK)),
    rfc!(425, "Too Early", 8470, "5.2", Some("depends on TLS early data, not on anything a spec declares; documenting it is legitimate")),
    rfc!(426, "Upgrade Required", 9110, "15.5.22"),
    rfc!(428, "Precondition Required", 6585, "3", Some("sent when the request lacks a precondition the server requires (If-Match or If-Unmodified-Since), which the operation should document")),
    rfc!(429, "Too Many Requests", 6585, "4"),
    rfc!(431, "Request Header Fields Too Large", 6585, "5", Some("any request can carry too many header fields; documenting 431 is legitimate")),
    rfc!(451, "Unavailable For Legal Reasons", 7725, "3", Some("legal demands are outside the description; documenting 451 is legitimate (a `Link` header with rel=\"blocked-by\" is only a SHOULD)")),
    rfc!(500, "Internal Server Error", 9110, "15.6.1", Some("documenting 500 is legitimate: any operation can fail unexpectedly, and nothing in a spec can contradict it; only `error-without-content` applies")),
    rfc!(501, "Not Implemented", 9110, "15.6.2"),
    rfc!(502, "Bad Gateway", 9110, "15.6.3"),
    rfc!(503, "Service Unavailable", 9110, "15.6.4"),
    rfc!(504, "Gateway Timeout", 9110, "15.6.5"),
    rfc!(505, "HTTP Version Not Supported", 9110, "15.6.6", Some("about the protocol version of the connection, which a spec does not declare; documenting it is legitimate")),
    rfc!(506, "Variant Also Negotiates", 2295, "8.1", Some(NO_HEADER_TO_CHECK)),
    rfc!(507, "Insufficient Storage", 4918, "11.5", Some(NO_HEADER_TO_CHECK)),
    rfc!(508, "Loop Detected", 5842, "7.2", Some(NO_HEADER_TO_CHECK)),
    rfc!(510, "Not Extended", 2774, "7", Some("marked OBSOLETED in the registry: RFC 2774 (the HTTP Extension Framework) was moved to Historic")),
    rfc!(511, "Network Authentication Required", 6585, "6", Some("sent by an intercepting proxy (e.g. a captive portal), not the origin; nothing in a spec can contradict it")),
];

/// The registry entry for `code`, if it is registered.
pub fn lookup(code: u16) -> Option<&'static StatusInfo> {
    STATUSES
        .binary_search_by_key(&code, |s| s.code)
        .ok()
        .map(|i| &STATUSES[i])
}

/// Whether the registry marks `code` as deprecated (305) or reserved and unused (306, 418).
pub fn is_deprecated(code: u16) -> bool {
    matches!(code, 305 | 306 | 418)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_without_duplicates() {
        assert!(STATUSES.windows(2).all(|w| w[0].code < w[1].code));
    }

    #[test]
    fn every_url_is_https() {
        for s in STATUSES {
            assert!(s.url.starts_with("https://"), "{}: {}", s.code, s.url);
        }
    }

    #[test]
    fn codes_are_valid_and_texts_non_empty() {
        for s in STATUSES {
            assert!((100..=599).contains(&s.code), "{}", s.code);
            assert!(
                !s.reason.is_empty() && !s.reference.is_empty(),
                "{}",
                s.code
            );
        }
    }

    #[test]
    fn lookup_finds_registered_codes_only() {
        assert_eq!(lookup(201).map(|s| s.reason), Some("Created"));
        assert_eq!(lookup(418).map(|s| s.reason), Some("(Unused)"));
        assert_eq!(lookup(100).map(|s| s.code), Some(100));
        assert_eq!(lookup(511).map(|s| s.code), Some(511));
        for unregistered in [0, 99, 199, 299, 420, 499, 509, 599, 600] {
            assert!(lookup(unregistered).is_none(), "{unregistered}");
        }
    }

    #[test]
    fn deprecated_codes_are_registered() {
        for code in [305, 306, 418] {
            assert!(is_deprecated(code) && lookup(code).is_some(), "{code}");
        }
        assert!(!is_deprecated(307));
    }

    #[test]
    fn statuses_without_rules_explain_themselves() {
        for code in [410, 500] {
            assert!(lookup(code).and_then(|s| s.note).is_some(), "{code}");
        }
    }
}
