//! `--statistics`: one line a rule and severity that fired, with how many causes (findings)
//! and occurrences (uses of shared responses counted one by one), most occurrences first, as
//! ruff's `--statistics` does.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::Linted;
use crate::rule::Severity;

pub fn write(files: &[Linted], out: &mut dyn Write) -> io::Result<()> {
    let mut rows: BTreeMap<(&str, Severity), (usize, usize)> = BTreeMap::new();
    for finding in files.iter().flat_map(|f| &f.findings) {
        let row = rows
            .entry((finding.rule.as_str(), finding.severity))
            .or_default();
        row.0 += 1;
        row.1 += finding.occurrences();
    }
    if rows.is_empty() {
        return Ok(());
    }
    let mut rows: Vec<_> = rows.into_iter().collect();
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
