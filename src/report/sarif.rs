//! `--format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it.
//!
//! One run: `tool.driver` lists every rule of the rule set (not only those that fired), so a
//! viewer can show any rule's documentation; each result points at its rule by id and index.
//! Regions are line and column only, with `columnKind: unicodeCodePoints` (our columns count
//! Unicode scalar values): SARIF's `charOffset` counts characters where statuslint keeps bytes,
//! so no offset is written rather than a wrong one. Paths are relative to `%SRCROOT%`, the
//! working directory, which `originalUriBaseIds` gives as an absolute `file:` URI.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
use serde::Serialize;

use super::cause::{causes, Cause};
use super::pretty::Array;
use super::{portable_path, relative_path, Fingerprints, Linted};
use crate::registry::{Rule, RuleSet};
use crate::rule::Severity;
use crate::source::{Loc, Sources};

/// The canonical schema of the standard (OASIS SARIF 2.1.0 Errata 01).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base id of paths relative to the working directory.
const SRCROOT: &str = "%SRCROOT%";

/// The `partialFingerprints` key: the hash of path, rule, JSON pointer and occurrence (see
/// [`super::fingerprints`]). A new hash gets a new version.
const FINGERPRINT: &str = "statuslint/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Descriptor<'a>>,
}

/// A `reportingDescriptor`: one rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help<'a>,
    help_uri: &'a str,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: Cow<'a, str>,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Properties<'a> {
    /// The node's JSON pointer in its file, as in `--format json`.
    pointer: &'a str,
}

/// The log with its results left out: what comes before and after them.
fn log<'a>(rules: &'a RuleSet, cwd: Option<&Path>) -> Log<'a> {
    let mut base_ids = BTreeMap::new();
    if let Some(cwd) = cwd {
        base_ids.insert(
            SRCROOT,
            ArtifactLocation {
                uri: directory_uri(cwd),
                uri_base_id: None,
            },
        );
    }
    Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: env!("CARGO_PKG_NAME"),
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
                        .into_iter()
                        .find(|uri| !uri.is_empty()),
                    rules: rules.rules.iter().map(descriptor).collect(),
                },
            },
            original_uri_base_ids: base_ids,
            column_kind: "unicodeCodePoints",
            results: Vec::new(),
        }],
    }
}

/// The log written file by file (see [`super::Writer`]).
pub struct Stream {
    cwd: Option<PathBuf>,
    fingerprints: Fingerprints,
    results: Array,
}

impl Stream {
    pub fn begin(rules: &RuleSet, out: &mut dyn Write) -> io::Result<Stream> {
        let cwd = std::env::current_dir().ok();
        let results = Array::open(&log(rules, cwd.as_deref()), Some("results"), out)?;
        Ok(Stream {
            cwd,
            fingerprints: Fingerprints::new(),
            results,
        })
    }

    pub fn file(&mut self, file: &Linted, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
        let cwd = self.cwd.as_deref();
        let mut fingerprints = self.fingerprints.of(file);
        for cause in causes(&file.findings, rules) {
            // A grouped cause keeps its first finding's fingerprint.
            let fingerprint = std::mem::take(&mut fingerprints[cause.index]);
            self.results
                .push(&result(file, &cause, fingerprint, rules, cwd), out)?;
        }
        Ok(())
    }

    pub fn end(self, rules: &RuleSet, out: &mut dyn Write) -> io::Result<()> {
        self.results
            .close(&log(rules, self.cwd.as_deref()), Some("results"), out)?;
        writeln!(out)
    }
}

fn result<'a>(
    file: &'a Linted,
    cause: &Cause<'a>,
    fingerprint: String,
    rules: &RuleSet,
    cwd: Option<&Path>,
) -> SarifResult<'a> {
    let finding = cause.first();
    SarifResult {
        rule_id: &finding.rule,
        rule_index: rules.index(&finding.rule),
        level: level(finding.severity),
        message: Text {
            text: cause.message_with_note(),
        },
        locations: [Location {
            id: None,
            physical_location: physical(&file.sources, finding.loc, cwd),
            message: None,
        }],
        // The definition's other places, each operation that uses it, then the other
        // operations of a grouped cause.
        related_locations: finding
            .related
            .iter()
            .map(|related| (related.loc, Cow::Borrowed(related.label.as_str())))
            .chain(finding.uses.iter().map(|u| {
                (
                    u.loc,
                    Cow::Owned(format!("used by {} {}", u.method, u.path)),
                )
            }))
            .chain(cause.others().iter().map(|other| {
                (
                    other.loc,
                    Cow::Owned(format!("also on {}", other.operation)),
                )
            }))
            .enumerate()
            .map(|(id, (loc, text))| Location {
                id: Some(id),
                physical_location: physical(&file.sources, loc, cwd),
                message: Some(Text { text }),
            })
            .collect(),
        partial_fingerprints: BTreeMap::from([(FINGERPRINT, fingerprint)]),
        properties: (!finding.pointer.is_empty()).then_some(Properties {
            pointer: &finding.pointer,
        }),
    }
}

fn descriptor(rule: &Rule) -> Descriptor<'_> {
    let doc = &rule.doc;
    let help = doc.help.trim_end();
    Descriptor {
        id: &doc.id,
        name: pascal_case(&doc.id),
        short_description: Text {
            text: Cow::Borrowed(&doc.summary),
        },
        full_description: Text {
            text: Cow::Borrowed(doc.rationale.trim_end()),
        },
        help: Help {
            text: help,
            markdown: format!("{help}\n\nSee [{}]({}).", doc.source.title, doc.source.url),
        },
        help_uri: &doc.source.url,
        default_configuration: Configuration {
            level: level(doc.severity),
        },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `created-without-location` → `CreatedWithoutLocation` (SARIF's `name` is an identifier).
fn pascal_case(id: &str) -> String {
    id.split('-')
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

fn physical(sources: &Sources, loc: Loc, cwd: Option<&Path>) -> PhysicalLocation {
    let (start, end) = sources.line_col(loc);
    PhysicalLocation {
        artifact_location: artifact(&sources.get(loc.file).name, cwd),
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
    }
}

/// Characters a path segment may not hold as they are in a URI reference. `:` is among them
/// so that a relative path's first segment is never read as a scheme (`c:d.yaml`).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b':')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A relative path under `%SRCROOT%` when the file is below the working directory, else an
/// absolute `file:` URI.
fn artifact(name: &str, cwd: Option<&Path>) -> ArtifactLocation {
    match relative_path(name, cwd) {
        Some(relative) => ArtifactLocation {
            uri: encode_segments(&relative),
            uri_base_id: Some(SRCROOT),
        },
        None => ArtifactLocation {
            uri: file_uri(Path::new(name)),
            uri_base_id: None,
        },
    }
}

fn encode_segments(path: &str) -> String {
    path.split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// `file:///abs/path` for an absolute path (`file:///C:/abs/path` on Windows).
fn file_uri(path: &Path) -> String {
    let portable = portable_path(&path.to_string_lossy());
    let mut segments = portable.split('/').peekable();
    let mut uri = String::from("file://");
    // A Windows drive (`C:`) keeps its colon; SARIF consumers expect `file:///C:/`.
    if let Some(first) = segments.peek() {
        if first.len() == 2 && first.ends_with(':') {
            uri.push('/');
            uri.push_str(first);
            segments.next();
        }
    }
    let rest: Vec<_> = segments
        .map(|s| utf8_percent_encode(s, SEGMENT).to_string())
        .collect();
    if !rest.first().is_some_and(|s| s.is_empty()) {
        uri.push('/');
    }
    uri.push_str(&rest.join("/"));
    uri
}

/// The working directory as a `file:` URI ending in `/`, as `originalUriBaseIds` requires.
fn directory_uri(dir: &Path) -> String {
    let mut uri = file_uri(dir);
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(
            pascal_case("created-without-location"),
            "CreatedWithoutLocation"
        );
        assert_eq!(pascal_case("a"), "A");
    }

    #[test]
    fn paths_become_uris() {
        let cwd = Path::new("/work/repo");
        let at = |name: &str| {
            let a = artifact(name, Some(cwd));
            (a.uri, a.uri_base_id)
        };
        assert_eq!(
            at("./specs/pets api.yaml"),
            ("specs/pets%20api.yaml".into(), Some(SRCROOT))
        );
        assert_eq!(at("a:b#c.yaml"), ("a%3Ab%23c.yaml".into(), Some(SRCROOT)));
        assert_eq!(at("café.yaml"), ("caf%C3%A9.yaml".into(), Some(SRCROOT)));
        if cfg!(unix) {
            assert_eq!(
                at("/work/repo/specs/a.yaml"),
                ("specs/a.yaml".into(), Some(SRCROOT))
            );
            assert_eq!(
                at("/elsewhere/a b.yaml"),
                ("file:///elsewhere/a%20b.yaml".into(), None)
            );
            assert_eq!(directory_uri(cwd), "file:///work/repo/");
            assert_eq!(directory_uri(Path::new("/")), "file:///");
        }
    }
}
