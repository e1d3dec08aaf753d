//! One lint job per root file: load → model → rules, giving the job's files and findings.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::engine::{self, Levels};
use crate::finding::Finding;
use crate::load::{self, Loaded, Skip};
use crate::openapi;
use crate::registry::RuleSet;
use crate::source::Sources;

/// What a run needs to know besides the file.
#[derive(Clone)]
pub struct Options<'a> {
    pub rules: &'a RuleSet,
    pub levels: &'a Levels,
    /// `$ref`s may not leave these directories.
    pub allowed_roots: Arc<[PathBuf]>,
}

/// The result of linting one root file.
pub enum Outcome {
    /// Linted (or found broken): the files read and the findings, sorted by place.
    Linted {
        sources: Sources,
        findings: Vec<Finding>,
    },
    Skipped(Skip),
    /// The file could not be read at all.
    Unreadable(std::io::Error),
}

/// Lints the file at `path`; `name` is how reports show it.
pub fn lint_file(path: &Path, name: String, options: &Options) -> Outcome {
    match load::load_root(path, name, options.allowed_roots.clone()) {
        Ok(loaded) => finish(loaded, options),
        Err(e) => Outcome::Unreadable(e),
    }
}

/// Lints text that is not (or not yet) on disk, such as an editor buffer or a test document.
/// `path` is where it would live: the base of its relative `$ref`s.
pub fn lint_text(path: &Path, name: String, text: &str, options: &Options) -> Outcome {
    let loaded = load::load_bytes(
        path,
        name,
        text.as_bytes().to_vec(),
        options.allowed_roots.clone(),
    );
    finish(loaded, options)
}

fn finish(loaded: Loaded, options: &Options) -> Outcome {
    let (mut ws, api) = match loaded {
        Loaded::Skipped(skip) => return Outcome::Skipped(skip),
        Loaded::Broken(ws) => (ws, None),
        Loaded::Api(mut ws, dialect) => {
            let api = openapi::build(&mut ws, dialect);
            (ws, Some(api))
        }
    };
    let mut findings = engine::lint(api.as_ref(), &ws.problems, options.rules, options.levels);
    findings.sort_by(|a, b| {
        (a.loc.file, a.loc.span.start, &a.rule).cmp(&(b.loc.file, b.loc.span.start, &b.rule))
    });
    ws.problems.clear();
    Outcome::Linted {
        sources: std::mem::take(&mut ws.sources),
        findings,
    }
}
