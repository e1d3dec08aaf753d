//! The YAML tree builder: any text gives a tree or an error, never a panic; every node's span
//! lies inside the text on character boundaries; an error's offset is inside the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use statuslint::parse::{parse, Format};

fuzz_target!(|data: &[u8]| {
    let Some(text) = statuslint_fuzz::utf8(data) else {
        return;
    };
    statuslint_fuzz::check_parse(text, Format::Yaml, parse(text, Format::Yaml));
});
