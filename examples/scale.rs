//! How the crate's costs grow with the network: a seeded synthetic network of N places
//! (10,000 unless given) written to a TOML file, loaded back, routed corner to corner,
//! scanned for critical links and drawn as an SVG map, each step with its time and the
//! process's peak memory during it (the loaded network included).
//!
//! Run: `cargo run --release --all-features --example scale -- 1000000`. The file goes to
//! the system's temporary folder and is removed at the end.

use std::time::Instant;

use corridors::{CriticalQuery, Map, Metric, Network, RouteQuery};

/// The peak resident memory since the last [`reset_peak`], in MB, where Linux reports it.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Starts a new peak-memory count (Linux: writing 5 to `clear_refs`); elsewhere the peak
/// stays the process's.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn report(step: &str, started: Instant, note: &str) {
    let secs = started.elapsed().as_secs_f64();
    let peak = peak_mb().map_or("—".to_string(), |mb| format!("{mb:.0} MB"));
    println!("{step:<28} {secs:>8.2} s {peak:>10}  {note}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a.replace(['_', ','], "").parse()?,
        None => 10_000,
    };
    println!("{n} places; peak memory is the process's during each step\n");

    let t = Instant::now();
    let path = std::env::temp_dir().join(format!("corridors-scale-{n}.toml"));
    let text = corridors::synthetic::network(n, 2).to_toml();
    std::fs::write(&path, &text)?;
    let bytes = text.len();
    drop(text);
    report(
        "generate and write",
        t,
        &format!("{:.0} MB file", bytes as f64 / 1e6),
    );

    reset_peak();
    let t = Instant::now();
    let net = Network::from_path(&path)?;
    std::fs::remove_file(&path)?;
    let per_place = peak_mb().map_or(String::new(), |mb| {
        format!(", {:.1} KB of peak a place", mb * 1024.0 / n as f64)
    });
    let links = net.links().len();
    report("load", t, &format!("{links} links{per_place}"));

    let m = net.nodes().len();
    reset_peak();
    let t = Instant::now();
    let q = RouteQuery::new("n0", format!("n{}", m - 1)).metric(Metric::Cost);
    let answer = net.route(&q)?;
    let legs = answer.route.as_ref().map_or(0, |r| r.legs.len());
    report("route, cost, corner to corner", t, &format!("{legs} legs"));

    reset_peak();
    let t = Instant::now();
    // Five flows from the first tenth of places (the south-west) to the last (the north-east).
    let flows = (0..5).fold(CriticalQuery::new(), |q, i| {
        let a = (i * 7919) % (m / 10).max(1);
        let b = m - 1 - (i * 104_729) % (m / 10).max(1);
        q.pair(format!("n{a}"), format!("n{b}"), 1.0 + i as f64)
    });
    let critical = net.critical(&flows)?;
    report(
        "critical, 5 flows",
        t,
        &format!("{} links ranked", critical.links.len()),
    );

    reset_peak();
    let t = Instant::now();
    let svg = Map::new(&net).svg();
    report(
        "SVG map",
        t,
        &format!("{:.0} MB of SVG", svg.len() as f64 / 1e6),
    );
    Ok(())
}
