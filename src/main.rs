//! The `psjobs` command: an interactive console in the terminal, or a script runner
//! (`-Command`, `-File`) on the virtual clock, so the same script prints the same output.

use psjobs::engine::clock::{Clock, RealClock, VirtualClock};
use psjobs::engine::runtime::{Edition, HostLine, LineKind};
use psjobs::engine::scheduler::Slice;
use psjobs::engine::time::DateTime;
use psjobs::engine::value::Value;
use psjobs::{Outcome, Session, SessionOptions};
use std::io::{IsTerminal, Read, Write};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

const USAGE: &str = "psjobs: a PowerShell background-jobs playground

Usage:
  psjobs                         an interactive console (real clock)
  psjobs -Command \"<script>\"     run a script and exit (virtual clock)
  psjobs -Command -              read the script from standard input
  psjobs -File <path> [args]     run a script file and exit (virtual clock)

Options:
  -Clock virtual|real   which clock runs the script (default: virtual for scripts)
  -Edition 5.1|7        which PowerShell to behave like (default: 5.1)
  -Width N              console width for tables and error wrapping (default: 120)
  -Speed F              latency of simulated work: 1 normal, 0 none, 2 twice as slow
  -JobResultLimit N     results a job may keep waiting for Receive-Job before it fails
                        (default 1000000)
  -MemoryLimit N        bytes the session may hold in variables, job results and files;
                        PowerShell's suffixes work: 512MB, 1GB (default 256MB, least 16MB)
";

enum Mode {
    Interactive,
    Command(String),
    File(String, Vec<String>),
}

struct Cli {
    mode: Mode,
    clock: Option<bool>,
    edition: Edition,
    width: usize,
    speed: f64,
    job_result_limit: usize,
    memory_limit: usize,
}

fn parse_args(args: Vec<String>) -> Result<Cli, String> {
    let mut cli = Cli {
        mode: Mode::Interactive,
        clock: None,
        edition: Edition::Desktop51,
        width: 120,
        speed: 1.0,
        job_result_limit: psjobs::engine::job::ResultLimits::default().count,
        memory_limit: psjobs::engine::budget::DEFAULT_MEMORY_LIMIT,
    };
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        let lower = a.to_ascii_lowercase();
        let name = lower.trim_start_matches('-');
        if !a.starts_with('-') {
            return Err(format!("unexpected argument '{a}'"));
        }
        let mut value = |what: &str| it.next().ok_or_else(|| format!("-{what} needs a value"));
        match name {
            "command" | "c" => {
                let v = value("Command")?;
                let script = if v == "-" {
                    let mut s = String::new();
                    std::io::stdin()
                        .read_to_string(&mut s)
                        .map_err(|e| e.to_string())?;
                    s
                } else {
                    v
                };
                cli.mode = Mode::Command(script);
                break;
            }
            "file" | "f" => {
                let path = value("File")?;
                cli.mode = Mode::File(path, it.collect());
                break;
            }
            "clock" => match value("Clock")?.to_ascii_lowercase().as_str() {
                "virtual" => cli.clock = Some(true),
                "real" => cli.clock = Some(false),
                other => return Err(format!("-Clock takes virtual or real, not '{other}'")),
            },
            "edition" => match value("Edition")?.as_str() {
                "5.1" | "5" => cli.edition = Edition::Desktop51,
                "7" | "7.6" => cli.edition = Edition::Core7,
                other => return Err(format!("-Edition takes 5.1 or 7, not '{other}'")),
            },
            "width" => {
                let v = value("Width")?;
                cli.width = v
                    .parse()
                    .map_err(|_| format!("-Width takes a number, not '{v}'"))?;
            }
            "speed" => {
                let v = value("Speed")?;
                cli.speed = v
                    .parse::<f64>()
                    .ok()
                    .filter(|s| (0.0..=100.0).contains(s))
                    .ok_or_else(|| format!("-Speed takes a number from 0 to 100, not '{v}'"))?;
            }
            "jobresultlimit" => {
                let v = value("JobResultLimit")?;
                cli.job_result_limit =
                    v.parse::<usize>().ok().filter(|n| *n >= 1).ok_or_else(|| {
                        format!("-JobResultLimit takes a whole number from 1, not '{v}'")
                    })?;
            }
            "memorylimit" => {
                let v = value("MemoryLimit")?;
                cli.memory_limit = psjobs::engine::budget::parse_size(&v)
                    .filter(|n| *n >= psjobs::engine::budget::LEAST_MEMORY_LIMIT)
                    .ok_or_else(|| {
                        format!(
                            "-MemoryLimit takes a size from 16MB, such as 512MB or 1GB, not '{v}'"
                        )
                    })?;
            }
            "noprofile" | "nologo" | "noninteractive" => {}
            "help" | "?" | "h" => {
                print!("{USAGE}");
                std::process::exit(0);
            }
            _ => return Err(format!("unknown option '{a}'")),
        }
    }
    Ok(cli)
}

#[allow(clippy::disallowed_types)] // The terminal's real clock is the one place that may read it.
fn real_clock() -> Rc<dyn Clock> {
    let origin = std::time::Instant::now();
    let unix_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0);
    Rc::new(RealClock::new(
        Box::new(move || origin.elapsed().as_secs_f64() * 1000.0),
        DateTime::from_unix_ms(unix_ms),
    ))
}

fn ansi(color: &str) -> &'static str {
    match color {
        "Black" => "30",
        "DarkBlue" => "34",
        "DarkGreen" => "32",
        "DarkCyan" => "36",
        "DarkRed" => "31",
        "DarkMagenta" => "35",
        "DarkYellow" => "33",
        "Gray" => "37",
        "DarkGray" => "90",
        "Blue" => "94",
        "Green" => "92",
        "Cyan" => "96",
        "Red" => "91",
        "Magenta" => "95",
        "Yellow" => "93",
        _ => "97",
    }
}

fn print_lines(lines: Vec<HostLine>, color: bool, out: &mut impl Write) {
    for l in lines {
        if l.fg == Some("Clear") {
            if color {
                let _ = write!(out, "\x1b[2J\x1b[H");
            }
            continue;
        }
        if !l.is_printed() {
            continue;
        }
        let end = if l.newline { "\n" } else { "" };
        let code = if color {
            match l.kind {
                LineKind::Error => Some("91".to_string()),
                LineKind::Warning | LineKind::Verbose | LineKind::Debug => Some("93".to_string()),
                LineKind::Host => l.fg.map(|c| ansi(c).to_string()),
                // $PSStyle.Formatting.TableHeader: bold green.
                LineKind::TableHeader => Some("32;1".to_string()),
                _ => None,
            }
        } else {
            None
        };
        let _ = match code {
            Some(c) => write!(out, "\x1b[{c}m{}\x1b[0m{end}", l.text),
            None => write!(out, "{}{end}", l.text),
        };
    }
    let _ = out.flush();
}

/// Runs the session until its command is done, printing output as it comes.
fn drive(session: &Session, color: bool, interrupted: &AtomicBool) {
    let mut stdout = std::io::stdout();
    loop {
        if interrupted.swap(false, Ordering::SeqCst) {
            session.interrupt();
        }
        let slice = session.run_slice(200_000);
        print_lines(session.take_output(), color, &mut stdout);
        if !session.is_busy() {
            return;
        }
        if session.waiting_for_input() {
            // Read-Host (or a blocked job's prompt): the answer comes from standard input.
            let _ = stdout.flush();
            let mut line = String::new();
            let _ = std::io::stdin().read_line(&mut line);
            session.provide_input(line.trim_end_matches(['\r', '\n']));
            if std::io::stdin().is_terminal() {
                // The terminal showed what was typed already; piped input is echoed.
                drop(session.take_output());
            }
            continue;
        }
        match slice {
            Slice::Busy => {}
            Slice::Idle(Some(deadline)) => {
                let wait = (deadline - session.rt.sched.clock.now_ms()).clamp(0.0, 50.0);
                std::thread::sleep(std::time::Duration::from_micros((wait * 1000.0) as u64));
            }
            Slice::Idle(None) => {
                if session.rt.sched.clock.is_virtual() {
                    eprintln!(
                        "psjobs: the script waits for something that can never happen; stopping it"
                    );
                    session.interrupt();
                    let _ = session.run_slice(u64::MAX);
                    print_lines(session.take_output(), color, &mut stdout);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
}

fn exit_code(o: Outcome) -> i32 {
    match o {
        Outcome::Done { ok: true } | Outcome::Running => 0,
        Outcome::Done { ok: false } | Outcome::ParseError => 1,
        Outcome::Exited(c) => c,
    }
}

fn run_script(cli: &Cli, text: &str, path: &str, args: Vec<Value>) -> i32 {
    let clock: Rc<dyn Clock> = if cli.clock == Some(false) {
        real_clock()
    } else {
        Rc::new(VirtualClock::new())
    };
    let mut session = Session::new(SessionOptions {
        edition: cli.edition,
        width: cli.width,
        clock,
        speed: cli.speed,
        job_result_limit: cli.job_result_limit,
        memory_limit: cli.memory_limit,
        ..Default::default()
    });
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    session.submit(text, path, args);
    drive(&session, false, &interrupted);
    exit_code(session.outcome())
}

/// What the line reader hands the engine: a whole command line (continuation lines
/// joined), a Ctrl+C at the prompt, or the end of input.
enum Typed {
    Line(String),
    Interrupted,
    End,
}

/// The line reader's thread: for each prompt the engine sends, reads a command (asking for
/// `>> ` lines while it is incomplete) with line editing and history.
fn read_lines(
    edition: Edition,
    mut editor: rustyline::DefaultEditor,
    prompts: std::sync::mpsc::Receiver<String>,
    typed: std::sync::mpsc::Sender<Typed>,
) {
    for first_prompt in prompts {
        let mut text = String::new();
        let mut prompt = first_prompt;
        let got = loop {
            match editor.readline(&prompt) {
                Ok(line) => {
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&line);
                    if !Session::needs_more_input(&text, edition) {
                        break Typed::Line(text);
                    }
                    prompt = ">> ".into();
                }
                Err(rustyline::error::ReadlineError::Interrupted) => break Typed::Interrupted,
                Err(_) => break Typed::End,
            }
        };
        if let Typed::Line(t) = &got {
            if !t.trim().is_empty() {
                let _ = editor.add_history_entry(t.as_str());
            }
        }
        if typed.send(got).is_err() {
            return;
        }
    }
}

fn interactive(cli: &Cli) -> i32 {
    let clock: Rc<dyn Clock> = if cli.clock == Some(true) {
        Rc::new(VirtualClock::new())
    } else {
        real_clock()
    };
    let mut session = Session::new(SessionOptions {
        edition: cli.edition,
        width: cli.width,
        clock,
        speed: cli.speed,
        job_result_limit: cli.job_result_limit,
        memory_limit: cli.memory_limit,
        ask_for_missing_parameters: true,
        ..Default::default()
    });
    let color = std::io::stdout().is_terminal();
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let editor = match rustyline::DefaultEditor::new() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("psjobs: cannot open the console: {e}");
            return 1;
        }
    };
    // The reader blocks on the terminal on a thread of its own, so the jobs keep running
    // (as their processes would) while the console waits for a line.
    let (prompt_tx, prompt_rx) = std::sync::mpsc::channel::<String>();
    let (typed_tx, typed_rx) = std::sync::mpsc::channel::<Typed>();
    let edition = cli.edition;
    let reader = std::thread::Builder::new()
        .name("psjobs-reader".into())
        .spawn(move || read_lines(edition, editor, prompt_rx, typed_tx));
    if let Err(e) = reader {
        eprintln!("psjobs: cannot open the console: {e}");
        return 1;
    }
    println!(
        "psjobs: a PowerShell jobs playground ({}). Type 'exit' to leave.\n",
        session.rt.profile.version
    );
    loop {
        if prompt_tx.send(session.prompt()).is_err() {
            return exit_code(session.outcome());
        }
        let typed = loop {
            match typed_rx.recv_timeout(std::time::Duration::from_millis(IDLE_TICK_MS)) {
                Ok(t) => break t,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                    session.run_background(IDLE_TICK_MS as f64);
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break Typed::End,
            }
        };
        let text = match typed {
            Typed::Line(t) => t,
            Typed::Interrupted => continue,
            Typed::End => return exit_code(session.outcome()),
        };
        if text.trim().is_empty() {
            continue;
        }
        interrupted.store(false, Ordering::SeqCst);
        session.submit(&text, "", Vec::new());
        drive(&session, color, &interrupted);
        if let Outcome::Exited(code) = session.outcome() {
            return code;
        }
    }
}

/// How often (ms) the console runs the jobs while it waits for a line, and for how long.
const IDLE_TICK_MS: u64 = 20;

fn main() {
    let cli = match parse_args(std::env::args().skip(1).collect()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("psjobs: {e}\n\n{USAGE}");
            std::process::exit(2);
        }
    };
    // The evaluator polls nested futures: a script at PowerShell's call-depth limit (100)
    // needs a few megabytes of stack in a debug build, more than the main thread may have.
    let worker = std::thread::Builder::new()
        .name("psjobs-engine".into())
        .stack_size(ENGINE_STACK_BYTES)
        .spawn(move || run(&cli));
    let code = match worker.map(|h| h.join()) {
        Ok(Ok(code)) => code,
        _ => {
            eprintln!("psjobs: the engine thread could not run");
            3
        }
    };
    std::process::exit(code);
}

/// Stack for the engine thread (see `main`).
const ENGINE_STACK_BYTES: usize = 64 * 1024 * 1024;

fn run(cli: &Cli) -> i32 {
    match &cli.mode {
        Mode::Interactive => interactive(cli),
        Mode::Command(text) => run_script(cli, text, "", Vec::new()),
        Mode::File(path, args) => match std::fs::read_to_string(path) {
            Ok(text) => {
                let args = args.iter().map(|a| Value::str(a)).collect();
                run_script(cli, &text, path, args)
            }
            Err(e) => {
                eprintln!("psjobs: cannot read {path}: {e}");
                2
            }
        },
    }
}
