//! statuslint: lints the HTTP response declarations of API descriptions against the semantics
//! of HTTP (RFC 9110 and friends).
//!
//! Data flows one way: [`load`] (files → span-keeping [`tree`]s) → [`openapi`] (trees → the
//! source-agnostic [`model`]) → [`engine`] (rules from [`registry`] → [`finding`]s) →
//! [`report`].

#[cfg(feature = "openapiv3")]
pub mod adapter;
pub mod allowed;
pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod lint;
pub mod load;
pub mod lsp;
pub mod model;
pub mod openapi;
pub mod ordered;
pub mod parse;
pub mod registry;
pub mod report;
pub mod rule;
pub mod rust;
pub mod source;
pub mod status;
pub mod suggest;
pub mod tree;
pub mod walk;
