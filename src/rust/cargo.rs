//! What a crate's manifests say that changes how its utoipa declarations read: the utoipa
//! version it depends on, and the sibling crates of its Cargo workspace.
//!
//! A line reader, not a TOML parser: it understands the forms `cargo new` and `cargo add`
//! write (`utoipa = "5"`, `utoipa = { version = "4.2", ... }`, `utoipa.workspace = true`,
//! `members = ["a", "crates/*"]`), and says "unknown" for anything else.

use std::path::{Path, PathBuf};

/// The major version of utoipa the crate at `root` depends on: its manifest's requirement
/// (following `workspace = true` to the workspace's), else the newest utoipa in the nearest
/// `Cargo.lock`. `None` when neither says.
pub fn utoipa_major(root: &Path) -> Option<u64> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    match dependency_requirement(&manifest, "utoipa") {
        Some(Requirement::Version(v)) => major(&v),
        Some(Requirement::Workspace) => {
            let (_, workspace) = workspace_manifest(root)?;
            match dependency_requirement(&workspace, "utoipa") {
                Some(Requirement::Version(v)) => major(&v),
                _ => locked_major(root),
            }
        }
        None => locked_major(root),
    }
}

/// The crate directories of the workspace `root` belongs to, `root` excluded.
pub fn workspace_siblings(root: &Path) -> Vec<PathBuf> {
    let Some((dir, manifest)) = workspace_manifest(root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for member in string_array(&manifest, "members") {
        match member.strip_suffix("/*") {
            Some(parent) => {
                let Ok(entries) = std::fs::read_dir(dir.join(parent)) else {
                    continue;
                };
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.join("Cargo.toml").is_file())
                    .collect();
                found.sort();
                out.extend(found);
            }
            None => {
                let path = dir.join(&member);
                if path.join("Cargo.toml").is_file() {
                    out.push(path);
                }
            }
        }
    }
    if dir != root && dir.join("src").is_dir() && !out.contains(&dir) {
        out.push(dir.clone());
    }
    let same = |p: &PathBuf| std::fs::canonicalize(p).ok() == std::fs::canonicalize(root).ok();
    out.retain(|p| !same(p));
    out
}

/// The package name in the manifest of the crate at `root`, as Rust code names it
/// (`my-dto` → `my_dto`).
pub fn crate_name(root: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = assignment(line, "name") {
                return unquote(value).map(|n| n.replace('-', "_"));
            }
        }
    }
    None
}

enum Requirement {
    Version(String),
    Workspace,
}

/// The requirement on `name` in a `[dependencies]` (or `[workspace.dependencies]`) table.
fn dependency_requirement(manifest: &str, name: &str) -> Option<Requirement> {
    let mut in_deps = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if !in_deps {
            continue;
        }
        if let Some(rest) = line.strip_prefix(name).and_then(|r| r.strip_prefix('.')) {
            if rest.starts_with("workspace") {
                return Some(Requirement::Workspace);
            }
            if let Some(value) = assignment(rest, "version") {
                return unquote(value).map(Requirement::Version);
            }
            continue;
        }
        let Some(value) = assignment(line, name) else {
            continue;
        };
        if let Some(version) = unquote(value) {
            return Some(Requirement::Version(version));
        }
        if value.starts_with('{') {
            let inner = value.trim_start_matches('{').trim_end_matches('}');
            for part in inner.split(',') {
                let part = part.trim();
                if assignment(part, "workspace").is_some_and(|v| v == "true") {
                    return Some(Requirement::Workspace);
                }
                if let Some(v) = assignment(part, "version").and_then(unquote) {
                    return Some(Requirement::Version(v));
                }
            }
        }
    }
    None
}

/// The value of `key = value` on `line`, trimmed.
fn assignment<'l>(line: &'l str, key: &str) -> Option<&'l str> {
    let rest = line.strip_prefix(key)?.trim_start();
    Some(rest.strip_prefix('=')?.trim())
}

fn unquote(value: &str) -> Option<String> {
    let value = value.split('#').next()?.trim();
    let inner = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))?;
    Some(inner.to_string())
}

/// `"^4.2"`, `"=5.0.0"`, `"4"` → the major version.
fn major(requirement: &str) -> Option<u64> {
    let digits: String = requirement
        .trim_start_matches(['^', '=', '~', '>', '<', ' '])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The newest utoipa in the nearest `Cargo.lock` at or above `root`.
fn locked_major(root: &Path) -> Option<u64> {
    let lock = root
        .ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())?;
    let text = std::fs::read_to_string(lock).ok()?;
    let mut lines = text.lines();
    let mut newest = None;
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"utoipa\"" {
            let version = lines.next().and_then(|l| assignment(l.trim(), "version"));
            newest = newest.max(version.and_then(unquote).as_deref().and_then(major));
        }
    }
    newest
}

/// The nearest manifest at or above `root` with a `[workspace]` table: its directory and text.
fn workspace_manifest(root: &Path) -> Option<(PathBuf, String)> {
    root.ancestors().find_map(|dir| {
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).ok()?;
        text.lines()
            .any(|l| l.trim() == "[workspace]")
            .then(|| (dir.to_path_buf(), text))
    })
}

/// The strings of `key = [ ... ]` in the `[workspace]` table, over several lines if need be.
fn string_array(manifest: &str, key: &str) -> Vec<String> {
    let mut in_workspace = false;
    let mut collecting = false;
    let mut out = Vec::new();
    for line in manifest.lines().map(str::trim) {
        if !collecting && line.starts_with('[') {
            in_workspace = line == "[workspace]";
            continue;
        }
        let rest = if collecting {
            line
        } else if in_workspace {
            match assignment(line, key) {
                Some(value) => {
                    collecting = true;
                    value
                }
                None => continue,
            }
        } else {
            continue;
        };
        let rest = rest.split('#').next().unwrap_or_default();
        for part in rest.trim_start_matches('[').split(',') {
            let part = part.trim().trim_end_matches(']').trim();
            if let Some(s) = unquote(part) {
                out.push(s);
            }
        }
        if rest.contains(']') {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(manifest: &str) -> Option<String> {
        match dependency_requirement(manifest, "utoipa") {
            Some(Requirement::Version(v)) => Some(v),
            Some(Requirement::Workspace) => Some("workspace".into()),
            None => None,
        }
    }

    #[test]
    fn requirements_read_in_every_form_cargo_writes() {
        assert_eq!(
            req("[dependencies]\nutoipa = \"4.2\"\n").as_deref(),
            Some("4.2")
        );
        assert_eq!(
            req("[dependencies]\nutoipa = { version = \"^5\", features = [\"axum_extras\"] }\n")
                .as_deref(),
            Some("^5")
        );
        assert_eq!(
            req("[dependencies]\nutoipa.workspace = true\n").as_deref(),
            Some("workspace")
        );
        assert_eq!(
            req("[dependencies]\nutoipa = { workspace = true }\n").as_deref(),
            Some("workspace")
        );
        assert_eq!(req("[dependencies]\nutoipa-gen = \"4\"\n"), None);
        assert_eq!(
            req("[dev-dependencies]\nutoipa = \"4\"\n").as_deref(),
            Some("4")
        );
        assert_eq!(major("^4.2"), Some(4));
        assert_eq!(major("=5.0.0"), Some(5));
    }

    #[test]
    fn members_read_over_several_lines() {
        let manifest = "[workspace]\nmembers = [\n  \"api\", # the service\n  \"crates/*\",\n]\n[workspace.dependencies]\nx = \"1\"\n";
        assert_eq!(string_array(manifest, "members"), vec!["api", "crates/*"]);
    }
}
