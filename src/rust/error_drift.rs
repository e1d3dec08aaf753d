//! `undeclared-error-status` (opt-in): a handler that returns `Result<_, E>` can answer with
//! every status `E`'s conversion writes (see [`error_types`](super::error_types)); those its
//! `#[utoipa::path]` does not declare are one finding at the `E` of the return type.
//!
//! It over-approximates (a handler rarely meets every variant of its error type), hence a
//! separate, opt-in rule at info severity rather than part of `undeclared-status-returned`.

use std::sync::Arc;

use super::crate_index::{self, CrateIndex};
use super::error_types::{ErrorImpl, Returned};
use super::utoipa::PathDecl;
use super::{covers, Lowering};
use crate::finding::Related;
use crate::load::Problem;
use crate::model::{Response, Suppression};
use crate::source::{FileId, Loc};

/// The statuses an error type converts to: the conversion that names it in messages, and
/// each status at the first place that writes it, in code order.
struct Answers {
    /// As messages name it: "`impl IntoResponse`".
    conversion: String,
    /// Each status, where it is written, and the error type whose conversion writes it.
    statuses: Vec<(u16, Loc, String)>,
}

impl Lowering<'_> {
    pub(super) fn error_drift(
        &mut self,
        decl: &PathDecl,
        responses: &[Response],
        suppressed: &[Suppression],
    ) {
        let (Some(declared_at), Some(returned)) = (decl.responses_span, &decl.returns) else {
            return;
        };
        let (at, subject, answers) = match returned {
            Returned::Error(ty) => {
                let Some(answers) = self.answers(ty.name(), decl) else {
                    return;
                };
                (ty.span, format!("`{}`", ty.name()), answers)
            }
            Returned::Alias(ty) => {
                let Some(error) = self.result_alias(ty.name()) else {
                    return;
                };
                let Some(answers) = self.answers(&error, decl) else {
                    return;
                };
                (
                    ty.span,
                    format!("`{error}` (through `{}`)", ty.written()),
                    answers,
                )
            }
            Returned::Status { .. } if !decl.tries => return,
            Returned::Status { shape, span } => {
                let Some((sources, answers)) = self.converted(shape) else {
                    return;
                };
                (
                    *span,
                    format!("{} through `?`", list(&sources, "or")),
                    answers,
                )
            }
        };
        let missing: Vec<(u16, Loc, String)> = answers
            .statuses
            .into_iter()
            .filter(|(code, _, _)| !covers(responses, *code))
            .collect();
        if missing.is_empty() {
            return;
        }
        let named: Vec<String> = missing
            .iter()
            .map(|&(code, _, _)| match crate::status::lookup(code) {
                Some(info) => format!("{code} {}", info.reason),
                None => code.to_string(),
            })
            .collect();
        let codes: Vec<String> = missing
            .iter()
            .map(|(code, _, _)| code.to_string())
            .collect();
        let declares = match missing.len() {
            1 => "does not declare it",
            2 => "declares neither",
            _ => "declares none of them",
        };
        let mut related = vec![Related {
            loc: self.here(declared_at),
            label: "the declared responses".into(),
        }];
        related.extend(missing.iter().map(|(code, loc, error)| Related {
            loc: *loc,
            label: format!("`{error}` answers {code} here"),
        }));
        self.problems.push(Problem {
            rule: "undeclared-error-status",
            message: format!(
                "{} can fail with {subject}, whose {} answers {}; its `#[utoipa::path]` {declares}",
                decl.display(),
                answers.conversion,
                list(&named, "or"),
            ),
            label: format!("can answer {} (not declared)", list(&codes, "or")),
            loc: self.here(at),
            related,
            suppressed: suppressed.to_vec(),
        });
    }

    /// The error type of the `Result` alias `name`: the linted file's, else the crate's.
    fn result_alias(&mut self, name: &str) -> Option<String> {
        if let Some(error) = self.decls.result_aliases.get(name) {
            return Some(error.clone());
        }
        self.index().result_alias(name).map(str::to_string)
    }

    /// What the error type `name` answers. Its conversions are looked for in the linted file,
    /// else in the crate, else in the workspace siblings the file imports it from (a shared
    /// `errors` crate): the nearest place that has one wins. Conversions in more than one file of that place are
    /// different types of the same name (`Error`): a note, nothing reported.
    fn answers(&mut self, name: &str, decl: &PathDecl) -> Option<Answers> {
        let mut found: Vec<(FileId, ErrorImpl)> = self
            .decls
            .error_impls
            .iter()
            .filter(|e| e.type_name == name)
            .map(|e| (0, e.clone()))
            .collect();
        let index = self.index();
        let mut places: Vec<Arc<CrateIndex>> = vec![index.clone()];
        if found.is_empty() {
            found = self.impls_in(&index, name);
        }
        if found.is_empty() {
            if let Some(root) = &index.root {
                let text = self.sources.get(0).text.clone();
                places = crate_index::siblings_naming(root, &text, name);
                for sibling in &places {
                    found.extend(self.impls_in(sibling, name));
                }
            }
        }
        let mut files: Vec<FileId> = found.iter().map(|(file, _)| *file).collect();
        files.sort_unstable();
        files.dedup();
        if files.len() > 1 {
            let at = self.here(decl.attr_span);
            let names: Vec<String> = files
                .iter()
                .map(|&f| self.sources.get(f).name.clone())
                .collect();
            self.note(
                at,
                format!(
                    "{}: `{name}` converts to statuses in several files ({}): its error statuses are not checked",
                    decl.display(),
                    names.join(", ")
                ),
            );
            return None;
        }
        let conversion = found.first()?.1.conversion.written().to_string();
        Some(self.gather(conversion, &found, &places))
    }

    /// The statuses of `found` conversions (the methods they call on `self` looked up in the
    /// linted file, then `places`), each at its first place, in code order.
    fn gather(
        &mut self,
        conversion: String,
        found: &[(FileId, ErrorImpl)],
        places: &[Arc<CrateIndex>],
    ) -> Answers {
        let mut statuses: Vec<(u16, Loc, String)> = Vec::new();
        for (file, e) in found {
            let mut written: Vec<(u16, Loc)> = e
                .statuses
                .iter()
                .map(|&(code, span)| (code, Loc { file: *file, span }))
                .collect();
            for method in &e.self_calls {
                written.extend(self.method_statuses(&e.type_name, method, places));
            }
            for (code, loc) in written {
                if !statuses.iter().any(|(c, _, _)| *c == code) {
                    statuses.push((code, loc, e.type_name.clone()));
                }
            }
        }
        statuses.sort_by_key(|(code, _, _)| *code);
        Answers {
            conversion,
            statuses,
        }
    }

    /// For a `?` in a handler whose error type has the shape `shape` (`StatusCode`, a tuple
    /// starting with one): every `impl From<E> for` that shape in the linted file and the
    /// crate (any of them may be the one a `?` uses), with the names of their `E`s.
    fn converted(&mut self, shape: &str) -> Option<(Vec<String>, Answers)> {
        let into = |e: &&ErrorImpl| e.target.as_deref() == Some(shape);
        let mut found: Vec<(FileId, ErrorImpl)> = self
            .decls
            .error_impls
            .iter()
            .filter(into)
            .map(|e| (0, e.clone()))
            .collect();
        let index = self.index();
        let linted = self.path.clone();
        for file in index.files.iter().filter(|f| f.path != linted) {
            for e in file.decls.error_impls.iter().filter(into) {
                let id = self.file_id(file);
                found.push((id, e.clone()));
            }
        }
        let mut sources: Vec<String> = found
            .iter()
            .map(|(_, e)| format!("`{}`", e.type_name))
            .collect();
        sources.sort();
        sources.dedup();
        if sources.is_empty() {
            return None;
        }
        let conversion = format!("`impl From<_> for {shape}`");
        Some((sources, self.gather(conversion, &found, &[index])))
    }

    fn impls_in(&mut self, index: &CrateIndex, name: &str) -> Vec<(FileId, ErrorImpl)> {
        let linted = self.path.clone();
        index
            .error_impls(name, &linted)
            .map(|(file, e)| (self.file_id(file), e.clone()))
            .collect()
    }

    /// The statuses of the inherent method `ty::method`: in the linted file, else in one file
    /// of `places`.
    fn method_statuses(
        &mut self,
        ty: &str,
        method: &str,
        places: &[Arc<CrateIndex>],
    ) -> Vec<(u16, Loc)> {
        let key = (ty.to_string(), method.to_string());
        if let Some(statuses) = self.decls.methods.get(&key) {
            return statuses
                .iter()
                .map(|&(code, span)| (code, self.here(span)))
                .collect();
        }
        let linted = self.path.clone();
        for index in places {
            if let Some((file, statuses)) = index.method(ty, method, &linted) {
                let file = self.file_id(file);
                return statuses
                    .iter()
                    .map(|&(code, span)| (code, Loc { file, span }))
                    .collect();
            }
        }
        Vec::new()
    }
}

/// `a`, `a or b`, `a, b or c`.
fn list(items: &[String], last: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., tail] => format!("{} {last} {tail}", init.join(", ")),
    }
}
