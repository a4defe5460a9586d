//! Great-circle distances, through `geo`.

use geo::{Distance, Haversine, Point};

use crate::model::Node;

/// Great-circle distance in km between two points given as (lat, lon) in degrees.
///
/// Uses the haversine formula on a sphere of the mean Earth radius (6,371.0088 km): within
/// 0.5 % of the ellipsoidal distance, and a lower bound on any real route's length.
pub fn great_circle_km(a_lat: f64, a_lon: f64, b_lat: f64, b_lon: f64) -> f64 {
    // geo's points are (x, y) = (lon, lat).
    Haversine.distance(Point::new(a_lon, a_lat), Point::new(b_lon, b_lat)) / 1000.0
}

/// Great-circle distance in km between two nodes.
///
/// # Example
/// ```
/// let net = corridors::Network::trans_afghan();
/// let km = corridors::node_distance_km(net.node("khaf").unwrap(), net.node("herat").unwrap());
/// assert!(km > 150.0 && km < 225.0);
/// ```
pub fn node_distance_km(a: &Node, b: &Node) -> f64 {
    great_circle_km(a.lat, a.lon, b.lat, b.lon)
}
