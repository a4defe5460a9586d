"""Records as lists of dicts: the same as the CLI's ``nodes``, ``links``, ``sources`` JSON."""

from __future__ import annotations

import pytest

import corridors


def test_nodes_links_sources_equal_cli(net, cli):
    assert net.nodes() == cli("nodes")
    assert net.links() == cli("links")
    assert net.sources() == cli("sources")


def test_record_lists(net):
    nodes = net.nodes()
    assert {"id", "name", "country", "kind", "lat", "lon"} <= set(nodes[0])
    assert any(n["id"] == "chabahar" and n["kind"] == "port" for n in nodes)
    links = net.links()
    assert {"id", "from", "to", "mode", "length_km", "status"} <= set(links[0])
    assert len(net.corridors()) == net.summary()["corridors"]
    assert net.demands() and {"from", "to", "mtpa"} <= set(net.demands()[0])
    assert net.tariffs() and net.crossings() and net.parameters()
    assert net.projects() and {"id", "name"} <= set(net.projects()[0])


def test_events_are_the_dated_scenarios(net):
    events = net.events()
    scenarios = net.scenarios()
    assert events and len(events) <= len(scenarios)
    assert all(e["start"] is not None for e in events)
    assert {e["id"] for e in events} <= {s["id"] for s in scenarios}
    assert any(e["id"] == "pak-afghan-closure-2025" for e in events)


def test_a_what_if_is_not_an_event(net):
    text = net.to_toml() + '\n[[scenarios]]\nid = "what-if"\nname = "What if"\nclose_links = ["termez-hairatan-rail"]\nsource = "a test"\n'
    other = type(net).from_toml(text)
    assert "what-if" in [s["id"] for s in other.scenarios()]
    assert "what-if" not in [s["id"] for s in other.events()]


def test_scenario_effects(net):
    effects = net.scenario_effects("pak-afghan-closure-2025")
    assert effects and all("link_id" in e for e in effects)


def test_counted_traffic_equals_cli(net, cli):
    counts = net.observed()
    assert len(counts) == net.summary()["observed"] == 24
    assert {"at", "start", "end", "tonnes", "sources"} <= set(counts[0])
    used = net.utilisation()
    assert used.to_dict() == cli("observed")
    imports = [u for u in used.uses if u["from"] == "shamtigh"]
    assert len(imports) == 1
    assert imports[0].against == "one_direction"
    assert 0.19 < imports[0].share < 0.20
    # The table is the CLI's CSV, column for column.
    rows = used.to_records()
    assert list(rows[0])[: len(used.columns())] == used.columns()
    assert [(r["kind"], r["id"], r["start"]) for r in rows] == [
        (next(iter(u["at"])), next(iter(u["at"].values())), u["start"]) for u in used.uses
    ]
    modelled = net.utilisation(modelled=True)
    assert modelled.to_dict() == cli("observed", "--modelled")
    assert modelled.modelled_on.date == "2026-06-30"
    hairatan = [r for r in modelled.to_records() if r["id"] == "termez-hairatan-rail"]
    # The file's Hairatan flow takes its 2.9 Mt/yr from these counts, and comes back there.
    assert hairatan and all(abs(r["modelled_mtpa"] - 2.9) < 1e-6 for r in hairatan)
    aqina = [r for r in modelled.to_records() if r["id"] == "ymamnazar-aqina-rail"]
    assert aqina and all(r["modelled_mtpa"] == 0 for r in aqina)


def test_counted_traffic_at_places(net, cli):
    at = net.utilisation(["hairatan", "IR"])
    assert at.to_dict() == cli("observed", "hairatan", "IR")
    ids = {next(iter(u["at"].values())) for u in at.uses}
    assert "termez-hairatan-rail" in ids and "sarakhs" in ids
    assert "serhetabat-torghundi-rail" not in ids
    with pytest.raises(corridors.QueryError, match='did you mean "hairatan"'):
        net.utilisation("hairatn")


def test_places_are_found_by_name_and_what_touches_them(net):
    assert net.find_node("MAZĀR I SHARIF")["id"] == "mazar-i-sharif"
    assert net.find_node("bandar abbas")["id"] == "bandar-abbas"
    with pytest.raises(corridors.QueryError) as info:
        net.find_node("Heratt")
    assert (info.value.id, info.value.suggestion) == ("Heratt", "herat")
    links = net.links_of("khaf")
    ids = {link["id"] for link in links}
    assert {"torbat-e-heydarieh-khaf-rail", "khaf-shamtigh-rail"} <= ids
    assert all("khaf" in (link["from"], link["to"]) for link in links)
    near = {n["id"] for n in net.neighbours("khaf")}
    ends = {link["to"] if link["from"] == "khaf" else link["from"] for link in links}
    assert near == ends
    with pytest.raises(corridors.QueryError, match="id: expected a string, found None"):
        net.neighbours(None)


def test_ids_must_be_strings(net):
    with pytest.raises(corridors.QueryError, match=r"avoid\[0\]: expected a string, found None"):
        net.route("kabul", "karachi", avoid=[None])
    with pytest.raises(corridors.QueryError, match=r"pairs\[0\]\[1\]: expected a string, found 7"):
        net.optimal(pairs=[("kabul", 7, 1.0)])
