//! System.DateTime and System.TimeSpan as tick counts (100 ns), formatted as en-US does.

use super::numfmt::{DotNet, FormatFault, format_number, pad_left};

pub const TICKS_PER_MS: i64 = 10_000;
pub const TICKS_PER_SECOND: i64 = 10_000_000;
pub const TICKS_PER_DAY: i64 = TICKS_PER_SECOND * 86_400;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime(pub i64);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeSpan(pub i64);

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The days of a month of the Gregorian calendar.
pub fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 0001-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // 719468 days from 0000-03-01 to 1970-01-01; 719162 from 0001-01-01 to 1970-01-01.
    era * 146097 + doe - 719468 + 719162
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days - 719162 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

impl DateTime {
    /// The engine's own dates (in range by construction); wraps rather than panics.
    pub fn from_parts(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> DateTime {
        let day = days_from_civil(y, mo, d).wrapping_mul(TICKS_PER_DAY);
        let time = (h
            .wrapping_mul(3600)
            .wrapping_add(mi.wrapping_mul(60))
            .wrapping_add(s))
        .wrapping_mul(TICKS_PER_SECOND);
        DateTime(day.wrapping_add(time))
    }

    /// A date from a script's numbers, as DateTime's constructor takes them: None when
    /// they describe no date between 0001-01-01 and 9999-12-31 23:59:59.
    pub fn checked_from_parts(
        (y, mo, d, h, mi, s): (i64, i64, i64, i64, i64, i64),
    ) -> Option<DateTime> {
        let valid = (1..=9999).contains(&y)
            && (1..=12).contains(&mo)
            && (1..=days_in_month(y, mo)).contains(&d)
            && (0..24).contains(&h)
            && (0..60).contains(&mi)
            && (0..60).contains(&s);
        valid.then(|| DateTime::from_parts(y, mo, d, h, mi, s))
    }
    /// The last tick of 9999-12-31, DateTime.MaxValue.
    pub const MAX_TICKS: i64 = 3_155_378_975_999_999_999;

    /// This date `ticks` later, if that is still between 0001 and 9999.
    pub fn checked_add_ticks(self, ticks: f64) -> Option<DateTime> {
        let sum = self.0 as f64 + ticks.trunc();
        (ticks.is_finite() && (0.0..=Self::MAX_TICKS as f64).contains(&sum)).then(|| {
            DateTime(
                self.0
                    .saturating_add(ticks as i64)
                    .clamp(0, Self::MAX_TICKS),
            )
        })
    }

    /// From milliseconds since the Unix epoch.
    pub fn from_unix_ms(ms: f64) -> DateTime {
        DateTime(days_from_civil(1970, 1, 1) * TICKS_PER_DAY + (ms * TICKS_PER_MS as f64) as i64)
    }
    pub fn date_parts(self) -> (i64, i64, i64) {
        civil_from_days(self.0.div_euclid(TICKS_PER_DAY))
    }
    pub fn year(self) -> i64 {
        self.date_parts().0
    }
    pub fn month(self) -> i64 {
        self.date_parts().1
    }
    pub fn day(self) -> i64 {
        self.date_parts().2
    }
    fn time_ticks(self) -> i64 {
        self.0.rem_euclid(TICKS_PER_DAY)
    }
    pub fn hour(self) -> i64 {
        self.time_ticks() / (3600 * TICKS_PER_SECOND)
    }
    pub fn minute(self) -> i64 {
        self.time_ticks() / (60 * TICKS_PER_SECOND) % 60
    }
    pub fn second(self) -> i64 {
        self.time_ticks() / TICKS_PER_SECOND % 60
    }
    pub fn millisecond(self) -> i64 {
        self.time_ticks() / TICKS_PER_MS % 1000
    }
    pub fn day_of_week(self) -> usize {
        // 0001-01-01 was a Monday.
        ((self.0.div_euclid(TICKS_PER_DAY) + 1).rem_euclid(7)) as usize
    }
    pub fn day_of_year(self) -> i64 {
        let (y, _, _) = self.date_parts();
        self.0.div_euclid(TICKS_PER_DAY) - days_from_civil(y, 1, 1) + 1
    }
    pub fn date(self) -> DateTime {
        DateTime(self.0 - self.time_ticks())
    }
    pub fn day_of_week_name(self) -> &'static str {
        DAYS.get(self.day_of_week()).copied().unwrap_or("Sunday")
    }
    pub fn month_name(self) -> &'static str {
        MONTHS
            .get((self.month() - 1) as usize)
            .copied()
            .unwrap_or("January")
    }

    /// `ToString()` in en-US: `11/25/2026 5:45:18 AM`.
    pub fn to_general(self) -> String {
        self.format("M/d/yyyy h:mm:ss tt")
    }
    /// What the console shows for a DateTime: `Wednesday, November 25, 2026 5:45:18 AM`.
    pub fn to_display(self) -> String {
        self.format("dddd, MMMM d, yyyy h:mm:ss tt")
    }

    /// One of the engine's own patterns (a view's column, `ToString()`), which never fail.
    pub fn format(self, fmt: &str) -> String {
        self.format_with(fmt, DotNet::Core).unwrap_or_default()
    }

    /// .NET's standard and custom date format strings, en-US, as the edition's .NET reads
    /// them (a run of `y` longer than two is the year formatted with `D` and the run's
    /// length as precision, which Framework reads as a custom format past 99).
    pub fn format_with(self, fmt: &str, dotnet: DotNet) -> Result<String, FormatFault> {
        let custom = match fmt {
            "d" => "M/d/yyyy",
            "D" => "dddd, MMMM d, yyyy",
            "t" => "h:mm tt",
            "T" => "h:mm:ss tt",
            "f" => "dddd, MMMM d, yyyy h:mm tt",
            "F" => "dddd, MMMM d, yyyy h:mm:ss tt",
            "g" => "M/d/yyyy h:mm tt",
            "G" => "M/d/yyyy h:mm:ss tt",
            "s" => "yyyy-MM-ddTHH:mm:ss",
            "u" => "yyyy-MM-dd HH:mm:ssZ",
            "o" | "O" => "yyyy-MM-ddTHH:mm:ss.fffffff",
            "M" | "m" => "MMMM d",
            "Y" | "y" => "MMMM yyyy",
            other => other,
        };
        let (y, mo, d) = self.date_parts();
        let (h, mi, s) = (self.hour(), self.minute(), self.second());
        let frac = self.time_ticks() % TICKS_PER_SECOND;
        let chars: Vec<char> = custom.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let mut n = 1;
            while chars.get(i + n) == Some(&c) {
                n += 1;
            }
            match c {
                'y' => {
                    if n <= 2 {
                        out += &pad_left(&(y % 100).to_string(), n, '0');
                    } else if dotnet == DotNet::Core && n <= 16 {
                        out += &pad_left(&y.to_string(), n, '0');
                    } else {
                        out += &format_number(y as f64, true, &format!("D{n}"), dotnet)?;
                    }
                }
                'M' => match n {
                    1 => out += &mo.to_string(),
                    2 => out += &format!("{mo:02}"),
                    3 => out += self.month_name().get(..3).unwrap_or(""),
                    _ => out += self.month_name(),
                },
                'd' => match n {
                    1 => out += &d.to_string(),
                    2 => out += &format!("{d:02}"),
                    3 => out += self.day_of_week_name().get(..3).unwrap_or(""),
                    _ => out += self.day_of_week_name(),
                },
                'H' => out += &format!("{:0width$}", h, width = n.min(2)),
                'h' => {
                    let h12 = if h % 12 == 0 { 12 } else { h % 12 };
                    out += &format!("{:0width$}", h12, width = n.min(2));
                }
                'm' => out += &format!("{:0width$}", mi, width = n.min(2)),
                's' => out += &format!("{:0width$}", s, width = n.min(2)),
                // .NET keeps seven digits of a second and refuses a longer run.
                'f' | 'F' if n > 7 => return Err(FormatFault::Input),
                'f' | 'F' => {
                    let digits = format!("{frac:07}");
                    let part = digits.get(..n.min(7)).unwrap_or("");
                    if c == 'F' {
                        out += part.trim_end_matches('0');
                    } else {
                        out += part;
                    }
                }
                't' => {
                    let ampm = if h < 12 { "AM" } else { "PM" };
                    out += if n == 1 {
                        ampm.get(..1).unwrap_or("")
                    } else {
                        ampm
                    };
                }
                'K' | 'z' => {}
                '\'' | '"' => {
                    let mut j = i + 1;
                    while let Some(&q) = chars.get(j) {
                        if q == c {
                            break;
                        }
                        out.push(q);
                        j += 1;
                    }
                    i = j + 1;
                    continue;
                }
                '\\' => {
                    if let Some(&next) = chars.get(i + 1) {
                        out.push(next);
                    }
                    i += 2;
                    continue;
                }
                other => {
                    for _ in 0..n {
                        out.push(other);
                    }
                }
            }
            i += n;
        }
        Ok(out)
    }

    pub fn plus(self, span: TimeSpan) -> DateTime {
        DateTime(self.0.saturating_add(span.0))
    }

    /// Parses the usual invariant/en-US shapes: `2024-01-15`, `2024-01-15 10:30`,
    /// `1/15/2024`, `1/15/2024 10:30:00 AM`, `2024-01-15T10:30:00`.
    pub fn parse(text: &str) -> Option<DateTime> {
        let t = text.trim();
        let (date, time) = match t.split_once(['T', ' ']) {
            Some((d, rest)) => (d, rest.trim()),
            None => (t, ""),
        };
        let (y, mo, d) = if date.contains('-') {
            let mut it = date.split('-').map(|p| p.parse::<i64>().ok());
            (it.next()??, it.next()??, it.next()??)
        } else if date.contains('/') {
            let mut it = date.split('/').map(|p| p.parse::<i64>().ok());
            let (m, d, y) = (it.next()??, it.next()??, it.next()??);
            (y, m, d)
        } else {
            return None;
        };
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || !(1..=9999).contains(&y) {
            return None;
        }
        let (mut h, mut mi, mut s) = (0, 0, 0);
        if !time.is_empty() {
            let (clock, ampm) = match time.rsplit_once(' ') {
                Some((c, ap)) => (c, Some(ap.to_ascii_uppercase())),
                None => (time, None),
            };
            let mut it = clock.split(':').map(|p| p.trim().parse::<f64>().ok());
            h = it.next()?? as i64;
            mi = it.next().flatten().unwrap_or(0.0) as i64;
            s = it.next().flatten().unwrap_or(0.0) as i64;
            match ampm.as_deref() {
                Some("PM") if h < 12 => h += 12,
                Some("AM") if h == 12 => h = 0,
                Some("AM" | "PM") | None => {}
                Some(_) => return None,
            }
        }
        Some(DateTime::from_parts(y, mo, d, h, mi, s))
    }
}

impl TimeSpan {
    pub fn from_ms(ms: f64) -> TimeSpan {
        TimeSpan((ms * TICKS_PER_MS as f64) as i64)
    }
    pub fn total_ms(self) -> f64 {
        self.0 as f64 / TICKS_PER_MS as f64
    }
    pub fn days(self) -> i64 {
        self.0 / TICKS_PER_DAY
    }
    pub fn hours(self) -> i64 {
        self.0 / (3600 * TICKS_PER_SECOND) % 24
    }
    pub fn minutes(self) -> i64 {
        self.0 / (60 * TICKS_PER_SECOND) % 60
    }
    pub fn seconds(self) -> i64 {
        self.0 / TICKS_PER_SECOND % 60
    }
    pub fn milliseconds(self) -> i64 {
        self.0 / TICKS_PER_MS % 1000
    }
    /// `[-][d.]hh:mm:ss[.fffffff]`
    pub fn to_general(self) -> String {
        let neg = self.0 < 0;
        let t = TimeSpan(self.0.saturating_abs());
        let mut out = String::new();
        if neg {
            out.push('-');
        }
        if t.days() > 0 {
            out += &format!("{}.", t.days());
        }
        out += &format!("{:02}:{:02}:{:02}", t.hours(), t.minutes(), t.seconds());
        let frac = t.0 % TICKS_PER_SECOND;
        if frac != 0 {
            out += &format!(".{frac:07}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trip() {
        let d = DateTime::from_parts(2026, 11, 25, 17, 5, 9);
        assert_eq!(d.date_parts(), (2026, 11, 25));
        assert_eq!(d.day_of_week_name(), "Wednesday");
        assert_eq!(d.to_general(), "11/25/2026 5:05:09 PM");
        assert_eq!(d.to_display(), "Wednesday, November 25, 2026 5:05:09 PM");
        assert_eq!(d.format("yyyy-MM-dd HH:mm:ss"), "2026-11-25 17:05:09");
        assert_eq!(DateTime::parse("2026-11-25 17:05:09"), Some(d));
        assert_eq!(DateTime::parse("11/25/2026 5:05:09 PM"), Some(d));
    }

    #[test]
    fn timespan_text() {
        assert_eq!(TimeSpan::from_ms(1500.0).to_general(), "00:00:01.5000000");
        assert_eq!(
            TimeSpan(TICKS_PER_DAY + TICKS_PER_SECOND).to_general(),
            "1.00:00:01"
        );
    }
}
