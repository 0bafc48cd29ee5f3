//! The services of the simulated computer (Get-Service): a Windows 10 desktop's usual set.

use crate::engine::value::{PSObject, Value};

/// (name, display name, running, start type)
pub const SERVICES: &[Service] = &[
    ("AppIDSvc", "Application Identity", false, "Manual"),
    ("Appinfo", "Application Information", true, "Manual"),
    (
        "AudioEndpointBuilder",
        "Windows Audio Endpoint Builder",
        true,
        "Automatic",
    ),
    ("Audiosrv", "Windows Audio", true, "Automatic"),
    ("BFE", "Base Filtering Engine", true, "Automatic"),
    (
        "BITS",
        "Background Intelligent Transfer Service",
        false,
        "Manual",
    ),
    (
        "BrokerInfrastructure",
        "Background Tasks Infrastructure Service",
        true,
        "Automatic",
    ),
    ("CryptSvc", "Cryptographic Services", true, "Automatic"),
    (
        "DcomLaunch",
        "DCOM Server Process Launcher",
        true,
        "Automatic",
    ),
    ("Dhcp", "DHCP Client", true, "Automatic"),
    ("Dnscache", "DNS Client", true, "Automatic"),
    ("EventLog", "Windows Event Log", true, "Automatic"),
    ("EventSystem", "COM+ Event System", true, "Automatic"),
    ("FontCache", "Windows Font Cache Service", true, "Automatic"),
    ("gpsvc", "Group Policy Client", true, "Automatic"),
    ("iphlpsvc", "IP Helper", true, "Automatic"),
    ("SrmSvc", "File Server Resource Manager", true, "Automatic"),
    ("LanmanWorkstation", "Workstation", true, "Automatic"),
    ("lmhosts", "TCP/IP NetBIOS Helper", true, "Manual"),
    ("MpsSvc", "Windows Defender Firewall", true, "Automatic"),
    ("msiserver", "Windows Installer", false, "Manual"),
    ("Netlogon", "Netlogon", false, "Manual"),
    ("Netman", "Network Connections", false, "Manual"),
    ("NlaSvc", "Network Location Awareness", true, "Automatic"),
    ("nsi", "Network Store Interface Service", true, "Automatic"),
    ("PlugPlay", "Plug and Play", true, "Manual"),
    ("Power", "Power", true, "Automatic"),
    ("ProfSvc", "User Profile Service", true, "Automatic"),
    ("RemoteRegistry", "Remote Registry", false, "Disabled"),
    ("RpcEptMapper", "RPC Endpoint Mapper", true, "Automatic"),
    ("RpcSs", "Remote Procedure Call (RPC)", true, "Automatic"),
    ("SamSs", "Security Accounts Manager", true, "Automatic"),
    ("Schedule", "Task Scheduler", true, "Automatic"),
    (
        "SENS",
        "System Event Notification Service",
        true,
        "Automatic",
    ),
    (
        "ShellHWDetection",
        "Shell Hardware Detection",
        true,
        "Automatic",
    ),
    ("Spooler", "Print Spooler", true, "Automatic"),
    ("SysMain", "SysMain", true, "Automatic"),
    ("Themes", "Themes", true, "Automatic"),
    (
        "TrustedInstaller",
        "Windows Modules Installer",
        false,
        "Manual",
    ),
    ("UsoSvc", "Update Orchestrator Service", true, "Automatic"),
    ("W32Time", "Windows Time", false, "Manual"),
    (
        "WinDefend",
        "Microsoft Defender Antivirus Service",
        true,
        "Automatic",
    ),
    (
        "WinHttpAutoProxySvc",
        "WinHTTP Web Proxy Auto-Discovery Service",
        true,
        "Manual",
    ),
    (
        "Winmgmt",
        "Windows Management Instrumentation",
        true,
        "Automatic",
    ),
    (
        "WinRM",
        "Windows Remote Management (WS-Management)",
        false,
        "Manual",
    ),
    ("WSearch", "Windows Search", true, "Automatic"),
    ("wuauserv", "Windows Update", false, "Manual"),
];

/// A service as the tables above list it: (name, display name, running, start type).
pub type Service = (&'static str, &'static str, bool, &'static str);

/// The services a desktop runs that a server does not.
const DESKTOP_ONLY: &[&str] = &[
    "AudioEndpointBuilder",
    "Audiosrv",
    "ShellHWDetection",
    "SysMain",
    "Themes",
    "WSearch",
];

/// Each server's role services, by computer name.
fn role_services(computer: &str) -> &'static [Service] {
    match computer.to_ascii_lowercase().as_str() {
        "server01" => &[
            (
                "W3SVC",
                "World Wide Web Publishing Service",
                true,
                "Automatic",
            ),
            ("WAS", "Windows Process Activation Service", true, "Manual"),
        ],
        "server02" => &[
            ("MSSQLSERVER", "SQL Server (MSSQLSERVER)", true, "Automatic"),
            (
                "SQLSERVERAGENT",
                "SQL Server Agent (MSSQLSERVER)",
                false,
                "Manual",
            ),
            ("SQLWriter", "SQL Server VSS Writer", true, "Automatic"),
        ],
        "server03" => &[
            ("DFSR", "DFS Replication", true, "Automatic"),
            ("Dfs", "DFS Namespace", true, "Automatic"),
            ("SrmSvc", "File Server Resource Manager", true, "Automatic"),
        ],
        _ => &[],
    }
}

/// The services of a computer: this desktop's (None), or a server's: the common ones
/// without the desktop's, WinRM running (it is how Invoke-Command reached it), and its role's.
pub fn services_of(computer: Option<&str>) -> Vec<Service> {
    let Some(name) = computer else {
        return SERVICES.to_vec();
    };
    let mut list: Vec<Service> = SERVICES
        .iter()
        .filter(|s| !DESKTOP_ONLY.contains(&s.0))
        .map(|s| match s.0 {
            "WinRM" => (s.0, s.1, true, "Automatic"),
            _ => *s,
        })
        .collect();
    list.extend_from_slice(role_services(name));
    list
}

/// A ServiceController object.
/// A ServiceController; `machine` is MachineName: `.` for this computer unless named.
pub fn service_value(s: &Service, machine: &str) -> Value {
    let &(name, display, running, start) = s;
    let status = if running { "Running" } else { "Stopped" };
    Value::Object(PSObject::new(
        &[
            "System.ServiceProcess.ServiceController",
            "System.ComponentModel.Component",
            "System.Object",
        ],
        vec![
            ("Name", Value::str(name)),
            ("DisplayName", Value::str(display)),
            // ServiceControllerStatus: Stopped is 1 and Running 4, so Stopped sorts first.
            (
                "Status",
                Value::Enum(crate::engine::value::EnumValue {
                    type_name: "System.ServiceProcess.ServiceControllerStatus",
                    name: status,
                    value: if running { 4 } else { 1 },
                }),
            ),
            ("StartType", Value::str(start)),
            ("ServiceName", Value::str(name)),
            ("CanStop", Value::Bool(running)),
            ("MachineName", Value::str(machine)),
            ("__ToString", Value::str(name)),
        ],
    ))
}
