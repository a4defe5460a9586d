//! Presentation: tables for people, and maps as GeoJSON and SVG.

mod map;
mod table;

pub use map::{
    Bounds, Map, assignment_geojson, capacity_geojson, network_geojson, route_geojson,
    scenario_geojson,
};
