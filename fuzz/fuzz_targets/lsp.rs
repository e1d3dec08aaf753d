//! The language server, in process over `Connection::memory()`: a random session of didOpen,
//! didChange (random ranges, random text), didSave, didClose, hover and codeAction, then
//! shutdown and exit. The input is the first document's text, then (after a NUL byte) the bytes
//! that choose the session; a plain spec gets a fixed session of every kind of message.
//!
//! Beyond "no panic": the server exits cleanly, answers every request without an error, and every
//! range it sends (diagnostics for a version, edits, hovers) lies inside the text the client has.
#![no_main]
use std::collections::HashMap;

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const DOCS: [&str; 3] = ["api.yaml", "common.yaml", "api.json"];

/// Pieces of API descriptions that random edits insert, so edits stay near the interesting.
const PIECES: &[&str] = &[
    "openapi: 3.1.0\n",
    "swagger: '2.0'\n",
    "paths:\n  /a/{id}:\n    post:\n      responses:\n",
    "        '201':\n          description: x\n",
    "        '204':\n          content: {}\n",
    "        200:\n",
    "        $ref: 'common.yaml#/components/responses/R'\n",
    "components:\n  responses:\n    R:\n      description: r\n",
    "headers:\n  Location:\n    schema: {type: string}\n",
    "<<: *a\n",
    "&a ",
    "*a",
    "---\n",
    "{\"openapi\": \"3.0.0\", \"paths\": {}}",
    "\r\n",
    "\r",
    "\n",
    "  ",
    "ü",
    "😀",
    "\u{feff}",
    "\"",
    "'",
    "{",
    "}",
    "[",
    ":",
    "#",
];

struct Session {
    out: Vec<Message>,
    next_id: i32,
    /// Per document: its version and the text the client holds, by version.
    texts: HashMap<String, (i32, HashMap<i32, String>)>,
    /// Requests sent, with the document they ask about and its version then.
    requests: HashMap<RequestId, (String, i32)>,
    /// Documents open now (a closed one keeps its texts: versions go on counting on reopening).
    open: std::collections::HashSet<String>,
}

fn uri(doc: &str) -> String {
    format!("file://{}/{doc}", statuslint_fuzz::ROOT)
}

/// The lines of `text` as the server counts them (YAML 1.2 §5.4: `\r\n`, a lone `\r` or `\n`
/// ends a line), without their line breaks, each with its start.
fn lines(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => {
                lines.push((start, &text[start..at]));
                at += 1;
                start = at;
            }
            b'\r' => {
                lines.push((start, &text[start..at]));
                at += if bytes.get(at + 1) == Some(&b'\n') { 2 } else { 1 };
                start = at;
            }
            _ => at += 1,
        }
    }
    lines.push((start, &text[start..]));
    lines
}

/// The byte offset of an LSP position (UTF-16) in `text`, clamped as the protocol says.
fn offset(text: &str, line: u32, character: u32) -> usize {
    let lines = lines(text);
    let Some(&(start, content)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut units = 0;
    for (i, c) in content.char_indices() {
        if units + c.len_utf16() > character as usize {
            return start + i;
        }
        units += c.len_utf16();
    }
    start + content.len()
}

/// Panics unless `range` (an LSP range value) lies inside `text`.
fn check_range(text: &str, range: &Value, what: &str) {
    let lines: Vec<&str> = lines(text).into_iter().map(|(_, line)| line).collect();
    let at = |key: &str| {
        let line = range[key]["line"].as_u64().expect("a line") as usize;
        let character = range[key]["character"].as_u64().expect("a character") as usize;
        assert!(
            line < lines.len(),
            "{what}: {key} line {line} of {} lines in {text:?}",
            lines.len()
        );
        let units: usize = lines[line].chars().map(char::len_utf16).sum();
        assert!(
            character <= units,
            "{what}: {key} character {character} on a line of {units} in {text:?}"
        );
        (line, character)
    };
    let (start, end) = (at("start"), at("end"));
    assert!(start <= end, "{what}: range {range} ends before it starts");
}

impl Session {
    fn notify(&mut self, method: &str, params: Value) {
        self.out
            .push(Notification::new(method.to_string(), params).into());
    }

    fn request(&mut self, method: &str, params: Value, doc: &str) {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let version = match self.open.contains(doc) {
            true => self.texts.get(doc).map_or(-1, |(v, _)| *v),
            false => -1,
        };
        self.requests.insert(id.clone(), (doc.to_string(), version));
        self.out
            .push(Request::new(id, method.to_string(), params).into());
    }

    fn current(&self, doc: &str) -> Option<&str> {
        if !self.open.contains(doc) {
            return None;
        }
        let (version, texts) = self.texts.get(doc)?;
        texts.get(version).map(String::as_str)
    }

    fn open(&mut self, doc: &str, text: String) {
        if !self.open.insert(doc.to_string()) {
            return;
        }
        let (version, texts) = self.texts.entry(doc.to_string()).or_default();
        *version += 1;
        texts.insert(*version, text.clone());
        let language = if doc.ends_with(".json") {
            "json"
        } else {
            "yaml"
        };
        let version = *version;
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(doc), "languageId": language, "version": version, "text": text}}),
        );
    }

    fn change(&mut self, doc: &str, range: Option<[u32; 4]>, new: String) {
        let Some(old) = self.current(doc) else { return };
        let text = match range {
            Some([l1, c1, l2, c2]) => {
                let start = offset(old, l1, c1);
                let end = offset(old, l2, c2).max(start);
                let mut text = old.to_string();
                text.replace_range(start..end, &new);
                text
            }
            None => new.clone(),
        };
        let (version, texts) = self.texts.get_mut(doc).expect("open");
        *version += 1;
        texts.insert(*version, text);
        let change = match range {
            Some([l1, c1, l2, c2]) => json!({"range": {
                "start": {"line": l1, "character": c1},
                "end": {"line": l2, "character": c2}}, "text": new}),
            None => json!({"text": new}),
        };
        let version = *version;
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri(doc), "version": version}, "contentChanges": [change]}),
        );
    }

    fn close(&mut self, doc: &str) {
        if self.open.remove(doc) {
            self.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": uri(doc)}}),
            );
        }
    }

    fn hover(&mut self, doc: &str, line: u32, character: u32) {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri(doc)}, "position": {"line": line, "character": character}}),
            doc,
        );
    }

    fn code_action(&mut self, doc: &str, [l1, c1, l2, c2]: [u32; 4], fix_all: bool) {
        let only = if fix_all {
            json!(["source.fixAll.statuslint"])
        } else {
            json!(["quickfix"])
        };
        self.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri(doc)},
                   "range": {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}},
                   "context": {"diagnostics": [], "only": only}}),
            doc,
        );
    }
}

fn small(u: &mut Unstructured) -> u32 {
    // Mostly positions inside a small document, sometimes far past its end.
    match u.int_in_range(0u8..=9).unwrap_or(0) {
        9 => u.arbitrary().unwrap_or(u32::MAX),
        _ => u.int_in_range(0u32..=40).unwrap_or(0),
    }
}

fn range(u: &mut Unstructured) -> [u32; 4] {
    [small(u), small(u), small(u), small(u)]
}

fn piece(u: &mut Unstructured) -> String {
    if u.ratio(1u8, 4u8).unwrap_or(false) {
        let n = u.int_in_range(0usize..=12).unwrap_or(0);
        let bytes = u.bytes(n).unwrap_or_default();
        return String::from_utf8_lossy(bytes).into_owned();
    }
    u.choose(PIECES).copied().unwrap_or("").to_string()
}

/// The session chosen by `ops` (or the fixed one when there are none).
fn session(first: String, ops: Option<&[u8]>) -> Session {
    let mut s = Session {
        out: Vec::new(),
        next_id: 0,
        texts: HashMap::new(),
        requests: HashMap::new(),
        open: Default::default(),
    };
    s.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"debounceMs": 0},
               "workspaceFolders": [{"uri": format!("file://{}", statuslint_fuzz::ROOT), "name": "fuzz"}]}),
        "",
    );
    s.notify("initialized", json!({}));
    let main = if first.trim_start().starts_with('{') {
        DOCS[2]
    } else {
        DOCS[0]
    };
    s.open(main, first);
    match ops {
        None => {
            for (line, character) in [(0, 0), (5, 8), (10, 10), (20, 9)] {
                s.hover(main, line, character);
            }
            s.code_action(main, [0, 0, 1000, 0], false);
            s.code_action(main, [0, 0, 1000, 0], true);
            s.change(main, Some([3, 0, 4, 0]), String::new());
            s.code_action(main, [0, 0, 1000, 0], true);
            s.change(main, Some([1, 2, 1, 2]), "ü😀\r\n".into());
            s.hover(main, 1, 3);
        }
        Some(ops) => {
            let mut u = Unstructured::new(ops);
            while !u.is_empty() && s.out.len() < 64 {
                let doc = *u.choose(&DOCS).unwrap_or(&DOCS[0]);
                match u.int_in_range(0u8..=8).unwrap_or(0) {
                    0..=2 => {
                        let r = range(&mut u);
                        let new = piece(&mut u);
                        s.change(doc, Some(r), new);
                    }
                    3 => {
                        let new = (0..u.int_in_range(0..=6).unwrap_or(0))
                            .map(|_| piece(&mut u))
                            .collect();
                        s.change(doc, None, new);
                    }
                    4 => {
                        let (line, character) = (small(&mut u), small(&mut u));
                        s.hover(doc, line, character);
                    }
                    5 => {
                        let r = range(&mut u);
                        let all = u.arbitrary().unwrap_or(false);
                        s.code_action(doc, r, all);
                    }
                    6 => {
                        let text = (0..u.int_in_range(0..=6).unwrap_or(0))
                            .map(|_| piece(&mut u))
                            .collect();
                        s.open(doc, text);
                    }
                    7 => s.close(doc),
                    _ => s.notify(
                        "textDocument/didSave",
                        json!({"textDocument": {"uri": uri(doc)}}),
                    ),
                }
            }
        }
    }
    s.request("shutdown", Value::Null, "");
    s.notify("exit", Value::Null);
    s
}

fuzz_target!(|data: &[u8]| {
    let (first, ops) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let s = session(String::from_utf8_lossy(first).into_owned(), ops);
    let (server, client) = Connection::memory();
    for message in s.out.iter().cloned() {
        client.sender.send(message).expect("the channel is open");
    }
    let clean = statuslint::lsp::server::serve(&server, statuslint_fuzz::rules());
    assert_eq!(clean, Ok(true), "the server did not exit cleanly");
    drop(server);
    // The texts by document URI, to check what the server says against.
    let by_uri: HashMap<String, &(i32, HashMap<i32, String>)> =
        s.texts.iter().map(|(doc, t)| (uri(doc), t)).collect();
    let mut answered = 0;
    for message in client.receiver.try_iter() {
        match message {
            Message::Response(r) => {
                let result = match r.response_result {
                    Ok(result) => result,
                    Err(e) => panic!("an error answer: {e:?}"),
                };
                let (doc, version) = s.requests.get(&r.id).expect("an answer to a request");
                answered += 1;
                let Some(text) = s.texts.get(doc).and_then(|(_, t)| t.get(version)) else {
                    continue;
                };
                if let Some(range) = result.get("range") {
                    check_range(text, range, "hover");
                }
                for action in result.as_array().into_iter().flatten() {
                    let edit = &action["edit"];
                    for (target, edits) in edit["changes"].as_object().into_iter().flatten() {
                        if *target != uri(doc) {
                            continue;
                        }
                        for e in edits.as_array().into_iter().flatten() {
                            check_range(text, &e["range"], "code action edit");
                        }
                    }
                    for change in edit["documentChanges"].as_array().into_iter().flatten() {
                        if change["textDocument"]["uri"] == uri(doc) {
                            for e in change["edits"].as_array().into_iter().flatten() {
                                check_range(text, &e["range"], "code action edit");
                            }
                        }
                    }
                }
            }
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                let uri = n.params["uri"].as_str().unwrap_or_default();
                let Some(version) = n.params["version"].as_i64() else {
                    continue;
                };
                let Some(text) = by_uri.get(uri).and_then(|(_, t)| t.get(&(version as i32))) else {
                    continue;
                };
                for d in n.params["diagnostics"].as_array().into_iter().flatten() {
                    check_range(text, &d["range"], "diagnostic");
                }
            }
            _ => {}
        }
    }
    assert_eq!(answered, s.requests.len(), "requests left unanswered");
});
