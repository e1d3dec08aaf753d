//! `statuslint lsp`: a language server over stdio. Diagnostics for the buffers an editor has
//! open (and the files they reference), hovers on status keys, and quick fixes.
//!
//! Built on rust-analyzer's synchronous `lsp-server` scaffold and the `lsp-types` protocol
//! types; [`server`] holds the state and the message loop.

pub mod convert;
pub mod hover;
mod lint_job;
mod moved;
pub mod server;
mod timing;

use lsp_server::Connection;

use crate::registry::RuleSet;

/// Serves the client on stdin/stdout until it says `exit`; the process exit code (0 after a
/// clean `shutdown` + `exit`, 1 otherwise, as the protocol asks).
pub fn run(rules: &'static RuleSet) -> u8 {
    let (connection, io_threads) = Connection::stdio();
    let code = match server::serve(&connection, rules) {
        Ok(true) => 0,
        Ok(false) => 1,
        Err(e) => {
            eprintln!("statuslint lsp: {e}");
            1
        }
    };
    // The writer thread ends once the connection (its sender) is gone; the reader has ended
    // with `exit` or the end of stdin.
    drop(connection);
    if code == 0 {
        if let Err(e) = io_threads.join() {
            eprintln!("statuslint lsp: {e}");
        }
    }
    code
}
