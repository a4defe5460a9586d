"""Chabahar against Gwadar: the cheapest route from Central Asia to Mumbai through each port,
today and once every planned line is built. Run: python python/examples/compare_ports.py"""

import corridors

net = corridors.Network.trans_afghan()
origins = ["tashkent", "termez", "kabul"]

for label, include in (("today", None), ("every planned line built", "all")):
    c = net.compare(origins, "nhava-sheva", via_port=["chabahar", "gwadar"], include=include)
    print(f"{label} ({c.date}):")
    for row in c.to_records():
        if row["found"]:
            mark = "  <- best" if row["winner"] else ""
            print(f"  {row['from']:>9} via {row['port']:<9} {row['usd_per_t']:6.0f} USD/t {row['days']:5.1f} days{mark}")
        else:
            print(f"  {row['from']:>9} via {row['port']:<9} no route: {row['reason']}")

# How sure is that? Draw every uncertain figure 2,000 times.
sure = net.compare("kabul", "nhava-sheva", via_port=["chabahar", "gwadar"], draws=2000, seed=1)
for row in sure.to_records():
    if not row["found"]:   # today India's ban keeps cargo for India away from Gwadar
        print(f"kabul via {row['port']}: no route: {row['reason']}")
        continue
    print(f"kabul via {row['port']}: best in {row['p_best']:.0%} of draws, "
          f"{row['usd_per_t_p5']:.0f}-{row['usd_per_t_p95']:.0f} USD/t")
