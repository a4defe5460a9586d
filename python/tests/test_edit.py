"""What-if edits (the Rust NetworkBuilder): each edit changes the answers it should."""

from __future__ import annotations

import datetime
import pathlib

import pytest

import corridors

RAIL = ("tashkent", "termez"), ("chabahar", "bandar-abbas")


def test_edit_leaves_the_original_alone(net):
    edited = net.edit().link_capacity("termez-hairatan-rail", 0.5).build()
    assert edited != net
    assert isinstance(edited, corridors.Network)
    assert net.edit().build() == net
    assert "1 edit(s)" in repr(net.edit().remove_link("termez-hairatan-rail"))


def test_link_and_node_capacity(net):
    before = net.capacity(*RAIL, modes="rail")
    cut = before.min_cut[0]
    widen = net.edit()  # below the design capacities, which an edit must respect
    for item in before.min_cut:
        if item.kind == "link":
            widen = widen.link_capacity(item.id, item.capacity_mtpa * 3.9)
        else:
            widen = widen.node_capacity(item.id, item.capacity_mtpa * 3.9)
    after = widen.build().capacity(*RAIL, modes="rail")
    assert after.max_flow_mtpa > before.max_flow_mtpa, cut


def test_link_rate_and_tariff_rate(net):
    r = net.route("termez", "karachi")
    link = r.legs[0].link
    dearer = net.edit().link_rate(link, 1.0).build().route("termez", "karachi")
    assert dearer.usd_per_t > r.usd_per_t or dearer.legs != r.legs
    tariffs = {(t["country"], t["mode"]) for t in net.tariffs() if t.get("usd_per_tkm")}
    country, mode = sorted(tariffs)[0]
    cheap = net.edit().tariff_rate(country, mode, 0.0001).build()
    following = [l["id"] for l in cheap.links() if l["usd_per_tkm"] == 0.0001]
    assert following, "the links that take their rate from the tariff follow it"
    assert all(l["mode"] == mode for l in cheap.links() if l["id"] in following)


def test_crossing_cost(net):
    link = "torkham-af-torkham-pk-road"
    edited = net.edit().crossing_cost(link, "torkham-af", hours=24, usd_per_t=10).build()
    c = [c for c in edited.crossings() if c["link"] == link and c.get("from") == "torkham-af"]
    assert c and c[0]["hours"] == 24.0


def test_add_and_remove_links_and_nodes(net):
    before = net.route("herat", "kandahar", modes="rail")
    assert not before.found
    built = (
        net.edit()
        .add_link("herat-kandahar-test-rail", "herat", "kandahar", "rail", length_km=560, gauge_mm=1435, capacity_mtpa=5)
        .build()
    )
    after = built.route("herat", "kandahar", modes="rail", metric="distance")
    assert after.found and after.distance_km == 560.0
    assert any(l["id"] == "herat-kandahar-test-rail" for l in built.links())
    removed = built.edit().remove_link("herat-kandahar-test-rail").build()
    assert removed == net
    with_port = net.edit().add_node("test-dry-port", "Test dry port", "AF", "city", 34.55, 69.25, capacity_mtpa=2).build()
    assert any(n["id"] == "test-dry-port" for n in with_port.nodes())
    assert with_port.edit().remove_node("test-dry-port").build() == net


def test_link_status_demands_and_scenarios(net):
    in_projects = {l for p in net.projects() for l in p["links"]}
    link = next(l for l in net.links() if l["status"] == "proposed" and l["id"] not in in_projects)
    edited = net.edit().link_status(link["id"], "planned", opens=2031).build()
    changed = next(l for l in edited.links() if l["id"] == link["id"])
    assert (changed["status"], changed["opens"]) == ("planned", 2031)
    d = net.demands()[0]
    fewer = net.edit().remove_demand(d["from"], d["to"]).build()
    assert len(fewer.demands()) == len(net.demands()) - 1
    more = fewer.edit().add_demand(d["from"], d["to"], d["mtpa"]).build()
    assert len(more.demands()) == len(net.demands())
    assert more.demands()[-1]["mtpa_range"] is None
    ranged = fewer.edit().add_demand(d["from"], d["to"], 9.0, mtpa_range=(8.0, 15.0)).build()
    assert ranged.demands()[-1]["mtpa_range"] == {"low": 8.0, "high": 15.0}
    volume = next(p for p in ranged.parameters() if p["id"] == f"demand.{d['from']}.{d['to']}.mtpa")
    assert (volume["kind"], volume["low"], volume["high"]) == ("volume", 8.0, 15.0)
    with pytest.raises(corridors.LoadError, match="must hold the figure 7"):
        fewer.edit().add_demand(d["from"], d["to"], 7.0, mtpa_range=(8.0, 15.0)).build()
    sc = net.scenarios()[0]["id"]
    assert sc not in [s["id"] for s in net.edit().remove_scenario(sc).build().scenarios()]


def test_edited_network_round_trips(net):
    edited = net.edit().link_capacity("termez-hairatan-rail", 7.5).build()
    assert corridors.Network.from_toml(edited.to_toml()) == edited


def test_unknown_record_is_named(net):
    with pytest.raises(corridors.LoadError, match="herat-kandahar"):
        net.edit().remove_link("herat-kandahar").build()


def test_counts_of_traffic_are_added_and_removed(net):
    added = (
        net.edit()
        .add_observed(
            "2026-01-01",
            datetime.date(2026, 1, 31),
            250_000,
            link="termez-hairatan-rail",
            from_="termez",
            tonnes_range=(200_000, 300_000),
            sources=["amu-2025-afghan-rail"],
            estimate="a month's tally, rounded",
        )
        .build()
    )
    assert len(added.observed()) == len(net.observed()) + 1
    new = [u for u in added.utilisation().uses if u.start == "2026-01-01"]
    assert len(new) == 1 and new[0].estimated and new[0]["from"] == "termez"
    assert corridors.Network.from_toml(added.to_toml()) == added
    fewer = added.edit().remove_observed(node="sarakhs").build()
    at_sarakhs = [o for o in added.observed() if o["at"] == {"node": "sarakhs"}]
    assert len(at_sarakhs) == 4
    assert len(fewer.observed()) == len(added.observed()) - len(at_sarakhs)
    with pytest.raises(ValueError, match="one place"):
        net.edit().add_observed("2026-01-01", "2026-01-31", 1.0, link="a", node="b")
    with pytest.raises(corridors.LoadError, match='unknown link "termez-hairatan-rial"'):
        net.edit().add_observed(
            "2026-01-01", "2026-01-31", 1.0, link="termez-hairatan-rial", source="x"
        ).build()
    with pytest.raises(corridors.LoadError, match='no observation at node "kabul" to remove'):
        net.edit().remove_observed(node="kabul").build()


#: Two scenarios as a file gives them: a what-if using every figure with its range, and an
#: event using every kind of closure, dates and sources.
# Two [[scenarios]] records that together use every field, as a file writes them.
SCENARIOS_TOML = "\n" + (pathlib.Path(__file__).parent / "fixtures" / "scenarios.toml").read_text(encoding="utf-8")


def with_scenarios_added(net):
    """The two scenarios of ``SCENARIOS_TOML``, added by ``add_scenario`` with the file's keys."""
    return (
        net.edit()
        .add_scenario(
            "salang-torkham-shut",
            name="The Salang tunnel and Torkham shut, Iran dearer",
            description="An analyst's what-if.",
            close_links=["torkham-af-torkham-pk-road", "kabul-pul-i-khumri-road"],
            capacity_factor={"bereket-gorgan-rail": 0.5},
            capacity_factor_range={"bereket-gorgan-rail": (0.3, 0.8)},
            add_hours={"termez-hairatan-rail": 12},
            add_hours_range={"termez-hairatan-rail": (6, 24)},
            add_usd_per_t={"IR": 20},
            add_usd_per_t_range={"IR": (10, 30)},
            probability=0.1,
            probability_range=(0.05, 0.2),
            source="an analyst's guess",
            estimate="Every figure is a guess.",
        )
        .add_scenario(
            "tajik-border-shut-2026",
            name="The Tajik border shut for ten days",
            start="2026-03-01",
            end=datetime.date(2026, 3, 10),
            confirmed="2026-03-05",
            close_nodes="panji-poyon",
            close_countries=["KG"],
            close_borders=[("AF", "TJ")],
            close_corridors=["five-nations"],
            ban_between=[("AF", "IN")],
            sources=["cpmm-2020-afghanistan"],
        )
        .build()
    )


def test_a_scenario_added_in_python_is_the_same_scenario_in_a_file(net, cli, tmp_path):
    added = with_scenarios_added(net)
    from_file = corridors.Network.from_toml(net.to_toml() + SCENARIOS_TOML)
    assert added == from_file
    assert added.scenarios()[-2:] == from_file.scenarios()[-2:]
    assert [s["id"] for s in added.scenarios()][-2:] == ["salang-torkham-shut", "tajik-border-shut-2026"]
    assert added.events()[-1]["id"] == "tajik-border-shut-2026"
    queries = [
        lambda n: n.route("kabul", "mazar-i-sharif", scenarios="salang-torkham-shut"),
        lambda n: n.route("tashkent", "bandar-abbas", scenarios=["salang-torkham-shut"]),
        lambda n: n.route("kabul", "dushanbe", date="2026-03-05"),
        lambda n: n.capacity(*RAIL, modes="rail", scenarios="salang-torkham-shut"),
        lambda n: n.disruption("salang-torkham-shut", no_events=True),
    ]
    for q in queries:
        assert q(added).to_dict() == q(from_file).to_dict()
    # And the answers change as the scenarios say.
    salang = added.route("kabul", "mazar-i-sharif", scenarios="salang-torkham-shut")
    assert "kabul-pul-i-khumri-road" not in [l.link for l in salang.legs]
    assert salang.distance_km > net.route("kabul", "mazar-i-sharif").distance_km
    assert added.capacity(*RAIL, modes="rail", scenarios="salang-torkham-shut").max_flow_mtpa == 9.0
    assert net.capacity(*RAIL, modes="rail").max_flow_mtpa == 10.5
    shut = added.route("kabul", "dushanbe", date="2026-03-05")
    assert "UZ" in shut.countries and shut.usd_per_t > added.route("kabul", "dushanbe", date="2026-03-20").usd_per_t
    # The CLI reading the network written as a file gives the same answer.
    path = tmp_path / "what-if.toml"
    path.write_text(added.to_toml(), encoding="utf-8")
    assert cli("route", "kabul", "mazar-i-sharif", "--scenario", "salang-torkham-shut", "--network", str(path)) == salang.to_dict()


def test_an_added_scenario_round_trips(net):
    added = with_scenarios_added(net)
    again = corridors.Network.from_toml(added.to_toml())
    assert again == added and again.scenarios() == added.scenarios()
    # Removed again, the network is the one it was added to.
    assert added.edit().remove_scenario("salang-torkham-shut").remove_scenario("tajik-border-shut-2026").build() == net


def test_an_added_scenario_defaults_its_name_and_source(net):
    s = net.edit().add_scenario("salang-shut", close_links="kabul-pul-i-khumri-road").build().scenarios()[-1]
    assert (s["id"], s["name"], s["source"], s["sources"]) == ("salang-shut", "salang-shut", "built in code", [])


def test_an_added_scenario_may_recur_every_year(net):
    # The Salang tunnel shut each January from 2025: in force in January 2027, not in June.
    added = (
        net.edit()
        .add_scenario(
            "salang-january",
            start="2025-01-01",
            end="2025-01-31",
            recurs_yearly=True,
            close_links="kabul-pul-i-khumri-road",
        )
        .build()
    )
    s = added.scenarios()[-1]
    assert (s["id"], s["recurs_yearly"]) == ("salang-january", True)
    winter = added.route("kabul", "mazar-i-sharif", date="2027-01-15")
    summer = added.route("kabul", "mazar-i-sharif", date="2027-06-15")
    assert "kabul-pul-i-khumri-road" not in [l.link for l in winter.legs]
    assert "kabul-pul-i-khumri-road" in [l.link for l in summer.legs]
    assert corridors.Network.from_toml(added.to_toml()) == added
    with pytest.raises(corridors.QueryError, match="recurs_yearly"):
        net.edit().add_scenario("x", recurs_yearly="yes")
