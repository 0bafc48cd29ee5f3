//! Where a piece of script names variables: `$name`, `$scope:name` and `${any name}`, in code
//! and inside double-quoted strings (and their `$( )`), not in single-quoted strings,
//! comments or after a backtick. The background operator rewrites each reference of a
//! variable the caller has as `${using:name}` (MiscOps.InvokePipelineInBackground walks the
//! syntax tree for them; the text holds the same references).

/// One `$` reference: its place in the text (in chars) and the name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariableRef {
    pub start: usize,
    pub end: usize,
    pub name: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Code,
    /// Code inside `$( )` in a double-quoted string, with its open parentheses.
    SubExpr(usize),
    Double,
    Single,
}

pub fn references(text: &str) -> Vec<VariableRef> {
    let cs: Vec<char> = text.chars().collect();
    let at = |i: usize| cs.get(i).copied();
    let mut out = Vec::new();
    let mut stack = vec![Mode::Code];
    let mut i = 0;
    while let Some(c) = at(i) {
        let mode = stack.last().copied().unwrap_or(Mode::Code);
        match mode {
            Mode::Single => {
                if c == '\'' {
                    if at(i + 1) == Some('\'') {
                        i += 2;
                        continue;
                    }
                    stack.pop();
                }
                i += 1;
                continue;
            }
            Mode::Code | Mode::SubExpr(_) if c == '#' => {
                // A comment runs to the end of the line.
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
                continue;
            }
            Mode::Code | Mode::SubExpr(_) if c == '\'' => {
                stack.push(Mode::Single);
                i += 1;
                continue;
            }
            Mode::Code | Mode::SubExpr(_) if c == '"' => {
                stack.push(Mode::Double);
                i += 1;
                continue;
            }
            Mode::SubExpr(depth) if c == '(' || c == ')' => {
                stack.pop();
                match (c, depth) {
                    ('(', d) => stack.push(Mode::SubExpr(d + 1)),
                    (_, 0) => {}
                    (_, d) => stack.push(Mode::SubExpr(d - 1)),
                }
                i += 1;
                continue;
            }
            Mode::Double if c == '"' => {
                if at(i + 1) == Some('"') {
                    i += 2;
                    continue;
                }
                stack.pop();
                i += 1;
                continue;
            }
            _ => {}
        }
        if c == '`' {
            i += 2;
            continue;
        }
        if c != '$' {
            i += 1;
            continue;
        }
        match at(i + 1) {
            Some('(') if mode == Mode::Double => {
                stack.push(Mode::SubExpr(0));
                i += 2;
            }
            Some('{') => {
                let close = (i + 2..cs.len()).find(|&j| cs.get(j) == Some(&'}'));
                match close {
                    Some(j) => {
                        out.push(VariableRef {
                            start: i,
                            end: j + 1,
                            name: cs.get(i + 2..j).unwrap_or_default().iter().collect(),
                        });
                        i = j + 1;
                    }
                    None => i += 2,
                }
            }
            Some(n) if n.is_alphanumeric() || n == '_' || n == '?' => {
                let mut j = i + 1;
                while at(j).is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '?') {
                    j += 1;
                }
                // A scope or drive qualifier: `$global:x`, `$env:PATH`.
                if at(j) == Some(':') && at(j + 1).is_some_and(|c| c.is_alphanumeric() || c == '_')
                {
                    j += 1;
                    while at(j).is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        j += 1;
                    }
                }
                out.push(VariableRef {
                    start: i,
                    end: j,
                    name: cs.get(i + 1..j).unwrap_or_default().iter().collect(),
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// The bodies of the `ForEach-Object -Parallel { ... }` commands written in a script (as
/// char ranges, braces included). Their `$using:` references belong to the tasks of the
/// outer block, which runs them, not to its caller (GetUsingValuesForEachParallel skips
/// them: IsInForeachParallelCallingScope).
pub fn parallel_bodies(text: &str) -> Vec<std::ops::Range<usize>> {
    let cs: Vec<char> = text.chars().collect();
    let code = code_mask(&cs);
    let lower: Vec<char> = cs.iter().map(|c| c.to_ascii_lowercase()).collect();
    let is_code = |i: usize| code.get(i).copied().unwrap_or(false);
    let word = |i: usize, w: &str| {
        w.chars()
            .enumerate()
            .all(|(k, c)| lower.get(i + k) == Some(&c))
            && !lower
                .get(i + w.chars().count())
                .is_some_and(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let starts_param = is_code(i)
            && word(i, "-parallel")
            && (i == 0 || cs.get(i - 1).is_some_and(|c| c.is_whitespace()));
        if !starts_param {
            i += 1;
            continue;
        }
        // The command this parameter belongs to starts after the last separator.
        let start = (0..i)
            .rev()
            .find(|&j| is_code(j) && matches!(cs.get(j), Some('|' | ';' | '\n' | '{' | '(')))
            .map_or(0, |j| j + 1);
        let mut name_at = start;
        while cs.get(name_at).is_some_and(|c| c.is_whitespace()) {
            name_at += 1;
        }
        let is_foreach = word(name_at, "foreach-object") || word(name_at, "foreach") || {
            cs.get(name_at) == Some(&'%') && cs.get(name_at + 1).is_some_and(|c| c.is_whitespace())
        };
        let mut open = i + "-parallel".len();
        while cs.get(open).is_some_and(|c| c.is_whitespace()) {
            open += 1;
        }
        if !is_foreach || cs.get(open) != Some(&'{') {
            i += 1;
            continue;
        }
        let mut depth = 0usize;
        let mut close = None;
        for j in open..cs.len() {
            if !is_code(j) {
                continue;
            }
            match cs.get(j) {
                Some('{') => depth += 1,
                Some('}') => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        close = Some(j);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = close.map_or(cs.len(), |j| j + 1);
        out.push(open..end);
        i = end;
    }
    out
}

/// Which chars are code (not inside a string, a comment or after a backtick).
fn code_mask(cs: &[char]) -> Vec<bool> {
    let mut mask = vec![false; cs.len()];
    let mut quote: Option<char> = None;
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        match quote {
            Some(q) => {
                if c == '`' && q == '"' {
                    i += 2;
                    continue;
                }
                if c == q {
                    quote = None;
                }
            }
            None => match c {
                '\'' | '"' => quote = Some(c),
                '`' => {
                    i += 2;
                    continue;
                }
                '#' => {
                    while cs.get(i).is_some_and(|&c| c != '\n') {
                        i += 1;
                    }
                    continue;
                }
                _ => {
                    if let Some(m) = mask.get_mut(i) {
                        *m = true;
                    }
                }
            },
        }
        i += 1;
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_bodies_of_nested_parallel_commands_only() {
        let text = "$using:a; 1 | ForEach-Object -Parallel { $using:b; '{' } ; 1 | % -Parallel {$c}; Start-Job { $using:d }; '-Parallel {'";
        let bodies = parallel_bodies(text);
        let shown: Vec<String> = bodies
            .iter()
            .map(|r| text.chars().skip(r.start).take(r.len()).collect())
            .collect();
        assert_eq!(shown, ["{ $using:b; '{' }", "{$c}"]);
    }

    fn names(text: &str) -> Vec<String> {
        references(text).into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn finds_references_in_code_and_double_quoted_strings_only() {
        assert_eq!(
            names(r#"Write-Output "Hi $n1! Hi ${n2}! Hi ${n 3}!" $x.Length '$not' # $nor"#),
            ["n1", "n2", "n 3", "x"]
        );
        assert_eq!(
            names(r#""a `$b $($c + "$d")" $global:e"#),
            ["c", "d", "global:e"]
        );
        assert_eq!(names("$_ ; $PID; 'it''s $f'"), ["_", "PID"]);
    }
}
