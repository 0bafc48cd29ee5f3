//! The processes of the simulated computer: a Windows 10 desktop after logon, the session's
//! own powershell.exe (`$PID`), and one powershell.exe per running Start-Job. Busy
//! processes use CPU time as the session's clock runs.

use super::computer::Computer;
use crate::engine::numfmt::{DotNet, format_number};
use crate::engine::runtime::Runtime;
use crate::engine::time::{DateTime, TimeSpan};
use crate::engine::value::{PSObject, Value};

/// One process as the table describes it. Memory in bytes, CPU in seconds.
#[derive(Clone, Debug)]
pub struct ProcessInfo {
    pub id: i32,
    pub name: &'static str,
    pub handles: i32,
    pub npm: i64,
    pub pm: i64,
    pub ws: i64,
    pub vm: i64,
    /// CPU seconds used before the session started; None for processes that do not report
    /// it (System Idle and System show no CPU(s) in 5.1 to a non-elevated user).
    pub cpu: Option<f64>,
    /// CPU seconds used per second of the session's clock.
    pub busy: f64,
    pub si: i32,
    pub path: &'static str,
    pub company: &'static str,
    /// Seconds before the session started that the process started.
    pub started_ago: f64,
}

const MS: &str = "Microsoft Corporation";
const SYS32: &str = "C:\\Windows\\system32\\";

/// (name, pid, handles, NPM K, PM K, WS K, VM M, CPU s, busy, SI, path, started_ago s)
type Row = (
    &'static str,
    i32,
    i32,
    i64,
    i64,
    i64,
    i64,
    Option<f64>,
    f64,
    i32,
    &'static str,
    f64,
);

/// A desktop about two hours after boot. Ids and sizes are of the kind Windows shows.
const DESKTOP: &[Row] = &[
    ("Idle", 0, 0, 0, 8, 8, 0, None, 0.0, 0, "", 7300.0),
    ("System", 4, 4183, 0, 200, 148, 4, None, 0.0, 0, "", 7300.0),
    (
        "Registry",
        100,
        0,
        18,
        8304,
        71328,
        95,
        Some(2.92),
        0.0,
        0,
        "",
        7302.0,
    ),
    (
        "smss",
        412,
        53,
        3,
        1072,
        1200,
        4,
        Some(0.11),
        0.0,
        0,
        "C:\\Windows\\System32\\smss.exe",
        7299.0,
    ),
    (
        "csrss",
        604,
        684,
        18,
        1904,
        5480,
        79,
        Some(3.52),
        0.0,
        0,
        "",
        7296.0,
    ),
    (
        "wininit",
        688,
        163,
        11,
        1452,
        6520,
        63,
        Some(0.09),
        0.0,
        0,
        "",
        7295.0,
    ),
    (
        "csrss",
        696,
        705,
        25,
        2320,
        7004,
        112,
        Some(6.48),
        0.001,
        1,
        "",
        7295.0,
    ),
    (
        "services",
        764,
        652,
        12,
        5848,
        10524,
        70,
        Some(12.41),
        0.0005,
        0,
        "",
        7294.0,
    ),
    (
        "lsass",
        784,
        1488,
        27,
        7676,
        20144,
        103,
        Some(9.83),
        0.0005,
        0,
        "C:\\Windows\\system32\\lsass.exe",
        7294.0,
    ),
    (
        "winlogon",
        812,
        265,
        11,
        2676,
        11232,
        84,
        Some(0.41),
        0.0,
        1,
        "C:\\Windows\\system32\\winlogon.exe",
        7294.0,
    ),
    (
        "fontdrvhost",
        904,
        38,
        6,
        1500,
        3304,
        66,
        Some(0.05),
        0.0,
        0,
        "",
        7293.0,
    ),
    (
        "svchost",
        924,
        1416,
        32,
        11364,
        28956,
        127,
        Some(21.17),
        0.001,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7293.0,
    ),
    (
        "svchost",
        1012,
        1132,
        17,
        9652,
        14356,
        93,
        Some(15.80),
        0.0005,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7292.0,
    ),
    (
        "dwm",
        1100,
        1029,
        42,
        63700,
        79416,
        285,
        Some(118.63),
        0.02,
        1,
        "C:\\Windows\\system32\\dwm.exe",
        7292.0,
    ),
    (
        "svchost",
        1204,
        548,
        19,
        5432,
        12244,
        86,
        Some(2.05),
        0.0,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7291.0,
    ),
    (
        "svchost",
        1340,
        407,
        15,
        3348,
        9880,
        79,
        Some(0.77),
        0.0,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7290.0,
    ),
    (
        "svchost",
        1476,
        288,
        12,
        2212,
        7624,
        73,
        Some(0.36),
        0.0,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7290.0,
    ),
    (
        "svchost",
        1596,
        739,
        25,
        22408,
        24764,
        131,
        Some(33.13),
        0.002,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7289.0,
    ),
    (
        "svchost",
        1844,
        219,
        10,
        2556,
        6796,
        69,
        Some(0.22),
        0.0,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7288.0,
    ),
    (
        "spoolsv",
        2220,
        479,
        28,
        6704,
        15584,
        108,
        Some(0.72),
        0.0,
        0,
        "C:\\Windows\\System32\\spoolsv.exe",
        7284.0,
    ),
    (
        "svchost",
        2384,
        382,
        18,
        10840,
        17860,
        92,
        Some(5.30),
        0.0005,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7283.0,
    ),
    (
        "MsMpEng",
        2524,
        791,
        105,
        214760,
        196172,
        1132,
        Some(412.08),
        0.01,
        0,
        "",
        7282.0,
    ),
    (
        "svchost",
        2636,
        224,
        13,
        3056,
        10932,
        80,
        Some(0.48),
        0.0,
        0,
        "C:\\Windows\\system32\\svchost.exe",
        7282.0,
    ),
    (
        "SearchIndexer",
        3412,
        1008,
        33,
        34636,
        30560,
        162,
        Some(64.72),
        0.003,
        0,
        "C:\\Windows\\system32\\SearchIndexer.exe",
        7260.0,
    ),
    (
        "audiodg",
        3720,
        214,
        15,
        9372,
        16264,
        76,
        Some(3.39),
        0.001,
        0,
        "",
        7200.0,
    ),
    (
        "sihost",
        4024,
        570,
        27,
        7908,
        30468,
        174,
        Some(4.19),
        0.0,
        1,
        "C:\\Windows\\system32\\sihost.exe",
        7240.0,
    ),
    (
        "taskhostw",
        4100,
        324,
        19,
        8272,
        17952,
        137,
        Some(1.75),
        0.0,
        1,
        "C:\\Windows\\system32\\taskhostw.exe",
        7239.0,
    ),
    (
        "explorer",
        4396,
        2874,
        123,
        74260,
        152860,
        485,
        Some(201.59),
        0.004,
        1,
        "C:\\Windows\\Explorer.EXE",
        7238.0,
    ),
    (
        "ctfmon",
        4512,
        496,
        21,
        5368,
        19280,
        112,
        Some(7.06),
        0.0005,
        1,
        "C:\\Windows\\system32\\ctfmon.exe",
        7237.0,
    ),
    (
        "ShellExperienceHost",
        4688,
        731,
        39,
        27784,
        64324,
        306,
        Some(12.36),
        0.0,
        1,
        "C:\\Windows\\SystemApps\\ShellExperienceHost_cw5n1h2txyewy\\ShellExperienceHost.exe",
        7236.0,
    ),
    (
        "SearchUI",
        4740,
        938,
        72,
        102168,
        139632,
        491,
        Some(25.11),
        0.0,
        1,
        "C:\\Windows\\SystemApps\\Microsoft.Windows.Cortana_cw5n1h2txyewy\\SearchUI.exe",
        7236.0,
    ),
    (
        "RuntimeBroker",
        4792,
        350,
        17,
        6256,
        24584,
        120,
        Some(2.27),
        0.0,
        1,
        "C:\\Windows\\System32\\RuntimeBroker.exe",
        7235.0,
    ),
    (
        "powershell",
        4812,
        612,
        32,
        61332,
        72440,
        617,
        Some(1.84),
        0.0,
        1,
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        60.0,
    ),
    (
        "conhost",
        4828,
        259,
        14,
        6828,
        19468,
        112,
        Some(0.39),
        0.0,
        1,
        "C:\\Windows\\system32\\conhost.exe",
        60.0,
    ),
    (
        "RuntimeBroker",
        5032,
        226,
        13,
        3096,
        16232,
        95,
        Some(0.58),
        0.0,
        1,
        "C:\\Windows\\System32\\RuntimeBroker.exe",
        7230.0,
    ),
    (
        "OneDrive",
        5280,
        662,
        34,
        21124,
        51040,
        240,
        Some(18.72),
        0.001,
        1,
        "C:\\Users\\User\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
        7220.0,
    ),
    (
        "SecurityHealthService",
        5424,
        363,
        17,
        4164,
        14720,
        96,
        Some(0.70),
        0.0,
        0,
        "",
        7215.0,
    ),
    (
        "notepad",
        6120,
        229,
        14,
        2740,
        14560,
        104,
        Some(0.23),
        0.0,
        1,
        "C:\\Windows\\system32\\notepad.exe",
        1800.0,
    ),
];

/// The rest of a Windows 10 desktop, as many as Task Manager's details list shows on one
/// (over a hundred, most of them svchost: since 1703 each service gets its own host on a
/// machine with enough memory). (name, how many, session, working set K, path, CPU s)
const MORE: &[(&str, i32, i32, i64, &str, f64)] = &[
    (
        "svchost",
        58,
        0,
        9_800,
        "C:\\Windows\\system32\\svchost.exe",
        1.2,
    ),
    (
        "svchost",
        4,
        1,
        14_600,
        "C:\\Windows\\system32\\svchost.exe",
        0.6,
    ),
    (
        "RuntimeBroker",
        4,
        1,
        18_200,
        "C:\\Windows\\System32\\RuntimeBroker.exe",
        0.4,
    ),
    (
        "dllhost",
        2,
        1,
        11_300,
        "C:\\Windows\\system32\\DllHost.exe",
        0.2,
    ),
    (
        "WmiPrvSE",
        2,
        0,
        12_900,
        "C:\\Windows\\system32\\wbem\\wmiprvse.exe",
        2.1,
    ),
    (
        "fontdrvhost",
        1,
        1,
        6_100,
        "C:\\Windows\\system32\\fontdrvhost.exe",
        0.1,
    ),
    (
        "conhost",
        2,
        0,
        5_600,
        "C:\\Windows\\system32\\conhost.exe",
        0.0,
    ),
    ("NisSrv", 1, 0, 8_900, "", 0.3),
    ("SgrmBroker", 1, 0, 7_200, "", 0.5),
    (
        "SecurityHealthSystray",
        1,
        1,
        8_400,
        "C:\\Windows\\System32\\SecurityHealthSystray.exe",
        0.1,
    ),
    (
        "StartMenuExperienceHost",
        1,
        1,
        61_300,
        "C:\\Windows\\SystemApps\\StartMenuExperienceHost.exe",
        1.9,
    ),
    (
        "TextInputHost",
        1,
        1,
        43_700,
        "C:\\Windows\\SystemApps\\TextInputHost.exe",
        0.7,
    ),
    (
        "ApplicationFrameHost",
        1,
        1,
        24_100,
        "C:\\Windows\\system32\\ApplicationFrameHost.exe",
        0.5,
    ),
    (
        "SearchProtocolHost",
        1,
        0,
        10_200,
        "C:\\Windows\\system32\\SearchProtocolHost.exe",
        0.1,
    ),
    (
        "SearchFilterHost",
        1,
        0,
        6_800,
        "C:\\Windows\\system32\\SearchFilterHost.exe",
        0.0,
    ),
    (
        "smartscreen",
        1,
        1,
        21_900,
        "C:\\Windows\\System32\\smartscreen.exe",
        0.3,
    ),
    (
        "dasHost",
        1,
        0,
        9_500,
        "C:\\Windows\\system32\\dashost.exe",
        0.0,
    ),
    (
        "unsecapp",
        1,
        0,
        7_000,
        "C:\\Windows\\system32\\wbem\\unsecapp.exe",
        0.0,
    ),
    (
        "LockApp",
        1,
        1,
        39_800,
        "C:\\Windows\\SystemApps\\LockApp.exe",
        0.2,
    ),
    ("YourPhone", 1, 1, 36_400, "", 0.4),
    ("msedge", 6, 1, 52_000, "", 9.8),
    ("MicrosoftEdgeUpdate", 1, 0, 4_800, "", 0.1),
    ("Memory Compression", 1, 0, 142_600, "", 12.5),
];

/// The computer's standing processes (the session's own `$PID` is 4812 among them).
pub fn desktop() -> Vec<ProcessInfo> {
    let mut list = standing();
    let taken: Vec<i32> = list.iter().map(|p| p.id).collect();
    // Ids go up in fours from 7008, skipping none that the table above uses, and stay
    // below the job processes' (`runtime::job_pid`); sizes vary a little from one copy to
    // the next.
    let mut next_id = 7008;
    for &(name, count, si, ws_k, path, cpu) in MORE {
        for n in 0..count {
            while taken.contains(&next_id) {
                next_id += 4;
            }
            let id = next_id;
            next_id += 4 + 4 * (id % 3);
            let spread = i64::from((id * 37 + n * 11) % 41) - 20;
            let ws = ws_k + ws_k * spread / 100;
            list.push(ProcessInfo {
                id,
                name,
                handles: 120 + (id * 13 + n) % 700,
                npm: (8 + i64::from(id % 17)) * 1024,
                pm: ws * 1024 * 3 / 4,
                ws: ws * 1024,
                vm: (60 + i64::from(id % 90)) * 1024 * 1024,
                cpu: Some(cpu + f64::from((id + n) % 50) / 100.0),
                busy: 0.0,
                si,
                path,
                company: if path.starts_with("C:\\Windows") {
                    MS
                } else {
                    ""
                },
                started_ago: if si == 0 {
                    7290.0
                } else {
                    7000.0 - f64::from(n * 40)
                },
            });
        }
    }
    crate::engine::sort::by_key(&mut list, |p| p.id);
    list
}

/// The processes the DESKTOP table names.
fn standing() -> Vec<ProcessInfo> {
    DESKTOP
        .iter()
        .map(
            |&(name, id, handles, npm, pm, ws, vm, cpu, busy, si, path, started_ago)| ProcessInfo {
                id,
                name,
                handles,
                npm: npm * 1024,
                pm: pm * 1024,
                ws: ws * 1024,
                vm: vm * 1024 * 1024,
                cpu,
                busy,
                si,
                path: if path.is_empty() { "" } else { path },
                company: if path.starts_with(SYS32) || path.starts_with("C:\\Windows") {
                    MS
                } else {
                    ""
                },
                started_ago,
            },
        )
        .collect()
}

/// A server's processes (Server01 serves web sites, Server02 a database, Server03 files),
/// with the wsmprovhost.exe that hosts the remote session.
pub fn server(name: &str) -> Vec<ProcessInfo> {
    let keep = [
        "Idle", "System", "Registry", "smss", "csrss", "wininit", "services", "lsass", "winlogon",
        "svchost", "spoolsv", "MsMpEng",
    ];
    let mut list: Vec<ProcessInfo> = desktop()
        .into_iter()
        .filter(|p| keep.contains(&p.name) && !(p.name == "csrss" && p.si == 1))
        .map(|mut p| {
            p.si = 0;
            p
        })
        .collect();
    let role: &[(&'static str, i32, i64, f64)] = match name.to_ascii_lowercase().as_str() {
        "server01" => &[
            ("w3wp", 3310, 184_320, 0.02),
            ("inetinfo", 2980, 22_528, 0.001),
        ],
        "server02" => &[
            ("sqlservr", 2748, 1_258_496, 0.05),
            ("sqlwriter", 3104, 7_168, 0.0),
        ],
        "server03" => &[("dfsrs", 2204, 41_984, 0.004), ("dfssvc", 2212, 9_216, 0.0)],
        _ => &[],
    };
    for (pname, id, ws_k, busy) in role {
        list.push(ProcessInfo {
            id: *id,
            name: pname,
            handles: 600,
            npm: 40 * 1024,
            pm: ws_k * 1024 * 9 / 10,
            ws: ws_k * 1024,
            vm: 2_000 * 1024 * 1024,
            cpu: Some(350.0),
            busy: *busy,
            si: 0,
            path: "",
            company: "",
            started_ago: 86_400.0 * 12.0,
        });
    }
    list.push(ProcessInfo {
        id: 5520,
        name: "wsmprovhost",
        handles: 421,
        npm: 24 * 1024,
        pm: 50_100 * 1024,
        ws: 61_880 * 1024,
        vm: 590 * 1024 * 1024,
        cpu: Some(0.3),
        busy: 0.02,
        si: 0,
        path: "C:\\Windows\\system32\\wsmprovhost.exe",
        company: MS,
        started_ago: 1.0,
    });
    crate::engine::sort::by_key(&mut list, |p| p.id);
    list
}

/// In PowerShell 7 the console and every Start-Job job are pwsh.exe.
fn as_pwsh(mut p: ProcessInfo) -> ProcessInfo {
    p.name = "pwsh";
    p.path = "C:\\Program Files\\PowerShell\\7\\pwsh.exe";
    p
}

/// The powershell.exe that a running Start-Job lives in.
pub fn job_process(pid: i32, started_ago: f64) -> ProcessInfo {
    ProcessInfo {
        id: pid,
        name: "powershell",
        handles: 598,
        npm: 28 * 1024,
        pm: 57_812 * 1024,
        ws: 66_204 * 1024,
        vm: 603 * 1024 * 1024,
        cpu: Some(0.0),
        busy: 0.05,
        si: 1,
        path: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        company: MS,
        started_ago,
    }
}

/// `"{0:N2}" -f [float]($bytes / 1MB)`.
fn megabytes(bytes: i64) -> Value {
    let mb = (bytes as f64 / 1_048_576.0) as f32;
    Value::str(&format_number(f64::from(mb), false, "N2", DotNet::Framework).unwrap_or_default())
}

/// `1,234.56`-style CPU seconds, as the Get-Process view writes them.
fn cpu_text(cpu: Option<f64>) -> Value {
    match cpu.and_then(|c| format_number(c, false, "N", DotNet::Framework).ok()) {
        Some(t) => Value::str(&t),
        None => Value::str(""),
    }
}

/// A System.Diagnostics.Process object as of `elapsed` seconds into the session.
/// A Process object. `remote`: the computer Get-Process -ComputerName named; .NET reads a
/// remote process from performance counters, so its CPU, StartTime, Path and Company are
/// not there (5.1 shows an empty CPU(s) column).
pub fn to_value(
    p: &ProcessInfo,
    session_start: DateTime,
    elapsed: f64,
    remote: Option<&str>,
) -> Value {
    let local = remote.is_none();
    let cpu = p.cpu.filter(|_| local).map(|c| c + p.busy * elapsed);
    let start = session_start.plus(TimeSpan::from_ms(-p.started_ago * 1000.0));
    let kb = |b: i64| Value::Long(b / 1024);
    Value::Object(PSObject::new(
        &[
            "System.Diagnostics.Process",
            "System.ComponentModel.Component",
            "System.MarshalByRefObject",
            "System.Object",
        ],
        vec![
            ("Handles", Value::Int(p.handles)),
            ("NPM", Value::Long(p.npm)),
            ("PM", Value::Long(p.pm)),
            ("WS", Value::Long(p.ws)),
            ("VM", Value::Long(p.vm)),
            ("CPU", cpu.map_or(Value::Null, Value::Double)),
            ("Id", Value::Int(p.id)),
            ("SI", Value::Int(p.si)),
            // What the SI column shows: the Windows session the process runs in.
            ("SessionId", Value::Int(p.si)),
            ("ProcessName", Value::str(p.name)),
            ("Name", Value::str(p.name)),
            ("HandleCount", Value::Int(p.handles)),
            (
                "StartTime",
                if p.id <= 4 || !local {
                    Value::Null
                } else {
                    Value::DateTime(start)
                },
            ),
            (
                "Path",
                if p.path.is_empty() || !local {
                    Value::Null
                } else {
                    Value::str(p.path)
                },
            ),
            (
                "Company",
                if p.company.is_empty() || !local {
                    Value::Null
                } else {
                    Value::str(p.company)
                },
            ),
            ("MachineName", Value::str(remote.unwrap_or("."))),
            // Read live by the engine for a local process (`Interp::get_member`).
            ("HasExited", Value::Bool(false)),
            // The view's computed columns (hidden from Select-Object *).
            ("__NPMK", kb(p.npm)),
            ("__PMK", kb(p.pm)),
            ("__WSK", kb(p.ws)),
            ("__CPUs", cpu_text(cpu)),
            // PowerShell 7's view: megabytes and CPU seconds to two places, as [float].
            ("__PMM", megabytes(p.pm)),
            ("__WSM", megabytes(p.ws)),
            (
                "__CPU7",
                Value::str(
                    &format_number(
                        f64::from(cpu.unwrap_or(0.0) as f32),
                        false,
                        "N2",
                        DotNet::Framework,
                    )
                    .unwrap_or_default(),
                ),
            ),
            (
                "__ToString",
                Value::str(&format!("System.Diagnostics.Process ({})", p.name)),
            ),
        ],
    ))
}

/// A computer's processes now, by Id: a server's own, or the desktop's plus one
/// powershell.exe per Start-Job job that is still running; less those stopped.
pub fn running_on(rt: &Runtime, computer: &Computer) -> Vec<ProcessInfo> {
    let stopped = computer.stopped_processes.borrow();
    let all = if computer.is_local() {
        desktop()
    } else {
        server(&computer.name)
    };
    let seven = rt.profile.edition == crate::engine::runtime::Edition::Core7;
    let mut list: Vec<_> = all
        .into_iter()
        .filter(|p| !stopped.contains(&p.id))
        .map(|p| {
            if seven && p.name == "powershell" {
                as_pwsh(p)
            } else {
                p
            }
        })
        .collect();
    if !computer.is_local() {
        return list;
    }
    let start = rt.sched.clock.start_date();
    for job in rt.jobs.all() {
        let in_process = job.kind == crate::engine::job::JobKind::Child
            && job.location.as_ref() == "localhost"
            && matches!(
                job.state(),
                crate::engine::job::JobState::Running | crate::engine::job::JobState::Blocked
            );
        if let (true, Some(begin)) = (in_process, job.begin.get()) {
            let since = (begin.0 - start.0) as f64 / 10_000_000.0;
            let mut p = job_process(crate::engine::runtime::job_pid(job.id), -since);
            if seven && !job.windows_powershell.get() {
                p = as_pwsh(p);
            }
            // Its CPU time counts from its own start.
            p.cpu = Some(-(p.busy * since));
            list.push(p);
        }
    }
    crate::engine::sort::by_key(&mut list, |p| p.id);
    list
}

#[cfg(test)]
mod tests {
    /// A job's process never takes the id of one the desktop runs (Get-Process -Id of a
    /// stopped job's process would find that one instead).
    #[test]
    fn job_process_ids_are_past_the_desktop_s() {
        let highest = super::desktop().iter().map(|p| p.id).max().unwrap_or(0);
        assert!(highest < crate::engine::runtime::JOB_PIDS_FROM, "{highest}");
        assert_eq!(
            crate::engine::runtime::job_pid(1),
            crate::engine::runtime::JOB_PIDS_FROM + 4
        );
    }
}
