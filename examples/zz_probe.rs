use corridors::*;
fn main() {
    let net = synthetic::network(1_000_000, 1);
    net.route(&RouteQuery::new("n0", "n1")).unwrap();
    let n = net.nodes().len() as u64;
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || { state ^= state << 13; state ^= state >> 7; state ^= state << 17; state % n };
    let pairs: Vec<(String,String)> = (0..8).map(|_| (format!("n{}", next()), format!("n{}", next()))).collect();
    for _ in 0..2 {
    let t = std::time::Instant::now();
    for (a, b) in &pairs {
        net.route(&RouteQuery::new(a.clone(), b.clone())).unwrap();
    }
    println!("total {:?}", t.elapsed());
    }
}
