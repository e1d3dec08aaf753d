//! Embeds every `rules/*.yaml` file in the binary, so the linter needs nothing at run time.
//!
//! The YAML is converted to JSON here: reading 37 rule files with serde_yaml cost ~1.2 ms at
//! every start (44% of linting a small spec), serde_json reads the same data in a fraction of
//! that. A rule file that is not valid YAML fails the build, naming the file.

use std::fmt::Write;
use std::path::Path;

fn main() {
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
