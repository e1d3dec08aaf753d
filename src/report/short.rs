//! `PATH:LINE:COL: SEVERITY[RULE-ID]: MESSAGE`, one line a cause: the per-use findings of one
//! shared definition are one line, at the first use, with the others counted in the message.

use std::io::{self, Write};

use super::cause::Cause;
use crate::source::Sources;

pub fn write(cause: &Cause, sources: &Sources, out: &mut dyn Write) -> io::Result<()> {
    let finding = cause.first();
    let file = sources.get(finding.loc.file);
    let at = file.line_col(finding.loc.span.start);
    // A message is one line by construction; a newline would break every problem matcher.
    let message = cause.message().replace('\n', " ");
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
