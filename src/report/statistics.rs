//! `--statistics`: one line a rule and severity that fired, with how many causes (findings)
//! and occurrences (uses of shared responses counted one by one), most occurrences first, as
//! ruff's `--statistics` does.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::cause::causes;
use super::Linted;
use crate::registry::RuleSet;
use crate::rule::Severity;

/// The table's rows, counted file by file: rule and severity → causes, occurrences.
#[derive(Default)]
pub struct Table {
    rows: BTreeMap<(String, Severity), (usize, usize)>,
}

impl Table {
    pub fn add(&mut self, file: &Linted, rules: &RuleSet) {
        for cause in causes(&file.findings, rules) {
            let first = cause.first();
            let row = self
                .rows
                .entry((first.rule.clone(), first.severity))
                .or_default();
            row.0 += 1;
            row.1 += cause
                .findings
                .iter()
                .map(|f| f.occurrences())
                .sum::<usize>();
        }
    }

    pub fn write(self, out: &mut dyn Write) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut rows: Vec<_> = self.rows.into_iter().collect();
        // Most occurrences first; ties by severity (errors first), then rule id.
        rows.sort_by(|((ra, sa), (_, oa)), ((rb, sb), (_, ob))| {
            ob.cmp(oa).then(sb.cmp(sa)).then(ra.cmp(rb))
        });
        let width = rows
            .iter()
            .map(|((rule, _), _)| rule.len())
            .max()
            .unwrap_or(0);
        writeln!(
            out,
            "{:width$}  {:8}  {:>6}  {:>11}",
            "rule", "severity", "causes", "occurrences"
        )?;
        for ((rule, severity), (causes, occurrences)) in rows {
            writeln!(
                out,
                "{rule:width$}  {:8}  {causes:>6}  {occurrences:>11}",
                severity.as_str()
            )?;
        }
        Ok(())
    }
}
