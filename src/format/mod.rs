//! Turning objects into console text as Windows PowerShell 5.1 does: scalars one per line,
//! tables (a blank line before, two after) and lists (two blank lines before, three after),
//! numbers right-aligned, cells cut with `...` at the column width, errors in NormalView.

pub mod error_view;
pub mod extended_error;
pub mod views;
pub mod wrap;

use crate::engine::convert::{Inside, item_text, to_str};
use crate::engine::numfmt::format_double;
use crate::engine::runtime::{LineKind, Runtime};
use crate::engine::value::Value;
use views::{Align, Column, Shape, shape_of};

/// `$FormatEnumerationLimit`: how many items of a collection a cell shows.
const ENUMERATION_LIMIT: usize = 4;

/// The text of a value inside a table cell or list entry.
pub fn cell_text(v: &Value) -> String {
    if let Some(items) = v.live_items() {
        return cell_text(&Value::Array(items));
    }
    let v = v.base();
    match v {
        Value::Null => String::new(),
        Value::Array(items) => {
            let items = items.borrow();
            // A collection inside a cell's collection shows its type name, as PowerShell's
            // formatter does, so one that contains itself ends.
            let mut parts: Vec<String> = items
                .iter()
                .take(ENUMERATION_LIMIT)
                .map(|i| match i.base() {
                    Value::Array(_) | Value::Live(_) => item_text(i),
                    _ => cell_text(i),
                })
                .collect();
            if items.len() > ENUMERATION_LIMIT {
                if let Some(last) = parts.last_mut() {
                    last.push_str("...");
                }
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Hashtable(h) => {
            let h = h.borrow();
            let keys: Vec<String> = h
                .entries
                .iter()
                .take(ENUMERATION_LIMIT)
                .map(|(k, _)| to_str(k))
                .collect();
            format!("{{{}}}", keys.join(", "))
        }
        Value::Double(d) => format_double(*d),
        Value::DateTime(d) => d.to_general(),
        // A job in a collection shows its name: ChildJobs displays as `{Job2}`.
        Value::Job(j) => j.name.borrow().clone(),
        other => to_str(other),
    }
}

fn is_numeric_cell(v: &Value) -> bool {
    matches!(
        v,
        Value::Int(_) | Value::Long(_) | Value::Double(_) | Value::Decimal(_)
    )
}

fn first_line(s: &str) -> (&str, bool) {
    match s.split_once('\n') {
        Some((first, _)) => (first.trim_end_matches('\r'), true),
        None => (s, false),
    }
}

/// Fits text into a cell: the first line only, cut to `width` with the edition's ellipsis.
fn fit(text: &str, width: usize, ellipsis: &str) -> String {
    let (line, more) = first_line(text);
    let chars: Vec<char> = line.chars().collect();
    let el = ellipsis.chars().count();
    if chars.len() <= width && !more {
        return line.to_string();
    }
    if width <= el {
        return chars.iter().take(width).collect();
    }
    let keep = if chars.len() + el <= width && more {
        chars.len()
    } else {
        width - el
    };
    let head: String = chars.iter().take(keep).collect();
    format!("{head}{ellipsis}")
}

fn pad(text: &str, width: usize, align: Align) -> String {
    let len = text.chars().count();
    let fill = " ".repeat(width.saturating_sub(len));
    match align {
        Align::Left => format!("{text}{fill}"),
        Align::Right => format!("{fill}{text}"),
    }
}

fn prop(v: &Value, name: &str) -> Value {
    match v {
        // PowerShell 7's ModeWithoutHardLink: 5.1's six Mode flags less the last (`d----`).
        Value::Object(o) if name == views::MODE_7 => match o.get("Mode") {
            Some(m) => {
                let text = to_str(&m);
                let mut chars: Vec<char> = text.chars().collect();
                chars.pop();
                Value::str(&chars.into_iter().collect::<String>())
            }
            None => Value::Null,
        },
        Value::Object(o) => o.get(name).unwrap_or(Value::Null),
        Value::Type(t) => match name {
            "IsPublic" | "IsSerial" => Value::Bool(true),
            "Name" => Value::str(&crate::engine::types::short_name_full(t)),
            "BaseType" => Value::str(base_type(t)),
            _ => Value::Null,
        },
        other => crate::engine::interp::property(other, name).unwrap_or(Value::Null),
    }
}

fn base_type(t: &str) -> &'static str {
    match t {
        "System.Object" => "",
        "System.Int32" | "System.Int64" | "System.Double" | "System.Boolean" | "System.Char"
        | "System.DateTime" | "System.TimeSpan" | "System.Decimal" => "System.ValueType",
        t if t.ends_with("[]") => "System.Array",
        "System.Management.Automation.JobState"
        | "System.Management.Automation.ActionPreference" => "System.Enum",
        _ => "System.Object",
    }
}

/// Renders table rows (without the blank lines around them).
pub fn render_table(
    rows: &[Value],
    columns: &[Column],
    width: usize,
    ellipsis: &str,
) -> Vec<String> {
    render_table_wrapped(rows, columns, width, ellipsis, false)
}

/// A cell's text in pieces of at most `width` characters (Format-Table -Wrap).
fn wrap_cell(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() || width == 0 {
        return vec![String::new()];
    }
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

/// [`render_table`], with `wrap` continuing long cells on the lines below instead of
/// cutting them with an ellipsis.
pub fn render_table_wrapped(
    rows: &[Value],
    columns: &[Column],
    width: usize,
    ellipsis: &str,
    wrap: bool,
) -> Vec<String> {
    let cells: Vec<Vec<(String, bool)>> = rows
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| {
                    let v = prop(r, &c.property);
                    (cell_text(&v), is_numeric_cell(&v))
                })
                .collect()
        })
        .collect();
    let n = columns.len();
    let mut widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.width.unwrap_or_else(|| {
                let data = cells
                    .iter()
                    .map(|r| {
                        r.get(i)
                            .map(|(t, _)| first_line(t).0.chars().count())
                            .unwrap_or(0)
                    })
                    .max()
                    .unwrap_or(0);
                data.max(c.label.chars().count())
            })
        })
        .collect();
    let aligns: Vec<Align> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.align.unwrap_or_else(|| {
                if cells
                    .first()
                    .and_then(|r| r.get(i))
                    .is_some_and(|(_, num)| *num)
                {
                    Align::Right
                } else {
                    Align::Left
                }
            })
        })
        .collect();
    // Fit the screen: the last column takes what is left; columns that cannot fit are dropped.
    let avail = width.saturating_sub(1);
    let mut shown = n;
    loop {
        let used: usize = widths.iter().take(shown).sum::<usize>() + shown.saturating_sub(1);
        if used <= avail || shown <= 1 {
            break;
        }
        let before: usize = widths.iter().take(shown - 1).sum::<usize>() + shown - 1;
        let label_len = columns
            .get(shown - 1)
            .map(|c| c.label.chars().count())
            .unwrap_or(1);
        if avail > before && avail - before >= label_len.max(4) {
            if let Some(w) = widths.get_mut(shown - 1) {
                *w = avail - before;
            }
            break;
        }
        shown -= 1;
    }
    // A lone column wider than the screen is cut to it too.
    if shown == 1 {
        if let Some(w) = widths.first_mut() {
            *w = (*w).min(avail.max(1));
        }
    }
    let widths: Vec<usize> = widths.into_iter().take(shown).collect();
    let mut lines = Vec::new();
    let header: Vec<String> = columns
        .iter()
        .zip(&widths)
        .zip(&aligns)
        .map(|((c, w), a)| pad(&fit(&c.label, *w, ellipsis), *w, *a))
        .collect();
    let dashes: Vec<String> = columns
        .iter()
        .zip(&widths)
        .zip(&aligns)
        .map(|((c, w), a)| pad(&"-".repeat(c.label.chars().count().min(*w)), *w, *a))
        .collect();
    lines.push(header.join(" "));
    lines.push(dashes.join(" "));
    let multi_line = columns.iter().any(|c| c.lines);
    for row in &cells {
        if wrap || multi_line {
            let pieces: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .zip(columns)
                .map(|(((t, _), w), c)| {
                    if wrap {
                        wrap_cell(t, *w)
                    } else if c.lines {
                        t.split('\n').map(|l| fit(l, *w, ellipsis)).collect()
                    } else {
                        vec![fit(t, *w, ellipsis)]
                    }
                })
                .collect();
            let height = pieces.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let parts: Vec<String> = pieces
                    .iter()
                    .zip(&widths)
                    .zip(&aligns)
                    .map(|((p, w), a)| pad(p.get(k).map(String::as_str).unwrap_or(""), *w, *a))
                    .collect();
                lines.push(parts.join(" "));
            }
            continue;
        }
        let parts: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(&aligns)
            .map(|(((t, _), w), a)| pad(&fit(t, *w, ellipsis), *w, *a))
            .collect();
        lines.push(parts.join(" "));
    }
    lines
}

/// Renders one object as a list entry: `Name : value` lines.
pub fn render_list(v: &Value, properties: &[(String, String)], width: usize) -> Vec<String> {
    // ListWriter clips labels to what leaves the value a column: " : " and one cell.
    let widest = width.saturating_sub(1).saturating_sub(4).max(1);
    let label_w = properties
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .min(widest);
    let mut lines = Vec::new();
    for (label, p) in properties {
        let text = cell_text(&prop(v, p));
        let label: String = label.chars().take(label_w).collect();
        let prefix = format!("{} : ", pad(&label, label_w, Align::Left));
        let indent = " ".repeat(prefix.chars().count());
        let avail = width
            .saturating_sub(1)
            .saturating_sub(prefix.chars().count())
            .max(10);
        let mut first = true;
        for raw in text.split('\n') {
            let chars: Vec<char> = raw.trim_end_matches('\r').chars().collect();
            let chunks: Vec<String> = if chars.is_empty() {
                vec![String::new()]
            } else {
                chars.chunks(avail).map(|c| c.iter().collect()).collect()
            };
            for chunk in chunks {
                lines.push(format!(
                    "{}{chunk}",
                    if first {
                        prefix.clone()
                    } else {
                        indent.clone()
                    }
                ));
                first = false;
            }
        }
    }
    lines
}

/// A table being collected: its view key, columns, group-by property and rows.
type PendingTable = (String, Vec<Column>, Option<String>, Vec<Value>);

/// Out-Default's state for one pipeline: consecutive objects of one table view share a table.
pub struct Formatter {
    width: usize,
    /// The session's edition: its views, ellipsis and error views.
    profile: crate::engine::runtime::Profile,
    /// `$ErrorView` is NormalView.
    normal_errors: bool,
    pending: Option<PendingTable>,
    /// The key (and group) of a fixed-width table whose rows are being written as they come.
    streaming: Option<(String, String)>,
    in_list: bool,
    /// The arrays being written (see `write`).
    expanding: Inside,
}

/// What the formatter writes: lines of a kind.
pub type Lines = Vec<(LineKind, String)>;

impl Formatter {
    pub fn new(rt: &Runtime) -> Formatter {
        Formatter {
            width: rt.width.get(),
            profile: rt.profile,
            normal_errors: rt.normal_error_view.get(),
            pending: None,
            streaming: None,
            in_list: false,
            expanding: Inside::default(),
        }
    }

    fn close_list(&mut self, out: &mut Lines) {
        if self.in_list {
            self.in_list = false;
            for _ in 0..3 {
                out.push((LineKind::Output, String::new()));
            }
        }
    }

    /// Ends a streamed table: its closing blank lines.
    fn end_stream(&mut self, out: &mut Lines) {
        if self.streaming.take().is_some() {
            out.push((LineKind::Output, String::new()));
            if self.edition51() {
                out.push((LineKind::Output, String::new()));
            }
        }
    }

    /// A view whose every column has a fixed width (the job table's, say) needs no look at
    /// later rows, so each row is written when it comes: it shows the object as it is then,
    /// in order with whatever else the command prints.
    fn stream_row(
        &mut self,
        key: String,
        columns: &[Column],
        group: Option<&str>,
        v: &Value,
        out: &mut Lines,
    ) {
        // A last column without a width takes the rest of the line (unpadded).
        let fixed: usize = columns.iter().filter_map(|c| c.width).map(|w| w + 1).sum();
        let mut columns = columns.to_vec();
        let open_last = columns.last().is_some_and(|c| c.width.is_none());
        if let Some(last) = columns.last_mut().filter(|c| c.width.is_none()) {
            last.width = Some(self.width.saturating_sub(1).saturating_sub(fixed).max(1));
            last.align = last.align.or(Some(Align::Left));
        }
        let mut lines = render_table(
            std::slice::from_ref(v),
            &columns,
            self.width,
            self.profile.ellipsis,
        );
        if !self.edition51() || open_last {
            for l in &mut lines {
                *l = l.trim_end().to_string();
            }
        }
        let group_value = group.map(|p| cell_text(&prop(v, p))).unwrap_or_default();
        match &self.streaming {
            Some((k, g)) if *k == key && *g == group_value => {
                out.extend(lines.into_iter().skip(2).map(|l| (LineKind::Output, l)));
                return;
            }
            // The same table in a new group: the group's header, then the table's.
            Some((k, _)) if *k == key => {}
            _ => self.end_stream(out),
        }
        match group {
            Some(p) => out.extend(self.group_header(p, &group_value)),
            None => out.push((LineKind::Output, String::new())),
        }
        out.extend(self.styled(lines));
        self.streaming = Some((key, group_value));
    }

    /// A table's lines, its header and underline marked as such in 7 (see
    /// `LineKind::TableHeader`).
    fn styled(&self, lines: Vec<String>) -> Lines {
        let edition51 = self.edition51();
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let kind = if i < 2 && !edition51 {
                    LineKind::TableHeader
                } else {
                    LineKind::Output
                };
                (kind, l)
            })
            .collect()
    }

    /// The heading above a group of a table: `    Directory: C:\Windows` framed by blank
    /// lines (two each side in 5.1, one in 7), or `   TypeName: ...` for Get-Member.
    fn group_header(&self, property: &str, value: &str) -> Lines {
        let blank = || (LineKind::Output, String::new());
        match views::provider_group_label(property) {
            // A provider's folder heading: framed by two blank lines each side in 5.1.
            Some(label) => {
                let heading = (LineKind::Output, format!("    {label}: {value}"));
                if self.edition51() {
                    vec![blank(), blank(), heading, blank(), blank()]
                } else {
                    vec![blank(), heading, blank()]
                }
            }
            None => vec![
                blank(),
                (LineKind::Output, format!("   {property}: {value}")),
                blank(),
            ],
        }
    }

    fn flush_table(&mut self, out: &mut Lines) {
        self.end_stream(out);
        let Some((_, columns, group, rows)) = self.pending.take() else {
            return;
        };
        let mut groups: Vec<(String, Vec<Value>)> = Vec::new();
        for r in rows {
            let g = group
                .as_ref()
                .map(|p| cell_text(&prop(&r, p)))
                .unwrap_or_default();
            match groups.last_mut() {
                Some((name, items)) if *name == g => items.push(r),
                _ => groups.push((g, vec![r])),
            }
        }
        for (g, rows) in groups {
            out.push((LineKind::Output, String::new()));
            if let Some(p) = &group {
                out.push((LineKind::Output, format!("   {p}: {g}")));
                out.push((LineKind::Output, String::new()));
            }
            let mut lines = render_table(&rows, &columns, self.width, self.profile.ellipsis);
            if !self.edition51() {
                for l in &mut lines {
                    *l = l.trim_end().to_string();
                }
            }
            out.extend(self.styled(lines));
            out.push((LineKind::Output, String::new()));
            if self.edition51() {
                out.push((LineKind::Output, String::new()));
            }
        }
    }

    /// Formats one object; output may be held back until the table it belongs to ends.
    pub fn write(&mut self, v: &Value, out: &mut Lines) {
        if let Value::Hashtable(h) = v {
            let entries: Vec<Value> = h
                .borrow()
                .entries
                .iter()
                .map(|(k, val)| crate::engine::interp::dictionary_entry(k, val))
                .collect();
            if entries.is_empty() {
                return;
            }
            for e in entries {
                self.write(&e, out);
            }
            return;
        }
        if let Value::Array(items) = v {
            // An array met again inside itself is written as its type name, as ToString
            // writes it, instead of expanding forever.
            if !self.expanding.enter(std::rc::Rc::as_ptr(items) as usize) {
                self.write(&Value::str("System.Object[]"), out);
                return;
            }
            let items = items.borrow().clone();
            for i in &items {
                self.write(i, out);
            }
            self.expanding.leave();
            return;
        }
        match views::for_edition(shape_of(v), self.edition51()) {
            Shape::Nothing => {}
            Shape::Text(t) => {
                self.flush_table(out);
                self.close_list(out);
                for line in t.split('\n') {
                    out.push((LineKind::Output, line.trim_end_matches('\r').to_string()));
                }
            }
            Shape::Error => {
                self.flush_table(out);
                self.close_list(out);
                if let Value::Error(e) = v {
                    for l in error_view::render(e, &self.profile, self.normal_errors, self.width) {
                        out.push((LineKind::Error, l));
                    }
                    if self.normal_errors {
                        out.push((LineKind::Error, String::new()));
                    }
                }
            }
            Shape::ExtendedError => {
                self.flush_table(out);
                self.close_list(out);
                let blank = || (LineKind::Output, String::new());
                match extended_error::error_index(v) {
                    Some(i) => out.extend(self.group_header("ErrorIndex", &i.to_string())),
                    None => out.push(blank()),
                }
                for l in extended_error::render(v, &self.profile) {
                    out.push((LineKind::Output, l));
                }
                out.push(blank());
                extended_error::mark_shown(v);
            }
            Shape::Table {
                key,
                columns,
                group,
            } => {
                self.close_list(out);
                // A table whose columns all have widths streams row by row, grouped or not.
                if !columns.is_empty()
                    && columns
                        .iter()
                        .take(columns.len().saturating_sub(1))
                        .all(|c| c.width.is_some())
                {
                    if self.pending.is_some() {
                        self.flush_table(out);
                    }
                    self.stream_row(key, &columns, group.as_deref(), v, out);
                    return;
                }
                match &mut self.pending {
                    Some((k, _, _, rows)) if *k == key => rows.push(v.clone()),
                    _ => {
                        self.flush_table(out);
                        self.pending = Some((key, columns, group, vec![v.clone()]));
                    }
                }
            }
            Shape::List { properties } => {
                self.flush_table(out);
                if !self.in_list {
                    out.push((LineKind::Output, String::new()));
                    self.in_list = true;
                }
                out.push((LineKind::Output, String::new()));
                for l in render_list(v, &properties, self.width) {
                    out.push((LineKind::Output, l));
                }
            }
        }
    }

    fn edition51(&self) -> bool {
        self.profile.edition == crate::engine::runtime::Edition::Desktop51
    }

    pub fn finish(&mut self, out: &mut Lines) {
        self.flush_table(out);
        self.close_list(out);
    }
}

/// Formats objects to text as Out-String does (each line ends with a line break).
pub fn out_string(rt: &Runtime, values: &[Value]) -> String {
    let mut f = Formatter::new(rt);
    let mut lines = Vec::new();
    for v in values {
        f.write(v, &mut lines);
    }
    f.finish(&mut lines);
    let mut s = String::new();
    for (_, l) in lines {
        s.push_str(&l);
        s.push('\n');
    }
    s
}

/// The text of a record shown on a non-output stream (error view, `WARNING: ...`).
pub fn render_for_stream(rt: &Runtime, value: &Value, kind: LineKind) -> String {
    match (kind, value) {
        (_, Value::Error(e)) => {
            let normal = rt.normal_error_view.get();
            let mut lines = error_view::render(e, &rt.profile, normal, rt.width.get());
            if normal {
                lines.push(String::new());
            }
            lines.join("\n")
        }
        (LineKind::Warning, v) => format!("WARNING: {}", to_str(v)),
        (LineKind::Verbose, v) => format!("VERBOSE: {}", to_str(v)),
        (LineKind::Debug, v) => format!("DEBUG: {}", to_str(v)),
        (_, v) => to_str(v),
    }
}
