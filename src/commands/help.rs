//! Get-Command, Get-Help and Get-Alias, written from each cmdlet's parameter list (the same
//! data binding uses) and our own one-line descriptions.

use super::{Cmdlet, ParamSpec, SyncProcessor, sync};
use crate::engine::error::{Category, ErrorRecord, EvalResult};
use crate::engine::interp::{BoundArgs, CommandProcessor, Interp};
use crate::engine::ops::wildcard_match;
use crate::engine::value::{PSObject, Value};

/// The cmdlets of Microsoft.PowerShell.Core: the engine's own, the jobs and remoting.
const CORE: &[&str] = &[
    "ForEach-Object",
    "Where-Object",
    "Get-Command",
    "Get-Help",
    "Out-Null",
    "Out-Host",
    "Out-Default",
    "Set-StrictMode",
    "Start-Job",
    "Get-Job",
    "Receive-Job",
    "Wait-Job",
    "Stop-Job",
    "Remove-Job",
    "Suspend-Job",
    "Resume-Job",
    "Debug-Job",
    "Invoke-Command",
    "New-PSSession",
    "Get-PSSession",
    "Remove-PSSession",
    "Enter-PSSession",
    "Exit-PSSession",
    "Disconnect-PSSession",
    "Connect-PSSession",
    "Receive-PSSession",
];

/// The cmdlets of Microsoft.PowerShell.Management: items, locations, processes, services, logs.
const MANAGEMENT: &[&str] = &[
    "Add-Content",
    "Get-Content",
    "Set-Content",
    "Copy-Item",
    "Move-Item",
    "New-Item",
    "Remove-Item",
    "Rename-Item",
    "Get-Item",
    "Get-ChildItem",
    "Get-ItemProperty",
    "Set-ItemProperty",
    "New-ItemProperty",
    "Remove-ItemProperty",
    "Get-Location",
    "Set-Location",
    "Push-Location",
    "Pop-Location",
    "Resolve-Path",
    "Test-Path",
    "Get-PSDrive",
    "Get-Process",
    "Stop-Process",
    "Get-Service",
    "Get-EventLog",
];

/// The module a cmdlet ships in, and its version, as Windows PowerShell 5.1 reports them
/// (Start-ThreadJob comes from the ThreadJob module of the Gallery); Utility has the rest.
fn module_of(name: &str) -> (&'static str, &'static str) {
    if CORE.contains(&name) {
        ("Microsoft.PowerShell.Core", "3.0.0.0")
    } else if MANAGEMENT.contains(&name) {
        ("Microsoft.PowerShell.Management", "3.1.0.0")
    } else if name == "Start-ThreadJob" {
        ("ThreadJob", "2.0.3")
    } else {
        ("Microsoft.PowerShell.Utility", "3.1.0.0")
    }
}

fn command_info(c: &dyn Cmdlet) -> Value {
    let (module, version) = module_of(c.name());
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.CmdletInfo",
            "System.Management.Automation.CommandInfo",
            "System.Object",
        ],
        vec![
            ("CommandType", Value::str("Cmdlet")),
            ("Name", Value::str(c.name())),
            ("Version", Value::str(version)),
            ("Source", Value::str(module)),
            ("ModuleName", Value::str(module)),
            ("__ToString", Value::str(c.name())),
        ],
    ))
}

fn function_info(name: &str) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.FunctionInfo",
            "System.Management.Automation.CommandInfo",
            "System.Object",
        ],
        vec![
            ("CommandType", Value::str("Function")),
            ("Name", Value::str(name)),
            ("Version", Value::str("")),
            ("Source", Value::str("")),
            ("__ToString", Value::str(name)),
        ],
    ))
}

fn alias_info(alias: &str, target: &str) -> Value {
    Value::Object(PSObject::new(
        &[
            "System.Management.Automation.AliasInfo",
            "System.Management.Automation.CommandInfo",
            "System.Object",
        ],
        vec![
            ("CommandType", Value::str("Alias")),
            ("Name", Value::str(&format!("{alias} -> {target}"))),
            ("Version", Value::str("")),
            ("Source", Value::str("")),
            ("Definition", Value::str(target)),
            ("__ToString", Value::str(alias)),
        ],
    ))
}

/// `Get-Job [[-Id] <Int32[]>] [-Name <String[]>] ...` from the edition's parameter list:
/// one line per parameter set (the default set's first), blank lines between them.
pub fn syntax(c: &dyn Cmdlet, edition: crate::engine::runtime::Edition) -> String {
    syntax_lines(c, edition).join("\n\n")
}

/// One syntax line per parameter set, the default set's first; one line for a cmdlet
/// without sets.
pub fn syntax_lines(c: &dyn Cmdlet, edition: crate::engine::runtime::Edition) -> Vec<String> {
    let params = crate::engine::command::params_in(c, edition);
    let mut sets: Vec<&str> = Vec::new();
    if let Some(d) = c.default_parameter_set() {
        sets.push(d);
    }
    for set in params.iter().flat_map(|p| p.sets.iter()) {
        if !sets.contains(set) {
            sets.push(set);
        }
    }
    if !params.iter().any(|p| !p.sets.is_empty()) {
        return vec![syntax_line(c.name(), params)];
    }
    sets.iter()
        .map(|set| {
            let in_set: Vec<_> = params.iter().filter(|p| p.in_set(set)).copied().collect();
            syntax_line(c.name(), in_set)
        })
        .collect()
}

fn syntax_line(name: &str, mut params: Vec<ParamSpec>) -> String {
    let mut parts = vec![name.to_string()];
    crate::engine::sort::by_key(&mut params, |p| p.position.unwrap_or(usize::MAX));
    for p in params {
        // A parameter typed loosely for its code shows the type it takes (-Job <Job[]>).
        let short = match p.input_type {
            Some(t) => format!("{}[]", crate::engine::types::short_name(t)),
            None => crate::engine::types::short_name_full(p.type_name),
        };
        let piece = if p.switch {
            format!("-{}", p.name)
        } else if p.position.is_some() {
            format!("[-{}] <{short}>", p.name)
        } else {
            format!("-{} <{short}>", p.name)
        };
        parts.push(if p.mandatory {
            piece
        } else {
            format!("[{piece}]")
        });
    }
    parts.push("[<CommonParameters>]".into());
    parts.join(" ")
}

fn not_found(name: &str) -> ErrorRecord {
    let mut e = ErrorRecord::new(
        "System.Management.Automation.CommandNotFoundException",
        format!(
            "The term '{name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
        ),
        "CommandNotFoundException,Microsoft.PowerShell.Commands.GetCommandCommand",
        Category::ObjectNotFound,
    );
    e.target = Value::str(name);
    e
}

pub struct GetCommand;
impl Cmdlet for GetCommand {
    fn name(&self) -> &'static str {
        "Get-Command"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Name", "System.String[]").at(0),
            ParamSpec::new("Verb", "System.String[]"),
            ParamSpec::new("Noun", "System.String[]"),
            ParamSpec::new("CommandType", "System.String[]").alias(&["Type"]),
            ParamSpec::switch("Syntax"),
            ParamSpec::new("Module", "System.String[]"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Lists the commands the playground knows, with wildcards on name, verb or noun."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(BoundArgs);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let names = self.0.strings("Name");
                let verbs = self.0.strings("Verb");
                let nouns = self.0.strings("Noun");
                let modules = self.0.strings("Module");
                let reg = &cx.rt.registry;
                let mut found: Vec<(String, Value)> = Vec::new();
                // -Name, -Verb and -Noun, each a list of wildcards, all must match.
                let wanted = |name: &str| {
                    let (verb, noun) = name.split_once('-').unwrap_or((name, ""));
                    let any = |pats: &Option<Vec<String>>, text: &str| {
                        pats.as_ref()
                            .is_none_or(|ps| ps.iter().any(|p| wildcard_match(p, text, false)))
                    };
                    any(&names, name) && any(&verbs, verb) && any(&nouns, noun)
                };
                let in_module = |name: &str| {
                    modules.as_ref().is_none_or(|ms| {
                        ms.iter()
                            .any(|m| wildcard_match(m, module_of(name).0, false))
                    })
                };
                for c in reg.cmdlets() {
                    if wanted(c.name()) && in_module(c.name()) {
                        let v = if self.0.switch("Syntax") {
                            Value::str(&syntax(c, cx.rs.profile.edition))
                        } else {
                            command_info(c)
                        };
                        found.push((c.name().to_string(), v));
                    }
                }
                for f in cx.visible_functions() {
                    if wanted(&f) && modules.is_none() {
                        found.push((f.to_string(), function_info(&f)));
                    }
                }
                if let Some(ns) = &names {
                    for (alias, target) in reg.aliases() {
                        if ns.iter().any(|n| wildcard_match(n, alias, false)) {
                            found.push((alias.to_string(), alias_info(alias, target)));
                        }
                    }
                }
                crate::engine::sort::by_key(&mut found, |a| a.0.to_lowercase());
                if found.is_empty() {
                    if let Some(ns) = &names {
                        for n in ns.iter().filter(|n| !crate::engine::ops::is_wildcard(n)) {
                            cx.write_error(not_found(n))?;
                        }
                    }
                }
                out.extend(found.into_iter().map(|(_, v)| v));
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

pub struct GetHelp;
impl Cmdlet for GetHelp {
    fn name(&self) -> &'static str {
        "Get-Help"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Name", "System.String").at(0),
            ParamSpec::switch("Full"),
            ParamSpec::switch("Examples"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Shows a command's synopsis, syntax and aliases."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(Option<String>);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let reg = &cx.rt.registry;
                let Some(name) = self.0.clone() else {
                    out.push(Value::str("\nTOPIC\n    psjobs help\n\nSHORT DESCRIPTION\n    Type Get-Help <command> for a command's syntax, or Get-Command to list the commands.\n"));
                    return Ok(());
                };
                let target = reg.resolve_alias(&name).unwrap_or(&name);
                let Some(c) = reg.find(target).and_then(|i| reg.get(i)) else {
                    let mut e = ErrorRecord::new(
                        "System.Management.Automation.HelpNotFoundException",
                        format!("Get-Help could not find {name} in a help file in this session."),
                        "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand",
                        Category::ResourceUnavailable,
                    );
                    e.target = Value::str(&name);
                    return Err(crate::engine::error::Flow::error(e));
                };
                let aliases: Vec<&str> = reg
                    .aliases()
                    .iter()
                    .filter(|(_, t)| t.eq_ignore_ascii_case(c.name()))
                    .map(|(a, _)| *a)
                    .collect();
                let mut text = format!(
                    "\nNAME\n    {}\n\nSYNOPSIS\n    {}\n\n\nSYNTAX\n    {}\n\n\nALIASES\n",
                    c.name(),
                    c.synopsis(),
                    syntax_lines(c, cx.rs.profile.edition).join("\n\n    ")
                );
                if aliases.is_empty() {
                    text.push_str("    None\n");
                } else {
                    for a in aliases {
                        text.push_str(&format!("    {a}\n"));
                    }
                }
                text.push_str("\n\nREMARKS\n    This is the psjobs playground's own help, written from the command's parameters.\n");
                out.push(Value::str(&text));
                Ok(())
            }
        }
        sync(P(a.str("Name")))
    }
}

pub struct GetAlias;
impl Cmdlet for GetAlias {
    fn name(&self) -> &'static str {
        "Get-Alias"
    }
    fn params(&self) -> &'static [ParamSpec] {
        const P: &[ParamSpec] = &[
            ParamSpec::new("Name", "System.String[]").at(0),
            ParamSpec::new("Definition", "System.String[]"),
        ];
        P
    }
    fn synopsis(&self) -> &'static str {
        "Lists aliases, or finds the aliases of a command with -Definition."
    }
    fn start(
        &self,
        _cx: &mut Interp,
        a: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord> {
        struct P(BoundArgs);
        impl SyncProcessor for P {
            fn process(
                &mut self,
                cx: &mut Interp,
                _input: Option<Value>,
                out: &mut Vec<Value>,
            ) -> EvalResult<()> {
                let names = self.0.strings("Name");
                let defs = self.0.strings("Definition");
                let mut list: Vec<(&str, &str)> = cx.rt.registry.aliases().to_vec();
                crate::engine::sort::by_key(&mut list, |a| a.0.to_lowercase());
                let mut any = false;
                for (alias, target) in list {
                    let ok = names
                        .as_ref()
                        .is_none_or(|ns| ns.iter().any(|n| wildcard_match(n, alias, false)))
                        && defs
                            .as_ref()
                            .is_none_or(|ds| ds.iter().any(|d| wildcard_match(d, target, false)));
                    if ok {
                        any = true;
                        out.push(alias_info(alias, target));
                    }
                }
                if !any {
                    if let Some(ns) = &names {
                        for n in ns.iter().filter(|n| !crate::engine::ops::is_wildcard(n)) {
                            let mut e = ErrorRecord::new(
                                "System.Management.Automation.ItemNotFoundException",
                                format!(
                                    "This command cannot find a matching alias because an alias with the name '{n}' does not exist."
                                ),
                                "ItemNotFoundException,Microsoft.PowerShell.Commands.GetAliasCommand",
                                Category::ObjectNotFound,
                            );
                            e.target = Value::str(n);
                            cx.write_error(e)?;
                        }
                    }
                }
                Ok(())
            }
        }
        sync(P(a.clone()))
    }
}

#[cfg(test)]
mod tests {
    /// Every cmdlet the module lists name is one the session has (a typo would leave it in
    /// Utility unseen).
    #[test]
    fn module_lists_name_registered_cmdlets() {
        let registry = crate::commands::registry();
        for name in super::CORE.iter().chain(super::MANAGEMENT) {
            assert!(registry.find(name).is_some(), "{name} is not a cmdlet here");
        }
    }
}
