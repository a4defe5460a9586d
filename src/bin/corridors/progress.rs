//! Long runs on a terminal: a progress bar on stderr, and Ctrl-C stopping the work cleanly.
//!
//! The commands whose work an option multiplies (reliability samples, draws, alternatives,
//! criticality, matrices) attach a [`Progress`] from [`watch`] to their query. Its ticks draw
//! a bar on stderr, but only when stderr is a terminal and the output is a table (not
//! `--json` or `--csv`), and only once the run has gone on for [`QUIET`] and looks like it has
//! a while left, so quick runs print nothing. The first Ctrl-C sets the progress's cancel
//! flag: the query stops at its next batch with `QueryError::Cancelled`, and the command
//! prints that on stderr and exits with 130, printing nothing on stdout. A second Ctrl-C, or
//! a first one while no query is listening, exits with 130 at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use console::Term;
use corridors::{Progress, Tick};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// How long a run goes on before a bar may appear.
const QUIET: Duration = Duration::from_millis(300);
/// The least time a run should look to have left for its bar to appear.
const WORTH_SHOWING: Duration = Duration::from_millis(200);
/// The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report one.
pub const INTERRUPTED: u8 = 130;

/// The cancel flag Ctrl-C sets, shared by every watcher.
fn flag() -> &'static Arc<AtomicBool> {
    static FLAG: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    FLAG.get_or_init(|| Arc::new(AtomicBool::new(false)))
}

/// Whether a query has ticked, and so checks the cancel flag between its batches.
static LISTENING: AtomicBool = AtomicBool::new(false);

/// The bar of this run, once a watcher with a bar exists.
static BAR: OnceLock<Bar> = OnceLock::new();

/// A bar, hidden until the run has gone on long enough, and the phase it shows.
struct Bar {
    bar: ProgressBar,
    start: Instant,
    state: Mutex<Phase>,
}

/// The phase a bar shows: what it counts, of how many, the most done yet, since when.
struct Phase {
    what: &'static str,
    total: usize,
    done: usize,
    since: Instant,
    shown: bool,
}

/// Makes Ctrl-C cancel the watched query (see the module's notes). Call once, first thing.
pub fn on_ctrl_c() {
    // Without a handler (one already set, say), Ctrl-C keeps its default: end the process.
    let _ = ctrlc::set_handler(|| {
        let again = flag().swap(true, Ordering::SeqCst);
        if again || !LISTENING.load(Ordering::SeqCst) {
            finish();
            std::process::exit(i32::from(INTERRUPTED));
        }
    });
}

/// Whether Ctrl-C was pressed.
pub fn interrupted() -> bool {
    flag().load(Ordering::SeqCst)
}

/// A watcher for one query: it listens for Ctrl-C, and with `bar` draws the progress bar on
/// stderr (the caller has checked that stderr is a terminal and the output is a table).
pub fn watch(bar: bool) -> Progress {
    let progress = Progress::new().cancel_flag(flag().clone());
    let bar = bar.then(|| {
        BAR.get_or_init(|| {
            let style = ProgressStyle::with_template(
                "[{bar:30}] {human_pos}/{human_len} {msg} · {elapsed} elapsed, about {eta} left",
            )
            .expect("the template is valid")
            .progress_chars("=> ");
            let now = Instant::now();
            Bar {
                bar: ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden())
                    .with_style(style),
                start: now,
                state: Mutex::new(Phase {
                    what: "",
                    total: 0,
                    done: 0,
                    since: now,
                    shown: false,
                }),
            }
        })
    });
    progress.on_tick(move |t| {
        LISTENING.store(true, Ordering::SeqCst);
        if let Some(b) = bar {
            b.tick(t);
        }
    })
}

impl Bar {
    fn tick(&self, t: Tick) {
        let Ok(mut p) = self.state.lock() else {
            return;
        };
        let now = Instant::now();
        if (p.what, p.total) != (t.what, t.total) {
            *p = Phase {
                what: t.what,
                total: t.total,
                done: 0,
                since: now,
                shown: p.shown,
            };
            self.bar.set_length(t.total as u64);
            self.bar.set_message(t.what);
            self.bar.reset_eta();
        }
        // Ticks from several threads may arrive out of order: the bar never goes back.
        p.done = p.done.max(t.done);
        self.bar.set_position(p.done as u64);
        if !p.shown && now - self.start >= QUIET && worth_showing(&p, now) {
            p.shown = true;
            self.bar
                .set_draw_target(ProgressDrawTarget::term_like_with_hz(
                    Box::new(Short(Term::stderr())),
                    15,
                ));
        }
    }
}

/// Whether a phase looks to have a while left: at its pace so far, at least
/// [`WORTH_SHOWING`] (a phase that has done nothing yet may take any time).
fn worth_showing(p: &Phase, now: Instant) -> bool {
    if p.done == 0 || p.total == 0 {
        return p.total > 0;
    }
    let left = (p.total - p.done.min(p.total)) as f64 / p.done as f64;
    (now - p.since).as_secs_f64() * left >= WORTH_SHOWING.as_secs_f64()
}

/// Clears the bar, if one was drawn, before the output or an error is printed.
pub fn finish() {
    if let Some(b) = BAR.get() {
        b.bar.finish_and_clear();
    }
}

/// Stderr as a terminal two columns narrower than it is. indicatif pads the bar's line to
/// the terminal's edge; the `^C` a terminal echoes would then wrap to a new line, and the
/// bar, cleared on the line below it, would stay above the message.
#[derive(Debug)]
struct Short(Term);

impl TermLike for Short {
    fn width(&self) -> u16 {
        self.0.size().1.saturating_sub(2).max(1)
    }

    fn height(&self) -> u16 {
        self.0.size().0
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_up(n)
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_down(n)
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_right(n)
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.0.move_cursor_left(n)
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.0.write_line(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.0.write_str(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.0.clear_line()
    }

    fn flush(&self) -> std::io::Result<()> {
        self.0.flush()
    }
}
