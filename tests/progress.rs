//! Long runs: a watcher hears how far a query has got and can stop it, without changing any
//! answer; the CLI stops cleanly on Ctrl-C and draws its bar only on a terminal.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use corridors::{
    CapacityQuery, CompareQuery, CriticalQuery, DisruptionQuery, MatrixQuery, Network, Progress,
    ProjectsQuery, QueryError, ReliabilityQuery, RouteQuery, Tick,
};

/// A watcher that records every tick.
fn recorder() -> (Progress, Arc<Mutex<Vec<Tick>>>) {
    let ticks = Arc::new(Mutex::new(Vec::new()));
    let seen = ticks.clone();
    let p = Progress::new().on_tick(move |t| seen.lock().unwrap().push(t));
    (p, ticks)
}

#[test]
fn cancelling_reliability_from_the_callback_names_the_counts() {
    let watch = Progress::new();
    let stop = watch.flag();
    let ticks = Arc::new(AtomicUsize::new(0));
    let counted = ticks.clone();
    // Stop at the third tick with samples done (the first, at 0, only opens the phase).
    let watch = watch.on_tick(move |t| {
        if t.what == "samples" && t.done > 0 && counted.fetch_add(1, Ordering::SeqCst) + 1 == 3 {
            stop.store(true, Ordering::SeqCst);
        }
    });
    let q = ReliabilityQuery::new().samples(1_000_000).progress(watch);
    let err = Network::trans_afghan().reliability(&q).unwrap_err();
    // Samples are ticked every 16,384: the third tick is at 49,152.
    assert_eq!(
        err,
        QueryError::Cancelled {
            what: "samples",
            done: 3 * 16_384,
            total: 1_000_000
        }
    );
    assert_eq!(err.to_string(), "stopped after 49,152 of 1,000,000 samples");
    assert_eq!(ticks.load(Ordering::SeqCst), 3, "no tick after the stop");
}

#[test]
fn reliability_ticks_every_phase_up_to_its_total() {
    let (watch, ticks) = recorder();
    let q = ReliabilityQuery::new()
        .pair("kabul", "karachi", 1.0)
        .samples(40_000)
        .seed(3)
        .progress(watch);
    let r = Network::trans_afghan().reliability(&q).unwrap();
    let ticks = ticks.lock().unwrap();
    let last = |what: &str| ticks.iter().rfind(|t| t.what == what).copied();
    let samples = last("samples").unwrap();
    assert_eq!((samples.done, samples.total), (40_000, 40_000));
    let combos = last("scenario combinations").unwrap();
    assert_eq!(combos.done, combos.total);
    assert!(combos.total > 0 && combos.total <= r.cases);
    // Sampling comes first, then the combinations met are routed.
    let first_combo = ticks.iter().position(|t| t.what == "scenario combinations");
    assert!(
        ticks[..first_combo.unwrap()]
            .iter()
            .all(|t| t.what == "samples")
    );
}

#[test]
fn draws_with_lengths_tick_each_option_planned_then_the_draws() {
    let (watch, ticks) = recorder();
    // 2 origins × 1 destination × 3 ports: six options to plan, the lengths drawn too.
    let q = CompareQuery::new(
        ["tashkent", "kabul"],
        ["mundra"],
        ["chabahar", "karachi", "gwadar"],
    )
    .draws(50)
    .draw_lengths(true)
    .progress(watch);
    Network::trans_afghan().compare(&q).unwrap();
    let ticks = ticks.lock().unwrap();
    let plans: Vec<usize> = ticks
        .iter()
        .filter(|t| t.what == "route plans")
        .map(|t| t.done)
        .collect();
    assert_eq!(
        plans.len(),
        7,
        "opened at 0, then one tick an option: {plans:?}"
    );
    assert_eq!(plans.iter().max(), Some(&6));
    assert!(
        ticks
            .iter()
            .all(|t| t.what != "route plans" || t.total == 6)
    );
    // Every plan is ticked before the first draw.
    let first_draw = ticks.iter().position(|t| t.what == "draws").unwrap();
    assert!(ticks[first_draw..].iter().all(|t| t.what == "draws"));
}

#[test]
fn projects_tick_valuations_rounds_and_draws_in_turn_up_to_their_totals() {
    let (watch, ticks) = recorder();
    let q = ProjectsQuery::new().draws(4).seed(1).progress(watch);
    let r = Network::trans_afghan().rank_projects(&q).unwrap();
    let p = r.projects.len();
    let ticks = ticks.lock().unwrap();
    // The phases come one after another, each opened at 0; the build order's rounds, one
    // after another, never go back (the other phases tick from every core, in any order).
    let mut phases: Vec<(&str, usize)> = Vec::new();
    for (i, t) in ticks.iter().enumerate() {
        if phases.last().map(|x| x.0) != Some(t.what) {
            assert_eq!(t.done, 0, "{t:?} opens its phase");
            phases.push((t.what, t.total));
        } else if t.what == "build-order rounds" {
            assert!(t.done >= ticks[i - 1].done, "{t:?}");
        }
    }
    assert_eq!(
        phases,
        [
            ("project valuations", 2 + 2 * p + p * (p - 1) / 2),
            ("build-order rounds", p),
            ("project draws", 4),
        ]
    );
    for (what, total) in phases {
        let most = ticks
            .iter()
            .filter(|t| t.what == what)
            .map(|t| t.done)
            .max();
        assert_eq!(most, Some(total), "{what}");
    }
}

#[test]
fn cancelling_projects_midway_names_the_valuations_done() {
    let q = ProjectsQuery::new().progress(cancels_at("project valuations", 20));
    let err = Network::trans_afghan().rank_projects(&q).unwrap_err();
    cancelled_after(err, ("project valuations", 67), 20);
}

/// A watcher that cancels its query once the phase `what` has done `at` steps.
fn cancels_at(what: &'static str, at: usize) -> Progress {
    let watch = Progress::new();
    let stop = watch.flag();
    watch.on_tick(move |t| {
        if t.what == what && t.done >= at {
            stop.store(true, Ordering::SeqCst);
        }
    })
}

/// Asserts that a query stopped in the phase `what` of `total` steps, cancelled once `at`
/// were done: each core may finish the step it is on as the flag is raised.
fn cancelled_after(err: QueryError, (phase, steps): (&str, usize), at: usize) {
    match err {
        QueryError::Cancelled { what, done, total } => {
            assert_eq!((what, total), (phase, steps));
            let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
            assert!((at..=at + cores).contains(&done), "{done}");
        }
        other => panic!("{other}"),
    }
}

/// Each long query, plain and watched: the JSON of the answers must be the same bytes.
#[test]
fn answers_with_a_watcher_equal_answers_without_byte_for_byte() {
    let net = Network::trans_afghan();
    let json = |x: &dyn erased::Json| x.json();
    let (w, _) = recorder();
    let pairs: Vec<(String, String)> = vec![
        {
            // One flow: each combination of scenarios met is one route search.
            let q = ReliabilityQuery::new()
                .pair("kabul", "karachi", 1.0)
                .samples(30_000)
                .seed(5);
            (
                json(&net.reliability(&q).unwrap()),
                json(&net.reliability(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = ReliabilityQuery::new().pair("termez", "chabahar", 2.0);
            (
                json(&net.reliability(&q).unwrap()),
                json(&net.reliability(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = RouteQuery::new("tashkent", "karachi")
                .draws(3_000)
                .seed(4)
                .alternatives(6);
            (
                json(&net.route(&q).unwrap()),
                json(&net.route(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = RouteQuery::new("tashkent", "mundra")
                .via_port("chabahar")
                .alternatives(4);
            (
                json(&net.route(&q).unwrap()),
                json(&net.route(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = CompareQuery::new(
                ["tashkent", "kabul"],
                ["mundra"],
                ["chabahar", "karachi", "bandar-abbas"],
            )
            .draws(2_000)
            .seed(8);
            (
                json(&net.compare(&q).unwrap()),
                json(&net.compare(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = ProjectsQuery::new()
                .project("mazar-herat")
                .project("khaf-herat-section-4")
                .draws(3)
                .seed(2);
            (
                json(&net.rank_projects(&q).unwrap()),
                json(&net.rank_projects(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = CriticalQuery::new().nodes(true).capacity(true);
            (
                json(&net.critical(&q).unwrap()),
                json(&net.critical(&q.progress(w.clone())).unwrap()),
            )
        },
        {
            let q = MatrixQuery::new(["kabul", "termez", "herat"], ["karachi", "chabahar"]);
            (
                json(&net.matrix(&q).unwrap()),
                json(&net.matrix(&q.progress(w.clone())).unwrap()),
            )
        },
    ];
    for (plain, watched) in pairs {
        assert_eq!(plain, watched);
    }
}

/// A watcher is not part of a query: not in its JSON, and not in its equality.
#[test]
fn a_query_is_the_same_query_watched_or_not() {
    let (w, _) = recorder();
    let q = RouteQuery::new("kabul", "karachi").draws(10);
    let watched = q.clone().progress(w.clone());
    assert_eq!(q, watched);
    assert_eq!(
        serde_json::to_string(&q).unwrap(),
        serde_json::to_string(&watched).unwrap()
    );
    let back: RouteQuery = serde_json::from_str(&serde_json::to_string(&watched).unwrap()).unwrap();
    assert_eq!(back, q);
    let r = ReliabilityQuery::new().samples(7);
    assert_eq!(r, r.clone().progress(w));
}

#[test]
fn criticality_with_draws_ticks_its_own_phases_then_each_draw() {
    let net = Network::trans_afghan();
    let (watch, ticks) = recorder();
    let q = CriticalQuery::new().joint(false).draws(12).progress(watch);
    let c = net.critical(&q).unwrap();
    let ticks = ticks.lock().unwrap();
    let last = |what: &str| {
        ticks
            .iter()
            .filter(|t| t.what == what)
            .map(|t| (t.done, t.total))
            .max()
    };
    assert_eq!(last("links"), Some((c.evaluated, c.evaluated)));
    assert_eq!(last("criticality draws"), Some((12, 12)));
    let first_draw = ticks
        .iter()
        .position(|t| t.what == "criticality draws")
        .unwrap();
    assert!(
        ticks[first_draw..]
            .iter()
            .all(|t| t.what == "criticality draws")
    );
}

#[test]
fn a_matrix_ticks_its_origins_then_its_draws_and_stops_among_them() {
    let (watch, ticks) = recorder();
    let q = MatrixQuery::new(["kabul", "termez", "herat"], ["karachi", "chabahar"]).draws(6);
    let net = Network::trans_afghan();
    let watched = net.matrix(&q.clone().progress(watch)).unwrap();
    assert_eq!(watched, net.matrix(&q).unwrap());
    let ticks = ticks.lock().unwrap();
    let phases: Vec<(&str, usize)> = ticks.iter().fold(Vec::new(), |mut v, t| {
        if v.last().map(|x: &(&str, usize)| x.0) != Some(t.what) {
            v.push((t.what, t.total));
        }
        v
    });
    assert_eq!(phases, [("origins", 3), ("matrix draws", 6)]);
    assert_eq!(ticks.iter().map(|t| t.done).max(), Some(6));
    let stop = q.draws(40).progress(cancels_at("matrix draws", 3));
    cancelled_after(net.matrix(&stop).unwrap_err(), ("matrix draws", 40), 3);
}

#[test]
fn cancelling_criticality_among_its_draws_names_the_draws_done() {
    let q = CriticalQuery::new()
        .joint(false)
        .draws(40)
        .progress(cancels_at("criticality draws", 2));
    let err = Network::trans_afghan().critical(&q).unwrap_err();
    cancelled_after(err, ("criticality draws", 40), 2);
}

#[test]
fn every_long_query_stops_when_its_watcher_is_cancelled() {
    let net = Network::trans_afghan();
    let w = Progress::new();
    w.cancel();
    let stopped = |e: QueryError| match e {
        QueryError::Cancelled { what, done, total } => (what, done, total),
        other => panic!("{other}"),
    };
    let r = ReliabilityQuery::new().samples(1_000).progress(w.clone());
    assert_eq!(
        stopped(net.reliability(&r).unwrap_err()),
        ("samples", 0, 1_000)
    );
    let exact = ReliabilityQuery::new().progress(w.clone());
    assert_eq!(
        stopped(net.reliability(&exact).unwrap_err()).0,
        "scenario combinations"
    );
    let draws = RouteQuery::new("kabul", "karachi")
        .draws(500)
        .progress(w.clone());
    assert_eq!(
        stopped(net.route(&draws).unwrap_err()),
        ("route plans", 0, 1)
    );
    let alternatives = RouteQuery::new("kabul", "karachi")
        .alternatives(5)
        .progress(w.clone());
    assert_eq!(
        stopped(net.route(&alternatives).unwrap_err()),
        ("alternatives", 0, 5)
    );
    let port = RouteQuery::new("tashkent", "mundra")
        .via_port("chabahar")
        .alternatives(3)
        .progress(w.clone());
    assert_eq!(
        stopped(net.route(&port).unwrap_err()),
        ("alternatives on either side of the port", 0, 12)
    );
    let compare = CompareQuery::new(["kabul"], ["mundra"], ["chabahar", "karachi"])
        .draws(100)
        .progress(w.clone());
    assert_eq!(
        stopped(net.compare(&compare).unwrap_err()),
        ("route plans", 0, 2)
    );
    let projects = ProjectsQuery::new().draws(5).progress(w.clone());
    assert_eq!(
        stopped(net.rank_projects(&projects).unwrap_err()),
        ("project valuations", 0, 2 + 2 * 10 + 45)
    );
    let critical = CriticalQuery::new().progress(w.clone());
    assert_eq!(stopped(net.critical(&critical).unwrap_err()).0, "links");
    // Answers drawn again: the draws are counted (criticality's after its own phases, at the
    // file's figures, which stop it first here).
    let critical = CriticalQuery::new().draws(20).progress(w.clone());
    assert_eq!(stopped(net.critical(&critical).unwrap_err()).0, "links");
    let disruption = DisruptionQuery::new()
        .scenario("pak-afghan-closure-2025")
        .draws(50)
        .progress(w.clone());
    assert_eq!(
        stopped(net.disruption(&disruption).unwrap_err()),
        ("disruption draws", 0, 50)
    );
    let capacity = CapacityQuery::new(["termez"], ["karachi"])
        .draws(30)
        .progress(w.clone());
    assert_eq!(
        stopped(net.capacity(&capacity).unwrap_err()),
        ("capacity draws", 0, 30)
    );
    let matrix = MatrixQuery::new(["kabul", "termez"], ["karachi"]).progress(w.clone());
    assert_eq!(stopped(net.matrix(&matrix).unwrap_err()), ("origins", 0, 2));
    // Without draws or alternatives a route has nothing to count, and answers.
    let plain = RouteQuery::new("kabul", "karachi").progress(w);
    assert!(net.route(&plain).unwrap().found());
}

/// Cancelled from another thread while the draws run in parallel: the count stops short.
#[test]
fn draws_stop_midway_when_cancelled_from_another_thread() {
    let net = Network::trans_afghan();
    let q = CompareQuery::new(["tashkent", "kabul"], ["mundra"], ["chabahar", "karachi"])
        .draws(1_000_000)
        .progress(cancels_at("draws", 20_000));
    match net.compare(&q).unwrap_err() {
        QueryError::Cancelled { what, done, total } => {
            assert_eq!((what, total), ("draws", 1_000_000));
            assert!((20_000..1_000_000).contains(&done), "{done}");
        }
        other => panic!("{other}"),
    }
}

/// Reports as JSON text, whatever their type.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

/// The command-line tool, spawned as `tests/cli.rs` does.
#[cfg(all(feature = "cli", unix))]
mod cli {
    use std::io::Read as _;
    use std::process::{Child, Command, Output, Stdio};
    use std::time::{Duration, Instant};

    fn spawn(args: &[&str]) -> Child {
        Command::new(env!("CARGO_BIN_EXE_corridors"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the corridors binary runs")
    }

    /// Waits for a child at most `limit`, killing it past that. Its output is read as it
    /// comes (by two threads), so a child that writes more than a pipe holds never blocks.
    fn wait(mut child: Child, limit: Duration) -> (Output, Duration) {
        let start = Instant::now();
        let drain = |mut r: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                r.read_to_end(&mut buf).unwrap();
                buf
            })
        };
        let stdout = drain(Box::new(child.stdout.take().unwrap()));
        let stderr = drain(Box::new(child.stderr.take().unwrap()));
        let status = loop {
            if let Some(status) = child.try_wait().expect("the child can be waited on") {
                break status;
            }
            if start.elapsed() > limit {
                let _ = child.kill();
                panic!("still running after {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let took = start.elapsed();
        let output = Output {
            status,
            stdout: stdout.join().unwrap(),
            stderr: stderr.join().unwrap(),
        };
        (output, took)
    }

    fn interrupt(child: &Child) {
        let ok = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(ok.success());
    }

    #[test]
    fn ctrl_c_stops_a_long_run_with_130_saying_how_far_it_got_and_no_output() {
        // Ten million samples take many seconds in a debug build.
        let child = spawn(&["reliability", "--samples", "10000000"]);
        std::thread::sleep(Duration::from_millis(700));
        interrupt(&child);
        let (o, took) = wait(child, Duration::from_secs(10));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(130), "{err}");
        assert!(took < Duration::from_secs(3), "took {took:?} to stop");
        assert!(
            o.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
        let line = err.strip_suffix('\n').unwrap_or(&err);
        let rest = line
            .strip_prefix("stopped after ")
            .and_then(|r| r.strip_suffix(" of 10,000,000 samples (Ctrl-C)"))
            .unwrap_or_else(|| panic!("{err}"));
        let done: usize = rest.replace(',', "").parse().unwrap();
        assert!(done < 10_000_000, "{err}");
    }

    #[test]
    fn ctrl_c_stops_json_draws_too() {
        // Ten thousand draws of the split and of criticality take seconds even in a release
        // build (a route's million draws answer in less than the wait before Ctrl-C there).
        for args in [
            &["split", "--draws", "10000", "--json"][..],
            &["critical", "--nodes", "--draws", "10000", "--json"][..],
        ] {
            stopped_by_ctrl_c(args);
        }
    }

    fn stopped_by_ctrl_c(args: &[&str]) {
        let child = spawn(args);
        std::thread::sleep(Duration::from_millis(700));
        interrupt(&child);
        let (o, _) = wait(child, Duration::from_secs(10));
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(130), "{err}");
        assert!(o.stdout.is_empty());
        assert!(
            err.starts_with("stopped after ") && err.ends_with(" (Ctrl-C)\n"),
            "{err}"
        );
    }

    #[test]
    fn a_long_run_into_a_pipe_shows_no_bar() {
        // Long enough for the bar (about a second in a debug build), but stderr is a pipe.
        for args in [
            &["route", "tashkent", "karachi", "--draws", "300000"][..],
            &[
                "route", "tashkent", "karachi", "--draws", "300000", "--json",
            ][..],
        ] {
            let (o, _) = wait(spawn(args), Duration::from_secs(60));
            assert_eq!(o.status.code(), Some(0));
            assert!(
                o.stderr.is_empty(),
                "{:?}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(!o.stdout.is_empty());
        }
    }

    /// On a terminal (a pseudo-terminal made by `script`, where there is one), the bar is
    /// drawn and cleared for a table, and not drawn at all for JSON.
    #[test]
    fn on_a_terminal_the_bar_shows_for_tables_only() {
        let has_script = Command::new("script")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has_script {
            eprintln!("no `script` here to make a terminal: skipped");
            return;
        }
        let on_terminal = |extra: &str| {
            let cmd = format!(
                "{} route tashkent karachi --draws 600000 {extra}",
                env!("CARGO_BIN_EXE_corridors")
            );
            let o = Command::new("script")
                .args(["-qec", &cmd, "/dev/null"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .stdin(Stdio::null())
                .output()
                .expect("script runs");
            assert!(o.status.success(), "{o:?}");
            String::from_utf8_lossy(&o.stdout).into_owned()
        };
        let table = on_terminal("");
        // 600,000 draws take a second or two in a debug build, a blink in a release one.
        if cfg!(debug_assertions) {
            assert!(table.contains(" draws · "), "{table}");
        }
        assert!(table.contains("600,000 draws"), "{table}");
        let json = on_terminal("--json");
        assert!(!json.contains(" draws · "), "{json}");
        assert!(json.contains("\"n\": 600000"), "{json}");
    }
}
