"""DataFrames, when pandas is installed (and GeoDataFrames, when geopandas is). Both are
optional: nothing else in the package imports them."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

#: The first columns of ``Network.nodes_frame()``, in order; every other field follows.
NODE_COLUMNS = ["id", "name", "country", "kind", "lat", "lon", "capacity_mtpa", "estimated", "source"]
#: The first columns of ``Network.links_frame()``, in order; every other field follows.
LINK_COLUMNS = [
    "id",
    "from",
    "to",
    "mode",
    "status",
    "length_km",
    "estimated",
    "capacity_mtpa",
    "speed_kmh",
    "usd_per_tkm",
    "opens",
    "gauge_mm",
    "corridors",
    "source",
]

_NO_PANDAS = (
    "this needs pandas, which is not installed: `pip install pandas` (or install corridors "
    "with the extra: `pip install './python[pandas]'`); without it, use the list of dicts "
    "(net.nodes(), report.to_records())"
)
_NO_GEOPANDAS = "geo=True needs geopandas, which is not installed: `pip install geopandas`"


def pandas():
    """The pandas module, or an ImportError that says how to get it."""
    try:
        import pandas as pd
    except ImportError as e:
        raise ImportError(_NO_PANDAS) from e
    return pd


def _geopandas(geo: Optional[bool]):
    if geo is False:
        return None
    try:
        import geopandas as gpd
    except ImportError as e:
        if geo:
            raise ImportError(_NO_GEOPANDAS) from e
        return None
    return gpd


def frame(rows: List[Dict[str, Any]], first: Optional[List[str]] = None):
    """Rows as a DataFrame, the ``first`` columns first (present even with no rows)."""
    pd = pandas()
    df = pd.DataFrame.from_records(rows)
    if first:
        for c in first:
            if c not in df.columns:
                df[c] = None
        df = df[first + [c for c in df.columns if c not in first]]
    return df


def nodes_frame(nodes: List[Dict[str, Any]], geo: Optional[bool]):
    df = frame(nodes, NODE_COLUMNS)
    gpd = _geopandas(geo)
    if gpd is None:
        return df
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["lon"], df["lat"]), crs="EPSG:4326")


def links_frame(links: List[Dict[str, Any]], nodes: List[Dict[str, Any]], geo: Optional[bool]):
    df = frame(links, LINK_COLUMNS)
    gpd = _geopandas(geo)
    if gpd is None:
        return df
    from shapely.geometry import LineString

    at = {n["id"]: (n["lon"], n["lat"]) for n in nodes}  # lon, lat: GeoJSON's order
    geometry = [LineString([at[a], at[b]]) for a, b in zip(df["from"], df["to"])]
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")
