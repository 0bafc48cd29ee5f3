//! The cmdlets. Each family is one file; each cmdlet is a unit struct implementing [`Cmdlet`]
//! whose parameter list is data (binding, Get-Help and Get-Command read the same list), and
//! [`registry`] lists them all once.

mod compare_object;
mod content;
mod copy_item;
mod foreach_parallel;
mod format_wide;
mod get_child_item;
mod get_error;
mod get_event_log;
mod get_item;
mod get_item_property;
mod get_process;
mod get_ps_drive;
mod get_service;
mod get_win_event;
mod help;
mod invoke_expression;
pub mod jobs;
mod join_path;
mod move_item;
mod new_item;
mod new_ps_drive;
mod objects;
mod output;
mod pop_location;
mod push_location;
mod read_host;
pub mod remoting;
mod remove_item;
mod remove_item_property;
mod remove_ps_drive;
mod rename_item;
mod resolve_path;
mod set_item_property;
mod stop_process;
mod test_path;
mod utility;
mod variables;
mod write;

pub use crate::engine::interp::property_names;
pub use output::HostSink;

pub use crate::engine::command::{Cmdlet, ParamSpec, Registry, cmdlet_type_name};
use crate::engine::error::{ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, BoxFut, CommandProcessor, Emit, Interp, emit_all};
use crate::engine::value::Value;

/// A cmdlet whose work is synchronous: it appends its output to a list, which is then written
/// down the pipeline.
pub trait SyncProcessor {
    fn process(
        &mut self,
        cx: &mut Interp,
        input: Option<Value>,
        out: &mut Vec<Value>,
    ) -> EvalResult<()>;
    fn end(&mut self, _cx: &mut Interp, _out: &mut Vec<Value>) -> EvalResult<()> {
        Ok(())
    }
}

/// Boxed, so that every cmdlet shares one copy of the async glue below instead of one each
/// (in wasm that was 28 KB).
pub struct Sync(Box<dyn SyncProcessor>);

impl CommandProcessor for Sync {
    fn process<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        input: Option<Value>,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut items = Vec::new();
            let r = self.0.process(cx, input, &mut items);
            emit_all(cx, out, items).await?;
            r
        })
    }
    fn end<'a>(
        &'a mut self,
        cx: &'a mut Interp,
        out: &'a mut dyn Emit,
    ) -> BoxFut<'a, EvalResult<()>> {
        Box::pin(async move {
            let mut items = Vec::new();
            let r = self.0.end(cx, &mut items);
            emit_all(cx, out, items).await?;
            r
        })
    }
}

pub fn sync<T: SyncProcessor + 'static>(p: T) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
    Ok(Box::new(Sync(Box::new(p))))
}

/// Every cmdlet, once. A new cmdlet is a file in this folder and one line here.
pub fn registry() -> Registry {
    let cmdlets: Vec<Box<dyn Cmdlet>> = vec![
        Box::new(write::WriteOutput),
        Box::new(write::WriteHost),
        Box::new(write::WriteError),
        Box::new(write::WriteWarning),
        Box::new(write::WriteVerbose),
        Box::new(write::WriteDebug),
        Box::new(write::WriteInformation),
        Box::new(write::WriteProgress),
        Box::new(objects::WhereObject),
        Box::new(objects::ForEachObject),
        Box::new(objects::SelectObject),
        Box::new(objects::SortObject),
        Box::new(objects::GroupObject),
        Box::new(objects::MeasureObject),
        Box::new(objects::GetMember),
        Box::new(compare_object::CompareObject),
        Box::new(output::FormatTable),
        Box::new(output::FormatList),
        Box::new(format_wide::FormatWide),
        Box::new(output::OutString),
        Box::new(output::OutNull),
        Box::new(output::OutHost),
        Box::new(output::OutDefault),
        Box::new(output::OutFile),
        Box::new(content::GetContent),
        Box::new(content::SetContent),
        Box::new(content::AddContent),
        Box::new(utility::StartSleep),
        Box::new(utility::GetDate),
        Box::new(utility::GetRandom),
        Box::new(utility::MeasureCommand),
        Box::new(invoke_expression::InvokeExpression),
        Box::new(join_path::JoinPath),
        Box::new(utility::ClearHost),
        Box::new(utility::NewObject),
        Box::new(utility::GetLocation),
        Box::new(utility::SetLocation),
        Box::new(help::GetCommand),
        Box::new(help::GetHelp),
        Box::new(help::GetAlias),
        Box::new(variables::GetVariable),
        Box::new(variables::SetVariable),
        Box::new(variables::RemoveVariable),
        Box::new(variables::SetStrictMode),
        Box::new(jobs::start_job::StartJob),
        Box::new(jobs::get_job::GetJob),
        Box::new(jobs::receive_job::ReceiveJob),
        Box::new(jobs::wait_job::WaitJob),
        Box::new(jobs::stop_job::StopJob),
        Box::new(jobs::remove_job::RemoveJob),
        Box::new(jobs::start_thread_job::StartThreadJob),
        Box::new(jobs::invoke_command::InvokeCommand),
        Box::new(jobs::suspend_job::SuspendJob),
        Box::new(jobs::resume_job::ResumeJob),
        Box::new(jobs::debug_job::DebugJob),
        Box::new(remoting::new_pssession::NewPSSession),
        Box::new(remoting::get_pssession::GetPSSession),
        Box::new(remoting::remove_pssession::RemovePSSession),
        Box::new(remoting::enter_pssession::EnterPSSession),
        Box::new(remoting::exit_pssession::ExitPSSession),
        Box::new(remoting::disconnect_pssession::DisconnectPSSession),
        Box::new(remoting::connect_pssession::ConnectPSSession),
        Box::new(remoting::receive_pssession::ReceivePSSession),
        Box::new(read_host::ReadHost),
        Box::new(get_process::GetProcess),
        Box::new(get_child_item::GetChildItem),
        Box::new(get_item::GetItem),
        Box::new(get_event_log::GetEventLog),
        Box::new(get_win_event::GetWinEvent),
        Box::new(get_service::GetService),
        Box::new(new_item::NewItem),
        Box::new(test_path::TestPath),
        Box::new(remove_item::RemoveItem),
        Box::new(copy_item::CopyItem),
        Box::new(move_item::MoveItem),
        Box::new(rename_item::RenameItem),
        Box::new(push_location::PushLocation),
        Box::new(pop_location::PopLocation),
        Box::new(resolve_path::ResolvePath),
        Box::new(stop_process::StopProcess),
        Box::new(get_item_property::GetItemProperty),
        Box::new(get_ps_drive::GetPSDrive),
        Box::new(new_ps_drive::NewPSDrive),
        Box::new(remove_ps_drive::RemovePSDrive),
        Box::new(get_error::GetError),
        Box::new(remove_item_property::RemoveItemProperty),
        Box::new(set_item_property::SetItemProperty),
        Box::new(set_item_property::NewItemProperty),
    ];
    let aliases = vec![
        ("%", "ForEach-Object"),
        ("foreach", "ForEach-Object"),
        ("?", "Where-Object"),
        ("where", "Where-Object"),
        ("select", "Select-Object"),
        ("sort", "Sort-Object"),
        ("group", "Group-Object"),
        ("measure", "Measure-Object"),
        ("gm", "Get-Member"),
        ("ft", "Format-Table"),
        ("fl", "Format-List"),
        ("fw", "Format-Wide"),
        ("oh", "Out-Host"),
        ("echo", "Write-Output"),
        ("write", "Write-Output"),
        ("cls", "Clear-Host"),
        ("clear", "Clear-Host"),
        ("sleep", "Start-Sleep"),
        ("gc", "Get-Content"),
        ("cat", "Get-Content"),
        ("type", "Get-Content"),
        ("sc", "Set-Content"),
        ("ac", "Add-Content"),
        ("gcm", "Get-Command"),
        ("help", "Get-Help"),
        ("man", "Get-Help"),
        ("gal", "Get-Alias"),
        ("gv", "Get-Variable"),
        ("sv", "Set-Variable"),
        ("set", "Set-Variable"),
        ("rv", "Remove-Variable"),
        ("pwd", "Get-Location"),
        ("gl", "Get-Location"),
        ("cd", "Set-Location"),
        ("chdir", "Set-Location"),
        ("sl", "Set-Location"),
        ("sajb", "Start-Job"),
        ("gjb", "Get-Job"),
        ("rcjb", "Receive-Job"),
        ("wjb", "Wait-Job"),
        ("spjb", "Stop-Job"),
        ("rjb", "Remove-Job"),
        ("icm", "Invoke-Command"),
        ("iex", "Invoke-Expression"),
        ("compare", "Compare-Object"),
        ("diff", "Compare-Object"),
        ("nsn", "New-PSSession"),
        ("gsn", "Get-PSSession"),
        ("rsn", "Remove-PSSession"),
        ("etsn", "Enter-PSSession"),
        ("exsn", "Exit-PSSession"),
        ("dnsn", "Disconnect-PSSession"),
        ("cnsn", "Connect-PSSession"),
        ("rcsn", "Receive-PSSession"),
        ("gps", "Get-Process"),
        ("gp", "Get-ItemProperty"),
        ("gdr", "Get-PSDrive"),
        ("ndr", "New-PSDrive"),
        ("mount", "New-PSDrive"),
        ("rdr", "Remove-PSDrive"),
        ("sp", "Set-ItemProperty"),
        ("rp", "Remove-ItemProperty"),
        ("dir", "Get-ChildItem"),
        ("ls", "Get-ChildItem"),
        ("gci", "Get-ChildItem"),
        ("gi", "Get-Item"),
        ("gsv", "Get-Service"),
        ("ni", "New-Item"),
        ("del", "Remove-Item"),
        ("rm", "Remove-Item"),
        ("ri", "Remove-Item"),
        ("rd", "Remove-Item"),
        ("rmdir", "Remove-Item"),
        ("copy", "Copy-Item"),
        ("cp", "Copy-Item"),
        ("cpi", "Copy-Item"),
        ("move", "Move-Item"),
        ("mv", "Move-Item"),
        ("mi", "Move-Item"),
        ("ren", "Rename-Item"),
        ("rni", "Rename-Item"),
        ("pushd", "Push-Location"),
        ("popd", "Pop-Location"),
        ("rvpa", "Resolve-Path"),
        ("ps", "Get-Process"),
        ("kill", "Stop-Process"),
        ("spps", "Stop-Process"),
        ("sujb", "Suspend-Job"),
        ("rujb", "Resume-Job"),
    ];
    Registry::new(cmdlets, aliases)
}

/// The error a cmdlet gives for a bad argument value.
/// The paths a provider cmdlet works on: a piped item's own path (its PSPath, so files
/// and registry keys both work; or FullName; or the text piped), else -LiteralPath, else
/// -Path.
pub fn item_paths(a: &BoundArgs, input: Option<&Value>) -> Vec<String> {
    use crate::engine::convert::to_str;
    use crate::engine::interp::property;
    let Some(v) = input else {
        return a
            .strings("LiteralPath")
            .or_else(|| a.strings("Path"))
            .unwrap_or_default();
    };
    let path = match property(v, "PSPath").map(|p| to_str(&p)) {
        // `Microsoft.PowerShell.Core\FileSystem::C:\x` → `C:\x`;
        // `Microsoft.PowerShell.Core\Registry::HKEY_...` → `Registry::HKEY_...`.
        Some(ps) => match ps.strip_prefix("Microsoft.PowerShell.Core\\FileSystem::") {
            Some(file) => file.to_string(),
            None => ps
                .strip_prefix("Microsoft.PowerShell.Core\\")
                .unwrap_or(&ps)
                .to_string(),
        },
        None => property(v, "FullName").map_or_else(|| to_str(v), |p| to_str(&p)),
    };
    vec![path]
}

/// The provider cmdlets' parameter sets: paths with wildcards (-Path) or as written
/// (-LiteralPath), never both.
pub const PATH_SET: &str = "Path";
pub const LITERAL_PATH_SET: &str = "LiteralPath";
/// Their -Path (wildcards, by position or from the pipeline) and -LiteralPath (as written).
pub const PATH: ParamSpec = ParamSpec::new("Path", "System.String[]")
    .at(0)
    .pipeline()
    .in_sets(&[PATH_SET]);
pub const LITERAL_PATH: ParamSpec = ParamSpec::new("LiteralPath", "System.String[]")
    .alias(&["PSPath", "LP"])
    .mandatory()
    .in_sets(&[LITERAL_PATH_SET]);

pub fn invalid_argument(message: impl Into<String>, id: &str, target: Value) -> ErrorRecord {
    ErrorRecord::new(
        "System.Management.Automation.ParameterBindingException",
        message,
        id,
        crate::engine::error::Category::InvalidArgument,
    )
    .with_target(target)
}

#[cfg(test)]
mod tests {
    /// No cmdlet declares a parameter or an alias twice, or a position twice in one
    /// parameter set: the binder would take the first and never reach the second (Wait-Job
    /// had -Filter twice).
    #[test]
    fn parameter_data_declares_each_name_and_position_once() {
        let registry = super::registry();
        let mut twice = Vec::new();
        for cmdlet in registry.cmdlets() {
            let mut names: Vec<String> = Vec::new();
            for p in cmdlet.params() {
                for n in std::iter::once(p.name).chain(p.aliases.iter().copied()) {
                    let n = n.to_ascii_lowercase();
                    if names.contains(&n) {
                        twice.push(format!("{} -{n}", cmdlet.name()));
                    }
                    names.push(n);
                }
            }
            let mut sets: Vec<&str> = cmdlet
                .params()
                .iter()
                .flat_map(|p| p.sets.iter().copied())
                .collect();
            sets.sort_unstable();
            sets.dedup();
            if sets.is_empty() {
                sets.push("__AllParameterSets");
            }
            for set in sets {
                let mut positions: Vec<usize> = Vec::new();
                for p in cmdlet.params().iter().filter(|p| p.in_set(set)) {
                    if let Some(at) = p.position {
                        if positions.contains(&at) {
                            twice.push(format!("{} position {at} in {set}", cmdlet.name()));
                        }
                        positions.push(at);
                    }
                }
            }
        }
        assert!(twice.is_empty(), "declared twice: {twice:?}");
    }

    /// A cmdlet's default parameter set is one its parameters are in.
    #[test]
    fn default_parameter_sets_exist() {
        let registry = super::registry();
        for cmdlet in registry.cmdlets() {
            if let Some(set) = cmdlet.default_parameter_set() {
                assert!(
                    cmdlet.params().iter().any(|p| p.sets.contains(&set)),
                    "{}: no parameter is in its default set {set}",
                    cmdlet.name()
                );
            }
        }
    }
}
