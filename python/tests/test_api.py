"""The package's shape: exports, docstrings, stubs, and the GIL released by long queries."""

from __future__ import annotations

import inspect
import threading
import time
from pathlib import Path

import corridors

METHODS = [
    "trans_afghan", "from_path", "from_toml", "to_toml", "edit", "summary", "nodes", "links",
    "corridors", "scenarios", "events", "sources", "projects", "demands", "tariffs", "crossings",
    "parameters", "nodes_frame", "links_frame", "route", "compare", "capacity", "optimal",
    "assign", "disruption", "scenario", "criticality", "reliability", "sensitivity",
    "rank_projects", "scenario_effects", "map", "find_node", "neighbours", "links_of",
]


def test_every_public_name_is_documented():
    for name in corridors.__all__:
        obj = getattr(corridors, name)
        if inspect.isclass(obj):
            assert obj.__doc__, name
    for m in METHODS:
        assert getattr(corridors.Network, m).__doc__, m
    for name, m in inspect.getmembers(corridors.Editor, inspect.isfunction):
        if not name.startswith("_"):
            assert m.__doc__, name


def test_route_signature_is_the_documented_one():
    sig = inspect.signature(corridors.Network.route)
    expected = ["from_", "to", "metric", "date", "no_events", "modes", "include", "via", "via_port", "avoid", "scenarios", "alternatives"]
    assert all(p in sig.parameters for p in expected)
    assert sig.parameters["metric"].default == "cost"
    assert sig.parameters["alternatives"].default == 0


def test_typed_package_ships_stubs():
    pkg = Path(corridors.__file__).parent
    assert (pkg / "py.typed").exists()
    assert (pkg / "_corridors.pyi").exists()
    assert corridors.__version__


def test_records_read_as_attributes():
    r = corridors.Record({"a": 1, "b": {"c": 2}, "d": [{"e": 3}]})
    assert r.a == 1 and r.b.c == 2 and r.d[0].e == 3
    assert "a" in dir(r)


def _ticks_during(call) -> int:
    """How often the main thread ran Python while `call` ran in another thread."""
    done = threading.Event()

    def work():
        try:
            call()
        finally:
            done.set()

    t = threading.Thread(target=work)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    t.join()
    return ticks


def test_long_queries_release_the_gil(net):
    # A query that takes a while: with the GIL held, the main thread could not run at all.
    # With no events every one of the twelve scenarios is drawn (today four are in force and
    # not drawn, which leaves too few combinations to route for the query to take long).
    start = time.perf_counter()
    ticks = _ticks_during(lambda: net.reliability(samples=20_000, seed=2, no_events=True))
    took = time.perf_counter() - start
    assert took > 0.05, "the query is too quick to tell"
    assert ticks > 100, ticks
    assert _ticks_during(lambda: net.rank_projects()) > 100


def test_a_field_read_alone_equals_the_whole_report(net):
    lazy = net.route("tashkent", "nhava-sheva", via_port="chabahar")
    assert lazy._cache is None, "the answer stays in Rust until read"
    fields = (lazy.distance_km, lazy.found, lazy.legs, lazy.countries, lazy.from_)
    assert lazy._cache is None, "reading fields does not convert the whole report"
    assert "usd_per_t" in dir(lazy)
    whole = lazy.to_dict()
    assert fields == (whole["distance_km"], whole["found"], whole["legs"], whole["countries"], whole["from"])
    assert list(whole)[:3] == ["from", "to", "metric"], "fields in the order the CLI prints them"
