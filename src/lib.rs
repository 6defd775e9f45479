//! fleetdeck: a terminal cockpit for multi-cluster Kubernetes fleets.

pub mod actions;
pub mod fleet;
pub mod sources;
pub mod views;
