"""The answers: thin classes over the JSON the CLI prints with ``--json``.

Every report is that JSON: ``to_dict()`` returns it as a dict, ``to_json()`` writes it,
attribute access reads its keys (``report.max_flow_mtpa``; until the whole dict is asked for,
the report stays in Rust and a field read alone is all that crosses into Python), and where the answer is a table
``to_records(table)`` gives its rows as flat dicts and ``to_frame(table)`` a pandas DataFrame
of them. The tables each report has, and their columns, are in its docstring.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from . import _corridors, _frames
from ._args import _json

if TYPE_CHECKING:
    from ._network import Network

__all__ = [
    "Record",
    "Report",
    "Route",
    "Comparison",
    "Capacity",
    "OptimalAssignment",
    "Assignment",
    "Disruption",
    "Criticality",
    "Reliability",
    "Sensitivity",
    "ProjectRanking",
    "Utilisation",
    "Split",
    "Matrix",
    "Map",
]


class Record(dict):
    """A dict whose keys also read as attributes: ``leg.distance_km`` is
    ``leg["distance_km"]``. Nested dicts and lists of dicts are Records too."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return _wrap(self[name])
        except KeyError:
            raise AttributeError(name) from None

    def __dir__(self) -> List[str]:
        return sorted(set(dict.__dir__(self)) | {k for k in self if k.isidentifier()})


def _wrap(value: Any) -> Any:
    if isinstance(value, dict) and not isinstance(value, Record):
        return Record(value)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [Record(v) if isinstance(v, dict) else v for v in value]
    return value


Rows = Callable[[Dict[str, Any]], List[Dict[str, Any]]]


class Table:
    """One table of a report: how to read its rows, and its documented columns (the first
    columns of its frame, present even when it has no rows)."""

    __slots__ = ("rows", "columns")

    def __init__(self, rows: Rows, columns: str) -> None:
        self.rows = rows
        self.columns = columns.split()


class Report:
    """An answer: the report's JSON (as ``corridors … --json`` prints it) with attribute access.

    Besides its own fields, a report that looks at a day states it: ``date``, ``events`` and
    ``unconfirmed`` always, and only when the query set them ``scenarios`` (applied besides the
    day's events), ``events_off``, ``events_left_out``, ``statuses`` (counted besides
    operational), ``year``, ``modes`` (kept), ``avoided`` and ``projects_built``.
    """

    __slots__ = ("_raw", "_cache", "_net")
    #: Table name → the table; the first is the default.
    _tables: Dict[str, Table] = {}

    def __init__(self, data: Any, net: Optional["Network"] = None) -> None:
        # `data` is the report's dict, or the native answer it is read from on first use.
        if isinstance(data, dict):
            self._raw, self._cache = None, data
        else:
            self._raw, self._cache = data, None
        self._net = net

    @property
    def _data(self) -> Dict[str, Any]:
        if self._cache is None:
            self._cache = self._raw.to_py()
        return self._cache

    def _get(self, name: str) -> Any:
        """One top-level field (KeyError if none), read alone while the report is in Rust."""
        if self._cache is None:
            return self._raw.field(name)
        return self._cache[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return _wrap(self._get(name))
        except KeyError:
            raise AttributeError(f"{type(self).__name__} has no attribute {name!r}") from None

    def __dir__(self) -> List[str]:
        keys = self._raw.keys() if self._cache is None else self._data
        return sorted(set(object.__dir__(self)) | set(keys))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Report):
            return NotImplemented
        return type(self) is type(other) and self._data == other._data

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> Dict[str, Any]:
        """The report as the CLI's ``--json`` prints it (the dict itself, not a copy)."""
        return self._data

    def to_json(self, indent: Optional[int] = 2) -> str:
        """The report as JSON text."""
        return json.dumps(self._data, indent=indent, ensure_ascii=False)

    @property
    def tables(self) -> List[str]:
        """The names of the report's tables, the default first."""
        return list(self._tables)

    def _table(self, table: Optional[str]) -> Table:
        if not self._tables:
            raise TypeError(f"{type(self).__name__} is not tabular")
        name = table or next(iter(self._tables))
        try:
            return self._tables[name]
        except KeyError:
            raise ValueError(f"{type(self).__name__} has no table {name!r} (expected one of {', '.join(self._tables)})") from None

    def columns(self, table: Optional[str] = None) -> List[str]:
        """The documented columns of one of the report's tables (default: the first)."""
        return list(self._table(table).columns)

    def to_records(self, table: Optional[str] = None) -> List[Dict[str, Any]]:
        """The rows of one of the report's tables (default: the first) as flat dicts."""
        return self._table(table).rows(self._data)

    def to_frame(self, table: Optional[str] = None):
        """One of the report's tables (default: the first) as a pandas DataFrame: its
        documented columns first (see :meth:`columns`), then any other field.

        Raises:
            ImportError: pandas is not installed.
        """
        t = self._table(table)
        return _frames.frame(t.rows(self._data), t.columns)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._summary()}>"

    def _summary(self) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in self._data.items() if not isinstance(v, (list, dict)))[:200]


def _fmt(x: Optional[float], digits: int = 0) -> str:
    return "?" if x is None else f"{x:,.{digits}f}"


def _list(key: str) -> Rows:
    return lambda d: [dict(r) for r in d.get(key) or []]


# -- route -------------------------------------------------------------------------------


class Route(Report):
    """The best route between two places (``net.route``).

    Attributes (the CLI's ``route --json``): ``from_`` (``from`` in the dict), ``to``,
    ``metric``, ``found``, ``distance_km``, ``hours``, ``days``, ``usd_per_t``,
    ``bottleneck_mtpa``, ``bottleneck_id``, ``legs``, ``transfers``, ``countries``,
    ``corridors``, ``border_crossings``, ``unbuilt``, ``sources``, ``survival``, ``reason``
    (why there is no route), ``alternatives``, ``date``, ``events``, and ``robust`` with draws.

    Table ``legs`` (the default): one row per link: ``link, from, to, mode, gauge_mm,
    distance_km, hours, usd_per_t, status, opens, capacity_mtpa, corridors, estimated, basis``.
    Table ``alternatives``: one row per alternative route: ``rank, distance_km, hours, days,
    usd_per_t, bottleneck_mtpa, countries, legs`` (``legs`` as link ids).
    """

    __slots__ = ()
    _tables = {
        "legs": Table(_list("legs"), "link from to mode gauge_mm distance_km hours usd_per_t status opens capacity_mtpa corridors estimated basis"),
        "alternatives": Table(lambda d: [
            {
                "rank": i + 1,
                "distance_km": a.get("distance_km"),
                "hours": a.get("hours"),
                "days": a.get("days"),
                "usd_per_t": a.get("usd_per_t"),
                "bottleneck_mtpa": a.get("bottleneck_mtpa"),
                "countries": a.get("countries"),
                "legs": [leg["link"] for leg in a.get("legs", [])],
            }
            for i, a in enumerate(d.get("alternatives") or [])
        ], "rank distance_km hours days usd_per_t bottleneck_mtpa countries legs"),
    }

    @property
    def from_(self) -> str:
        """The origin's id."""
        return self._get("from")

    @property
    def to(self) -> str:
        """The destination's id."""
        return self._get("to")

    @property
    def found(self) -> bool:
        """Whether a route exists (if not, ``reason`` says why)."""
        return bool(self._get("found"))

    @property
    def legs(self) -> List[Record]:
        """The legs in order, each a :class:`Record` (``leg.link``, ``leg.distance_km``, …)."""
        return [Record(leg) for leg in self._get("legs") or []]

    @property
    def nodes(self) -> List[str]:
        """The places passed, in order, origin and destination included."""
        legs = self._get("legs") or []
        return [legs[0]["from"]] + [leg["to"] for leg in legs] if legs else []

    def passes(self, id: str) -> bool:
        """Whether the route passes through a place (a node id)."""
        return id in self.nodes

    def __bool__(self) -> bool:
        return self.found

    def to_geojson(self) -> Dict[str, Any]:
        """The network as GeoJSON with this route drawn on it (``corridors export geojson
        --route FROM TO``)."""
        if self._net is None:
            raise ValueError("this route has no network to draw it on")
        return self._net.map(self).geojson()

    def __repr__(self) -> str:
        d = self._data
        head = f"<Route {d.get('from')} → {d.get('to')} by {d.get('metric')}"
        if not d.get("found"):
            return f"{head}: no route ({d.get('reason') or 'not connected'})>"
        via = " → ".join(d.get("countries") or [])
        return (
            f"{head}: {_fmt(d.get('distance_km'))} km, {_fmt(d.get('days'), 1)} days, "
            f"{_fmt(d.get('usd_per_t'))} USD/t, {len(d.get('legs') or [])} legs through {via}>"
        )


# -- compare -----------------------------------------------------------------------------


def _compare_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    out = []
    for row in d.get("rows") or []:
        for o in row.get("options") or []:
            r = o.get("route") or {}
            rec = {
                "from": row.get("from"),
                "to": row.get("to"),
                "port": o.get("port"),
                "found": bool(r),
                "winner": row.get("winner") == o.get("port"),
                "distance_km": r.get("distance_km"),
                "hours": r.get("hours"),
                "days": r.get("days"),
                "usd_per_t": r.get("usd_per_t"),
                "bottleneck_mtpa": r.get("bottleneck_mtpa"),
                "border_crossings": r.get("border_crossings"),
                "countries": r.get("countries"),
                "unbuilt": r.get("unbuilt"),
                "reason": o.get("reason"),
            }
            for k, v in o.items():
                if k not in ("port", "route", "reason"):
                    rec[k] = v
            out.append(rec)
    return out


class Comparison(Report):
    """Routes through competing ports, side by side (``net.compare``).

    Attributes: ``metric``, ``rows`` (per origin–destination pair: ``from``, ``to``,
    ``options``, ``winner``), ``date``, ``events``, ``draws``.

    Table ``options`` (the default): one row per pair and port: ``from, to, port, found,
    winner, distance_km, hours, days, usd_per_t, bottleneck_mtpa, border_crossings,
    countries, unbuilt, reason``, and with draws ``p_best, usd_per_t_p5, usd_per_t_p50,
    usd_per_t_p95, days_p5, days_p50, days_p95``.
    """

    __slots__ = ()
    _tables = {
        "options": Table(
            _compare_rows,
            "from to port found winner distance_km hours days usd_per_t bottleneck_mtpa "
            "border_crossings countries unbuilt reason",
        )
    }

    def winners(self) -> Dict[tuple, Optional[str]]:
        """``{(from, to): winning port}`` (``None`` where no port has a route)."""
        return {(r["from"], r["to"]): r.get("winner") for r in self._data.get("rows") or []}

    def _summary(self) -> str:
        def best(winner: Optional[str]) -> str:
            if winner is None:
                return "no route"
            return f"{winner} best" if winner else "by land best"

        return "; ".join(f"{r['from']} → {r['to']}: {best(r.get('winner'))}" for r in self._data.get("rows") or [])


# -- capacity and assignments --------------------------------------------------------------


class Capacity(Report):
    """Maximum flow, minimum cut and widest path (``net.capacity``).

    Attributes (the CLI's ``capacity --json``): ``origins``, ``destinations``,
    ``max_flow_mtpa`` (``None`` when unbounded), ``unbounded_path``, ``min_cut``,
    ``unknown_capacity_used``, ``flows``, ``widest_path``, ``date``, ``events``; ``design``
    (``True``) only when asked with ``design=True``: links at their design capacity
    (``design_capacity_mtpa``) where the file gives one, else at their capacity.

    Table ``min_cut`` (the default): ``id, kind, capacity_mtpa``. Table ``flows``: one row per
    link carrying flow: ``link, from, to, flow_mtpa, capacity_mtpa``.
    """

    __slots__ = ()
    _tables = {
        "min_cut": Table(_list("min_cut"), "id kind capacity_mtpa"),
        "flows": Table(_list("flows"), "link from to flow_mtpa capacity_mtpa"),
    }

    def _summary(self) -> str:
        d = self._data
        # Over links of unknown capacity the figure is only an upper bound, as the CLI says.
        bound = "≤" if d.get("unknown_capacity_used") and d.get("max_flow_mtpa") else ""
        return f"max flow {bound}{_fmt(d.get('max_flow_mtpa'), 1)} Mt/yr, cut {[c['id'] for c in d.get('min_cut') or []]}"


def _demand_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for r in d.get("demands") or []:
        rec = {k: v for k, v in r.items() if k != "paths"}
        rec["paths"] = len(r.get("paths") or [])
        rows.append(rec)
    return rows


_LOADS = "link forward_mtpa backward_mtpa load_mtpa capacity_mtpa utilisation saturated"


class OptimalAssignment(Report):
    """The file's cargo at the least total cost within every capacity (``net.optimal``).

    Attributes: ``total_usd_per_year``, ``objective_usd_per_year``, ``demand_mtpa``,
    ``served_mtpa``, ``unmet_mtpa``, ``demands``, ``loads``, ``node_loads``, ``saturated``,
    ``shadow_prices``, ``greedy``, ``lp``, ``date``, ``events``; ``design`` (``True``) only
    when asked with ``design=True``, at design capacities where the file gives them.

    Tables: ``demands`` (the default: ``from, to, demand_mtpa, served_mtpa, unmet_mtpa,
    usd_per_t, cut, reason, paths`` — the number of routes used), ``shadow_prices`` (``id,
    kind, usd_per_t, capacity_mtpa, load_mtpa, blocks_unmet``), ``loads`` (``link,
    forward_mtpa, backward_mtpa, load_mtpa, capacity_mtpa, utilisation, saturated``).
    """

    __slots__ = ()
    _tables = {
        "demands": Table(_demand_rows, "from to demand_mtpa served_mtpa unmet_mtpa usd_per_t cut reason paths"),
        "shadow_prices": Table(_list("shadow_prices"), "id kind usd_per_t capacity_mtpa load_mtpa blocks_unmet"),
        "loads": Table(_list("loads"), _LOADS),
    }

    def _summary(self) -> str:
        d = self._data
        return f"{_fmt(d.get('served_mtpa'), 1)} of {_fmt(d.get('demand_mtpa'), 1)} Mt/yr served, {_fmt(d.get('total_usd_per_year'))} USD/yr"


class Assignment(Report):
    """The greedy assignment of the file's cargo (``net.assign``).

    Attributes: ``metric``, ``demands``, ``loads``, ``saturated``, ``demand_mtpa``,
    ``served_mtpa``, ``date``, ``events``; ``design`` (``True``) only when asked with
    ``design=True``, at design capacities where the file gives them.

    Tables: ``demands`` (the default: ``from, to, demand_mtpa, served_mtpa, unserved_mtpa,
    blocked_by, would_take, reason, paths``), ``loads`` (``link, forward_mtpa,
    backward_mtpa, load_mtpa, capacity_mtpa, utilisation, saturated``).
    """

    __slots__ = ()
    _tables = {
        "demands": Table(
            _demand_rows, "from to demand_mtpa served_mtpa unserved_mtpa blocked_by would_take reason paths"
        ),
        "loads": Table(_list("loads"), _LOADS),
    }


def _percentiles(rec: Dict[str, Any], name: str, values: Optional[List[float]]) -> None:
    """Sets ``name_p5``, ``name_p50`` and ``name_p95`` of ``rec`` (``None`` when there are none)."""
    for q, v in zip(("p5", "p50", "p95"), values or [None, None, None]):
        rec[f"{name}_{q}"] = v


def _split_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for x in d.get("demands") or []:
        for i, r in enumerate(x.get("routes") or []):
            rec = {"from": x["from"], "to": x["to"], "rank": i + 1, **r}
            drawn = rec.pop("draws", None)
            if drawn:
                _percentiles(rec, "share", drawn["share"])
                rec["chance_cheapest"] = drawn["chance_cheapest"]
            rows.append(rec)
    return rows


def _load_draw_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for x in (d.get("draws") or {}).get("loads") or []:
        rec = {"link": x["link"]}
        _percentiles(rec, "load_mtpa", x["load_mtpa"])
        rec["chance_full"] = x["chance_full"]
        rows.append(rec)
    return rows


class Split(Report):
    """The file's cargo spread over each flow's cheapest routes by a path-size logit
    (``net.split``; ``corridors split``).

    Attributes: ``theta``, ``routes_per_flow``, ``metric``, ``demands`` (each with
    ``routes``, ``mean_value``, ``off_cheapest``, ``reason``, and within capacity
    ``unmet_mtpa``), ``loads``, ``over_capacity``, ``demand_mtpa``, ``routed_mtpa``,
    ``total_per_year``, ``date``, ``events``; within capacity ``capacity`` (``unmet_mtpa``,
    ``shadow_prices``, ``routes_added``, ``rounds``).

    With draws (``net.split(draws=…)``) each route and flow has ``draws`` and the report
    ``draws`` (``n``, ``seed``, percentiles of ``demand_mtpa``, ``routed_mtpa``,
    ``total_per_year``; ``loads``; within capacity ``prices``; with ``theta_range``,
    ``theta``, the spreads drawn, and ``theta_range``).

    Tables: ``routes`` (the default: ``from, to, rank, share, mtpa, metric_value, relative,
    path_size, modes, links``, and with draws ``share_p5, share_p50, share_p95,
    chance_cheapest``), ``loads`` (``link, forward_mtpa, backward_mtpa, load_mtpa,
    capacity_mtpa, utilisation, saturated``), ``load_draws`` (with draws: ``link,
    load_mtpa_p5, load_mtpa_p50, load_mtpa_p95, chance_full``).
    """

    __slots__ = ()
    _tables = {
        "routes": Table(_split_rows, "from to rank share mtpa metric_value relative path_size modes links"),
        "loads": Table(_list("loads"), _LOADS),
        "load_draws": Table(_load_draw_rows, "link load_mtpa_p5 load_mtpa_p50 load_mtpa_p95 chance_full"),
    }

    def _summary(self) -> str:
        d = self._data
        return f"{len(d.get('demands') or [])} flows spread at theta {_fmt(d.get('theta'))}"


def _matrix_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    drawn = (d.get("draws") or {}).get("values")
    rows = []
    for i, a in enumerate(d.get("from") or []):
        for j, b in enumerate(d.get("to") or []):
            rec = {"from": a, "to": b, "metric": d.get("metric"), "value": d["values"][i][j]}
            if drawn is not None:
                band = drawn[i][j] or [None, None, None]
                rec.update(value_p5=band[0], value_p50=band[1], value_p95=band[2])
            rows.append(rec)
    return rows


class Matrix(Report):
    """The best route's metric value from each origin to each destination (``net.matrix``;
    ``corridors matrix``).

    Attributes: ``metric``, ``from_`` (``from`` in the dict), ``to``, ``values`` (one list per
    origin, ``None`` where no route joins the pair), ``date``, ``events``; with draws
    ``draws`` (``n``, ``seed``, and ``values``: each cell's percentiles 5, 50 and 95).

    Table ``cells`` (the default), one row per pair, as ``corridors matrix --csv``: ``from,
    to, metric, value``, and with draws ``value_p5, value_p50, value_p95``.
    """

    __slots__ = ()
    _tables = {"cells": Table(_matrix_rows, "from to metric value")}

    @property
    def from_(self) -> List[str]:
        """The origins' ids, one row each."""
        return self._get("from")

    def get(self, from_: str, to: str) -> Optional[float]:
        """The value from one place to another (``None`` where no route joins them).

        Raises:
            KeyError: a place that is not one of the matrix's origins or destinations.
        """
        d = self._data
        try:
            i, j = d["from"].index(from_), d["to"].index(to)
        except ValueError:
            raise KeyError(f"{from_!r} → {to!r} is not in the matrix") from None
        return d["values"][i][j]

    def _summary(self) -> str:
        d = self._data
        return f"{len(d.get('from') or [])} × {len(d.get('to') or [])} {d.get('metric')}"


# -- disruption and risk ------------------------------------------------------------------


def _affected_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for a in d.get("affected") or []:
        rec = {k: v for k, v in a.items() if k not in ("before", "after")}
        for when in ("before", "after"):
            ans = a.get(when) or {}
            rec[f"{when}_usd_per_t"] = ans.get("usd_per_t") if ans.get("found") else None
            rec[f"{when}_days"] = ans.get("days") if ans.get("found") else None
        rows.append(rec)
    return rows


_DETOUR = ("extra_usd_per_t", "extra_days", "extra_usd_per_year")


def _flow_draw_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    for x in (d.get("draws") or {}).get("flows") or []:
        rec = {k: x[k] for k in ("from", "to", "chance_affected", "chance_cut_off")}
        for name in _DETOUR:
            _percentiles(rec, name, x.get(name))
        rows.append(rec)
    return rows


class Disruption(Report):
    """What scenarios break (``net.disruption``; the CLI's ``scenario --json``).

    Attributes: ``id``, ``names``, ``disrupted_links``, ``reduced_links``, ``links``,
    ``affected`` (per demand: ``from, to, mtpa, before, after, cut_off, cut_by, extra_km,
    extra_days, extra_usd_per_t, extra_usd_per_year``), ``unaffected``, ``no_route`` (flows
    with no route before or after; absent when none), ``regions``, ``capacity_before_mtpa``,
    ``capacity_after_mtpa``, ``date``, ``events``.

    With draws (``net.disruption(…, draws=…)``) the report has ``draws``: ``n``, ``seed``,
    percentiles 5, 50, 95 of ``extra_usd_per_year`` (every detour together), ``cut_off_mtpa``,
    ``capacity_before_mtpa``, ``capacity_after_mtpa``, ``capacity_lost_mtpa``, and ``flows``.

    Table ``affected`` (the default): ``from, to, mtpa, cut_off, cut_by, extra_km,
    extra_days, extra_usd_per_t, extra_usd_per_year, before_usd_per_t, before_days,
    after_usd_per_t, after_days``. Table ``links``: the links closed or shrunk: ``link_id,
    closed, factor, add_hours, add_usd_per_t, reasons, status``. Table ``flow_draws`` (with
    draws, every flow in order): ``from, to, chance_affected, chance_cut_off`` and the
    percentiles of the detour over the draws it has a route before and after (0 where its
    route is unchanged): ``extra_usd_per_t_p5, extra_usd_per_t_p50, extra_usd_per_t_p95,
    extra_days_p5, extra_days_p50, extra_days_p95, extra_usd_per_year_p5,
    extra_usd_per_year_p50, extra_usd_per_year_p95``.
    """

    __slots__ = ()
    _tables = {
        "affected": Table(
            _affected_rows,
            "from to mtpa cut_off cut_by extra_km extra_days extra_usd_per_t extra_usd_per_year "
            "before_usd_per_t before_days after_usd_per_t after_days",
        ),
        "links": Table(_list("links"), "link_id closed factor add_hours add_usd_per_t reasons status"),
        "flow_draws": Table(
            _flow_draw_rows,
            "from to chance_affected chance_cut_off "
            + " ".join(f"{n}_{q}" for n in _DETOUR for q in ("p5", "p50", "p95")),
        ),
    }

    def _summary(self) -> str:
        d = self._data
        cut = sum(1 for a in d.get("affected") or [] if a.get("cut_off"))
        return f"{d.get('id')}: {len(d.get('disrupted_links') or [])} links closed, {len(d.get('affected') or [])} flows affected, {cut} cut off"


def _damage_draw_rows(key: str) -> Rows:
    def rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
        out = []
        for x in (d.get("draws") or {}).get(key) or []:
            rec = {"id": x["id"]}
            _percentiles(rec, "rank", x["rank"])
            rec["chance_worst"] = x["chance_worst"]
            _percentiles(rec, "damage_usd_per_year", x["damage_usd_per_year"])
            _percentiles(rec, "cut_off_mtpa", x["cut_off_mtpa"])
            rec["chance_cuts_off"] = x["chance_cuts_off"]
            _percentiles(rec, "capacity_lost_mtpa", x.get("capacity_lost_mtpa"))
            out.append(rec)
        return out

    return rows


_DAMAGE_DRAWS = (
    "id rank_p5 rank_p50 rank_p95 chance_worst damage_usd_per_year_p5 damage_usd_per_year_p50 "
    "damage_usd_per_year_p95 cut_off_mtpa_p5 cut_off_mtpa_p50 cut_off_mtpa_p95 chance_cuts_off "
    "capacity_lost_mtpa_p5 capacity_lost_mtpa_p50 capacity_lost_mtpa_p95"
)


class Criticality(Report):
    """Links ranked by the damage their loss does (``net.criticality``; ``critical --json``).

    Attributes: ``links``, ``nodes``, ``joint``, ``evaluated``, ``unroutable``,
    ``demand_mtpa``, and the day the ranking is made on, before any loss: ``date``,
    ``events`` (the file's events in force then, which the ranking depends on).

    Tables: ``links`` (the default, worst first: ``link, damage_usd_per_year, cut_off_mtpa,
    demands_affected, capacity_lost_mtpa``), ``nodes`` (with ``nodes=True``: ``node,
    damage_usd_per_year, cut_off_mtpa, demands_affected``), ``joint`` (pairs of links that cut
    cargo off together: ``links, demands, cut_off_mtpa``). ``demand_mtpa`` is the flows' total;
    with no flows it is 0 and every table is empty.

    With draws (``net.criticality(draws=…)``) the report has ``draws`` (``n``, ``seed``,
    ``links``, ``nodes``, ``joint``) and three more tables, by median rank: ``link_draws`` and
    ``node_draws`` (``id, rank_p5, rank_p50, rank_p95, chance_worst, damage_usd_per_year_p5,
    damage_usd_per_year_p50, damage_usd_per_year_p95, cut_off_mtpa_p5, cut_off_mtpa_p50,
    cut_off_mtpa_p95, chance_cuts_off, capacity_lost_mtpa_p5, capacity_lost_mtpa_p50,
    capacity_lost_mtpa_p95``: rank 1 is the worst, and losses doing the same damage share a
    rank; the capacity lost only with ``capacity=True``, else ``None``) and ``joint_draws``
    (``links, chance``).
    """

    __slots__ = ()
    _tables = {
        "links": Table(_list("links"), "link damage_usd_per_year cut_off_mtpa demands_affected capacity_lost_mtpa"),
        "nodes": Table(_list("nodes"), "node damage_usd_per_year cut_off_mtpa demands_affected"),
        "joint": Table(_list("joint"), "links demands cut_off_mtpa"),
        "link_draws": Table(_damage_draw_rows("links"), _DAMAGE_DRAWS),
        "node_draws": Table(_damage_draw_rows("nodes"), _DAMAGE_DRAWS),
        "joint_draws": Table(lambda d: list((d.get("draws") or {}).get("joint") or []), "links chance"),
    }

    def _summary(self) -> str:
        links = self._data.get("links") or []
        worst = links[0]["link"] if links else None
        return f"{len(links)} links ranked, worst {worst!r}"


class Reliability(Report):
    """How often each flow keeps a route in a year of scenarios (``net.reliability``).

    Attributes: ``method``, ``cases``, ``seed``, ``scenarios``, ``demands``, ``corridors``,
    ``date``, ``events``, ``unconfirmed``.

    The base network is the day's, with the events in force then (``events``); a scenario it
    already applies is ``in_force`` (probability 1) and not drawn again.

    Tables: ``demands`` (the default: ``from, to, mtpa, base_usd_per_t, p_route,
    p_route_low, p_route_high, expected_usd_per_t, p95_usd_per_t``), ``scenarios`` (``id,
    probability, in_force``), ``corridors`` (``corridor, km, km_total, p_open, p_open_low,
    p_open_high, expected_km_closed``: ``km`` is open on the base, ``km_total`` in the file,
    and ``p_open`` speaks of the part open; a corridor with no link open on the base has
    ``km`` 0 and ``p_open`` 0).
    """

    __slots__ = ()
    _tables = {
        "demands": Table(
            _list("demands"),
            "from to mtpa base_usd_per_t p_route p_route_low p_route_high expected_usd_per_t p95_usd_per_t",
        ),
        "scenarios": Table(_list("scenarios"), "id probability in_force"),
        "corridors": Table(
            _list("corridors"), "corridor km km_total p_open p_open_low p_open_high expected_km_closed"
        ),
    }


class Sensitivity(Report):
    """What would flip the answer (``net.sensitivity``): the tornado.

    Attributes: ``from``, ``to``, ``metric``, ``ports``, ``best``, ``base``, ``parameters``,
    ``unaffected``, ``date``, ``events``.

    Table ``parameters`` (the default, largest swing first): ``id, unit, base, low, high,
    metric_at_low, metric_at_high, best_at_low, best_at_high, break_even``.
    """

    __slots__ = ()
    _tables = {
        "parameters": Table(
            _list("parameters"),
            "id unit base low high metric_at_low metric_at_high best_at_low best_at_high break_even",
        )
    }

    def flipping(self) -> List[Record]:
        """The parameters that change the winner within their range."""
        return [Record(p) for p in self._data.get("parameters") or [] if p.get("break_even") is not None]

    def svg(self, top: int = 20) -> str:
        """The tornado as SVG, its ``top`` largest swings (``sensitivity --svg``)."""
        return _corridors.Network.tornado_svg(_json(self._data), top)

    def _summary(self) -> str:
        d = self._data
        return f"{d.get('from')} → {d.get('to')}: best {d.get('best')!r}, {len(self.flipping())} figures flip it"


def _project_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    return [{k: v for k, v in p.items()} for p in d.get("projects") or []]


class ProjectRanking(Report):
    """Which planned line is worth building first (``net.rank_projects``).

    Attributes: ``base``, ``projects``, ``pairs``, ``order``, ``all_built``,
    ``unmet_usd_per_t``, ``draws``, ``discount``, ``spread``, ``spread_within_capacity``,
    ``spread_order``, ``spread_pairs``, ``spread_all_built`` and ``design`` (when asked),
    ``date``, ``events``. With a spread each project also has ``spread`` and ``spread_last``; with
    draws, ``draws`` has ``n``, ``seed``, ``chance_none`` and, with ``spread_range``,
    ``spread_theta`` (the spreads drawn: percentiles 5, 50, 95) and ``spread_range``.

    Tables: ``projects`` (the default: ``id, name, links, capacities, value_usd_per_year,
    saving_usd_per_year, served_mtpa, capacity_added_mtpa, cost_usd, payback_years,
    opens_on, already_open, value_last_usd_per_year, needs, draws``, ``discounted``
    with a discount and ``spread`` with a spread), ``order`` (the order to
    build them: ``id, value_usd_per_year, saving_usd_per_year, served_mtpa``), ``pairs``
    (``projects, value_usd_per_year, saving_usd_per_year, synergy_usd_per_year``),
    ``spread_pairs`` (with a spread: ``projects, benefit_usd_per_year,
    synergy_usd_per_year``).
    """

    __slots__ = ()
    _tables = {
        "projects": Table(
            _project_rows,
            "id name links capacities value_usd_per_year saving_usd_per_year served_mtpa "
            "capacity_added_mtpa cost_usd payback_years opens_on already_open "
            "value_last_usd_per_year needs draws",
        ),
        "order": Table(_list("order"), "id value_usd_per_year saving_usd_per_year served_mtpa"),
        "pairs": Table(_list("pairs"), "projects value_usd_per_year saving_usd_per_year synergy_usd_per_year"),
        "spread_pairs": Table(_list("spread_pairs"), "projects benefit_usd_per_year synergy_usd_per_year"),
    }

    def _summary(self) -> str:
        order = [s.get("id") for s in self._data.get("order") or []]
        return f"{len(self._data.get('projects') or [])} projects, build order {order}"


# -- maps ----------------------------------------------------------------------------------


# -- counted traffic -----------------------------------------------------------------------

_USE_COLUMNS = (
    "kind id from start end days mtpa mtpa_low mtpa_high capacity_mtpa capacity_low "
    "capacity_high against capacity_from share share_low share_high estimated sources "
    "modelled_mtpa"
)
_USE_COLUMN_LIST = _USE_COLUMNS.split()


def _use_rows(d: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Each count flat, as ``corridors observed --csv`` writes it: the place as ``kind`` and
    ``id``, each range as its ``_low`` and ``_high``, the sources as a list."""
    rows = []
    for u in d.get("uses") or []:
        row = dict(u)
        ((kind, id_),) = row.pop("at").items()
        flat: Dict[str, Any] = {"kind": kind, "id": id_}
        for key, value in row.items():
            if key in ("mtpa_range", "capacity_mtpa_range", "share_range"):
                base = {"capacity_mtpa_range": "capacity"}.get(key, key[: -len("_range")])
                flat[f"{base}_low"] = value["low"] if value else None
                flat[f"{base}_high"] = value["high"] if value else None
            else:
                flat[key] = value
        # The CSV's columns in its order (`modelled_mtpa` empty without a model), then the rest.
        rows.append({**{c: flat.get(c) for c in _USE_COLUMN_LIST}, **flat})
    return rows


class Utilisation(Report):
    """The file's counts of traffic beside the capacity of each link or place
    (``net.utilisation``; ``corridors observed``).

    Attributes: ``uses`` and, when set beside a model, ``modelled_on`` (its ``date`` and
    ``events``).

    Tables: ``uses`` (the default: ``kind, id, from, start, end, days, mtpa, mtpa_low,
    mtpa_high, capacity_mtpa, capacity_low, capacity_high, against, capacity_from, share,
    share_low, share_high, estimated, sources, modelled_mtpa``, then ``description``).
    """

    __slots__ = ()
    _tables = {"uses": Table(_use_rows, _USE_COLUMNS)}

    def _summary(self) -> str:
        return f"{len(self._data.get('uses') or [])} counts"


class Map:
    """A map of the network with layers (``net.map``): ``.svg()``, ``.geojson()``,
    ``.save(path)``; shows itself in a notebook."""

    __slots__ = ("_net", "_spec")

    def __init__(self, net: "Network", spec: Dict[str, Any]) -> None:
        self._net = net
        self._spec = spec

    def svg(self) -> str:
        """The map as SVG text (``corridors export svg``)."""
        return self._net._native.map(_json(self._spec), "svg")

    def geojson(self) -> Dict[str, Any]:
        """The map as a GeoJSON FeatureCollection (``corridors export geojson``)."""
        return self._net._native.map(_json(self._spec), "geojson")

    def save(self, path: str) -> None:
        """Writes the map: GeoJSON when the path ends in ``.geojson`` or ``.json``, else SVG."""
        text = json.dumps(self.geojson(), indent=2) if str(path).endswith((".geojson", ".json")) else self.svg()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)

    def _repr_svg_(self) -> str:
        return self.svg()

    def __repr__(self) -> str:
        return f"<Map of {self._net.name!r}: {len(self._spec.get('routes', []))} route(s), scenarios {self._spec.get('scenarios', [])}>"

