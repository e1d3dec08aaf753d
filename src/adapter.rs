//! Linting a typed `openapiv3::OpenAPI` value, for programs that already hold one (dropshot and
//! progenitor users, build scripts that generate a spec).
//!
//! `openapiv3` cannot be the linter's own model: it reads only 3.0, drops 3.1 `webhooks` and
//! keeps no positions. As an input it is fine: the value is serialized to JSON and linted like a
//! file, so positions refer to that JSON text (returned in the outcome's sources).

use std::path::Path;

use crate::lint::{lint_text, Options, Outcome};

/// Lints `spec` as if it were the JSON file `name` (positions refer to its pretty-printed JSON).
pub fn lint_openapiv3(spec: &openapiv3::OpenAPI, name: &str, options: &Options) -> Outcome {
    match serde_json::to_string_pretty(spec) {
        Ok(text) => {
            let path = std::env::current_dir()
                .unwrap_or_default()
                .join(Path::new(name));
            lint_text(&path, name.to_string(), &text, options)
        }
        Err(e) => Outcome::Unreadable(std::io::Error::other(e)),
    }
}
