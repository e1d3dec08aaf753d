//! The server's state and its message loop: open documents, their last lint, the diagnostics
//! the client holds, and the handlers.
//!
//! Messages are handled on one thread; lints run on a second one ([`super::lint_job`]), so a
//! hover is never kept waiting behind a lint. Changes are debounced: a document is linted once
//! its edits have paused (for about as long as its last lint took, at most
//! [`Settings::debounce`], and at the latest [`Settings::max_delay`] after the first edit), so
//! a burst of keystrokes costs one lint while a small edit in a spec whose lint is quick shows
//! at once. A result for a text that has changed since is dropped. A code action about a
//! document with a lint pending is answered when that lint is done, so that its edits match
//! the text the client sees.

use std::collections::{HashMap, HashSet};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as notification, Notification as _};
use lsp_types::request::{self as request, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionTriggerKind,
    Diagnostic, DiagnosticSeverity, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, DocumentChanges, FileChangeType,
    FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams, InitializeParams,
    MarkupContent, MarkupKind, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier,
    PublishDiagnosticsParams, Registration, RegistrationParams, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};
use serde_json::Value;

use super::convert::{path_to_uri, uri_to_path, Encoding, LineIndex};
use super::hover;
use super::lint_job::{self, Done, Job, Lint};
use super::moved::Move;
use crate::config::{self, Config, ConfigError};
use crate::fix::{self, Edit};
use crate::load;
use crate::parse::{self, incremental};
use crate::registry::RuleSet;
use crate::source::FileId;
use crate::tree::Tree;

/// The code action kind of "fix everything statuslint can in this file".
pub const FIX_ALL: &str = "source.fixAll.statuslint";

/// Tunables, from the client's `initializationOptions` (`{"debounceMs": 150}`).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// How long edits must pause before the document is linted.
    pub debounce: Duration,
    /// The longest a document waits for its lint while edits keep coming.
    pub max_delay: Duration,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            debounce: Duration::from_millis(120),
            max_delay: Duration::from_millis(1000),
        }
    }
}

impl Settings {
    fn from_options(options: Option<&Value>) -> Settings {
        let mut settings = Settings::default();
        if let Some(ms) = options
            .and_then(|o| o.get("debounceMs"))
            .and_then(Value::as_u64)
        {
            settings.debounce = Duration::from_millis(ms.min(10_000));
            settings.max_delay = settings.max_delay.max(settings.debounce);
        }
        settings
    }
}

/// What the client can do, as far as the server cares.
#[derive(Debug, Clone, Copy, Default)]
struct Client {
    document_changes: bool,
    related_information: bool,
    watch_registration: bool,
    /// It shows work-done progress the server starts (`window/workDoneProgress/create`).
    work_done_progress: bool,
}

/// The "linting" the client is shown while lints run for a while.
#[derive(Default)]
struct Progress {
    /// Since when a lint has been running without a pause.
    busy_since: Option<Instant>,
    /// The token of the progress begun and not yet ended.
    token: Option<String>,
    tokens: u64,
}

/// An open document.
struct Document {
    uri: Uri,
    /// Where it lives (or would live): the base of its relative `$ref`s and the place its
    /// configuration is looked for.
    path: PathBuf,
    version: i32,
    text: Arc<str>,
    index: Arc<LineIndex>,
    /// Changed on every change: a lint result is installed only for the current revision.
    /// Revisions are unique across documents and reopenings (see `Server::revisions`).
    revision: u64,
    /// The revision being linted on the lint thread, if any, and the one `lint` is of.
    linting: Option<u64>,
    linted: u64,
    /// How long the last lint took: the debounce follows it.
    last_lint: Duration,
    /// The tree of `text` once known (`Some(None)`: it does not parse). Kept across edits that
    /// [`parse::incremental`] can splice, so a small edit in a big spec is not a full parse.
    tree: Option<Option<Arc<Tree>>>,
    /// Nodes of `tree` that splices left unreachable; past the live ones, parse afresh.
    garbage: usize,
    /// When to lint it, if edits are pending, and when they began.
    due: Option<Instant>,
    pending_since: Option<Instant>,
    lint: Lint,
}

/// The diagnostics a URI was last sent.
struct Published {
    /// The version of the open document they were sent with.
    version: Option<i32>,
    diagnostics: Vec<Diagnostic>,
    /// They are what a lint of that version gives, and only that: an edit that moves no node
    /// can move them (see [`super::moved`]).
    exact: bool,
}

/// A code action asked while lints were pending: answered once they are done.
struct Deferred {
    id: RequestId,
    params: CodeActionParams,
    since: Instant,
}

/// What the message loop does next.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Continue,
    /// `exit` arrived: stop, cleanly if `shutdown` came first.
    Exit,
}

pub struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    settings: Settings,
    client: Client,
    /// The built-in rules, shared by every configuration that adds none of its own.
    shared_rules: Arc<RuleSet>,
    /// Workspace folders and the working directory: `$ref`s may reach anything below them.
    roots: Vec<PathBuf>,
    docs: HashMap<String, Document>,
    /// Configuration per directory (cleared when a configuration file changes).
    configs: HashMap<PathBuf, Arc<Config>>,
    /// Errors of configuration files, shown on those files.
    config_errors: HashMap<String, (Uri, Diagnostic)>,
    /// What the client was last sent, per URI.
    published: HashMap<String, Published>,
    shutdown: bool,
    next_id: i32,
    /// To the lint thread, and back.
    jobs: Sender<Job>,
    done: Receiver<Done>,
    deferred: Vec<Deferred>,
    /// Where document revisions come from: a lint of a closed document must never pass for
    /// one of the document opened again under its URI.
    revisions: u64,
    progress: Progress,
}

/// The longest a code action waits for pending lints before it is answered from what is known.
const MAX_DEFER: Duration = Duration::from_secs(2);
/// The shortest debounce: keystrokes typed together still make one lint.
const MIN_DEBOUNCE: Duration = Duration::from_millis(10);
/// How long lints run before the client is told (as rust-analyzer does): a quick lint of a
/// small file must not make the status bar flicker.
const PROGRESS_DELAY: Duration = Duration::from_millis(100);

/// Runs the server on `connection` until `exit`. `Ok(true)` when `shutdown` preceded it.
pub fn serve(connection: &Connection, rules: &'static RuleSet) -> Result<bool, String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params.clone()).unwrap_or_else(|e| {
        eprintln!("statuslint lsp: unreadable initialize parameters ({e}); using defaults");
        InitializeParams::default()
    });
    let mut server = Server::new(connection, rules, &params);
    let result = serde_json::json!({
        "capabilities": server.capabilities(),
        "serverInfo": { "name": "statuslint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize: {e}"))?;
    server.register_watchers();
    server.run()
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, rules: &'static RuleSet, params: &InitializeParams) -> Self {
        let caps = &params.capabilities;
        let offered = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref());
        let workspace = caps.workspace.as_ref();
        let client = Client {
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            related_information: caps
                .text_document
                .as_ref()
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(true),
            watch_registration: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
        };
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)] // Older clients send only `rootUri`.
        if let Some(root) = params.root_uri.as_ref().and_then(uri_to_path) {
            roots.push(root);
        }
        roots.extend(std::env::current_dir());
        let roots = roots.iter().map(|r| canonical(r)).collect();
        let (jobs, job_receiver) = crossbeam_channel::unbounded::<Job>();
        let (done_sender, done) = crossbeam_channel::unbounded::<Done>();
        let spawned = std::thread::Builder::new()
            .name("statuslint-lint".into())
            .spawn(move || {
                for job in job_receiver {
                    if done_sender.send(lint_job::run(job)).is_err() {
                        break;
                    }
                }
            });
        if let Err(e) = spawned {
            eprintln!("statuslint lsp: no lint thread ({e})");
        }
        Server {
            connection,
            encoding: Encoding::negotiate(offered),
            settings: Settings::from_options(params.initialization_options.as_ref()),
            client,
            shared_rules: Arc::new(rules.clone()),
            roots,
            docs: HashMap::new(),
            configs: HashMap::new(),
            config_errors: HashMap::new(),
            published: HashMap::new(),
            shutdown: false,
            next_id: 0,
            jobs,
            done,
            deferred: Vec::new(),
            revisions: 0,
            progress: Progress::default(),
        }
    }

    fn capabilities(&self) -> Value {
        serde_json::json!({
            "positionEncoding": self.encoding.kind(),
            "textDocumentSync": {
                "openClose": true,
                // Incremental: the client may still send whole texts (a change without range).
                "change": 2,
                "save": { "includeText": false },
            },
            "hoverProvider": true,
            "codeActionProvider": {
                "codeActionKinds": [CodeActionKind::QUICKFIX, FIX_ALL],
                "resolveProvider": false,
            },
        })
    }

    /// Asks the client to report changes of files on disk: referenced files and configuration.
    fn register_watchers(&mut self) {
        if !self.client.watch_registration {
            return;
        }
        // Specs, the files they reference, and statuslint.yaml.
        let watchers = vec![FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/*.{yaml,yml,json,rs}".into()),
            kind: None,
        }];
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "statuslint-watched-files".into(),
                method: notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            }],
        };
        self.next_id += 1;
        let request = Request::new(
            RequestId::from(format!("statuslint-{}", self.next_id)),
            request::RegisterCapability::METHOD.into(),
            params,
        );
        self.send(request.into());
    }

    fn run(&mut self) -> Result<bool, String> {
        let receiver = self.connection.receiver.clone();
        let done = self.done.clone();
        loop {
            self.start_due(Instant::now());
            self.answer_deferred();
            let progress = self.update_progress(Instant::now());
            let wake = self
                .docs
                .values()
                .filter(|d| d.linting.is_none())
                .filter_map(|d| d.due)
                .chain(self.deferred.iter().map(|d| d.since + MAX_DEFER))
                .chain(progress)
                .min();
            let timer = wake.map_or_else(crossbeam_channel::never, crossbeam_channel::at);
            crossbeam_channel::select! {
                recv(receiver) -> message => {
                    let message =
                        message.map_err(|_| "the client closed the connection".to_string())?;
                    if self.dispatch(message) == Flow::Exit {
                        return Ok(self.shutdown);
                    }
                }
                recv(done) -> result => match result {
                    Ok(result) => self.finish_lint(result),
                    Err(_) => return Err("the lint thread ended".into()),
                },
                recv(timer) -> _ => {}
            }
        }
    }

    /// Handles one message; a panic is logged and answered, never fatal.
    fn dispatch(&mut self, message: Message) -> Flow {
        let request = match &message {
            Message::Request(r) => Some((r.id.clone(), r.method.clone())),
            _ => None,
        };
        match panic::catch_unwind(AssertUnwindSafe(|| self.handle(message))) {
            Ok(flow) => flow,
            Err(cause) => {
                let what = panic_text(&cause);
                match request {
                    Some((id, method)) => {
                        eprintln!("statuslint lsp: {method} failed: {what}");
                        self.send(
                            Response::new_err(
                                id,
                                ErrorCode::InternalError as i32,
                                format!("statuslint failed on {method}: {what}"),
                            )
                            .into(),
                        );
                    }
                    None => eprintln!("statuslint lsp: a notification failed: {what}"),
                }
                Flow::Continue
            }
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(r) => {
                self.request(r);
                Flow::Continue
            }
            Message::Notification(n) => self.notification(n),
            // Answers to our own requests (watcher registration): nothing to do.
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, r: Request) {
        let Request { id, method, params } = r;
        if self.shutdown {
            let message = "the server is shutting down".to_string();
            self.send(Response::new_err(id, ErrorCode::InvalidRequest as i32, message).into());
            return;
        }
        let result = match method.as_str() {
            request::HoverRequest::METHOD => parse_params(params)
                .map(|p| serde_json::to_value(self.hover(p)).unwrap_or_default()),
            request::CodeActionRequest::METHOD => match parse_params::<CodeActionParams>(params) {
                Ok(params) if !self.settled() => {
                    let since = Instant::now();
                    self.deferred.push(Deferred { id, params, since });
                    return;
                }
                Ok(params) => {
                    Ok(serde_json::to_value(self.code_actions(params)).unwrap_or_default())
                }
                Err(e) => Err(e),
            },
            request::Shutdown::METHOD => {
                // Nothing is left unanswered: waiting code actions get what is known.
                self.answer_deferred_now();
                self.shutdown = true;
                Ok(Value::Null)
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("statuslint does not handle {method}"),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response.into());
    }

    fn notification(&mut self, n: Notification) -> Flow {
        let Notification { method, params } = n;
        let bad = |e: (ErrorCode, String)| eprintln!("statuslint lsp: {method}: {}", e.1);
        match method.as_str() {
            notification::Exit::METHOD => {
                self.answer_deferred_now();
                return Flow::Exit;
            }
            notification::DidOpenTextDocument::METHOD => match parse_params(params) {
                Ok(p) => self.did_open(p),
                Err(e) => bad(e),
            },
            notification::DidChangeTextDocument::METHOD => match parse_params(params) {
                Ok(p) => self.did_change(p),
                Err(e) => bad(e),
            },
            notification::DidCloseTextDocument::METHOD => match parse_params(params) {
                Ok(p) => self.did_close(p),
                Err(e) => bad(e),
            },
            notification::DidSaveTextDocument::METHOD => {
                match parse_params::<DidSaveTextDocumentParams>(params) {
                    Ok(p) => {
                        if let Some(path) = uri_to_path(&p.text_document.uri) {
                            self.changed_on_disk(&[canonical(&path)], false);
                        }
                    }
                    Err(e) => bad(e),
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                match parse_params::<DidChangeWatchedFilesParams>(params) {
                    Ok(p) => {
                        let created = p.changes.iter().any(|c| c.typ != FileChangeType::CHANGED);
                        let paths: Vec<PathBuf> = p
                            .changes
                            .iter()
                            .filter_map(|c| uri_to_path(&c.uri))
                            .map(|p| canonical(&p))
                            .collect();
                        self.changed_on_disk(&paths, created);
                    }
                    Err(e) => bad(e),
                }
            }
            // `initialized`, `$/cancelRequest` (every request is answered at once anyway),
            // `workspace/didChangeConfiguration` (statuslint.yaml is the configuration), ...
            _ => {}
        }
        Flow::Continue
    }

    fn did_open(&mut self, p: DidOpenTextDocumentParams) {
        let doc = p.text_document;
        let path = document_path(&doc.uri);
        let key = doc.uri.as_str().to_string();
        let index = Arc::new(LineIndex::new(&doc.text));
        let now = Instant::now();
        let revision = self.next_revision();
        self.docs.insert(
            key.clone(),
            Document {
                uri: doc.uri,
                path,
                version: doc.version,
                text: doc.text.into(),
                index,
                revision,
                linting: None,
                linted: 0,
                last_lint: Duration::ZERO,
                tree: None,
                garbage: 0,
                due: Some(now),
                pending_since: Some(now),
                lint: Lint::default(),
            },
        );
        // Specs that reference the opened file learn the URI the client knows it by.
        let opened = self.docs[&key].path.clone();
        for (other, doc) in self.docs.iter_mut() {
            if *other != key && doc.lint.reads(&opened) {
                doc.due = Some(now);
            }
        }
    }

    fn did_change(&mut self, p: DidChangeTextDocumentParams) {
        let received = Instant::now();
        let key = p.text_document.uri.as_str();
        let encoding = self.encoding;
        let settings = self.settings;
        let revision = self.next_revision();
        let Some(doc) = self.docs.get_mut(key) else {
            eprintln!("statuslint lsp: a change to {key}, which is not open");
            return;
        };
        // Idle (no edit waiting, no lint running): lint at once. Edits that come while it runs
        // wait for the debounce below, so a burst still costs one lint after this one.
        let idle = doc.due.is_none() && doc.linting.is_none();
        // The edits, while each moves no node: what the client was shown can move with them.
        let mut moves: Option<Vec<Move>> = Some(Vec::new());
        for change in p.content_changes {
            let old = (doc.text.clone(), doc.index.clone());
            let mut edit = None;
            let mut spliced = false;
            match change.range {
                Some(range) => {
                    let start = doc.index.offset(&doc.text, range.start, encoding);
                    let end = doc.index.offset(&doc.text, range.end, encoding).max(start);
                    let mut text = String::with_capacity(doc.text.len() + change.text.len());
                    text.push_str(&doc.text[..start]);
                    text.push_str(&change.text);
                    text.push_str(&doc.text[end..]);
                    let e = incremental::Edit {
                        start,
                        old_end: end,
                        new_end: start + change.text.len(),
                    };
                    spliced = doc.splice(&text, e);
                    doc.text = text.into();
                    doc.index = Arc::new(doc.index.edited(&doc.text, start, end, e.new_end));
                    edit = Some(e);
                }
                None => {
                    doc.text = change.text.into();
                    doc.tree = None;
                    doc.index = Arc::new(LineIndex::new(&doc.text));
                }
            }
            moves = match (moves, edit.filter(|_| spliced)) {
                (Some(mut list), Some(e)) => {
                    list.push(Move::new(
                        (&old.0, &old.1),
                        (&doc.text, &doc.index),
                        (e.start, e.old_end, e.new_end),
                        encoding,
                    ));
                    Some(list)
                }
                _ => None,
            };
        }
        let old_version = doc.version;
        let version = p.text_document.version;
        doc.version = version;
        doc.revision = revision;
        // The client sees them moved at once; the lint that checks them need not hurry.
        let moved = match moves.filter(|m| !m.is_empty()) {
            Some(moves) => self.publish_moved(key, old_version, version, &moves),
            None => false,
        };
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        let now = Instant::now();
        let since = *doc.pending_since.get_or_insert(now);
        let debounce = doc
            .last_lint
            .clamp(MIN_DEBOUNCE, settings.debounce.max(MIN_DEBOUNCE));
        let debounce = if settings.debounce.is_zero() {
            Duration::ZERO
        } else {
            debounce.min(settings.debounce)
        };
        let due = if idle && !moved {
            now
        } else {
            (now + debounce).min(since + settings.max_delay)
        };
        doc.due = Some(due);
        // The specs that reference this buffer read its new text too (see the overlay), and
        // so do the Rust files of its crate (a type's `IntoResponses` may be declared here).
        let changed = doc.path.clone();
        let krate = rust_crate(&changed);
        for (other, doc) in self.docs.iter_mut() {
            let same_crate = krate
                .as_ref()
                .is_some_and(|root| rust_crate_holds(root, &doc.path));
            if other.as_str() != key && (doc.lint.reads(&changed) || same_crate) {
                doc.due = Some(doc.due.map_or(due, |d| d.min(due)));
            }
        }
        super::timing::log(key, "change", received);
    }

    /// After edits that moved no node, sends the client its diagnostics moved with them (when
    /// they were exactly what a lint of the version before said), without waiting for a lint.
    /// Whether it did.
    fn publish_moved(&mut self, key: &str, before: i32, version: i32, moves: &[Move]) -> bool {
        let Some(uri) = self.docs.get(key).map(|d| d.uri.clone()) else {
            return false;
        };
        let Some(shown) = self.published.get_mut(key) else {
            return false;
        };
        if !shown.exact || shown.version != Some(before) {
            return false;
        }
        for m in moves {
            for d in &mut shown.diagnostics {
                m.diagnostic(d, &uri);
            }
        }
        shown.version = Some(version);
        // Serialized from where they are kept: 1,235 diagnostics are not copied first.
        let params = serde_json::json!({
            "uri": uri,
            "diagnostics": &shown.diagnostics,
            "version": version,
        });
        self.send(Message::Notification(Notification {
            method: notification::PublishDiagnostics::METHOD.into(),
            params,
        }));
        true
    }

    fn did_close(&mut self, p: DidCloseTextDocumentParams) {
        let key = p.text_document.uri.as_str();
        let Some(doc) = self.docs.remove(key) else {
            return;
        };
        // The Rust files of its crate read it from disk again.
        if let Some(root) = rust_crate(&doc.path) {
            let now = Instant::now();
            for other in self.docs.values_mut() {
                if rust_crate_holds(&root, &other.path) {
                    other.due = Some(other.due.map_or(now, |d| d.min(now)));
                }
            }
        }
        // The closed document's diagnostics are cleared (unless another open document's
        // lint still speaks of it), and so are those its lint gave other files.
        let uris: Vec<String> = doc.lint.diagnostics.into_keys().collect();
        self.republish(uris, Some(key));
    }

    /// Files changed on disk (saved, or reported by the client's watcher): configuration is
    /// reloaded, and the documents that read a changed file are linted again. A created or
    /// deleted file may be one a `$ref` could not find before: then every document is.
    fn changed_on_disk(&mut self, paths: &[PathBuf], created_or_deleted: bool) {
        // utoipa's `IntoResponses` types are resolved across a crate's files from an index of
        // the disk: a changed Rust file makes it stale.
        let rust = paths
            .iter()
            .any(|p| p.extension().is_some_and(|e| e == "rs"));
        if rust {
            crate::rust::crate_index::clear_cache();
        }
        let config = paths.iter().any(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| config::FILE_NAMES.contains(&n))
        });
        if config {
            self.configs.clear();
            let stale: Vec<String> = self.config_errors.drain().map(|(k, _)| k).collect();
            self.republish(stale, None);
        }
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            let reads = paths.iter().any(|p| doc.lint.reads(p));
            if config
                || created_or_deleted
                || reads
                || (rust && doc.path.extension().is_some_and(|e| e == "rs"))
            {
                doc.due = Some(doc.due.map_or(now, |d| d.min(now)));
            }
        }
    }

    /// Begins the client's work-done progress once lints have run for [`PROGRESS_DELAY`], and
    /// ends it when none runs; when to look again, if a progress may begin.
    fn update_progress(&mut self, now: Instant) -> Option<Instant> {
        if !self.client.work_done_progress {
            return None;
        }
        let linting = self
            .docs
            .values()
            .find(|d| d.linting.is_some())
            .map(|d| d.path.clone());
        let Some(path) = linting else {
            self.progress.busy_since = None;
            if let Some(token) = self.progress.token.take() {
                self.send_progress(&token, serde_json::json!({"kind": "end"}));
            }
            return None;
        };
        let since = *self.progress.busy_since.get_or_insert(now);
        if self.progress.token.is_some() {
            return None;
        }
        if now < since + PROGRESS_DELAY {
            return Some(since + PROGRESS_DELAY);
        }
        self.progress.tokens += 1;
        let token = format!("statuslint-lint-{}", self.progress.tokens);
        self.next_id += 1;
        let create = Request::new(
            RequestId::from(format!("statuslint-{}", self.next_id)),
            request::WorkDoneProgressCreate::METHOD.into(),
            lsp_types::WorkDoneProgressCreateParams {
                token: NumberOrString::String(token.clone()),
            },
        );
        self.send(create.into());
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let begin = serde_json::json!({
            "kind": "begin",
            "title": "statuslint",
            "message": format!("linting {name}"),
            "cancellable": false,
        });
        self.send_progress(&token, begin);
        self.progress.token = Some(token);
        None
    }

    fn send_progress(&self, token: &str, value: Value) {
        let params = serde_json::json!({"token": token, "value": value});
        self.send(Message::Notification(Notification {
            method: notification::Progress::METHOD.into(),
            params,
        }));
    }

    fn next_revision(&mut self) -> u64 {
        self.revisions += 1;
        self.revisions
    }

    /// Starts the lints that are due (one at a time per document: one that is being linted
    /// waits for that lint to finish).
    fn start_due(&mut self, now: Instant) {
        let due: Vec<String> = self
            .docs
            .iter()
            .filter(|(_, d)| d.linting.is_none() && d.due.is_some_and(|d| d <= now))
            .map(|(k, _)| k.clone())
            .collect();
        for key in due {
            self.start_lint(&key);
        }
    }

    /// The configuration that applies to `path`: the nearest statuslint.yaml, loaded once.
    /// One that does not load is reported on its own file, and the defaults apply meanwhile.
    fn config_for(&mut self, path: &Path) -> Arc<Config> {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        if let Some(config) = self.configs.get(&dir) {
            return config.clone();
        }
        let shared = self.shared_rules.clone();
        let defaults = || Arc::new(Config::defaults(shared.clone(), dir.clone()));
        let config = match config::discover(&dir) {
            Some(file) => match Config::load(&file, &self.shared_rules) {
                Ok(config) => Arc::new(config),
                Err(e) => {
                    eprintln!("statuslint lsp: {}: {}", file.display(), e.message);
                    if let Some(uri) = path_to_uri(&file) {
                        let diagnostic = config_diagnostic(&e, self.encoding);
                        let key = uri.as_str().to_string();
                        self.config_errors.insert(key.clone(), (uri, diagnostic));
                        self.republish(vec![key], None);
                    }
                    defaults()
                }
            },
            None => defaults(),
        };
        self.configs.insert(dir, config.clone());
        config
    }

    /// Hands the open document `key` to the lint thread.
    fn start_lint(&mut self, key: &str) {
        let Some(path) = self.docs.get(key).map(|d| d.path.clone()) else {
            return;
        };
        let config = self.config_for(&path);
        let mut roots = self.roots.clone();
        roots.extend(path.parent().map(Path::to_path_buf));
        let open: HashMap<PathBuf, Uri> = self
            .docs
            .values()
            .map(|d| (d.path.clone(), d.uri.clone()))
            .collect();
        // The other open buffers stand in for their files: a `$ref` reads what the user sees,
        // saved or not.
        let overlay: load::Overlay = self
            .docs
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(_, d)| {
                let path = std::fs::canonicalize(&d.path).unwrap_or_else(|_| d.path.clone());
                (path, d.text.clone())
            })
            .collect();
        let encoding = self.encoding;
        let related = self.client.related_information;
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        if let Some(since) = doc.pending_since {
            super::timing::log(key, "wait", since);
        }
        doc.due = None;
        doc.pending_since = None;
        doc.linting = Some(doc.revision);
        let job = Job {
            key: key.to_string(),
            revision: doc.revision,
            uri: doc.uri.clone(),
            path,
            text: doc.text.clone(),
            index: doc.index.clone(),
            tree: doc.tree.clone(),
            config,
            roots,
            overlay,
            open,
            encoding,
            related,
        };
        if self.jobs.send(job).is_err() {
            eprintln!("statuslint lsp: the lint thread is gone");
        }
    }

    /// Installs a finished lint and publishes what changed, unless the document changed (or
    /// closed) meanwhile: then the lint that is due replaces it.
    fn finish_lint(&mut self, done: Done) {
        let Some(doc) = self.docs.get_mut(&done.key) else {
            return;
        };
        if doc.linting == Some(done.revision) {
            doc.linting = None;
        }
        if done.revision != doc.revision {
            return;
        }
        doc.last_lint = done.elapsed;
        doc.linted = done.revision;
        if doc.tree.is_none() {
            doc.tree = done.tree;
            doc.garbage = 0;
        }
        let mut uris: Vec<String> = doc.lint.diagnostics.keys().cloned().collect();
        uris.extend(done.lint.diagnostics.keys().cloned());
        doc.lint = done.lint;
        let publishing = Instant::now();
        self.republish(uris, Some(&done.key));
        super::timing::log(&done.key, "publish", publishing);
    }

    /// Whether every open document's lint is current.
    fn settled(&self) -> bool {
        self.docs
            .values()
            .all(|d| d.due.is_none() && d.linting.is_none())
    }

    /// Answers the code actions that waited for lints, once those are done (or waited long).
    fn answer_deferred(&mut self) {
        self.answer_deferred_if(false);
    }

    /// Answers every waiting code action at once.
    fn answer_deferred_now(&mut self) {
        self.answer_deferred_if(true);
    }

    fn answer_deferred_if(&mut self, now_anyway: bool) {
        if self.deferred.is_empty() {
            return;
        }
        let settled = now_anyway || self.settled();
        let now = Instant::now();
        let (ready, waiting): (Vec<Deferred>, Vec<Deferred>) = std::mem::take(&mut self.deferred)
            .into_iter()
            .partition(|d| settled || now >= d.since + MAX_DEFER);
        self.deferred = waiting;
        for d in ready {
            let value = serde_json::to_value(self.code_actions(d.params)).unwrap_or_default();
            self.send(Response::new_ok(d.id, value).into());
        }
    }

    /// Sends each of `uris` the union of what the open documents' lints say about it, when it
    /// differs from what the client has (the linted document `always` gets it, with its
    /// version, so the client knows its diagnostics are current).
    fn republish(&mut self, mut uris: Vec<String>, always: Option<&str>) {
        uris.extend(always.map(str::to_string));
        let mut seen = HashSet::new();
        uris.retain(|u| seen.insert(u.clone()));
        for key in uris {
            let mut all: Vec<Diagnostic> = Vec::new();
            let mut contributors = 0;
            let open_text = self.docs.get(&key).map(|d| &d.text);
            for doc in self.docs.values() {
                // What another document's lint says of an open one holds for the text it read:
                // once that text has changed, its lint is due again and will say it anew.
                let stale = if doc.uri.as_str() == key {
                    doc.linted != doc.revision
                } else {
                    match (open_text, doc.lint.text_of(&key)) {
                        (Some(now), Some(read)) => !Arc::ptr_eq(now, read) && now != read,
                        _ => false,
                    }
                };
                if stale {
                    continue;
                }
                if let Some(list) = doc.lint.diagnostics.get(&key) {
                    contributors += 1;
                    for (d, _) in list {
                        // Two open specs that share a file would say the same thing twice.
                        if contributors == 1 || !all.contains(d) {
                            all.push(d.clone());
                        }
                    }
                }
            }
            let mut uri = self.docs.get(&key).map(|d| d.uri.clone());
            if let Some((config_uri, d)) = self.config_errors.get(&key) {
                all.push(d.clone());
                uri = uri.or(Some(config_uri.clone()));
            }
            let uri = uri.or_else(|| {
                self.docs.values().find_map(|d| {
                    d.lint
                        .files
                        .iter()
                        .find(|(u, _)| u.as_str() == key)
                        .map(|(u, _)| u.clone())
                })
            });
            let uri = match uri.or_else(|| key.parse().ok()) {
                Some(uri) => uri,
                None => continue,
            };
            // The linted document always gets its list with its version (unless it has them
            // already: moved there, see `publish_moved`); the others only when theirs changed.
            let forced = always == Some(key.as_str());
            let version = self.docs.get(&key).map(|d| d.version);
            let current = self.docs.get(&key).is_some_and(|d| d.linted == d.revision);
            let exact =
                forced && current && contributors <= 1 && !self.config_errors.contains_key(&key);
            let shown = self.published.get_mut(&key);
            let same = shown
                .as_ref()
                .map_or(all.is_empty(), |s| s.diagnostics == all);
            let unchanged =
                same && (!forced || shown.as_ref().is_some_and(|s| s.version == version));
            if unchanged {
                if let Some(shown) = shown {
                    shown.exact = exact;
                }
                continue;
            }
            if all.is_empty() {
                self.published.remove(&key);
            } else {
                let shown = Published {
                    version,
                    diagnostics: all.clone(),
                    exact,
                };
                self.published.insert(key.clone(), shown);
            }
            let params = PublishDiagnosticsParams {
                uri,
                diagnostics: all,
                version,
            };
            self.send(
                Notification::new(notification::PublishDiagnostics::METHOD.into(), params).into(),
            );
        }
    }

    fn hover(&mut self, p: HoverParams) -> Option<Hover> {
        let position = p.text_document_position_params.position;
        let key = p.text_document_position_params.text_document.uri.as_str();
        let encoding = self.encoding;
        let doc = self.docs.get_mut(key)?;
        let offset = doc.index.offset(&doc.text, position, encoding);
        let pending = doc.due.is_some() || doc.linting.is_some();
        if !pending && !doc.lint.api {
            return None;
        }
        let (span, word) = if crate::rust::is_rust(&doc.path) {
            // `status = 201` / `status = StatusCode::CREATED` in a utoipa attribute.
            hover::rust_status_at(&doc.text, offset)?
        } else {
            let (span, word) = hover::status_word_at(&doc.text, offset)?;
            // The word's context is checked on the tree when one is known for this text (the
            // lint thread parses; a hover does not wait for it); a half-typed document is
            // judged by the word alone.
            if let Some(Some(tree)) = &doc.tree {
                if !hover::is_response_key(tree, span.start as usize) {
                    return None;
                }
            }
            (span, word.to_string())
        };
        let range = doc.index.range(&doc.text, span, encoding);
        let path = doc.path.clone();
        let config = self.config_for(&path);
        let levels = config.levels_for(&path);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: hover::markdown(&word, &config.rules, &levels),
            }),
            range: Some(range),
        })
    }

    fn code_actions(&mut self, p: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let key = p.text_document.uri.as_str().to_string();
        let wanted = |kind: &str| match &p.context.only {
            None => true,
            Some(only) => only.iter().any(|o| {
                let o = o.as_str();
                kind == o || kind.strip_prefix(o).is_some_and(|r| r.starts_with('.'))
            }),
        };
        let mut actions: Vec<CodeAction> = Vec::new();
        if wanted(CodeActionKind::QUICKFIX.as_str()) {
            for doc in self.docs.values() {
                let Some(list) = doc.lint.diagnostics.get(&key) else {
                    continue;
                };
                for (diagnostic, index) in list {
                    if !overlaps(diagnostic.range, p.range) {
                        continue;
                    }
                    let finding = &doc.lint.findings[*index];
                    let Some(fix) = fix::fix(finding, &doc.lint.sources) else {
                        continue;
                    };
                    let Some(edit) = self.workspace_edit(doc, &fix.edits) else {
                        continue;
                    };
                    let action = CodeAction {
                        title: fix.title,
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: Some(vec![diagnostic.clone()]),
                        edit: Some(edit),
                        is_preferred: Some(true),
                        ..CodeAction::default()
                    };
                    if !actions.contains(&action) {
                        actions.push(action);
                    }
                }
            }
        }
        // Fixing everything costs a plan over all findings: not for the requests a client
        // sends by itself as the cursor moves, only when asked (or by kind).
        let automatic = p.context.trigger_kind == Some(CodeActionTriggerKind::AUTOMATIC);
        let asked = p.context.only.is_some() || !automatic;
        if asked && wanted(FIX_ALL) {
            if let Some(doc) = self.docs.get(&key) {
                let plan = fix::plan(&doc.lint.findings, &doc.lint.sources);
                if plan.fixed > 0 {
                    if let Some(edit) = self.workspace_edit(doc, &plan.edits) {
                        actions.push(CodeAction {
                            title: format!(
                                "Fix all statuslint problems ({} {})",
                                plan.fixed,
                                if plan.fixed == 1 { "fix" } else { "fixes" }
                            ),
                            kind: Some(CodeActionKind::from(FIX_ALL.to_string())),
                            edit: Some(edit),
                            ..CodeAction::default()
                        });
                    }
                }
            }
        }
        actions
            .into_iter()
            .map(CodeActionOrCommand::CodeAction)
            .collect()
    }

    /// The edits as a workspace edit, or `None` when one of them would land in an open
    /// buffer whose text is not the one the lint read (the edit could corrupt it).
    fn workspace_edit(&self, owner: &Document, edits: &[Edit]) -> Option<WorkspaceEdit> {
        let lint = &owner.lint;
        let mut per_file: Vec<(FileId, Vec<TextEdit>)> = Vec::new();
        let mut indexes: HashMap<FileId, LineIndex> = HashMap::new();
        for edit in edits {
            let source = lint.sources.get(edit.file);
            let (_, path) = lint.files.get(edit.file as usize)?;
            let text: &str = &source.text;
            if edit.file == 0 {
                if *owner.text != *text {
                    return None;
                }
            } else if let Some(open) = self.docs.values().find(|d| &d.path == path) {
                if *open.text != *text {
                    return None;
                }
            }
            let index = match edit.file {
                0 => &*owner.index,
                file => indexes.entry(file).or_insert_with(|| LineIndex::new(text)),
            };
            let text_edit = TextEdit {
                range: index.range(text, edit.span, self.encoding),
                new_text: edit.text.clone(),
            };
            match per_file.iter_mut().find(|(f, _)| *f == edit.file) {
                Some((_, list)) => list.push(text_edit),
                None => per_file.push((edit.file, vec![text_edit])),
            }
        }
        if self.client.document_changes {
            let changes = per_file
                .into_iter()
                .map(|(file, edits)| {
                    let uri = lint.files[file as usize].0.clone();
                    let version = self.docs.get(uri.as_str()).map(|d| d.version);
                    TextDocumentEdit {
                        text_document: OptionalVersionedTextDocumentIdentifier { uri, version },
                        edits: edits.into_iter().map(OneOf::Left).collect(),
                    }
                })
                .collect();
            return Some(WorkspaceEdit {
                document_changes: Some(DocumentChanges::Edits(changes)),
                ..WorkspaceEdit::default()
            });
        }
        // `Uri` caches what it parsed (interior mutability); keys are never changed here.
        #[allow(clippy::mutable_key_type)]
        let changes = per_file
            .into_iter()
            .map(|(file, edits)| (lint.files[file as usize].0.clone(), edits))
            .collect();
        Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        })
    }

    fn send(&self, message: Message) {
        if self.connection.sender.send(message).is_err() {
            eprintln!("statuslint lsp: the client is gone; a message was dropped");
        }
    }
}

impl Document {
    fn format(&self) -> parse::Format {
        load::format_of(&self.path, &self.text)
    }

    /// Carries the tree over `edit`, which turns the current text into `new`: spliced when the
    /// edit stays inside a collection, else forgotten (the next use parses in full). Whether
    /// the edit moved nodes without changing any (see [`incremental::Spliced::trivia`]).
    fn splice(&mut self, new: &str, edit: incremental::Edit) -> bool {
        let format = self.format();
        let spliced = match &mut self.tree {
            Some(Some(tree)) if self.garbage <= tree.nodes.len() / 2 => {
                incremental::reparse(Arc::make_mut(tree), &self.text, new, edit, format)
            }
            _ => None,
        };
        match spliced {
            Some(s) => {
                self.garbage += s.garbage;
                s.trivia
            }
            None => {
                self.tree = None;
                false
            }
        }
    }
}

/// A configuration file's error, as a diagnostic on that file.
fn config_diagnostic(e: &ConfigError, encoding: Encoding) -> Diagnostic {
    let index = LineIndex::new(&e.text);
    let mut message = e.message.clone();
    if let Some(help) = &e.help {
        message.push_str(&format!(" ({help})"));
    }
    Diagnostic {
        range: index.range(&e.text, e.span, encoding),
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("invalid-configuration".into())),
        source: Some("statuslint".into()),
        message,
        ..Diagnostic::default()
    }
}

/// Where a document lives: its file path, or (an unsaved buffer) a name in the working
/// directory, so that relative `$ref`s and configuration still resolve somewhere sensible.
fn document_path(uri: &Uri) -> PathBuf {
    match uri_to_path(uri) {
        Some(path) if path.is_absolute() => canonical(&path),
        _ => {
            let name = uri
                .as_str()
                .rsplit(['/', ':'])
                .next()
                .filter(|n| !n.is_empty())
                .unwrap_or("untitled");
            std::env::current_dir()
                .unwrap_or_else(|_| PathBuf::from("/"))
                .join(name)
        }
    }
}

/// The crate directory of a Rust file, if it is one.
fn rust_crate(path: &Path) -> Option<PathBuf> {
    crate::rust::is_rust(path)
        .then(|| crate::rust::crate_index::crate_root(path))
        .flatten()
}

/// Whether `path` is a Rust file of the crate at `root`.
fn rust_crate_holds(root: &Path, path: &Path) -> bool {
    crate::rust::is_rust(path) && path.starts_with(root)
}

/// The canonical path when the file exists (symbolic links resolved, as the loader has
/// them), else the lexically normalized one.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| load::normalize(path))
}

fn overlaps(a: lsp_types::Range, b: lsp_types::Range) -> bool {
    let before = |x: lsp_types::Position, y: lsp_types::Position| {
        (x.line, x.character) < (y.line, y.character)
    };
    !(before(a.end, b.start) || before(b.end, a.start))
}

fn parse_params<P: serde::de::DeserializeOwned>(params: Value) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}

pub(super) fn panic_text(cause: &Box<dyn std::any::Any + Send>) -> String {
    cause
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| cause.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn ranges_overlap_when_they_touch() {
        let r = |a, b, c, d| Range::new(Position::new(a, b), Position::new(c, d));
        assert!(overlaps(r(1, 0, 1, 5), r(1, 5, 1, 5)));
        assert!(overlaps(r(1, 0, 3, 0), r(2, 0, 2, 1)));
        assert!(!overlaps(r(1, 0, 1, 5), r(1, 6, 1, 7)));
    }

    #[test]
    fn settings_read_the_debounce() {
        let options = serde_json::json!({"debounceMs": 10});
        assert_eq!(
            Settings::from_options(Some(&options)).debounce,
            Duration::from_millis(10)
        );
    }
}
