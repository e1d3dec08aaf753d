//! Linting a document off the message loop: a [`Job`] is a snapshot of what one lint needs,
//! taken on the main thread; [`run`] does the lint on the lint thread and turns its findings
//! into diagnostics ([`Lint`]); the main thread installs the result if the document has not
//! changed meanwhile. Hovers and code actions are answered while a lint runs.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Uri,
};

use super::convert::{path_to_uri, Encoding, LineIndex};
use crate::config::Config;
use crate::finding::Finding;
use crate::lint::{self, Options, Outcome};
use crate::load;
use crate::parse;
use crate::registry::RuleSet;
use crate::rule::Severity;
use crate::source::{FileId, Sources};
use crate::tree::Tree;

/// What one lint of an open document needs, owned, so that it can run on another thread.
pub(super) struct Job {
    pub key: String,
    /// The document's revision when the job was made: a result for an older one is dropped.
    pub revision: u64,
    pub uri: Uri,
    pub path: PathBuf,
    pub text: Arc<str>,
    pub index: Arc<LineIndex>,
    /// The tree of `text` when known (see `Document::tree`).
    pub tree: Option<Option<Arc<Tree>>>,
    pub config: Arc<Config>,
    pub roots: Vec<PathBuf>,
    /// The other open buffers, read instead of their files.
    pub overlay: load::Overlay,
    /// Open documents by path, for the URIs of the files a lint reads.
    pub open: HashMap<PathBuf, Uri>,
    pub encoding: Encoding,
    pub related: bool,
}

/// A finished lint.
pub(super) struct Done {
    pub key: String,
    pub revision: u64,
    pub lint: Lint,
    /// The tree of the linted text, when it was parsed or kept (`Some(None)`: no tree).
    pub tree: Option<Option<Arc<Tree>>>,
    pub elapsed: Duration,
}

/// Lints `job`'s document (a panic is logged and gives an empty lint).
pub(super) fn run(job: Job) -> Done {
    let started = Instant::now();
    let Job {
        key,
        revision,
        uri,
        path,
        text,
        index,
        tree,
        config,
        roots,
        overlay,
        open,
        encoding,
        related,
    } = job;
    let mut kept = tree.clone();
    let lint = if config.excludes(&path) {
        Lint::default()
    } else {
        let levels = config.levels_for(&path);
        let options = Options {
            rules: &config.rules,
            levels: &levels,
            allowed_roots: roots.into(),
            overlay: Some(Arc::new(overlay)),
        };
        let name = path
            .file_name()
            .map_or_else(|| key.clone(), |n| n.to_string_lossy().into_owned());
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
            if crate::rust::is_rust(&path) {
                let outcome = lint::lint_text(&path, name, &text, &options);
                // Spans are thread-local and this thread lives long: free what syn made.
                proc_macro2::extra::invalidate_current_thread_spans();
                return outcome;
            }
            // The tree kept across edits stands in for the parse; a new one is kept.
            lint::lint_parsed(&path, name, text.clone(), &options, |text, format| {
                let parsed = match tree {
                    Some(Some(tree)) => Ok(tree),
                    _ => parse::parse(text, format).map(Arc::new),
                };
                kept = Some(parsed.as_ref().ok().cloned());
                parsed
            })
        }));
        super::timing::log(&key, "lint", started);
        let converting = Instant::now();
        let lint = match outcome {
            Ok(Outcome::Linted { sources, findings }) => {
                let context = Context {
                    uri: &uri,
                    index: &index,
                    open: &open,
                    encoding,
                    related,
                    rules: &config.rules,
                };
                context.lint(sources, findings)
            }
            Ok(Outcome::Skipped(_) | Outcome::Unreadable(_)) => Lint::default(),
            Err(cause) => {
                eprintln!(
                    "statuslint lsp: linting {key} failed: {}",
                    super::server::panic_text(&cause)
                );
                Lint::default()
            }
        };
        super::timing::log(&key, "diagnostics", converting);
        lint
    };
    let elapsed = started.elapsed();
    if elapsed > Duration::from_millis(500) {
        eprintln!("statuslint lsp: linting {key} took {elapsed:.2?}");
    }
    Done {
        key,
        revision,
        lint,
        tree: kept,
        elapsed,
    }
}

/// The result of a document's last lint.
#[derive(Default)]
pub(super) struct Lint {
    /// Whether the document is an API description (broken or not).
    pub(super) api: bool,
    pub(super) sources: Sources,
    pub(super) findings: Vec<Finding>,
    /// Per file of `sources`: its URI and path.
    pub(super) files: Vec<(Uri, PathBuf)>,
    /// The diagnostics this lint gives each URI, with the index of their finding.
    pub(super) diagnostics: HashMap<String, Vec<(Diagnostic, usize)>>,
}

impl Lint {
    /// The text this lint read of the file the client knows as `uri`, if it read one.
    pub(super) fn text_of(&self, uri: &str) -> Option<&Arc<str>> {
        let i = self.files.iter().position(|(u, _)| u.as_str() == uri)?;
        Some(&self.sources.get(i as FileId).text)
    }

    pub(super) fn reads(&self, path: &Path) -> bool {
        self.files.iter().skip(1).any(|(_, p)| p == path)
    }
}

/// What turning findings into diagnostics needs.
struct Context<'a> {
    uri: &'a Uri,
    index: &'a LineIndex,
    /// Open documents by path: their URIs are the ones the client knows them by.
    open: &'a HashMap<PathBuf, Uri>,
    encoding: Encoding,
    related: bool,
    rules: &'a RuleSet,
}

impl Context<'_> {
    fn lint(&self, sources: Sources, findings: Vec<Finding>) -> Lint {
        let files: Vec<(Uri, PathBuf)> = sources
            .iter()
            .map(|(id, file)| {
                let uri = if id == 0 {
                    Some(self.uri.clone())
                } else {
                    self.open
                        .get(&file.path)
                        .cloned()
                        .or_else(|| path_to_uri(&file.path))
                };
                let uri = uri.unwrap_or_else(|| self.uri.clone());
                (uri, file.path.clone())
            })
            .collect();
        let mut indexes: HashMap<FileId, LineIndex> = HashMap::new();
        let mut range = |loc: crate::source::Loc| {
            let text: &str = &sources.get(loc.file).text;
            let index = match loc.file {
                0 => self.index,
                file => indexes.entry(file).or_insert_with(|| LineIndex::new(text)),
            };
            index.range(text, loc.span, self.encoding)
        };
        let mut diagnostics: HashMap<String, Vec<(Diagnostic, usize)>> = HashMap::new();
        for (i, finding) in findings.iter().enumerate() {
            let rule = self.rules.get(&finding.rule);
            let uses = finding
                .uses
                .iter()
                .map(|u| (u.loc, format!("used by {} {}", u.method, u.path)));
            let related: Vec<DiagnosticRelatedInformation> = finding
                .related
                .iter()
                .map(|r| (r.loc, r.label.clone()))
                .chain(uses)
                .map(|(loc, message)| DiagnosticRelatedInformation {
                    location: Location {
                        uri: files[loc.file as usize].0.clone(),
                        range: range(loc),
                    },
                    message,
                })
                .collect();
            let tags = match finding.rule.as_str() {
                "deprecated-status-code" => Some(vec![DiagnosticTag::DEPRECATED]),
                "unused-suppression" => Some(vec![DiagnosticTag::UNNECESSARY]),
                _ => None,
            };
            let diagnostic = Diagnostic {
                range: range(finding.loc),
                severity: Some(match finding.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                    Severity::Info => DiagnosticSeverity::INFORMATION,
                }),
                code: Some(NumberOrString::String(finding.rule.clone())),
                code_description: rule
                    .and_then(|r| r.doc.source.url.parse().ok())
                    .map(|href| CodeDescription { href }),
                source: Some("statuslint".into()),
                // The finding's own help (the challenge that fits the operation's security
                // scheme) is worth more than the rule's, which the code's link leads to.
                message: match &finding.note {
                    Some(note) => format!("{}\n\n{note}", finding.message),
                    None => finding.message.clone(),
                },
                related_information: (self.related && !related.is_empty()).then_some(related),
                tags,
                data: None,
            };
            // Each use site says that the response it declares is flagged (a hint, so the
            // cause is counted once), and offers the same quick fix.
            let definition = finding.definition.as_ref().map(|d| {
                vec![DiagnosticRelatedInformation {
                    location: Location {
                        uri: files[finding.loc.file as usize].0.clone(),
                        range: range(finding.loc),
                    },
                    message: format!("the `{}` response is flagged here", d.name()),
                }]
            });
            for u in &finding.uses {
                let hint = Diagnostic {
                    range: range(u.loc),
                    severity: Some(DiagnosticSeverity::HINT),
                    message: format!("the response declared here is flagged: {}", finding.message),
                    related_information: definition.clone().filter(|_| self.related),
                    ..diagnostic.clone()
                };
                let uri = files[u.loc.file as usize].0.as_str().to_string();
                diagnostics.entry(uri).or_default().push((hint, i));
            }
            let uri = files[finding.loc.file as usize].0.as_str().to_string();
            diagnostics.entry(uri).or_default().push((diagnostic, i));
        }
        Lint {
            api: true,
            sources,
            findings,
            files,
            diagnostics,
        }
    }
}
