//! Where an edit's time goes, on stderr when `STATUSLINT_LSP_TIMING` is set (the editor's
//! server log): `statuslint lsp: timing lint 12.3 ms file:///...`. For profiling latency in a
//! real client, where a profiler cannot tell waiting from working.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("STATUSLINT_LSP_TIMING").is_some())
}

/// Logs how long `what` took since `since`, for the document `key`.
pub(super) fn log(key: &str, what: &str, since: Instant) {
    if enabled() {
        let ms = since.elapsed().as_secs_f64() * 1000.0;
        eprintln!("statuslint lsp: timing {what} {ms:.1} ms {key}");
    }
}
