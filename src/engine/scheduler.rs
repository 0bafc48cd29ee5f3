//! A single-threaded executor for the engine's tasks. Each task is a future (the evaluator is
//! async, so a script can pause at any statement, loop iteration or pipeline object). The
//! scheduler polls ready tasks round-robin, each with an operation budget (tokio's coop
//! budget is the model), keeps a timer heap, and on the virtual clock jumps time forward when
//! every task waits.

use super::clock::Clock;
use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// Operations a task may run before it must yield to the others.
pub const OPS_PER_POLL: u32 = 2_000;

/// On a clock that follows real time (the browser's), a poll also ends after this much real
/// time, and a slice after SLICE_MS: an operation's cost varies a hundredfold (a loop turn,
/// a directory entry formatted for the console), and a page must not wait 50 ms for its
/// turn. Virtual clocks count operations only, so their output stays the same everywhere.
const POLL_MS: f64 = 2.0;
const SLICE_MS: f64 = 4.0;
/// Operations between two looks at the real clock.
const CLOCK_CHECK_OPS: u32 = 64;

pub type TaskId = u64;
type TaskFuture = Pin<Box<dyn Future<Output = ()>>>;

#[derive(Default)]
struct ReadyQueue {
    order: VecDeque<TaskId>,
    queued: HashSet<TaskId>,
}

struct TaskWaker {
    id: TaskId,
    ready: Arc<Mutex<ReadyQueue>>,
}

impl Wake for TaskWaker {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        if let Ok(mut q) = self.ready.lock() {
            if q.queued.insert(self.id) {
                q.order.push_back(self.id);
            }
        }
    }
}

#[derive(PartialEq)]
struct Deadline(f64);
impl Eq for Deadline {}
impl PartialOrd for Deadline {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Deadline {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

struct Timer {
    deadline: Deadline,
    seq: u64,
    waker: Waker,
}
impl PartialEq for Timer {
    fn eq(&self, other: &Self) -> bool {
        self.deadline == other.deadline && self.seq == other.seq
    }
}
impl Eq for Timer {}
impl PartialOrd for Timer {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Timer {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.deadline
            .cmp(&other.deadline)
            .then(self.seq.cmp(&other.seq))
    }
}

/// What a slice of work ended with.
#[derive(Debug, PartialEq)]
pub enum Slice {
    /// The operation budget ran out; call again soon.
    Busy,
    /// Nothing can run until this clock time (ms), or ever (None).
    Idle(Option<f64>),
}

pub struct Scheduler {
    pub clock: Rc<dyn Clock>,
    tasks: RefCell<BTreeMap<TaskId, Option<TaskFuture>>>,
    ready: Arc<Mutex<ReadyQueue>>,
    timers: RefCell<BinaryHeap<Reverse<Timer>>>,
    /// Tasks waiting for any job or task state to change.
    watchers: RefCell<Vec<Waker>>,
    next_id: Cell<TaskId>,
    seq: Cell<u64>,
    budget: Cell<u32>,
    /// Total operations charged, for benchmarks and tests.
    pub ops: Cell<u64>,
    /// When the running poll must end (real clocks only), and operations since the last look.
    poll_deadline: Cell<f64>,
    unchecked_ops: Cell<u32>,
    /// The console's command: on a real clock it runs every other turn while it is ready,
    /// as an operating system favours the window in front, so a thousand busy jobs leave
    /// `Get-Job` quick. (A virtual clock keeps plain round-robin: transcripts repeat.)
    favoured: Cell<Option<TaskId>>,
}

impl Scheduler {
    pub fn new(clock: Rc<dyn Clock>) -> Scheduler {
        Scheduler {
            clock,
            tasks: RefCell::new(BTreeMap::new()),
            ready: Arc::new(Mutex::new(ReadyQueue::default())),
            timers: RefCell::new(BinaryHeap::new()),
            watchers: RefCell::new(Vec::new()),
            next_id: Cell::new(1),
            seq: Cell::new(0),
            budget: Cell::new(OPS_PER_POLL),
            ops: Cell::new(0),
            poll_deadline: Cell::new(f64::INFINITY),
            unchecked_ops: Cell::new(0),
            favoured: Cell::new(None),
        }
    }

    pub fn spawn(&self, fut: impl Future<Output = ()> + 'static) -> TaskId {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.tasks.borrow_mut().insert(id, Some(Box::pin(fut)));
        self.wake(id);
        id
    }

    /// Drops every task, timer and watcher: what a closing session does. Tasks hold the
    /// runtime that holds this scheduler, so without this a session with work in flight
    /// would never be freed.
    pub fn clear(&self) {
        let tasks = std::mem::take(&mut *self.tasks.borrow_mut());
        let timers = std::mem::take(&mut *self.timers.borrow_mut());
        let watchers = std::mem::take(&mut *self.watchers.borrow_mut());
        // Dropped here, with no borrow held: a task's destructors may reach the scheduler.
        drop((tasks, timers, watchers));
    }

    pub fn is_alive(&self, id: TaskId) -> bool {
        self.tasks.borrow().contains_key(&id)
    }

    pub fn task_count(&self) -> usize {
        self.tasks.borrow().len()
    }

    pub fn wake(&self, id: TaskId) {
        Arc::new(TaskWaker {
            id,
            ready: self.ready.clone(),
        })
        .wake();
    }

    /// Charges one operation; false when the task must yield.
    pub fn consume_budget(&self) -> bool {
        self.consume_budget_of(1)
    }

    /// Charges `cost` operations at once (work that is dearer than a loop turn); false when
    /// the task must yield.
    pub fn consume_budget_of(&self, cost: u32) -> bool {
        self.ops.set(self.ops.get() + u64::from(cost));
        self.clock.spend_ops(cost);
        let b = self.budget.get();
        if b == 0 {
            return false;
        }
        self.budget.set(b.saturating_sub(cost));
        let unchecked = self.unchecked_ops.get() + cost;
        if unchecked >= CLOCK_CHECK_OPS {
            self.unchecked_ops.set(0);
            if self
                .clock
                .real_ms()
                .is_some_and(|t| t >= self.poll_deadline.get())
            {
                self.budget.set(0);
            }
        } else {
            self.unchecked_ops.set(unchecked);
        }
        true
    }

    pub fn add_timer(&self, deadline_ms: f64, waker: Waker) {
        let seq = self.seq.get();
        self.seq.set(seq + 1);
        self.timers.borrow_mut().push(Reverse(Timer {
            deadline: Deadline(deadline_ms),
            seq,
            waker,
        }));
    }

    /// Registers a task to be woken at the next [`Scheduler::notify`].
    pub fn watch(&self, waker: Waker) {
        self.watchers.borrow_mut().push(waker);
    }

    /// Something observable changed (a job's state, its data): wake every watcher.
    pub fn notify(&self) {
        let watchers = std::mem::take(&mut *self.watchers.borrow_mut());
        for w in watchers {
            w.wake();
        }
    }

    fn fire_due_timers(&self) {
        let now = self.clock.now_ms();
        loop {
            let due = {
                let mut timers = self.timers.borrow_mut();
                match timers.peek() {
                    Some(Reverse(t)) if t.deadline.0 <= now => timers.pop(),
                    _ => None,
                }
            };
            match due {
                Some(Reverse(t)) => t.waker.wake(),
                None => return,
            }
        }
    }

    /// When the earliest timer is due.
    pub fn next_deadline(&self) -> Option<f64> {
        self.timers.borrow().peek().map(|Reverse(t)| t.deadline.0)
    }

    /// Marks the console's command (see `favoured`).
    pub fn favour(&self, id: Option<TaskId>) {
        self.favoured.set(id);
    }

    /// The next task to poll: the front of the queue, or on a real clock the favoured task
    /// when it is ready and the last poll was another's.
    fn pop_ready(&self, last: Option<TaskId>) -> Option<TaskId> {
        let mut q = self.ready.lock().ok()?;
        let favoured = self
            .favoured
            .get()
            .filter(|f| last != Some(*f) && !self.clock.is_virtual() && q.queued.contains(f));
        let id = match favoured.and_then(|f| q.order.iter().position(|t| *t == f)) {
            Some(at) => q.order.remove(at)?,
            None => q.order.pop_front()?,
        };
        q.queued.remove(&id);
        Some(id)
    }

    fn poll_task(&self, id: TaskId) {
        let fut = match self.tasks.borrow_mut().get_mut(&id) {
            Some(slot) => slot.take(),
            None => return,
        };
        let Some(mut fut) = fut else { return };
        let waker = Waker::from(Arc::new(TaskWaker {
            id,
            ready: self.ready.clone(),
        }));
        let mut cx = Context::from_waker(&waker);
        self.budget.set(OPS_PER_POLL);
        self.poll_deadline
            .set(self.clock.real_ms().map_or(f64::INFINITY, |t| t + POLL_MS));
        match fut.as_mut().poll(&mut cx) {
            Poll::Ready(()) => {
                self.tasks.borrow_mut().remove(&id);
                self.notify();
            }
            Poll::Pending => {
                if let Some(slot) = self.tasks.borrow_mut().get_mut(&id) {
                    *slot = Some(fut);
                }
            }
        }
    }

    /// Runs ready tasks until about `max_ops` operations are spent (or, on a real clock,
    /// SLICE_MS have passed) or nothing can run now; then says when the next timer is due.
    /// It never moves the clock itself.
    pub fn run_slice(&self, max_ops: u64) -> Slice {
        let start_ops = self.ops.get();
        let until = self.clock.real_ms().map(|t| t + SLICE_MS);
        let mut last = None;
        loop {
            self.fire_due_timers();
            match self.pop_ready(last) {
                Some(id) => {
                    self.poll_task(id);
                    last = Some(id);
                    let out_of_time =
                        until.is_some_and(|u| self.clock.real_ms().is_some_and(|t| t >= u));
                    if self.ops.get() - start_ops >= max_ops || out_of_time {
                        return Slice::Busy;
                    }
                }
                // Nothing is ready: the caller decides whether time moves on (a virtual clock
                // jumps only while someone waits for it; see `Session::run_slice`).
                None => match self.next_deadline() {
                    None => return Slice::Idle(None),
                    Some(d) if d > self.clock.now_ms() => return Slice::Idle(Some(d)),
                    Some(_) => {}
                },
            }
        }
    }
}

/// Yields once to the scheduler (the task is queued again at the back).
#[derive(Default)]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Completes when the clock reaches `deadline_ms`, or early when `stop` is set.
pub struct Sleep {
    pub sched: Rc<Scheduler>,
    pub deadline_ms: f64,
    pub stop: Rc<Cell<bool>>,
    pub registered: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.stop.get() || self.sched.clock.now_ms() >= self.deadline_ms {
            return Poll::Ready(());
        }
        if !self.registered {
            self.registered = true;
            let d = self.deadline_ms;
            self.sched.add_timer(d, cx.waker().clone());
        }
        Poll::Pending
    }
}

/// Waits for the next [`Scheduler::notify`], a stop, or (if given) a deadline.
pub struct Changed {
    pub sched: Rc<Scheduler>,
    pub stop: Rc<Cell<bool>>,
    pub deadline_ms: Option<f64>,
    pub registered: bool,
}

impl Future for Changed {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.registered || self.stop.get() {
            return Poll::Ready(());
        }
        self.registered = true;
        self.sched.watch(cx.waker().clone());
        if let Some(d) = self.deadline_ms {
            self.sched.add_timer(d, cx.waker().clone());
        }
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::clock::VirtualClock;

    #[test]
    fn virtual_time_jumps_to_the_next_deadline_and_tasks_interleave() {
        let sched = Rc::new(Scheduler::new(Rc::new(VirtualClock::new())));
        let log = Rc::new(RefCell::new(Vec::new()));
        for (name, delay) in [("a", 300.0), ("b", 100.0)] {
            let (s, l) = (sched.clone(), log.clone());
            sched.spawn(async move {
                Sleep {
                    sched: s.clone(),
                    deadline_ms: delay,
                    stop: Rc::new(Cell::new(false)),
                    registered: false,
                }
                .await;
                l.borrow_mut().push((name, s.clock.now_ms()));
            });
        }
        // Each idle slice names the next deadline; the caller moves the virtual clock there.
        loop {
            match sched.run_slice(u64::MAX) {
                Slice::Idle(Some(d)) => sched.clock.advance_to(d),
                Slice::Idle(None) => break,
                Slice::Busy => {}
            }
        }
        assert_eq!(*log.borrow(), vec![("b", 100.0), ("a", 300.0)]);
        assert_eq!(sched.task_count(), 0);
    }

    #[test]
    fn on_the_virtual_clock_work_moves_time_so_a_busy_poller_sees_a_timer_fire() {
        let sched = Rc::new(Scheduler::new(Rc::new(VirtualClock::new())));
        let fired = Rc::new(Cell::new(false));
        let (s, f) = (sched.clone(), fired.clone());
        sched.spawn(async move {
            Sleep {
                sched: s.clone(),
                deadline_ms: 1.0,
                stop: Rc::new(Cell::new(false)),
                registered: false,
            }
            .await;
            f.set(true);
        });
        // A poller that never waits: only its own work can bring the deadline.
        let (s, f) = (sched.clone(), fired.clone());
        let turns = Rc::new(Cell::new(0u32));
        let t = turns.clone();
        sched.spawn(async move {
            while !f.get() {
                t.set(t.get() + 1);
                if !s.consume_budget() {
                    YieldNow::default().await;
                }
            }
        });
        while sched.run_slice(u64::MAX) == Slice::Busy {}
        assert!(fired.get());
        assert_eq!(sched.task_count(), 0);
        // The timer fires at the first look after 1 ms of work; the woken sleeper queues
        // behind the poller, which has one more poll (2,001 turns each) before it sees it.
        let needed = (1.0 / crate::engine::clock::VIRTUAL_MS_PER_OP).ceil() as u32;
        let within = needed..needed + 2 * (OPS_PER_POLL + 1) + 1;
        assert!(within.contains(&turns.get()), "{}", turns.get());
        assert!((sched.clock.now_ms() - f64::from(turns.get()) * 0.0003).abs() < 1e-9);
    }

    #[test]
    fn on_a_real_clock_the_favoured_task_runs_every_other_turn() {
        let real = Rc::new(Cell::new(0.0));
        let r = real.clone();
        let clock = crate::engine::clock::PacedClock::new(
            Box::new(move || r.get()),
            crate::engine::time::DateTime::from_parts(2026, 1, 1, 0, 0, 0),
        );
        let sched = Rc::new(Scheduler::new(Rc::new(clock)));
        let log = Rc::new(RefCell::new(Vec::new()));
        let busy = |name: &'static str| {
            let l = log.clone();
            async move {
                for _ in 0..10 {
                    l.borrow_mut().push(name);
                    YieldNow::default().await;
                }
            }
        };
        for name in ["job1", "job2", "job3"] {
            sched.spawn(busy(name));
        }
        let console = sched.spawn(busy("console"));
        sched.favour(Some(console));
        while sched.run_slice(u64::MAX) == Slice::Busy {}
        let log = log.borrow();
        let first_ten: Vec<&str> = log.iter().take(10).copied().collect();
        assert_eq!(
            first_ten,
            [
                "console", "job1", "console", "job2", "console", "job3", "console", "job1",
                "console", "job2"
            ]
        );
    }

    #[test]
    fn a_busy_task_yields_when_its_budget_is_spent() {
        let sched = Rc::new(Scheduler::new(Rc::new(VirtualClock::new())));
        let s = sched.clone();
        sched.spawn(async move {
            loop {
                if !s.consume_budget() {
                    YieldNow::default().await;
                }
            }
        });
        assert_eq!(sched.run_slice(10_000), Slice::Busy);
        assert_eq!(sched.task_count(), 1);
    }

    /// A real clock whose every look moves it on by `step` ms.
    fn ticking_clock(step: f64) -> Rc<dyn Clock> {
        let t = Rc::new(Cell::new(0.0));
        let real = move || {
            t.set(t.get() + step);
            t.get()
        };
        Rc::new(super::super::clock::PacedClock::new(
            Box::new(real),
            VirtualClock::new().start_date(),
        ))
    }

    /// Counts the operations a busy task runs per poll.
    fn ops_per_poll(clock: Rc<dyn Clock>, cost: u32) -> Vec<u32> {
        let sched = Rc::new(Scheduler::new(clock));
        let s = sched.clone();
        let polls = Rc::new(RefCell::new(vec![0u32]));
        let p = polls.clone();
        sched.spawn(async move {
            loop {
                *p.borrow_mut().last_mut().unwrap() += cost;
                if !s.consume_budget_of(cost) {
                    p.borrow_mut().push(0);
                    YieldNow::default().await;
                }
            }
        });
        for _ in 0..3 {
            sched.run_slice(1);
        }
        polls.take()
    }

    #[test]
    fn on_a_real_clock_a_poll_also_ends_when_its_time_is_spent() {
        // Each look at the clock takes 0.5 ms: a poll ends after its 2 ms, long before its
        // operation budget, whatever one operation costs.
        let polls = ops_per_poll(ticking_clock(0.5), 1);
        assert!(polls[0] < 500, "{polls:?}");
        let polls = ops_per_poll(ticking_clock(0.5), 10);
        assert!(polls[0] < 500, "{polls:?}");
        // A virtual clock counts operations only: the same work yields at the same points.
        let polls = ops_per_poll(Rc::new(VirtualClock::new()), 10);
        assert_eq!(polls[0], OPS_PER_POLL + 10);
    }

    #[test]
    fn on_a_real_clock_a_slice_ends_when_its_time_is_spent() {
        let sched = Rc::new(Scheduler::new(ticking_clock(1.0)));
        let polls = Rc::new(Cell::new(0));
        for _ in 0..50 {
            let p = polls.clone();
            sched.spawn(async move {
                p.set(p.get() + 1);
                YieldNow::default().await;
            });
        }
        assert_eq!(sched.run_slice(u64::MAX), Slice::Busy);
        assert!(
            polls.get() < 10,
            "{} tasks polled in one slice",
            polls.get()
        );
    }
}
