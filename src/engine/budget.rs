//! The session's memory budget: what its variables, jobs' results and console buffer hold
//! may not pass a limit (256 MB by default), so an endless loop that doubles a string or
//! fills a list ends with an error record instead of taking the page's memory.
//!
//! Accounting happens where values are made and stored, not by asking the allocator. Every
//! place that makes or keeps something big charges its size first; what is charged only
//! grows (a value dropped later is not subtracted), so it errs high. When a charge would
//! pass the limit, the session counts what it really holds, from its roots (scopes, jobs,
//! the console's buffer), and starts again from that figure; only if the count leaves no
//! room does the command fail. Lists the count cannot see (a pipeline's output being
//! collected, a Sort-Object waiting for its last input) are [`Buffer`]s, charged in flight.

use super::error::{Category, ErrorRecord};
use super::value::Value;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::rc::Rc;

/// 256 MB: far more than any lesson needs, far less than a browser tab may take.
pub const DEFAULT_MEMORY_LIMIT: usize = 256 << 20;

/// The FullyQualifiedErrorId of what the limit stops.
pub const LIMIT_ERROR_ID: &str = "SessionMemoryLimitExceeded";

/// Less would not leave room for a session's own start.
pub const LEAST_MEMORY_LIMIT: usize = 16 << 20;

/// `268435456`, `256MB`, `1gb`, `512kb`: a size as PowerShell writes one.
pub fn parse_size(text: &str) -> Option<usize> {
    let t = text.trim().to_ascii_lowercase();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => t.split_at(at),
        None => (t.as_str(), ""),
    };
    let shift = match unit {
        "" => 0,
        "kb" => 10,
        "mb" => 20,
        "gb" => 30,
        _ => return None,
    };
    digits.parse::<usize>().ok()?.checked_mul(1 << shift)
}

/// What a job costs besides its data: its runspace, scopes and bookkeeping.
pub const JOB_BYTES: usize = 4 << 10;

pub struct MemoryBudget {
    limit: Cell<usize>,
    /// What was held at the last count plus everything charged since.
    charged: Cell<usize>,
    /// Bytes in buffers the count cannot see.
    in_flight: Cell<usize>,
    /// Bytes the front end keeps for the running command (the browser's run() text).
    external: Cell<usize>,
    /// When an over-the-limit total is next worth counting (see `check_flood`).
    next_flood_count: Cell<usize>,
    /// The running total at which a charge that does not fit is next worth a count (see
    /// `has_room`); 0 counts at once.
    next_recount: Cell<usize>,
    /// Counts what the session holds now (set by the session, which knows its roots).
    counter: RefCell<Option<Box<dyn Fn() -> usize>>>,
}

impl MemoryBudget {
    pub fn new(limit: usize) -> Rc<MemoryBudget> {
        Rc::new(MemoryBudget {
            limit: Cell::new(limit),
            charged: Cell::new(0),
            in_flight: Cell::new(0),
            external: Cell::new(0),
            next_flood_count: Cell::new(0),
            next_recount: Cell::new(0),
            counter: RefCell::new(None),
        })
    }

    pub fn set_counter(&self, counter: Box<dyn Fn() -> usize>) {
        *self.counter.borrow_mut() = Some(counter);
    }

    /// What the front end holds for the running command, counted against the budget.
    pub fn set_external(&self, bytes: usize) {
        self.external.set(bytes);
    }

    fn total(&self) -> usize {
        self.charged
            .get()
            .saturating_add(self.in_flight.get())
            .saturating_add(self.external.get())
    }

    /// Makes room for `bytes` about to be made or kept, counting what the session really
    /// holds when the running total says there is none.
    pub fn make_room(&self, bytes: usize) -> Result<(), ErrorRecord> {
        self.ensure(bytes)?;
        self.charge(bytes);
        Ok(())
    }

    /// `make_room` for a job's results, which may fill only seven eighths of the budget:
    /// the rest stays for the console's own commands, to receive them and clean up.
    pub fn make_room_for_results(&self, bytes: usize) -> Result<(), ErrorRecord> {
        let limit = self.limit.get();
        if !self.has_room(bytes, limit - limit / 8) {
            return Err(self.exceeded_by_job());
        }
        self.charge(bytes);
        Ok(())
    }

    /// Whether `bytes` more fit under `cap`, counting again when the running total says no.
    ///
    /// A count walks everything the session holds. Near the limit every charge would count
    /// again (a thousand jobs' results arriving: quadratic), so after a count that leaves no
    /// room the next one waits until a little more has been charged, a buffer in flight
    /// goes, or a command begins.
    fn has_room(&self, bytes: usize, cap: usize) -> bool {
        let fits = |b: &Self| b.total().saturating_add(bytes) <= cap;
        if fits(self) {
            return true;
        }
        if self.total() < self.next_recount.get() {
            return false;
        }
        self.recount();
        let fitted = fits(self);
        if !fitted {
            let step = self.limit.get() / 256;
            self.next_recount.set(self.total().saturating_add(step));
        }
        fitted
    }

    /// A command begins: the next charge that does not fit counts again (what the last one
    /// made may have been freed since).
    pub fn command_begins(&self) {
        self.next_recount.set(0);
    }

    /// Counts what the session holds now: the running total starts again from it. Values
    /// that hold themselves are freed first: the count cannot see them, and memory this
    /// full is when .NET's collector would run too.
    fn recount(&self) {
        super::cycles::collect();
        let held = match self.counter.try_borrow() {
            Ok(counter) => counter.as_ref().map(|count| count()),
            Err(_) => None,
        };
        if let Some(held) = held {
            self.charged.set(held);
        }
    }

    /// Charges what was made or kept where no error can be raised (a line for the console,
    /// text written to a file); every running command's next step calls [`Self::check_flood`].
    pub fn charge(&self, bytes: usize) {
        self.charged.set(self.charged.get().saturating_add(bytes));
    }

    /// What the steps of every command check: whether what was charged without an error
    /// (console lines, file text) went on far past the limit. Only a flood does: values and
    /// job results stop at the limit itself, where they are made, so a command that makes
    /// nothing is not stopped for what others hold.
    pub fn check_flood(&self) -> Result<(), ErrorRecord> {
        let total = self.total();
        if total <= self.limit.get().max(self.next_flood_count.get()) {
            return Ok(());
        }
        self.recount();
        let total = self.total();
        let limit = self.limit.get();
        if total > limit.saturating_add(limit / 8) {
            return Err(self.exceeded(0));
        }
        // Over the limit, not flooding: count again only after a little more.
        self.next_flood_count.set(total.saturating_add(limit / 64));
        Ok(())
    }

    /// Makes sure `bytes` would fit now, without charging them (a check before building a
    /// value whose final size is charged once it is made).
    pub fn ensure(&self, bytes: usize) -> Result<(), ErrorRecord> {
        if self.has_room(bytes, self.limit.get()) {
            Ok(())
        } else {
            Err(self.exceeded(bytes))
        }
    }

    /// The error a command stops with when what it would make does not fit.
    pub fn exceeded(&self, bytes: usize) -> ErrorRecord {
        let needed = if bytes >= 1 << 20 {
            format!(" (it needed {} more)", megabytes(bytes))
        } else {
            String::new()
        };
        self.error(format!(
            "The command stopped because it would pass the session's memory limit of {}{needed}. Remove variables and jobs that you no longer need (Remove-Variable, Remove-Job), or raise the limit (psjobs -MemoryLimit, or the memoryLimit option in the browser).",
            megabytes(self.limit.get())
        ))
    }

    /// A job's Reason when what it produced does not fit.
    pub fn exceeded_by_job(&self) -> ErrorRecord {
        self.error(format!(
            "The job stopped because its results would pass the session's memory limit of {}. Receive them with Receive-Job, remove variables and jobs that you no longer need, or raise the limit (psjobs -MemoryLimit, or the memoryLimit option in the browser).",
            megabytes(self.limit.get())
        ))
    }

    fn error(&self, message: String) -> ErrorRecord {
        ErrorRecord::new(
            "System.InsufficientMemoryException",
            message,
            LIMIT_ERROR_ID,
            Category::LimitsExceeded,
        )
    }
}

/// `12 MB`, `0.5 MB`: how the limit's messages show sizes.
fn megabytes(bytes: usize) -> String {
    let mb = bytes as f64 / f64::from(1 << 20);
    if mb >= 10.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// A list a command keeps while its input streams in (a pipeline's output being collected,
/// Sort-Object's or Format-Table's input): what it holds is charged as in flight, the count
/// cannot see it.
#[derive(Default)]
pub struct Buffer {
    items: Vec<Value>,
    charge: InFlight,
}

impl Buffer {
    /// Adds a value if the budget has room for it (only its slot when it is held elsewhere).
    pub fn push(&mut self, budget: &Rc<MemoryBudget>, v: Value) -> Result<(), ErrorRecord> {
        self.charge.add(budget, v.new_bytes())?;
        self.items.push(v);
        Ok(())
    }

    /// The values, for the command's end (their charge stays until the buffer goes).
    pub fn take(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.items)
    }
}

impl std::ops::Deref for Buffer {
    type Target = [Value];
    fn deref(&self) -> &[Value] {
        &self.items
    }
}

/// A buffer's charge: what it holds is in flight until it is dropped, then charged like
/// anything else made (the count finds it wherever it was stored). A command that keeps
/// values in a structure of its own (Group-Object's groups) holds one directly.
#[derive(Default)]
pub struct InFlight {
    budget: Option<Rc<MemoryBudget>>,
    bytes: usize,
}

impl InFlight {
    /// Makes room for `bytes` more in the buffer.
    pub fn add(&mut self, budget: &Rc<MemoryBudget>, bytes: usize) -> Result<(), ErrorRecord> {
        let budget = self.budget.get_or_insert_with(|| budget.clone());
        budget.ensure(bytes)?;
        budget
            .in_flight
            .set(budget.in_flight.get().saturating_add(bytes));
        self.bytes = self.bytes.saturating_add(bytes);
        Ok(())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(b) = &self.budget {
            // What the buffer held may be gone now: the next charge that does not fit counts.
            b.next_recount.set(0);
            b.in_flight
                .set(b.in_flight.get().saturating_sub(self.bytes));
            b.charged.set(b.charged.get().saturating_add(self.bytes));
        }
    }
}

/// Counts what a set of roots holds, each shared list, hashtable, object, job or long
/// string once, without recursion (a list nested a million deep is just a long walk).
#[derive(Default)]
pub struct HeldCount {
    seen: HashSet<usize>,
    stack: Vec<Value>,
    pub bytes: usize,
}

/// Shorter strings are counted each time they are met: sharing them is rare and not
/// worth a place in the `seen` set.
const SHARED_TEXT: usize = 256;

impl HeldCount {
    pub fn add_text(&mut self, len: usize) {
        self.bytes = self.bytes.saturating_add(len);
    }

    pub fn add_bytes(&mut self, bytes: usize) {
        self.bytes = self.bytes.saturating_add(bytes);
    }

    /// Adds a value and everything it reaches.
    pub fn add_value(&mut self, v: &Value) {
        self.stack.push(v.clone());
        while let Some(v) = self.stack.pop() {
            if !self.first_meeting(&v) {
                // Its slot is still taken where it is met again.
                self.bytes = self.bytes.saturating_add(super::value::SLOT_BYTES);
                continue;
            }
            self.bytes = self.bytes.saturating_add(v.own_held_bytes());
            if let Value::Job(job) = &v {
                self.bytes = self.bytes.saturating_add(JOB_BYTES);
                let (stack, bytes) = (&mut self.stack, &mut self.bytes);
                job.for_each_held(&mut |x| stack.push(x.clone()), &mut |n| {
                    *bytes = bytes.saturating_add(n)
                });
            }
            v.for_each_child(&mut |x| self.stack.push(x.clone()));
        }
    }

    fn first_meeting(&mut self, v: &Value) -> bool {
        let at = match v {
            Value::Array(a) => Rc::as_ptr(a) as *const u8 as usize,
            Value::Hashtable(h) => Rc::as_ptr(h) as *const u8 as usize,
            Value::Object(o) => Rc::as_ptr(o) as *const u8 as usize,
            Value::Job(j) => Rc::as_ptr(j) as *const u8 as usize,
            Value::Live(l) => Rc::as_ptr(l) as *const u8 as usize,
            Value::Noted(n) => Rc::as_ptr(n) as *const u8 as usize,
            Value::Error(e) => Rc::as_ptr(e) as *const u8 as usize,
            Value::Str(s) if s.len() >= SHARED_TEXT => s.as_ptr() as usize,
            _ => return true,
        };
        self.seen.insert(at)
    }

    /// Whether a root (a scope, say) was already counted.
    pub fn first_time<T>(&mut self, root: &Rc<T>) -> bool {
        self.seen.insert(Rc::as_ptr(root) as *const u8 as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(held: Rc<Cell<usize>>) -> Rc<MemoryBudget> {
        let b = MemoryBudget::new(2 << 20);
        b.set_counter(Box::new(move || held.get()));
        b
    }

    #[test]
    fn a_charge_past_the_limit_counts_again_and_fails_only_if_it_still_does_not_fit() {
        let held = Rc::new(Cell::new(0));
        let b = counted(held.clone());
        assert!(b.make_room(1 << 20).is_ok());
        assert!(b.make_room(1 << 20).is_ok());
        // Both megabytes were dropped again: the count finds nothing held.
        assert!(b.make_room(1 << 20).is_ok(), "the count makes room");
        // Now 2 MB are held, and 1 MB more made: the next charge finds no room.
        held.set(2 << 20);
        assert!(b.make_room(1 << 20).is_ok());
        let e = b.make_room(1).expect_err("nothing fits once 2 MB are held");
        assert_eq!(e.fqid, "SessionMemoryLimitExceeded");
        assert!(
            e.message.contains("memory limit of 2.0 MB."),
            "{}",
            e.message
        );
    }

    #[test]
    fn near_the_limit_a_refused_charge_does_not_count_again_until_a_command_begins() {
        let counts = Rc::new(Cell::new(0));
        let b = MemoryBudget::new(2 << 20);
        let seen = counts.clone();
        b.set_counter(Box::new(move || {
            seen.set(seen.get() + 1);
            2 << 20
        }));
        assert!(b.make_room(2 << 20).is_ok());
        assert!(b.make_room(1).is_err());
        assert_eq!(counts.get(), 1);
        for _ in 0..1000 {
            assert!(b.make_room(1).is_err());
        }
        assert_eq!(counts.get(), 1, "a thousand refusals, one count");
        b.command_begins();
        assert!(b.make_room(1).is_err());
        assert_eq!(counts.get(), 2, "a new command counts again");
    }

    #[test]
    fn a_buffer_in_flight_is_seen_by_later_charges_and_charged_when_dropped() {
        let held = Rc::new(Cell::new(1 << 19));
        let b = counted(held.clone());
        let mut buf = InFlight::default();
        assert!(buf.add(&b, 3 << 19).is_ok());
        assert!(b.make_room(1 << 19).is_ok());
        assert!(b.make_room(1).is_err(), "1.5 MB in flight and 0.5 MB held");
        drop(buf);
        // Dropped, it is charged until a count finds where it went: nowhere, here.
        assert!(b.make_room(1).is_ok());
        assert!(b.make_room(3 << 19).is_ok(), "what was in flight is gone");
    }

    #[test]
    fn shared_contents_are_counted_once_and_cycles_end() {
        let big = Value::str(&"x".repeat(10_000));
        let list = Value::array(vec![big.clone(), big.clone(), big]);
        let mut once = HeldCount::default();
        once.add_value(&list);
        let mut twice = HeldCount::default();
        twice.add_value(&list);
        twice.add_value(&list);
        assert!(once.bytes > 10_000 && once.bytes < 11_000, "{}", once.bytes);
        assert_eq!(twice.bytes - once.bytes, crate::engine::value::SLOT_BYTES);
        if let Value::Array(a) = &list {
            a.borrow_mut().push(list.clone());
        }
        let mut cyclic = HeldCount::default();
        cyclic.add_value(&list);
        assert!(cyclic.bytes < 12_000);
        if let Value::Array(a) = &list {
            a.borrow_mut().clear();
        }
    }
}
