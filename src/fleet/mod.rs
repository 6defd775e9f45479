//! The fleet model: compact projections of every cluster's objects, fed by [`FleetEvent`]s.
//! Pure: no I/O, no clocks; callers pass `now` where ages matter.

pub mod cluster;
pub mod event;
pub mod intern;
pub mod model;
pub mod state;
pub mod store;
#[cfg(test)]
mod store_tests;
pub mod tally;
#[cfg(test)]
mod tests;
pub mod types;

pub use event::{ClusterId, FleetEvent, KindSync, Link};
pub use model::{Cluster, ClusterState, FleetModel};
pub use store::{Keyed, RowId, Store, Upsert};
pub use tally::{NodeTally, PodTally, PodsPerNode};
pub use types::*;
