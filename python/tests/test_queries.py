"""Every query, answered through the bindings, equals the CLI's ``--json`` for the same query."""

from __future__ import annotations

import pytest

import corridors

ROUTES = [
    # (CLI arguments, the same query in Python)
    (["kabul", "karachi"], dict(from_="kabul", to="karachi")),
    (["kabul", "karachi", "--date", "2025-09-01"], dict(from_="kabul", to="karachi", date="2025-09-01")),
    (["kabul", "karachi", "--no-events"], dict(from_="kabul", to="karachi", no_events=True)),
    (["tashkent", "nhava-sheva", "--metric", "time"], dict(from_="tashkent", to="nhava-sheva", metric="time")),
    (
        ["khaf", "herat", "--mode", "rail", "--include", "under_construction", "--metric", "distance"],
        dict(from_="khaf", to="herat", modes="rail", include="under_construction", metric="distance"),
    ),
    (
        ["termez", "karachi", "--all", "--alternatives", "3", "--max-overlap", "0.6"],
        dict(from_="termez", to="karachi", include="all", alternatives=3, max_overlap=0.6),
    ),
    (
        ["tashkent", "nhava-sheva", "--via-port", "chabahar", "--all", "--alternatives", "2"],
        dict(from_="tashkent", to="nhava-sheva", via_port="chabahar", include="all", alternatives=2),
    ),
    (
        ["kabul", "karachi", "--scenario", "pak-afghan-closure-2025", "--avoid", "IR"],
        dict(from_="kabul", to="karachi", scenarios=["pak-afghan-closure-2025"], avoid="IR"),
    ),
    (["kabul", "mundra", "--via", "herat", "--year", "2030"], dict(from_="kabul", to="mundra", via=["herat"], year=2030)),
    (["khaf", "herat", "--mode", "rail"], dict(from_="khaf", to="herat", modes=["rail"])),
    (
        ["tashkent", "mundra", "--via-port", "bandar-abbas", "--draws", "300", "--seed", "7"],
        dict(from_="tashkent", to="mundra", via_port="bandar-abbas", draws=300, seed=7),
    ),
    (
        ["tashkent", "karachi", "--draws", "200", "--seed", "3", "--stratified"],
        dict(from_="tashkent", to="karachi", draws=200, seed=3, stratified=True),
    ),
]


@pytest.mark.parametrize("args,kwargs", ROUTES, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_route_equals_cli(net, cli, args, kwargs):
    route = net.route(**kwargs)
    assert isinstance(route, corridors.Route)
    assert route.to_dict() == cli("route", *args)


def test_route_attributes(net):
    r = net.route("termez", "nhava-sheva", via_port="chabahar", include="all")
    d = r.to_dict()
    assert r.found and bool(r)
    assert (r.from_, r.to, r.metric) == ("termez", "nhava-sheva", "cost")
    assert r.distance_km == d["distance_km"] and r.usd_per_t == d["usd_per_t"]
    assert r.passes("chabahar") and r.nodes[0] == "termez" and r.nodes[-1] == "nhava-sheva"
    assert r.unbuilt, "a route once the lines are built uses some not yet built"
    assert [leg.link for leg in r.legs] == [leg["link"] for leg in d["legs"]]
    assert sum(leg.distance_km for leg in r.legs) == pytest.approx(r.distance_km)
    assert r.legs[0].mode in ("rail", "road", "sea")
    assert "termez → nhava-sheva by cost" in repr(r) and "USD/t" in repr(r)
    assert corridors.Route.__doc__ and corridors.Network.route.__doc__
    assert "Which links count" in corridors.Network.route.__doc__
    assert r.to_records()[0]["link"] == d["legs"][0]["link"]
    with pytest.raises(AttributeError):
        r.no_such_field


def test_no_route_is_an_answer(net):
    r = net.route("khaf", "herat", modes="rail")
    assert not r.found and not bool(r)
    assert r.reason
    assert "no route" in repr(r)
    assert r.legs == [] and r.nodes == []


def test_route_alternatives(net):
    r = net.route("termez", "karachi", include="all", alternatives=3)
    alts = r.alternatives
    assert 1 <= len(alts) <= 3
    assert alts[0].usd_per_t == pytest.approx(r.usd_per_t)
    assert [a["rank"] for a in r.to_records("alternatives")] == list(range(1, len(alts) + 1))


def test_route_accepts_dates(net):
    import datetime

    assert net.route("kabul", "karachi", date=datetime.date(2025, 9, 1)) == net.route("kabul", "karachi", date="2025-09-01")


def test_compare_equals_cli(net, cli):
    c = net.compare(["tashkent", "termez"], ["nhava-sheva"], via_port=["chabahar", "gwadar"])
    assert c.to_dict() == cli("compare", "tashkent", "termez", "--to", "nhava-sheva", "--via-port", "chabahar", "--via-port", "gwadar")
    assert c.winners()[("tashkent", "nhava-sheva")] in ("chabahar", "gwadar")
    rows = c.to_records()
    assert len(rows) == 4 and {r["port"] for r in rows} == {"chabahar", "gwadar"}
    assert sum(r["winner"] for r in rows) == 2


def test_compare_with_draws_equals_cli(net, cli):
    c = net.compare("kabul", "mundra", via_port=["chabahar", "bandar-abbas"], draws=500, seed=1)
    assert c.to_dict() == cli("compare", "kabul", "--to", "mundra", "--via-port", "chabahar", "--via-port", "bandar-abbas", "--draws", "500", "--seed", "1")
    row = c.to_records()[0]
    assert 0.0 <= row["p_best"] <= 1.0 and "usd_per_t_p95" in row


def test_capacity_equals_cli(net, cli):
    cap = net.capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas"], modes="rail")
    assert cap.to_dict() == cli("capacity", "--from", "tashkent", "termez", "--to", "chabahar", "bandar-abbas", "--mode", "rail")
    assert cap.max_flow_mtpa == cap.to_dict()["max_flow_mtpa"]
    assert [c["id"] for c in cap.to_records()] == [c["id"] for c in cap.min_cut]
    # Lines of unknown capacity carry part of it: the figure is an upper bound.
    assert cap.to_dict()["unknown_capacity_used"] and "max flow ≤10.5 Mt/yr" in repr(cap)
    design = net.capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas"], modes="rail", design=True)
    assert design.to_dict() == cli("capacity", "--from", "tashkent", "termez", "--to", "chabahar", "bandar-abbas", "--mode", "rail", "--design")


def test_optimal_and_greedy_equal_cli(net, cli):
    opt = net.optimal()
    assert opt.to_dict() == cli("capacity", "--demands")
    assert opt.served_mtpa <= opt.demand_mtpa
    assert {"id", "kind", "usd_per_t"} <= set(opt.to_records("shadow_prices")[0]) if opt.shadow_prices else True
    greedy = net.assign()
    assert greedy.to_dict() == cli("capacity", "--demands", "--greedy")
    assert greedy.to_records()[0]["from"] == greedy.demands[0]["from"]
    pairs = net.optimal([("tashkent", "nhava-sheva", 1.0)], versus_greedy=False)
    assert pairs.demand_mtpa == 1.0 and pairs.greedy is None


def test_split_and_its_fit_equal_cli(net, cli):
    s = net.split([("mary", "herat", 1.0)], routes=3)
    assert s.to_dict() == cli("split", "--pair", "mary", "herat", "1", "--routes", "3")
    assert abs(sum(r["share"] for r in s.to_records()) - 1.0) < 1e-9
    assert s.to_records()[0]["rank"] == 1 and s.to_records()[0]["modes"] == ["road"]
    assert net.split().to_dict() == cli("split")
    fits = net.fit_split([0, 10])
    assert fits == cli("split", "--fit", "0,10")
    assert fits[1].fit.counts == len(net.observed())
    beside = net.utilisation(modelled=True, theta=10)
    assert beside.to_dict() == cli("observed", "--modelled", "--theta", "10")
    assert beside.model.startswith("the flows spread over up to 8")
    with pytest.raises(corridors.QueryError, match=r"spread theta must lie in \[0, 10000\], found -1"):
        net.split(theta=-1)


def test_split_within_capacity_equals_cli(net, cli):
    s = net.split(within_capacity=True)
    assert s.to_dict() == cli("split", "--within-capacity")
    assert [(p["id"], round(p["usd_per_t"], 2)) for p in s.capacity["shadow_prices"]] == [
        ("qazvin-rasht-rail", 88.61)
    ]
    assert s.capacity["unmet_mtpa"] == 0.0 and s.capacity["routes_added"] == 1
    assert "capacity" not in net.split().to_dict()
    beside = net.utilisation(modelled=True, theta=10, within_capacity=True)
    assert beside.to_dict() == cli("observed", "--modelled", "--theta", "10", "--within-capacity")
    assert beside.model.endswith("capacities binding")
    with pytest.raises(corridors.QueryError, match=r"spread theta within capacity must lie in \(0, 10000\]"):
        net.split(theta=0, within_capacity=True)


def test_capacity_draws_equal_cli(net, cli):
    c = net.capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas"], modes="rail", draws=30, seed=4)
    assert c.to_dict() == cli(
        "capacity", "--from", "tashkent", "termez", "--to", "chabahar", "bandar-abbas", "--mode", "rail", "--draws", "30", "--seed", "4"
    )
    low, mid, high = c.draws["max_flow_mtpa"]
    assert low <= mid <= high and c.draws["cut"][0]["chance"] > 0.5


def test_optimal_draws_equal_cli(net, cli):
    a = net.optimal(draws=12, seed=1)
    assert a.to_dict() == cli("capacity", "--demands", "--draws", "12", "--seed", "1")
    rasht = next(p for p in a.draws["prices"] if p["id"] == "qazvin-rasht-rail")
    assert rasht["chance_full"] > 0.5 and rasht["usd_per_t"][0] <= rasht["usd_per_t"][2]
    assert "draws" not in net.optimal().to_dict()


def test_split_draws_equal_cli(net, cli):
    s = net.split([("tashkent", "karachi", 2.0)], draws=20, seed=3, stratified=True)
    assert s.to_dict() == cli("split", "--pair", "tashkent", "karachi", "2", "--draws", "20", "--seed", "3", "--stratified")
    assert s.draws["n"] == 20 and s.draws["sampling"] == "stratified"
    rows = s.to_records()
    assert {"share_p5", "share_p50", "share_p95", "chance_cheapest"} <= set(rows[0]) and "draws" not in rows[0]
    assert all(r["share_p5"] <= r["share_p50"] <= r["share_p95"] for r in rows)
    loads = s.to_records("load_draws")
    assert loads and list(loads[0])[:5] == ["link", "load_mtpa_p5", "load_mtpa_p50", "load_mtpa_p95", "chance_full"]
    assert "share_p5" not in net.split([("tashkent", "karachi", 2.0)]).to_records()[0]
    with pytest.raises(corridors.QueryError, match="at most 10000 split draws"):
        net.split(draws=10_001)


def test_split_with_the_spread_drawn_equals_cli(net, cli):
    s = net.split([("mary", "herat", 1.0)], draws=20, theta_range=(3, 30))
    assert s.to_dict() == cli("split", "--pair", "mary", "herat", "1", "--draws", "20", "--theta-range", "3", "30")
    low, mid, high = s.draws["theta"]
    assert 3 <= low <= mid <= high <= 30
    assert "theta" not in net.split([("mary", "herat", 1.0)], draws=20).draws
    with pytest.raises(corridors.QueryError, match=r"spread theta range \[12, 30\] does not fit theta 10"):
        net.split(draws=5, theta_range=(12, 30))
    with pytest.raises(ValueError, match="give draws too"):
        net.split(theta_range=(3, 30))


def test_projects_with_the_spread_drawn_equal_cli(net, cli):
    r = net.rank_projects(["mazar-herat"], spread=10, draws=4, spread_range=(5, 20))
    assert r.to_dict() == cli("projects", "--project", "mazar-herat", "--spread", "--draws", "4", "--spread-range", "5", "20")
    low, mid, high = r.draws["spread_theta"]
    assert 5 <= low <= mid <= high <= 20
    with pytest.raises(corridors.QueryError, match=r"expected 0 < low"):
        net.rank_projects(["mazar-herat"], spread=10, draws=2, spread_range=(0, 20))
    for missing in [dict(spread=10), dict(draws=2)]:
        with pytest.raises(ValueError, match="give a spread and draws too"):
            net.rank_projects(["mazar-herat"], spread_range=(5, 20), **missing)


def test_disruption_equals_cli(net, cli):
    d = net.disruption("pak-afghan-closure-2025")
    assert d.to_dict() == cli("scenario", "pak-afghan-closure-2025")
    assert net.scenario("pak-afghan-closure-2025") == d
    two = net.disruption(["pak-afghan-closure-2025", "iran-war-2025"], no_events=True)
    assert two.to_dict() == cli("scenario", "pak-afghan-closure-2025", "iran-war-2025", "--no-events")
    rows = two.to_records()
    assert rows and {"from", "to", "cut_off", "extra_usd_per_t", "before_usd_per_t", "after_usd_per_t"} <= set(rows[0])


def test_disruption_draws_equal_cli(net, cli):
    d = net.disruption("pak-afghan-closure-2025", draws=20, seed=2, stratified=True)
    assert d.to_dict() == cli("scenario", "pak-afghan-closure-2025", "--draws", "20", "--seed", "2", "--stratified")
    rows = d.to_records("flow_draws")
    assert len(rows) == len(net.demands())
    kabul = next(r for r in rows if r["from"] == "kabul")
    assert kabul["chance_affected"] == 1.0 and kabul["chance_cut_off"] == 0.0
    assert 0 < kabul["extra_usd_per_t_p5"] <= kabul["extra_usd_per_t_p50"] <= kabul["extra_usd_per_t_p95"]
    assert d.to_records("flow_draws") and "draws" not in net.disruption("pak-afghan-closure-2025").to_dict()
    assert net.disruption("pak-afghan-closure-2025").to_records("flow_draws") == []
    with pytest.raises(corridors.QueryError, match="at most 10000 disruption draws"):
        net.disruption("pak-afghan-closure-2025", draws=10_001)


def test_criticality_draws_equal_cli(net, cli):
    c = net.criticality(top=3, nodes=True, draws=10, seed=3)
    assert c.to_dict() == cli("critical", "--top", "3", "--nodes", "--draws", "10", "--seed", "3")
    links = c.to_records("link_draws")
    assert len(links) == 3 and links[0]["id"] == "qazvin-rasht-rail" and links[0]["chance_worst"] == 1.0
    assert all(r["rank_p5"] <= r["rank_p50"] <= r["rank_p95"] for r in links)
    assert c.to_records("node_draws")[0]["chance_cuts_off"] == 1.0
    assert c.to_records("joint_draws")[0]["chance"] == 1.0
    assert net.criticality(top=3).to_records("link_draws") == []
    with pytest.raises(corridors.QueryError, match="at most 10000 criticality draws"):
        net.criticality(draws=10_001)


def test_criticality_equals_cli(net, cli):
    c = net.criticality(top=5)
    assert c.to_dict() == cli("critical", "--top", "5")
    full = net.criticality(nodes=True, capacity=True)
    assert full.to_dict() == cli("critical", "--nodes", "--capacity")
    assert full.to_records("nodes") and full.to_records()[0]["link"] == full.links[0].link


def test_reliability_equals_cli(net, cli):
    r = net.reliability(samples=2000, seed=3)
    assert r.to_dict() == cli("reliability", "--samples", "2000", "--seed", "3")
    assert all(0.0 <= d["p_route"] <= 1.0 for d in r.to_records())


def test_reliability_states_its_day_and_draws_no_event_in_force(net, cli):
    r = net.reliability()
    assert r.to_dict() == cli("reliability")
    assert r.date == "2026-06-30" and "pak-afghan-closure-2025" in r.events
    rows = {s["id"]: s for s in r.to_records("scenarios")}
    assert rows["pak-afghan-closure-2025"]["in_force"] is True
    assert rows["pak-afghan-closure-2025"]["probability"] == 1.0
    assert rows["iran-war-2025"]["in_force"] is False
    plain = net.reliability(no_events=True)
    assert plain.to_dict() == cli("reliability", "--no-events")
    assert plain.events == [] and not any(s["in_force"] for s in plain.to_records("scenarios"))
    # A partly open corridor: its chance is of the km open, its km in the file beside.
    gwadar = {c["corridor"]: c for c in r.to_records("corridors")}["gwadar"]
    assert round(gwadar["km"]) == 2377 and round(gwadar["km_total"]) == 5492


def test_sensitivity_equals_cli(net, cli, tmp_path):
    s = net.sensitivity("kabul", "mundra", via_port=["chabahar", "bandar-abbas"])
    svg = tmp_path / "t.svg"
    assert s.to_dict() == cli("sensitivity", "kabul", "mundra", "--via-port", "chabahar", "--via-port", "bandar-abbas", "--top", "10", "--svg", str(svg))
    assert s.svg(10) == svg.read_text(encoding="utf-8")
    assert all(p.break_even is not None for p in s.flipping())
    assert s.to_records()[0]["id"] == s.parameters[0].id


def test_rank_projects_equals_cli(net, cli):
    r = net.rank_projects()
    assert r.to_dict() == cli("projects")
    assert [p["id"] for p in r.to_records()] == [p["id"] for p in r.projects]
    assert {p["id"] for p in r.to_records()} <= {p["id"] for p in net.projects()}
    first = net.projects()[0]["id"]
    assert net.rank_projects([first]).to_dict() == cli("projects", "--project", first)


def test_rank_projects_discounted_equals_cli(net, cli):
    r = net.rank_projects(["chabahar-zahedan"], discount=0.06, years=30)
    assert r.to_dict() == cli("projects", "--project", "chabahar-zahedan", "--discount", "0.06", "--years", "30")
    assert r.discount == {"rate": 0.06, "years": 30}
    d = r.projects[0]["discounted"]
    assert d["npv_usd"] == pytest.approx(d["savings_pv_usd"] - r.projects[0]["cost_usd"])
    # Not asked, not there: the JSON without a discount is as it was.
    assert "discounted" not in net.rank_projects(["chabahar-zahedan"]).projects[0]
    with pytest.raises(ValueError, match="discount and years go together"):
        net.rank_projects(discount=0.06)
    with pytest.raises(ValueError, match=r"discount rate must lie in \[0, 1\], found 2"):
        net.rank_projects(discount=2.0, years=30)


def test_stratified_draws_equal_cli_and_say_so(net, cli):
    c = net.compare("kabul", "mundra", via_port=["chabahar", "bandar-abbas"], draws=300, seed=2, stratified=True)
    assert c.to_dict() == cli(
        "compare", "kabul", "--to", "mundra", "--via-port", "chabahar", "--via-port", "bandar-abbas",
        "--draws", "300", "--seed", "2", "--stratified",
    )
    assert c.to_dict()["draws"]["sampling"] == "stratified"
    # Independent draws, the default, leave the key out: their JSON is as it was.
    assert "sampling" not in net.compare("kabul", "mundra", via_port=["chabahar"], draws=10).to_dict()["draws"]
    r = net.rank_projects(["mazar-herat", "khaf-herat-section-4"], draws=4, stratified=True)
    assert r.to_dict() == cli(
        "projects", "--project", "mazar-herat", "--project", "khaf-herat-section-4", "--draws", "4", "--stratified"
    )
    assert r.to_dict()["draws"]["sampling"] == "stratified"


def test_rank_projects_under_route_choice_equals_cli(net, cli):
    r = net.rank_projects(["mazar-herat", "khaf-herat-section-4"], spread=10)
    assert r.to_dict() == cli(
        "projects", "--project", "mazar-herat", "--project", "khaf-herat-section-4", "--spread", "10"
    )
    assert r.spread == 10
    g = r.projects[0]["spread"]
    assert g["benefit_usd_per_year"] > 0 and g["mtpa"] > 0
    # The two make one line to Iran: each worth more with the other, under route choice too
    # (38.5 M$/yr since Mazar–Herat's cargo can reach Iran's railway by truck to Rozanak).
    (pair,) = r.to_records("spread_pairs")
    assert sorted(pair["projects"]) == ["khaf-herat-section-4", "mazar-herat"] and pair["synergy_usd_per_year"] > 35e6
    assert all(p["spread_last"]["benefit_usd_per_year"] > p["spread"]["benefit_usd_per_year"] for p in r.projects)
    assert r.spread_all_built["benefit_usd_per_year"] > 100e6
    # The order's steps are weighed on one set of routes with all built: they add up to no more.
    steps = sum(s["benefit_usd_per_year"] for s in r.spread_order)
    assert steps <= r.spread_all_built["benefit_usd_per_year"] * (1 + 1e-9)
    assert "spread" not in net.rank_projects(["mazar-herat"]).projects[0]
    # With draws too, each draw is valued under route choice.
    d = net.rank_projects(["mazar-herat", "herat-kandahar"], draws=3, spread=10)
    assert d.to_dict() == cli(
        "projects", "--project", "mazar-herat", "--project", "herat-kandahar", "--draws", "3", "--spread", "10"
    )
    s = d.projects[0]["draws"]["spread"]
    assert s["benefit_usd_per_year"][0] <= s["benefit_usd_per_year"][2] and 0 <= s["chance_first"] <= 1
    with pytest.raises(corridors.QueryError, match=r"spread theta must lie in \(0, 10000\], found 0"):
        net.rank_projects(["mazar-herat"], spread=0)
    # Within capacity: Rasht–Astara's cargo meets the full railway to Qazvin.
    w = net.rank_projects(["rasht-astara"], spread=10, within_capacity=True)
    assert w.to_dict() == cli("projects", "--project", "rasht-astara", "--spread", "10", "--within-capacity")
    assert w.spread_within_capacity is True
    assert round(w.projects[0]["spread"]["benefit_usd_per_year"] / 1e6, 1) == 10.8
    with pytest.raises(ValueError, match="give a spread too"):
        net.rank_projects(["rasht-astara"], within_capacity=True)


def test_report_api(net):
    c = net.capacity("termez", "karachi")
    assert c.tables == ["min_cut", "flows"]
    assert c.to_json().startswith("{")
    with pytest.raises(ValueError, match="no table 'nope'"):
        c.to_records("nope")
    assert "max_flow_mtpa" in dir(c)


def test_matrix_and_its_draws_equal_cli(net, cli):
    m = net.matrix(["termez", "kabul"], ["karachi", "chabahar"], metric="time")
    assert m.to_dict() == cli("matrix", "--from", "termez,kabul", "--to", "karachi,chabahar", "--metric", "time")
    assert m.get("kabul", "chabahar") == m.values[1][1] == net.route("kabul", "chabahar", "time").hours
    assert [(r["from"], r["to"]) for r in m.to_records()] == [
        ("termez", "karachi"), ("termez", "chabahar"), ("kabul", "karachi"), ("kabul", "chabahar")
    ]
    assert m.from_ == ["termez", "kabul"] and "2 × 2 time" in repr(m)
    with pytest.raises(KeyError, match="'herat' → 'karachi' is not in the matrix"):
        m.get("herat", "karachi")
    # No destinations given: every node, as the CLI without --to.
    assert len(net.matrix("herat", metric="distance").to) == len(net.nodes())
    d = net.matrix(["termez"], ["karachi"], draws=40, seed=3, stratified=True)
    assert d.to_dict() == cli(
        "matrix", "--from", "termez", "--to", "karachi", "--draws", "40", "--seed", "3", "--stratified"
    )
    row = d.to_records()[0]
    assert row["value_p5"] <= row["value_p50"] <= row["value_p95"]
    assert d.draws["sampling"] == "stratified"
    with pytest.raises(corridors.QueryError, match='unknown node "karachy"'):
        net.matrix(["termez"], ["karachy"])
