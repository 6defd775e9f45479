//! What sources tell the fleet model. Sources (kube sessions, the demo simulator) send these
//! over one channel; the model applies them in batches.

use super::types::{Kind, Obj, ObjKey, Ts};

/// Index of a cluster (kubeconfig context) in the fleet, stable for the process lifetime.
pub type ClusterId = usize;

/// The connection to one cluster's apiserver.
#[derive(Clone, Debug, PartialEq)]
pub enum Link {
    Connecting,
    Up,
    Unreachable {
        error: String,
        /// When the session tries again (unix seconds).
        retry_at: Ts,
        attempt: u32,
    },
}

/// Sync state of one watched kind on one cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum KindSync {
    /// Initial list (or relist) under way.
    Listing,
    Synced,
    /// The watch fails; the watcher retries with backoff.
    Failed(String),
    /// Discovery does not show this API on this cluster.
    Absent,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FleetEvent {
    Link {
        cluster: ClusterId,
        link: Link,
    },
    /// Facts learned at connect time (discovery).
    ServerInfo {
        cluster: ClusterId,
        version: String,
        server: String,
    },
    KindState {
        cluster: ClusterId,
        kind: Kind,
        sync: KindSync,
    },
    Apply {
        cluster: ClusterId,
        obj: Obj,
    },
    Delete {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
    },
    /// The complete current set of one kind (after a list or relist): replaces what the model has.
    Relist {
        cluster: ClusterId,
        kind: Kind,
        objs: Vec<Obj>,
    },
}

impl FleetEvent {
    pub fn cluster(&self) -> ClusterId {
        match self {
            FleetEvent::Link { cluster, .. }
            | FleetEvent::ServerInfo { cluster, .. }
            | FleetEvent::KindState { cluster, .. }
            | FleetEvent::Apply { cluster, .. }
            | FleetEvent::Delete { cluster, .. }
            | FleetEvent::Relist { cluster, .. } => *cluster,
        }
    }
}
