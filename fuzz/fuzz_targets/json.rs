//! The JSON parser: the YAML target's invariants, and whatever serde_json accepts is accepted.
#![no_main]
use libfuzzer_sys::fuzz_target;
use statuslint::parse::{parse, Format};

fuzz_target!(|data: &[u8]| {
    let Some(text) = statuslint_fuzz::utf8(data) else {
        return;
    };
    let parsed = parse(text, Format::Json);
    if let Err(e) = &parsed {
        if serde_json::from_str::<serde_json::Value>(text).is_ok() {
            panic!("valid JSON refused: {e:?}");
        }
    }
    statuslint_fuzz::check_parse(text, Format::Json, parsed);
});
