//! The command protocol: what a cmdlet declares (its name, parameters, synopsis) and how it
//! starts, and the table of cmdlets and aliases a session resolves names in. It sits in the
//! engine, below the commands that implement it (as nushell's command signature sits below
//! both its engine and its commands): the evaluator binds and runs any cmdlet through it
//! without knowing one.

use super::error::ErrorRecord;
use super::interp::{BoundArgs, CommandProcessor, Interp};

/// One parameter of a command.
#[derive(Clone, Copy, Debug)]
pub struct ParamSpec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub switch: bool,
    pub position: Option<usize>,
    /// The .NET type the value is converted to (`System.Object` leaves it alone).
    pub type_name: &'static str,
    pub mandatory: bool,
    /// Takes pipeline input by value.
    pub pipeline: bool,
    /// The .NET type pipeline input must be to bind by value, where the parameter is typed
    /// more loosely for the command line (a job cmdlet's -Job takes `Stop-Job 3` there, but
    /// only Job objects from the pipeline).
    pub input_type: Option<&'static str>,
    /// Takes pipeline input from the property of the same name (or an alias's):
    /// ValueFromPipelineByPropertyName (`interp::by_property`).
    pub by_property_name: bool,
    /// The one edition that has this parameter (Start-Job's -WorkingDirectory is 7's);
    /// None for both.
    pub edition: Option<super::runtime::Edition>,
    /// ValueFromRemainingArguments: positional arguments left over are bound here as a list
    /// (`Write-Host a b c`).
    pub remaining: bool,
    /// ValidateRange(min, max): the binder refuses a number outside it with PowerShell's
    /// message.
    pub range: Option<(i64, i64)>,
    /// The parameter sets it belongs to; empty for all of them (`__AllParameterSets`).
    pub sets: &'static [&'static str],
}

impl ParamSpec {
    pub const fn new(name: &'static str, type_name: &'static str) -> ParamSpec {
        ParamSpec {
            name,
            aliases: &[],
            switch: false,
            position: None,
            type_name,
            mandatory: false,
            pipeline: false,
            input_type: None,
            by_property_name: false,
            edition: None,
            remaining: false,
            range: None,
            sets: &[],
        }
    }
    pub const fn switch(name: &'static str) -> ParamSpec {
        ParamSpec {
            name,
            aliases: &[],
            switch: true,
            position: None,
            type_name: "System.Management.Automation.SwitchParameter",
            mandatory: false,
            pipeline: false,
            input_type: None,
            by_property_name: false,
            edition: None,
            remaining: false,
            range: None,
            sets: &[],
        }
    }
    pub const fn at(mut self, position: usize) -> ParamSpec {
        self.position = Some(position);
        self
    }
    pub const fn alias(mut self, aliases: &'static [&'static str]) -> ParamSpec {
        self.aliases = aliases;
        self
    }
    /// `[ValidateRange(min, max)]`.
    pub const fn range(mut self, min: i64, max: i64) -> ParamSpec {
        self.range = Some((min, max));
        self
    }
    pub const fn mandatory(mut self) -> ParamSpec {
        self.mandatory = true;
        self
    }
    pub const fn pipeline(mut self) -> ParamSpec {
        self.pipeline = true;
        self
    }
    /// Takes pipeline input by value, of this type only (see `input_type`).
    pub const fn pipeline_of(mut self, type_name: &'static str) -> ParamSpec {
        self.pipeline = true;
        self.input_type = Some(type_name);
        self
    }
    pub const fn only_in(mut self, edition: super::runtime::Edition) -> ParamSpec {
        self.edition = Some(edition);
        self
    }
    pub const fn by_property_name(mut self) -> ParamSpec {
        self.by_property_name = true;
        self
    }
    pub const fn remaining(mut self) -> ParamSpec {
        self.remaining = true;
        self
    }
    /// `[Parameter(ParameterSetName = ...)]`, once per set it is in.
    pub const fn in_sets(mut self, sets: &'static [&'static str]) -> ParamSpec {
        self.sets = sets;
        self
    }
    /// Is it in this set (a parameter in no named set is in all)?
    pub fn in_set(&self, set: &str) -> bool {
        self.sets.is_empty() || self.sets.contains(&set)
    }
}

pub trait Cmdlet {
    /// `Verb-Noun`.
    fn name(&self) -> &'static str;
    fn params(&self) -> &'static [ParamSpec];
    /// One sentence for Get-Help and Get-Command, in our own words.
    fn synopsis(&self) -> &'static str;
    /// `DefaultParameterSetName`: the set the binder takes when the arguments leave several.
    fn default_parameter_set(&self) -> Option<&'static str> {
        None
    }
    /// Makes the processor for one invocation. Errors here are the cmdlet's terminating errors.
    fn start(
        &self,
        cx: &mut Interp,
        args: &BoundArgs,
    ) -> Result<Box<dyn CommandProcessor>, ErrorRecord>;
}

/// The parameters a cmdlet has in an edition (Start-Job's -WorkingDirectory only in 7):
/// what the binder binds against, and what Get-Help and completion list.
pub fn params_in(c: &dyn Cmdlet, edition: super::runtime::Edition) -> Vec<ParamSpec> {
    c.params()
        .iter()
        .filter(|p| p.edition.is_none_or(|e| e == edition))
        .copied()
        .collect()
}

/// `Get-Job` → `Microsoft.PowerShell.Commands.GetJobCommand`, the suffix of its error ids.
pub fn cmdlet_type_name(name: &str) -> String {
    format!(
        "Microsoft.PowerShell.Commands.{}Command",
        name.replace('-', "")
    )
}

/// All cmdlets and aliases of a session.
pub struct Registry {
    cmdlets: Vec<Box<dyn Cmdlet>>,
    aliases: Vec<(&'static str, &'static str)>,
}

impl Registry {
    pub fn new(
        cmdlets: Vec<Box<dyn Cmdlet>>,
        aliases: Vec<(&'static str, &'static str)>,
    ) -> Registry {
        Registry { cmdlets, aliases }
    }
    pub fn find(&self, name: &str) -> Option<usize> {
        self.cmdlets
            .iter()
            .position(|c| c.name().eq_ignore_ascii_case(name))
    }
    pub fn get(&self, i: usize) -> Option<&dyn Cmdlet> {
        self.cmdlets.get(i).map(|c| c.as_ref())
    }
    pub fn resolve_alias(&self, name: &str) -> Option<&'static str> {
        self.aliases
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(name))
            .map(|(_, t)| *t)
    }
    pub fn cmdlets(&self) -> impl Iterator<Item = &dyn Cmdlet> {
        self.cmdlets.iter().map(|c| c.as_ref())
    }
    pub fn aliases(&self) -> &[(&'static str, &'static str)] {
        &self.aliases
    }
}
