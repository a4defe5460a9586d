//! Bytes → `Network` through the public loader: any text either loads or gives a located
//! error, and a network that loads answers its first route (which builds the search graph).
#![no_main]

use corridors::{Network, RouteQuery};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Network::from_toml_str(&text) {
        Ok(net) => {
            let _ = net.summary().to_string();
            if let (Some(a), Some(b)) = (net.nodes().first(), net.nodes().last()) {
                let q = RouteQuery::new(a.id.as_str(), b.id.as_str()).include_all();
                if let Ok(answer) = net.route(&q) {
                    let _ = answer.to_string();
                }
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("<string>"), "{message}");
        }
    }
});
