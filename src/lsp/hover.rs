//! Hovers on status keys: what the status means (IANA registry, defining RFC section) and
//! which rules check it.

use crate::engine::{Level, Levels};
use crate::model::{range_class, status_code};
use crate::registry::{Rule, RuleSet};
use crate::status;
use crate::tree::{NodeId, Span, Tree};

/// The status-like word (`201`, `2XX`, `default`) around byte `offset`, with its span (quotes
/// excluded), when it is followed by `:` as a mapping key is.
pub fn status_word_at(text: &str, offset: usize) -> Option<(Span, &str)> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric();
    let offset = offset.min(bytes.len());
    let mut start = offset;
    while start > 0 && word(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < bytes.len() && word(bytes[end]) {
        end += 1;
    }
    let found = &text[start..end];
    if !is_status_key(found) {
        return None;
    }
    // A key: an optional closing quote, blanks, then `:`.
    let after = &text[end..];
    let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
    after
        .trim_start_matches([' ', '\t'])
        .starts_with(':')
        .then_some((Span::new(start, end), found))
}

/// The status of a utoipa `status = ...` around byte `offset` of a Rust source (`201`,
/// `"4XX"`, `"default"`, `StatusCode::CREATED`, `http::StatusCode::CREATED`), with the span of
/// the value and the status it names (`"201"` for `StatusCode::CREATED`).
pub fn rust_status_at(text: &str, offset: usize) -> Option<(Span, String)> {
    let bytes = text.as_bytes();
    let token = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b':' || b == b'"';
    let offset = offset.min(bytes.len());
    let mut start = offset;
    while start > 0 && token(bytes[start - 1]) {
        start -= 1;
    }
    let mut end = offset;
    while end < bytes.len() && token(bytes[end]) {
        end += 1;
    }
    if start == end {
        return None;
    }
    // Preceded by `status =`: blanks, `=`, blanks, the word `status` standing alone.
    let before = text[..start].trim_end_matches([' ', '\t', '\n', '\r']);
    let before = before.strip_suffix('=')?;
    let before = before.trim_end_matches([' ', '\t', '\n', '\r']);
    let before = before.strip_suffix("status")?;
    if before
        .bytes()
        .last()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let value = text[start..end].trim_matches('"');
    let status = if is_status_key(value) {
        value.to_string()
    } else {
        let last = value.rsplit("::").next()?;
        crate::rust::status_codes::constant(last)?.to_string()
    };
    Some((Span::new(start, end), status))
}

fn is_status_key(key: &str) -> bool {
    key == "default" || status_code(key).is_some() || range_class(key).is_some()
}

/// Whether the key node holding `offset` is a status key of a `responses` mapping (of an
/// operation: not the reusable responses of `components` or a Swagger 2.0 root).
pub fn is_response_key(tree: &Tree, offset: usize) -> bool {
    let offset = offset as u32;
    let contains = |span: Span| span.start <= offset && offset <= span.end;
    let mut path: Vec<NodeId> = Vec::new();
    let mut node = tree.root;
    // Down from the root through the collections that hold `offset`; a bounded walk, as
    // aliases may lead back up.
    for _ in 0..crate::parse::MAX_DEPTH {
        let entries = tree.entries(node);
        if !entries.is_empty() {
            if let Some(&(key, _)) = entries.iter().find(|&&(k, _)| contains(tree.span(k))) {
                let parent = path.last().and_then(|&k| tree.str(k));
                let top = path.first().and_then(|&k| tree.str(k));
                let reusable = path.len() == 1 || (path.len() == 2 && top == Some("components"));
                return parent == Some("responses")
                    && !reusable
                    && tree.str(key).is_some_and(is_status_key);
            }
            match entries.iter().find(|&&(_, v)| contains(tree.span(v))) {
                Some(&(key, value)) => {
                    path.push(key);
                    node = value;
                }
                None => return false,
            }
            continue;
        }
        match tree
            .items(node)
            .iter()
            .find(|&&item| contains(tree.span(item)))
        {
            Some(&item) => node = item,
            None => return false,
        }
    }
    false
}

/// The hover text (Markdown) for the status key `key`, with the rules as configured by
/// `levels` (indexed like `rules`).
pub fn markdown(key: &str, rules: &RuleSet, levels: &Levels) -> String {
    let mut text = String::new();
    let (specific, class_wide): (Vec<usize>, Vec<usize>);
    if let Some(code) = status_code(key) {
        match status::lookup(code) {
            Some(info) => {
                text.push_str(&format!(
                    "**{code} {}** · [{}]({})\n\n",
                    info.reason, info.reference, info.url
                ));
                if let Some(note) = info.note {
                    text.push_str(&format!("{}.\n\n", capitalized(note)));
                }
            }
            None => text.push_str(&format!(
                "**{code}** is not in the [IANA HTTP Status Code Registry]\
                 (https://www.iana.org/assignments/http-status-codes/http-status-codes.xhtml).\n\n"
            )),
        }
        (specific, class_wide) = rules
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.speaks_of(code))
            .map(|(i, _)| i)
            .partition(|&i| rules.rules[i].doc.statuses.iter().any(|s| s == key));
    } else if let Some(class) = range_class(key) {
        text.push_str(&format!(
            "**{key}** · any {class}xx status ({}) the operation does not declare by its own code\n\n",
            class_name(class)
        ));
        specific = rules
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.doc.statuses.iter().any(|s| s == key))
            .map(|(i, _)| i)
            .collect();
        class_wide = Vec::new();
    } else {
        text.push_str(
            "**default** · the response for every status the operation does not declare\n\n",
        );
        specific = Vec::new();
        class_wide = Vec::new();
    }
    if specific.is_empty() {
        text.push_str(&format!(
            "No statuslint rule checks `{key}` specifically.\n"
        ));
    } else {
        text.push_str(&format!("**statuslint rules for `{key}`**\n\n"));
        for &i in &specific {
            text.push_str(&rule_line(&rules.rules[i], levels.0.get(i).copied()));
        }
    }
    if !class_wide.is_empty() {
        let class = status_code(key).map_or(0, |c| c / 100);
        text.push_str(&format!("\n**Rules for every {class}xx status**\n\n"));
        for &i in &class_wide {
            text.push_str(&rule_line(&rules.rules[i], levels.0.get(i).copied()));
        }
    }
    text
}

fn rule_line(rule: &Rule, level: Option<Level>) -> String {
    let severity = match level.unwrap_or_default() {
        Level::Off => "off here".to_string(),
        Level::Default => rule.doc.severity.as_str().to_string(),
        Level::Set(severity) => severity.as_str().to_string(),
    };
    format!(
        "- [`{}`]({}) ({severity}): {}\n",
        rule.id(),
        rule.doc.source.url,
        rule.doc.summary
    )
}

fn class_name(class: u8) -> &'static str {
    match class {
        1 => "Informational",
        2 => "Successful",
        3 => "Redirection",
        4 => "Client Error",
        _ => "Server Error",
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn rust_status_values_are_found_after_status_equals() {
        let text = "responses((status = 201, description = \"x\"), (status = StatusCode::NOT_FOUND), (status = \"4XX\"))";
        let at = |needle: &str| text.find(needle).unwrap() + 1;
        let found = |offset| {
            super::rust_status_at(text, offset)
                .map(|(s, w)| (&text[s.start as usize..s.end as usize], w))
        };
        assert_eq!(found(at("201")), Some(("201", "201".to_string())));
        assert_eq!(
            found(at("NOT_FOUND")),
            Some(("StatusCode::NOT_FOUND", "404".to_string()))
        );
        assert_eq!(found(at("4XX")), Some(("\"4XX\"", "4XX".to_string())));
        assert_eq!(found(at("description")), None);
        assert_eq!(found(at("x\"")), None);
        assert_eq!(super::rust_status_at("substatus = 201", 13), None);
    }

    use super::*;
    use crate::parse::{parse, Format};

    #[test]
    fn status_words_are_keys_followed_by_a_colon() {
        let text = "  \"201\": x\n  2XX : y\n  description: 201 items\n";
        let at = |needle: &str| text.find(needle).unwrap() + 1;
        assert_eq!(status_word_at(text, at("201\"")).map(|w| w.1), Some("201"));
        assert_eq!(status_word_at(text, at("2XX")).map(|w| w.1), Some("2XX"));
        assert_eq!(status_word_at(text, at("201 items")), None);
    }

    #[test]
    fn response_keys_are_those_of_operations() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '404':\n          description: x\ncomponents:\n  responses:\n    '404':\n      description: y\n";
        let tree = parse(text, Format::Yaml).unwrap();
        let first = text.find("'404'").unwrap() + 1;
        let second = text.rfind("'404'").unwrap() + 1;
        assert!(is_response_key(&tree, first));
        assert!(!is_response_key(&tree, second));
    }

    #[test]
    fn hover_texts() {
        let rules = RuleSet::builtin().unwrap();
        let mut levels = Levels::all_default(rules);
        let off = rules.index("error-without-content").unwrap();
        levels.0[off] = Level::Off;
        insta::assert_snapshot!("hover_405", markdown("405", rules, &levels));
        insta::assert_snapshot!("hover_410", markdown("410", rules, &levels));
        insta::assert_snapshot!("hover_2XX", markdown("2XX", rules, &levels));
        insta::assert_snapshot!("hover_default", markdown("default", rules, &levels));
    }

    #[test]
    fn hover_names_the_status_and_its_rules() {
        let rules = RuleSet::builtin().unwrap();
        let levels = Levels::all_default(rules);
        let text = markdown("201", rules, &levels);
        assert!(
            text.starts_with("**201 Created** · [RFC 9110 §15.3.2]"),
            "{text}"
        );
        assert!(text.contains("`created-without-location`"), "{text}");
        let range = markdown("4XX", rules, &levels);
        assert!(range.contains("error-without-content"), "{range}");
    }
}
