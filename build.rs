//! Embeds every `rules/*.yaml` file in the binary, so the linter needs nothing at run time.

use std::fmt::Write;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let mut entries: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    entries.sort();
    let mut out = String::from("/// `(file stem, contents)` of every rule file, sorted by name.\npub const RULE_FILES: &[(&str, &str)] = &[\n");
    for path in entries {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let abs = std::fs::canonicalize(&path).unwrap();
        writeln!(
            out,
            "    ({stem:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_files.rs");
    std::fs::write(dest, out).unwrap();
}
