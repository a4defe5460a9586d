//! `corridors`: routes, capacity and disruptions on the trans-Afghan freight network.
//!
//! Exit codes: 0 success, 1 bad input or query (message on stderr, naming the id), 2 usage,
//! 130 stopped by Ctrl-C (what was done on stderr, nothing on stdout).

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

/// Appends a line to the output buffer (writing to a `String` cannot fail).
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

// Beside this file, not in src/bin/ where cargo would take it for a binary of its own.
#[path = "corridors/args.rs"]
mod args;
#[path = "corridors/critical.rs"]
mod critical;
#[path = "corridors/export.rs"]
mod export;
#[path = "corridors/progress.rs"]
mod progress;
#[path = "corridors/split.rs"]
mod split;

use args::{DrawArgs, Drawn as _, Draws, FilterArgs, HeldDrawArgs, LossArgs};
use clap::{Parser, Subcommand};
use corridors::{
    AssignQuery, CapacityQuery, CompareQuery, Discount, DisruptionQuery, LinkTable, MatrixQuery,
    Metric, Network, NodeTable, OptimalQuery, ParseEnumError, ProjectsQuery, ReliabilityQuery,
    RouteQuery, SensitivityQuery, SourceTable, SplitQuery, capacity_csv, legs_csv, links_csv,
    loads_csv, matrix_csv, nodes_csv, observed_csv, routes_csv,
};
use critical::CriticalArgs;

#[derive(Parser)]
#[command(
    name = "corridors",
    version,
    about = "Routes, capacity and disruptions on the trans-Afghan freight network"
)]
struct Cli {
    /// Network file to use instead of the bundled trans-Afghan network.
    #[arg(long, global = true, value_name = "FILE")]
    network: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a network file: print a summary, or every problem (exit 1).
    Check {
        /// The file to check (in place of --network, which does not apply).
        #[arg(conflicts_with = "network")]
        file: PathBuf,
    },
    /// List the nodes.
    Nodes {
        /// Print CSV (RFC 4180) instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// List the links.
    Links {
        /// Print CSV (RFC 4180) instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
    },
    /// List the sources the network's figures rest on, and how many records cite each.
    Sources,
    /// What links and places were counted carrying ([[observed]]), as Mt/yr beside their capacity.
    Observed {
        /// Only the counts at or on these places: node, link, country code or corridor ids.
        places: Vec<String>,
        /// Print CSV (RFC 4180) instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Beside each count, what the file's demands carried at least cost today put there.
        #[arg(long)]
        modelled: bool,
        /// With --modelled: the demands spread over their cheapest routes at this spread
        /// (`corridors split`) instead of the least-cost assignment; a fit line follows.
        #[arg(long, requires = "modelled")]
        theta: Option<f64>,
        /// With --theta: the split within every capacity (`corridors split --within-capacity`).
        #[arg(long, requires = "theta")]
        within_capacity: bool,
    },
    /// The best route between two nodes.
    Route {
        /// Origin node id.
        from: String,
        /// Destination node id.
        to: String,
        /// What to minimise.
        #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
        metric: Metric,
        /// Pass through this node (repeat for several, in order).
        #[arg(long = "via", value_name = "ID")]
        via: Vec<String>,
        /// Reach the sea at this port: land up to it, sea after it.
        #[arg(long = "via-port", value_name = "ID")]
        via_port: Option<String>,
        /// Also list the K best loopless routes.
        #[arg(long, value_name = "K", default_value_t = 0)]
        alternatives: usize,
        /// Drop alternatives sharing more than this fraction of length with a better one.
        #[arg(long, value_name = "FRACTION")]
        max_overlap: Option<f64>,
        /// Print the route's legs as CSV (RFC 4180) instead of a table, each with the
        /// transfers made at its end (transfer_hours, transfer_usd_per_t), so the columns add
        /// up to the route's totals.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        #[command(flatten)]
        draws: DrawArgs,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Compare the best routes through competing ports, side by side.
    Compare {
        /// Origin node ids.
        #[arg(required = true)]
        from: Vec<String>,
        /// Destination node ids.
        #[arg(long = "to", required = true, num_args = 1..)]
        to: Vec<String>,
        /// Ports to route through, one column each.
        #[arg(long = "via-port", value_name = "ID")]
        via_port: Vec<String>,
        /// What decides the winner.
        #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
        metric: Metric,
        #[command(flatten)]
        draws: DrawArgs,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// What would flip the answer: every uncertain figure moved alone to its low and high
    /// (a tornado, largest swing first), and where the winner changes, the break-even value.
    Sensitivity {
        /// Origin node id.
        from: String,
        /// Destination node id.
        to: String,
        /// Compare routes through these ports (repeat); none: the best route.
        #[arg(long = "via-port", value_name = "ID")]
        via_port: Vec<String>,
        /// What decides the winner.
        #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
        metric: Metric,
        /// Show only the N largest swings (the JSON keeps every parameter).
        #[arg(long, value_name = "N")]
        top: Option<usize>,
        /// Also write the tornado as SVG to this file.
        #[arg(long, value_name = "FILE")]
        svg: Option<std::path::PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Maximum flow, minimum cut and widest path between groups of places; or, with
    /// --demands, the file's cargo demands carried at the least total cost within capacities,
    /// with the bottlenecks worth widening.
    Capacity {
        /// Origin node ids.
        #[arg(long = "from", value_name = "ID", num_args = 1.., required_unless_present = "demands")]
        from: Vec<String>,
        /// Destination node ids.
        #[arg(long = "to", value_name = "ID", num_args = 1.., required_unless_present = "demands")]
        to: Vec<String>,
        /// Use design capacities (the figures lines reach later) where published.
        #[arg(long)]
        design: bool,
        /// Assign the file's [[demands]] instead, at the least total cost, with the shadow
        /// price of every capacity that binds and what the optimum saves over --greedy.
        #[arg(long, conflicts_with_all = ["from", "to"])]
        demands: bool,
        /// With --demands: the greedy assignment instead (cheapest route first, then
        /// max-flow), the fast baseline.
        #[arg(long, requires = "demands", conflicts_with_all = ["from", "to"])]
        greedy: bool,
        /// Print the flow (or, with --demands, the load) on each link as CSV (RFC 4180).
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        /// Solve again in N draws of every uncertain figure (lengths held): the maximum flow's
        /// percentiles and how often each link or place is on the minimum cut; with --demands
        /// each flow's cost, each load and each shadow price, and how often each capacity is
        /// full.
        #[arg(long, value_name = "N", conflicts_with_all = ["greedy", "csv"], default_value_t = 0)]
        draws: usize,
        /// Seed of the draws: the same seed gives the same answer, byte for byte.
        #[arg(long, value_name = "S", requires = "draws", default_value_t = 0)]
        seed: u64,
        /// With --draws: stratify them (Latin hypercube); see `route --help`.
        #[arg(long, requires = "draws")]
        stratified: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Which planned line or upgrade of the file ([[projects]]) is worth building: each one's
    /// saving, demand newly carried, capacity added and payback at the file's demands, alone,
    /// in pairs and in the order to build them; with --discount, its net present value and
    /// discounted payback too.
    Projects {
        /// Look at this project only (repeat for several; default: every one).
        #[arg(long = "project", value_name = "ID")]
        only: Vec<String>,
        /// Use design capacities (the figures lines reach later) where published.
        #[arg(long)]
        design: bool,
        #[command(flatten)]
        draws: HeldDrawArgs,
        /// Also give each project's net present value and discounted payback at RATE a year
        /// (a fraction: 0.06 for 6 %), its cost paid on the date looked at; needs --years.
        #[arg(
            long,
            value_name = "RATE",
            requires = "years",
            allow_negative_numbers = true
        )]
        discount: Option<f64>,
        /// With --discount: the years of operation counted, from each project's opening.
        #[arg(long, value_name = "N", requires = "discount")]
        years: Option<u32>,
        /// Also value each project when cargo spreads over its cheapest routes (see `split`)
        /// at spread THETA, 10 when given no value.
        #[arg(long, value_name = "THETA", num_args = 0..=1, default_missing_value = "10",
              allow_negative_numbers = true)]
        spread: Option<f64>,
        /// With --spread: value under route choice with every capacity binding (see `split
        /// --within-capacity`).
        #[arg(long, requires = "spread")]
        within_capacity: bool,
        /// With --spread and --draws: draw the spread too, triangular between LOW and HIGH
        /// around it (see `split --theta-range`).
        #[arg(long, num_args = 2, value_names = ["LOW", "HIGH"], requires_all = ["spread", "draws"],
              allow_negative_numbers = true)]
        spread_range: Option<Vec<f64>>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// What one or more scenarios break: links closed or shrunk, and the file's cargo before
    /// and after (detour, extra cost, or cut off and by which links).
    Scenario {
        /// Scenario ids of the file (several apply together).
        #[arg(required = true)]
        ids: Vec<String>,
        /// Also print each affected flow's route before and after in full.
        #[arg(long)]
        demands: bool,
        #[command(flatten)]
        loss: LossArgs,
    },
    /// Links ranked by the damage their loss does to the file's cargo.
    Critical(CriticalArgs),
    /// How the file's cargo spreads over each flow's cheapest routes when shippers do not all
    /// take the cheapest (a path-size logit): each route's share, and the load on each link;
    /// with --fit, how well each spread reproduces the file's counts.
    Split(SplitArgs),
    /// How often each flow keeps a route, and at what cost, given the scenarios' yearly odds.
    Reliability {
        /// Sample this many years by Monte Carlo instead of enumerating exactly.
        #[arg(long, value_name = "N")]
        samples: Option<usize>,
        /// Seed of the sampler.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The best route's cost (or distance, time, risk) from each origin to each destination.
    Matrix {
        /// Origin node ids, comma-separated or repeated.
        #[arg(long = "from", value_name = "ID", num_args = 1.., value_delimiter = ',', required = true)]
        from: Vec<String>,
        /// Destination node ids, comma-separated or repeated (default: every node).
        #[arg(long = "to", value_name = "ID", num_args = 1.., value_delimiter = ',')]
        to: Vec<String>,
        /// What routes minimise and the matrix holds.
        #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
        metric: Metric,
        /// Print CSV (RFC 4180), a record per pair, instead of a table.
        #[arg(long, conflicts_with = "json")]
        csv: bool,
        #[command(flatten)]
        draws: HeldDrawArgs,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// The network as a map, GeoJSON or SVG, with routes, scenarios, capacity or loads on it;
    /// or as GraphML, every node and link with its attributes.
    Export(ExportArgs),
}

/// The options of `corridors split`.
#[derive(clap::Args)]
struct SplitArgs {
    /// How strongly cargo keeps to the cheapest route, in [0, 10000]: at 10 a route 10 %
    /// dearer carries e^-1 (37 %) as much, before the correction for shared links.
    #[arg(long, default_value_t = corridors::DEFAULT_THETA, allow_negative_numbers = true)]
    theta: f64,
    /// With --draws: draw the spread too, triangular between LOW and HIGH around --theta (how
    /// strongly cargo keeps to its cheapest route is seldom known better than the figures).
    #[arg(long, num_args = 2, value_names = ["LOW", "HIGH"], requires = "draws",
          conflicts_with = "fit", allow_negative_numbers = true)]
    theta_range: Option<Vec<f64>>,
    /// Spread each flow over up to K of its cheapest routes (1 to 50).
    #[arg(long, value_name = "K", default_value_t = 8)]
    routes: usize,
    /// This flow instead of the file's demands: origin, destination and Mt/yr (repeat for
    /// several).
    #[arg(long, num_args = 3, value_names = ["FROM", "TO", "MTPA"], allow_negative_numbers = true)]
    pair: Vec<String>,
    /// Instead of one split, score each of these spreads against the file's counts
    /// (default: 0, 1, 2, 5, 10, 20, 50, 100, 1000).
    #[arg(long, value_name = "THETA", num_args = 0.., value_delimiter = ',', conflicts_with = "theta")]
    fit: Option<Vec<f64>>,
    /// What routes minimise and the shares weigh.
    #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
    metric: Metric,
    /// Bind every link, place and port capacity: cargo is priced off full capacities onto its
    /// next best routes, and each full capacity's price is said (cost only, theta above 0).
    #[arg(long)]
    within_capacity: bool,
    #[command(flatten)]
    draws: HeldDrawArgs,
    #[command(flatten)]
    filter: FilterArgs,
}

fn parse<T: std::str::FromStr<Err = ParseEnumError>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: ParseEnumError| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    progress::on_ctrl_c();
    let mut out = String::new();
    let result = run(&cli, &mut out);
    progress::finish();
    let code = match result {
        Ok(code) => code,
        // The query stopped for Ctrl-C: what it had done, and no partial output.
        Err(msg) if progress::interrupted() => {
            eprintln!("{msg} (Ctrl-C)");
            return ExitCode::from(progress::INTERRUPTED);
        }
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(1)
        }
    };
    // Output is written at once; a reader that stops early (`| head`) is not an error.
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the output: {e}");
            ExitCode::from(1)
        }
        _ => code,
    }
}

fn load(cli: &Cli) -> Result<Network, String> {
    match &cli.network {
        Some(path) => Network::from_path(path).map_err(|e| e.to_string()),
        None => Ok(Network::trans_afghan()),
    }
}

/// A report as JSON with `--json`, else as its table.
fn emit<T: serde::Serialize + std::fmt::Display>(
    cli: &Cli,
    out: &mut String,
    value: &T,
) -> Result<ExitCode, String> {
    show(cli, out, None, value, || value.to_string())
}

/// Prints `csv` when the command was asked for CSV (`Some`), else `value` as [`emit`] does.
fn emit_or_csv<T: serde::Serialize + std::fmt::Display>(
    cli: &Cli,
    out: &mut String,
    csv: Option<String>,
    value: &T,
) -> Result<ExitCode, String> {
    show(cli, out, csv, value, || value.to_string())
}

/// Prints `csv` when the command was asked for CSV (`Some`), else `json` with `--json`, else
/// the table `table` writes: for values whose table is not their `Display`.
fn show<T: serde::Serialize + ?Sized>(
    cli: &Cli,
    out: &mut String,
    csv: Option<String>,
    json: &T,
    table: impl FnOnce() -> String,
) -> Result<ExitCode, String> {
    match csv {
        Some(text) => out.push_str(&text),
        None if cli.json => print_json(out, json)?,
        None => out.push_str(&table()),
    }
    Ok(ExitCode::SUCCESS)
}

/// A watcher for a long query: Ctrl-C stops it, and a bar shows on stderr when it is a
/// terminal and the output a table (neither `--json` nor `--csv`).
fn watch(cli: &Cli, csv: bool) -> corridors::Progress {
    progress::watch(!cli.json && !csv && std::io::stderr().is_terminal())
}

fn print_json<T: serde::Serialize + ?Sized>(out: &mut String, value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    outln!(out, "{text}");
    Ok(())
}

fn run(cli: &Cli, out: &mut String) -> Result<ExitCode, String> {
    match &cli.command {
        Command::Check { file } => match Network::from_path(file) {
            Ok(net) => {
                if cli.json {
                    print_json(
                        out,
                        &serde_json::json!({"ok": true, "summary": net.summary()}),
                    )?;
                } else {
                    outln!(out, "{}: ok", file.display());
                    outln!(out, "{}", net.summary());
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                if cli.json {
                    print_json(
                        out,
                        &serde_json::json!({"ok": false, "problems": e.problems(), "error": e.to_string()}),
                    )?;
                } else {
                    eprintln!("{e}");
                    let n = e.problems().len();
                    if n > 0 {
                        eprintln!(
                            "{}: {n} problem{}",
                            file.display(),
                            if n == 1 { "" } else { "s" }
                        );
                    }
                }
                Ok(ExitCode::from(1))
            }
        },
        Command::Nodes { csv } => {
            let net = load(cli)?;
            let nodes = net.nodes();
            let csv = csv.then(|| nodes_csv(nodes));
            show(cli, out, csv, nodes, || NodeTable::new(nodes).to_string())
        }
        Command::Links { csv } => {
            let net = load(cli)?;
            let links = net.links();
            let csv = csv.then(|| links_csv(links));
            show(cli, out, csv, links, || LinkTable::new(links).to_string())
        }
        Command::Sources => {
            let net = load(cli)?;
            let table = SourceTable::new(&net);
            show(cli, out, None, &table.rows(), || table.to_string())
        }
        Command::Observed {
            places,
            csv,
            modelled,
            theta,
            within_capacity,
        } => {
            let net = load(cli)?;
            let used = match (modelled, theta) {
                (true, Some(t)) => {
                    let q = SplitQuery::new()
                        .theta(*t)
                        .within_capacity(*within_capacity);
                    net.utilisation_beside(&net.split(&q).map_err(|e| e.to_string())?)
                }
                (true, None) => {
                    let a = net.optimal(&OptimalQuery::new());
                    net.utilisation_beside(&a.map_err(|e| e.to_string())?)
                }
                (false, _) => net.utilisation(),
            };
            let used = used.within(&net, places).map_err(|e| e.to_string())?;
            if used.uses.is_empty() && !places.is_empty() && !*csv && !cli.json {
                outln!(out, "no counts at {}", places.join(", "));
                return Ok(ExitCode::SUCCESS);
            }
            emit_or_csv(cli, out, csv.then(|| observed_csv(&used)), &used)
        }
        Command::Route {
            from,
            to,
            metric,
            via,
            via_port,
            alternatives,
            max_overlap,
            csv,
            draws,
            filter,
        } => {
            let net = load(cli)?;
            let mut q = RouteQuery::new(from.clone(), to.clone())
                .metric(*metric)
                .filter(filter.filter())
                .alternatives(*alternatives)
                .drawn(draws.asked())
                .draw_lengths(draws.draw_lengths)
                .progress(watch(cli, *csv));
            for v in via {
                q = q.via(v.clone());
            }
            if let Some(p) = via_port {
                q = q.via_port(p.clone());
            }
            if let Some(f) = max_overlap {
                q = q.max_overlap(*f);
            }
            let ans = net.route(&q).map_err(|e| e.to_string())?;
            if *csv {
                // No route is an answer: the header alone, and why on stderr.
                let (legs, transfers) = ans
                    .route
                    .as_ref()
                    .map_or((&[][..], &[][..]), |r| (&r.legs[..], &r.transfers[..]));
                if let Some(why) = &ans.reason {
                    eprintln!("note: no route from {from} to {to}: {why}");
                }
                // With alternatives, every route asked for, each leg led by its rank.
                if ans.alternatives.is_empty() {
                    out.push_str(&legs_csv(legs, transfers));
                } else {
                    out.push_str(&routes_csv(&ans.alternatives));
                }
                Ok(ExitCode::SUCCESS)
            } else {
                emit(cli, out, &ans)
            }
        }
        Command::Compare {
            from,
            to,
            via_port,
            metric,
            draws,
            filter,
        } => {
            let net = load(cli)?;
            let q = CompareQuery::new(from.clone(), to.clone(), via_port.clone())
                .metric(*metric)
                .filter(filter.filter())
                .drawn(draws.asked())
                .draw_lengths(draws.draw_lengths)
                .progress(watch(cli, false));
            let c = net.compare(&q).map_err(|e| e.to_string())?;
            emit(cli, out, &c)
        }
        Command::Sensitivity {
            from,
            to,
            via_port,
            metric,
            top,
            svg,
            filter,
        } => {
            let net = load(cli)?;
            let mut q = SensitivityQuery::new(from.clone(), to.clone())
                .metric(*metric)
                .filter(filter.filter());
            for p in via_port {
                q = q.via_port(p.clone());
            }
            let s = net.sensitivity(&q).map_err(|e| e.to_string())?;
            if let Some(path) = svg {
                std::fs::write(path, s.svg(top.unwrap_or(20)))
                    .map_err(|e| format!("{}: cannot write the tornado: {e}", path.display()))?;
            }
            if cli.json {
                print_json(out, &s)?;
            } else {
                match top {
                    Some(n) => out.push_str(&s.table(*n)),
                    None => out.push_str(&s.to_string()),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Capacity {
            from,
            to,
            design,
            demands,
            greedy,
            csv,
            draws,
            seed,
            stratified,
            filter,
        } => {
            let net = load(cli)?;
            let asked = Draws::new(*draws, *seed, *stratified);
            // With --csv, the loads (or the capacity's flows) as a table; else the report.
            if *demands && !*greedy {
                let q = OptimalQuery::new()
                    .filter(filter.filter())
                    .design(*design)
                    .drawn(asked)
                    .progress(watch(cli, false));
                let a = net.optimal(&q).map_err(|e| e.to_string())?;
                emit_or_csv(cli, out, csv.then(|| loads_csv(&net, &a.loads)), &a)
            } else if *demands {
                let q = AssignQuery::new().filter(filter.filter()).design(*design);
                let a = net.assign(&q).map_err(|e| e.to_string())?;
                emit_or_csv(cli, out, csv.then(|| loads_csv(&net, &a.loads)), &a)
            } else {
                let q = CapacityQuery::new(from.clone(), to.clone())
                    .filter(filter.filter())
                    .design(*design)
                    .drawn(asked)
                    .progress(watch(cli, false));
                let c = net.capacity(&q).map_err(|e| e.to_string())?;
                emit_or_csv(cli, out, csv.then(|| capacity_csv(&c)), &c)
            }
        }
        Command::Projects {
            only,
            design,
            draws,
            discount,
            years,
            spread,
            within_capacity,
            spread_range,
            filter,
        } => {
            let net = load(cli)?;
            let mut q = only
                .iter()
                .fold(ProjectsQuery::new(), |q, id| q.project(id.clone()))
                .filter(filter.filter())
                .design(*design)
                .drawn(draws.asked())
                .progress(watch(cli, false));
            if let (Some(rate), Some(years)) = (discount, years) {
                q = q.discount(Discount::new(*rate, *years));
            }
            match (spread, within_capacity) {
                (Some(theta), true) => q = q.spread_within_capacity(*theta),
                (Some(theta), false) => q = q.spread(*theta),
                _ => {}
            }
            if let Some(r) = spread_range {
                q = q.spread_range(r[0], r[1]);
            }
            let r = net.rank_projects(&q).map_err(|e| e.to_string())?;
            emit(cli, out, &r)
        }
        Command::Scenario { ids, demands, loss } => {
            let net = load(cli)?;
            let q = ids
                .iter()
                .fold(DisruptionQuery::new(), |q, id| q.scenario(id.clone()))
                .base(loss.filter.filter())
                .metric(loss.metric)
                .drawn(loss.draws.asked())
                .progress(watch(cli, false));
            let r = net.disruption(&q).map_err(|e| e.to_string())?;
            if cli.json {
                print_json(out, &r)?;
            } else {
                out.push_str(&r.to_string());
                if *demands {
                    for a in &r.affected {
                        outln!(out, "\nbefore: {}after: {}", a.before, a.after);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Critical(args) => critical::critical(cli, args, out),
        Command::Split(args) => split::split(cli, args, out),
        Command::Reliability {
            samples,
            seed,
            filter,
        } => {
            let net = load(cli)?;
            let mut q = ReliabilityQuery::new()
                .filter(filter.filter())
                .seed(*seed)
                .progress(watch(cli, false));
            if let Some(n) = samples {
                q = q.samples(*n);
            }
            let r = net.reliability(&q).map_err(|e| e.to_string())?;
            emit(cli, out, &r)
        }
        Command::Matrix {
            from,
            to,
            metric,
            csv,
            draws,
            filter,
        } => {
            let net = load(cli)?;
            let to: Vec<String> = if to.is_empty() {
                net.nodes().iter().map(|n| n.id.clone()).collect()
            } else {
                to.clone()
            };
            let q = MatrixQuery::new(from.clone(), to)
                .metric(*metric)
                .filter(filter.filter())
                .drawn(draws.asked())
                .progress(watch(cli, *csv));
            let m = net.matrix(&q).map_err(|e| e.to_string())?;
            emit_or_csv(cli, out, csv.then(|| matrix_csv(&m)), &m)
        }
        Command::Export(args) => export::export(cli, args, out),
    }
}

/// What `corridors export` writes.
#[derive(Clone, Copy, clap::ValueEnum)]
enum ExportFormat {
    /// GeoJSON (RFC 7946): nodes, links and layers as features, for GIS tools.
    Geojson,
    /// An SVG map.
    Svg,
    /// The network itself as a network file: every record, loadable again.
    Toml,
    /// GraphML: every node and link with every attribute, for NetworkX, Gephi or yEd (it
    /// refuses the route, capacity and filter options, which do not apply).
    Graphml,
}

/// `corridors export`: what to draw, and where to write it.
#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("drawn").args(["capacity", "demands"]).multiple(true)))]
struct ExportArgs {
    /// geojson, svg, toml or graphml (the format named, so --json does not apply).
    #[arg(value_enum, conflicts_with = "json")]
    format: ExportFormat,
    /// Highlight the best route from FROM to TO (repeat for several).
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    route: Vec<String>,
    /// Route through this port: land up to it, sea after (repeat: one route per port).
    #[arg(long = "via-port", value_name = "ID", requires = "route")]
    via_port: Vec<String>,
    /// What routes minimise.
    #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
    metric: Metric,
    /// Show the maximum flow and minimum cut from --from to --to.
    #[arg(long, requires_all = ["from", "to"])]
    capacity: bool,
    /// Origins for --capacity.
    #[arg(long = "from", value_name = "ID", num_args = 1.., requires = "capacity")]
    from: Vec<String>,
    /// Destinations for --capacity.
    #[arg(long = "to", value_name = "ID", num_args = 1.., requires = "capacity")]
    to: Vec<String>,
    /// Show the file's cargo demands carried at the least total cost: the load on each link
    /// and each full capacity's price.
    #[arg(long)]
    demands: bool,
    /// With --demands: the cargo spread over each flow's cheapest routes at this spread
    /// instead (`corridors split`), in [0, 10000].
    #[arg(long, requires = "demands", allow_negative_numbers = true)]
    theta: Option<f64>,
    /// With --theta: the split within every capacity, each full capacity's price said
    /// (`corridors split --within-capacity`).
    #[arg(long, requires = "theta")]
    within_capacity: bool,
    /// With --demands or --capacity: solve again in N draws of every uncertain figure
    /// (lengths held). With --demands each link gains its load's percentiles and how often it
    /// is full (`corridors capacity --demands --draws`, or with --theta `corridors split
    /// --draws`); with --capacity each link and place how often it is on the minimum cut.
    #[arg(long, value_name = "N", requires = "drawn", default_value_t = 0)]
    draws: usize,
    /// Seed of the draws: the same seed gives the same map, byte for byte.
    #[arg(long, value_name = "S", requires = "draws", default_value_t = 0)]
    seed: u64,
    /// With --draws: stratify them (Latin hypercube); see `route --help`.
    #[arg(long, requires = "draws")]
    stratified: bool,
    /// Show the traffic counted ([[observed]]): each link's and place's latest count, as
    /// Mt/yr; with --demands, beside what the model puts there.
    #[arg(long)]
    counted: bool,
    /// A line under the map's heading.
    #[arg(long)]
    title: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
}
