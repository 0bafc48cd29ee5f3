//! Tab completion, as the console's Tab key asks for it: command names (cmdlets, aliases,
//! functions), the parameters of the command at the cursor (from the same `ParamSpec` lists
//! the binder reads), variables, paths on the simulated drives, and job names and Ids after
//! a job cmdlet's -Name or -Id. Offsets are byte offsets into the line.

use crate::engine::ops::wildcard_match;
use crate::engine::runtime::{Runspace, Runtime};
use crate::world::fs::normalize;
use crate::world::registry;

#[derive(Debug, PartialEq, Eq)]
pub struct Completion {
    /// The part of the line the chosen candidate replaces.
    pub replace_start: usize,
    pub replace_end: usize,
    pub candidates: Vec<String>,
}

/// The job cmdlets whose -Name and -Id take a job's name or Id.
const JOB_CMDLETS: &[&str] = &[
    "Get-Job",
    "Receive-Job",
    "Wait-Job",
    "Stop-Job",
    "Remove-Job",
    "Suspend-Job",
    "Resume-Job",
    "Debug-Job",
];

/// What ends a word (outside quotes).
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '|' | ';' | '(' | ')' | '{' | '}' | ',' | '=')
}

/// What starts a new command: the words after it are a new command line's.
fn starts_command(c: char) -> bool {
    matches!(c, '|' | ';' | '(' | '{' | '}' | '\n')
}

/// The words of the command being typed, up to the cursor; the last one is the partial word
/// (empty after a space), with where it starts.
fn current_command(text: &str) -> (Vec<&str>, usize) {
    let mut words = Vec::new();
    let mut start = None;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            start.get_or_insert(i);
        } else if is_separator(c) {
            if let Some(s) = start.take() {
                words.push(text.get(s..i).unwrap_or(""));
            }
            if starts_command(c) {
                words.clear();
            }
        } else {
            start.get_or_insert(i);
        }
    }
    let partial_start = start.unwrap_or(text.len());
    words.push(text.get(partial_start..).unwrap_or(""));
    (words, partial_start)
}

/// What the typed word matches, as PowerShell's completion reads it: the word with a `*`
/// after it, through the engine's own wildcard matcher.
fn matches(typed: &str, name: &str) -> bool {
    wildcard_match(&format!("{typed}*"), name, false)
}

/// Quotes a candidate that would not read as one word.
fn quoted(s: String) -> String {
    if s.contains(char::is_whitespace) && !s.starts_with('\'') {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s
    }
}

pub fn complete(rt: &Runtime, rs: &Runspace, line: &str, cursor: usize) -> Completion {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let before = line.get(..cursor).unwrap_or("");
    let (words, replace_start) = current_command(before);
    let partial = words.last().copied().unwrap_or("");
    // The rest of the word the cursor is in goes too.
    let after = line.get(cursor..).unwrap_or("");
    let replace_end = cursor + after.find(is_separator).unwrap_or(after.len());
    let command = (words.len() > 1).then(|| words.first().copied().unwrap_or(""));
    let previous = words
        .len()
        .checked_sub(2)
        .and_then(|i| words.get(i))
        .copied();
    let candidates = if let Some(name) = partial.strip_prefix('$') {
        variables(rs, name)
    } else if let (Some(cmd), Some(name)) = (command, partial.strip_prefix('-')) {
        parameters(rt, cmd, name)
    } else if command.is_none() && !partial.contains(['\\', '/', ':']) && !partial.is_empty() {
        commands(rt, rs, partial)
    } else if let Some(ids) = command
        .zip(previous)
        .and_then(|(c, p)| job_values(rt, c, p, partial))
    {
        ids
    } else {
        paths(rt, rs, partial)
    };
    Completion {
        replace_start,
        replace_end,
        candidates,
    }
}

fn variables(rs: &Runspace, prefix: &str) -> Vec<String> {
    let global = rs.global.borrow();
    let mut names: Vec<String> = global
        .vars
        .values()
        .filter(|v| matches(prefix, &v.name))
        .map(|v| format!("${}", v.name))
        .collect();
    crate::engine::sort::by_key(&mut names, |n| n.to_lowercase());
    names
}

/// The cmdlet a name or alias means.
fn cmdlet<'a>(rt: &'a Runtime, name: &str) -> Option<&'a dyn crate::commands::Cmdlet> {
    let name = rt.registry.resolve_alias(name).unwrap_or(name);
    rt.registry.find(name).and_then(|i| rt.registry.get(i))
}

fn parameters(rt: &Runtime, command: &str, prefix: &str) -> Vec<String> {
    let Some(c) = cmdlet(rt, command) else {
        return Vec::new();
    };
    crate::engine::command::params_in(c, rt.profile.edition)
        .into_iter()
        .map(|p| p.name)
        .chain(crate::engine::interp::common_parameter_names())
        .filter(|n| matches(prefix, n))
        .map(|n| format!("-{n}"))
        .collect()
}

fn commands(rt: &Runtime, rs: &Runspace, prefix: &str) -> Vec<String> {
    let missing = rt.profile.missing_commands;
    let there = |n: &str| !missing.iter().any(|m| m.eq_ignore_ascii_case(n));
    let mut names: Vec<String> = rt
        .registry
        .cmdlets()
        .map(|c| c.name())
        .chain(rt.registry.aliases().iter().map(|(a, _)| *a))
        .filter(|n| there(n) && matches(prefix, n))
        .map(str::to_string)
        .collect();
    names.extend(
        rs.global
            .borrow()
            .functions
            .values()
            .map(|(name, _)| name.to_string())
            .filter(|n| matches(prefix, n)),
    );
    crate::engine::sort::by_key(&mut names, |n| n.to_lowercase());
    names.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    names
}

/// Job names after a job cmdlet's -Name, Ids after its -Id.
fn job_values(rt: &Runtime, command: &str, previous: &str, partial: &str) -> Option<Vec<String>> {
    let c = cmdlet(rt, command)?;
    if !JOB_CMDLETS.contains(&c.name()) {
        return None;
    }
    // The parameter as the binder would bind it (a prefix, an alias; an ambiguous one none).
    let param = crate::engine::interp::find_param(c.params(), previous.strip_prefix('-')?).ok()?;
    let by_id = match param.name {
        "Id" => true,
        "Name" => false,
        _ => return None,
    };
    let partial = partial.trim_matches(['\'', '"']);
    let mut out: Vec<String> = Vec::new();
    for job in rt.jobs.top_level() {
        let value = if by_id {
            job.id.to_string()
        } else {
            job.name.borrow().clone()
        };
        if matches(partial, &value) && !out.contains(&value) {
            out.push(value);
        }
    }
    Some(out.into_iter().map(quoted).collect())
}

/// Items on the simulated drives: a folder's (or registry key's) children whose names
/// start with the last part of the path typed; relative names come back as `.\name`.
fn paths(rt: &Runtime, rs: &Runspace, partial: &str) -> Vec<String> {
    let typed = partial.trim_start_matches(['\'', '"']);
    let typed = typed.trim_end_matches(['\'', '"']);
    let (dir_text, leaf) = match typed.rfind(['\\', '/']) {
        Some(i) => (
            typed.get(..=i).unwrap_or(""),
            typed.get(i + 1..).unwrap_or(""),
        ),
        None => ("", typed),
    };
    let location = rs.location.borrow().clone();
    let absolute = dir_text.get(1..2) == Some(":")
        || dir_text.starts_with(['\\', '/', '~'])
        || registry::native(dir_text).is_some();
    let in_registry = registry::native(dir_text)
        .or_else(|| (!absolute).then(|| registry::native(&format!("{location}\\{dir_text}")))?);
    let names: Vec<String> = match in_registry {
        Some(native) => match crate::world::computer::computers(rt)
            .local()
            .registry
            .borrow()
            .key(&native)
        {
            Ok(Some(key)) => key.subkeys,
            _ => Vec::new(),
        },
        None => {
            let dir = normalize(&location, if dir_text.is_empty() { "." } else { dir_text });
            crate::world::computer::computers(rt)
                .local()
                .fs
                .borrow()
                .list(&dir)
                .map(|items| items.into_iter().map(|i| i.name).collect())
                .unwrap_or_default()
        }
    };
    let shown_dir = if dir_text.is_empty() { ".\\" } else { dir_text };
    names
        .into_iter()
        .filter(|n| matches(leaf, n))
        .map(|n| quoted(format!("{shown_dir}{n}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::matches;
    use crate::{Session, SessionOptions};

    fn complete(s: &Session, line: &str) -> Vec<String> {
        s.complete(line, line.len()).candidates
    }

    #[test]
    fn wildcards_and_prefixes() {
        assert!(matches("get-j", "Get-Job"));
        assert!(matches("*-job", "Receive-Job"));
        assert!(matches("g?t-*", "Get-Process"));
        assert!(!matches("*-job", "Get-Process"));
        assert!(matches("", "anything"));
    }

    #[test]
    fn commands_parameters_and_variables() {
        let mut s = Session::new(SessionOptions::default());
        assert_eq!(complete(&s, "Receive-J"), ["Receive-Job"]);
        assert!(complete(&s, "Get-Nothing").is_empty());
        assert_eq!(complete(&s, "gj"), ["gjb"]);
        let keep = complete(&s, "Receive-Job -K");
        assert_eq!(keep, ["-Keep"]);
        // An alias completes its cmdlet's parameters; common parameters come last.
        let params = complete(&s, "rcjb -");
        assert_eq!(params.first().map(String::as_str), Some("-Job"));
        assert!(params.iter().any(|p| p == "-ErrorAction"));
        s.submit("$myJob = 1; function Get-Thing {}", "", Vec::new());
        s.run_until_idle();
        assert_eq!(complete(&s, "$myJ"), ["$myJob"]);
        assert_eq!(complete(&s, "Get-Thi"), ["Get-Thing"]);
        // After a pipe, a command again.
        assert_eq!(complete(&s, "Get-Job | Receive-J"), ["Receive-Job"]);
        let c = s.complete("Get-Job | Rec -Keep", 13);
        assert_eq!((c.replace_start, c.replace_end), (10, 13));
    }

    /// A parameter of one edition only is offered in that edition (the binder's list).
    #[test]
    fn parameters_of_the_session_s_edition() {
        let seven = Session::new(SessionOptions {
            edition: crate::engine::runtime::Edition::Core7,
            ..SessionOptions::default()
        });
        let five = Session::new(SessionOptions::default());
        assert_eq!(complete(&seven, "Start-Job -Work"), ["-WorkingDirectory"]);
        assert!(complete(&five, "Start-Job -Work").is_empty());
        assert!(complete(&seven, "Get-Process -Comp").is_empty());
        assert_eq!(complete(&five, "Get-Process -Comp"), ["-ComputerName"]);
    }

    #[test]
    fn paths_on_the_simulated_drives_and_jobs_by_name_and_id() {
        let s = Session::new(SessionOptions::default());
        assert_eq!(complete(&s, "dir C:\\Win"), ["C:\\Windows"]);
        assert!(complete(&s, "cd Doc").contains(&".\\Documents".to_string()));
        assert!(complete(&s, "dir 'C:\\Program").contains(&"'C:\\Program Files'".to_string()));
        assert!(complete(&s, "dir HKLM:\\SOFT").contains(&"HKLM:\\SOFTWARE".to_string()));
        let mut s = s;
        s.submit("Start-Job -Name 'My Walk' { 1 } | Out-Null", "", Vec::new());
        s.run_until_idle();
        assert_eq!(complete(&s, "Receive-Job -Name My"), ["'My Walk'"]);
        assert_eq!(complete(&s, "Get-Job -Id "), ["1"]);
    }
}
