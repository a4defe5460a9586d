//! `corridors export`: the network as a map (SVG, GeoJSON) with routes, scenarios, a capacity
//! answer, the demands' loads or the traffic counted drawn on it, or as a file (TOML, GraphML).

use std::process::ExitCode;

use corridors::{
    CapacityQuery, Loaded, Map, OptimalQuery, RouteQuery, SplitQuery, network_graphml, short_name,
};

use super::args::{Drawn as _, Draws};
use super::{Cli, ExportArgs, ExportFormat, load, watch};

pub(super) fn export(cli: &Cli, args: &ExportArgs, out: &mut String) -> Result<ExitCode, String> {
    let net = load(cli)?;
    if let ExportFormat::Toml | ExportFormat::Graphml = args.format {
        let format = if let ExportFormat::Toml = args.format {
            "toml"
        } else {
            "graphml"
        };
        if !args.route.is_empty()
            || args.capacity
            || args.demands
            || args.counted
            || args.title.is_some()
            || !args.filter.scenarios.is_empty()
        {
            return Err(format!(
                "export {format} writes the network itself: --route, --capacity, --demands, --counted, --title and --scenario draw on a map"
            ));
        }
        if args.filter.given() {
            return Err(format!(
                "export {format} writes every record of the file: --include, --all, --year, --mode, --avoid, --date, --no-events, --except-event and --build choose what a query counts, so they do not apply"
            ));
        }
    }
    if let ExportFormat::Graphml = args.format {
        return write_out(args, network_graphml(&net), out);
    }
    let filter = args.filter.filter();
    let name = |id: &str| net.node(id).map_or(id, |n| short_name(&n.name)).to_string();
    // The day the layers are worked out on, said on the map itself.
    let mut map = Map::new(&net).day(&filter.day(&net));
    if let Some(t) = &args.title {
        map = map.title(t.clone());
    }
    let ports: Vec<Option<&String>> = if args.via_port.is_empty() {
        vec![None]
    } else {
        args.via_port.iter().map(Some).collect()
    };
    for pair in args.route.chunks(2) {
        let [from, to] = pair else { continue };
        for port in &ports {
            let mut q = RouteQuery::new(from.clone(), to.clone())
                .metric(args.metric)
                .filter(filter.clone());
            let mut label = format!("{} → {}", name(from), name(to));
            if let Some(p) = port {
                q = q.via_port((*p).clone());
                label = format!("{label} via {}", name(p));
            }
            let answer = net.route(&q).map_err(|e| e.to_string())?;
            match &answer.route {
                Some(route) => map = map.route(label, route).map_err(|e| e.to_string())?,
                None => eprintln!(
                    "note: no route {label}: {}",
                    answer.reason.as_deref().unwrap_or("not connected")
                ),
            }
        }
    }
    for id in &args.filter.scenarios {
        map = map.scenario(id).map_err(|e| e.to_string())?;
    }
    let asked = Draws::new(args.draws, args.seed, args.stratified);
    if args.capacity {
        let q = CapacityQuery::new(args.from.clone(), args.to.clone())
            .filter(filter.clone())
            .drawn(asked)
            .progress(watch(cli, false));
        let report = net.capacity(&q).map_err(|e| e.to_string())?;
        map = map.capacity(&report).map_err(|e| e.to_string())?;
    }
    let mut model: Option<Box<dyn Loaded>> = None;
    if let (true, Some(theta)) = (args.demands, args.theta) {
        let q = SplitQuery::new()
            .filter(filter.clone())
            .theta(theta)
            .within_capacity(args.within_capacity)
            .drawn(asked)
            .progress(watch(cli, false));
        let s = net.split(&q).map_err(|e| e.to_string())?;
        map = map.split(&s).map_err(|e| e.to_string())?;
        model = Some(Box::new(s));
    } else if args.demands {
        let q = OptimalQuery::new()
            .filter(filter.clone())
            .versus_greedy(false)
            .drawn(asked)
            .progress(watch(cli, false));
        let a = net.optimal(&q).map_err(|e| e.to_string())?;
        map = map.optimal(&a).map_err(|e| e.to_string())?;
        model = Some(Box::new(a));
    }
    if args.counted {
        let used = match &model {
            Some(a) => net.utilisation_beside(a.as_ref()),
            None => net.utilisation(),
        };
        map = map.counted(&used).map_err(|e| e.to_string())?;
    }
    let text = match args.format {
        ExportFormat::Geojson => {
            serde_json::to_string_pretty(&map.geojson()).map_err(|e| e.to_string())? + "\n"
        }
        ExportFormat::Svg => map.svg(),
        ExportFormat::Toml => net.to_toml(),
        ExportFormat::Graphml => network_graphml(&net),
    };
    write_out(args, text, out)
}

/// Writes an export to `--out`, or to standard output.
fn write_out(args: &ExportArgs, text: String, out: &mut String) -> Result<ExitCode, String> {
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| format!("{}: cannot write the export: {e}", path.display()))?,
        None => out.push_str(&text),
    }
    Ok(ExitCode::SUCCESS)
}
