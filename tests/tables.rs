//! Tables and graphs out: every CSV parses back (a small RFC 4180 reader here, written from
//! the RFC, not from the writer) to the records and reports it came from, column by column;
//! the GraphML holds every node and link with its attributes; the matrix equals routes.

use corridors::{
    AssignQuery, CapacityQuery, CriticalQuery, Filter, MatrixQuery, Metric, Network, QueryError,
    Route, RouteQuery, capacity_csv, criticality_csv, legs_csv, links_csv, loads_csv, matrix_csv,
    network_graphml, nodes_csv, routes_csv,
};

/// Records of an RFC 4180 document: fields split on commas outside quotes, `""` inside quotes
/// a quote, records ended by CRLF or LF outside quotes.
fn parse(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(!quoted, "unterminated quote");
    assert!(
        field.is_empty() && record.is_empty(),
        "no line end at the end"
    );
    records
}

/// The records as maps from column name to field, every record as wide as the header.
fn table(text: &str) -> (Vec<String>, Vec<std::collections::HashMap<String, String>>) {
    let mut rows = parse(text);
    let header = rows.remove(0);
    let maps = rows
        .into_iter()
        .map(|r| {
            assert_eq!(r.len(), header.len(), "{r:?}");
            header.iter().cloned().zip(r).collect()
        })
        .collect();
    (header, maps)
}

fn num(s: &str) -> Option<f64> {
    (!s.is_empty()).then(|| s.parse().unwrap())
}

#[test]
fn the_reader_reads_rfc_4180() {
    let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\n\"two\nlines\",,z\n";
    assert_eq!(
        parse(text),
        [
            vec!["a", "b", "c"],
            vec!["x, y", "say \"hi\"", ""],
            vec!["two\nlines", "", "z"]
        ]
    );
}

#[test]
fn nodes_and_links_parse_back_to_their_records() {
    let net = Network::trans_afghan();
    let (header, rows) = table(&nodes_csv(net.nodes()));
    assert_eq!(header[..6], ["id", "name", "country", "kind", "lat", "lon"]);
    assert_eq!(rows.len(), net.nodes().len());
    for (n, r) in net.nodes().iter().zip(&rows) {
        assert_eq!(r["id"], n.id);
        assert_eq!(r["name"], n.name);
        assert_eq!(r["country"], n.country);
        assert_eq!(r["kind"].parse::<corridors::NodeKind>().unwrap(), n.kind);
        assert_eq!(num(&r["lat"]), Some(n.lat));
        assert_eq!(num(&r["lon"]), Some(n.lon));
        assert_eq!(num(&r["capacity_mtpa"]), n.capacity_mtpa);
        assert_eq!(r["source"], n.source);
        assert_eq!(r["sources"], n.sources.join(";"));
    }
    let (header, rows) = table(&links_csv(net.links()));
    assert_eq!(header[..3], ["id", "from", "to"]);
    assert_eq!(rows.len(), net.links().len());
    for (l, r) in net.links().iter().zip(&rows) {
        assert_eq!((&r["id"], &r["from"], &r["to"]), (&l.id, &l.from, &l.to));
        assert_eq!(r["mode"].parse::<corridors::Mode>().unwrap(), l.mode);
        assert_eq!(r["status"].parse::<corridors::Status>().unwrap(), l.status);
        assert_eq!(
            r["gauge_mm"],
            l.gauge_mm.map_or(String::new(), |g| g.to_string())
        );
        assert_eq!(num(&r["length_km"]), Some(l.length_km));
        assert_eq!(num(&r["capacity_mtpa"]), l.capacity_mtpa);
        assert_eq!(num(&r["usd_per_t"]), Some(l.usd_per_t()));
        assert_eq!(num(&r["hours"]), Some(l.hours()));
        assert_eq!(r["oneway"], l.oneway.to_string());
        assert_eq!(r["corridors"], l.corridors.join(";"));
        assert_eq!(r["source"], l.source);
    }
}

#[test]
fn route_legs_capacity_loads_and_criticality_parse_back() {
    let net = Network::trans_afghan();
    let route = net
        .route(&RouteQuery::new("termez", "karachi"))
        .unwrap()
        .route
        .unwrap();
    let (header, rows) = table(&legs_csv(&route.legs, &route.transfers));
    assert_eq!(header.join(","), LEG_HEADER);
    legs_add_up(&route, &rows);

    let cap = net
        .capacity(&CapacityQuery::new(
            ["termez", "hairatan"],
            ["bandar-abbas"],
        ))
        .unwrap();
    let (header, rows) = table(&capacity_csv(&cap));
    assert_eq!(header, ["link", "from", "to", "flow_mtpa", "capacity_mtpa"]);
    for (f, r) in cap.flows.iter().zip(&rows) {
        assert_eq!(
            (&r["link"], &r["from"], &r["to"]),
            (&f.link, &f.from, &f.to)
        );
        assert_eq!(num(&r["flow_mtpa"]), Some(f.flow_mtpa));
        assert_eq!(num(&r["capacity_mtpa"]), f.capacity_mtpa);
    }

    let a = net.assign(&AssignQuery::new()).unwrap();
    let (_, rows) = table(&loads_csv(&net, &a.loads));
    assert_eq!(rows.len(), a.loads.len());
    for (l, r) in a.loads.iter().zip(&rows) {
        let link = net.link(&l.link).unwrap();
        assert_eq!((&r["from"], &r["to"]), (&link.from, &link.to));
        assert_eq!(num(&r["forward_mtpa"]), Some(l.forward_mtpa));
        assert_eq!(num(&r["backward_mtpa"]), Some(l.backward_mtpa));
        assert_eq!(num(&r["utilisation"]), l.utilisation);
        assert_eq!(r["saturated"], l.saturated.to_string());
    }

    let c = net
        .critical(&CriticalQuery::new().nodes(true).joint(false))
        .unwrap();
    let (_, rows) = table(&criticality_csv(&net, &c));
    assert_eq!(rows.len(), c.links.len() + c.nodes.len());
    for (d, r) in c.links.iter().zip(&rows) {
        assert_eq!((r["kind"].as_str(), &r["id"]), ("link", &d.link));
        assert_eq!(num(&r["damage_usd_per_year"]), Some(d.damage_usd_per_year));
        assert_eq!(num(&r["cut_off_mtpa"]), Some(d.cut_off_mtpa));
        assert_eq!(r["demands_affected"], d.demands_affected.len().to_string());
    }
    for (d, r) in c.nodes.iter().zip(&rows[c.links.len()..]) {
        assert_eq!((r["kind"].as_str(), &r["id"]), ("node", &d.node));
        assert_eq!((r["from"].as_str(), r["to"].as_str()), ("", ""));
    }
    // Plain columns: no field joins two places with an arrow.
    assert!(rows.iter().all(|r| r.values().all(|v| !v.contains('→'))));
}

/// The header of a route's legs, in order: the first eleven columns as they always were, the
/// transfers at each leg's end appended.
const LEG_HEADER: &str = "leg,link,from,to,mode,gauge_mm,distance_km,hours,usd_per_t,status,\
                          capacity_mtpa,transfer_hours,transfer_usd_per_t";

/// A route's legs parsed back: each leg's own figures, the legs chained, and the legs with
/// the transfers at their ends adding up to the route's totals.
fn legs_add_up(route: &Route, rows: &[std::collections::HashMap<String, String>]) {
    assert_eq!(rows.len(), route.legs.len());
    for (i, (leg, r)) in route.legs.iter().zip(rows).enumerate() {
        assert_eq!(r["leg"], (i + 1).to_string());
        assert_eq!(
            (r["link"].as_str(), r["from"].as_str(), r["to"].as_str()),
            (leg.link.as_str(), leg.from.as_str(), leg.to.as_str())
        );
        assert_eq!(num(&r["usd_per_t"]), Some(leg.usd_per_t));
        assert_eq!(num(&r["hours"]), Some(leg.hours));
        assert_eq!(num(&r["distance_km"]), Some(leg.distance_km));
        // The transfers at the leg's end: those the route lists at its `to`.
        let here: Vec<_> = route
            .transfers
            .iter()
            .filter(|t| t.node == leg.to)
            .collect();
        let hours = num(&r["transfer_hours"]).unwrap();
        let usd = num(&r["transfer_usd_per_t"]).unwrap();
        if here.is_empty() {
            assert_eq!((hours, usd), (0.0, 0.0), "{}", leg.link);
        }
    }
    // Legs chain: each starts where the last ended.
    for w in rows.windows(2) {
        assert_eq!(w[0]["to"], w[1]["from"]);
    }
    let sum = |a: &str, b: &str| -> f64 {
        rows.iter()
            .map(|r| num(&r[a]).unwrap() + num(&r[b]).unwrap())
            .sum()
    };
    let (hours, usd) = (
        sum("hours", "transfer_hours"),
        sum("usd_per_t", "transfer_usd_per_t"),
    );
    assert!(
        (hours - route.hours).abs() < 1e-9,
        "{hours} h against {}",
        route.hours
    );
    assert!(
        (usd - route.usd_per_t).abs() < 1e-9,
        "{usd} USD/t against {}",
        route.usd_per_t
    );
}

#[test]
fn route_legs_add_up_to_the_route_with_their_transfers() {
    let net = Network::trans_afghan();
    let mut transfers = 0;
    for (from, to) in [
        ("kabul", "karachi"),
        ("termez", "bandar-abbas"),
        ("termez", "karachi"),
        ("tashkent", "chabahar"),
        ("kashgar", "gwadar"),
    ] {
        let ans = net.route(&RouteQuery::new(from, to)).unwrap();
        let route = ans.route.unwrap();
        let (header, rows) = table(&legs_csv(&route.legs, &route.transfers));
        assert_eq!(header.join(","), LEG_HEADER);
        legs_add_up(&route, &rows);
        transfers += route.transfers.len();
        // With alternatives: each route's legs add up to that route.
        let ans = net
            .route(&RouteQuery::new(from, to).alternatives(4))
            .unwrap();
        let (header, rows) = table(&routes_csv(&ans.alternatives));
        assert_eq!(header[0], "route");
        assert_eq!(header[1..].join(","), LEG_HEADER);
        assert!(!ans.alternatives.is_empty());
        for (k, alt) in ans.alternatives.iter().enumerate() {
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| r["route"] == (k + 1).to_string())
                .cloned()
                .collect();
            legs_add_up(alt, &mine);
            transfers += alt.transfers.len();
        }
    }
    assert!(transfers > 0, "no route crossed a border or changed mode");
    // Kabul → Karachi today: borders, gauges, modes and ports between the legs.
    let r = net
        .route(&RouteQuery::new("kabul", "karachi"))
        .unwrap()
        .route
        .unwrap();
    let legs_usd: f64 = r.legs.iter().map(|l| l.usd_per_t).sum();
    assert!(
        r.usd_per_t - legs_usd > 1.0,
        "{} against {legs_usd}",
        r.usd_per_t
    );
    // No route: the header alone.
    assert_eq!(legs_csv(&[], &[]), format!("{LEG_HEADER}\n"));
}

#[test]
fn the_matrix_is_the_routes_and_parses_back() {
    let net = Network::trans_afghan();
    let from = ["termez", "kabul", "tashkent", "gwadar"];
    let to = ["karachi", "bandar-abbas", "chabahar", "termez", "kashgar"];
    for metric in [
        Metric::Distance,
        Metric::Time,
        Metric::Cost,
        Metric::Reliability,
    ] {
        for filter in [Filter::new(), Filter::new().no_events().include_all()] {
            let q = MatrixQuery::new(from, to)
                .metric(metric)
                .filter(filter.clone());
            let m = net.matrix(&q).unwrap();
            for (i, a) in from.iter().enumerate() {
                for (j, b) in to.iter().enumerate() {
                    let want = if a == b {
                        Some(0.0)
                    } else {
                        let rq = RouteQuery::new(*a, *b)
                            .metric(metric)
                            .filter(filter.clone());
                        net.route(&rq).unwrap().route.map(|r| r.metric_value)
                    };
                    assert_eq!(m.values[i][j], want, "{a}->{b} {metric}");
                    assert_eq!(m.get(a, b), want);
                }
            }
            let (header, rows) = table(&matrix_csv(&m));
            assert_eq!(header, ["from", "to", "metric", "value"]);
            assert_eq!(rows.len(), from.len() * to.len());
            for r in &rows {
                assert_eq!(r["metric"], metric.to_string());
                assert_eq!(num(&r["value"]), m.get(&r["from"], &r["to"]));
            }
        }
    }
}

#[test]
fn matrix_errors_are_whole_messages() {
    let net = Network::trans_afghan();
    let none: [&str; 0] = [];
    let e = net.matrix(&MatrixQuery::new(none, ["kabul"])).unwrap_err();
    assert_eq!(e, QueryError::Empty { what: "origin" });
    assert_eq!(e.to_string(), "name at least one origin");
    let e = net.matrix(&MatrixQuery::new(["kabul"], none)).unwrap_err();
    assert_eq!(e.to_string(), "name at least one destination");
    let many = vec!["kabul"; 5_001];
    let e = net
        .matrix(&MatrixQuery::new(many.clone(), many))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "at most 25000000 matrix cells (origins × destinations) may be asked for, found \
         25010001: each holds a value in memory; ask for the rows in parts"
    );
    let e = net
        .matrix(&MatrixQuery::new(["kabul"], ["karachy"]))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node \"karachy\" (did you mean \"karachi\"?)"
    );
    let e = net
        .matrix(&MatrixQuery::new(["kabul"], ["karachi"]).filter(Filter::new().avoid("heart")))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown node, link, country or corridor \"heart\" (did you mean \"herat\"?)"
    );
}

#[test]
fn graphml_holds_every_node_and_link_with_its_attributes() {
    let net = Network::trans_afghan();
    let xml = network_graphml(&net);
    assert_eq!(xml, network_graphml(&net), "deterministic");
    assert_eq!(xml.matches("<node id=").count(), net.nodes().len());
    assert_eq!(xml.matches("<edge id=").count(), net.links().len());
    for n in net.nodes() {
        let start = xml.find(&format!("<node id=\"{}\">", n.id)).unwrap();
        let body = &xml[start..start + xml[start..].find("</node>").unwrap()];
        assert!(
            body.contains(&format!("<data key=\"n_lat\">{}</data>", n.lat)),
            "{}",
            n.id
        );
        assert!(body.contains(&format!("<data key=\"n_country\">{}</data>", n.country)));
    }
    for l in net.links() {
        let head = format!(
            "<edge id=\"{}\" source=\"{}\" target=\"{}\">",
            l.id, l.from, l.to
        );
        let start = xml.find(&head).unwrap_or_else(|| panic!("{head}"));
        let body = &xml[start..start + xml[start..].find("</edge>").unwrap()];
        assert!(body.contains(&format!("<data key=\"e_mode\">{}</data>", l.mode)));
        assert!(body.contains(&format!("<data key=\"e_status\">{}</data>", l.status)));
        assert!(body.contains(&format!("<data key=\"e_length_km\">{}</data>", l.length_km)));
        assert_eq!(
            body.contains("e_gauge_mm"),
            l.gauge_mm.is_some(),
            "{}",
            l.id
        );
    }
    // Every key used is declared, once.
    let declared: Vec<&str> = xml
        .match_indices("<key id=\"")
        .map(|(i, m)| {
            let rest = &xml[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let mut unique = declared.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), declared.len());
    for (i, m) in xml.match_indices("<data key=\"") {
        let rest = &xml[i + m.len()..];
        assert!(declared.contains(&&rest[..rest.find('"').unwrap()]));
    }
    // Text is escaped: no bare ampersand.
    assert!(
        !xml.replace("&amp;", "")
            .replace("&lt;", "")
            .replace("&gt;", "")
            .replace("&quot;", "")
            .replace("&apos;", "")
            .contains('&')
    );
}

#[test]
fn counted_traffic_parses_back_to_its_report() {
    let used = Network::trans_afghan().utilisation();
    let (header, rows) = table(&corridors::observed_csv(&used));
    assert_eq!(header.len(), 20);
    assert!(rows.iter().all(|r| r["modelled_mtpa"].is_empty()));
    assert_eq!(rows.len(), used.uses.len());
    for (row, u) in rows.iter().zip(&used.uses) {
        assert_eq!(
            (row["kind"].as_str(), row["id"].as_str()),
            (u.at.kind(), u.at.id())
        );
        assert_eq!(row["from"], u.from.clone().unwrap_or_default());
        assert_eq!(row["start"], u.start.to_string());
        assert_eq!(num(&row["days"]), Some(u.days as f64));
        assert_eq!(num(&row["mtpa"]), Some(u.mtpa));
        assert_eq!(num(&row["mtpa_low"]), u.mtpa_range.map(|r| r.low));
        assert_eq!(num(&row["capacity_mtpa"]), u.capacity_mtpa);
        assert_eq!(row["against"], u.against.as_str());
        assert_eq!(row["capacity_from"], u.capacity_from.as_str());
        assert_eq!(num(&row["share"]), u.share);
        assert_eq!(num(&row["share_high"]), u.share_range.map(|r| r.high));
        assert_eq!(row["sources"], u.sources.join(";"));
    }
}
