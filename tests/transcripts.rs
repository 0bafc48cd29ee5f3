//! Golden transcripts: each file under tests/transcripts is a console session as a learner
//! would see it: `PS C:\...> input` lines (with `>> ` continuation lines) followed by the exact
//! output. The runner types each input into one session on the virtual clock, rebuilds the
//! transcript from what the session prints, and compares it with the file.
//!
//! An optional first line `#! edition=7 width=80 job-result-limit=5 memory-limit=32MB
//! prompts=parameters` sets session options. Lines `#< text` right
//! after it are what the user types when a command asks for a line (Read-Host), in order.
//! `UPDATE_TRANSCRIPTS=1 cargo test --test transcripts` rewrites the files from the engine's
//! output; review the diff before committing it.

use libtest_mimic::{Arguments, Failed, Trial};
use psjobs::engine::runtime::Edition;
use psjobs::{Session, SessionOptions};
use std::path::{Path, PathBuf};

/// A prompt line's input: after `PS <location>> `, which an entered session prefixes with
/// `[Server01]: `.
fn is_prompt(line: &str) -> Option<&str> {
    let line = match line.strip_prefix('[') {
        Some(rest) => rest.split_once("]: ")?.1,
        None => line,
    };
    let rest = line.strip_prefix("PS ")?;
    let idx = rest.find("> ")?;
    Some(rest.get(idx + 2..).unwrap_or(""))
}

/// The inputs of a transcript: each prompt line plus its continuation lines.
fn inputs(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_input = false;
    for line in text.lines() {
        if let Some(input) = is_prompt(line) {
            out.push(input.to_string());
            in_input = true;
        } else if let (true, Some(cont)) = (in_input, line.strip_prefix(">> ")) {
            if let Some(last) = out.last_mut() {
                last.push('\n');
                last.push_str(cont);
            }
        } else {
            in_input = false;
        }
    }
    out
}

fn options(text: &str) -> SessionOptions {
    let mut opts = SessionOptions::default();
    if let Some(first) = text.lines().next().and_then(|l| l.strip_prefix("#!")) {
        for kv in first.split_whitespace() {
            match kv.split_once('=') {
                Some(("edition", "7")) => opts.edition = Edition::Core7,
                Some(("width", w)) => opts.width = w.parse().unwrap_or(120),
                Some(("job-result-limit", n)) => opts.job_result_limit = n.parse().unwrap_or(1),
                Some(("prompts", "parameters")) => opts.ask_for_missing_parameters = true,
                Some(("memory-limit", n)) => {
                    opts.memory_limit = psjobs::engine::budget::parse_size(n).unwrap_or(1 << 24)
                }
                _ => {}
            }
        }
    }
    opts
}

/// The answers a transcript gives to prompts: its leading `#< ` lines.
fn answers(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|l| l.starts_with("#!"))
        .map_while(|l| l.strip_prefix("#< "))
        .map(str::to_string)
        .collect()
}

/// Replays a transcript's inputs and renders what a console would show.
fn replay(text: &str) -> String {
    let mut session = Session::new(options(text));
    let mut out = String::new();
    if let Some(first) = text.lines().next().filter(|l| l.starts_with("#!")) {
        out.push_str(first);
        out.push('\n');
    }
    let answers = answers(text);
    for a in &answers {
        out.push_str(&format!("#< {a}\n"));
    }
    let mut answers = answers.into_iter();
    for input in inputs(text) {
        let mut lines = input.split('\n');
        out.push_str(&session.prompt());
        out.push_str(lines.next().unwrap_or(""));
        out.push('\n');
        for cont in lines {
            out.push_str(">> ");
            out.push_str(cont);
            out.push('\n');
        }
        session.submit(&input, "", Vec::new());
        while !session.run_until_idle() {
            assert!(
                session.waiting_for_input(),
                "the command never finished: {input}"
            );
            session.provide_input(&answers.next().unwrap_or_default());
        }
        let mut pending = String::new();
        for l in session.take_output().into_iter().filter(|l| l.is_printed()) {
            pending.push_str(&l.text);
            if l.newline {
                pending.push('\n');
                out.push_str(&pending);
                pending.clear();
            }
        }
        if !pending.is_empty() {
            out.push_str(&pending);
            out.push('\n');
        }
    }
    out
}

/// The engine's stack needs at PowerShell's call-depth limit in a debug build (the
/// `psjobs` binary runs its engine on a thread of the same size).
const ENGINE_STACK_BYTES: usize = 64 * 1024 * 1024;

fn check(path: &Path) -> Result<(), Failed> {
    let expected = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let input = expected.clone();
    let actual = std::thread::Builder::new()
        .stack_size(ENGINE_STACK_BYTES)
        .spawn(move || replay(&input))
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| format!("{}: the replay panicked", path.display()))?;
    if actual == expected {
        return Ok(());
    }
    if std::env::var_os("UPDATE_TRANSCRIPTS").is_some() {
        std::fs::write(path, &actual).map_err(|e| e.to_string())?;
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&expected, &actual);
    let mut msg = format!(
        "{} differs (- expected, + actual; trailing spaces shown as ·):\n",
        path.display()
    );
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            similar::ChangeTag::Delete => "-",
            similar::ChangeTag::Insert => "+",
            similar::ChangeTag::Equal => " ",
        };
        let line = change.to_string_lossy();
        let body = line.trim_end_matches('\n');
        let trimmed = body.trim_end_matches(' ');
        let shown = format!("{trimmed}{}", "·".repeat(body.len() - trimmed.len()));
        msg.push_str(&format!("{sign}{shown}\n"));
    }
    Err(msg.into())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

fn main() {
    let args = Arguments::from_args();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/transcripts");
    let mut files = Vec::new();
    collect(&root, &mut files);
    let trials = files
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .unwrap_or(&p)
                .with_extension("")
                .display()
                .to_string()
                .replace('\\', "/");
            Trial::test(name, move || check(&p))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
