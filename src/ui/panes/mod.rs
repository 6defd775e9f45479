pub mod cluster;
pub mod fleet;
pub mod overlays;
