//! The rooms of the crate import only the rooms before them, in this order: lang, engine,
//! format, world, jobs, commands, host, wasm (README, "Layout"). A room that reaches up
//! (the engine naming a cmdlet, the world naming a job) fails here, with the line.

use std::path::Path;

const ORDER: [&str; 8] = [
    "lang", "engine", "format", "world", "jobs", "commands", "host", "wasm",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn each_room_imports_only_the_rooms_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut reaching_up = Vec::new();
    for (i, room) in ORDER.iter().enumerate() {
        let mut files = Vec::new();
        rust_files(&src.join(room), &mut files);
        assert!(!files.is_empty(), "no sources in src/{room}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                for later in ORDER.iter().skip(i + 1) {
                    if code.contains(&format!("crate::{later}::")) {
                        reaching_up.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(
        reaching_up.is_empty(),
        "imports of a later room:\n{}",
        reaching_up.join("\n")
    );
}
