//! Causes: what every format reports once. A finding is a cause on its own, except the findings of
//! a rule `about: use` that come through one shared definition: those stay per operation (the
//! fix goes on each), but they are one problem to read, so every report shows them once, at the
//! first use, naming the others.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::finding::Finding;
use crate::registry::RuleSet;
use crate::rule::{About, Severity};
use crate::source::Loc;

/// One cause: its first finding and the others that share it, in report order.
pub struct Cause<'f> {
    pub findings: Vec<&'f Finding>,
    /// The first finding's index in its file's findings (fingerprints are computed by index).
    pub index: usize,
}

impl<'f> Cause<'f> {
    /// The finding the cause is reported at.
    pub fn first(&self) -> &'f Finding {
        self.findings[0]
    }

    /// The findings after the first: the other operations of a grouped cause.
    pub fn others(&self) -> &[&'f Finding] {
        &self.findings[1..]
    }

    /// The message with the other operations counted:
    /// `… (and on 157 more operations through the shared `not_modified` response)`.
    pub fn message(&self) -> Cow<'f, str> {
        let first = self.first();
        let others = self.others().len();
        if others == 0 {
            return Cow::Borrowed(&first.message);
        }
        let name = first
            .definition
            .as_ref()
            .map(|d| d.name())
            .unwrap_or_default();
        Cow::Owned(format!(
            "{} (and on {others} more {} through the shared `{name}` response)",
            first.message,
            if others == 1 {
                "operation"
            } else {
                "operations"
            },
        ))
    }

    /// The message followed by the finding's own help (the challenge that fits the operation's
    /// security scheme), for formats that have one text a result.
    pub fn message_with_note(&self) -> Cow<'f, str> {
        match &self.first().note {
            Some(note) => Cow::Owned(format!("{}\n\n{note}", self.message())),
            None => self.message(),
        }
    }
}

/// The causes of one file's findings, in order: a finding of a rule `about: use` that came
/// through a shared definition is gathered with the later ones of the same rule, severity and
/// definition.
pub fn causes<'f>(findings: &'f [Finding], rules: &RuleSet) -> Vec<Cause<'f>> {
    let mut causes: Vec<Cause> = Vec::new();
    let mut open: HashMap<(&str, Severity, Loc), usize> = HashMap::new();
    for (index, finding) in findings.iter().enumerate() {
        let per_use = finding.uses.is_empty()
            && rules
                .get(&finding.rule)
                .is_some_and(|r| r.doc.about == About::Use);
        let key = finding
            .definition
            .as_ref()
            .filter(|_| per_use)
            .map(|d| (finding.rule.as_str(), finding.severity, d.loc));
        match key.and_then(|key| open.get(&key).map(|&i| (key, i))) {
            Some((_, i)) => causes[i].findings.push(finding),
            None => {
                if let Some(key) = key {
                    open.insert(key, causes.len());
                }
                causes.push(Cause {
                    findings: vec![finding],
                    index,
                });
            }
        }
    }
    causes
}
