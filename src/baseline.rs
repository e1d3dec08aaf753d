//! Baselines: record today's findings, then report only new ones. This is how a team adopts
//! the gate on a legacy spec.
//!
//! Findings match on file, rule and JSON pointer, never on line numbers, so edits elsewhere in
//! the file do not break the baseline. Identical triples are counted: fixing one of three
//! identical findings leaves two recorded, and a fourth is new.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::report::Linted;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    rule: String,
    /// The node's JSON pointer; loading problems, which have none, match on their message.
    pointer: String,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    count: usize,
}

fn one() -> usize {
    1
}

fn is_one(n: &usize) -> bool {
    *n == 1
}

type Key = (String, String, String);

fn key(file: &str, finding: &Finding) -> Key {
    let place = if finding.pointer.is_empty() {
        finding.message.clone()
    } else {
        finding.pointer.clone()
    };
    (file.to_string(), finding.rule.clone(), place)
}

fn file_name(linted: &Linted, finding: &Finding) -> String {
    linted.sources.get(finding.loc.file).name.replace('\\', "/")
}

/// Writes the findings of `files` as a baseline.
pub fn write(path: &Path, files: &[Linted]) -> std::io::Result<()> {
    let mut recorder = Recorder::default();
    for linted in files {
        recorder.add(linted);
    }
    recorder.write(path)
}

/// A baseline recorded file by file: only the keys are kept, not the files.
#[derive(Debug, Default)]
pub struct Recorder {
    counts: BTreeMap<Key, usize>,
    findings: usize,
}

impl Recorder {
    pub fn add(&mut self, linted: &Linted) {
        for finding in &linted.findings {
            *self
                .counts
                .entry(key(&file_name(linted, finding), finding))
                .or_default() += 1;
        }
        self.findings += linted.findings.len();
    }

    /// The findings recorded so far.
    pub fn findings(&self) -> usize {
        self.findings
    }

    pub fn write(self, path: &Path) -> std::io::Result<()> {
        let file = File {
            version: 1,
            findings: self
                .counts
                .into_iter()
                .map(|((file, rule, pointer), count)| Entry {
                    file,
                    rule,
                    pointer,
                    count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
        text.push('\n');
        std::fs::write(path, text)
    }
}

/// A baseline read back.
#[derive(Debug, Default)]
pub struct Baseline {
    counts: BTreeMap<Key, usize>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the baseline {}: {e}", path.display()))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a statuslint baseline: {e}", path.display()))?;
        if file.version != 1 {
            return Err(format!(
                "{}: unsupported baseline version {}",
                path.display(),
                file.version
            ));
        }
        let mut counts = BTreeMap::new();
        for e in file.findings {
            *counts.entry((e.file, e.rule, e.pointer)).or_default() += e.count;
        }
        Ok(Baseline { counts })
    }

    /// Removes the findings the baseline knows; returns how many were removed.
    pub fn filter(&mut self, files: &mut [Linted]) -> usize {
        let mut removed = 0;
        for linted in files {
            let names: Vec<String> = linted
                .findings
                .iter()
                .map(|f| file_name(linted, f))
                .collect();
            let mut index = 0;
            linted.findings.retain(|finding| {
                let k = key(&names[index], finding);
                index += 1;
                match self.counts.get_mut(&k) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        removed += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        removed
    }
}
