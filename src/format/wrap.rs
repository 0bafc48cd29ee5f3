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
    // An offset into the line, not a copy of what is left: copying the rest after every
    // piece made a long message quadratic.
    let chars: Vec<char> = line.chars().collect();
    let mut start = 0;
    while chars.len() - start > max {
        let window = chars.get(start..=start + max).unwrap_or(&[]);
        let cut = window.iter().rposition(|c| *c == ' ').filter(|i| *i > 0);
        match cut {
            Some(i) => {
                let piece: String = chars.get(start..start + i).unwrap_or(&[]).iter().collect();
                out.push(piece.trim_end().to_string());
                start += i + 1;
            }
            None => {
                out.push(
                    chars
                        .get(start..start + max)
                        .unwrap_or(&[])
                        .iter()
                        .collect(),
                );
                start += max;
            }
        }
    }
    out.push(chars.get(start..).unwrap_or(&[]).iter().collect());
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
