"""Maps: the same SVG and GeoJSON as ``corridors export``."""

from __future__ import annotations

import json
import subprocess

import pytest

import corridors
from conftest import ROOT


@pytest.fixture(scope="module")
def export(cli_bin):
    """``export("svg", …)``: what ``corridors export svg …`` prints."""

    def run(*args: str) -> str:
        p = subprocess.run([str(cli_bin), "export", *args], capture_output=True, text=True, cwd=ROOT, check=True)
        return p.stdout

    return run


def test_network_map_equals_cli(net, export):
    m = net.map()
    assert m.svg() == export("svg")
    assert m.geojson() == json.loads(export("geojson"))


def test_route_map_equals_cli(net, export):
    routes = [net.route("tashkent", "nhava-sheva", via_port=p, include="all") for p in ("chabahar", "gwadar")]
    labels = {"Tashkent → Nhava Sheva via Chabahar": routes[0], "Tashkent → Nhava Sheva via Gwadar": routes[1]}
    svg = net.map(labels, title="Two ports").svg()
    assert svg == export("svg", "--route", "tashkent", "nhava-sheva", "--via-port", "chabahar", "--via-port", "gwadar", "--all", "--title", "Two ports")
    single = net.route("kabul", "karachi")
    assert single.to_geojson() == json.loads(export("geojson", "--route", "kabul", "karachi"))


def test_scenario_and_capacity_maps_equal_cli(net, export):
    assert net.map(scenarios="pak-afghan-closure-2025").geojson() == json.loads(export("geojson", "--scenario", "pak-afghan-closure-2025"))
    cap = net.capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas"], modes="rail")
    assert net.map(capacity=cap).svg() == export("svg", "--capacity", "--from", "tashkent", "termez", "--to", "chabahar", "bandar-abbas", "--mode", "rail")
    assert net.map(demands=True).geojson() == json.loads(export("geojson", "--demands"))
    drawn = net.capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas"], modes="rail", draws=30, seed=1)
    svg = net.map(capacity=drawn).svg()
    assert svg == export("svg", "--capacity", "--from", "tashkent", "termez", "--to", "chabahar", "bandar-abbas", "--mode", "rail", "--draws", "30", "--seed", "1")
    assert "on the cut in some of 30 draws" in svg


def test_split_and_optimal_maps_equal_cli(net, export):
    within = net.split(theta=10, within_capacity=True)
    gj = net.map(demands=within).geojson()
    assert gj == json.loads(export("geojson", "--demands", "--theta", "10", "--within-capacity"))
    priced = {f["id"]: f["properties"]["price_usd_per_t"] for f in gj["features"] if f["properties"].get("price_usd_per_t")}
    assert list(priced) == ["qazvin-rasht-rail"] and abs(priced["qazvin-rasht-rail"] - 88.61) < 0.05
    assert net.map(demands=net.split(theta=10)).svg() == export("svg", "--demands", "--theta", "10")
    drawn = net.map(demands=net.split(theta=10, draws=6, seed=2)).geojson()
    assert drawn == json.loads(export("geojson", "--demands", "--theta", "10", "--draws", "6", "--seed", "2"))
    assert drawn["assignment"]["draws"] == 6
    least = net.optimal(versus_greedy=False)
    assert net.map(demands=least).geojson() == net.map(demands=True).geojson()
    assert net.map(demands=net.assign()).geojson()["assignment"]["model"] == "greedy"
    with pytest.raises(TypeError, match="report of optimal"):
        net.map(demands=net.utilisation())  # type: ignore[arg-type]


def test_counted_map_equals_cli(net, export):
    gj = net.map(counted=True).geojson()
    assert gj == json.loads(export("geojson", "--counted"))
    counted = {f["id"]: f["properties"] for f in gj["features"] if f["properties"]["counts"]}
    assert len(counted) == 7 and counted["termez-hairatan-rail"]["counts"] == 4
    beside = net.map(demands=True, counted=net.utilisation(modelled=True))
    assert beside.svg() == export("svg", "--demands", "--counted")


def test_map_save_and_notebook_display(net, tmp_path):
    m = net.map(net.route("kabul", "karachi"), bounds=(55, 20, 75, 42), outlines=False)
    m.save(tmp_path / "m.svg")
    m.save(tmp_path / "m.geojson")
    assert (tmp_path / "m.svg").read_text(encoding="utf-8").rstrip().endswith("</svg>")
    assert json.loads((tmp_path / "m.geojson").read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert m._repr_svg_() == m.svg()
    assert "1 route(s)" in repr(m)


def test_route_not_found_is_skipped_on_a_map(net):
    missing = net.route("khaf", "herat", modes="rail")
    svg = net.map(missing).svg()
    # Nothing is drawn for it; the map states the day of its first report, rail only.
    assert "; rail only" in svg
    assert svg.replace("; rail only", "") == net.map().svg()


def test_bad_map_input(net):
    with pytest.raises(corridors.QueryError, match="not a box"):
        net.map(bounds=(10, 0, 5, 1)).svg()
    with pytest.raises(corridors.QueryError) as info:
        net.map(scenarios="pak-afgan-closure-2025").svg()
    assert info.value.suggestion == "pak-afghan-closure-2025"
    with pytest.raises(TypeError, match="Route objects"):
        net.map(["kabul"])  # type: ignore[list-item]
