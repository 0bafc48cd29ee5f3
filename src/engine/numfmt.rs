//! Number formatting as .NET Framework does it in the invariant/en-US culture: `ToString()`
//! (15 significant digits for doubles) and the standard and custom format strings that `-f`
//! and `.ToString("N2")` take.
//!
//! Precisions come from input, so nothing here hands one to Rust's formatting machinery
//! (which refuses widths past 65,535): digits past what a double holds are padding, added
//! by hand. How long a precision may be is the edition's .NET's rule ([`DotNet`]).

/// Which .NET formats the numbers: the edition's runtime, from its profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DotNet {
    /// .NET Framework 4.8 (Windows PowerShell 5.1): a precision has at most two digits;
    /// `D100` is a custom format string, its letters and digits copied as they are.
    Framework,
    /// .NET 7 and later (PowerShell 7): any precision up to 999,999,999; past that the
    /// specifier is invalid.
    Core,
}

/// Why .NET refused a format string: the FormatException's message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormatFault {
    /// An unknown standard specifier (`Q`, `H2`), `D` or `X` for a non-integer, or a
    /// precision past the runtime's limit.
    Specifier,
    /// A composite format item that does not parse, or a date format past its limits.
    Input,
    /// A composite format item whose index has no argument.
    Index,
}

impl FormatFault {
    pub fn message(self) -> &'static str {
        match self {
            FormatFault::Specifier => "Format specifier was invalid.",
            FormatFault::Input => "Input string was not in a correct format.",
            FormatFault::Index => {
                "Index (zero based) must be greater than or equal to zero and less than the size of the argument list."
            }
        }
    }
}

/// The largest precision .NET 7+ reads (`Number.Formatting`'s limit).
const CORE_MAX_PRECISION: usize = 999_999_999;

/// Digits past this many decimals are all zero for any double (the smallest subnormal has
/// 1,074), so longer precisions are padded by hand.
const EXACT_DECIMALS: usize = 1_100;

/// A format string is standard (a letter and a precision) or custom (everything else).
enum Specifier {
    Standard(char, Option<usize>),
    Custom,
}

/// .NET's ParseFormatSpecifier: a letter then digits, nothing after.
fn parse_specifier(fmt: &str, dotnet: DotNet) -> Result<Specifier, FormatFault> {
    let bytes = fmt.as_bytes();
    let Some(&first) = bytes.first() else {
        return Ok(Specifier::Standard('G', None));
    };
    if !first.is_ascii_alphabetic() {
        return Ok(Specifier::Custom);
    }
    let mut i = 1;
    let mut precision: Option<usize> = None;
    while let Some(d) = bytes.get(i).filter(|b| b.is_ascii_digit()) {
        let n = precision.unwrap_or(0);
        match dotnet {
            // Framework stops reading at the second digit of a number of ten or more.
            DotNet::Framework if precision.is_some() && n >= 10 => break,
            // One more digit would pass 999,999,999.
            DotNet::Core if n > CORE_MAX_PRECISION / 10 => {
                return Err(FormatFault::Specifier);
            }
            _ => {}
        }
        precision = Some(n * 10 + usize::from(d - b'0'));
        i += 1;
    }
    if i == bytes.len() {
        Ok(Specifier::Standard(char::from(first), precision))
    } else {
        Ok(Specifier::Custom)
    }
}

/// The number of characters a standard format's precision asks for, for the memory budget
/// to charge before the text is made (custom formats make text about as long as themselves).
pub fn precision_hint(fmt: &str, dotnet: DotNet) -> usize {
    match parse_specifier(fmt, dotnet) {
        Ok(Specifier::Standard(_, Some(p))) => p,
        _ => 0,
    }
}

/// `s` padded on the left with `fill` to `width` characters.
pub fn pad_left(s: &str, width: usize, fill: char) -> String {
    let have = s.chars().count();
    let mut out = String::with_capacity(s.len() + width.saturating_sub(have));
    out.extend(std::iter::repeat_n(fill, width.saturating_sub(have)));
    out.push_str(s);
    out
}

/// `s` padded on the right with spaces to `width` characters.
pub fn pad_right(s: &str, width: usize) -> String {
    let have = s.chars().count();
    let mut out = String::with_capacity(s.len() + width.saturating_sub(have));
    out.push_str(s);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(have)));
    out
}

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
    let shown = decimals.min(EXACT_DECIMALS);
    let factor = 10f64.powi(shown as i32);
    let scaled = (d.abs() * factor * (1.0 + f64::EPSILON)).round() / factor;
    let value = if scaled.is_finite() { scaled } else { d.abs() };
    let mut s = format!("{:.*}", shown, value);
    s.extend(std::iter::repeat_n('0', decimals - shown));
    s
}

/// Applies a .NET numeric format string to a number. `is_int` says whether the value is an
/// integer type (D and X only apply to those).
pub fn format_number(
    d: f64,
    is_int: bool,
    fmt: &str,
    dotnet: DotNet,
) -> Result<String, FormatFault> {
    let (kind, precision) = match parse_specifier(fmt, dotnet)? {
        Specifier::Standard(kind, precision) => (kind, precision),
        Specifier::Custom => return Ok(format_custom(d, fmt)),
    };
    let neg = d < 0.0;
    let sign = if neg { "-" } else { "" };
    Ok(match kind.to_ascii_uppercase() {
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
            format!("{sign}{}", pad_left(&s, precision.unwrap_or(0), '0'))
        }
        'X' if is_int => {
            let v = d as i64;
            let s = if kind == 'x' {
                format!("{:x}", v as u32)
            } else {
                format!("{:X}", v as u32)
            };
            pad_left(&s, precision.unwrap_or(0), '0')
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
            let s = format!("{:.*e}", p.min(EXACT_DECIMALS), d);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let e: i32 = e.parse().unwrap_or(0);
            let zeros = "0".repeat(p.saturating_sub(EXACT_DECIMALS));
            format!(
                "{m}{zeros}{}{}{:03}",
                kind,
                if e < 0 { '-' } else { '+' },
                e.abs()
            )
        }
        'G' | 'R' => format_double(d),
        _ => return Err(FormatFault::Specifier),
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
        pad_left(i, min_int, '0')
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

    fn f(d: f64, is_int: bool, fmt: &str) -> Result<String, FormatFault> {
        format_number(d, is_int, fmt, DotNet::Framework)
    }

    #[test]
    fn standard_formats() {
        assert_eq!(f(1234.5678, false, "N2").as_deref(), Ok("1,234.57"));
        assert_eq!(f(5.0, true, "D3").as_deref(), Ok("005"));
        assert_eq!(f(255.0, true, "X").as_deref(), Ok("FF"));
        assert_eq!(f(0.256, false, "P1").as_deref(), Ok("25.6 %"));
        assert_eq!(f(2.5, false, "F0").as_deref(), Ok("3"));
        assert_eq!(f(1.23456, false, "0.00").as_deref(), Ok("1.23"));
        assert_eq!(f(1234567.0, true, "#,##0").as_deref(), Ok("1,234,567"));
    }

    #[test]
    fn unknown_and_misapplied_specifiers_are_refused() {
        assert_eq!(f(5.0, true, "Q"), Err(FormatFault::Specifier));
        assert_eq!(f(5.0, true, "H99"), Err(FormatFault::Specifier));
        assert_eq!(f(1.5, false, "D"), Err(FormatFault::Specifier));
    }

    #[test]
    fn framework_reads_two_precision_digits_and_treats_longer_as_custom() {
        // `D100` is literal D and 1, then two digit placeholders.
        assert_eq!(f(5.0, true, "D100").as_deref(), Ok("D105"));
        assert_eq!(f(5.0, true, "D99").map(|s| s.len()), Ok(99));
        assert_eq!(f(5.0, true, "D007").as_deref(), Ok("0000005"));
        assert_eq!(f(5.0, true, "H100").as_deref(), Ok("H105"));
    }

    #[test]
    fn core_reads_precisions_to_999999999_and_pads_past_a_doubles_digits() {
        let core = |d: f64, is_int: bool, fmt: &str| format_number(d, is_int, fmt, DotNet::Core);
        assert_eq!(core(5.0, true, "D70000").map(|s| s.len()), Ok(70_000));
        let n = core(5.0, false, "N70000").unwrap_or_default();
        assert_eq!(n.len(), 70_002);
        assert!(n.starts_with("5.000") && n.ends_with('0'));
        let e = core(5.0, false, "E70000").unwrap_or_default();
        assert!(e.starts_with("5.000") && e.ends_with("E+000") && e.len() == 70_007);
        assert_eq!(core(5.0, true, "X70000").map(|s| s.len()), Ok(70_000));
        assert_eq!(core(5.0, true, "D1000000000"), Err(FormatFault::Specifier));
        assert_eq!(precision_hint("N999999999", DotNet::Core), 999_999_999);
        assert_eq!(precision_hint("N999999999", DotNet::Framework), 0);
    }

    #[test]
    fn long_custom_formats_pad_by_hand() {
        let zeros = "0".repeat(70_000);
        assert_eq!(f(5.0, true, &zeros).map(|s| s.len()), Ok(70_000));
        let frac = format!("0.{zeros}");
        assert_eq!(f(0.5, false, &frac).map(|s| s.len()), Ok(70_002));
    }
}
