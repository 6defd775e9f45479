//! The fleet model: compact projections of every cluster's objects, fed by [`FleetEvent`]s.
//! Pure: no I/O, no clocks; callers pass `now` where ages matter.

pub mod event;
pub mod intern;
pub mod model;
#[cfg(test)]
mod tests;
pub mod types;

pub use event::{ClusterId, FleetEvent, KindSync, Link};
pub use model::{Cluster, ClusterState, FleetModel, Store};
pub use types::*;
