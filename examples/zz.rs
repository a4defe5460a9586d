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
    }
}
