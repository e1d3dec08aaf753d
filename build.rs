//! Embeds every `rules/*.yaml` file in the binary, so the linter needs nothing at run time.
//!
//! The YAML is converted to JSON here: reading 37 rule files with serde_yaml cost ~1.2 ms at
//! every start (44% of linting a small spec), serde_json reads the same data in a fraction of
//! that. A rule file that is not valid YAML fails the build, naming the file.

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    version();
    println!("cargo:rerun-if-changed=rules");
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let mut entries: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    let mut out = String::from(
        "/// `(file stem, the rule file as JSON)` of every rule file, sorted by name.\n\
         pub const RULE_FILES: &[(&str, &str)] = &[\n",
    );
    for path in entries {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let value: serde_json::Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not valid YAML: {e}", path.display()));
        let json = Path::new(&out_dir).join(format!("{stem}.json"));
        std::fs::write(&json, serde_json::to_string(&value).unwrap()).unwrap();
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            json.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    std::fs::write(Path::new(&out_dir).join("rule_files.rs"), out).unwrap();
}

/// Sets `STATUSLINT_VERSION`, what `statuslint --version` prints after the name: the version, and
/// the commit it was built from. The commit comes from git when the crate root is the top of a git
/// checkout (a clone, pre-commit's `language: rust` hook, a wheel built from a checkout), else from
/// the `.cargo_vcs_info.json` that `cargo package` writes (a crates.io download); with neither, the
/// version alone. The top-level check keeps a crate unpacked inside some other repository (a
/// vendor directory) from reporting that repository's commit.
fn version() {
    let version = std::env::var("CARGO_PKG_VERSION").unwrap();
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let long = match git_commit(&root).or_else(|| packaged_commit(&root)) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=STATUSLINT_VERSION={long}");
}

/// `"<12-digit hash> <commit date>"` of HEAD, and asks cargo to run this again when HEAD moves.
fn git_commit(root: &Path) -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_owned())
    };
    let top = PathBuf::from(git(&["rev-parse", "--show-toplevel"])?);
    if top.canonicalize().ok()? != root.canonicalize().ok()? {
        return None;
    }
    // HEAD itself (a checkout of another branch or commit), the branch it names (a new commit)
    // and packed-refs (where the branch lives once packed). Only existing files: cargo would
    // rebuild every time for a missing one.
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(&["rev-parse", "--path-format=absolute", "--git-path", &name]) {
            if Path::new(&path).is_file() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    git(&["log", "-1", "--abbrev=12", "--format=%h %cs"])
}

/// The commit `cargo package` recorded in `.cargo_vcs_info.json`.
fn packaged_commit(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(root.join(".cargo_vcs_info.json")).ok()?;
    let info: serde_json::Value = serde_json::from_str(&text).ok()?;
    let sha = info["git"]["sha1"].as_str()?;
    Some(sha.get(..12).unwrap_or(sha).to_owned())
}
