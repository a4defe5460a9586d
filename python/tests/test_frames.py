"""DataFrames with pandas; a clear ImportError without it. One CI run has no pandas."""

from __future__ import annotations

import sys

import pytest

import corridors
from conftest import has_pandas

needs_pandas = pytest.mark.skipif(not has_pandas(), reason="pandas is not installed")


@needs_pandas
def test_nodes_and_links_frames_have_the_documented_columns(net):
    nodes = net.nodes_frame(geo=False)
    assert list(nodes.columns[: len(corridors.NODE_COLUMNS)]) == corridors.NODE_COLUMNS
    assert len(nodes) == len(net.nodes())
    assert nodes.set_index("id").loc["chabahar", "kind"] == "port"
    links = net.links_frame(geo=False)
    assert list(links.columns[: len(corridors.LINK_COLUMNS)]) == corridors.LINK_COLUMNS
    assert len(links) == len(net.links())
    assert links["length_km"].sum() > 10_000


REPORTS = {
    "route": lambda n: n.route("termez", "karachi", alternatives=2),
    "compare": lambda n: n.compare(["tashkent"], ["nhava-sheva"], via_port=["chabahar", "gwadar"]),
    "capacity": lambda n: n.capacity(["tashkent", "termez"], ["chabahar", "bandar-abbas"], modes="rail"),
    "optimal": lambda n: n.optimal(),
    "assign": lambda n: n.assign(),
    "disruption": lambda n: n.disruption("pak-afghan-closure-2025"),
    "criticality": lambda n: n.criticality(nodes=True),
    "reliability": lambda n: n.reliability(samples=200),
    "sensitivity": lambda n: n.sensitivity("kabul", "mundra", via_port=["chabahar", "bandar-abbas"]),
    "projects": lambda n: n.rank_projects(),
    "utilisation": lambda n: n.utilisation(modelled=True),
    "split": lambda n: n.split([("turkmenabat", "andkhoy", 1.0)], routes=4),
}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_table_has_its_documented_columns(net, name):
    """Each table's columns are in its report's docstring, and each row has exactly them
    (an empty table too: its frame still has the columns)."""
    report = REPORTS[name](net)
    doc = " ".join(type(report).__doc__.split())
    for table in report.tables:
        columns = report.columns(table)
        assert f"``{table}``" in doc, table
        missing = [c for c in columns if c not in doc]
        assert not missing, (table, missing)
        for row in report.to_records(table):
            assert set(columns) <= set(row), (table, set(columns) - set(row))
        if has_pandas():
            df = report.to_frame(table)
            assert list(df.columns[: len(columns)]) == columns
            assert len(df) == len(report.to_records(table))


@pytest.mark.skipif(has_pandas(), reason="pandas is installed")
def test_without_pandas_frames_say_how_to_get_it(net):
    for call in (net.nodes_frame, net.links_frame, net.route("kabul", "karachi").to_frame):
        with pytest.raises(ImportError, match="pip install pandas"):
            call()
    assert "pandas" not in sys.modules, "importing corridors must not need pandas"


def test_geo_frames_need_geopandas(net):
    try:
        import geopandas  # noqa: F401
    except ImportError:
        if has_pandas():
            with pytest.raises(ImportError, match="geopandas"):
                net.nodes_frame(geo=True)
        return
    g = net.links_frame(geo=True)
    assert g.crs.to_epsg() == 4326 and len(g) == len(net.links())
    assert net.nodes_frame().geometry.iloc[0].geom_type == "Point"


def test_records_need_no_pandas(net):
    rows = net.route("termez", "karachi").to_records()
    assert rows and isinstance(rows[0], dict)
    with pytest.raises(TypeError, match="not tabular"):
        corridors.Report({}).to_records()
