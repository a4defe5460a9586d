//! Coordinates and great-circle distances, through `geo`.

use geo::{Distance, Haversine, Point};
use serde::{Deserialize, Serialize};

use crate::model::Node;

/// A point on the Earth in degrees, longitude first as in GeoJSON (RFC 7946) and `geo`.
///
/// Every function of the crate that takes a position takes this type, so a latitude can never
/// stand where a longitude is meant.
///
/// # Example
/// ```
/// use corridors::{LonLat, great_circle_km};
/// let khaf = LonLat::new(60.14, 34.57);
/// let herat = LonLat::new(62.20, 34.35);
/// assert!((great_circle_km(khaf, herat) - 190.0).abs() < 5.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LonLat {
    /// Longitude, degrees east.
    pub lon: f64,
    /// Latitude, degrees north.
    pub lat: f64,
}

impl LonLat {
    /// A point from its longitude and latitude, in that order.
    pub fn new(lon: f64, lat: f64) -> LonLat {
        LonLat { lon, lat }
    }
}

impl From<LonLat> for Point {
    fn from(p: LonLat) -> Point {
        Point::new(p.lon, p.lat)
    }
}

/// Great-circle distance in km between two points.
///
/// Uses the haversine formula on a sphere of the mean Earth radius (6,371.0088 km): within
/// 0.5 % of the ellipsoidal distance, and a lower bound on any real route's length.
pub fn great_circle_km(a: LonLat, b: LonLat) -> f64 {
    Haversine.distance(Point::from(a), Point::from(b)) / 1000.0
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
    great_circle_km(a.position(), b.position())
}
