"""`Network`, the one handle, and `Editor`, its what-if builder."""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
import json
import os
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    TypeVar,
    Union,
)

from . import _corridors, _frames
from ._args import _flag, _items, _json, _text, _wrong
from ._errors import LoadError, MissingFileError, QueryError
from ._reports import (
    Assignment,
    Capacity,
    Comparison,
    Criticality,
    Disruption,
    Map,
    Matrix,
    OptimalAssignment,
    ProjectRanking,
    Record,
    Reliability,
    Route,
    Sensitivity,
    Split,
    Utilisation,
)

__all__ = ["Network", "Editor"]

#: One or several ids: a string, or an iterable of strings.
Ids = Union[str, Iterable[str]]
#: A flow looked at instead of the file's demands: ``(from, to, mtpa)``.
Pair = Tuple[str, str, float]


def _ids(value: Optional[Ids], name: str = "ids") -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, Iterable) or isinstance(value, (bytes, Mapping)):
        raise _wrong(name, "an id or a list of ids", value)
    return [_text(v, f"{name}[{i}]") for i, v in enumerate(value)]


def _date(value: Union[None, str, _dt.date], name: str = "date") -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    if not isinstance(value, _dt.date):
        raise _wrong(name, 'a datetime.date or "YYYY-MM-DD"', value)
    return value.isoformat()


def _pairs(pairs: Optional[Iterable[Pair]]) -> List[list]:
    out = []
    for i, p in enumerate(_items(pairs, "pairs", "a list of (from, to, mtpa)")):
        if isinstance(p, (str, bytes, Mapping)) or not isinstance(p, Iterable):
            raise _wrong(f"pairs[{i}]", "(from, to, mtpa)", p)
        flow = list(p)
        if len(flow) != 3:
            raise _wrong(f"pairs[{i}]", "(from, to, mtpa)", flow)
        a, b, m = flow
        out.append([_text(a, f"pairs[{i}][0]"), _text(b, f"pairs[{i}][1]"), m])
    return out


def _draws(n: int, seed: int, stratified: bool) -> Dict[str, Any]:
    """Draws of every uncertain figure, as the query options carry them."""
    return {"n": n, "seed": seed, "stratified": stratified}


def _filter(
    date: Union[None, str, _dt.date] = None,
    no_events: bool = False,
    modes: Optional[Ids] = None,
    include: Optional[Ids] = None,
    year: Optional[int] = None,
    avoid: Optional[Ids] = None,
    scenarios: Optional[Ids] = None,
    build: Optional[Ids] = None,
    except_events: Optional[Ids] = None,
) -> Dict[str, Any]:
    f: Dict[str, Any] = {}
    if date is not None:
        f["date"] = _date(date)
    if _flag("no_events", no_events):
        f["no_events"] = True
    if modes is not None:
        f["modes"] = _ids(modes, "modes")
    if include is not None:
        f["include"] = _ids(include, "include")
    if year is not None:
        f["year"] = year
    if avoid is not None:
        f["avoid"] = _ids(avoid, "avoid")
    if scenarios is not None:
        f["scenarios"] = _ids(scenarios, "scenarios")
    if build is not None:
        f["projects"] = _ids(build, "build")
    if except_events is not None:
        f["except_events"] = _ids(except_events, "except_events")
    return f


_FILTER_DOC = """
        Which links count (every query takes these):
            date: the day to look at, ``"YYYY-MM-DD"`` or a ``datetime.date``: the links built
                by then and the file's events in force that day (default: the file's ``as_of``).
            no_events: apply none of the file's events: the network as built.
            modes: keep only links of these modes (``"rail"``, ``"road"``, ``"sea"``).
            include: also count links of these statuses (``"under_construction"``,
                ``"planned"``, ``"proposed"``) and of every status more real (``"planned"``
                counts the lines under construction too), or ``"all"``: every line built.
            year: count non-operational links from their ``opens`` year.
            avoid: node, link, country or corridor ids to avoid (``"corridor:kabul"`` or
                ``"node:kabul"`` says which when an id names both).
            scenarios: scenario ids of the file to apply on top.
            build: project ids of the file to count as built.
            except_events: events of the file to leave out even when in force.
"""


if TYPE_CHECKING:
    from typing_extensions import TypedDict, Unpack

    class _Links(TypedDict, total=False):
        """The filter's keywords for type checkers (at run time: `_filter`'s parameters)."""

        date: Union[None, str, _dt.date]
        no_events: bool
        modes: Optional[Ids]
        include: Optional[Ids]
        year: Optional[int]
        avoid: Optional[Ids]
        except_events: Optional[Ids]

    class _FilterNoScenarios(_Links, total=False):
        """Those of `disruption`, whose `scenarios` are the ones it applies."""

        build: Optional[Ids]

    class _FilterNoBuild(_Links, total=False):
        """Those of `rank_projects`, which builds the projects it ranks."""

        scenarios: Optional[Ids]

    class _Filter(_FilterNoScenarios, _FilterNoBuild, total=False):
        """Every one of them."""


#: The filter's keywords as a query's signature shows them: keyword-only, after its own.
_FILTER_PARAMS = [
    p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
    for p in inspect.signature(_filter).parameters.values()
]

_Method = TypeVar("_Method", bound=Callable[..., Any])


def _filtered(*without: str) -> Callable[[_Method], _Method]:
    """Gives a query method the filter's keywords, but those in `without` (which the method
    takes as its own, or not at all). The method gathers them in ``**filter`` for
    :meth:`Network._query`; ``help`` and ``inspect.signature`` show each of them, ``{filter}``
    in its docstring says what they do, and any other keyword is refused as Python refuses it.
    A keyword annotated ``bool`` takes True or False only (else a :class:`QueryError` naming
    it).
    """
    extra = [p for p in _FILTER_PARAMS if p.name not in without]

    def wrap(method: _Method) -> _Method:
        sig = inspect.signature(method)
        own = [p for p in sig.parameters.values() if p.kind is not p.VAR_KEYWORD]
        known = {p.name for p in own + extra}
        flags = {p.name for p in own + extra if p.annotation in ("bool", bool)}

        @functools.wraps(method)
        def query(*args: Any, **kwargs: Any) -> Any:
            for k, v in kwargs.items():
                if k not in known:
                    raise TypeError(f"{method.__qualname__}() got an unexpected keyword argument {k!r}")
                if k in flags:
                    _flag(k, v)
            return method(*args, **kwargs)

        shown = sig.replace(parameters=own + extra)
        query.__signature__ = shown  # type: ignore[attr-defined]
        query.__annotations__ = {
            **{p.name: p.annotation for p in shown.parameters.values() if p.annotation is not p.empty},
            "return": shown.return_annotation,
        }
        query.__doc__ = (method.__doc__ or "").replace("{filter}", _FILTER_DOC.strip("\n"))
        return query  # type: ignore[return-value]

    return wrap


class Network:
    """A loaded, validated corridor network; every question is a method.

    Make one with :meth:`trans_afghan` (the network bundled with the package),
    :meth:`from_path` or :meth:`from_toml`. Records are returned as lists of dicts, in the
    shapes ``corridors <kind> --json`` prints; answers are report objects whose
    ``to_dict()`` is the CLI's ``--json`` output for the same query.

    Example:
        >>> import corridors
        >>> net = corridors.Network.trans_afghan()
        >>> r = net.route("termez", "nhava-sheva", via_port="chabahar", include="all")
        >>> r.found, r.passes("chabahar")
        (True, True)
    """

    __slots__ = ("_native",)

    def __init__(self, native: "_corridors.Network") -> None:
        if not isinstance(native, _corridors.Network):
            raise TypeError(
                "make a Network with Network.trans_afghan(), Network.from_path(p) or "
                "Network.from_toml(text)"
            )
        self._native = native

    # -- loading -------------------------------------------------------------------------

    @classmethod
    def trans_afghan(cls) -> "Network":
        """The bundled trans-Afghan network (``corridors.toml``, compiled in)."""
        return cls(_corridors.Network.trans_afghan())

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"]) -> "Network":
        """A network file read from disk.

        Raises:
            MissingFileError: there is no such file (a ``LoadError`` and a
                ``FileNotFoundError`` both).
            LoadError: the file cannot be read, or is not a valid network; ``.problems`` has
                every problem with its line and column.
        """
        path = os.fspath(path)
        try:
            return cls(_corridors.Network.from_path(path))
        except LoadError as e:
            if e.problems or os.path.lexists(path):
                raise
            raise MissingFileError(e.message, path) from None

    @classmethod
    def from_toml(cls, text: str) -> "Network":
        """A network from the text of a network file (problems name the path ``<string>``).

        Raises:
            LoadError: the text is not a valid network.
        """
        return cls(_corridors.Network.from_toml(text))

    def to_toml(self) -> str:
        """The network written as a network file; ``from_toml`` of it gives an equal network."""
        return self._native.to_toml()

    def edit(self) -> "Editor":
        """A builder of a changed copy of this network, for what-if questions.

        Example:
            >>> net = corridors.Network.trans_afghan()
            >>> wider = net.edit().link_capacity("termez-hairatan-rail", 10.0).build()
        """
        return Editor(self)

    @property
    def name(self) -> str:
        """The network's name (``[network] name``)."""
        return self._native.name

    def __repr__(self) -> str:
        s = self.summary()
        return f"<Network {s.get('name', self.name)!r}: {s.get('nodes')} nodes, {s.get('links')} links>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        return self._native.same_records(other._native)

    __hash__ = None  # type: ignore[assignment]

    # -- records -------------------------------------------------------------------------

    def _records(self, kind: str) -> Any:
        return self._native.records(kind)

    def summary(self) -> Dict[str, Any]:
        """Counts of the network's records, as ``corridors check --json`` gives them."""
        return self._records("summary")

    def nodes(self) -> List[Dict[str, Any]]:
        """Every place, as ``corridors nodes --json``: ``id``, ``name``, ``country``,
        ``kind``, ``lat``, ``lon``, ``capacity_mtpa``, ``source``, …"""
        return self._records("nodes")

    def links(self) -> List[Dict[str, Any]]:
        """Every link, as ``corridors links --json``: ``id``, ``from``, ``to``, ``mode``,
        ``length_km``, ``status``, ``capacity_mtpa``, ``speed_kmh``, ``usd_per_tkm``, …"""
        return self._records("links")

    def find_node(self, name: str) -> Dict[str, Any]:
        """The place an id or a name answers to, case, accents and punctuation set aside
        (``"MAZĀR I SHARIF"``), as ``Network::find_node`` finds it.

        Raises:
            QueryError: no place answers to it (``suggestion`` is the nearest), or several
                do (a crossing known by one name on both sides).
        """
        return self._native.around("find", _text(name, "name"))

    def neighbours(self, id: str) -> List[Dict[str, Any]]:
        """The places one link away from the node ``id``, in the order of the links."""
        return self._native.around("neighbours", _text(id, "id"))

    def links_of(self, id: str) -> List[Dict[str, Any]]:
        """The links that start or end at the node ``id``."""
        return self._native.around("links", _text(id, "id"))

    def corridors(self) -> List[Dict[str, Any]]:
        """The named corridors (``id``, ``name``, …)."""
        return self._records("corridors")

    def scenarios(self) -> List[Dict[str, Any]]:
        """Every scenario of the file: dated events and what-ifs alike."""
        return self._records("scenarios")

    def events(self) -> List[Dict[str, Any]]:
        """The scenarios with a ``start`` date: events, applied on the days they are in force."""
        return [s for s in self.scenarios() if s.get("start") is not None]

    def sources(self) -> List[Dict[str, Any]]:
        """The bibliography, as ``corridors sources --json``: each source with ``cited``, how
        many records cite it."""
        return self._records("sources")

    def projects(self) -> List[Dict[str, Any]]:
        """The file's ``[[projects]]`` (planned lines and upgrades) as records. To rank them,
        see :meth:`rank_projects`."""
        return self._records("projects")

    def demands(self) -> List[Dict[str, Any]]:
        """The file's cargo flows (``from``, ``to``, ``mtpa``, …)."""
        return self._records("demands")

    def observed(self) -> List[Dict[str, Any]]:
        """The file's ``[[observed]]`` counts: what a link or place was reported to carry
        (``at``, ``from``, ``start``, ``end``, ``tonnes``, …)."""
        return self._records("observed")

    def utilisation(
        self,
        places: Optional[Ids] = None,
        *,
        modelled: bool = False,
        theta: Optional[float] = None,
        within_capacity: bool = False,
    ) -> Utilisation:
        """Each ``[[observed]]`` count as Mt/yr beside the capacity of its link or place and
        the share used (``corridors observed``).

        Args:
            places: only the counts at or on these places (node, link, country code or
                corridor ids, as ``avoid`` takes them).
            modelled: also give each count what the file's demands, carried at least cost
                within capacities today, put on the same link or through the same place
                (``corridors observed --modelled``); ``fit()`` then scores how close.
            theta: with ``modelled``, the demands spread over their cheapest routes at this
                spread (``net.split``) instead (``corridors observed --modelled --theta``).
            within_capacity: with ``theta``, that split with every capacity binding
                (``--within-capacity``).

        Raises:
            QueryError: a place the network does not hold (with the nearest id), or a spread
                outside [0, 10000].
        """
        opts: Dict[str, Any] = {"modelled": _flag("modelled", modelled), "places": _ids(places, "places")}
        if theta is not None:
            opts["theta"] = theta
        if _flag("within_capacity", within_capacity):
            opts["within_capacity"] = True
        return Utilisation(self._query("utilisation", opts), self)

    def tariffs(self) -> List[Dict[str, Any]]:
        """Published freight rates per country and mode."""
        return self._records("tariffs")

    def crossings(self) -> List[Dict[str, Any]]:
        """What each border crossing takes, per link and direction."""
        return self._records("crossings")

    def parameters(self) -> List[Dict[str, Any]]:
        """Every uncertain figure (``id``, ``low``, ``value``, ``high``, …), as draws and
        sensitivity move them."""
        return self._records("parameters")

    def nodes_frame(self, geo: Optional[bool] = None):
        """The places as a pandas DataFrame, one row per node.

        Columns: ``id, name, country, kind, lat, lon, capacity_mtpa, estimated, source``,
        then every other field of the record. With ``geo=True`` (or by default when geopandas
        is installed) a GeoDataFrame with point geometry in EPSG:4326.

        Raises:
            ImportError: pandas (or, with ``geo=True``, geopandas) is not installed.
        """
        return _frames.nodes_frame(self.nodes(), geo)

    def links_frame(self, geo: Optional[bool] = None):
        """The links as a pandas DataFrame, one row per link.

        Columns: ``id, from, to, mode, status, length_km, estimated, capacity_mtpa,
        speed_kmh, usd_per_tkm, opens, gauge_mm, corridors, source``, then every other field
        of the record. With ``geo=True`` (or by default when geopandas is installed) a
        GeoDataFrame whose geometry is the straight line between the link's ends.

        Raises:
            ImportError: pandas (or, with ``geo=True``, geopandas) is not installed.
        """
        return _frames.links_frame(self.links(), self.nodes(), geo)

    # -- queries -------------------------------------------------------------------------

    def _query(self, kind: str, opts: Any, filter: Optional[Mapping[str, Any]] = None) -> Any:
        """Answers query `kind` with options `opts`, and the filter's keywords as `filter`."""
        f = _filter(**filter) if filter else None
        if f:
            opts = {**opts, "filter": f}
        return self._native.query(kind, _json(opts))

    @_filtered()
    def route(
        self,
        from_: str,
        to: str,
        metric: str = "cost",
        *,
        via: Optional[Ids] = None,
        via_port: Optional[str] = None,
        alternatives: int = 0,
        max_overlap: Optional[float] = None,
        draws: int = 0,
        seed: int = 0,
        draw_lengths: bool = False,
        stratified: bool = False,
        **filter: Unpack[_Filter],
    ) -> Route:
        """The best route from one place to another (``corridors route``).

        Args:
            from_, to: node ids.
            metric: what to minimise: ``"cost"`` (USD per tonne, transfers and crossings
                included), ``"time"``, ``"distance"`` or ``"reliability"`` (the risk from the
                file's scenarios with a yearly probability, each counted once, so
                ``route.survival`` is highest; cost breaks ties).
            via: pass through these nodes, in order.
            via_port: reach the sea at this port: land up to it, sea after it.
            alternatives: also list the k best loopless routes (``route.alternatives``).
            max_overlap: drop alternatives sharing more than this fraction of length with a
                better one.
            draws, seed, draw_lengths: draw every uncertain figure ``draws`` times and say how
                sure the route is (``route.robust``).
            stratified: stratify the draws (Latin hypercube, ``--stratified``): each figure
                falls once in each of ``draws`` equally likely slices of its range, so the
                percentiles settle with fewer draws.
        {filter}

        Returns:
            a :class:`Route`; ``route.found`` is False (and ``route.reason`` says why) when no
            route exists, which is an answer, not an error.

        Raises:
            QueryError: an unknown id (with ``.id`` and ``.suggestion``), a misspelt option,
                or an option out of range.
        """
        opts: Dict[str, Any] = {"from": from_, "to": to, "metric": metric}
        if via is not None:
            opts["via"] = _ids(via, "via")
        if via_port is not None:
            opts["via_port"] = via_port
        if alternatives:
            opts["alternatives"] = alternatives
        if max_overlap is not None:
            opts["max_overlap"] = max_overlap
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
            opts["draw_lengths"] = draw_lengths
        return Route(self._query("route", opts, filter), self)

    @_filtered()
    def compare(
        self,
        from_: Ids,
        to: Ids,
        via_port: Optional[Ids] = None,
        metric: str = "cost",
        *,
        draws: int = 0,
        seed: int = 0,
        draw_lengths: bool = False,
        stratified: bool = False,
        **filter: Unpack[_Filter],
    ) -> Comparison:
        """The best routes through competing ports, side by side (``corridors compare``).

        Args:
            from_, to: origin and destination node ids (one or several each): one row per pair.
            via_port: the ports to route through, one option per port.
            metric: what decides the winner.
            draws, seed, draw_lengths: each option gains ``robust``: its chance to be the best
                and percentiles of its cost and days over the draws.
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
        {filter}
        """
        opts: Dict[str, Any] = {
            "from": _ids(from_, "from_"),
            "to": _ids(to, "to"),
            "via_port": _ids(via_port, "via_port"),
            "metric": metric,
        }
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
            opts["draw_lengths"] = draw_lengths
        return Comparison(self._query("compare", opts, filter), self)

    @_filtered()
    def capacity(
        self,
        from_: Ids,
        to: Ids,
        *,
        design: bool = False,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        **filter: Unpack[_Filter],
    ) -> Capacity:
        """Maximum flow, minimum cut and widest path between groups of places
        (``corridors capacity --from … --to …``).

        Args:
            from_, to: origin and destination node ids.
            design: use design capacities (the figures lines reach later) where published.
            draws, seed: solve again in that many draws of every uncertain figure
                (``--draws``): ``draws`` then gives the maximum flow's percentiles 5, 50, 95
                and how often each link or place is on the minimum cut (``cut``).
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
        {filter}
        """
        opts: Dict[str, Any] = {"from": _ids(from_, "from_"), "to": _ids(to, "to"), "design": design}
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
        return Capacity(self._query("capacity", opts, filter), self)

    @_filtered()
    def matrix(
        self,
        from_: Ids,
        to: Optional[Ids] = None,
        metric: str = "cost",
        *,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        **filter: Unpack[_Filter],
    ) -> Matrix:
        """The best route's metric value from each origin to each destination
        (``corridors matrix --from … --to …``): one search from each origin.

        Args:
            from_: origin node ids, one row each.
            to: destination node ids, one column each (default: every node).
            metric: ``"cost"`` (USD per tonne), ``"time"`` (hours), ``"distance"`` (km) or
                ``"reliability"``.
            draws, seed: fill the matrix again in that many draws of every uncertain figure,
                lengths held (``--draws``): ``draws.values`` then gives each cell's
                percentiles 5, 50 and 95.
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
        {filter}

        Example:
            >>> m = Network.trans_afghan().matrix(["termez", "kabul"], ["karachi", "chabahar"])
            >>> [round(v) for v in m.values[0]]
            [170, 176]
        """
        opts: Dict[str, Any] = {"from": _ids(from_, "from_"), "to": _ids(to, "to"), "metric": metric}
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
        return Matrix(self._query("matrix", opts, filter), self)

    @_filtered()
    def optimal(
        self,
        pairs: Optional[Iterable[Pair]] = None,
        *,
        design: bool = False,
        unmet_penalty: Optional[float] = None,
        versus_greedy: bool = True,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        **filter: Unpack[_Filter],
    ) -> OptimalAssignment:
        """The file's cargo (or ``pairs``) carried at the least total cost within every
        capacity, with the shadow price of each capacity that binds
        (``corridors capacity --demands``).

        Args:
            pairs: ``(from, to, mtpa)`` flows instead of the file's demands.
            design: use design capacities where published.
            unmet_penalty: what a tonne left unmet costs, USD/t.
            versus_greedy: also run the greedy assignment and say what the optimum saves.
            draws, seed: solve again in that many draws of every uncertain figure
                (``corridors capacity --demands --draws``): each flow gains ``draws`` (what it
                carries and pays, percentiles 5, 50, 95) and the report ``draws``: the
                totals', every load's and every shadow price's percentiles, and how often
                each capacity is full.
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
        {filter}
        """
        opts: Dict[str, Any] = {
            "pairs": _pairs(pairs),
            "design": design,
            "versus_greedy": versus_greedy,
        }
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
        if unmet_penalty is not None:
            opts["unmet_penalty"] = unmet_penalty
        return OptimalAssignment(self._query("optimal", opts, filter), self)

    @_filtered()
    def assign(
        self,
        pairs: Optional[Iterable[Pair]] = None,
        *,
        design: bool = False,
        **filter: Unpack[_Filter],
    ) -> Assignment:
        """The greedy assignment of the file's cargo (cheapest route first, then max-flow),
        the fast baseline (``corridors capacity --demands --greedy``).
        {filter}
        """
        opts = {"pairs": _pairs(pairs), "design": design}
        return Assignment(self._query("assign", opts, filter), self)

    @_filtered()
    def split(
        self,
        pairs: Optional[Iterable[Pair]] = None,
        *,
        theta: Optional[float] = None,
        routes: Optional[int] = None,
        metric: str = "cost",
        within_capacity: bool = False,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        theta_range: Optional[Tuple[float, float]] = None,
        **filter: Unpack[_Filter],
    ) -> Split:
        """The file's cargo (or ``pairs``) spread over each flow's cheapest routes by a
        path-size logit, as shippers who do not all take the cheapest route spread it
        (``corridors split``). Capacities do not bind unless ``within_capacity``. Releases
        the GIL while it runs.

        Args:
            pairs: ``(from, to, mtpa)`` flows instead of the file's demands.
            theta: how strongly cargo keeps to the cheapest route, in [0, 10000] (default
                10: a route 10 % dearer carries e⁻¹ ≈ 37 % as much).
            routes: how many of its cheapest routes each flow is spread over (default 8,
                at most 50).
            metric: what routes minimise and the shares weigh.
            within_capacity: bind every link, place and port capacity
                (``corridors split --within-capacity``): cargo is priced off full capacities
                onto its next best routes; ``capacity`` then holds the unmet Mt/yr and each
                full capacity's price (cost only, theta above 0).
            draws, seed: split again in that many draws of every uncertain figure
                (``corridors split --draws``): each route gains ``draws`` (its share's
                percentiles 5, 50, 95 and ``chance_cheapest``), each flow ``draws`` (what it
                pays and its share off the cheapest), and the report ``draws``: the totals',
                every link's load and, within capacity, every price's percentiles.
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
            theta_range: ``(low, high)``: with draws, draw the spread too, triangular between
                them around ``theta`` (``corridors split --theta-range``); the report's
                ``draws`` then has ``theta``, the spreads' percentiles 5, 50, 95.
        {filter}
        """
        opts: Dict[str, Any] = {"pairs": _pairs(pairs), "metric": metric}
        if within_capacity:
            opts["within_capacity"] = True
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
        if theta_range is not None:
            if not draws:
                raise QueryError("theta_range draws the spread in each draw: give draws too")
            opts["theta_range"] = _items(theta_range, "theta_range", "(low, high)")
        if theta is not None:
            opts["theta"] = theta
        if routes is not None:
            opts["routes"] = routes
        return Split(self._query("split", opts, filter), self)

    @_filtered()
    def fit_split(
        self,
        thetas: Iterable[float] = (0, 1, 2, 5, 10, 20, 50, 100, 1000),
        pairs: Optional[Iterable[Pair]] = None,
        *,
        routes: Optional[int] = None,
        **filter: Unpack[_Filter],
    ) -> List[Record]:
        """How well the split at each spread reproduces the file's counts
        (``corridors split --fit``): a record per spread with ``theta`` and ``fit``
        (``counts``, ``within``, ``mean_miss``). The routes are searched once.

        Args:
            thetas: the spreads to score.
            pairs: ``(from, to, mtpa)`` flows instead of the file's demands.
            routes: how many of its cheapest routes each flow is spread over.
        {filter}
        """
        opts: Dict[str, Any] = {"pairs": _pairs(pairs), "fit": _items(thetas, "thetas", "a list of numbers")}
        if routes is not None:
            opts["routes"] = routes
        return [Record(x) for x in self._query("split", opts, filter).to_py()]

    @_filtered("scenarios")
    def disruption(
        self,
        scenarios: Ids,
        *,
        metric: str = "cost",
        pairs: Optional[Iterable[Pair]] = None,
        capacity_modes: Optional[Ids] = None,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        **filter: Unpack[_FilterNoScenarios],
    ) -> Disruption:
        """What one or more scenarios break (``corridors scenario ID…``): links closed or
        shrunk, and the file's cargo (or ``pairs``) before and after.

        Args:
            scenarios: scenario ids of the file, applied together.
            metric: what routes minimise.
            pairs: ``(from, to, mtpa)`` flows instead of the file's demands.
            capacity_modes: the modes the capacity before/after counts (default rail and sea).
            draws, seed: answer again in that many draws of every uncertain figure (lengths
                held; ``scenario --draws N --seed S``): the report gains ``draws``, how often
                each flow is rerouted or cut off and the spread of its detour's cost, of the
                total and of capacity (table ``flow_draws``). At most 10,000.
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
        {filter}
        (the filter is the network *before* the disruption.)
        """
        opts: Dict[str, Any] = {"scenarios": _ids(scenarios, "scenarios"), "metric": metric, "pairs": _pairs(pairs)}
        if capacity_modes is not None:
            opts["capacity_modes"] = _ids(capacity_modes, "capacity_modes")
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
        return Disruption(self._query("disruption", opts, filter), self)

    def scenario(self, *ids: str, **kwargs: Any) -> Disruption:
        """``net.scenario("a", "b", …)`` is ``net.disruption(["a", "b", …], …)``."""
        return self.disruption(list(ids), **kwargs)

    @_filtered()
    def criticality(
        self,
        *,
        top: Optional[int] = None,
        nodes: bool = False,
        capacity: bool = False,
        joint: bool = True,
        metric: str = "cost",
        pairs: Optional[Iterable[Pair]] = None,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        **filter: Unpack[_Filter],
    ) -> Criticality:
        """Links (and with ``nodes=True`` places) ranked by the damage their loss does to the
        file's cargo (``corridors critical``). Releases the GIL while it runs.

        Args:
            top: keep only the ``top`` worst links (and nodes).
            nodes: also rank nodes.
            capacity: also measure rail and sea capacity lost between the regions.
            joint: search pairs of links that cut cargo off together.
            metric: what routes minimise.
            pairs: ``(from, to, mtpa)`` flows instead of the file's demands.
            draws, seed: rank again in that many draws of every uncertain figure (lengths held;
                ``critical --draws N --seed S``): the report gains ``draws``, each link's and
                place's rank and damage percentiles and how often it is the worst (tables
                ``link_draws``, ``node_draws``, ``joint_draws``; ``top`` cuts the first two
                too). At most 10,000.
            stratified: stratify the draws (Latin hypercube), as ``route`` does.
        {filter}
        """
        opts: Dict[str, Any] = {
            "metric": metric,
            "pairs": _pairs(pairs),
            "nodes": nodes,
            "capacity": capacity,
            "joint": joint,
        }
        if top is not None:
            opts["top"] = top
        if draws:
            opts["draws"] = _draws(draws, seed, stratified)
        return Criticality(self._query("critical", opts, filter), self)

    @_filtered()
    def reliability(
        self,
        *,
        samples: Optional[int] = None,
        seed: int = 1,
        pairs: Optional[Iterable[Pair]] = None,
        **filter: Unpack[_Filter],
    ) -> Reliability:
        """How often each flow keeps a route, and at what cost, given the scenarios' yearly
        odds (``corridors reliability``): exact by enumeration, or by Monte Carlo with
        ``samples``. The events in force on the day are applied to the base network and
        listed as ``in_force`` rather than drawn again. Releases the GIL while it runs.
        {filter}
        """
        opts: Dict[str, Any] = {"pairs": _pairs(pairs), "seed": seed}
        if samples is not None:
            opts["samples"] = samples
        return Reliability(self._query("reliability", opts, filter), self)

    @_filtered()
    def sensitivity(
        self,
        from_: str,
        to: str,
        via_port: Optional[Ids] = None,
        metric: str = "cost",
        **filter: Unpack[_Filter],
    ) -> Sensitivity:
        """What would flip the answer (``corridors sensitivity``): every uncertain figure
        moved alone to its low and its high, largest swing first, with the break-even value
        where the winner changes.

        Args:
            from_, to: node ids.
            via_port: compare routes through these ports; none: the best route.
            metric: what decides the winner.
        {filter}
        """
        opts = {"from": from_, "to": to, "via_port": _ids(via_port, "via_port"), "metric": metric}
        return Sensitivity(self._query("sensitivity", opts, filter), self)

    @_filtered("build")
    def rank_projects(
        self,
        projects: Optional[Ids] = None,
        *,
        design: bool = False,
        draws: int = 0,
        seed: int = 0,
        stratified: bool = False,
        unmet_penalty: Optional[float] = None,
        discount: Optional[float] = None,
        years: Optional[int] = None,
        spread: Optional[float] = None,
        within_capacity: bool = False,
        spread_range: Optional[Tuple[float, float]] = None,
        pairs: Optional[Iterable[Pair]] = None,
        **filter: Unpack[_FilterNoBuild],
    ) -> ProjectRanking:
        """Which planned line or upgrade is worth building first (``corridors projects``):
        each one's saving, demand newly carried, capacity added and payback at the file's
        demands, alone, in pairs and in the order to build them. Releases the GIL.

        Args:
            projects: look at these project ids only (default: every one).
            design: use design capacities where published.
            draws, seed: rank again in draws of every uncertain figure.
            stratified: stratify those draws (Latin hypercube), as ``route`` does: each draw
                ranks every project again, so fewer draws for the same precision save the most.
            unmet_penalty: what a tonne left unmet costs, USD/t.
            discount, years: also weigh each project's saving against its cost at ``discount``
                a year (a fraction: 0.06 for 6 %) over ``years`` of operation from its opening,
                its cost paid on the date looked at: each project then has ``discounted``
                (``npv_usd``, ``benefit_cost``, ``payback_years``, …). Give both or neither.
            spread: also value each project when cargo spreads over its 8 cheapest routes at
                this theta (``corridors projects --spread``; see ``split``): each project then
                has ``spread`` (``benefit_usd_per_year``, the logsum gain;
                ``saving_usd_per_year``; ``mtpa`` on its links), and with ``draws`` its
                ``draws`` gain ``spread`` (``chance_first``, ``benefit_usd_per_year``
                percentiles).
            within_capacity: with ``spread``, value under route choice with every capacity
                binding (``corridors projects --spread --within-capacity``; see ``split``).
            spread_range: ``(low, high)``: with ``spread`` and ``draws``, draw the spread too,
                triangular between them around it (``--spread-range``); the report's
                ``draws`` then has ``spread_theta``, the spreads' percentiles 5, 50, 95.
            pairs: ``(from, to, mtpa)`` flows instead of the file's demands.
        {filter}
        """
        if (discount is None) != (years is None):
            raise QueryError("discount and years go together: give both or neither")
        if within_capacity and spread is None:
            raise QueryError("within_capacity values projects under route choice: give a spread too")
        opts: Dict[str, Any] = {
            "projects": _ids(projects, "projects"),
            "pairs": _pairs(pairs),
            "design": design,
            "draws": _draws(draws, seed, stratified),
        }
        if unmet_penalty is not None:
            opts["unmet_penalty"] = unmet_penalty
        if discount is not None:
            opts["discount"] = [discount, years]
        if spread is not None:
            opts["spread"] = spread
        if within_capacity:
            opts["within_capacity"] = True
        if spread_range is not None:
            if spread is None or not draws:
                raise QueryError("spread_range draws the spread in each draw: give a spread and draws too")
            opts["spread_range"] = _items(spread_range, "spread_range", "(low, high)")
        return ProjectRanking(self._query("projects", opts, filter), self)

    def scenario_effects(self, id: str) -> List[Dict[str, Any]]:
        """What one scenario does to each link it touches (closed, capacity factor, added
        hours or cost)."""
        return self._query("scenario_effects", id).to_py()

    # -- maps ----------------------------------------------------------------------------

    def map(
        self,
        routes: Union[None, Route, Iterable[Route], Mapping[str, Route]] = None,
        *,
        scenarios: Optional[Ids] = None,
        capacity: Optional[Capacity] = None,
        demands: Union[bool, Assignment, OptimalAssignment, Split] = False,
        counted: Union[bool, Utilisation] = False,
        title: Optional[str] = None,
        bounds: Optional[Sequence[float]] = None,
        outlines: bool = True,
    ) -> Map:
        """A map of the network with layers (``corridors export``): ``.svg()`` or
        ``.geojson()``. The map says the day its layers were worked out on (the first
        report's, else today's with ``scenarios`` applied): under the SVG's title, and as the
        GeoJSON's ``date``, ``events``, ``unconfirmed`` and ``scenarios_applied``.

        Args:
            routes: routes to draw (a Route, a list of them, or ``{label: route}``); routes
                not found are skipped.
            scenarios: scenario ids whose closed and shrunk links are marked.
            capacity: a :meth:`capacity` report: its max-flow and min cut drawn.
            demands: ``True`` draws the file's cargo carried at the least total cost (the
                load on each link, each full capacity's price), as ``corridors export
                --demands``; an :meth:`optimal`, :meth:`assign` or :meth:`split` report draws
                its loads (a split within capacity, its prices too; a split with draws, each
                link's load percentiles and ``chance_full``).
            counted: ``True`` draws the traffic counted (each link's and place's latest
                count, ``counted_*`` properties in GeoJSON); a :meth:`utilisation` report
                draws its counts (with ``modelled=True``, beside the model).
            title: a line under the map's heading.
            bounds: ``(west, south, east, north)`` in degrees.
            outlines: draw country outlines.
        """
        spec: Dict[str, Any] = {"outlines": _flag("outlines", outlines)}
        if title is not None:
            spec["title"] = title
        if bounds is not None:
            spec["bounds"] = _items(bounds, "bounds", "(west, south, east, north)")
        items: List[Tuple[Optional[str], Route]]
        if routes is None:
            items = []
        elif isinstance(routes, Route):
            items = [(None, routes)]
        elif isinstance(routes, Mapping):
            items = [(str(k), v) for k, v in routes.items()]
        else:
            items = [(None, r) for r in routes]
        for _, r in items:
            if not isinstance(r, Route):
                raise TypeError(f"map routes must be Route objects from net.route(), found {type(r).__name__}")
        spec["routes"] = [{"label": label, "answer": r.to_dict()} for label, r in items]
        spec["scenarios"] = _ids(scenarios, "scenarios")
        if capacity is not None:
            spec["capacity"] = capacity.to_dict()
        if demands is True:
            spec["optimal"] = self.optimal(versus_greedy=False).to_dict()
        elif isinstance(demands, Assignment):
            spec["assignment"] = demands.to_dict()
        elif isinstance(demands, OptimalAssignment):
            spec["optimal"] = demands.to_dict()
        elif isinstance(demands, Split):
            spec["split"] = demands.to_dict()
        elif demands is not False:
            raise TypeError(f"map demands must be True or a report of optimal(), assign() or split(), found {type(demands).__name__}")
        if counted is True:
            spec["counted"] = self.utilisation().to_dict()
        elif isinstance(counted, Utilisation):
            spec["counted"] = counted.to_dict()
        elif counted is not False:
            raise TypeError(f"map counted must be True, False or a report of utilisation(), found {type(counted).__name__}")
        return Map(self, spec)


class Editor:
    """A changed copy of a network in the making (the Rust ``NetworkBuilder``).

    Each method records one edit and returns the editor, so calls chain; :meth:`build` makes
    the new network, checked by the loader's rules (problems raise :class:`LoadError`, naming
    the record). The original network is never changed.

    Example:
        >>> net = corridors.Network.trans_afghan()
        >>> faster = (net.edit()
        ...     .crossing_cost("torkham-af-torkham-pk-road", "torkham-af", hours=24, usd_per_t=10)
        ...     .build())
    """

    def __init__(self, net: Network) -> None:
        self._net = net
        self._ops: List[Dict[str, Any]] = []

    def _op(self, op: str, **fields: Any) -> "Editor":
        self._ops.append({op: fields})
        return self

    def link_capacity(self, id: str, mtpa: Optional[float]) -> "Editor":
        """Sets a link's capacity, Mt/yr each direction (``None``: unknown)."""
        return self._op("link_capacity", id=id, mtpa=mtpa)

    def node_capacity(self, id: str, mtpa: Optional[float]) -> "Editor":
        """Sets a place's throughput limit, Mt/yr (``None``: unlimited)."""
        return self._op("node_capacity", id=id, mtpa=mtpa)

    def link_rate(self, id: str, usd_per_tkm: float) -> "Editor":
        """Sets a link's own freight rate, USD per tonne-km."""
        return self._op("link_rate", id=id, usd_per_tkm=usd_per_tkm)

    def link_status(self, id: str, status: str, opens: Optional[int] = None) -> "Editor":
        """Sets a link's status (``"operational"``, ``"under_construction"``, ``"planned"``,
        ``"proposed"``) and, if given, the year it opens."""
        return self._op("link_status", id=id, status=status, opens=opens)

    def tariff_rate(self, country: str, mode: str, usd_per_tkm: Optional[float]) -> "Editor":
        """Sets a country's freight rate for a mode, USD per tonne-km; every link that takes
        its rate from that tariff follows."""
        return self._op("tariff_rate", country=country, mode=mode, usd_per_tkm=usd_per_tkm)

    def crossing_cost(
        self, link: str, from_: Optional[str] = None, *, hours: float, usd_per_t: float
    ) -> "Editor":
        """Sets what a border crossing takes on a link, from one end (``from_``) or both
        (``None``, the crossing record that applies both ways): hours and USD per tonne."""
        return self._op("crossing_cost", link=link, **{"from": from_}, hours=hours, usd_per_t=usd_per_t)

    def add_link(
        self,
        id: str,
        from_: str,
        to: str,
        mode: str,
        *,
        length_km: Optional[float] = None,
        status: Optional[str] = None,
        opens: Optional[int] = None,
        capacity_mtpa: Optional[float] = None,
        gauge_mm: Optional[int] = None,
        speed_kmh: Optional[float] = None,
        usd_per_tkm: Optional[float] = None,
        corridors: Optional[Ids] = None,
        oneway: bool = False,
        source: Optional[str] = None,
    ) -> "Editor":
        """Adds a link with a new id (one the network holds already is an error at
        :meth:`build`, ``link "…" already exists``: :meth:`remove_link` it first to replace
        it). Without ``length_km`` the length is estimated from the great circle; rates and
        speeds default to the mode's."""
        return self._op(
            "add_link",
            id=id,
            **{"from": from_},
            to=to,
            mode=mode,
            length_km=length_km,
            status=status,
            opens=opens,
            capacity_mtpa=capacity_mtpa,
            gauge_mm=gauge_mm,
            speed_kmh=speed_kmh,
            usd_per_tkm=usd_per_tkm,
            corridors=_ids(corridors, "corridors"),
            oneway=oneway,
            source=source,
        )

    def remove_link(self, id: str) -> "Editor":
        """Removes a link. Records that name it are kept: ``build`` reports each reference
        left unknown."""
        return self._op("remove_link", id=id)

    def add_node(
        self,
        id: str,
        name: str,
        country: str,
        kind: str,
        lat: float,
        lon: float,
        *,
        capacity_mtpa: Optional[float] = None,
        source: Optional[str] = None,
    ) -> "Editor":
        """Adds a place with a new id (``kind``: ``"port"``, ``"city"``, ``"border"``,
        ``"junction"``); one the network holds already is an error at :meth:`build`
        (``node "kabul" already exists``: :meth:`remove_node` it first to replace it)."""
        return self._op(
            "add_node",
            id=id,
            name=name,
            country=country,
            kind=kind,
            lat=lat,
            lon=lon,
            capacity_mtpa=capacity_mtpa,
            source=source,
        )

    def remove_node(self, id: str) -> "Editor":
        """Removes a place (links that name it are reported by ``build``)."""
        return self._op("remove_node", id=id)

    def add_demand(
        self,
        from_: str,
        to: str,
        mtpa: float,
        *,
        mtpa_range: Optional[Tuple[float, float]] = None,
    ) -> "Editor":
        """Adds a cargo flow (or replaces the one between these places): ``mtpa`` a year,
        drawn within ``mtpa_range`` (low, high) when given (``projects(draws=…)``)."""
        return self._op(
            "add_demand", **{"from": from_}, to=to, mtpa=mtpa, mtpa_range=mtpa_range
        )

    def remove_demand(self, from_: str, to: str) -> "Editor":
        """Removes the cargo flow between two places."""
        return self._op("remove_demand", **{"from": from_}, to=to)

    def add_observed(
        self,
        start: Union[str, _dt.date],
        end: Union[str, _dt.date],
        tonnes: float,
        *,
        link: Optional[str] = None,
        node: Optional[str] = None,
        from_: Optional[str] = None,
        tonnes_range: Optional[Tuple[float, float]] = None,
        sources: Optional[Ids] = None,
        source: Optional[str] = None,
        estimate: Optional[str] = None,
        description: Optional[str] = None,
    ) -> "Editor":
        """Adds a count of traffic (or replaces the one of the same place, direction and
        period): ``tonnes`` carried from ``start`` to ``end`` (both included) on ``link``
        (one way with ``from_``, one of its ends) or at ``node``. ``estimate`` says how the
        tonnes were made and marks them estimated.

        Raises:
            QueryError: neither or both of ``link`` and ``node`` are given.
        """
        if (link is None) == (node is None):
            raise QueryError("a count names one place: give link or node, not both")
        fields: Dict[str, Any] = {
            "link": link,
            "node": node,
            "from": from_,
            "start": str(start),
            "end": str(end),
            "tonnes": tonnes,
            "tonnes_range": _items(tonnes_range, "tonnes_range", "(low, high)") if tonnes_range is not None else None,
            "sources": _ids(sources, "sources") if sources is not None else [],
            "source": source,
            "estimate": estimate,
            "description": description,
        }
        return self._op("add_observed", **fields)

    def remove_observed(self, *, link: Optional[str] = None, node: Optional[str] = None) -> "Editor":
        """Removes every count of traffic at a link or a node.

        Raises:
            QueryError: neither or both of ``link`` and ``node`` are given.
        """
        if (link is None) == (node is None):
            raise QueryError("a count names one place: give link or node, not both")
        return self._op("remove_observed", link=link, node=node)

    def add_scenario(
        self,
        id: str,
        *,
        name: Optional[str] = None,
        description: Optional[str] = None,
        start: Union[None, str, _dt.date] = None,
        end: Union[None, str, _dt.date] = None,
        confirmed: Union[None, str, _dt.date] = None,
        recurs_yearly: bool = False,
        close_links: Optional[Ids] = None,
        close_nodes: Optional[Ids] = None,
        close_countries: Optional[Ids] = None,
        close_borders: Optional[Iterable[Tuple[str, str]]] = None,
        close_corridors: Optional[Ids] = None,
        ban_between: Optional[Iterable[Tuple[str, str]]] = None,
        capacity_factor: Optional[Mapping[str, float]] = None,
        add_hours: Optional[Mapping[str, float]] = None,
        add_usd_per_t: Optional[Mapping[str, float]] = None,
        capacity_factor_range: Optional[Mapping[str, Tuple[float, float]]] = None,
        add_hours_range: Optional[Mapping[str, Tuple[float, float]]] = None,
        add_usd_per_t_range: Optional[Mapping[str, Tuple[float, float]]] = None,
        probability: Optional[float] = None,
        probability_range: Optional[Tuple[float, float]] = None,
        source: Optional[str] = None,
        sources: Optional[Ids] = None,
        estimate: Optional[str] = None,
    ) -> "Editor":
        """Adds a scenario with a new id: a ``[[scenarios]]`` record, each keyword the file's
        field of that name, so a record can be copied from the file. ``name`` defaults to the
        id, ``source`` to ``"built in code"`` (or the ``sources`` ids). ``close_*`` name links,
        nodes, countries and corridors (``close_borders`` and ``ban_between``: pairs of
        countries); ``capacity_factor`` maps link ids to the share of capacity left, in
        [0, 1]; ``add_hours`` and ``add_usd_per_t`` map link ids or country codes (every link
        touching the country) to the hours or USD per tonne added. With ``start`` (and
        ``end``) it is an event, applied on the days it is in force (every year from the first,
        with ``recurs_yearly=True``: a pass shut each winter); without, a what-if that queries
        apply when given its id in ``scenarios=``.

        :meth:`build` checks it by the rules of a scenario in a file, and raises
        :class:`LoadError` naming the scenario: ``scenario "x" already exists`` for an id the
        network holds (:meth:`remove_scenario` it first to replace it), ``scenario "x" refers
        to unknown link "…" (did you mean "…"?)``, ``scenario "x": "add_usd_per_t" of "IR"
        must not be negative, found -5``. A figure that is not a number (NaN, infinity, a
        string) is a :class:`QueryError` naming it, as for every edit
        (``probability of add_scenario: expected a number, found nan``).

        Example:
            >>> net = corridors.Network.trans_afghan()
            >>> shut = (net.edit()
            ...     .add_scenario("torkham-salang-shut", name="Torkham and the Salang tunnel shut",
            ...                   close_links=["torkham-af-torkham-pk-road", "kabul-pul-i-khumri-road"])
            ...     .build())
            >>> net.route("kabul", "mazar-i-sharif").distance_km
            425.0
            >>> round(shut.route("kabul", "mazar-i-sharif", scenarios="torkham-salang-shut").distance_km)
            1810
        """
        fields: Dict[str, Any] = {
            "id": id,
            "name": name,
            "description": description,
            "start": _date(start, "start"),
            "end": _date(end, "end"),
            "confirmed": _date(confirmed, "confirmed"),
            "recurs_yearly": _flag("recurs_yearly", recurs_yearly),
            "close_links": _ids(close_links, "close_links"),
            "close_nodes": _ids(close_nodes, "close_nodes"),
            "close_countries": _ids(close_countries, "close_countries"),
            "close_borders": _items(close_borders, "close_borders", "a list of (country, country) pairs"),
            "close_corridors": _ids(close_corridors, "close_corridors"),
            "ban_between": _items(ban_between, "ban_between", "a list of (country, country) pairs"),
            "capacity_factor": {} if capacity_factor is None else capacity_factor,
            "add_hours": {} if add_hours is None else add_hours,
            "add_usd_per_t": {} if add_usd_per_t is None else add_usd_per_t,
            "capacity_factor_range": {} if capacity_factor_range is None else capacity_factor_range,
            "add_hours_range": {} if add_hours_range is None else add_hours_range,
            "add_usd_per_t_range": {} if add_usd_per_t_range is None else add_usd_per_t_range,
            "probability": probability,
            "probability_range": probability_range,
            "source": source,
            "sources": _ids(sources, "sources"),
            "estimate": estimate,
        }
        return self._op("add_scenario", **fields)

    def remove_scenario(self, id: str) -> "Editor":
        """Removes a scenario or event of the file."""
        return self._op("remove_scenario", id=id)

    def build(self) -> Network:
        """The edited network.

        Raises:
            LoadError: an edit breaks a rule of the file format, names a record that is not
                there or adds one whose id is taken; every problem is listed, naming the record.
            QueryError: an edit's argument of the wrong type (``mtpa of link_capacity: expected
                a number, found nan``) or a misspelt mode, status or kind.
        """
        return Network(self._net._native.edit(_json(self._ops)))

    def __repr__(self) -> str:
        return f"<Editor of {self._net.name!r}: {len(self._ops)} edit(s)>"
