//! The Rust (utoipa) frontend: any bytes as a `.rs` file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use statuslint::lint;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = statuslint_fuzz::options(None);
    let outcome = lint::lint_text(
        &statuslint_fuzz::path("api.rs"),
        "api.rs".to_string(),
        &text,
        &options,
    );
    statuslint_fuzz::check_outcome(outcome);
});
