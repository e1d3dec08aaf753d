#[test]
fn stress() {
    let mut n = 0; let mut ok = 0; let mut ops = 0;
    let start = std::time::Instant::now();
    for entry in ignore::WalkBuilder::new(std::env::var("HOME").unwrap() + "/.cargo/registry/src").build().flatten() {
        let p = entry.path();
        if p.extension().is_some_and(|e| e == "rs") {
            let Ok(text) = std::fs::read_to_string(p) else { continue };
            n += 1;
            if let Ok(d) = statuslint::rust::utoipa::extract(&text) { ok += 1; ops += d.operations.len() + d.types.len(); }
        }
    }
    eprintln!("{n} files, {ok} parsed, {ops} decls, {:?}", start.elapsed());
}
