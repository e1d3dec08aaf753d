//! The bare-parse floor that statuslint's benchmark compares against (issue 2, "Proof").
//!
//! Usage:
//!   bareparse FILE             parse one file into a serde_json::Value and exit
//!   bareparse many FILE...     parse every file given, serially, in this one process
//!   bareparse count FILE       like the first form, printing the node count (a sanity check)
//!
//! The format is chosen by extension: `.json` -> serde_json, anything else -> serde_yaml 0.9
//! (both into `serde_json::Value`), as in ../../shared/perf-baseline/rustbase ("auto" mode).
//! Exit status: 0 when every file parsed, 1 when any failed (the error goes to stderr), 2 on usage.

use std::process::ExitCode;

fn parse(path: &str) -> Result<serde_json::Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: read: {e}"))?;
    if path.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| format!("{path}: serde_json: {e}"))
    } else {
        serde_yaml::from_str(&text).map_err(|e| format!("{path}: serde_yaml: {e}"))
    }
}

fn count(v: &serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => 1 + m.values().map(count).sum::<usize>(),
        serde_json::Value::Array(a) => 1 + a.iter().map(count).sum::<usize>(),
        _ => 1,
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("-h") | Some("--help") => {
            eprintln!("usage: bareparse FILE | bareparse many FILE... | bareparse count FILE");
            ExitCode::from(2)
        }
        Some("many") => {
            let (mut ok, mut failed) = (0usize, 0usize);
            for path in &args[1..] {
                match parse(path) {
                    // Each Value is dropped here, as a linter that finishes a file would.
                    Ok(v) => {
                        std::hint::black_box(&v);
                        ok += 1
                    }
                    Err(e) => {
                        eprintln!("{e}");
                        failed += 1
                    }
                }
            }
            eprintln!("bareparse many: {ok} parsed, {failed} failed");
            if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
        }
        Some("count") if args.len() == 2 => match parse(&args[1]) {
            Ok(v) => {
                println!("nodes={}", count(&v));
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        Some(path) if args.len() == 1 => match parse(path) {
            Ok(v) => {
                std::hint::black_box(&v);
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        },
        _ => {
            eprintln!("usage: bareparse FILE | bareparse many FILE... | bareparse count FILE");
            ExitCode::from(2)
        }
    }
}
