//! The derived types and OpenApi roots of one crate, so `responses(SomeType)` and
//! `response = SomeType` resolve by name across its files.
//!
//! The crate is the directory of the nearest `Cargo.toml` above a file; its `src/**/*.rs` files
//! are read once per process, lazily (the first `.rs` file of a crate that needs it pays),
//! and shared between threads. An editor's unsaved buffers stand in for their files
//! ([`for_file_with`]): only those are read again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::cargo;
use super::error_types::ErrorImpl;
use super::utoipa::{self, FileDecls, TypeDecl};
use crate::load::Overlay;
use crate::source::display_name;

/// No crate has more source files than this worth reading for a lint.
const MAX_FILES: usize = 20_000;
/// Larger `.rs` files are generated code, not declarations.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One indexed file that declares something.
#[derive(Debug)]
pub struct IndexedFile {
    pub path: PathBuf,
    /// As reports show it.
    pub name: String,
    pub text: Arc<str>,
    /// The module path of the file in its crate (`src/api/pets.rs` → `api::pets`).
    pub module: Vec<String>,
    pub decls: FileDecls,
}

#[derive(Debug, Default)]
pub struct CrateIndex {
    /// The crate directory (holding `Cargo.toml`), when there is one.
    pub root: Option<PathBuf>,
    pub files: Vec<Arc<IndexedFile>>,
    /// The security every operation without `security(...)` has (see
    /// [`crate::model::Operation::secured`]): `#[openapi(security(...))]` when a root declares
    /// it; otherwise none when the crate defines security schemes (a `Modify` adding a
    /// `SecurityScheme`) and never sets a root requirement in code; otherwise unknown.
    pub root_secured: Option<bool>,
    /// The major version of utoipa the crate depends on, when its manifests say.
    pub utoipa_major: Option<u64>,
    /// The package name as code names it (`my_dto`), for paths into a sibling crate.
    pub name: Option<String>,
}

impl CrateIndex {
    /// The crate's files except `skip` (the file being linted, whose text in hand wins over
    /// the one indexed).
    fn others<'a, 's>(
        &'a self,
        skip: &'s Path,
    ) -> impl Iterator<Item = &'a IndexedFile> + use<'a, 's> {
        self.files
            .iter()
            .map(|f| &**f)
            .filter(move |f| f.path != skip)
    }

    /// Every type named `name` of the crate, with its file, except those of `skip` (the file
    /// being linted, whose text in hand wins over the one on disk).
    pub fn types<'a>(
        &'a self,
        name: &'a str,
        skip: &'a Path,
    ) -> impl Iterator<Item = (&'a IndexedFile, &'a TypeDecl)> + 'a {
        self.others(skip).flat_map(move |f| {
            f.decls
                .types
                .iter()
                .filter(move |t| t.name == name)
                .map(move |t| (f, t))
        })
    }

    /// The routes of a wrapper's handler named `name` in the crate's `routes(...)` tables,
    /// when exactly one file lists it.
    pub fn routes(&self, name: &str) -> Option<&[utoipa::Route]> {
        let mut found = self.files.iter().filter_map(|f| f.decls.routes.get(name));
        let first = found.next()?;
        found.next().is_none().then_some(first.as_slice())
    }

    /// The function `name` that produces statuses, when exactly one file of the crate (other
    /// than `skip`) defines one by that name.
    pub fn helper<'a>(
        &'a self,
        name: &str,
        skip: &Path,
    ) -> Option<(&'a IndexedFile, &'a [(u16, crate::tree::Span)])> {
        let mut found = self
            .others(skip)
            .filter_map(|f| f.decls.functions.get(name).map(|s| (f, s.as_slice())));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The conversions of the error type `name` into statuses, with their files, except those
    /// of `skip` (the linted file).
    pub fn error_impls<'a>(
        &'a self,
        name: &'a str,
        skip: &'a Path,
    ) -> impl Iterator<Item = (&'a IndexedFile, &'a ErrorImpl)> + 'a {
        self.others(skip).flat_map(move |f| {
            f.decls
                .error_impls
                .iter()
                .filter(move |e| e.type_name == name)
                .map(move |e| (f, e))
        })
    }

    /// The statuses of the inherent method `ty::method`, when exactly one file other than
    /// `skip` defines it.
    pub fn method<'a>(
        &'a self,
        ty: &str,
        method: &str,
        skip: &Path,
    ) -> Option<(&'a IndexedFile, &'a [(u16, crate::tree::Span)])> {
        let key = (ty.to_string(), method.to_string());
        let mut found = self
            .others(skip)
            .filter_map(|f| f.decls.methods.get(&key).map(|s| (f, s.as_slice())));
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// The error type of the `Result` alias `name`, when the crate's files agree on one.
    pub fn result_alias(&self, name: &str) -> Option<&str> {
        let mut found = self
            .files
            .iter()
            .filter_map(|f| f.decls.result_aliases.get(name));
        let first = found.next()?;
        found.all(|e| e == first).then_some(first.as_str())
    }

    /// The module path of a file of this crate.
    pub fn module_of(&self, path: &Path) -> Vec<String> {
        match &self.root {
            Some(root) => module_path(root, path),
            None => Vec::new(),
        }
    }
}

/// What one source file adds to its crate's index.
#[derive(Debug, Clone)]
struct Scanned {
    /// Canonical, as an overlay has it.
    path: PathBuf,
    /// It mentions `SecurityScheme` / `SecurityRequirement` (see [`CrateIndex::root_secured`]).
    schemes: bool,
    requirement: bool,
    /// What it declares, if anything.
    file: Option<Arc<IndexedFile>>,
}

/// A crate as it is on disk: its files one by one, and the index they make.
#[derive(Debug)]
struct Disk {
    scanned: Vec<Scanned>,
    index: Arc<CrateIndex>,
}

type Slot = Arc<OnceLock<Arc<Disk>>>;

fn cache() -> &'static Mutex<HashMap<PathBuf, Slot>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, Slot>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The index of the crate holding `file` (an absolute path), built on first use.
pub fn for_file(file: &Path) -> Arc<CrateIndex> {
    for_file_with(file, None)
}

/// [`for_file`], with the texts of `overlay` (unsaved editor buffers, by canonical path) in
/// place of those files on disk.
pub fn for_file_with(file: &Path, overlay: Option<&Overlay>) -> Arc<CrateIndex> {
    match crate_root(file) {
        Some(root) => for_root(root, overlay),
        None => Arc::new(CrateIndex::default()),
    }
}

/// The indexes of the other crates of the workspace the crate at `root` belongs to, where
/// shared response types often live (a `dto` crate beside the service).
pub fn siblings(root: &Path, overlay: Option<&Overlay>) -> Vec<Arc<CrateIndex>> {
    cargo::workspace_siblings(root)
        .into_iter()
        .map(|root| for_root(root, overlay))
        .collect()
}

/// The indexes of the other crates of the workspace that `text` names on a line that also
/// names `item` (`use my_errors::{AppError, ..};`, `Result<T, my_errors::AppError>`): where
/// `item` may come from. Cheaper than [`siblings`] in a large workspace, where most crates are
/// unrelated to one type.
pub fn siblings_naming(root: &Path, text: &str, item: &str) -> Vec<Arc<CrateIndex>> {
    let lines: Vec<&str> = text.lines().filter(|l| l.contains(item)).collect();
    if lines.is_empty() {
        return Vec::new();
    }
    cargo::workspace_siblings(root)
        .into_iter()
        .filter(|sibling| {
            cargo::crate_name(sibling)
                .is_some_and(|name| lines.iter().any(|l| l.contains(name.as_str())))
        })
        .map(|sibling| for_root(sibling, None))
        .collect()
}

fn for_root(root: PathBuf, overlay: Option<&Overlay>) -> Arc<CrateIndex> {
    let slot = {
        let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        cache.entry(root.clone()).or_default().clone()
    };
    let disk = slot.get_or_init(|| Arc::new(read(&root))).clone();
    let src = std::fs::canonicalize(root.join("src")).unwrap_or_else(|_| root.join("src"));
    let buffers: Vec<(&PathBuf, &Arc<str>)> = overlay
        .into_iter()
        .flatten()
        .filter(|(p, _)| p.starts_with(&src) && p.extension().is_some_and(|e| e == "rs"))
        .collect();
    if buffers.is_empty() {
        return disk.index.clone();
    }
    // The files on disk, but those open in buffers, then the buffers (an unsaved new file
    // among them).
    let mut scanned: Vec<Scanned> = disk
        .scanned
        .iter()
        .filter(|s| !buffers.iter().any(|(p, _)| **p == s.path))
        .cloned()
        .collect();
    scanned.extend(
        buffers
            .into_iter()
            .map(|(path, text)| scan(&root, path.clone(), text.clone())),
    );
    scanned.sort_by(|a, b| a.path.cmp(&b.path));
    Arc::new(assemble(&root, &scanned, &disk.index))
}

/// Forgets every index: a long-running process (an editor server) calls this when files change.
pub fn clear_cache() {
    cache().lock().unwrap_or_else(|e| e.into_inner()).clear();
}

/// The directory of the nearest `Cargo.toml` above `file`.
pub fn crate_root(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .find(|dir| dir.join("Cargo.toml").is_file())
        .map(Path::to_path_buf)
}

/// `src/api/pets.rs` → `[api, pets]`; `src/lib.rs`, `src/main.rs` → `[]`; `src/api/mod.rs` →
/// `[api]`. Files outside `src/` are crate roots of their own.
pub fn module_path(root: &Path, file: &Path) -> Vec<String> {
    let Ok(rel) = file.strip_prefix(root.join("src")) else {
        return Vec::new();
    };
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last).to_string();
        let crate_root = parts.is_empty() && (stem == "lib" || stem == "main");
        if stem != "mod" && !crate_root {
            parts.push(stem);
        }
    }
    if parts.first().is_some_and(|p| p == "bin") {
        return Vec::new();
    }
    parts
}

/// Whether a line of `text` defines a type alias of `Result` (`pub type ApiResult<T> =
/// Result<T, AppError>;`): most files name `Result<`, few define one.
fn defines_result_alias(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        let line = match line.strip_prefix("pub") {
            Some(rest) => rest.trim_start_matches(|c: char| c != ' ').trim_start(),
            None => line,
        };
        line.starts_with("type ") && line.contains("Result<")
    })
}

/// Reads the crate at `root` from disk.
fn read(root: &Path) -> Disk {
    let mut paths = Vec::new();
    let src = root.join("src");
    if src.is_dir() {
        for entry in ignore::WalkBuilder::new(&src).build().flatten() {
            let path = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file())
                && path.extension().is_some_and(|e| e == "rs")
            {
                paths.push(path.to_path_buf());
                if paths.len() >= MAX_FILES {
                    break;
                }
            }
        }
    }
    paths.sort();
    let mut scanned = Vec::new();
    for path in paths {
        if std::fs::metadata(&path).map_or(true, |m| m.len() > MAX_FILE_BYTES) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let path = std::fs::canonicalize(&path).unwrap_or(path);
        scanned.push(scan(root, path, text.into()));
    }
    let manifest = CrateIndex {
        utoipa_major: cargo::utoipa_major(root),
        name: cargo::crate_name(root),
        ..CrateIndex::default()
    };
    let index = Arc::new(assemble(root, &scanned, &manifest));
    Disk { scanned, index }
}

/// What the file at `path` (canonical) with `text` adds to the crate at `root`.
fn scan(root: &Path, path: PathBuf, text: Arc<str>) -> Scanned {
    let mut scanned = Scanned {
        schemes: text.contains("SecurityScheme"),
        requirement: text.contains("SecurityRequirement"),
        file: None,
        path,
    };
    // `StatusCode`: helpers that handlers of other files call (drift); then error types'
    // conversions and `Result` aliases (`undeclared-error-status`), and nests (mounts).
    if !text.contains("utoipa")
        && !text.contains("::routes(")
        && !text.contains("StatusCode")
        && !text.contains("ResponseError for")
        && !text.contains("impl IntoResponse for")
        && !text.contains(".nest(\"")
        && !text.contains("scope(\"")
        && !text.contains(".route(\"")
        && !defines_result_alias(&text)
        && !super::poem_openapi::mentions(&text)
    {
        return scanned;
    }
    let Ok(decls) = utoipa::extract(&text) else {
        return scanned;
    };
    if decls.types.is_empty()
        && decls.roots.is_empty()
        && decls.routes.is_empty()
        && decls.functions.is_empty()
        && decls.error_impls.is_empty()
        && decls.methods.is_empty()
        && decls.result_aliases.is_empty()
        && decls.mounts.is_empty()
    {
        return scanned;
    }
    let path = scanned.path.clone();
    scanned.file = Some(Arc::new(IndexedFile {
        name: display_name(&path),
        module: module_path(root, &path),
        text,
        decls: FileDecls {
            operations: Vec::new(),
            notes: Vec::new(),
            ..decls
        },
        path,
    }));
    scanned
}

/// The index of the crate at `root` made of `scanned`, with what its manifests say from
/// `manifest`.
fn assemble(root: &Path, scanned: &[Scanned], manifest: &CrateIndex) -> CrateIndex {
    let files: Vec<Arc<IndexedFile>> = scanned.iter().filter_map(|s| s.file.clone()).collect();
    let declares_schemes = scanned.iter().any(|s| s.schemes);
    let sets_requirement = scanned.iter().any(|s| s.requirement);
    let declared = files
        .iter()
        .flat_map(|f| &f.decls.roots)
        .filter_map(|r| r.security)
        .reduce(|a, b| a || b);
    let root_secured = match declared {
        Some(secured) => Some(secured),
        None if declares_schemes && !sets_requirement => Some(false),
        None => None,
    };
    CrateIndex {
        utoipa_major: manifest.utoipa_major,
        name: manifest.name.clone(),
        root: Some(root.to_path_buf()),
        files,
        root_secured,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_aliases_are_told_from_uses_of_result() {
        assert!(defines_result_alias(
            "use x;\npub type ApiResult<T> = Result<T, AppError>;\n"
        ));
        assert!(defines_result_alias(
            "pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;"
        ));
        assert!(defines_result_alias("    type Result<T> = Result<T, E>;"));
        assert!(!defines_result_alias("fn f() -> Result<(), Error> {}"));
        assert!(!defines_result_alias("pub fn typed() -> Result<u8, E> {}"));
    }

    #[test]
    fn module_paths_follow_the_file_layout() {
        let root = Path::new("/c");
        let m = |p: &str| module_path(root, Path::new(p)).join("::");
        assert_eq!(m("/c/src/lib.rs"), "");
        assert_eq!(m("/c/src/main.rs"), "");
        assert_eq!(m("/c/src/api/mod.rs"), "api");
        assert_eq!(m("/c/src/api/pets.rs"), "api::pets");
        assert_eq!(m("/c/src/bin/tool.rs"), "");
        assert_eq!(m("/c/examples/x.rs"), "");
    }
}
