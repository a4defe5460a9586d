"""Every error type, as a Python exception; and no input, however hostile, panics into Python."""

from __future__ import annotations

import math
import re

import pytest

import corridors


def test_unknown_node_names_the_id_and_a_suggestion(net, cli):
    with pytest.raises(corridors.QueryError) as info:
        net.route("kabul", "heart")
    e = info.value
    assert (e.kind, e.id, e.suggestion) == ("node", "heart", "herat")
    code, _, stderr = cli("route", "kabul", "heart", ok=False)
    assert code == 1 and stderr.strip() == f"error: {e}"
    assert isinstance(e, ValueError) and isinstance(e, corridors.CorridorsError)


@pytest.mark.parametrize(
    "call,kind,id",
    [
        (lambda n: n.route("kabul", "karachi", avoid="iran"), "node, link, country or corridor", "iran"),
        (lambda n: n.route("kabul", "karachi", scenarios="pak-afghan-closure"), "scenario", "pak-afghan-closure"),
        (lambda n: n.disruption("no-such-scenario"), "scenario", "no-such-scenario"),
        (lambda n: n.capacity("tashkent", "chabahr"), "node", "chabahr"),
        (lambda n: n.compare("kabul", "mundra", via_port="chabahar-port"), "node", "chabahar-port"),
        (lambda n: n.rank_projects("no-such-project"), "project", "no-such-project"),
        (lambda n: n.scenario_effects("nope"), "scenario", "nope"),
    ],
)
def test_unknown_ids(net, call, kind, id):
    with pytest.raises(corridors.QueryError) as info:
        call(net)
    assert (info.value.kind, info.value.id) == (kind, id)
    assert id in str(info.value)


def test_query_errors_without_an_id(net, cli):
    cases = [
        (lambda: net.route("kabul", "karachi", max_overlap=2.0), ["route", "kabul", "karachi", "--max-overlap", "2"]),
        (lambda: net.route("kabul", "karachi", alternatives=10**6), ["route", "kabul", "karachi", "--alternatives", "1000000"]),
        (lambda: net.route("kabul", "karachi", draws=10**9), ["route", "kabul", "karachi", "--draws", "1000000000"]),
        (lambda: net.capacity("kabul", "kabul"), ["capacity", "--from", "kabul", "--to", "kabul"]),
        (lambda: net.reliability(samples=0), ["reliability", "--samples", "0"]),
    ]
    for call, args in cases:
        with pytest.raises(corridors.QueryError) as info:
            call()
        assert info.value.id is None
        code, _, stderr = cli(*args, ok=False)
        assert code == 1 and stderr.strip() == f"error: {info.value}", args
    with pytest.raises(corridors.QueryError, match="name at least one"):
        net.disruption([])


@pytest.mark.parametrize(
    "kwargs,kind",
    [
        (dict(metric="speed"), "metric"),
        (dict(modes="air"), "mode"),
        (dict(include="built"), "status"),
        (dict(date="2025-13-01"), "date"),
        (dict(date="yesterday"), "date"),
    ],
)
def test_misspelt_options(net, kwargs, kind):
    with pytest.raises(corridors.QueryError) as info:
        net.route("kabul", "karachi", **kwargs)
    assert info.value.kind == kind and info.value.id is None


def test_options_of_the_wrong_shape_are_value_errors(net):
    for kwargs in (dict(max_overlap=math.nan), dict(alternatives=-1), dict(year=10**12), dict(seed=-1, draws=2)):
        with pytest.raises(ValueError):
            net.route("kabul", "karachi", **kwargs)


def test_edit_errors_are_load_errors(net):
    with pytest.raises(corridors.LoadError) as info:
        net.edit().link_capacity("termez-hairatan-rial", 5.0).build()
    p = info.value.problems[0]
    assert (p.path, p.line, p.column) == ("", 0, 0)
    assert "termez-hairatan-rial" in p.message
    with pytest.raises(corridors.LoadError, match="capacity_mtpa"):
        net.edit().link_capacity("termez-hairatan-rail", -1.0).build()
    with pytest.raises(corridors.QueryError):
        net.edit().tariff_rate("UZ", "air", 0.1).build()


HOSTILE_STRINGS = ["", " ", "\x00", "é" * 1000, "a" * 100_000, "corridor:", "node:", "../../etc/passwd", "🚂", "\ud800"]
HOSTILE_NUMBERS = [math.nan, math.inf, -math.inf, -1.0, 0.0, 1e308, 5e-324, 2**63, -(2**63)]


def test_hostile_inputs_never_panic(net):
    """Every call either answers or raises a CorridorsError/ValueError/TypeError, never a
    PanicException (a BaseException) nor a RuntimeError."""
    calls = []
    for s in HOSTILE_STRINGS:
        calls += [
            lambda s=s: net.route(s, "karachi"),
            lambda s=s: net.route("kabul", "karachi", avoid=s),
            lambda s=s: net.route("kabul", "karachi", via=[s]),
            lambda s=s: net.route("kabul", "karachi", date=s),
            lambda s=s: net.compare([s], ["mundra"], via_port=[s]),
            lambda s=s: net.capacity([s], ["karachi"]),
            lambda s=s: net.disruption(s),
            lambda s=s: net.sensitivity("kabul", s),
            lambda s=s: net.rank_projects(s),
            lambda s=s: net.map(scenarios=s).svg(),
            lambda s=s: net.map(title=s).svg(),
            lambda s=s: corridors.Network.from_toml(s),
            lambda s=s: net.edit().remove_link(s).build(),
            lambda s=s: net.edit().add_node(s, s, s, "city", 0.0, 0.0).build(),
            lambda s=s: net.edit().add_scenario(s, name=s, close_links=[s], add_usd_per_t={s: 1.0}).build(),
        ]
    for x in HOSTILE_NUMBERS:
        calls += [
            lambda x=x: net.route("kabul", "karachi", max_overlap=x),
            lambda x=x: net.optimal([("tashkent", "mundra", x)]),
            lambda x=x: net.criticality(pairs=[("tashkent", "mundra", x)], joint=False),
            lambda x=x: net.reliability(pairs=[("tashkent", "mundra", x)], samples=10),
            lambda x=x: net.optimal(unmet_penalty=x),
            lambda x=x: net.map(bounds=(x, x, x, x)).svg(),
            lambda x=x: net.edit().link_capacity("termez-hairatan-rail", x).build(),
            lambda x=x: net.edit().link_rate("termez-hairatan-rail", x).build(),
            lambda x=x: net.edit().crossing_cost("torkham-af-torkham-pk-road", "torkham-af", hours=x, usd_per_t=x).build(),
            lambda x=x: net.edit().add_link("t", "kabul", "herat", "rail", length_km=x, capacity_mtpa=x).build(),
            lambda x=x: net.edit().add_scenario("t", capacity_factor={"termez-hairatan-rail": x}, add_hours={"IR": x}, probability=x).build(),
        ]
    answered = 0
    for call in calls:
        try:
            call()
            answered += 1
        except (corridors.CorridorsError, ValueError, TypeError, OverflowError):
            pass
    assert answered > 0


def test_native_module_rejects_malformed_options():
    from corridors import _corridors

    with pytest.raises(corridors.LoadError):
        _corridors.Network.from_toml("nope")
    with pytest.raises(ValueError, match="unknown query kind"):
        _corridors.Network.trans_afghan().query("nope", "{}")
    with pytest.raises(ValueError, match="bad options"):
        _corridors.Network.trans_afghan().query("route", "{not json")
    with pytest.raises(ValueError, match="bad options"):
        _corridors.Network.trans_afghan().query("route", '{"from": "a", "to": "b", "extra": 1}')


def exactly(message):
    return "^" + re.escape(message) + "$"


@pytest.mark.parametrize(
    "call,message",
    [
        (lambda n: n.route("termez", "karachi", year="2030"), 'year: expected a whole number (i32), found the string "2030"'),
        (lambda n: n.route("termez", "karachi", draws=-5), "draws: expected a whole number, 0 or more (usize), found -5"),
        (lambda n: n.route("termez", "karachi", draws=10.0), "draws: expected a whole number, 0 or more (usize), found 10.0"),
        (lambda n: n.route("termez", "karachi", draws=2, seed=-1), "seed: expected a whole number, 0 or more (u64), found -1"),
        (lambda n: n.route("termez", "karachi", alternatives="3"), 'alternatives: expected a whole number, 0 or more (usize), found the string "3"'),
        (lambda n: n.route("termez", "karachi", via_port=["chabahar", "gwadar"]), "via_port: expected a string, found a list of 2 items"),
        (lambda n: n.route(5, "karachi"), "from_: expected a string, found 5"),
        (lambda n: n.split(theta="10"), 'theta: expected a number, found the string "10"'),
        (lambda n: n.map(bounds=[1, 2, 3]).svg(), "bounds: expected a list of 4 items, found a list of 3 items"),
        (lambda n: n.map(bounds=5).svg(), "bounds: expected (west, south, east, north), found 5"),
        (lambda n: n.route("termez", "karachi", max_overlap=math.nan), "max_overlap: expected a number, found nan"),
        (lambda n: n.optimal(unmet_penalty=-math.inf), "unmet_penalty: expected a number, found -inf"),
        (lambda n: n.optimal([("termez", "karachi", math.nan)]), "pairs[0][2]: expected a number, found nan"),
        (lambda n: n.optimal([("termez", "karachi", "3")]), 'pairs[0][2]: expected a number, found the string "3"'),
        (lambda n: n.optimal([("termez", "karachi")]), "pairs[0]: expected (from, to, mtpa), found a list of 2 items"),
        (lambda n: n.fit_split([1, math.inf]), "thetas[1]: expected a number, found inf"),
        (lambda n: n.rank_projects(discount=0.06, years=-3), "years: expected a whole number, 0 or more (u32), found -3"),
        (lambda n: n.rank_projects(discount="6%", years=20), 'discount: expected a number, found the string "6%"'),
        (lambda n: n.route("termez", "karachi", date=2025), 'date: expected a datetime.date or "YYYY-MM-DD", found 2025'),
        (lambda n: n.route("termez", "karachi", avoid=5), "avoid: expected an id or a list of ids, found 5"),
        (lambda n: n.route("termez", "karachi", no_events="no"), 'no_events: expected True or False, found the string "no"'),
        (lambda n: n.route("termez", "karachi", draws=2, stratified=1), "stratified: expected True or False, found 1"),
        (lambda n: n.capacity("termez", "karachi", design=None), "design: expected True or False, found None"),
        (lambda n: n.rank_projects(spread=5.0, within_capacity="yes"), 'within_capacity: expected True or False, found the string "yes"'),
        (lambda n: n.utilisation(modelled="yes"), 'modelled: expected True or False, found the string "yes"'),
        (lambda n: n.map(outlines=0).svg(), "outlines: expected True or False, found 0"),
        (lambda n: n.edit().link_capacity("termez-hairatan-rail", math.nan).build(), "mtpa of link_capacity: expected a number, found nan"),
        (lambda n: n.edit().link_capacity("termez-hairatan-rail", "5").build(), 'mtpa of link_capacity: expected a number, found the string "5"'),
        (lambda n: n.edit().add_link("t", "kabul", "herat", "rail", oneway="no").build(), 'oneway of add_link: expected True or False, found the string "no"'),
        (lambda n: n.edit().add_demand("kabul", "karachi", 1.0, mtpa_range=(0.5, math.inf)).build(), "mtpa_range[1] of add_demand: expected a number, found inf"),
        (lambda n: n.edit().crossing_cost("torkham-af-torkham-pk-road", 5, hours=1, usd_per_t=1).build(), "from_ of crossing_cost: expected a string, found 5"),
        (lambda n: n.edit().link_status("termez-hairatan-rail", "planned", opens={2030}).build(), "opens of link_status: expected a whole number (i32), found a value of type set"),
    ],
)
def test_arguments_of_the_wrong_type_are_named(net, call, message):
    with pytest.raises(corridors.QueryError, match=exactly(message)) as info:
        call(net)
    assert isinstance(info.value, corridors.CorridorsError)
    assert info.value.kind == message.split(":")[0] and info.value.id is None


def test_numpy_numbers_and_bools_are_taken():
    np = pytest.importorskip("numpy")
    net = corridors.Network.trans_afghan()
    r = net.route("termez", "karachi", draws=np.int64(3), stratified=np.bool_(True), max_overlap=np.float64(0.5))
    assert r.found


def test_adding_a_node_or_link_whose_id_is_taken_is_an_error(net):
    with pytest.raises(corridors.LoadError, match=exactly('node "kabul" already exists')) as info:
        net.edit().add_node("kabul", "X", "AF", "city", 35, 68).build()
    assert [p.message for p in info.value.problems] == ['node "kabul" already exists']
    with pytest.raises(corridors.LoadError, match=exactly('link "termez-hairatan-rail" already exists')):
        net.edit().add_link("termez-hairatan-rail", "termez", "hairatan", "rail").build()
    # Removed first, the id may be added again.
    moved = net.edit().remove_link("kabul-jalalabad-road").add_link("kabul-jalalabad-road", "kabul", "jalalabad", "road", length_km=160).build()
    assert {l["id"]: l["length_km"] for l in moved.links()}["kabul-jalalabad-road"] == 160


def test_adding_a_scenario_whose_id_is_taken_is_an_error(net):
    with pytest.raises(corridors.LoadError, match=exactly('scenario "salang-snow-2025" already exists')) as info:
        net.edit().add_scenario("salang-snow-2025", close_links=["kabul-pul-i-khumri-road"]).build()
    assert [p.message for p in info.value.problems] == ['scenario "salang-snow-2025" already exists']
    twice = net.edit().add_scenario("salang-shut").add_scenario("salang-shut")
    with pytest.raises(corridors.LoadError, match=exactly('scenario "salang-shut" already exists')):
        twice.build()
    # Removed first, the id may be added again.
    redone = net.edit().remove_scenario("salang-snow-2025").add_scenario("salang-snow-2025", close_nodes=["kabul"]).build()
    assert next(s for s in redone.scenarios() if s["id"] == "salang-snow-2025")["close_nodes"] == ["kabul"]


@pytest.mark.parametrize(
    "fields,record,message",
    [
        (
            dict(close_links=["torkham-af-torkham-pk-raod"]),
            'close_links = ["torkham-af-torkham-pk-raod"]',
            'scenario "what-if" refers to unknown link "torkham-af-torkham-pk-raod" (did you mean "torkham-af-torkham-pk-road"?)',
        ),
        (
            dict(add_usd_per_t={"IR": -5}),
            'add_usd_per_t = { "IR" = -5 }',
            'scenario "what-if": "add_usd_per_t" of "IR" must not be negative, found -5',
        ),
        (
            dict(capacity_factor={"kabul-pul-i-khumri-road": 1.5}),
            'capacity_factor = { "kabul-pul-i-khumri-road" = 1.5 }',
            'scenario "what-if": "capacity_factor" of "kabul-pul-i-khumri-road" must lie in [0, 1], found 1.5',
        ),
        (
            dict(probability=2),
            "probability = 2",
            'scenario "what-if": "probability" must lie in [0, 1], found 2',
        ),
        (
            dict(start="2026-03-10", end="2026-03-01"),
            "start = 2026-03-10\nend = 2026-03-01",
            'scenario "what-if": "end" 2026-03-01 is before "start" 2026-03-10',
        ),
    ],
)
def test_a_bad_added_scenario_is_named_as_in_a_file(net, fields, record, message):
    with pytest.raises(corridors.LoadError, match=exactly(message)) as info:
        net.edit().add_scenario("what-if", **fields).build()
    assert [p.message for p in info.value.problems] == [message]
    text = net.to_toml() + f'\n[[scenarios]]\nid = "what-if"\nname = "what-if"\n{record}\nsource = "built in code"\n'
    with pytest.raises(corridors.LoadError) as in_file:
        corridors.Network.from_toml(text)
    assert [p.message for p in in_file.value.problems] == [message]


def test_a_scenario_figure_that_is_not_a_number_is_named(net):
    with pytest.raises(
        corridors.QueryError,
        match=exactly("capacity_factor.kabul-pul-i-khumri-road of add_scenario: expected a number, found nan"),
    ):
        net.edit().add_scenario("what-if", capacity_factor={"kabul-pul-i-khumri-road": math.nan}).build()
    with pytest.raises(corridors.QueryError, match=exactly("probability of add_scenario: expected a number, found inf")):
        net.edit().add_scenario("what-if", probability=math.inf).build()
    with pytest.raises(
        corridors.QueryError,
        match=exactly('close_borders[0] of add_scenario: expected a list of 2 items, found the string "AF"'),
    ):
        net.edit().add_scenario("what-if", close_borders=["AF"]).build()
    with pytest.raises(corridors.QueryError, match=exactly("close_links: expected an id or a list of ids, found 5")):
        net.edit().add_scenario("what-if", close_links=5)


def test_a_place_that_is_not_a_port_is_named(net):
    with pytest.raises(corridors.QueryError, match='"herat" is a city, not a port') as info:
        net.compare("kabul", "mundra", via_port=["herat"])
    assert (info.value.kind, info.value.id, info.value.suggestion) == ("port", "herat", None)
