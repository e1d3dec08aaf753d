//! Loading: files → span-keeping trees, the root's dialect, and `$ref` resolution.
//!
//! A lint job starts from one root file. Files it references are read on demand, never from the
//! network and never from outside the allowed roots. Problems become `invalid-document` and
//! `unresolved-ref` findings; nothing here panics on input.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::finding::Related;
use crate::model::Dialect;
use crate::parse::{self, Format};
use crate::source::{FileId, Loc, SourceFile, Sources};
use crate::tree::{Duplicate, NodeId, Span, Tree};

/// File texts by canonical path, read instead of the disk (an editor's unsaved buffers).
pub type Overlay = std::collections::HashMap<PathBuf, Arc<str>>;

/// Files larger than this are not read: no API description comes near it.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A loading problem, reported under `invalid-document` or `unresolved-ref`, or what a
/// source frontend found outside the model's reach (`duplicate-status`,
/// `undeclared-status-returned` in Rust sources).
#[derive(Debug, Clone, Default)]
pub struct Problem {
    pub rule: &'static str,
    pub message: String,
    pub label: String,
    pub loc: Loc,
    /// Other places worth showing.
    pub related: Vec<crate::finding::Related>,
    /// Suppressions in force where the problem is (an operation's), besides the document's.
    pub suppressed: Vec<crate::model::Suppression>,
}

/// Why a file was not linted. Only `--verbose` shows these: a pre-commit hook hands over every
/// YAML file of a repository, and most of them are not API descriptions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    Empty,
    Binary,
    NotApi,
    TooLarge(u64),
    // Rust sources (src/rust/):
    /// A `.rs` file without `#[utoipa::path]` operations.
    NoRustApi,
    /// A `.rs` file that does not parse: the compiler's to report (`line:column: message`).
    RustSyntax(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::Empty => write!(f, "empty file"),
            Skip::Binary => write!(f, "binary file"),
            Skip::NotApi => write!(
                f,
                "not an API description (no top-level `openapi` or `swagger` key)"
            ),
            Skip::TooLarge(n) => write!(f, "file too large ({n} bytes)"),
            Skip::NoRustApi => write!(f, "no `#[utoipa::path]` operations"),
            Skip::RustSyntax(reason) => {
                write!(f, "not valid Rust ({reason}): left to the compiler")
            }
        }
    }
}

/// The files of one lint job and the problems met while reading them.
pub struct Workspace {
    pub sources: Sources,
    trees: Vec<Option<Arc<Tree>>>,
    allowed_roots: Arc<[PathBuf]>,
    pub problems: Vec<Problem>,
    reported: HashSet<Loc>,
    /// Unsaved editor buffers, read instead of the files they stand for.
    pub overlay: Option<Arc<Overlay>>,
    /// Statuses repeated in a JSON `responses` mapping, until the model builder says whether
    /// it is an operation's.
    pending_statuses: Vec<(FileId, Duplicate)>,
}

/// Where a `$ref` leads: the node, and the key it stands under (for labels), if any.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub file: FileId,
    pub node: NodeId,
    pub key: Option<NodeId>,
}

/// What loading a root file gave.
pub enum Loaded {
    /// An API description: lint it.
    Api(Workspace, Dialect),
    /// An API description that could not be read; its problems say why.
    Broken(Workspace),
    Skipped(Skip),
}

impl Workspace {
    pub fn new(allowed_roots: Arc<[PathBuf]>) -> Workspace {
        // `$ref` targets are compared as canonical paths; so must the roots be.
        let allowed_roots = allowed_roots
            .iter()
            .map(|r| std::fs::canonicalize(r).unwrap_or_else(|_| normalize(r)))
            .collect();
        Workspace {
            sources: Sources::default(),
            trees: Vec::new(),
            allowed_roots,
            problems: Vec::new(),
            reported: HashSet::new(),
            overlay: None,
            pending_statuses: Vec::new(),
        }
    }

    pub fn tree(&self, file: FileId) -> Option<Arc<Tree>> {
        self.trees.get(file as usize).cloned().flatten()
    }

    pub fn loc(&self, file: FileId, node: NodeId) -> Loc {
        let span = self.tree(file).map(|t| t.span(node)).unwrap_or_default();
        Loc { file, span }
    }

    /// Records a problem once per place (a shared broken `$ref` is reported where it is written,
    /// not at every use).
    pub fn problem(&mut self, rule: &'static str, loc: Loc, message: String, label: &str) {
        self.problem_with(rule, loc, message, label, Vec::new());
    }

    /// [`Self::problem`], with related places.
    pub fn problem_with(
        &mut self,
        rule: &'static str,
        loc: Loc,
        message: String,
        label: &str,
        related: Vec<Related>,
    ) {
        if self.reported.insert(loc) {
            self.problems.push(Problem {
                rule,
                message,
                label: label.to_string(),
                loc,
                related,
                ..Problem::default()
            });
        }
    }

    /// Resolves the `$ref` string `reference` written at `at` (in file `from`): the file and node
    /// it points to. Errors are the reason, for an `unresolved-ref` finding.
    pub fn resolve(&mut self, from: FileId, reference: &str) -> Result<Target, String> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, p)) => (f, p),
            None => (reference, ""),
        };
        let target = if file_part.is_empty() {
            from
        } else {
            if has_scheme(file_part) {
                return Err(format!(
                    "`{reference}` is a URL: statuslint never fetches the network"
                ));
            }
            let decoded = percent_encoding::percent_decode_str(file_part).decode_utf8_lossy();
            let base = self
                .sources
                .get(from)
                .path
                .parent()
                .unwrap_or(Path::new("."));
            let path = normalize(&base.join(decoded.as_ref()));
            if !self.allowed_roots.iter().any(|root| path.starts_with(root)) {
                return Err(format!(
                    "`{reference}` points outside the project ({})",
                    path.display()
                ));
            }
            let name = normalize(
                &Path::new(&self.sources.get(from).name)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(decoded.as_ref()),
            );
            self.load_referenced(&path, name.to_string_lossy().into_owned())?
        };
        let tree = self
            .tree(target)
            .ok_or_else(|| format!("`{reference}`: the referenced file could not be read"))?;
        let (key, node) = follow_pointer(&tree, fragment)
            .ok_or_else(|| format!("`{reference}`: no node at `#{fragment}`"))?;
        Ok(Target {
            file: target,
            node,
            key,
        })
    }

    fn load_referenced(&mut self, path: &Path, name: String) -> Result<FileId, String> {
        if let Some(id) = self.sources.find(path) {
            return Ok(id);
        }
        // An editor's buffer is shared as it is (the language server tells by it which text
        // of an open document a lint read).
        let buffer = self.overlay.as_ref().and_then(|o| o.get(path)).cloned();
        let text: Arc<str> = match buffer {
            Some(text) => text,
            None => {
                let bytes = read_limited(path).map_err(|e| format!("cannot read {name}: {e}"))?;
                match String::from_utf8(bytes) {
                    Ok(s) => s.into(),
                    Err(e) => {
                        let valid_up_to = e.utf8_error().valid_up_to();
                        let text: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
                        let id = self.add_file(name.clone(), path.to_path_buf(), text, None);
                        self.invalid_utf8(id, valid_up_to);
                        return Ok(id);
                    }
                }
            }
        };
        let format = format_of(path, &text);
        let id = self.add_file(name, path.to_path_buf(), text.clone(), None);
        self.parse_into(id, &text, format);
        Ok(id)
    }

    fn add_file(
        &mut self,
        name: String,
        path: PathBuf,
        text: Arc<str>,
        tree: Option<Tree>,
    ) -> FileId {
        let id = self.sources.add(SourceFile::new(name, path, text));
        self.trees.push(tree.map(Arc::new));
        id
    }

    /// `offset` is where the text stops being UTF-8: the lossy text has U+FFFD there.
    fn invalid_utf8(&mut self, file: FileId, offset: usize) {
        let loc = Loc {
            file,
            span: Span::new(offset, offset + char::REPLACEMENT_CHARACTER.len_utf8()),
        };
        self.problem(
            "invalid-document",
            loc,
            "the file is not valid UTF-8".into(),
            "invalid UTF-8 byte sequence here",
        );
    }

    /// Parses `text` as the tree of `file`; a parse error becomes an `invalid-document` problem.
    fn parse_into(&mut self, file: FileId, text: &str, format: Format) -> bool {
        let parsed = parse::parse(text, format).map(Arc::new);
        self.store_parsed(file, text, format, parsed)
    }

    /// Keeps a file's tree, or reports why it has none.
    fn store_parsed(
        &mut self,
        file: FileId,
        text: &str,
        format: Format,
        parsed: Result<Arc<Tree>, parse::ParseError>,
    ) -> bool {
        match parsed {
            Ok(tree) => {
                self.tree_problems(file, &tree, format);
                self.trees[file as usize] = Some(tree);
                true
            }
            Err(e) => {
                let end = next_char_boundary(text, e.offset);
                let loc = Loc {
                    file,
                    span: Span::new(e.offset.min(text.len()), end),
                };
                let what = match format {
                    Format::Json => "JSON",
                    Format::Yaml => "YAML",
                };
                self.problem(
                    "invalid-document",
                    loc,
                    format!("not valid {what}: {}", e.message),
                    &format!("the {what} breaks here"),
                );
                false
            }
        }
    }
}

impl Workspace {
    /// What the parser read past: repeated keys (YAML 1.2 §3.2.1.1 forbids them; in JSON a
    /// repeated status is `duplicate-status`) and a second YAML document.
    fn tree_problems(&mut self, file: FileId, tree: &Tree, format: Format) {
        let at = |node: NodeId| Loc {
            file,
            span: tree.span(node),
        };
        for d in &tree.duplicates {
            let key = tree.str(d.repeated).unwrap_or("");
            let first = self
                .sources
                .get(file)
                .line_col(tree.span(d.first).start)
                .line;
            let in_responses = d
                .parent_key
                .is_some_and(|k| tree.str(k) == Some("responses"));
            let related = vec![Related {
                loc: at(d.first),
                label: format!("`{key}` first written here"),
            }];
            if format == Format::Json && in_responses && is_status_key(key) {
                // An operation's `responses` (then `duplicate-status`) or a `components` one:
                // the model builder tells them apart.
                self.pending_statuses.push((file, *d));
            } else {
                let what = match format {
                    Format::Json => "JSON object",
                    Format::Yaml => "YAML mapping",
                };
                self.problem_with(
                    "invalid-document",
                    at(d.repeated),
                    format!(
                        "the key `{key}` is written twice in one {what} (first on line {first}): \
                         readers keep only this one, and the first is lost"
                    ),
                    "repeated key",
                    related,
                );
            }
        }
        if let Some(span) = tree.second_document {
            self.problem(
                "invalid-document",
                Loc { file, span },
                "a second YAML document starts here: an API description is one document, and \
                 the rest of the file is not read"
                    .into(),
                "second document",
            );
        }
    }
}

impl Workspace {
    /// Reports the statuses repeated in the JSON responses mapping `list` of `file` (one the
    /// model builder reads as an operation's responses) as `duplicate-status`.
    pub fn repeated_statuses(&mut self, file: FileId, list: NodeId) {
        if !self
            .pending_statuses
            .iter()
            .any(|(f, d)| *f == file && d.map == list)
        {
            return;
        }
        let (mine, rest) = std::mem::take(&mut self.pending_statuses)
            .into_iter()
            .partition(|(f, d)| *f == file && d.map == list);
        self.pending_statuses = rest;
        self.report_duplicates(mine, true);
    }

    /// Reports the repeated keys left (ones under a `responses` that is no operation's) as
    /// `invalid-document`.
    pub fn finish_duplicates(&mut self) {
        let rest = std::mem::take(&mut self.pending_statuses);
        self.report_duplicates(rest, false);
    }

    fn report_duplicates(&mut self, duplicates: Vec<(FileId, Duplicate)>, statuses: bool) {
        for (file, d) in duplicates {
            let Some(tree) = self.tree(file) else {
                continue;
            };
            let at = |node: NodeId| Loc {
                file,
                span: tree.span(node),
            };
            let key = tree.str(d.repeated).unwrap_or("");
            let first = self
                .sources
                .get(file)
                .line_col(tree.span(d.first).start)
                .line;
            let related = vec![Related {
                loc: at(d.first),
                label: format!("`{key}` first written here"),
            }];
            if statuses {
                self.problem_with(
                    "duplicate-status",
                    at(d.repeated),
                    format!(
                        "status `{key}` is declared twice in this `responses` (first on line \
                         {first}): readers keep only this one, and the first is lost"
                    ),
                    "declared again",
                    related,
                );
            } else {
                self.problem_with(
                    "invalid-document",
                    at(d.repeated),
                    format!(
                        "the key `{key}` is written twice in one JSON object (first on line \
                         {first}): readers keep only this one, and the first is lost"
                    ),
                    "repeated key",
                    related,
                );
            }
        }
    }
}

/// `200`, `2XX` or `default`: a key of a Responses Object.
fn is_status_key(key: &str) -> bool {
    key == "default"
        || crate::model::status_code(key).is_some()
        || crate::model::range_class(key).is_some()
}

/// Reads and classifies a root file: an API description (with its dialect), a broken one, or a
/// file to skip. `name` is the path as the user will read it.
pub fn load_root(
    path: &Path,
    name: String,
    allowed_roots: Arc<[PathBuf]>,
    overlay: Option<Arc<Overlay>>,
) -> std::io::Result<Loaded> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_FILE_BYTES {
        return Ok(Loaded::Skipped(Skip::TooLarge(len)));
    }
    let bytes = std::fs::read(path)?;
    let canonical = std::fs::canonicalize(path)?;
    Ok(load_bytes(&canonical, name, bytes, allowed_roots, overlay))
}

/// Classifies and loads a root file's bytes (from disk or an editor buffer); `path` is its
/// absolute path, the base of its relative `$ref`s.
pub fn load_bytes(
    path: &Path,
    name: String,
    bytes: Vec<u8>,
    allowed_roots: Arc<[PathBuf]>,
    overlay: Option<Arc<Overlay>>,
) -> Loaded {
    load_with(
        path,
        name,
        Input::Bytes(bytes),
        allowed_roots,
        overlay,
        |text, format| parse::parse(text, format).map(Arc::new),
    )
}

/// [`load_bytes`] for a text whose tree the caller already has (the language server keeps it
/// across edits, see [`parse::incremental`]); `parse` is called only if the text is one to
/// read (not empty, binary or unrelated).
pub fn load_parsed(
    path: &Path,
    name: String,
    text: Arc<str>,
    allowed_roots: Arc<[PathBuf]>,
    overlay: Option<Arc<Overlay>>,
    parse: impl FnOnce(&str, Format) -> Result<Arc<Tree>, parse::ParseError>,
) -> Loaded {
    load_with(path, name, Input::Text(text), allowed_roots, overlay, parse)
}

/// A root file's content: bytes from disk, or a text already known to be UTF-8.
enum Input {
    Bytes(Vec<u8>),
    Text(Arc<str>),
}

fn load_with(
    path: &Path,
    name: String,
    input: Input,
    allowed_roots: Arc<[PathBuf]>,
    overlay: Option<Arc<Overlay>>,
    parse: impl FnOnce(&str, Format) -> Result<Arc<Tree>, parse::ParseError>,
) -> Loaded {
    let bytes = match &input {
        Input::Bytes(bytes) => bytes.as_slice(),
        Input::Text(text) => text.as_bytes(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Loaded::Skipped(Skip::Empty);
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Loaded::Skipped(Skip::Binary);
    }
    if !mentions_api_key(bytes) {
        return Loaded::Skipped(Skip::NotApi);
    }
    let canonical = path.to_path_buf();
    let mut ws = Workspace::new(allowed_roots);
    ws.overlay = overlay;
    let decoded = match input {
        Input::Bytes(bytes) => String::from_utf8(bytes).map(Arc::from),
        Input::Text(text) => Ok(text),
    };
    let text: Arc<str> = match decoded {
        Ok(s) => s,
        Err(e) => {
            if !looks_like_api(e.as_bytes()) {
                return Loaded::Skipped(Skip::NotApi);
            }
            let valid_up_to = e.utf8_error().valid_up_to();
            let text: Arc<str> = String::from_utf8_lossy(e.as_bytes()).into();
            let id = ws.add_file(name, canonical, text, None);
            ws.invalid_utf8(id, valid_up_to);
            return Loaded::Broken(ws);
        }
    };
    let format = format_of(path, &text);
    let id = ws.add_file(name, canonical, text.clone(), None);
    if !ws.store_parsed(id, &text, format, parse(&text, format)) {
        // A broken file that never claimed to be an API description is none of our business.
        return if looks_like_api(text.as_bytes()) {
            Loaded::Broken(ws)
        } else {
            Loaded::Skipped(Skip::NotApi)
        };
    }
    let Some(tree) = ws.tree(id) else {
        return Loaded::Broken(ws);
    };
    match dialect(&tree) {
        None => Loaded::Skipped(Skip::NotApi),
        Some(Ok(dialect)) => Loaded::Api(ws, dialect),
        Some(Err((node, message))) => {
            let loc = ws.loc(id, node);
            ws.problem("invalid-document", loc, message, "unsupported version");
            Loaded::Broken(ws)
        }
    }
}

/// The dialect named by the root's `openapi`/`swagger` key: `None` when neither key is there
/// (not an API description), an error with the version node when the version is unknown.
fn dialect(tree: &Tree) -> Option<Result<Dialect, (NodeId, String)>> {
    if let Some(node) = tree.value(tree.root, "openapi") {
        let version = tree.str(node).unwrap_or("");
        let dialect = if version.starts_with("3.0") {
            Dialect::OpenApi30
        } else if version.starts_with("3.1") {
            Dialect::OpenApi31
        } else if version.starts_with("3.2") {
            Dialect::OpenApi32
        } else {
            return Some(Err((
                node,
                format!("unsupported OpenAPI version `{version}` (statuslint reads 2.0, 3.0, 3.1 and 3.2)"),
            )));
        };
        return Some(Ok(dialect));
    }
    let node = tree.value(tree.root, "swagger")?;
    let version = tree.str(node).unwrap_or("");
    if version.starts_with('2') {
        Some(Ok(Dialect::Swagger2))
    } else {
        Some(Err((
            node,
            format!(
                "unsupported Swagger version `{version}` (statuslint reads 2.0, 3.0, 3.1 and 3.2)"
            ),
        )))
    }
}

/// Cheap pre-filter: a file that never says `openapi` or `swagger` is not parsed at all.
fn mentions_api_key(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"openapi").is_some()
        || memchr::memmem::find(bytes, b"swagger").is_some()
}

/// Whether a file that failed to parse still claims to be an API description: a line that
/// starts (after what the parsers accept before a key: a byte order mark, indentation, `{`,
/// a `---` document start) with the `openapi`/`swagger` key.
fn looks_like_api(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.split(|&b| b == b'\n' || b == b'\r').any(|line| {
        let line = line.trim_ascii_start();
        let line = line.strip_prefix(b"---").unwrap_or(line).trim_ascii_start();
        let line = line.strip_prefix(b"{").unwrap_or(line).trim_ascii_start();
        let line = line
            .strip_prefix(b"\"")
            .or_else(|| line.strip_prefix(b"'"))
            .unwrap_or(line);
        [&b"openapi"[..], b"swagger"].iter().any(|key| {
            line.strip_prefix(*key).is_some_and(|rest| {
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                rest.trim_ascii_start().starts_with(b":")
            })
        })
    })
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    let len = std::fs::metadata(path)?.len();
    if len > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "file too large ({len} bytes)"
        )));
    }
    std::fs::read(path)
}

/// JSON by extension, or by content when the extension says nothing (a `$ref` to `common`).
pub fn format_of(path: &Path, text: &str) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
        Some(ext) if ext.eq_ignore_ascii_case("yaml") || ext.eq_ignore_ascii_case("yml") => {
            Format::Yaml
        }
        _ if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{') =>
        {
            Format::Json
        }
        _ => Format::Yaml,
    }
}

/// `http:`, `https:`, `file:`, `urn:` ...: anything with a URL scheme (but not `C:` drive letters).
fn has_scheme(s: &str) -> bool {
    match s.split_once(':') {
        Some((scheme, _)) => {
            scheme.len() > 1
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => s.starts_with("//"),
    }
}

/// Lexical normalization (`a/./b/../c` → `a/c`), so files are compared and shown by one name
/// without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Follows a JSON pointer fragment (`/components/responses/NotFound`, percent- and
/// `~`-escaped) from the root.
/// The node and, when the last step was a mapping key, that key node.
pub fn follow_pointer(tree: &Tree, fragment: &str) -> Option<(Option<NodeId>, NodeId)> {
    let fragment = percent_encoding::percent_decode_str(fragment).decode_utf8_lossy();
    let mut node = tree.root;
    let mut key = None;
    if fragment.is_empty() {
        return Some((None, node));
    }
    let rest = fragment.strip_prefix('/')?;
    for raw in rest.split('/') {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        (key, node) = if tree.is_map(node) {
            let (k, v) = tree.get(node, &segment)?;
            (Some(k), v)
        } else {
            let index: usize = segment.parse().ok()?;
            (None, *tree.items(node).get(index)?)
        };
    }
    Some((key, tree.deref(node)))
}

fn next_char_boundary(text: &str, offset: usize) -> usize {
    let mut end = (offset + 1).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_urls_but_drive_letters_are_not() {
        assert!(has_scheme("https://example.com/a.yaml"));
        assert!(has_scheme("urn:x:y"));
        assert!(has_scheme("//host/a.yaml"));
        assert!(!has_scheme("C:/specs/a.yaml"));
        assert!(!has_scheme("./common.yaml"));
    }

    #[test]
    fn api_claims_are_found_in_broken_files() {
        assert!(looks_like_api(b"openapi: 3.1.0\npaths: [\n"));
        assert!(looks_like_api(b"{\"swagger\" : \"2.0\", "));
        assert!(!looks_like_api(b"name: openapi tools\n"));
        // What the parsers accept before the first key: a byte order mark, `---`, a lone CR.
        assert!(looks_like_api(b"\xef\xbb\xbfopenapi: 3.1.0\npaths: [\n"));
        assert!(looks_like_api(b"\xef\xbb\xbf{\"openapi\": \"3.1.0\",]"));
        assert!(looks_like_api(b"--- openapi: 3.1.0\npaths: [\n"));
        assert!(looks_like_api(b"a: 1\ropenapi: 3.1.0\rpaths: [\r"));
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(
            normalize(Path::new("../x.yaml")),
            PathBuf::from("../x.yaml")
        );
    }
}
