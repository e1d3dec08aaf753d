//! Paths on the command line → the files to lint, in a stable order.
//!
//! Directories are walked with the `ignore` crate (walkdir's walker plus `.gitignore`, `.ignore`
//! and hidden-file rules), keeping `.yaml`, `.yml`, `.json` and `.rs` (utoipa declarations)
//! files. A file named explicitly is always taken, whatever its extension: a pre-commit hook
//! knows which files it wants.

use std::path::{Path, PathBuf};

/// Extensions of the files a directory walk picks up.
pub const EXTENSIONS: &[&str] = &["yaml", "yml", "json", "rs"];

/// A file to lint and whether the user named it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub path: PathBuf,
    pub explicit: bool,
}

/// A path that does not exist or could not be walked.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// Expands `paths` into files, sorted and de-duplicated; errors for paths that do not exist.
pub fn collect(paths: &[PathBuf]) -> (Vec<Candidate>, Vec<WalkError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => errors.push(WalkError {
                path: path.clone(),
                message: e.to_string(),
            }),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut files, &mut errors),
            Ok(_) => files.push(Candidate {
                path: clean(path),
                explicit: true,
            }),
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    (files, errors)
}

fn walk_dir(dir: &Path, files: &mut Vec<Candidate>, errors: &mut Vec<WalkError>) {
    // .gitignore applies outside a git checkout too: a spec directory copied out of a repo
    // should lint the same.
    for entry in ignore::WalkBuilder::new(dir).require_git(false).build() {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let wanted = entry.file_type().is_some_and(|t| t.is_file())
                    && path
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)));
                if wanted {
                    files.push(Candidate {
                        path: clean(path),
                        explicit: false,
                    });
                }
            }
            Err(e) => errors.push(WalkError {
                path: dir.to_path_buf(),
                message: e.to_string(),
            }),
        }
    }
}

/// `./a/b.yaml` → `a/b.yaml`, so reports show paths the way people type them.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix("./").unwrap_or(path).to_path_buf()
}
