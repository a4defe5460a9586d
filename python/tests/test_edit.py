"""What-if edits (the Rust NetworkBuilder): each edit changes the answers it should."""

from __future__ import annotations

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
    import datetime

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
