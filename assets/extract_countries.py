"""Extract the countries around the trans-Afghan network from Natural Earth (world-atlas 2.0.2).

Usage: python3 extract_countries.py countries-50m.json [TOLERANCE_DEG] > countries.geojson
Decodes the TopoJSON, clips every ring to the box below, simplifies (Douglas-Peucker,
default tolerance 0.04 degree), rounds to 0.01 degree and writes a small GeoJSON
FeatureCollection. Natural Earth is public domain; see README.md here.
"""
import json, sys

WEST, SOUTH, EAST, NORTH = 44.0, 14.0, 82.0, 48.0
TOL = float(sys.argv[2]) if len(sys.argv) > 2 else 0.04

# ISO numeric -> (alpha-2, label [lon, lat] or None, capital [lon, lat] or None)
KEEP = {
    "364": ("IR", "Iran", [55.6, 32.6], [51.39, 35.69]),
    "004": ("AF", "Afghanistan", [65.6, 33.9], [69.17, 34.53]),
    "586": ("PK", "Pakistan", [69.4, 28.9], [73.05, 33.69]),
    "356": ("IN", "India", [76.0, 21.6], [77.21, 28.61]),
    "795": ("TM", "Turkmenistan", [58.6, 39.6], [58.38, 37.95]),
    "860": ("UZ", "Uzbekistan", [63.0, 42.0], [69.24, 41.30]),
    "762": ("TJ", "Tajikistan", [71.3, 38.7], [68.77, 38.56]),
    "417": ("KG", "Kyrgyzstan", [74.8, 41.6], [74.59, 42.87]),
    "398": ("KZ", "Kazakhstan", [55.2, 44.3], [71.43, 51.17]),
    "156": ("CN", "China", [76.1, 37.6], [116.40, 39.90]),
    "643": ("RU", "Russia", [46.5, 46.5], [37.62, 55.76]),
    "031": ("AZ", "Azerbaijan", [47.6, 40.4], [49.87, 40.41]),
    "051": ("AM", "Armenia", None, [44.51, 40.18]),
    "268": ("GE", "Georgia", None, [44.79, 41.72]),
    "368": ("IQ", "Iraq", [45.0, 32.5], [44.36, 33.31]),
    "682": ("SA", "Saudi Arabia", [47.5, 22.5], [46.68, 24.71]),
    "414": ("KW", "Kuwait", None, [47.98, 29.37]),
    "048": ("BH", "Bahrain", None, [50.59, 26.23]),
    "634": ("QA", "Qatar", None, [51.53, 25.29]),
    "784": ("AE", "UAE", [54.0, 23.4], [54.38, 24.45]),
    "512": ("OM", "Oman", [56.8, 20.6], [58.41, 23.59]),
    "524": ("NP", "Nepal", None, [85.32, 27.72]),
    "887": ("YE", "Yemen", None, [44.19, 15.37]),
    "792": ("TR", "Turkey", None, [32.86, 39.93]),
}

topo = json.load(open(sys.argv[1]))
sx, sy = topo["transform"]["scale"]
tx, ty = topo["transform"]["translate"]

def arc(i):
    rev = i < 0
    a = topo["arcs"][~i if rev else i]
    x = y = 0
    pts = []
    for dx, dy in a:
        x += dx; y += dy
        pts.append((x * sx + tx, y * sy + ty))
    return pts[::-1] if rev else pts

def ring(ix):
    pts = []
    for i in ix:
        p = arc(i)
        pts.extend(p if not pts else p[1:])
    return pts

def clip(pts):
    def edge(pts, inside, cross):
        out = []
        for k in range(len(pts)):
            cur, prev = pts[k], pts[k - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
        return out
    def xcut(x0):
        return lambda p, q: (x0, p[1] + (q[1] - p[1]) * (x0 - p[0]) / (q[0] - p[0]))
    def ycut(y0):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y0 - p[1]) / (q[1] - p[1]), y0)
    for inside, cross in [
        (lambda p: p[0] >= WEST, xcut(WEST)), (lambda p: p[0] <= EAST, xcut(EAST)),
        (lambda p: p[1] >= SOUTH, ycut(SOUTH)), (lambda p: p[1] <= NORTH, ycut(NORTH)),
    ]:
        if not pts:
            return pts
        pts = edge(pts, inside, cross)
    return pts

def dp(pts, tol):
    if len(pts) < 3:
        return pts
    a, b = pts[0], pts[-1]
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = (dx * dx + dy * dy) ** 0.5
    best, bi = -1, 0
    for i in range(1, len(pts) - 1):
        p = pts[i]
        d = abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / n if n else ((p[0]-a[0])**2 + (p[1]-a[1])**2) ** 0.5
        if d > best:
            best, bi = d, i
    if best <= tol:
        return [a, b]
    return dp(pts[: bi + 1], tol)[:-1] + dp(pts[bi:], tol)

def simplify(pts):
    # split the closed ring at its farthest point so both halves keep their ends
    far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
    out = dp(pts[: far + 1], TOL)[:-1] + dp(pts[far:] + [pts[0]], TOL)[:-1]
    r = []
    for x, y in out:
        q = [round(x, 2), round(y, 2)]
        if not r or r[-1] != q:
            r.append(q)
    while len(r) > 1 and r[0] == r[-1]:
        r.pop()
    return r

def area(r):
    return abs(sum(r[i - 1][0] * r[i][1] - r[i][0] * r[i - 1][1] for i in range(len(r)))) / 2

feats = []
for g in topo["objects"]["countries"]["geometries"]:
    if g.get("id") not in KEEP:
        continue
    iso, name, label, capital = KEEP[g["id"]]
    polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
    out = []
    for poly in polys:
        rings = []
        for r in poly:
            c = clip(ring(r))
            if len(c) < 3:
                continue
            s = simplify(c)
            if len(s) < 3 or area(s) < 0.02:
                continue
            rings.append(s + [s[0]])
        if rings and len(rings[0]) >= 4 and poly:
            out.append(rings)
    if not out:
        continue
    props = {"iso": iso, "name": name}
    if label:
        props["label"] = label
    props["capital"] = capital
    feats.append({"type": "Feature", "properties": props,
                  "geometry": {"type": "MultiPolygon", "coordinates": out}})
feats.sort(key=lambda f: f["properties"]["iso"])
print('{"type":"FeatureCollection",')
print('"bbox":[%s,%s,%s,%s],' % (WEST, SOUTH, EAST, NORTH))
print('"features":[')
print(",\n".join(json.dumps(f, separators=(",", ":")) for f in feats))
print("]}")
