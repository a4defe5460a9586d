//! `corridors split`: the file's cargo (or given flows) spread over each flow's cheapest
//! routes by a path-size logit; with `--fit`, each spread scored against the file's counts.

use std::process::ExitCode;

use corridors::{SplitQuery, split_fit_table};

use super::args::Drawn as _;
use super::{Cli, SplitArgs, emit, load, print_json, watch};

/// The spreads `--fit` scores when given none (within capacity, from the second on).
const GRID: [f64; 9] = [0.0, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 1000.0];

pub(super) fn split(cli: &Cli, args: &SplitArgs, out: &mut String) -> Result<ExitCode, String> {
    let net = load(cli)?;
    let mut q = SplitQuery::new()
        .filter(args.filter.filter())
        .metric(args.metric)
        .theta(args.theta)
        .routes(args.routes)
        .within_capacity(args.within_capacity)
        .drawn(args.draws.asked())
        .progress(watch(cli, false));
    if let Some(r) = &args.theta_range {
        q = q.theta_range(r[0], r[1]);
    }
    for p in args.pair.chunks(3) {
        let mtpa: f64 = p[2].parse().map_err(|_| {
            format!(
                "--pair {} {} {}: the volume is not a number",
                p[0], p[1], p[2]
            )
        })?;
        q = q.pair(&p[0], &p[1], mtpa);
    }
    let Some(thetas) = &args.fit else {
        return emit(cli, out, &net.split(&q).map_err(|e| e.to_string())?);
    };
    let thetas = if thetas.is_empty() {
        // Within capacity a spread must be above 0 (cost must count): the grid without it.
        &GRID[usize::from(args.within_capacity)..]
    } else {
        &thetas[..]
    };
    let fits = net.fit_split(&q, thetas).map_err(|e| e.to_string())?;
    if cli.json {
        print_json(out, &fits)?;
    } else {
        // The day the split looks at, as every other report states it.
        out.push_str(&args.filter.filter().day(&net).to_string());
        let counts = fits.first().map_or(0, |f| f.fit.counts);
        if counts > 0 {
            out.push_str(&format!(
                "{counts} counts beside the split at each spread (miss: 0 within a count's range, 1 where nothing is modelled)\n"
            ));
        }
        out.push_str(&split_fit_table(&fits));
    }
    Ok(ExitCode::SUCCESS)
}
