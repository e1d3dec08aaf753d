//! `statuslint --version`: the version, and the commit the binary was built from.

mod common;

use std::process::Command;

use common::statuslint;

/// What git says HEAD is (`<12-digit hash> <date>`), when the tests run in a git checkout.
fn head() -> Option<String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(common::root())
        .args(["log", "-1", "--abbrev=12", "--format=%h %cs"])
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
}

#[test]
fn version_names_the_commit_built_from() {
    let out = statuslint().arg("--version").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let expected = match head() {
        Some(commit) => format!("statuslint {} ({commit})\n", env!("CARGO_PKG_VERSION")),
        // A source tree without git (and without cargo's .cargo_vcs_info.json): the version alone.
        None => format!("statuslint {}\n", env!("CARGO_PKG_VERSION")),
    };
    assert_eq!(stdout, expected);
}

#[test]
fn short_flag_prints_the_same() {
    let long = statuslint().arg("--version").output().unwrap().stdout;
    let short = statuslint().arg("-V").output().unwrap().stdout;
    assert_eq!(long, short);
}
