//! Pure queries over the fleet model, shaped for panes and for `snapshot --json`.

pub mod cluster;
pub mod format;
pub mod index;
#[cfg(test)]
mod index_tests;
pub mod order;
pub mod summary;
pub mod table;

pub use cluster::{RowRef, RowView, Tab, table as cluster_table, tabs};
pub use index::{Refresh, TableIndex};
pub use summary::{ClusterSummary, Role, SnapshotJson, fleet_overview, summarize};
pub use table::{Cell, Column, Row, SortSpec, TableView, Tone, col};
