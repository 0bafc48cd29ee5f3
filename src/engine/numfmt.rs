//! Number formatting as .NET Framework does it in the invariant/en-US culture: `ToString()`
//! (15 significant digits for doubles) and the standard and custom format strings that `-f`
//! and `.ToString("N2")` take.

/// `Double.ToString()` on .NET Framework: the "G15" format.
pub fn format_double(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if d == 0.0 {
        return "0".into();
    }
    let sci = format!("{d:.14e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    // .NET keeps fixed-point while the exponent is above -5 and below the 15 digits.
    if !(-4..15).contains(&exp) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out += first;
        if !rest.is_empty() {
            out.push('.');
            out += rest;
        }
        out += &format!("E{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    } else if exp < 0 {
        out += "0.";
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out += digits;
    } else {
        let int_len = (exp + 1) as usize;
        if digits.len() <= int_len {
            out += digits;
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            let (a, b) = digits.split_at(int_len);
            out += a;
            out.push('.');
            out += b;
        }
    }
    out
}

fn group_thousands(int_part: &str) -> String {
    let mut out = String::new();
    let len = int_part.len();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (len - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Rounds away from zero at `decimals` places, as .NET's numeric formatting does.
fn fixed(d: f64, decimals: usize) -> String {
    let factor = 10f64.powi(decimals as i32);
    let scaled = (d.abs() * factor * (1.0 + f64::EPSILON)).round() / factor;
    format!("{:.*}", decimals, scaled)
}

/// Applies a .NET numeric format string to a number. `is_int` says whether the value is an
/// integer type (D and X only apply to those). None if the format is not understood.
pub fn format_number(d: f64, is_int: bool, fmt: &str) -> Option<String> {
    let mut chars = fmt.chars();
    let kind = chars.next()?;
    let rest: String = chars.collect();
    let precision: Option<usize> = if rest.is_empty() {
        None
    } else {
        rest.parse().ok()
    };
    if !rest.is_empty() && precision.is_none() {
        return Some(format_custom(d, fmt));
    }
    let neg = d < 0.0;
    let sign = if neg { "-" } else { "" };
    Some(match kind.to_ascii_uppercase() {
        'N' => {
            let s = fixed(d, precision.unwrap_or(2));
            let (i, f) = s.split_once('.').unwrap_or((&s, ""));
            let mut out = format!("{sign}{}", group_thousands(i));
            if !f.is_empty() {
                out += &format!(".{f}");
            }
            if out == "-0" || out.chars().all(|c| "-0.,".contains(c)) && neg {
                out = out.trim_start_matches('-').to_string();
            }
            out
        }
        'F' => {
            let s = fixed(d, precision.unwrap_or(2));
            format!("{sign}{s}")
        }
        'D' if is_int => {
            let s = format!("{}", d.abs() as i64);
            let width = precision.unwrap_or(0);
            format!("{sign}{s:0>width$}")
        }
        'X' if is_int => {
            let v = d as i64;
            let s = if kind == 'x' {
                format!("{:x}", v as u32)
            } else {
                format!("{:X}", v as u32)
            };
            let width = precision.unwrap_or(0);
            format!("{s:0>width$}")
        }
        'P' => {
            let s = fixed(d * 100.0, precision.unwrap_or(2));
            let (i, f) = s.split_once('.').unwrap_or((&s, ""));
            let frac = if f.is_empty() {
                String::new()
            } else {
                format!(".{f}")
            };
            format!("{sign}{}{frac} %", group_thousands(i))
        }
        'C' => {
            let s = fixed(d, precision.unwrap_or(2));
            let (i, f) = s.split_once('.').unwrap_or((&s, ""));
            let frac = if f.is_empty() {
                String::new()
            } else {
                format!(".{f}")
            };
            if neg {
                format!("(${}{frac})", group_thousands(i))
            } else {
                format!("${}{frac}", group_thousands(i))
            }
        }
        'E' => {
            let p = precision.unwrap_or(6);
            let s = format!("{:.*e}", p, d);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i32 = e.parse().unwrap_or(0);
            format!("{m}{}{}{:03}", kind, if e < 0 { '-' } else { '+' }, e.abs())
        }
        'G' | 'R' => format_double(d),
        _ => format_custom(d, fmt),
    })
}

/// Custom numeric formats such as `0.00`, `#,##0`, `000`.
fn format_custom(d: f64, fmt: &str) -> String {
    let (int_fmt, frac_fmt) = fmt.split_once('.').unwrap_or((fmt, ""));
    let decimals = frac_fmt.chars().filter(|c| *c == '0' || *c == '#').count();
    let min_decimals = frac_fmt.chars().filter(|c| *c == '0').count();
    let min_int = int_fmt.chars().filter(|c| *c == '0').count();
    let grouping = int_fmt.contains(',');
    if !fmt.contains(['0', '#']) {
        return fmt.to_string();
    }
    let s = fixed(d, decimals);
    let (i, f) = s.split_once('.').unwrap_or((&s, ""));
    let mut f = f.to_string();
    while f.len() > min_decimals && f.ends_with('0') {
        f.pop();
    }
    let i = if i == "0" && min_int == 0 {
        String::new()
    } else {
        format!("{i:0>min_int$}")
    };
    let i = if grouping { group_thousands(&i) } else { i };
    let sign = if d < 0.0 && (i.chars().any(|c| c != '0') || f.chars().any(|c| c != '0')) {
        "-"
    } else {
        ""
    };
    let prefix: String = int_fmt
        .chars()
        .take_while(|c| !"0#,".contains(*c))
        .collect();
    let suffix: String = frac_fmt.chars().skip_while(|c| "0#".contains(*c)).collect();
    let suffix = if frac_fmt.is_empty() {
        int_fmt
            .chars()
            .rev()
            .take_while(|c| !"0#,".contains(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect()
    } else {
        suffix
    };
    if f.is_empty() {
        format!("{prefix}{sign}{i}{suffix}")
    } else {
        format!("{prefix}{sign}{i}.{f}{suffix}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_dotnet_framework() {
        assert_eq!(format_double(0.1 + 0.2), "0.3");
        assert_eq!(format_double(1.5), "1.5");
        assert_eq!(format_double(100.0), "100");
        assert_eq!(format_double(1e20), "1E+20");
        assert_eq!(format_double(1.5e-7), "1.5E-07");
        assert_eq!(format_double(0.0001), "0.0001");
        assert_eq!(format_double(-2.5), "-2.5");
        assert_eq!(format_double(1.0 / 3.0), "0.333333333333333");
    }

    #[test]
    fn standard_formats() {
        assert_eq!(
            format_number(1234.5678, false, "N2").as_deref(),
            Some("1,234.57")
        );
        assert_eq!(format_number(5.0, true, "D3").as_deref(), Some("005"));
        assert_eq!(format_number(255.0, true, "X").as_deref(), Some("FF"));
        assert_eq!(format_number(0.256, false, "P1").as_deref(), Some("25.6 %"));
        assert_eq!(format_number(2.5, false, "F0").as_deref(), Some("3"));
        assert_eq!(
            format_number(1.23456, false, "0.00").as_deref(),
            Some("1.23")
        );
        assert_eq!(
            format_number(1234567.0, true, "#,##0").as_deref(),
            Some("1,234,567")
        );
    }
}
