//! Word wrapping at the console width, as PowerShell's formatter wraps long text lines.

/// Wraps each line so no piece is longer than `width - 1` chars, breaking at the last space
/// that fits (or mid-word when a word is longer than the line).
pub fn wrap_lines(lines: &[String], width: usize) -> Vec<String> {
    let max = width.saturating_sub(1).max(10);
    let mut out = Vec::new();
    for line in lines {
        for part in line.split('\n') {
            wrap_one(part.trim_end_matches('\r'), max, &mut out);
        }
    }
    out
}

fn wrap_one(line: &str, max: usize, out: &mut Vec<String>) {
    let mut rest: Vec<char> = line.chars().collect();
    while rest.len() > max {
        let window = rest.get(..=max).unwrap_or(&rest);
        let cut = window.iter().rposition(|c| *c == ' ').filter(|i| *i > 0);
        match cut {
            Some(i) => {
                out.push(
                    rest.get(..i)
                        .unwrap_or(&[])
                        .iter()
                        .collect::<String>()
                        .trim_end()
                        .to_string(),
                );
                rest = rest.get(i + 1..).unwrap_or(&[]).to_vec();
            }
            None => {
                out.push(rest.get(..max).unwrap_or(&[]).iter().collect());
                rest = rest.get(max..).unwrap_or(&[]).to_vec();
            }
        }
    }
    out.push(rest.into_iter().collect());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_the_command_not_found_message_as_windows_powershell_does() {
        let msg = "foo : The term 'foo' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again.".to_string();
        let lines = wrap_lines(&[msg], 120);
        assert_eq!(
            lines[0],
            "foo : The term 'foo' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the"
        );
        assert_eq!(
            lines[1],
            "spelling of the name, or if a path was included, verify that the path is correct and try again."
        );
    }
}
