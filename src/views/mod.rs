//! Pure queries over the fleet model, shaped for panes and for `snapshot --json`.

pub mod edge;
pub mod filter;
pub mod index;
#[cfg(test)]
mod index_tests;
pub mod mesh;
pub mod overview;
pub mod policy_edit;
pub mod propagation;
pub mod propagation_detail;
#[cfg(test)]
mod propagation_detail_tests;
pub mod propagation_reverse;
#[cfg(test)]
mod propagation_tests;
#[cfg(test)]
mod propagation_view_tests;
pub mod queues;
pub mod rows;
pub mod summary;
pub mod table;
pub mod warnings;
pub mod weights;

pub use filter::Filter;
pub use index::{Refresh, Scope, TableIndex};
pub use rows::{Row, SortSpec};
pub use summary::{ClusterSummary, Role, SnapshotJson, fleet_overview, summarize};
pub use table::{ObjRef, RowRef, TableDef, table_def};
pub use warnings::{WarningGroup, fold as fold_warnings};
