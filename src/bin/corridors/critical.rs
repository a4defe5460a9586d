//! `corridors critical`: links (and places) ranked by the damage their loss does to the file's
//! cargo, and with `--draws` how sure each rank is.

use std::process::ExitCode;

use corridors::{CriticalQuery, critical_draws_csv, criticality_csv};

use super::args::{Drawn as _, LossArgs};
use super::{Cli, emit_or_csv, load, watch};

/// Links ranked by the damage their loss does to the file's cargo.
#[derive(clap::Args)]
pub(super) struct CriticalArgs {
    /// Show only the N worst links and places (in the draws' lists too; the pairs that cut
    /// cargo off together are all shown).
    #[arg(long, value_name = "N")]
    top: Option<usize>,
    /// Also rank nodes.
    #[arg(long)]
    nodes: bool,
    /// Also measure rail and sea capacity lost between the regions.
    #[arg(long)]
    capacity: bool,
    /// Skip the search for pairs of links that cut cargo off together.
    #[arg(long)]
    no_joint: bool,
    /// Print the ranking as CSV (RFC 4180) instead of a table; with --draws, what the draws
    /// say of each link and place instead.
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    #[command(flatten)]
    loss: LossArgs,
}

pub(super) fn critical(
    cli: &Cli,
    args: &CriticalArgs,
    out: &mut String,
) -> Result<ExitCode, String> {
    let net = load(cli)?;
    let q = CriticalQuery::new()
        .filter(args.loss.filter.filter())
        .metric(args.loss.metric)
        .nodes(args.nodes)
        .capacity(args.capacity)
        .joint(!args.no_joint)
        .drawn(args.loss.draws.asked())
        .progress(watch(cli, args.csv));
    let mut c = net.critical(&q).map_err(|e| e.to_string())?;
    if let Some(n) = args.top {
        c.links.truncate(n);
        c.nodes.truncate(n);
        if let Some(d) = &mut c.draws {
            d.links.truncate(n);
            d.nodes.truncate(n);
        }
    }
    let csv = args.csv.then(|| match c.draws {
        Some(_) => critical_draws_csv(&net, &c),
        None => criticality_csv(&net, &c),
    });
    emit_or_csv(cli, out, csv, &c)
}
