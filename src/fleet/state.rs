//! The derived, user-facing state of a cluster.

use super::types::{Kind, Ts};

/// Derived, user-facing state of a cluster.
#[derive(Clone, Debug, PartialEq)]
pub enum ClusterState {
    Connecting,
    /// Connected; these kinds are still listing.
    Syncing(Vec<Kind>),
    Ready,
    /// Connected, but these watches fail (kind, error).
    Degraded(Vec<(Kind, String)>),
    Unreachable {
        error: String,
        retry_at: Ts,
    },
}

impl ClusterState {
    pub fn label(&self) -> &'static str {
        match self {
            ClusterState::Connecting => "Connecting",
            ClusterState::Syncing(_) => "Syncing",
            ClusterState::Ready => "Ready",
            ClusterState::Degraded(_) => "Degraded",
            ClusterState::Unreachable { .. } => "Unreachable",
        }
    }

    /// Whether a headless snapshot may stop waiting for this cluster.
    pub fn settled(&self) -> bool {
        matches!(
            self,
            ClusterState::Ready | ClusterState::Unreachable { .. } | ClusterState::Degraded(_)
        )
    }
}
