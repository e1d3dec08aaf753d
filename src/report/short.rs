//! `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`, one line a finding.

use std::io::{self, Write};

use crate::finding::Finding;
use crate::source::Sources;

pub fn write(finding: &Finding, sources: &Sources, out: &mut dyn Write) -> io::Result<()> {
    let file = sources.get(finding.loc.file);
    let at = file.line_col(finding.loc.span.start);
    // A message is one line by construction; a newline would break every problem matcher.
    let message = finding.message.replace('\n', " ");
    writeln!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        file.name,
        at.line,
        at.column,
        finding.severity.as_str(),
        finding.rule,
        message
    )
}
