//! Runs what it generates: a script built from the input's bytes, executed in a session with
//! a small memory budget and a bound on operations. It fails on a panic, on memory past the
//! budget (a counting allocator watches the process) and, through libFuzzer's `-timeout`, on
//! a step that does not end. A script is interrupted after its operations or after two
//! seconds, whichever comes first (checked every 10 operations): an operation may copy
//! megabytes or plan a copy of a whole drive (the page's scheduler ends a slice after 4 ms
//! of real time for that reason), so many legitimate heavy ones are slow, not stuck; only
//! one step that outlasts the timeout is a finding. The first byte
//! picks how the rest is read:
//!
//! - even: the bytes are script text, as typed (the seeds are the transcripts' inputs);
//! - odd: the bytes are choices for a generator that writes PowerShell from a grammar of
//!   the things hostile input reaches: format strings, casts, ranges, regexes, string and
//!   collection methods, paths, the registry, jobs, sessions, dates and 7's operators.
//!
//! Its high bit picks PowerShell 7 over 5.1. `make fuzz` runs it (README.md, "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;
use psjobs::engine::runtime::Edition;
use psjobs::engine::scheduler::Slice;
use psjobs::{Session, SessionOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The session's memory budget: the smallest a session takes.
const BUDGET: usize = 16 << 20;
/// What the process may hold past its baseline while a script runs. The budget counts
/// values where they are made and errs high; this catches what it does not see at all.
const ALLOWED: usize = 16 * BUDGET;
/// Operations a script may run before it is interrupted, in slices small enough that the
/// wall-clock bound is checked often.
const SLICES: usize = 2_000;
const OPS_PER_SLICE: u64 = 10;
/// The wall-clock time a script may run before it is interrupted.
const MOST_SECONDS: f64 = 2.0;
/// The browser gives the engine 16 MiB of stack (.cargo/config.toml); so does this.
const STACK: usize = 16 << 20;

struct Counting;
static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = HELD.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = HELD.fetch_add(new_size - layout.size(), Ordering::Relaxed)
                    + (new_size - layout.size());
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                HELD.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let edition = if mode & 0x80 != 0 {
        Edition::Core7
    } else {
        Edition::Desktop51
    };
    let script = if mode & 1 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        Gen::new(rest, edition).script()
    };
    // To turn a crash file into a transcript: FUZZ_PRINT_SCRIPT=1 cargo fuzz run run <file>
    if std::env::var_os("FUZZ_PRINT_SCRIPT").is_some() {
        eprintln!("--- script ---\n{script}\n--------------");
    }
    let worker = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || run(&script, edition));
    if let Ok(handle) = worker {
        // A panic inside has already aborted the process (libFuzzer's hook).
        let _ = handle.join();
    }
});

fn run(script: &str, edition: Edition) {
    let mut session = Session::new(SessionOptions {
        edition,
        memory_limit: BUDGET,
        speed: 0.0,
        ..SessionOptions::default()
    });
    let baseline = HELD.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    session.submit(script, "", Vec::new());
    let started = std::time::Instant::now();
    for _ in 0..SLICES {
        if !matches!(session.run_slice(OPS_PER_SLICE), Slice::Busy)
            || started.elapsed().as_secs_f64() > MOST_SECONDS
        {
            break;
        }
        let _ = session.take_output();
    }
    session.interrupt();
    let _ = session.run_slice(OPS_PER_SLICE);
    let _ = session.take_output();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
    assert!(
        peak <= ALLOWED,
        "held {} MB past the start, over {} MB for a session budget of {} MB:\n{script}",
        peak >> 20,
        ALLOWED >> 20,
        BUDGET >> 20
    );
}

/// Writes PowerShell from the input's bytes: each byte a choice.
struct Gen<'a> {
    data: &'a [u8],
    at: usize,
    seven: bool,
    depth: usize,
}

impl<'a> Gen<'a> {
    fn new(data: &'a [u8], edition: Edition) -> Self {
        Gen {
            data,
            at: 0,
            seven: edition == Edition::Core7,
            depth: 0,
        }
    }

    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    fn pick<T: Copy>(&mut self, from: &[T]) -> T {
        let i = usize::from(self.byte()) % from.len().max(1);
        from[i]
    }

    fn done(&self) -> bool {
        self.at >= self.data.len()
    }

    fn script(&mut self) -> String {
        let mut statements = Vec::new();
        while !self.done() && statements.len() < 8 {
            statements.push(self.statement());
        }
        statements.join("\n")
    }

    /// The numbers where limits live.
    fn number(&mut self) -> String {
        let n = self.pick(&[
            "0", "1", "-1", "2", "7", "8", "10", "99", "100", "255", "256", "1000", "65535",
            "65536", "99999", "999999", "1000000", "1000001", "2147483647", "2147483648",
            "-2147483648", "4294967295", "9223372036854775807", "-9223372036854775808",
            "999999999", "1000000000", "1e300", "-1e300", "1e-300", "0.5", "1.5", "0x7fffffff",
            "1kb", "1gb", "1.7976931348623157e308", "[double]::NaN", "79228162514264337593543950335",
        ]);
        n.to_string()
    }

    fn small(&mut self) -> String {
        self.pick(&["0", "1", "2", "3", "5", "10", "-1", "-2"]).to_string()
    }

    fn string(&mut self) -> String {
        match self.byte() % 6 {
            0 => format!("'{}'", self.pick(&["", "a", "abc", " ", "a b", "0", "ä", "\u{1F600}"])),
            1 => format!("('{}' * {})", self.pick(&["a", "ab", "\\", "a\\"]), self.number()),
            2 => format!("\"$({})\"", self.expr()),
            3 => format!("'{}'", self.format_string()),
            4 => format!("'{}'", self.path()),
            _ => format!("'{}'", self.pattern()),
        }
    }

    fn format_string(&mut self) -> String {
        let spec = self.pick(&[
            "", "D", "X", "x", "N", "F", "E", "P", "C", "G", "R", "B", "Q", "0", "#", "0.00",
            "#,##0", "yyyy", "MM", "dd", "HH", "ffffffff", "y", "o", "u", "'", "\\", "{", "}",
        ]);
        let digits = self.pick(&["", "0", "2", "99", "100", "65535", "65536", "999999999", "1000000000"]);
        let align = self.pick(&["", ",5", ",-5", ",70000", ",999999", ",1000000", ",-2147483648"]);
        let index = self.pick(&["0", "1", "999999", "1000000", "a", ""]);
        match self.byte() % 4 {
            0 => format!("{{{index}{align}:{spec}{digits}}}"),
            1 => format!("{spec}{digits}"),
            2 => format!("{{{index}{align}}}"),
            _ => format!("{{{{{index}}}{spec}"),
        }
    }

    fn pattern(&mut self) -> String {
        self.pick(&[
            "a", ".*", "(a+)+$", "a{999999}", "(", "[", "\\", "(?<n>a)", "$1", "${n}", "a|b", "^",
            "\\d+", "(a*)*b", "[^]", "a{2,1}",
        ])
        .to_string()
    }

    fn path(&mut self) -> String {
        self.pick(&[
            "C:\\", "C:\\Windows", "C:\\nope", "C:\\t", "C:\\t\\a", "..", ".", "\\", "C:",
            "HKLM:\\SOFTWARE", "HKCU:\\Software\\t", "Env:\\PATH", "Variable:\\x", "Function:\\",
            "C:\\*", "C:\\[a]", "Z:\\", "\\\\server\\share", "C:\\a\\..\\..\\..", "Cert:\\",
        ])
        .to_string()
    }

    fn type_name(&mut self) -> &'static str {
        self.pick(&[
            "int", "long", "byte", "char", "double", "decimal", "string", "bool", "datetime",
            "timespan", "array", "hashtable", "regex", "version", "guid", "xml", "scriptblock",
            "int[]", "string[]", "System.Collections.Generic.List[object]",
            "System.Collections.ArrayList", "pscustomobject", "ordered", "void", "type",
        ])
    }

    fn operator(&mut self) -> &'static str {
        let ops = [
            "+", "-", "*", "/", "%", "-band", "-bor", "-bxor", "-shl", "-shr", "-f", "-replace",
            "-split", "-join", "-match", "-notmatch", "-like", "-eq", "-ne", "-lt", "-gt", "-le",
            "-ge", "-contains", "-in", "-is", "-as", "..", "-and", "-or", "-xor", "-ceq", "??",
        ];
        let op = self.pick(&ops);
        if op == "??" && !self.seven { "+" } else { op }
    }

    fn method(&mut self) -> String {
        let name = self.pick(&[
            "ToString", "Substring", "PadLeft", "PadRight", "Insert", "Replace", "Split",
            "ToCharArray", "Trim", "IndexOf", "Add", "AddRange", "Remove", "RemoveAt", "Contains",
            "GetType", "Clone", "AddDays", "AddYears", "AddTicks", "AddMonths", "ToUpper",
            "Equals", "CompareTo", "GetEnumerator", "Count", "Length", "Keys", "Values",
        ]);
        let args: Vec<String> = (0..self.byte() % 3).map(|_| self.expr()).collect();
        format!("{name}({})", args.join(", "))
    }

    fn expr(&mut self) -> String {
        self.depth += 1;
        let e = if self.depth > 6 || self.done() {
            match self.byte() % 3 {
                0 => self.number(),
                1 => self.string(),
                _ => self.variable(),
            }
        } else {
            match self.byte() % 20 {
                0 => self.number(),
                1 => self.string(),
                2 => self.variable(),
                3 => format!("({} {} {})", self.expr(), self.operator(), self.expr()),
                4 => format!("[{}]{}", self.type_name(), self.expr()),
                5 => format!("({}).{}", self.expr(), self.method()),
                6 => format!("{}..{}", self.number(), self.number()),
                7 => format!("@({}, {})", self.expr(), self.expr()),
                8 => format!("@{{ a = {}; b = {} }}", self.expr(), self.expr()),
                9 => format!("{}[{}]", self.variable(), self.expr()),
                10 => format!("'{}' -f {}", self.format_string(), self.expr()),
                11 => format!("({}).ToString('{}')", self.expr(), self.format_string()),
                12 => format!("[string]::new('{}', {})", self.pick(&["a", "ab"]), self.number()),
                13 => format!("(Get-Date).{}", self.method()),
                14 => format!("[Math]::{}({}, {})", self.pick(&["Pow", "Round", "Max", "Abs", "Floor"]), self.expr(), self.expr()),
                15 => format!("(,{})", self.expr()),
                16 if self.seven => format!("({} ? {} : {})", self.expr(), self.expr(), self.expr()),
                17 => format!("$({})", self.statement()),
                18 => format!("[{}]::{}", self.pick(&["int", "long", "datetime", "string", "char", "double"]), self.pick(&["MaxValue", "MinValue", "Empty", "Now"])),
                _ => format!("{{ {} }}", self.statement()),
            }
        };
        self.depth -= 1;
        e
    }

    fn variable(&mut self) -> String {
        self.pick(&["$x", "$y", "$l", "$h", "$a", "$null", "$true", "$_", "$j", "$s", "$args", "$error"])
            .to_string()
    }

    fn command(&mut self) -> String {
        let p = self.path();
        let n = self.number();
        let s = self.small();
        match self.byte() % 31 {
            0 => format!("Get-ChildItem '{p}' -Recurse -ErrorAction SilentlyContinue | Select-Object -First {s}"),
            1 => format!("New-Item '{p}' -ItemType Directory -Force"),
            2 => format!("Copy-Item '{p}' '{}' -Recurse", self.path()),
            3 => format!("Move-Item '{p}' '{}'", self.path()),
            4 => format!("Set-Location '{p}'"),
            5 => format!("Remove-Item '{p}' -Recurse"),
            6 => format!("Get-Item '{p}'"),
            7 => format!("Set-Content '{p}' {}", self.expr()),
            8 => format!("Add-Content '{p}' {}", self.expr()),
            9 => format!("Get-Content '{p}' -TotalCount {n}"),
            10 => format!("Start-Job {{ {} }} | Receive-Job -Wait -AutoRemoveJob", self.statement()),
            11 => format!("$j = Start-ThreadJob {{ {} }} -ThrottleLimit {n}", self.statement()),
            12 => format!("Get-Job | Stop-Job; Get-Job | Remove-Job -Force"),
            13 => format!("Invoke-Command -ComputerName Server01 {{ {} }}", self.statement()),
            14 => format!("New-PSSession -ComputerName Server0{s} | Remove-PSSession"),
            15 => format!("Get-Process | Select-Object -First {n}"),
            16 => format!("Get-EventLog -LogName System -Newest {n}"),
            17 => format!("Start-Sleep -Milliseconds {n}"),
            18 => format!("Get-Random -Minimum {n} -Maximum {}", self.number()),
            19 => format!("1..{s} | ForEach-Object {{ {} }}", self.statement()),
            20 => format!("{} | Sort-Object | Group-Object | Measure-Object", self.expr()),
            21 => format!("{} | Format-Table | Out-String", self.expr()),
            22 if self.seven => format!("1..{s} | ForEach-Object -Parallel {{ {} }} -ThrottleLimit {n}", self.statement()),
            // The hosting API: objects that run script in runspaces of their own.
            23 => format!("[powershell]::Create().AddScript({{ {} }}).Invoke({})", self.statement(), self.expr()),
            24 => format!(
                "$p = [powershell]::Create({}); $null = $p.AddScript({{ {} }}).AddArgument({}); $h = $p.BeginInvoke(); $p.EndInvoke($h); $p.Streams.Error.Count; $p.Dispose()",
                self.pick(&["", "'CurrentRunspace'", "'NewRunspace'"]),
                self.statement(),
                self.expr()
            ),
            25 => format!(
                "$rp = [runspacefactory]::CreateRunspacePool(1, {s}); $rp.Open(); $ps = 1..{s} | % {{ $q = [powershell]::Create(); $q.RunspacePool = $rp; [void]$q.AddScript({{ {} }}); $q.BeginInvoke() }}; $rp.Close()",
                self.statement()
            ),
            // The job cmdlets' parameter sets, with whatever comes.
            26 => format!("{} {}", self.pick(&["Receive-Job", "Stop-Job", "Get-Job", "Remove-Job", "Wait-Job -Timeout 1", "Receive-Job -Keep"]), self.expr()),
            27 => format!("[int]::TryParse({}, [ref]$x); $x", self.expr()),
            28 => format!(
                "$t = $e = $null; [System.Management.Automation.Language.Parser]::ParseInput({}, [ref]$t, [ref]$e) | Out-Null; $e.Count",
                self.expr()
            ),
            29 => format!("Set-Variable -Name v -Value {} -Scope {}", self.expr(), self.pick(&["0", "1", "2", "global", "script", "x", "-1", "99999999999"])),
            _ => format!("Get-Date -Format '{}'", self.format_string()),
        }
    }

    fn statement(&mut self) -> String {
        self.depth += 1;
        let s = if self.depth > 6 || self.done() {
            self.expr()
        } else {
            match self.byte() % 18 {
                0 | 1 => self.expr(),
                2 | 3 => format!("{} = {}", self.variable(), self.expr()),
                4 | 5 => self.command(),
                6 => format!("foreach ($i in 1..{}) {{ {} }}", self.number(), self.statement()),
                7 => format!("try {{ {} }} catch {{ $_.FullyQualifiedErrorId }}", self.statement()),
                8 => format!("{} | {}", self.expr(), self.command()),
                9 => format!("function f {{ {} }}; f", self.statement()),
                10 => format!("$x = {}; $x = ,$x; $x[0] = $x; \"$x\"", self.expr()),
                11 => "$l = [System.Collections.Generic.List[object]]::new(); $l.Add($l); $l.AddRange($l)".to_string(),
                12 if self.seven => format!("{} && {} || {}", self.command(), self.expr(), self.expr()),
                13 => format!(
                    "trap {} {{ {}; {} }}; {}; {}",
                    self.pick(&["", "[System.DivideByZeroException]", "[Exception]"]),
                    self.expr(),
                    self.pick(&["continue", "break", ""]),
                    self.statement(),
                    self.statement()
                ),
                14 => format!(
                    "function g {{ [CmdletBinding(DefaultParameterSetName = 'A')] param([Parameter(ParameterSetName = 'A', Position = 0)][ValidateSet('a', 'b')]$p, [Parameter(ParameterSetName = 'B', Mandatory)][ValidateRange(1, 5)]$q, [ValidateScript({{ {} }})]$r) {} ; $PSCmdlet.{}([System.Management.Automation.ErrorRecord]::new([System.Exception]::new('e'), 'id', 'NotSpecified', $null)) }}; {} | g {}",
                    self.expr(),
                    self.statement(),
                    self.pick(&["WriteError", "ThrowTerminatingError", "WriteObject", "WriteVerbose"]),
                    self.expr(),
                    self.pick(&["a", "c", "-q 3", "-q 9", "-p a -q 1", "-r 1", ""])
                ),
                15 => format!("${{function:f}} = {{ {} }}; f; $function:f", self.statement()),
                _ => format!("{} {} {}", self.expr(), self.operator(), self.expr()),
            }
        };
        self.depth -= 1;
        s
    }
}
