//! The whole lint of one document: any bytes give findings (`invalid-document` when broken) or a
//! skip, with every position inside the file and the short/JSON/SARIF reports agreeing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use statuslint::lint;

fuzz_target!(|data: &[u8]| {
    let name = if data.trim_ascii_start().starts_with(b"{") {
        "fuzz.json"
    } else {
        "fuzz.yaml"
    };
    let options = statuslint_fuzz::options(None);
    let outcome = lint::lint_bytes(
        &statuslint_fuzz::path(name),
        name.to_string(),
        data.to_vec(),
        &options,
    );
    statuslint_fuzz::check_outcome(outcome);
});
