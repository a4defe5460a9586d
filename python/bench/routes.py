"""10,000 route queries through the Python bindings against the same queries in NetworkX, on
the same graph; and what a Python call adds to the Rust call.

    python -m venv /tmp/bench && /tmp/bench/bin/pip install ./python networkx
    /tmp/bench/bin/python python/bench/routes.py [--queries 10000] [--seed 1]

The graph: the bundled network as built (every operational link, no events), weighed by
length. NetworkX gets a DiGraph of the same links (both ways unless one-way) weighed by
``length_km`` and answers with ``single_source_dijkstra(G, a, b)`` (length and path); the
bindings answer with ``net.route(a, b, metric="distance", no_events=True)``, a full route
report (legs, transfers, countries, costs, bottleneck) that stays in Rust until read: timed
reading one field (``.distance_km``) and reading all of it (``.to_dict()``). Distances are
checked equal before anything is timed. Pairs are drawn with a seed from every place.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import random
import sys
import time

import corridors


def best_of(repeats, fn):
    times = []
    out = None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--queries", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    try:
        import networkx as nx
    except ImportError:
        sys.exit("the benchmark needs networkx: pip install networkx")

    net = corridors.Network.trans_afghan()
    nodes = [n["id"] for n in net.nodes()]
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for link in net.links():
        if link["status"] != "operational":
            continue
        for a, b in [(link["from"], link["to"])] + ([] if link["oneway"] else [(link["to"], link["from"])]):
            w = link["length_km"]
            if not g.has_edge(a, b) or g[a][b]["length_km"] > w:
                g.add_edge(a, b, length_km=w)

    rng = random.Random(args.seed)
    pairs = []
    while len(pairs) < args.queries:
        a, b = rng.choice(nodes), rng.choice(nodes)
        if a != b:
            pairs.append((a, b))

    def nx_one(a, b):
        try:
            return nx.single_source_dijkstra(g, a, b, weight="length_km")
        except nx.NetworkXNoPath:
            return None

    # The same answers first.
    mismatches = 0
    for a, b in pairs[:2000]:
        r = net.route(a, b, metric="distance", no_events=True)
        x = nx_one(a, b)
        if (x is None) != (not r.found) or (x is not None and not math.isclose(x[0], r.distance_km, rel_tol=1e-9)):
            mismatches += 1
    if mismatches:
        sys.exit(f"{mismatches} of 2000 answers differ between the bindings and NetworkX")

    opts = [{"from": a, "to": b, "metric": "distance", "filter": {"no_events": True}} for a, b in pairs]
    texts = [json.dumps(o) for o in opts]
    native = net._native

    t_nx, _ = best_of(args.repeats, lambda: [nx_one(a, b) for a, b in pairs])
    t_py, _ = best_of(
        args.repeats, lambda: [net.route(a, b, metric="distance", no_events=True).distance_km for a, b in pairs]
    )
    t_full, _ = best_of(
        args.repeats, lambda: [net.route(a, b, metric="distance", no_events=True).to_dict() for a, b in pairs]
    )
    t_native, _ = best_of(args.repeats, lambda: [native.query("route", t) for t in texts])
    all_opts = json.dumps(opts)
    t_rust, found = min(native.time_routes(all_opts) for _ in range(args.repeats))

    n = len(pairs)
    us = lambda t: t / n * 1e6  # noqa: E731
    print(f"{n} route queries on the bundled network ({g.number_of_nodes()} places, {g.number_of_edges()} directed edges), "
          f"{found} with a route; best of {args.repeats}; Python {platform.python_version()}, networkx {nx.__version__}")
    print(f"  networkx single_source_dijkstra   {t_nx:8.3f} s  {us(t_nx):8.2f} µs/query")
    print(f"  corridors net.route().distance_km {t_py:8.3f} s  {us(t_py):8.2f} µs/query")
    print(f"  corridors net.route().to_dict()   {t_full:8.3f} s  {us(t_full):8.2f} µs/query  (every leg as dicts)")
    print(f"  corridors native call             {t_native:8.3f} s  {us(t_native):8.2f} µs/query")
    print(f"  corridors Rust call alone         {t_rust:8.3f} s  {us(t_rust):8.2f} µs/query")
    print(f"ratio: NetworkX / bindings = {t_nx / t_py:.2f}x (reading one field), {t_nx / t_full:.2f}x (the whole report)")
    print(f"per-query overhead of the bindings over the Rust call: "
          f"{us(t_py) - us(t_rust):.1f} µs ({us(t_native) - us(t_rust):.1f} µs in the native call, "
          f"{us(t_py) - us(t_native):.1f} µs in the Python layer)")


if __name__ == "__main__":
    main()
