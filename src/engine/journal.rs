//! What happened to a session's jobs, in order, for a host that shows jobs live (the
//! browser's events). It is off until a host turns it on, so scripts and transcripts pay
//! nothing for it.

use super::job::JobState;
use std::cell::{Cell, RefCell};
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobEvent {
    /// A job object entered the session's list (children right after their parent).
    Created(i32),
    State {
        id: i32,
        state: JobState,
        previous: JobState,
    },
    /// Its results buffer changed: something was produced, received or dropped.
    Data(i32),
    Removed(i32),
}

/// How many lines of console output are waiting to be taken: each event is stamped with
/// it, so a host can put events and output back in the order they happened.
pub type OutputProbe = Box<dyn Fn() -> usize>;

#[derive(Default)]
pub struct JobJournal {
    on: Cell<bool>,
    events: RefCell<Vec<(usize, JobEvent)>>,
    output: RefCell<Option<OutputProbe>>,
}

impl JobJournal {
    pub fn turn_on(&self, output: OutputProbe) {
        self.on.set(true);
        *self.output.borrow_mut() = Some(output);
    }

    pub fn is_on(&self) -> bool {
        self.on.get()
    }

    pub fn log(&self, event: JobEvent) {
        if !self.on.get() {
            return;
        }
        let mark = self.output.borrow().as_ref().map_or(0, |probe| probe());
        let mut events = self.events.borrow_mut();
        // A job writing in a loop changes its data thousands of times between two reads;
        // one event says it as well.
        if matches!(event, JobEvent::Data(_)) && events.last().map(|(_, e)| e) == Some(&event) {
            return;
        }
        events.push((mark, event));
    }

    /// The events since the last call, each with the number of output lines that came
    /// before it, and each job's data changes folded into its first.
    pub fn take(&self) -> Vec<(usize, JobEvent)> {
        let events = std::mem::take(&mut *self.events.borrow_mut());
        let mut seen = HashSet::new();
        events
            .into_iter()
            .filter(|(_, e)| match e {
                JobEvent::Data(id) => seen.insert(*id),
                _ => true,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_until_turned_on_and_data_changes_fold() {
        let j = JobJournal::default();
        j.log(JobEvent::Created(1));
        assert!(j.take().is_empty(), "a journal that is off keeps nothing");
        let printed = std::rc::Rc::new(Cell::new(0));
        let probe = printed.clone();
        j.turn_on(Box::new(move || probe.get()));
        j.log(JobEvent::Created(1));
        for id in [2, 2, 3, 2, 3] {
            j.log(JobEvent::Data(id));
        }
        printed.set(2);
        j.log(JobEvent::Removed(1));
        assert_eq!(
            j.take(),
            vec![
                (0, JobEvent::Created(1)),
                (0, JobEvent::Data(2)),
                (0, JobEvent::Data(3)),
                (2, JobEvent::Removed(1))
            ]
        );
        assert!(j.take().is_empty());
    }
}
