"""Close the Pakistan-Afghanistan border: which cargo is hurt, where it goes instead, how sure
that is over 200 draws of the uncertain figures, and a map of both routes; then a what-if: a
faster crossing at Torkham.
Run: python python/examples/border_closure.py [OUT.svg]"""

import sys

import corridors

net = corridors.Network.trans_afghan()

# The network as built, with the October 2025 closure of every crossing applied on top.
d = net.disruption("pak-afghan-closure-2025", no_events=True)
print(f"{d.id}: closes {', '.join(d.disrupted_links)}")
for a in d.to_records():
    if a["cut_off"]:
        print(f"  {a['from']} -> {a['to']}: cut off by {', '.join(a['cut_by'])}")
    else:
        print(f"  {a['from']} -> {a['to']}: +{a['extra_usd_per_t']:.0f} USD/t, +{a['extra_days']:.1f} days")

# How sure: the same closure on 200 networks with every uncertain figure drawn.
sure = net.disruption("pak-afghan-closure-2025", no_events=True, draws=200)
for f in sure.to_records("flow_draws"):
    if f["chance_affected"] > 0:
        print(
            f"  {f['from']} -> {f['to']}: hurt in {f['chance_affected']:.1%} of draws, "
            f"+{f['extra_usd_per_t_p50']:.0f} USD/t ({f['extra_usd_per_t_p5']:.0f}-{f['extra_usd_per_t_p95']:.0f})"
        )

open_border = net.route("kabul", "karachi", no_events=True)
closed = net.route("kabul", "karachi", no_events=True, scenarios="pak-afghan-closure-2025")
print("open:  ", open_border)
print("closed:", closed)

out = sys.argv[1] if len(sys.argv) > 1 else "border_closure.svg"
net.map({"Kabul → Karachi, border open": open_border, "…and closed": closed},
        scenarios="pak-afghan-closure-2025", title="Pakistan–Afghanistan border closed").save(out)
print(f"map written to {out}")

# What if Torkham cleared a truck into Pakistan in 6 hours instead of its published 120?
link = "torkham-af-torkham-pk-road"
faster = net.edit().crossing_cost(link, "torkham-af", hours=6, usd_per_t=10).build()
now = net.route("kabul", "peshawar", no_events=True, metric="time")
then = faster.route("kabul", "peshawar", no_events=True, metric="time")
print(f"Kabul -> Peshawar: {now.days:.1f} days today, {then.days:.1f} days with a 6-hour Torkham")
