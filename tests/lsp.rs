//! `statuslint lsp` driven like an editor drives it: the real binary over stdio, JSON-RPC with
//! Content-Length framing. Every wait has a deadline, so a hang fails the test instead of
//! blocking CI.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const DEADLINE: Duration = Duration::from_secs(20);

/// A client talking to one `statuslint lsp` process.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_statuslint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("statuslint lsp starts");
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            incoming,
            backlog: Vec::new(),
            next_id: 0,
        }
    }

    /// Starts a server and completes the handshake; the `initialize` result.
    fn initialized(dir: &Path, capabilities: Value) -> (Client, Value) {
        let mut client = Client::start(dir);
        let root = uri(dir);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "workspaceFolders": [{"uri": root, "name": "test"}],
                "capabilities": capabilities,
                "initializationOptions": {"debounceMs": 30},
            }),
        );
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn send(&mut self, message: Value) {
        self.send_all(&[message]);
    }

    /// Sends `messages` in one write, as a burst the server sees at once.
    fn send_all(&mut self, messages: &[Value]) {
        let mut bytes = Vec::new();
        for message in messages {
            let body = message.to_string();
            write!(bytes, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        }
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(&bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response: the whole response object.
    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(&format!("the answer to {method}"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "{method} failed: {response}"
        );
        response["result"].clone()
    }

    /// The first message (from the backlog, then as they come) that `wanted` accepts.
    fn wait(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&wanted) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.backlog.push(message),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no {what} within {DEADLINE:?}; got {:#?}", self.backlog)
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("the server exited while waiting for {what}")
                }
            }
        }
    }

    /// Waits until the diagnostics published for `uri` have exactly the `expected` codes (in
    /// any order); earlier publications are passed over.
    fn settle(&mut self, uri: &str, expected: &[&str]) -> Vec<Value> {
        let mut expected: Vec<String> = expected.iter().map(|c| c.to_string()).collect();
        expected.sort();
        let message = self.wait(&format!("diagnostics {expected:?} for {uri}"), |m| {
            let mut found = codes(m["params"]["diagnostics"].as_array().map_or(&[][..], |d| d));
            found.sort();
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && found == expected
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The next diagnostics published for `uri` (for `version`, when given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let message = self.wait(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
    }

    /// `shutdown` then `exit`: the process must end by itself, with 0.
    fn shut_down(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert_eq!(status.code(), Some(0), "exit status after shutdown/exit");
                return;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = std::fs::canonicalize(dir.path()).unwrap();
    (dir, path)
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn find<'d>(diagnostics: &'d [Value], code: &str) -> &'d Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

fn range(d: &Value) -> [u64; 4] {
    let r = &d["range"];
    [
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
    ]
}

/// The byte offset of an LSP position counted in UTF-16 units.
fn offset(text: &str, line: u64, character: u64) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16() as u64;
    }
    text.len()
}

/// `text` with the `TextEdit`s applied, as an editor would.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let r = range(e);
            (
                offset(text, r[0], r[1]),
                offset(text, r[2], r[3]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, new);
    }
    out
}

/// The edits a code action makes to `uri` (from `changes` or `documentChanges`).
fn edits_for(action: &Value, uri: &str) -> Vec<Value> {
    let edit = &action["edit"];
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["textDocument"]["uri"] == uri)
        .flat_map(|c| c["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

fn code_actions(client: &mut Client, uri: &str, at: [u64; 4]) -> Vec<Value> {
    let result = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": at[0], "character": at[1]},
                      "end": {"line": at[2], "character": at[3]}},
            "context": {"diagnostics": []},
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

fn hover(client: &mut Client, uri: &str, line: u64, character: u64) -> Value {
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
    )
}

// The path key holds non-ASCII text, so UTF-16 and UTF-8 columns differ on line 4.
const SPEC: &str = "openapi: 3.1.0
info: {title: Pets, version: \"1\"}
paths:
  /pets:
    post: {responses: {\"201\": {description: Créé 😀}, \"204\": {description: None, content: {application/json: {}}}}}
  /stores:
    post:
      responses:
        \"201\":
          description: Created
";

#[test]
fn an_editor_session_from_open_to_exit() {
    let (_dir, root) = workspace();
    let (mut client, init) = Client::initialized(
        &root,
        json!({"general": {"positionEncodings": ["utf-16"]},
               "textDocument": {"publishDiagnostics": {"relatedInformation": true}}}),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.statuslint"])
    );

    let path = root.join("openapi.yaml");
    let uri = uri(&path);
    let mut text = SPEC.to_string();
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let mut found = codes(&diagnostics);
    found.sort();
    assert_eq!(
        found,
        [
            "created-without-location",
            "created-without-location",
            "no-content-with-body"
        ]
    );
    // `"201"` of /pets: line 4, UTF-16 columns 23..28; the one of /stores: line 8, 8..13.
    let mut created: Vec<[u64; 4]> = diagnostics
        .iter()
        .filter(|d| d["code"] == "created-without-location")
        .map(range)
        .collect();
    created.sort();
    assert_eq!(created, [[4, 23, 4, 28], [8, 8, 8, 13]]);
    // The `content` key after `Créé 😀` (7 UTF-16 units, 10 bytes): columns 81..88.
    let body = find(&diagnostics, "no-content-with-body");
    assert_eq!(range(body), [4, 81, 4, 88]);
    assert_eq!(body["severity"], 1, "error");
    let location = find(&diagnostics, "created-without-location");
    assert_eq!(location["severity"], 2, "warning");
    assert_eq!(location["source"], "statuslint");
    assert_eq!(
        location["codeDescription"]["href"],
        "https://www.rfc-editor.org/rfc/rfc9110#section-15.3.2"
    );

    // The quick fix for the /stores 201, applied, removes that finding.
    let actions = code_actions(&mut client, &uri, [8, 9, 8, 9]);
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .unwrap_or_else(|| panic!("no quick fix in {actions:#?}"));
    assert_eq!(fix["title"], "Declare the `Location` header");
    assert_eq!(fix["diagnostics"][0]["code"], "created-without-location");
    text = apply(&text, &edits_for(fix, &uri));
    assert!(
        text.ends_with(
            "          description: Created\n          headers:\n            Location:\n              schema:\n                type: string\n"
        ),
        "{text}"
    );
    client.change(&uri, 2, &text);
    let diagnostics = client.diagnostics(&uri, Some(2));
    let created: Vec<[u64; 4]> = diagnostics
        .iter()
        .filter(|d| d["code"] == "created-without-location")
        .map(range)
        .collect();
    assert_eq!(created, [[4, 23, 4, 28]], "only the /pets one is left");

    // Fix-all: everything fixable in the file, in one edit; the flow style is kept.
    let all = code_actions(&mut client, &uri, [0, 0, 0, 0])
        .into_iter()
        .find(|a| a["kind"] == "source.fixAll.statuslint")
        .expect("a fix-all action");
    text = apply(&text, &edits_for(&all, &uri));
    assert!(text.contains(
        "    post: {responses: {\"201\": {description: Créé 😀, headers: {Location: {schema: {type: string}}}}, \"204\": {description: None}}}\n"
    ), "{text}");
    client.change(&uri, 3, &text);
    assert_eq!(client.diagnostics(&uri, Some(3)), Vec::<Value>::new());

    // Hover on a status key: the status, its RFC section, the rules for it.
    let hovered = hover(&mut client, &uri, 8, 10);
    let markdown = hovered["contents"]["value"].as_str().unwrap_or_default();
    assert!(
        markdown.starts_with("**201 Created** · [RFC 9110 §15.3.2]"),
        "{hovered}"
    );
    assert!(
        markdown.contains("`created-without-location`"),
        "{markdown}"
    );
    assert_eq!(range(&hovered), [8, 9, 8, 12], "the key without its quotes");
    // Not on a status key: no hover.
    assert_eq!(hover(&mut client, &uri, 9, 15), Value::Null);

    // Half-typed text: `invalid-document` where the parser stopped, and the server lives on.
    let broken = "openapi: 3.1.0\npaths:\n  /pets:\n    post: {responses: \n";
    client.change(&uri, 4, broken);
    let diagnostics = client.diagnostics(&uri, Some(4));
    assert_eq!(codes(&diagnostics), ["invalid-document"]);
    assert_eq!(
        range(&diagnostics[0]),
        [3, 10, 3, 11],
        "at the unclosed `{{`"
    );
    assert_eq!(hover(&mut client, &uri, 0, 1), Value::Null);
    client.change(&uri, 5, "\u{0}\u{1}garbage {{[[ openapi");
    client.diagnostics(&uri, Some(5));
    assert_eq!(hover(&mut client, &uri, 0, 0), Value::Null);

    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri, None), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (_dir, root) = workspace();
    let (mut client, init) = Client::initialized(
        &root,
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    let uri = uri(&root.join("openapi.yaml"));
    client.open(&uri, SPEC);
    let diagnostics = client.diagnostics(&uri, Some(1));
    // Byte columns: `Créé 😀` is 10 bytes.
    assert_eq!(
        range(find(&diagnostics, "no-content-with-body")),
        [4, 85, 4, 92]
    );
    client.shut_down();
}

#[test]
fn incremental_changes_are_applied_and_debounced() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.yaml"));
    client.open(&uri, SPEC);
    client.diagnostics(&uri, Some(1));
    // Twenty keystrokes in a burst: `"201"` of /stores becomes `"200"` then back, typed one
    // character at a time; one lint answers the last version.
    let burst: Vec<Value> = (2..22)
        .map(|version| {
            let character = if version % 2 == 0 { "0" } else { "1" };
            json!({
                "jsonrpc": "2.0",
                "method": "textDocument/didChange",
                "params": {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{
                        "range": {"start": {"line": 8, "character": 11}, "end": {"line": 8, "character": 12}},
                        "text": character,
                    }],
                },
            })
        })
        .collect();
    client.send_all(&burst);
    let diagnostics = client.diagnostics(&uri, Some(21));
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d["code"] == "created-without-location")
            .count(),
        2,
        "the text ends as it began"
    );
    let published = client
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .count();
    assert!(published <= 3, "{published} lints for one burst of typing");
    client.shut_down();
}

#[test]
fn referenced_files_configuration_and_non_api_files() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join("responses.yaml"),
        "Created:\n  description: Created\n",
    )
    .unwrap();
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /pets:\n    post:\n      responses:\n        \"201\":\n          $ref: \"./responses.yaml#/Created\"\n";
    let (mut client, _) = Client::initialized(
        &root,
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    // The server asks to watch files; answer it as a client would.
    let registration = client.wait("registerCapability", |m| {
        m["method"] == "client/registerCapability"
    });
    let id = registration["id"].clone();
    client.send(json!({"jsonrpc": "2.0", "id": id, "result": null}));

    let uri = uri(&root.join("openapi.yaml"));
    let common = self::uri(&root.join("responses.yaml"));
    client.open(&uri, spec);
    let diagnostics = client.diagnostics(&uri, Some(1));
    // The finding is at the definition, in responses.yaml; the use shows a hint that leads
    // there.
    let created = find(&diagnostics, "created-without-location");
    assert_eq!(range(created), [6, 8, 6, 13]);
    assert_eq!(created["severity"], 4, "a hint");
    let related = &created["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], common);
    assert_eq!(range(&related["location"]), [0, 0, 0, 7]);

    // The fix edits the definition, in the other file.
    let actions = code_actions(&mut client, &uri, [6, 8, 6, 13]);
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(fix["title"], "Declare the `Location` header");
    let before = std::fs::read_to_string(root.join("responses.yaml")).unwrap();
    let after = apply(&before, &edits_for(fix, &common));
    assert_eq!(
        after,
        "Created:\n  description: Created\n  headers:\n    Location:\n      schema:\n        type: string\n"
    );
    // Saved to disk; the watcher tells the server, which lints the spec again.
    std::fs::write(root.join("responses.yaml"), &after).unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": common, "type": 2}]}),
    );
    client.settle(&uri, &[]);

    // statuslint.yaml is honoured, reloaded when it changes, and its errors are shown on it.
    let config = root.join("statuslint.yaml");
    let config_uri = self::uri(&config);
    std::fs::write(&config, "rules:\n  no-content-with-body: off\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 1}]}),
    );
    let with_body = spec.replace(
        "        \"201\":\n          $ref: \"./responses.yaml#/Created\"\n",
        "        \"204\":\n          description: x\n          content: {application/json: {}}\n",
    );
    client.change(&uri, 2, &with_body);
    assert_eq!(client.diagnostics(&uri, Some(2)), Vec::<Value>::new());
    std::fs::write(&config, "rulez: {}\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let on_config = client.settle(&config_uri, &["invalid-configuration"]);
    assert_eq!(on_config[0]["code"], "invalid-configuration");
    assert_eq!(range(&on_config[0]), [0, 0, 0, 5]);
    // Meanwhile the defaults apply.
    client.settle(&uri, &["no-content-with-body"]);

    // A YAML file that is no API description gets nothing.
    let other = self::uri(&root.join("docker-compose.yaml"));
    client.open(
        &other,
        "services:\n  web:\n    image: nginx\n    ports: [\"201:80\"]\n",
    );
    assert_eq!(client.diagnostics(&other, Some(1)), Vec::<Value>::new());
    assert_eq!(hover(&mut client, &other, 3, 17), Value::Null);
    client.shut_down();
}

#[test]
fn json_documents_get_json_fixes_and_hovers() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.json"));
    let mut text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n    \"/pets\": {\n      \"head\": {\n        \"responses\": {\n          \"200\": {\n            \"description\": \"OK\",\n            \"content\": {\"application/json\": {}}\n          }\n        }\n      }\n    }\n  }\n}\n".to_string();
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let body = find(&diagnostics, "head-with-body");
    assert_eq!(range(body), [9, 12, 9, 21]);
    let actions = code_actions(&mut client, &uri, range(body));
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    text = apply(&text, &edits_for(fix, &uri));
    let parsed: Value = serde_json::from_str(&text).expect("still JSON");
    assert_eq!(
        parsed["paths"]["/pets"]["head"]["responses"]["200"],
        json!({"description": "OK"})
    );
    client.change(&uri, 2, &text);
    assert_eq!(client.diagnostics(&uri, Some(2)), Vec::<Value>::new());
    let hovered = hover(&mut client, &uri, 7, 12);
    assert!(hovered["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**200 OK**"));
    client.shut_down();
}

#[test]
fn a_quick_fix_removes_content_length_from_a_204() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.json"));
    let mut text = "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n    \"/pets\": {\n      \"delete\": {\n        \"responses\": {\n          \"204\": {\n            \"description\": \"Deleted\",\n            \"headers\": {\"X-Id\": {\"schema\": {\"type\": \"string\"}}, \"Content-Length\": {\"schema\": {\"type\": \"integer\"}}}\n          }\n        }\n      }\n    }\n  }\n}\n".to_string();
    client.open(&uri, &text);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let finding = find(&diagnostics, "content-length-on-no-content");
    assert_eq!(range(finding), [7, 10, 7, 15]);
    let actions = code_actions(&mut client, &uri, range(finding));
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(fix["title"], "Remove the `Content-Length` header");
    text = apply(&text, &edits_for(fix, &uri));
    let parsed: Value = serde_json::from_str(&text).expect("still JSON");
    assert_eq!(
        parsed["paths"]["/pets"]["delete"]["responses"]["204"]["headers"],
        json!({"X-Id": {"schema": {"type": "string"}}})
    );
    client.change(&uri, 2, &text);
    assert_eq!(client.diagnostics(&uri, Some(2)), Vec::<Value>::new());
    client.shut_down();
}

#[test]
fn a_401_diagnostic_carries_the_challenge_of_the_operations_scheme() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("api.yaml"));
    client.open(
        &uri,
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nsecurity: [{s: []}]\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {a/b: {}}}\n        '401': {description: no, content: {a/b: {}}}\ncomponents:\n  securitySchemes:\n    s: {type: http, scheme: basic}\n",
    );
    let diagnostics = client.diagnostics(&uri, Some(1));
    let finding = find(&diagnostics, "unauthorized-without-www-authenticate");
    assert_eq!(range(finding), [8, 8, 8, 13]);
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.starts_with("401 Unauthorized on GET /a has no `WWW-Authenticate` header"),
        "{message}"
    );
    assert!(
        message.contains("`WWW-Authenticate: Basic realm=\"api\", charset=\"UTF-8\"`"),
        "{message}"
    );
    client.shut_down();
}

#[test]
fn no_input_stops_the_server() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.yaml"));
    let deep = format!("openapi: 3.1.0\npaths: {}\n", "[".repeat(100_000));
    let inputs = [
        "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        \"2",
        "openapi: [",
        "{\"openapi\": \"3.1.0\", \"paths\": {\"/a\": {\"get\": {\"responses\": {\"204\": ",
        "openapi: 3.1.0\na: &a [*a, *a]\npaths: {\"/x\": {get: {responses: *a}}}\n",
        "swagger: \"2.0\"\npaths:\n  /a:\n    get:\n      responses:\n        99999999999999999999: {description: x}\n",
        "openapi: 9.9.9\n",
        &deep,
    ];
    client.open(&uri, "openapi: 3.1.0\n");
    client.diagnostics(&uri, Some(1));
    for (i, input) in inputs.iter().enumerate() {
        let version = i as i64 + 2;
        client.change(&uri, version, input);
        client.diagnostics(&uri, Some(version));
        // Positions past the end, and requests about documents that are not open.
        hover(&mut client, &uri, 99, 99);
        code_actions(&mut client, &uri, [99, 0, 120, 5]);
    }
    let unknown = "file:///nowhere/x.yaml";
    assert_eq!(hover(&mut client, unknown, 0, 0), Value::Null);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": unknown, "version": 2}, "contentChanges": [{"text": "x"}]}),
    );
    // Malformed parameters get an error answer, not a crash.
    let response = client.request_raw("textDocument/hover", json!({"textDocument": 5}));
    assert!(response.get("error").is_some(), "{response}");
    let response = client.request_raw("workspace/symbol", json!({"query": ""}));
    assert_eq!(response["error"]["code"], -32601, "method not found");
    // An edit range beyond the text is clamped.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 100},
            "contentChanges": [{"range": {"start": {"line": 500, "character": 9}, "end": {"line": 2, "character": 0}}, "text": "x"}],
        }),
    );
    client.diagnostics(&uri, Some(100));
    client.shut_down();
}

/// A spec split over files: findings in a path file are published on that file, and fixed
/// there, whether it is open or not.
#[test]
fn split_specs_publish_on_the_files_that_hold_the_findings() {
    let (_dir, root) = workspace();
    let part = "post:\n  responses:\n    '201':\n      description: Created\n";
    std::fs::write(root.join("pets.yaml"), part).unwrap();
    let spec =
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    $ref: pets.yaml\n";
    std::fs::write(root.join("openapi.yaml"), spec).unwrap();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.yaml"));
    let pets = self::uri(&root.join("pets.yaml"));
    client.open(&uri, spec);
    assert_eq!(client.diagnostics(&uri, Some(1)), Vec::<Value>::new());
    let on_part = client.diagnostics(&pets, None);
    assert_eq!(codes(&on_part), ["created-without-location"]);
    assert_eq!(range(&on_part[0]), [2, 4, 2, 9]);

    // Opened, the part (no API description by itself) still shows what the spec says of it.
    client.open(&pets, part);
    let on_part = client.settle(&pets, &["created-without-location"]);
    let actions = code_actions(&mut client, &pets, range(&on_part[0]));
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix in the part");
    let fixed = apply(part, &edits_for(fix, &pets));
    assert_eq!(
        fixed,
        "post:\n  responses:\n    '201':\n      description: Created\n      headers:\n        Location:\n          schema:\n            type: string\n"
    );
    // Edited but not saved: the spec read the file from disk, so no fix is offered that
    // could land in the wrong place.
    client.change(&pets, 2, &format!("# moved\n{part}"));
    client.diagnostics(&pets, Some(2));
    assert!(code_actions(&mut client, &pets, range(&on_part[0]))
        .iter()
        .all(|a| a["kind"] != "quickfix"));
    // Saved (as the editor writes it), the spec is linted again.
    std::fs::write(root.join("pets.yaml"), &fixed).unwrap();
    client.change(&pets, 3, &fixed);
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": pets}}),
    );
    client.settle(&pets, &[]);
    // Closing the spec clears what it said about the part.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri, None), Vec::<Value>::new());
    client.shut_down();
}

/// An open, unsaved buffer of a referenced file is what the referencing spec reads: editing the
/// definition re-lints the spec without saving.
#[test]
fn unsaved_referenced_buffers_stand_in_for_their_files() {
    let (_dir, root) = workspace();
    let on_disk = "Created:\n  description: Created\n";
    std::fs::write(root.join("responses.yaml"), on_disk).unwrap();
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /pets:\n    post:\n      responses:\n        \"201\":\n          $ref: \"./responses.yaml#/Created\"\n";
    std::fs::write(root.join("openapi.yaml"), spec).unwrap();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.yaml"));
    let common = self::uri(&root.join("responses.yaml"));
    client.open(&uri, spec);
    client.settle(&uri, &["created-without-location"]);
    client.open(&common, on_disk);
    let fixed = "Created:\n  description: Created\n  headers:\n    Location:\n      schema: {type: string}\n";
    client.change(&common, 2, fixed);
    client.settle(&uri, &[]);
    assert_eq!(
        std::fs::read_to_string(root.join("responses.yaml")).unwrap(),
        on_disk,
        "nothing was saved"
    );
    // Back to the text on disk: the finding returns.
    client.change(&common, 3, on_disk);
    client.settle(&uri, &["created-without-location"]);
    client.shut_down();
}

/// Rust sources with utoipa declarations get the same diagnostics in the editor, at the
/// `status = ...` tokens.
#[test]
fn rust_sources_get_diagnostics_at_their_status_tokens() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("src")).unwrap();
    let source = "use utoipa::OpenApi;\n\n#[utoipa::path(\n    post,\n    path = \"/pets\",\n    request_body = NewPet,\n    responses(\n        (status = 201, description = \"Created\", body = Pet),\n    )\n)]\nasync fn create() {}\n";
    std::fs::write(root.join("src/main.rs"), source).unwrap();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("src/main.rs"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": source}}),
    );
    let diagnostics = client.settle(&uri, &["created-without-location"]);
    assert_eq!(
        range(&diagnostics[0]),
        [7, 9, 7, 21],
        "the `status = 201` tokens"
    );
    client.change(
        &uri,
        2,
        &source.replace(
            "body = Pet),",
            "body = Pet, headers((\"Location\" = String))),",
        ),
    );
    client.settle(&uri, &[]);
    client.shut_down();
}

#[test]
fn a_shared_response_is_diagnosed_at_its_definition_with_its_quick_fix() {
    let (_dir, root) = workspace();
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths:\n  /a:\n    get:\n      responses:\n        \"200\": {description: ok, content: {a/b: {}}}\n        \"401\": {$ref: \"#/components/responses/NoAuth\"}\n  /b:\n    get:\n      responses:\n        \"200\": {description: ok, content: {a/b: {}}}\n        \"401\": {$ref: \"#/components/responses/NoAuth\"}\ncomponents:\n  responses:\n    NoAuth:\n      description: no\n      content: {a/b: {}}\n";
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("openapi.yaml"));
    client.open(&uri, spec);
    let diagnostics = client.diagnostics(&uri, Some(1));
    let at_definition: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "unauthorized-without-www-authenticate" && d["severity"] == 1)
        .collect();
    let [diagnostic] = at_definition.as_slice() else {
        panic!("one error at the definition: {diagnostics:#?}");
    };
    assert_eq!(range(diagnostic), [15, 4, 15, 10]);
    let related = diagnostic["relatedInformation"].as_array().unwrap();
    let uses: Vec<(u64, &str)> = related
        .iter()
        .map(|r| (range(&r["location"])[0], r["message"].as_str().unwrap()))
        .collect();
    assert_eq!(uses, [(7, "used by GET /a"), (12, "used by GET /b")]);
    // Each use site shows a hint that its response is flagged.
    let hints: Vec<[u64; 4]> = diagnostics
        .iter()
        .filter(|d| d["severity"] == 4)
        .map(range)
        .collect();
    assert_eq!(hints, [[7, 8, 7, 13], [12, 8, 12, 13]]);

    // The quick fix, at the definition, edits the definition once.
    let actions = code_actions(&mut client, &uri, [15, 4, 15, 10]);
    let fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick fix");
    assert_eq!(fix["title"], "Declare the `WWW-Authenticate` header");
    let after = apply(spec, &edits_for(fix, &uri));
    // The operations are untouched: only the definition changed.
    let operations = |text: &str| text[..text.find("components:").unwrap()].to_string();
    assert_eq!(operations(&after), operations(spec));
    assert_eq!(after.matches("WWW-Authenticate").count(), 1, "{after}");
    client.shut_down();
}

#[test]
fn rust_sources_get_hovers_and_quick_fixes() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("src")).unwrap();
    let source = "#[utoipa::path(\n    post,\n    path = \"/pets\",\n    request_body = NewPet,\n    responses(\n        (status = 201, description = \"Created\", body = Pet),\n        (status = StatusCode::NO_CONTENT, description = \"Nothing\", body = Pet),\n    )\n)]\nasync fn create() {}\n";
    std::fs::write(root.join("src/main.rs"), source).unwrap();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("src/main.rs"));
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": source}}),
    );
    let diagnostics = client.settle(&uri, &["created-without-location", "no-content-with-body"]);

    // Hovers on the status values, a number and a StatusCode constant.
    let on_201 = hover(&mut client, &uri, 5, 19);
    assert!(
        on_201["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("201 Created"),
        "{on_201}"
    );
    assert_eq!(
        on_201["range"]["start"],
        json!({"line": 5, "character": 18})
    );
    let on_204 = hover(&mut client, &uri, 6, 30);
    assert!(
        on_204["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("204 No Content"),
        "{on_204}"
    );
    assert_eq!(
        hover(&mut client, &uri, 5, 40),
        Value::Null,
        "on `description`"
    );

    // Quick fixes edit the tuples, minimally.
    let created = find(&diagnostics, "created-without-location");
    let actions = code_actions(&mut client, &uri, range(created));
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Declare the `Location` header")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let fixed = apply(source, &edits_for(fix, &uri));
    assert!(
        fixed.contains("(status = 201, description = \"Created\", body = Pet, headers((\"Location\" = String))),"),
        "{fixed}"
    );
    client.change(&uri, 2, &fixed);
    let diagnostics = client.settle(&uri, &["no-content-with-body"]);
    let body = find(&diagnostics, "no-content-with-body");
    let actions = code_actions(&mut client, &uri, range(body));
    let fix = actions
        .iter()
        .find(|a| a["title"] == "Remove the response body")
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let fixed = apply(&fixed, &edits_for(fix, &uri));
    assert!(
        fixed.contains("(status = StatusCode::NO_CONTENT, description = \"Nothing\"),"),
        "{fixed}"
    );
    client.change(&uri, 3, &fixed);
    client.settle(&uri, &[]);
    client.shut_down();
}

/// A spec with `n` paths of three operations each (a few MB for a few thousand).
fn big_spec(n: usize) -> String {
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: Big, version: \"1\"}\npaths:\n");
    for i in 0..n {
        text.push_str(&format!(
            "  /things{i}/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}}}\n    get:\n      description: Reads thing {i}, with a long enough description to make the file big.\n      responses:\n        \"200\":\n          description: The thing\n          content:\n            application/json:\n              schema: {{type: object}}\n        \"404\":\n          description: No such thing\n          content:\n            application/json:\n              schema: {{type: object}}\n    put:\n      requestBody:\n        content:\n          application/json:\n            schema: {{type: object}}\n      responses:\n        \"204\":\n          description: Replaced\n        \"404\":\n          description: No such thing\n          content:\n            application/json:\n              schema: {{type: object}}\n"
        ));
    }
    text
}

#[test]
fn a_hover_is_answered_while_a_big_spec_is_linted() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("big.yaml"));
    let text = big_spec(4000);
    // Open and hover in one burst: the lint of a few MB takes a while, the hover must not
    // wait for it.
    client.send_all(&[
        json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
               "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}}),
        json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover",
               "params": {"textDocument": {"uri": uri}, "position": {"line": 9, "character": 9}}}),
    ]);
    let answer = client.wait("the hover", |m| m.get("id") == Some(&json!(99)));
    assert!(
        answer["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .contains("200 OK"),
        "{answer}"
    );
    assert!(
        !client
            .backlog
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "the hover waited for the lint"
    );
    client.diagnostics(&uri, Some(1));
    client.shut_down();
}

#[test]
fn edits_in_a_big_spec_give_what_a_fresh_open_gives() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("big.yaml"));
    let mut text = big_spec(300);
    client.open(&uri, &text);
    let before = client.diagnostics(&uri, Some(1));
    assert!(before.is_empty(), "{before:#?}");
    // Edits inside operations, each an incremental change: a 204 gets content (a finding at
    // the right place), a description changes, a 404 is removed, then the content goes again.
    let edits: [(&str, &str); 4] = [
        (
            "\"204\":\n          description: Replaced\n",
            "\"204\":\n          description: Replaced\n          content:\n            text/plain: {}\n",
        ),
        ("Reads thing 150,", "Reads the thing numbered 150,"),
        (
            "        \"404\":\n          description: No such thing\n          content:\n            application/json:\n              schema: {type: object}\n    put:",
            "    put:",
        ),
        ("          content:\n            text/plain: {}\n", ""),
    ];
    let mut published = Vec::new();
    for (n, (from, to)) in edits.iter().enumerate() {
        let version = n as i64 + 2;
        let at = text.find(from).expect("the text to edit");
        let (line, character) = {
            let before = &text[..at];
            let line = before.matches('\n').count();
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
            (line, column)
        };
        let end = {
            let upto = &text[..at + from.len()];
            let line = upto.matches('\n').count();
            let column = upto.len() - upto.rfind('\n').map_or(0, |i| i + 1);
            (line, column)
        };
        client.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{
                    "range": {"start": {"line": line, "character": character},
                              "end": {"line": end.0, "character": end.1}},
                    "text": to,
                }],
            }),
        );
        text.replace_range(at..at + from.len(), to);
        let diagnostics = client.diagnostics(&uri, Some(version));
        // A fresh server on the same text says the same.
        let (mut fresh, _) = Client::initialized(&root, json!({}));
        let other = self::uri(&root.join(format!("fresh{n}.yaml")));
        fresh.open(&other, &text);
        let expected = fresh.diagnostics(&other, Some(1));
        fresh.shut_down();
        let strip = |d: &[Value]| -> Vec<(String, [u64; 4])> {
            d.iter()
                .map(|d| (d["code"].as_str().unwrap().to_string(), range(d)))
                .collect()
        };
        assert_eq!(strip(&diagnostics), strip(&expected), "after edit {n}");
        published.push(strip(&diagnostics));
    }
    // The content of the first 204 (line 28), then the GET of /things0 without its 404.
    let finding = |code: &str, line| (code.to_string(), [line, 10, line, 17]);
    assert_eq!(published[0], [finding("no-content-with-body", 27)]);
    assert_eq!(published[1], published[0]);
    let path_parameter = (
        "path-parameter-without-not-found".to_string(),
        [8, 6, 8, 15],
    );
    assert_eq!(
        published[2],
        [path_parameter.clone(), finding("no-content-with-body", 22)]
    );
    assert_eq!(published[3], [path_parameter]);
    client.shut_down();
}

/// A spec of `n` paths with findings spread over it: every 40th PUT's 204 declares content,
/// and every 50th GET declares a shared 405 that has no `Allow` (reported at its definition,
/// with a hint and related places at each use).
fn big_spec_with_findings(n: usize) -> String {
    let mut text = big_spec(n);
    let mut at = 0;
    let mut i = 0;
    while let Some(found) = text[at..].find("\"204\":\n          description: Replaced\n") {
        let end = at + found + "\"204\":\n          description: Replaced\n".len();
        if i % 40 == 0 {
            text.insert_str(end, "          content:\n            text/plain: {}\n");
        }
        at = end;
        i += 1;
    }
    let (mut at, mut i) = (0, 0);
    while let Some(found) = text[at..].find("        \"200\":\n          description: The thing\n")
    {
        let start = at + found;
        if i % 50 == 0 {
            text.insert_str(
                start,
                "        \"405\":\n          $ref: '#/components/responses/NotAllowed'\n",
            );
        }
        at = start + 60;
        i += 1;
    }
    text.push_str(
        "components:\n  responses:\n    NotAllowed:\n      description: Not allowed here\n",
    );
    text
}

/// The LSP range (line, character; ASCII text) of `text[start..end]`.
fn lsp_range(text: &str, start: usize, end: usize) -> Value {
    let position = |at: usize| {
        let before = &text[..at];
        let line = before.matches('\n').count();
        let character = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
        json!({"line": line, "character": character})
    };
    json!({"start": position(start), "end": position(end)})
}

#[test]
fn edits_that_only_move_findings_publish_at_once_what_a_fresh_lint_gives() {
    let (_dir, root) = workspace();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("big.yaml"));
    let mut text = big_spec_with_findings(200);
    client.open(&uri, &text);
    let opened = client.diagnostics(&uri, Some(1));
    let codes_opened = codes(&opened);
    assert!(codes_opened.len() >= 9, "{codes_opened:?}");
    assert!(codes_opened.contains(&"no-content-with-body".to_string()));
    assert!(opened.iter().any(|d| d["relatedInformation"].is_array()));
    // (what the text at `at` is, how many bytes go, what comes): comment lines and blank lines
    // at the top, in the middle (between paths) and inside an operation, then an edit that
    // changes a node; sent two at a time, as one burst.
    let pairs: [[(&str, usize, &str); 2]; 4] = [
        [("openapi:", 0, "# top\n"), ("# top\n", 0, "\n")],
        [("  /things100/", 0, "  # note\n"), ("\n# top", 1, "")],
        [
            ("      responses:\n        \"200\":\n          description: The thing\n          content:\n            application/json:\n              schema: {type: object}\n        \"404\":\n          description: No such thing\n          content:\n            application/json:\n              schema: {type: object}\n    put:\n      requestBody:\n        content:\n          application/json:\n            schema: {type: object}\n      responses:\n        \"204\":\n          description: Replaced\n          content:", 0, "      # inside\n"),
            ("# top\n", 6, ""),
        ],
        [("Reads thing 150,", 16, "Reads the thing 150,"), ("  # note\n", 0, "\n")],
    ];
    let mut version = 1;
    let mut texts = Vec::new();
    for pair in pairs {
        let mut burst = Vec::new();
        for (find, removed, inserted) in pair {
            let start = text
                .find(find)
                .unwrap_or_else(|| panic!("{find:?} in the text"));
            version += 1;
            burst.push(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": lsp_range(&text, start, start + removed), "text": inserted}],
            }}));
            text.replace_range(start..start + removed, inserted);
            texts.push((version, text.clone()));
        }
        client.send_all(&burst);
    }
    // Every version after a comment or blank line is published (the second of a burst could
    // not be, had it waited for a lint); the one after the description's edit (8) need not be.
    for (version, text) in texts.iter().filter(|(v, _)| *v != 8) {
        let got = client.diagnostics(&uri, Some(*version));
        let (mut fresh, _) = Client::initialized(&root, json!({}));
        let other = self::uri(&root.join(format!("fresh{version}.yaml")));
        fresh.open(&other, text);
        let expected = fresh.diagnostics(&other, Some(1));
        fresh.shut_down();
        let expected = serde_json::to_string(&expected)
            .unwrap()
            .replace(&other, &uri);
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            expected,
            "version {version}"
        );
    }
    // The lints that followed found nothing else to say: no other publish came.
    code_actions(&mut client, &uri, [0, 0, 0, 0]);
    let others: Vec<&Value> = client
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter(|m| m["params"]["version"] != 8)
        .collect();
    assert!(others.is_empty(), "{others:#?}");
    client.shut_down();
}

#[test]
fn unsaved_rust_buffers_stand_in_for_their_files_in_the_crate_index() {
    let (_dir, root) = workspace();
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("src")).unwrap();
    let handler = "use utoipa::OpenApi;\nmod responses;\nuse responses::Created;\n\n#[utoipa::path(\n    post,\n    path = \"/pets\",\n    responses(Created)\n)]\nasync fn create() {}\n";
    let saved = "use utoipa::IntoResponses;\n\n#[derive(IntoResponses)]\n#[response(status = 201, description = \"Created\", headers((\"Location\" = String)))]\npub struct Created;\n";
    std::fs::write(root.join("src/main.rs"), handler).unwrap();
    std::fs::write(root.join("src/responses.rs"), saved).unwrap();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let main = uri(&root.join("src/main.rs"));
    let responses = uri(&root.join("src/responses.rs"));
    let open = |client: &mut Client, uri: &str, text: &str| {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "rust", "version": 1, "text": text}}),
        );
    };
    open(&mut client, &main, handler);
    client.settle(&main, &[]);
    open(&mut client, &responses, saved);
    // The `Location` header goes in the buffer, not on disk: the open handler is linted again
    // with the buffer's text, and its 201 (declared in responses.rs) is flagged there.
    let unsaved = saved.replace(", headers((\"Location\" = String))", "");
    client.change(&responses, 2, &unsaved);
    let flagged = client.settle(&responses, &["created-without-location"]);
    assert_eq!(range(&flagged[0]), [3, 11, 3, 23], "{flagged:#?}");
    assert_eq!(
        std::fs::read_to_string(root.join("src/responses.rs")).unwrap(),
        saved
    );
    // Back as on disk: nothing to say.
    client.change(&responses, 3, saved);
    client.settle(&responses, &[]);
    client.shut_down();
}

#[test]
fn a_long_lint_is_shown_as_work_done_progress_to_clients_that_show_it() {
    let (_dir, root) = workspace();
    let text = big_spec(4000);
    let uri = uri(&root.join("big.yaml"));
    let (mut client, _) = Client::initialized(&root, json!({"window": {"workDoneProgress": true}}));
    client.open(&uri, &text);
    let create = client.wait("window/workDoneProgress/create", |m| {
        m["method"] == "window/workDoneProgress/create"
    });
    let token = create["params"]["token"].clone();
    client.send(json!({"jsonrpc": "2.0", "id": create["id"], "result": null}));
    let is_progress = |kind: &'static str| {
        let token = token.clone();
        move |m: &Value| {
            m["method"] == "$/progress"
                && m["params"]["token"] == token
                && m["params"]["value"]["kind"] == kind
        }
    };
    let begin = client.wait("the progress's begin", is_progress("begin"));
    assert_eq!(begin["params"]["value"]["message"], "linting big.yaml");
    // The diagnostics come before the end (read meanwhile, they wait in the backlog): the
    // status bar stops once they are shown.
    client.wait("the progress's end", is_progress("end"));
    assert!(
        client
            .backlog
            .iter()
            .any(|m| m["method"] == "textDocument/publishDiagnostics"),
        "{:#?}",
        client.backlog
    );
    client.shut_down();

    // A client that does not show progress is sent none.
    let (mut client, _) = Client::initialized(&root, json!({}));
    client.open(&uri, &text);
    client.diagnostics(&uri, Some(1));
    code_actions(&mut client, &uri, [0, 0, 0, 0]);
    assert!(
        !client.backlog.iter().any(|m| {
            m["method"] == "$/progress" || m["method"] == "window/workDoneProgress/create"
        }),
        "{:#?}",
        client.backlog
    );
    client.shut_down();
}

#[test]
fn lone_cr_line_breaks_count_as_lines_as_the_cli_counts_them() {
    let (_dir, root) = workspace();
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/petstore.yaml"),
    )
    .unwrap()
    .replace("\r\n", "\n")
    .replace('\n', "\r");
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("petstore.yaml"));
    client.open(&uri, &spec);
    let diagnostics = client.diagnostics(&uri, Some(1));
    // The CLI says fixtures/petstore.yaml:51:9 (1-based).
    let created = find(&diagnostics, "created-without-location");
    assert_eq!(range(created)[..2], [50, 8], "{created:#?}");
    client.shut_down();
}

#[test]
fn white_space_in_json_moves_its_diagnostics_as_a_fresh_lint_places_them() {
    let (_dir, root) = workspace();
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/versions/openapi-3.0.json"),
    )
    .unwrap();
    let (mut client, _) = Client::initialized(&root, json!({}));
    let uri = uri(&root.join("api.json"));
    client.open(&uri, &text);
    let opened = client.diagnostics(&uri, Some(1));
    assert_eq!(opened.len(), 2, "{opened:#?}");
    // A blank line after `{`, then spaces and a line break inside the line of a key before
    // both findings (`"openapi": "3.0.3",` becomes `"openapi":\n   "3.0.3",`), as one burst.
    let edits: [(&str, usize, &str); 2] =
        [("\n  \"openapi\"", 0, "\n"), (" \"3.0.3\"", 1, "\n   ")];
    let mut burst = Vec::new();
    let mut texts = Vec::new();
    for (n, (find, removed, inserted)) in edits.into_iter().enumerate() {
        let start = text.find(find).unwrap();
        let version = n as i64 + 2;
        burst.push(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": lsp_range(&text, start, start + removed), "text": inserted}],
        }}));
        text.replace_range(start..start + removed, inserted);
        texts.push((version, text.clone()));
    }
    client.send_all(&burst);
    let mut last = Vec::new();
    for (version, text) in &texts {
        let got = client.diagnostics(&uri, Some(*version));
        let (mut fresh, _) = Client::initialized(&root, json!({}));
        let other = self::uri(&root.join(format!("fresh{version}.json")));
        fresh.open(&other, text);
        let expected = fresh.diagnostics(&other, Some(1));
        fresh.shut_down();
        let expected = serde_json::to_string(&expected)
            .unwrap()
            .replace(&other, &uri);
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            expected,
            "version {version}"
        );
        last = got;
    }
    // Two lines more above it than at the open (line 63 for the CLI).
    assert_eq!(range(find(&last, "no-content-with-body"))[0], 64);
    client.shut_down();
}
