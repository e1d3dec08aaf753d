//! A multi-file `$ref` workspace, held in the in-memory overlay. The input is the root file
//! (`api.yaml`), then for each further file a NUL byte, its name, a newline and its text; a plain
//! spec is a workspace of one file whose `$ref`s to other files do not resolve.
#![no_main]
use libfuzzer_sys::fuzz_target;
use statuslint::lint;

fuzz_target!(|data: &[u8]| {
    let (root, overlay) = statuslint_fuzz::workspace(data);
    let options = statuslint_fuzz::options(Some(overlay));
    let outcome = lint::lint_bytes(
        &statuslint_fuzz::path("api.yaml"),
        "api.yaml".to_string(),
        root.to_vec(),
        &options,
    );
    statuslint_fuzz::check_outcome(outcome);
});
