//! Watching a long query: how far it has got, and asking it to stop.
//!
//! A [`Progress`] is attached to a query by its caller. The query's work reports to it through
//! a crate-private [`Meter`], in batches (a block of samples, a draw block, a link), so a
//! watched query costs one atomic add and one flag load per batch, and an unwatched one a
//! branch. A watcher only observes: a query answers the same bytes with or without one.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// One report from a running query: `done` of `total` units of `what` (`samples`, `draws`,
/// `alternatives`, …). A query may work in phases, each with its own `what` and `total`.
///
/// # Example
/// ```
/// let t = corridors::Tick::new(250, 1_000, "samples");
/// assert_eq!((t.done, t.total, t.what), (250, 1_000, "samples"));
/// assert_eq!(t.fraction(), 0.25);
/// assert_eq!(t.to_string(), "250 of 1,000 samples");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tick {
    /// Units of this phase done so far (at most `total`). Ticks from several threads may
    /// arrive slightly out of order: keep the largest `done` seen.
    pub done: usize,
    /// Units this phase has in all.
    pub total: usize,
    /// What the units are, plural: `samples`, `scenario combinations` (reliability);
    /// `route plans`, `draws` (route and compare draws); `alternatives`, `alternatives on
    /// either side of the port` (routes); `origins` (matrix); `links`, `capacity losses`,
    /// `joint-cut searches`, `places`, `criticality draws` (criticality); `project
    /// valuations`, `build-order rounds`, `route-choice valuations`, `route-choice build-order
    /// rounds`, `route-choice pairs and last values`, `project draws` (projects); `routes of
    /// each flow`, `flows holding their cheapest route at the prices`, `split draws` (split);
    /// `capacity draws`, `optimal draws`, `disruption draws`.
    pub what: &'static str,
}

impl Tick {
    /// A tick of `done` of `total` units of `what`.
    ///
    /// # Example
    /// ```
    /// let t = corridors::Tick::new(3, 4, "draws");
    /// assert_eq!(t.total, 4);
    /// ```
    pub fn new(done: usize, total: usize, what: &'static str) -> Tick {
        Tick { done, total, what }
    }

    /// The share of the phase done, from 0 to 1 (1 for a phase with nothing to do).
    ///
    /// # Example
    /// ```
    /// assert_eq!(corridors::Tick::new(0, 0, "links").fraction(), 1.0);
    /// ```
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.done.min(self.total) as f64 / self.total as f64
        }
    }
}

impl fmt::Display for Tick {
    /// `1,234 of 100,000 samples`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} of {} {}",
            grouped(self.done),
            grouped(self.total),
            self.what
        )
    }
}

/// What a watcher calls on each tick.
type OnTick = dyn Fn(Tick) + Send + Sync;

/// A watcher for a long query: it hears how far the work has got ([`Tick`]s, through a
/// callback) and can stop it (a cancel flag, which a Ctrl-C handler or the callback itself
/// may set). Attach one with the `progress` builder of a query whose work an option
/// multiplies: [`ReliabilityQuery`](crate::ReliabilityQuery) (samples),
/// [`RouteQuery`](crate::RouteQuery) (draws, alternatives),
/// [`CompareQuery`](crate::CompareQuery) (draws), [`ProjectsQuery`](crate::ProjectsQuery)
/// (draws), [`CriticalQuery`](crate::CriticalQuery) (links, or draws),
/// [`CapacityQuery`](crate::CapacityQuery), [`OptimalQuery`](crate::OptimalQuery),
/// [`SplitQuery`](crate::SplitQuery) and [`DisruptionQuery`](crate::DisruptionQuery) (draws)
/// and [`MatrixQuery`](crate::MatrixQuery) (origins).
///
/// A cancelled query returns [`QueryError::Cancelled`](crate::QueryError::Cancelled), saying
/// how much of what it had done. A watcher never changes an answer: a query answers the same,
/// byte for byte, with or without one. It is not part of the query either: it is not
/// serialised, and a query equals the same query watched or not. Clones share the flag and
/// the callback.
///
/// # Example
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use corridors::{Network, Progress, QueryError, ReliabilityQuery};
///
/// let net = Network::trans_afghan();
/// let seen = Arc::new(AtomicUsize::new(0));
/// let counter = seen.clone();
/// let watch = Progress::new().on_tick(move |t| {
///     counter.fetch_max(t.done, Ordering::Relaxed);
/// });
/// let q = ReliabilityQuery::new().samples(50_000).progress(watch.clone());
/// let r = net.reliability(&q).unwrap();
/// assert!(seen.load(Ordering::Relaxed) > 0);
/// // The same answer as unwatched, and the same query.
/// let plain = ReliabilityQuery::new().samples(50_000);
/// assert_eq!(r, net.reliability(&plain).unwrap());
/// assert_eq!(q, plain);
///
/// // Cancelled before it starts: stopped after nothing.
/// watch.cancel();
/// let err = net.reliability(&q).unwrap_err();
/// assert!(matches!(err, QueryError::Cancelled { done: 0, .. }));
/// ```
#[derive(Clone, Default)]
pub struct Progress {
    cancel: Arc<AtomicBool>,
    on_tick: Option<Arc<OnTick>>,
}

impl Progress {
    /// A watcher with no callback and its own cancel flag, not set.
    ///
    /// # Example
    /// ```
    /// let p = corridors::Progress::new();
    /// assert!(!p.is_cancelled());
    /// ```
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Calls `f` with each tick of the work, from whichever thread did it: keep it quick
    /// (it runs between batches of the work) and thread-safe. To stop the work from it, set
    /// the flag of [`Progress::flag`].
    ///
    /// # Example
    /// ```
    /// use std::sync::atomic::Ordering;
    /// use corridors::{Network, Progress, QueryError, RouteQuery};
    /// let watch = Progress::new();
    /// let stop = watch.flag();
    /// // Stop once a tenth of the draws are done.
    /// let watch = watch.on_tick(move |t| {
    ///     if t.what == "draws" && 10 * t.done >= t.total {
    ///         stop.store(true, Ordering::Relaxed);
    ///     }
    /// });
    /// let q = RouteQuery::new("tashkent", "karachi").draws(100_000).progress(watch);
    /// match Network::trans_afghan().route(&q) {
    ///     Err(QueryError::Cancelled { done, total, what }) => {
    ///         assert_eq!((what, total), ("draws", 100_000));
    ///         assert!(done >= 10_000 && done < 100_000);
    ///     }
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    pub fn on_tick(mut self, f: impl Fn(Tick) + Send + Sync + 'static) -> Progress {
        self.on_tick = Some(Arc::new(f));
        self
    }

    /// Uses `flag` as the cancel flag: setting it (from any thread, a signal handler's
    /// included) stops the work at its next batch.
    ///
    /// # Example
    /// ```
    /// use std::sync::atomic::{AtomicBool, Ordering};
    /// use std::sync::Arc;
    /// let interrupted = Arc::new(AtomicBool::new(false));
    /// let p = corridors::Progress::new().cancel_flag(interrupted.clone());
    /// interrupted.store(true, Ordering::Relaxed);
    /// assert!(p.is_cancelled());
    /// ```
    pub fn cancel_flag(mut self, flag: Arc<AtomicBool>) -> Progress {
        self.cancel = flag;
        self
    }

    /// The cancel flag, to set from elsewhere (a callback, a signal handler, another thread).
    ///
    /// # Example
    /// ```
    /// let p = corridors::Progress::new();
    /// p.flag().store(true, std::sync::atomic::Ordering::Relaxed);
    /// assert!(p.is_cancelled());
    /// ```
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// Asks the work to stop at its next batch.
    ///
    /// # Example
    /// ```
    /// let p = corridors::Progress::new();
    /// p.clone().cancel(); // clones share the flag
    /// assert!(p.is_cancelled());
    /// ```
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Whether the work was asked to stop.
    ///
    /// # Example
    /// ```
    /// assert!(!corridors::Progress::new().is_cancelled());
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

impl fmt::Debug for Progress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Progress")
            .field("cancelled", &self.is_cancelled())
            .field("on_tick", &self.on_tick.is_some())
            .finish()
    }
}

/// Work stopped by a watcher: `done` of `total` units of `what`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stopped(pub Tick);

/// One phase of a query's work, reporting to its watcher, if any. Shared by reference across
/// threads: `add` from each.
pub(crate) struct Meter<'a> {
    progress: Option<&'a Progress>,
    what: &'static str,
    total: usize,
    /// Raw units counted per reported unit (a draw of a question with several rows counts
    /// once per row).
    per: usize,
    done: AtomicUsize,
}

impl<'a> Meter<'a> {
    /// Starts a phase of `total` units of `what`: reports 0 done, and stops at once if the
    /// watcher was already cancelled.
    pub(crate) fn start(
        progress: Option<&'a Progress>,
        what: &'static str,
        total: usize,
    ) -> Result<Meter<'a>, Stopped> {
        Meter::start_per(progress, what, total, 1)
    }

    /// [`Meter::start`], counting `per` raw units to one unit reported.
    pub(crate) fn start_per(
        progress: Option<&'a Progress>,
        what: &'static str,
        total: usize,
        per: usize,
    ) -> Result<Meter<'a>, Stopped> {
        let m = Meter {
            progress,
            what,
            total,
            per: per.max(1),
            done: AtomicUsize::new(0),
        };
        m.add(0)?;
        Ok(m)
    }

    /// Counts `n` more raw units done, tells the watcher, and stops if it was cancelled.
    pub(crate) fn add(&self, n: usize) -> Result<(), Stopped> {
        let Some(p) = self.progress else {
            return Ok(());
        };
        let raw = self.done.fetch_add(n, Ordering::Relaxed) + n;
        let tick = Tick::new((raw / self.per).min(self.total), self.total, self.what);
        if let Some(f) = &p.on_tick {
            f(tick);
        }
        if p.is_cancelled() {
            return Err(Stopped(tick));
        }
        Ok(())
    }

    /// Sets the raw units done to `n` (work whose measure can fall as well as rise, as the
    /// flows settled in a round of pricing), tells the watcher, and stops if it was cancelled.
    pub(crate) fn set(&self, n: usize) -> Result<(), Stopped> {
        self.done.store(n, Ordering::Relaxed);
        self.add(0)
    }

    /// Stops if the watcher was cancelled, counting nothing.
    pub(crate) fn check(&self) -> Result<(), Stopped> {
        match self.progress {
            Some(p) if p.is_cancelled() => Err(Stopped(Tick::new(
                (self.done.load(Ordering::Relaxed) / self.per).min(self.total),
                self.total,
                self.what,
            ))),
            _ => Ok(()),
        }
    }
}

/// A count with its thousands grouped by commas: `1,234,567`.
pub(crate) fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands() {
        for (n, s) in [
            (0, "0"),
            (12, "12"),
            (999, "999"),
            (1_000, "1,000"),
            (100_000, "100,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(n), s);
        }
    }

    #[test]
    fn a_meter_reports_per_unit_and_stops_when_cancelled() {
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let s = seen.clone();
        let p = Progress::new().on_tick(move |t| s.lock().unwrap().push(t.done));
        let m = Meter::start_per(Some(&p), "draws", 10, 2).unwrap();
        m.add(4).unwrap();
        m.add(3).unwrap();
        assert_eq!(*seen.lock().unwrap(), [0, 2, 3]);
        p.cancel();
        assert_eq!(m.check(), Err(Stopped(Tick::new(3, 10, "draws"))));
        assert_eq!(m.add(2), Err(Stopped(Tick::new(4, 10, "draws"))));
        // Unwatched work never stops.
        let free = Meter::start(None, "samples", 5).unwrap();
        assert!(free.add(100).is_ok() && free.check().is_ok());
    }
}
