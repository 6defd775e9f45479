//! Every kind fleetdeck watches, each declared once in its own file: its API, the lean type
//! decoded from the apiserver, the projection into a compact row, and the columns panes show.
//!
//! Adding a kind (docs/architecture.md walks through it):
//! 1. a file here with the row, the lean type and `impl KindDef`;
//! 2. its line in `registry!` below (and its `mod` line).
//!
//! Watching (which clusters, which version), the model's store, the cluster view's tab, the
//! fleet-wide table `all:NAME`, the palette and `snapshot --pane` all follow from that.

pub mod column;
pub mod def;
pub mod lean;

pub mod binding;
pub mod deployment;
pub mod edge_app;
pub mod event;
pub mod istio;
pub mod karmada_cluster;
pub mod lease;
pub mod namespace;
pub mod node;
pub mod node_group;
pub mod pod;
pub mod pod_group;
pub mod policy;
pub mod queue;

pub use column::{Align, Col, ColMeta, SortKey, Tone, V};
pub use def::{ApiSpec, KindDef};

use def::registry;

// Tab order of the cluster view.
registry! { $;
    Node => crate::kinds::node::Node,
    Deployment => crate::kinds::deployment::Deployment,
    StatefulSet => crate::kinds::deployment::StatefulSet,
    Pod => crate::kinds::pod::Pod,
    Event => crate::kinds::event::Event,
    Namespace => crate::kinds::namespace::Namespace,
    KarmadaCluster => crate::kinds::karmada_cluster::KarmadaCluster,
    PropagationPolicy => crate::kinds::policy::PropagationPolicy,
    ClusterPropagationPolicy => crate::kinds::policy::ClusterPropagationPolicy,
    ResourceBinding => crate::kinds::binding::ResourceBinding,
    ClusterResourceBinding => crate::kinds::binding::ClusterResourceBinding,
    Queue => crate::kinds::queue::Queue,
    PodGroup => crate::kinds::pod_group::PodGroup,
    VirtualService => crate::kinds::istio::VirtualService,
    DestinationRule => crate::kinds::istio::DestinationRule,
    NodeGroup => crate::kinds::node_group::NodeGroup,
    EdgeApplication => crate::kinds::edge_app::EdgeApp,
    Lease => crate::kinds::lease::Lease,
}

impl Kind {
    /// `pods`, or `clusters.cluster.karmada.io` outside the core groups: what kubectl calls it.
    pub fn name(self) -> String {
        let api = self.api();
        match api.group {
            "" | "apps" => api.plural.to_string(),
            g if g.starts_with("policy.karmada") || g.starts_with("work.karmada") => {
                api.plural.to_string()
            }
            "networking.istio.io" => api.plural.to_string(),
            g => format!("{}.{g}", api.plural),
        }
    }

    pub fn namespaced(self) -> bool {
        self.api().namespaced
    }

    /// By plural (`pods`), singular (`pod`), kind (`Pod`) or title (`karmada-clusters`).
    pub fn find(name: &str) -> Option<Kind> {
        let n = name.to_ascii_lowercase();
        Kind::ALL.iter().copied().find(|k| {
            let api = k.api();
            n == api.plural
                || n == k.singular()
                || n == api.kind.to_ascii_lowercase()
                || n == k.title().to_ascii_lowercase().replace(' ', "-")
                || n == k.name()
        })
    }

    /// The kind an Event's `involvedObject.kind` names, if it is watched.
    pub fn from_api_kind(kind: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.api().kind == kind)
    }
}

/// An object of `kind` as the apiserver returns it (JSON) → its row, through the same lean type
/// and projection as the kube watchers. The demo fleet feeds its objects through this.
pub fn project_json(kind: Kind, v: &serde_json::Value) -> Result<Obj, serde_json::Error> {
    with_kind!(kind, K => {
        let lean: <K as KindDef>::Lean = serde::Deserialize::deserialize(v)?;
        Ok(<K as Registered>::wrap(<K as KindDef>::project(lean)))
    })
}

#[cfg(test)]
mod tests;
