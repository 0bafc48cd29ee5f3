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

#[cfg(test)]
mod tests {
    use super::*;

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
