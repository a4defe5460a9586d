use corridors::*;
fn main() {
    let net = Network::trans_afghan();
    let t = std::time::Instant::now();
    let c = net
        .compare(
            &CompareQuery::new(["tashkent"], ["nhava-sheva"], ["chabahar", "bandar-abbas"])
                .draws(1000)
                .seed(1),
        )
        .unwrap();
    println!("{:?} {:?}", t.elapsed(), c.draws);
}
