//! Which view an object gets: a table with fixed or computed columns, a list, or plain text.
//! Views with fixed columns are registered by type name, as PowerShell's format.ps1xml does.

use crate::engine::convert::to_str;
use crate::engine::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

#[derive(Clone, Debug)]
pub struct Column {
    pub label: String,
    pub property: String,
    /// None: sized from the data.
    pub width: Option<usize>,
    pub align: Option<Align>,
    /// The cell may hold several lines, each shown on a line of its own (the registry
    /// view's Property column); otherwise only the first line shows.
    pub lines: bool,
}

#[derive(Clone, Debug)]
pub enum Shape {
    /// Printed as text, one line per line.
    Text(String),
    Table {
        key: String,
        columns: Vec<Column>,
        group: Option<String>,
    },
    List {
        properties: Vec<(String, String)>,
    },
    Error,
    /// Get-Error's view of a record or exception (`extended_error`).
    ExtendedError,
    Nothing,
}

fn col(label: &str, width: Option<usize>, align: Option<Align>) -> Column {
    Column {
        label: label.into(),
        property: label.into(),
        width,
        align,
        lines: false,
    }
}

/// A right-aligned column whose label is not the property it shows.
fn right(label: &str, property: &str, width: usize) -> Column {
    Column {
        label: label.into(),
        property: property.into(),
        width: Some(width),
        align: Some(Align::Right),
        lines: false,
    }
}

/// The column PowerShell 7's file table shows as Mode (read by `format::prop`).
pub const MODE_7: &str = "__ModeWithoutHardLink";

/// PowerShell 7's own view where it differs from 5.1's: the Process table in megabytes
/// (DotNetTypes_format_ps1xml.cs at HEAD: NPM(K) PM(M) WS(M) CPU(s) Id SI ProcessName,
/// no Handles).
pub fn for_edition(shape: Shape, edition51: bool) -> Shape {
    match shape {
        // FileSystem_format_ps1xml.cs at HEAD, the "children" view: ModeWithoutHardLink,
        // and LastWriteTime 26 wide.
        Shape::Table {
            key,
            mut columns,
            group,
        } if !edition51 && key == "FileSystemTypes" => {
            for c in &mut columns {
                match c.label.as_str() {
                    "Mode" => c.property = MODE_7.into(),
                    "LastWriteTime" => c.width = Some(26),
                    _ => {}
                }
            }
            Shape::Table {
                key,
                columns,
                group,
            }
        }
        Shape::Table { key, group, .. }
            if !edition51 && key.trim_end_matches("#remote") == "System.Diagnostics.Process" =>
        {
            let mut columns = vec![
                right("NPM(K)", "__NPMK", 7),
                right("PM(M)", "__PMM", 8),
                right("WS(M)", "__WSM", 10),
                right("CPU(s)", "__CPU7", 10),
                right("Id", "Id", 7),
                right("SI", "SI", 3),
                col("ProcessName", None, Some(Align::Left)),
            ];
            if key.ends_with("#remote") {
                columns.push(col("PSComputerName", None, Some(Align::Left)));
            }
            Shape::Table {
                key,
                columns,
                group,
            }
        }
        other => other,
    }
}

/// The view registered for a type name, if any. A registered view's columns are left-aligned
/// unless the view says otherwise (numbers too: `@{a=1}` shows `a    1`); only the tables
/// PowerShell builds from bare properties right-align numbers.
fn registered(type_name: &str) -> Option<Vec<Column>> {
    let mut columns = registered_columns(type_name)?;
    for c in &mut columns {
        c.align.get_or_insert(Align::Left);
    }
    Some(columns)
}

fn registered_columns(type_name: &str) -> Option<Vec<Column>> {
    Some(match type_name {
        "System.Collections.DictionaryEntry" => {
            vec![col("Name", Some(30), None), col("Value", None, None)]
        }
        "Microsoft.PowerShell.Commands.GroupInfo" => {
            vec![
                col("Count", Some(5), Some(Align::Right)),
                col("Name", Some(25), None),
                col("Group", None, None),
            ]
        }
        "Microsoft.PowerShell.Commands.GroupInfoNoElement" => {
            vec![
                col("Count", Some(5), Some(Align::Right)),
                col("Name", Some(25), None),
            ]
        }
        "System.Management.Automation.PathInfo" => vec![col("Path", None, None)],
        "System.RuntimeType" => vec![
            col("IsPublic", Some(8), None),
            col("IsSerial", Some(8), None),
            col("Name", Some(40), None),
            col("BaseType", None, None),
        ],
        "Microsoft.PowerShell.Commands.MemberDefinition" => {
            vec![
                col("Name", None, None),
                col("MemberType", None, None),
                col("Definition", None, None),
            ]
        }
        "System.Management.Automation.AliasInfo" => vec![
            col("CommandType", Some(15), None),
            col("Name", Some(50), None),
            col("Version", Some(10), None),
            col("Source", None, None),
        ],
        "System.Management.Automation.CmdletInfo" | "System.Management.Automation.FunctionInfo" => {
            vec![
                col("CommandType", Some(15), None),
                col("Name", Some(50), None),
                col("Version", Some(10), None),
                col("Source", None, None),
            ]
        }
        // FileSystem_format_ps1xml.cs, 5.1: grouped by folder (see `view_key`).
        "System.IO.DirectoryInfo" | "System.IO.FileInfo" => vec![
            Column {
                label: "Mode".into(),
                property: "Mode".into(),
                width: Some(7),
                align: Some(Align::Left),
                lines: false,
            },
            right("LastWriteTime", "__LWT", 25),
            right("Length", "__Len", 14),
            col("Name", None, None),
        ],
        // DotNetTypes_format_ps1xml.cs: services.
        "System.ServiceProcess.ServiceController" => vec![
            col("Status", Some(8), None),
            col("Name", Some(18), None),
            col("DisplayName", Some(38), None),
        ],
        // DotNetTypes_format_ps1xml.cs (5.1): event log entries and the -List logs.
        "System.Diagnostics.EventLogEntry" => vec![
            right("Index", "Index", 8),
            Column {
                label: "Time".into(),
                property: "__Time".into(),
                width: Some(13),
                align: Some(Align::Left),
                lines: false,
            },
            col("EntryType", Some(11), None),
            col("Source", Some(20), None),
            right("InstanceID", "InstanceId", 12),
            col("Message", None, None),
        ],
        // Event.format.ps1xml (Microsoft.PowerShell.Diagnostics): Get-WinEvent's records,
        // grouped by provider, and -ListLog's logs.
        "System.Diagnostics.Eventing.Reader.EventLogRecord" => vec![
            col("TimeCreated", Some(25), None),
            right("Id", "Id", 8),
            col("LevelDisplayName", Some(16), None),
            col("Message", None, None),
        ],
        "System.Diagnostics.Eventing.Reader.EventLogConfiguration" => vec![
            col("LogMode", Some(9), None),
            right("MaximumSizeInBytes", "MaximumSizeInBytes", 18),
            right("RecordCount", "RecordCount", 11),
            col("LogName", None, None),
        ],
        "System.Diagnostics.EventLog" => vec![
            right("Max(K)", "__MaxK", 8),
            right("Retain", "MinimumRetentionDays", 6),
            col("OverflowAction", Some(18), None),
            right("Entries", "__Entries", 10),
            col("Log", None, None),
        ],
        // DotNetTypes_format_ps1xml.cs, the 5.1 Process view (VM(M) dropped, CPU(s) 10 wide).
        "System.Diagnostics.Process" => vec![
            right("Handles", "Handles", 7),
            right("NPM(K)", "__NPMK", 7),
            right("PM(K)", "__PMK", 8),
            right("WS(K)", "__WSK", 10),
            right("CPU(s)", "__CPUs", 10),
            right("Id", "Id", 6),
            right("SI", "SI", 3),
            col("ProcessName", None, None),
        ],
        // DotNetTypes_format_ps1xml.cs.
        "System.Version" => vec![
            col("Major", Some(6), None),
            col("Minor", Some(6), None),
            col("Build", Some(6), None),
            col("Revision", Some(8), None),
        ],
        // PowerShellCore_format_ps1xml.cs, the "drive" table view.
        "System.Management.Automation.PSDriveInfo" => vec![
            col("Name", Some(10), None),
            right("Used (GB)", "__Used", 13),
            right("Free (GB)", "__Free", 13),
            Column {
                label: "Provider".into(),
                property: "__Provider".into(),
                width: Some(13),
                align: None,
                lines: false,
            },
            col("Root", Some(35), None),
            Column {
                label: "CurrentLocation".into(),
                property: "CurrentLocation".into(),
                width: None,
                align: Some(Align::Right),
                lines: false,
            },
        ],
        // Registry_format_ps1xml.cs: keys, grouped by their parent (see `shape_of`).
        "Microsoft.Win32.RegistryKey" => vec![
            Column {
                label: "Name".into(),
                property: "__Name".into(),
                width: Some(30),
                align: Some(Align::Left),
                lines: false,
            },
            Column {
                label: "Property".into(),
                property: "__Property".into(),
                width: None,
                align: Some(Align::Left),
                lines: true,
            },
        ],
        // PowerShellCore_format_ps1xml.cs, ViewsOf_System_Management_Automation_Job.
        "System.Management.Automation.Job" => vec![
            col("Id", Some(6), None),
            col("Name", Some(15), None),
            col("PSJobTypeName", Some(15), None),
            col("State", Some(13), None),
            col("HasMoreData", Some(15), None),
            col("Location", Some(20), None),
            col("Command", Some(25), None),
        ],
        // PowerShellCore_format_ps1xml.cs, as 5.1 has it (7 adds a Transport column).
        "System.Management.Automation.Runspaces.PSSession" => vec![
            col("Id", Some(3), Some(Align::Right)),
            col("Name", Some(15), None),
            col("ComputerName", Some(15), None),
            col("ComputerType", Some(15), None),
            col("State", Some(13), None),
            col("ConfigurationName", Some(20), None),
            col("Availability", Some(13), Some(Align::Right)),
        ],
        "System.Management.Automation.PSVariable" => {
            vec![col("Name", Some(30), None), col("Value", None, None)]
        }
        _ => return None,
    })
}

/// Properties visible to formatting (internal `__` ones hidden).
/// The heading word of a provider's item groups: `Directory` for files and folders, `Hive`
/// for registry keys (None for other group-by properties).
pub fn provider_group_label(group_property: &str) -> Option<&'static str> {
    match group_property {
        "__Directory" => Some("Directory"),
        "__Hive" => Some("Hive"),
        _ => None,
    }
}

/// A list view registered beside a type's default table: the properties Format-List
/// shows when none are named, and the property its entries are grouped by.
pub struct ListView {
    pub properties: &'static [&'static str],
    pub group: Option<&'static str>,
}

/// The registered list view of an object's type, if it has one.
pub fn registered_list(v: &Value) -> Option<ListView> {
    let Value::Object(o) = v else {
        return None;
    };
    o.type_names.iter().find_map(|t| {
        let (properties, group): (&'static [&'static str], _) =
            match t.strip_prefix("Deserialized.").unwrap_or(t) {
                // DotNetTypes_format_ps1xml.cs, the "process" list view.
                "System.Diagnostics.Process" => (&["Id", "Handles", "CPU", "SI", "Name"], None),
                // PowerShellCore_format_ps1xml.cs, the PSDriveInfo list view.
                "System.Management.Automation.PSDriveInfo" => (
                    &["Name", "Description", "Provider", "Root", "CurrentLocation"],
                    None,
                ),
                // FileSystem_format_ps1xml.cs (5.1): files and folders, under their folder.
                "System.IO.FileInfo" => (
                    &[
                        "Name",
                        "Length",
                        "CreationTime",
                        "LastWriteTime",
                        "LastAccessTime",
                        "Mode",
                        "LinkType",
                        "Target",
                        "VersionInfo",
                    ],
                    Some("__Directory"),
                ),
                "System.IO.DirectoryInfo" => (
                    &[
                        "Name",
                        "CreationTime",
                        "LastWriteTime",
                        "LastAccessTime",
                        "Mode",
                        "LinkType",
                        "Target",
                    ],
                    Some("__Directory"),
                ),
                _ => return None,
            };
        Some(ListView { properties, group })
    })
}

pub fn visible_props(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o
            .props
            .borrow()
            .iter()
            // PSShowComputerName, on objects from jobs, is a hidden member.
            .filter(|p| {
                !p.name.starts_with("__") && !p.name.eq_ignore_ascii_case("PSShowComputerName")
            })
            .map(|p| p.name.to_string())
            .collect(),
        other => crate::engine::interp::property_names(other),
    }
}

/// The shape an object is formatted in by default.
pub fn shape_of(v: &Value) -> Shape {
    let v = v.base();
    if super::extended_error::is_marked(v) {
        return Shape::ExtendedError;
    }
    match v {
        Value::Null | Value::Nothing => Shape::Nothing,
        Value::Str(s) => Shape::Text(s.to_string()),
        Value::Error(_) => Shape::Error,
        Value::DateTime(d) => Shape::Text(d.to_display()),
        Value::Bool(_)
        | Value::Int(_)
        | Value::Long(_)
        | Value::Double(_)
        | Value::Decimal(_)
        | Value::Char(_)
        | Value::Enum(_) => Shape::Text(to_str(v)),
        Value::ScriptBlock(sb) => Shape::Text(sb.text()),
        Value::Noted(n) => shape_of(&n.base),
        Value::TimeSpan(_) => Shape::List {
            properties: [
                "Days",
                "Hours",
                "Minutes",
                "Seconds",
                "Milliseconds",
                "Ticks",
                "TotalDays",
                "TotalHours",
                "TotalMinutes",
                "TotalSeconds",
                "TotalMilliseconds",
            ]
            .iter()
            .map(|p| (p.to_string(), p.to_string()))
            .collect(),
        },
        Value::Job(_) => Shape::Table {
            key: "System.Management.Automation.Job".into(),
            columns: registered("System.Management.Automation.Job").unwrap_or_default(),
            group: None,
        },
        Value::Live(l) => {
            let key = l.type_names().first().copied().unwrap_or_default();
            match registered(key) {
                Some(columns) => Shape::Table {
                    key: key.into(),
                    columns,
                    group: None,
                },
                None => Shape::List {
                    properties: crate::engine::live::property_names(l.as_ref())
                        .map(|p| (p.to_string(), p.to_string()))
                        .collect(),
                },
            }
        }
        Value::Type(_) => Shape::Table {
            key: "System.RuntimeType".into(),
            columns: registered("System.RuntimeType").unwrap_or_default(),
            group: None,
        },
        Value::Hashtable(_) => Shape::Table {
            key: "System.Collections.DictionaryEntry".into(),
            columns: registered("System.Collections.DictionaryEntry").unwrap_or_default(),
            group: None,
        },
        Value::Array(_) => Shape::Nothing,
        Value::Object(o) => {
            if let Some(Value::Str(ref text)) = o.get("__Formatted") {
                return Shape::Text(text.to_string());
            }
            // The first of its type names with a view: a deserialized PSRemotingJob shows
            // as a Job.
            let names = || {
                o.type_names
                    .iter()
                    .map(|t| t.trim_start_matches("Deserialized."))
            };
            let view = names().find_map(|t| registered(t).map(|columns| (t, columns)));
            let tn = view
                .as_ref()
                .map_or_else(|| names().next().unwrap_or_default(), |(t, _)| *t)
                .to_string();
            // PowerShellCore_format_ps1xml.cs: a WarningRecord's view is its Message alone
            // (HelpV3_format_ps1xml.cs: so are a VerboseRecord's and a DebugRecord's), an
            // InformationRecord's its ToString(), an exception's (any type derived from
            // System.Exception, such as a job's JobStateInfo.Reason) its Message.
            if matches!(
                tn.as_str(),
                "System.Management.Automation.WarningRecord"
                    | "System.Management.Automation.VerboseRecord"
                    | "System.Management.Automation.DebugRecord"
                    | "System.Management.Automation.InformationRecord"
            ) {
                return Shape::Text(to_str(v));
            }
            if o.type_names.iter().any(|t| &**t == "System.Exception") {
                return Shape::Text(o.get("Message").map(|m| to_str(&m)).unwrap_or_default());
            }
            if let Some((_, mut columns)) = view {
                // Objects that came back from Invoke-Command say which computer sent them:
                // the view gains a PSComputerName column.
                let from_remote = matches!(o.get("PSShowComputerName"), Some(Value::Bool(true)));
                if from_remote {
                    columns.push(col("PSComputerName", None, Some(Align::Left)));
                }
                let tn = if from_remote {
                    format!("{tn}#remote")
                } else {
                    tn
                };
                let group = match tn.trim_end_matches("#remote") {
                    "Microsoft.PowerShell.Commands.MemberDefinition" => {
                        Some("TypeName".to_string())
                    }
                    "System.IO.DirectoryInfo" | "System.IO.FileInfo" => {
                        Some("__Directory".to_string())
                    }
                    "Microsoft.Win32.RegistryKey" => Some("__Hive".to_string()),
                    "System.Diagnostics.Eventing.Reader.EventLogRecord" => {
                        Some("ProviderName".to_string())
                    }
                    _ => None,
                };
                // Files and folders share one table.
                let tn = if tn.starts_with("System.IO.") {
                    "FileSystemTypes".to_string()
                } else {
                    tn
                };
                return Shape::Table {
                    key: tn,
                    columns,
                    group,
                };
            }
            let props = visible_props(v);
            if props.is_empty() {
                return Shape::Text(to_str(v));
            }
            if props.len() <= 4 {
                let key = format!("{tn}|{}", props.join(","));
                let columns = props.iter().map(|p| col(p, None, None)).collect();
                Shape::Table {
                    key,
                    columns,
                    group: None,
                }
            } else {
                Shape::List {
                    properties: props.iter().map(|p| (p.clone(), p.clone())).collect(),
                }
            }
        }
    }
}
