use corridors::*;
fn main() {
    let net = Network::trans_afghan();
    let origins = ["tashkent", "termez", "dushanbe", "ashgabat", "kashgar"];
    let dests = ["nhava-sheva", "mundra"];
    let ports = ["chabahar", "gwadar", "karachi", "bandar-abbas"];
    for n in [1000usize, 100_000] {
        let t = std::time::Instant::now();
        let c = net
            .compare(&CompareQuery::new(origins, dests, ports).draws(n).seed(1))
            .unwrap();
        println!("{n} draws: {:?} {:?}", t.elapsed(), c.draws);
        if n == 100_000 {
            for r in &c.rows {
                for o in &r.options {
                    if let (Some(rt), Some(rb)) = (&o.route, &o.robust) {
                        println!(
                            "{:10} {:12} {:13} {:7.1} p={:.3} usd {:6.1} {:6.1} {:6.1} days {:5.1} {:5.1} {:5.1}",
                            r.from,
                            r.to,
                            o.port,
                            rt.usd_per_t,
                            rb.p_best,
                            rb.usd_per_t_p5,
                            rb.usd_per_t_p50,
                            rb.usd_per_t_p95,
                            rb.days_p5,
                            rb.days_p50,
                            rb.days_p95
                        );
                    }
                }
            }
        }
    }
}
