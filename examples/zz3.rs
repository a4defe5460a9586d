use corridors::*;
fn main() {
    let net = Network::trans_afghan();
    for all in [false, true] {
        for o in [
            "tashkent",
            "termez",
            "dushanbe",
            "ashgabat",
            "kashgar",
            "kabul",
            "herat",
            "mazar-i-sharif",
            "almaty",
        ] {
            let mut q = SensitivityQuery::new(o, "mundra")
                .via_port("chabahar")
                .via_port("gwadar")
                .via_port("karachi")
                .via_port("bandar-abbas");
            if all {
                q = q.filter(Filter::new().include_all());
            }
            let Ok(s) = net.sensitivity(&q) else { continue };
            let f: Vec<String> = s
                .flipping()
                .map(|p| {
                    format!(
                        "{} {:?} ({}/{})",
                        p.id, p.break_even, p.best_at_low, p.best_at_high
                    )
                })
                .collect();
            println!("{all} {o}: {} {:.1} flips {:?}", s.best, s.base, f);
        }
    }
}
