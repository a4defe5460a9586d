//! The options several commands share: which links count, and draws of the uncertain figures.

use corridors::{
    CapacityQuery, CompareQuery, CriticalQuery, Date, DisruptionQuery, Filter, MatrixQuery, Metric,
    Mode, OptimalQuery, ProjectsQuery, RouteQuery, Sampling, SplitQuery, Status,
};

use super::parse;

/// Draws of the uncertain figures, for answers that say how sure they are.
#[derive(clap::Args, Clone, Default)]
pub(super) struct DrawArgs {
    /// Draw every uncertain figure N times within its range and report, per option, the
    /// chance it is the best and the 5th, 50th and 95th percentiles of its cost and days.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(super) draws: usize,
    /// With --draws: their seed; the same seed gives the same answer, byte for byte.
    #[arg(long, value_name = "S", default_value_t = 0, requires = "draws")]
    pub(super) seed: u64,
    /// With --draws: move the estimated link lengths too, all by one shift within their
    /// ranges (planning then takes seconds).
    #[arg(long, requires = "draws")]
    pub(super) draw_lengths: bool,
    /// With --draws: stratify them (Latin hypercube), so each figure falls once in each of N
    /// equally likely slices of its range; the percentiles settle with fewer draws.
    #[arg(long, requires = "draws")]
    pub(super) stratified: bool,
}

impl DrawArgs {
    /// The draws asked for (the lengths apart: only some queries move them).
    pub(super) fn asked(&self) -> Draws {
        Draws::new(self.draws, self.seed, self.stratified)
    }
}

/// Draws of the uncertain figures with the link lengths held, for answers solved again whole
/// in each draw (`projects`, `split`, `scenario`, `critical`).
#[derive(clap::Args, Clone, Default)]
pub(super) struct HeldDrawArgs {
    /// Answer again in N draws of every uncertain figure (lengths held) and say how far the
    /// answer moves: the 5th, 50th and 95th percentiles of its figures, and how often each
    /// option, route or link comes first or is hit.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(super) draws: usize,
    /// With --draws: their seed; the same seed gives the same answer, byte for byte.
    #[arg(long, value_name = "S", default_value_t = 0, requires = "draws")]
    pub(super) seed: u64,
    /// With --draws: stratify them (Latin hypercube); see `route --help`.
    #[arg(long, requires = "draws")]
    pub(super) stratified: bool,
}

impl HeldDrawArgs {
    /// The draws asked for.
    pub(super) fn asked(&self) -> Draws {
        Draws::new(self.draws, self.seed, self.stratified)
    }
}

/// What the commands that weigh the loss of links to the file's cargo (`scenario`,
/// `critical`) share: what routes minimise, the draws (each solved again whole), and which
/// links count.
#[derive(clap::Args)]
pub(super) struct LossArgs {
    /// What routes minimise.
    #[arg(long, default_value = "cost", value_name = "cost|time|distance|reliability",
          value_parser = parse::<Metric>)]
    pub(super) metric: Metric,
    #[command(flatten)]
    pub(super) draws: HeldDrawArgs,
    #[command(flatten)]
    pub(super) filter: FilterArgs,
}

/// The draws a command asks for: how many (none for a plain answer), their seed, and whether
/// they are stratified.
#[derive(Clone, Copy)]
pub(super) struct Draws {
    n: usize,
    seed: u64,
    stratified: bool,
}

impl Draws {
    /// `n` draws from `seed`, stratified when `stratified`.
    pub(super) fn new(n: usize, seed: u64, stratified: bool) -> Draws {
        Draws {
            n,
            seed,
            stratified,
        }
    }
}

/// The queries that draw again: every command sets their `draws`, `seed` and `sampling` the
/// same way, from the [`Draws`] it was asked for.
pub(super) trait Drawn: Sized {
    /// This query with the draws `d`: stratified ones when asked for, else independent ones.
    fn drawn(self, d: Draws) -> Self;
}

macro_rules! drawn {
    ($($query:ty),*) => {
        $(impl Drawn for $query {
            fn drawn(self, d: Draws) -> Self {
                let sampling = if d.stratified {
                    Sampling::Stratified
                } else {
                    Sampling::Independent
                };
                self.draws(d.n).seed(d.seed).sampling(sampling)
            }
        })*
    };
}

drawn!(
    CapacityQuery,
    CompareQuery,
    CriticalQuery,
    DisruptionQuery,
    MatrixQuery,
    OptimalQuery,
    ProjectsQuery,
    RouteQuery,
    SplitQuery
);

/// Which links count: shared by the query commands.
#[derive(clap::Args, Clone, Default)]
pub(super) struct FilterArgs {
    /// Also count links of this status and every status more real (under_construction;
    /// planned, with those under construction; proposed, every line).
    #[arg(long = "include", value_name = "STATUS", value_parser = parse::<Status>)]
    pub(super) include: Vec<Status>,
    /// Count every link, whatever its status: the network once every planned line is built.
    #[arg(long)]
    pub(super) all: bool,
    /// Count non-operational links from their `opens` year.
    #[arg(long, allow_negative_numbers = true)]
    pub(super) year: Option<i32>,
    /// Keep only links of this mode (repeat for several).
    #[arg(long = "mode", value_name = "MODE", value_parser = parse::<Mode>)]
    pub(super) modes: Vec<Mode>,
    /// Avoid a node, link, country (ISO code) or corridor.
    #[arg(long = "avoid", value_name = "ID")]
    pub(super) avoid: Vec<String>,
    /// Apply a scenario of the file by id (repeat to combine).
    #[arg(long = "scenario", value_name = "ID")]
    pub(super) scenarios: Vec<String>,
    /// Look at the network on this day (YYYY-MM-DD): the links built by then and the file's
    /// events in force (default: the date the file's data is current to, its `as_of`).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(super) date: Option<Date>,
    /// Apply none of the file's events: the network as built.
    #[arg(long)]
    pub(super) no_events: bool,
    /// Leave out one of the file's events in force (repeat for several): the day as it would
    /// be without it, e.g. a border reopened.
    #[arg(long = "except-event", value_name = "ID")]
    pub(super) except_events: Vec<String>,
    /// Build a project of the file ([[projects]]) by id (repeat for several): its line
    /// counted and the capacities it sets in place.
    #[arg(long = "build", value_name = "PROJECT")]
    pub(super) build: Vec<String>,
}

impl FilterArgs {
    /// Whether any of the options is given: a command that writes the whole network refuses
    /// them rather than ignore them.
    pub(super) fn given(&self) -> bool {
        !self.include.is_empty()
            || self.all
            || self.year.is_some()
            || !self.modes.is_empty()
            || !self.avoid.is_empty()
            || !self.scenarios.is_empty()
            || self.date.is_some()
            || self.no_events
            || !self.except_events.is_empty()
            || !self.build.is_empty()
    }
}

pub(super) fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

impl FilterArgs {
    pub(super) fn filter(&self) -> Filter {
        let mut f = Filter::new();
        for s in &self.include {
            f = f.include(*s);
        }
        if self.all {
            f = f.include_all();
        }
        if let Some(y) = self.year {
            f = f.year(y);
        }
        for m in &self.modes {
            f = f.mode(*m);
        }
        for a in &self.avoid {
            f = f.avoid(a.clone());
        }
        for s in &self.scenarios {
            f = f.scenario(s.clone());
        }
        if let Some(d) = self.date {
            f = f.date(d);
        }
        if self.no_events {
            f = f.no_events();
        }
        for e in &self.except_events {
            f = f.except_event(e.clone());
        }
        for p in &self.build {
            f = f.project(p.clone());
        }
        f
    }
}
