//! The classic event logs of the simulated computer (Get-EventLog): System, Application and
//! Windows PowerShell with thousands of entries made from the seed on demand, newest first.
//! Security exists but a user who is not elevated may not read it.

use crate::engine::time::{DateTime, TimeSpan};
use crate::engine::value::{PSObject, Value};

/// A log as `Get-EventLog -List` shows it.
pub struct LogInfo {
    pub name: &'static str,
    pub max_kb: i64,
    pub retain: i32,
    pub overflow: &'static str,
    pub entries: u32,
    /// Readable without elevation.
    pub readable: bool,
}

pub const LOGS: [LogInfo; 7] = [
    LogInfo {
        name: "Application",
        max_kb: 20_480,
        retain: 0,
        overflow: "OverwriteAsNeeded",
        entries: 1_936,
        readable: true,
    },
    LogInfo {
        name: "HardwareEvents",
        max_kb: 20_480,
        retain: 0,
        overflow: "OverwriteAsNeeded",
        entries: 0,
        readable: true,
    },
    LogInfo {
        name: "Internet Explorer",
        max_kb: 512,
        retain: 7,
        overflow: "OverwriteOlder",
        entries: 0,
        readable: true,
    },
    LogInfo {
        name: "Key Management Service",
        max_kb: 20_480,
        retain: 0,
        overflow: "OverwriteAsNeeded",
        entries: 0,
        readable: true,
    },
    LogInfo {
        name: "Security",
        max_kb: 20_480,
        retain: 0,
        overflow: "OverwriteAsNeeded",
        entries: 31_207,
        readable: false,
    },
    LogInfo {
        name: "System",
        max_kb: 20_480,
        retain: 0,
        overflow: "OverwriteAsNeeded",
        entries: 5_349,
        readable: true,
    },
    LogInfo {
        name: "Windows PowerShell",
        max_kb: 15_360,
        retain: 0,
        overflow: "OverwriteAsNeeded",
        entries: 185,
        readable: true,
    },
];

pub fn find(name: &str) -> Option<&'static LogInfo> {
    LOGS.iter()
        .find(|l| l.name.eq_ignore_ascii_case(name.trim()))
}

/// (source, instance id, entry type, message) patterns a log's entries are drawn from.
type Pattern = (&'static str, i64, &'static str, &'static str);

const SYSTEM: &[Pattern] = &[
    (
        "Service Control Manager",
        7036,
        "Information",
        "The Windows Update service entered the running state.",
    ),
    (
        "Service Control Manager",
        7036,
        "Information",
        "The Background Intelligent Transfer Service service entered the stopped state.",
    ),
    (
        "Service Control Manager",
        7040,
        "Information",
        "The start type of the Background Intelligent Transfer Service service was changed from auto start to demand start.",
    ),
    (
        "Microsoft-Windows-Kernel-General",
        1,
        "Information",
        "The system time has changed to 2026-11-04T09:12:44.500000000Z from 2026-11-04T09:12:44.498000000Z.",
    ),
    (
        "Microsoft-Windows-Kernel-Power",
        172,
        "Information",
        "Connectivity state in standby: Disconnected, Reason: NIC compliance",
    ),
    (
        "EventLog",
        2147489661,
        "Information",
        "The system uptime is 7305 seconds.",
    ),
    (
        "Microsoft-Windows-Time-Service",
        37,
        "Information",
        "The time provider NtpClient is currently receiving valid time data from time.windows.com,0x8.",
    ),
    (
        "DCOM",
        10016,
        "Warning",
        "The application-specific permission settings do not grant Local Activation permission for the COM Server application.",
    ),
    (
        "Microsoft-Windows-DNS-Client",
        1014,
        "Warning",
        "Name resolution for the name wpad timed out after none of the configured DNS servers responded.",
    ),
    (
        "Microsoft-Windows-Kernel-Boot",
        27,
        "Information",
        "The boot type was 0x2.",
    ),
    (
        "Service Control Manager",
        7031,
        "Error",
        "The Windows Search service terminated unexpectedly.  It has done this 1 time(s).",
    ),
    (
        "disk",
        153,
        "Warning",
        "The IO operation at logical block address 0x1d3c8 for Disk 0 (PDO name: \\Device\\00000030) was retried.",
    ),
    (
        "Microsoft-Windows-WindowsUpdateClient",
        19,
        "Information",
        "Installation Successful: Windows successfully installed the following update: Security Intelligence Update for Microsoft Defender Antivirus.",
    ),
];

const APPLICATION: &[Pattern] = &[
    (
        "Software Protection Platform Service",
        1073758208,
        "Information",
        "Successfully scheduled Software Protection service for re-start at 2026-11-06T09:00:00Z.",
    ),
    (
        "SecurityCenter",
        1073741839,
        "Information",
        "Updated Windows Defender status successfully to SECURITY_PRODUCT_STATE_ON.",
    ),
    (
        "ESENT",
        916,
        "Information",
        "svchost (4024,G,0) The beta feature EseDiskFlushConsistency is enabled in ESENT due to the beta site mode settings 0x800000.",
    ),
    (
        "Windows Error Reporting",
        1001,
        "Information",
        "Fault bucket , type 0 Event Name: StoreAgentScanForUpdatesFailure0 Response: Not available",
    ),
    (
        "Application Error",
        1000,
        "Error",
        "Faulting application name: SearchUI.exe, version: 10.0.19041.1, faulting module name: ntdll.dll",
    ),
    (
        "VSS",
        8224,
        "Information",
        "The VSS service is shutting down due to idle timeout.",
    ),
    (
        "Desktop Window Manager",
        1073750851,
        "Information",
        "The Desktop Window Manager has registered the session port.",
    ),
    (
        "Microsoft-Windows-Security-SPP",
        1073758224,
        "Information",
        "Successfully scheduled Software Protection service for re-start.",
    ),
    (
        "MsiInstaller",
        1040,
        "Information",
        "Beginning a Windows Installer transaction: C:\\Users\\User\\Downloads\\setup.msi.",
    ),
    (
        "Microsoft-Windows-RestartManager",
        10000,
        "Information",
        "Starting session 0 - 2026-11-04T08:02:11.442Z.",
    ),
];

const POWERSHELL: &[Pattern] = &[
    (
        "PowerShell",
        400,
        "Information",
        "Engine state is changed from None to Available.",
    ),
    (
        "PowerShell",
        403,
        "Information",
        "Engine state is changed from Available to Stopped.",
    ),
    (
        "PowerShell",
        600,
        "Information",
        "Provider \"Registry\" is Started.",
    ),
    (
        "PowerShell",
        600,
        "Information",
        "Provider \"FileSystem\" is Started.",
    ),
    (
        "PowerShell",
        600,
        "Information",
        "Provider \"Environment\" is Started.",
    ),
    (
        "PowerShell",
        800,
        "Information",
        "Pipeline execution details for command line: Get-ChildItem .",
    ),
];

fn patterns(log: &str) -> &'static [Pattern] {
    match log.to_ascii_lowercase().as_str() {
        "system" => SYSTEM,
        "application" => APPLICATION,
        "windows powershell" => POWERSHELL,
        _ => &[],
    }
}

/// One entry of a log, by its position from the newest (0).
pub struct Entry {
    pub index: u32,
    pub time: DateTime,
    pub entry_type: &'static str,
    pub source: &'static str,
    pub instance_id: i64,
    pub message: &'static str,
}

/// The seed a computer's logs are made from: each computer's differ, so its name goes in.
pub fn seed_for(session_seed: u64, machine: &str) -> u64 {
    machine.bytes().fold(session_seed, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Reads the `n`-th newest entry as a command does: each read costs a little simulated
/// time and is a point where other work (and Ctrl+C) gets its turn.
pub async fn read(
    cx: &mut crate::engine::interp::Interp,
    seed: u64,
    log: &LogInfo,
    n: u32,
    start: DateTime,
) -> crate::engine::error::EvalResult<Option<Entry>> {
    /// Reading one entry (ms, before the speed factor).
    const ENTRY_MS: f64 = 0.4;
    cx.tick().await?;
    cx.sleep_ms(cx.rt.latency_ms(ENTRY_MS)).await?;
    Ok(entry(seed, log, n, start))
}

/// The `n`-th newest entry of a log: entries are spaced out back from the session's start.
pub fn entry(seed: u64, log: &LogInfo, n: u32, start: DateTime) -> Option<Entry> {
    let pats = patterns(log.name);
    if n >= log.entries || pats.is_empty() {
        return None;
    }
    let mut x =
        seed ^ u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (log.name.len() as u64) << 40;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (source, instance_id, entry_type, message) =
        *pats.get((next() % pats.len() as u64) as usize)?;
    // About one entry every 11 minutes in System, fewer in the others.
    let spacing_s = 86_400.0 * 60.0 / f64::from(log.entries.max(1));
    let back_s = f64::from(n) * spacing_s + (next() % 97) as f64;
    Some(Entry {
        index: log.entries - n,
        time: start.plus(TimeSpan::from_ms(-(back_s + 30.0) * 1000.0)),
        entry_type,
        source,
        instance_id,
        message,
    })
}

/// An EventLogEntry object, with the view's Time column worked out.
pub fn entry_value(e: &Entry, computer: &str) -> Value {
    let props: Vec<(&str, Value)> = vec![
        ("EventID", Value::Int((e.instance_id & 0xFFFF) as i32)),
        ("MachineName", Value::str(computer)),
        ("Data", Value::array(Vec::new())),
        ("Index", Value::Int(e.index as i32)),
        ("Category", Value::str("(0)")),
        ("CategoryNumber", Value::Int(0)),
        ("EntryType", Value::str(e.entry_type)),
        ("Message", Value::str(e.message)),
        ("Source", Value::str(e.source)),
        ("ReplacementStrings", Value::array(Vec::new())),
        ("InstanceId", Value::Long(e.instance_id)),
        ("TimeGenerated", Value::DateTime(e.time)),
        ("TimeWritten", Value::DateTime(e.time)),
        ("UserName", Value::Null),
        ("Site", Value::Null),
        ("Container", Value::Null),
        ("__Time", Value::str(&e.time.format("MMM dd HH:mm"))),
        ("__ToString", Value::str("System.Diagnostics.EventLogEntry")),
    ];
    Value::Object(PSObject::new(
        &[
            "System.Diagnostics.EventLogEntry",
            "System.ComponentModel.Component",
            "System.MarshalByRefObject",
            "System.Object",
        ],
        props,
    ))
}

/// A log as `-List` writes it (System.Diagnostics.EventLog).
pub fn log_value(l: &LogInfo) -> Value {
    let n0 = |n: i64| {
        Value::str(
            &crate::engine::numfmt::format_number(
                n as f64,
                true,
                "N0",
                crate::engine::numfmt::DotNet::Framework,
            )
            .unwrap_or_default(),
        )
    };
    Value::Object(PSObject::new(
        &[
            "System.Diagnostics.EventLog",
            "System.ComponentModel.Component",
            "System.Object",
        ],
        vec![
            ("Log", Value::str(l.name)),
            ("LogDisplayName", Value::str(l.name)),
            ("MaximumKilobytes", Value::Long(l.max_kb)),
            ("MinimumRetentionDays", Value::Int(l.retain)),
            ("OverflowAction", Value::str(l.overflow)),
            ("Entries", Value::Long(i64::from(l.entries))),
            ("__MaxK", n0(l.max_kb)),
            ("__Entries", n0(i64::from(l.entries))),
            ("__ToString", Value::str(l.name)),
        ],
    ))
}

/// An entry's level as the event log service reports it (Get-WinEvent's Level and
/// LevelDisplayName): classic Error, Warning and Information entries are levels 2, 3, 4.
pub fn level(entry_type: &str) -> (i32, &'static str) {
    match entry_type {
        "Error" => (2, "Error"),
        "Warning" => (3, "Warning"),
        _ => (4, "Information"),
    }
}

/// The same entry as Get-WinEvent reads it: an EventLogRecord, Message first (an ETS
/// property) and then the record's own in reflection order.
pub fn record_value(e: &Entry, log: &LogInfo, computer: &str) -> Value {
    let (level, level_name) = level(e.entry_type);
    let props: Vec<(&str, Value)> = vec![
        ("Message", Value::str(e.message)),
        ("Id", Value::Int((e.instance_id & 0xFFFF) as i32)),
        ("Version", Value::Int(0)),
        (
            "Qualifiers",
            Value::Int(((e.instance_id >> 16) & 0xFFFF) as i32),
        ),
        ("Level", Value::Int(level)),
        ("Task", Value::Int(0)),
        ("Opcode", Value::Int(0)),
        // The "Classic" keyword every entry written through the classic API carries.
        ("Keywords", Value::Long(0x0080_0000_0000_0000)),
        ("RecordId", Value::Long(i64::from(e.index))),
        ("ProviderName", Value::str(e.source)),
        ("ProviderId", Value::Null),
        ("LogName", Value::str(log.name)),
        ("ProcessId", Value::Null),
        ("ThreadId", Value::Null),
        ("MachineName", Value::str(computer)),
        ("UserId", Value::Null),
        ("TimeCreated", Value::DateTime(e.time)),
        ("ActivityId", Value::Null),
        ("RelatedActivityId", Value::Null),
        ("ContainerLog", Value::str(log.name)),
        ("MatchedQueryIds", Value::array(Vec::new())),
        ("Bookmark", Value::Null),
        ("LevelDisplayName", Value::str(level_name)),
        ("OpcodeDisplayName", Value::str("Info")),
        ("TaskDisplayName", Value::Null),
        (
            "KeywordsDisplayNames",
            Value::array(vec![Value::str("Classic")]),
        ),
        ("Properties", Value::array(Vec::new())),
        (
            "__ToString",
            Value::str("System.Diagnostics.Eventing.Reader.EventLogRecord"),
        ),
    ];
    Value::Object(PSObject::new(
        &[
            "System.Diagnostics.Eventing.Reader.EventLogRecord",
            "System.Diagnostics.Eventing.Reader.EventRecord",
            "System.Object",
        ],
        props,
    ))
}

/// A log as `Get-WinEvent -ListLog` writes it (EventLogConfiguration).
pub fn config_value(l: &LogInfo) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Diagnostics.Eventing.Reader.EventLogConfiguration",
            "System.Object",
        ],
        vec![
            ("FileSize", Value::Null),
            ("IsLogFull", Value::Bool(false)),
            ("LastAccessTime", Value::Null),
            ("LastWriteTime", Value::Null),
            ("OldestRecordNumber", Value::Long(1)),
            ("RecordCount", Value::Long(i64::from(l.entries))),
            ("LogName", Value::str(l.name)),
            ("LogType", Value::str("Administrative")),
            ("LogIsolation", Value::str("Application")),
            ("IsEnabled", Value::Bool(true)),
            ("IsClassicLog", Value::Bool(true)),
            ("LogMode", Value::str("Circular")),
            ("MaximumSizeInBytes", Value::Long(l.max_kb * 1024)),
            ("__ToString", Value::str(l.name)),
        ],
    ))
}
