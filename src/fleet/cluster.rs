//! One cluster's part of the model: link, kind sync states, typed stores, tallies.

use std::collections::BTreeMap;

use super::event::{KindSync, Link};
pub use super::state::ClusterState;
use super::store::{RowId, Store, Upsert};
use super::tally::{NodeTally, PodTally};
use super::types::*;

/// Everything known about one cluster (one kubeconfig context). The stores are changed only
/// through [`FleetModel::apply`], which also keeps the tallies and generations.
#[derive(Debug)]
pub struct Cluster {
    pub context: String,
    pub link: Link,
    pub version: Option<String>,
    pub server: Option<String>,
    pub kinds: BTreeMap<Kind, KindSync>,
    pub namespaces: Store<NamespaceRow>,
    pub nodes: Store<NodeRow>,
    pub pods: Store<PodRow>,
    pub deployments: Store<DeploymentRow>,
    pub events: Store<WarningEvent>,
    pub karmada_clusters: Store<KarmadaClusterRow>,
    pub policies: Store<PolicyRow>,
    pub cluster_policies: Store<PolicyRow>,
    pub bindings: Store<BindingRow>,
    pub queues: Store<QueueRow>,
    pub virtual_services: Store<VirtualServiceRow>,
    pub destination_rules: Store<DestinationRuleRow>,
    pub node_groups: Store<NodeGroupRow>,
    pods_tally: PodTally,
    nodes_tally: NodeTally,
}

/// `$body` with `$s` bound to the store of `$kind` (each arm type-checks on its own row type).
macro_rules! with_store {
    ($c:expr, $kind:expr, |$s:ident| $body:expr) => {
        match $kind {
            Kind::Namespace => {
                let $s = &mut $c.namespaces;
                $body
            }
            Kind::Node => {
                let $s = &mut $c.nodes;
                $body
            }
            Kind::Pod => {
                let $s = &mut $c.pods;
                $body
            }
            Kind::Deployment => {
                let $s = &mut $c.deployments;
                $body
            }
            Kind::Event => {
                let $s = &mut $c.events;
                $body
            }
            Kind::KarmadaCluster => {
                let $s = &mut $c.karmada_clusters;
                $body
            }
            Kind::PropagationPolicy => {
                let $s = &mut $c.policies;
                $body
            }
            Kind::ClusterPropagationPolicy => {
                let $s = &mut $c.cluster_policies;
                $body
            }
            Kind::ResourceBinding => {
                let $s = &mut $c.bindings;
                $body
            }
            Kind::Queue => {
                let $s = &mut $c.queues;
                $body
            }
            Kind::VirtualService => {
                let $s = &mut $c.virtual_services;
                $body
            }
            Kind::DestinationRule => {
                let $s = &mut $c.destination_rules;
                $body
            }
            Kind::NodeGroup => {
                let $s = &mut $c.node_groups;
                $body
            }
        }
    };
}

/// `$body` with `$s` bound to the store of `$kind`, read-only.
macro_rules! with_store_ref {
    ($c:expr, $kind:expr, |$s:ident| $body:expr) => {
        match $kind {
            Kind::Namespace => {
                let $s = &$c.namespaces;
                $body
            }
            Kind::Node => {
                let $s = &$c.nodes;
                $body
            }
            Kind::Pod => {
                let $s = &$c.pods;
                $body
            }
            Kind::Deployment => {
                let $s = &$c.deployments;
                $body
            }
            Kind::Event => {
                let $s = &$c.events;
                $body
            }
            Kind::KarmadaCluster => {
                let $s = &$c.karmada_clusters;
                $body
            }
            Kind::PropagationPolicy => {
                let $s = &$c.policies;
                $body
            }
            Kind::ClusterPropagationPolicy => {
                let $s = &$c.cluster_policies;
                $body
            }
            Kind::ResourceBinding => {
                let $s = &$c.bindings;
                $body
            }
            Kind::Queue => {
                let $s = &$c.queues;
                $body
            }
            Kind::VirtualService => {
                let $s = &$c.virtual_services;
                $body
            }
            Kind::DestinationRule => {
                let $s = &$c.destination_rules;
                $body
            }
            Kind::NodeGroup => {
                let $s = &$c.node_groups;
                $body
            }
        }
    };
}

impl Cluster {
    pub fn new(context: impl Into<String>) -> Self {
        Cluster {
            context: context.into(),
            link: Link::Connecting,
            version: None,
            server: None,
            kinds: BTreeMap::new(),
            namespaces: Store::new(),
            nodes: Store::new(),
            pods: Store::new(),
            deployments: Store::new(),
            events: Store::new(),
            karmada_clusters: Store::new(),
            policies: Store::new(),
            cluster_policies: Store::new(),
            bindings: Store::new(),
            queues: Store::new(),
            virtual_services: Store::new(),
            destination_rules: Store::new(),
            node_groups: Store::new(),
            pods_tally: PodTally::default(),
            nodes_tally: NodeTally::default(),
        }
    }

    /// Pods by phase, maintained as pods change (O(1)).
    pub fn pod_tally(&self) -> PodTally {
        self.pods_tally
    }

    /// Nodes ready / total and edge nodes, maintained as nodes change (O(1)).
    pub fn node_tally(&self) -> NodeTally {
        self.nodes_tally
    }

    /// Generation of one kind's store: moves whenever a row of that kind changes.
    pub fn kind_generation(&self, kind: Kind) -> u64 {
        with_store_ref!(self, kind, |s| s.generation())
    }

    /// Ids of the live rows of `kind`, in slot order.
    pub fn kind_ids(&self, kind: Kind) -> Vec<RowId> {
        with_store_ref!(self, kind, |s| s.rows().map(|(id, _)| id).collect())
    }

    /// Ids of `kind`'s rows changed after its generation `since` (unsorted, with repeats), or
    /// None when the store cannot tell (too far behind, or cleared): rebuild then.
    pub fn kind_changes_since(&self, kind: Kind, since: u64) -> Option<Vec<RowId>> {
        with_store_ref!(self, kind, |s| s
            .changes_since(since)
            .map(Iterator::collect))
    }

    /// Upper bound of `kind`'s row ids.
    pub fn kind_id_bound(&self, kind: Kind) -> usize {
        with_store_ref!(self, kind, |s| s.id_bound())
    }

    pub fn state(&self) -> ClusterState {
        match &self.link {
            Link::Connecting => ClusterState::Connecting,
            Link::Unreachable {
                error, retry_at, ..
            } => ClusterState::Unreachable {
                error: error.clone(),
                retry_at: *retry_at,
            },
            Link::Up => {
                let failed: Vec<(Kind, String)> = self
                    .kinds
                    .iter()
                    .filter_map(|(k, s)| match s {
                        KindSync::Failed(e) => Some((*k, e.clone())),
                        _ => None,
                    })
                    .collect();
                if !failed.is_empty() {
                    return ClusterState::Degraded(failed);
                }
                let listing: Vec<Kind> = self
                    .kinds
                    .iter()
                    .filter(|(_, s)| **s == KindSync::Listing)
                    .map(|(k, _)| *k)
                    .collect();
                if !listing.is_empty() || self.kinds.is_empty() {
                    ClusterState::Syncing(listing)
                } else {
                    ClusterState::Ready
                }
            }
        }
    }

    /// Whether this cluster serves the Karmada `Cluster` API (it is a Karmada control plane).
    pub fn is_karmada_control_plane(&self) -> bool {
        matches!(
            self.kinds.get(&Kind::KarmadaCluster),
            Some(KindSync::Listing | KindSync::Synced | KindSync::Failed(_))
        )
    }

    pub fn has_kind(&self, kind: Kind) -> bool {
        !matches!(self.kinds.get(&kind), None | Some(KindSync::Absent))
    }

    pub fn object_count(&self) -> usize {
        self.namespaces.len()
            + self.nodes.len()
            + self.pods.len()
            + self.deployments.len()
            + self.events.len()
            + self.karmada_clusters.len()
            + self.policies.len()
            + self.cluster_policies.len()
            + self.bindings.len()
            + self.queues.len()
            + self.virtual_services.len()
            + self.destination_rules.len()
            + self.node_groups.len()
    }

    fn retally(&mut self, kind: Kind) {
        match kind {
            Kind::Pod => self.pods_tally = PodTally::of(self.pods.values()),
            Kind::Node => self.nodes_tally = NodeTally::of(self.nodes.values()),
            _ => {}
        }
    }

    pub(super) fn clear_kind(&mut self, kind: Kind) -> bool {
        let changed = with_store!(self, kind, |s| s.clear());
        self.retally(kind);
        changed
    }

    pub(super) fn remove(&mut self, kind: Kind, key: &ObjKey) -> bool {
        match kind {
            Kind::Pod => self
                .pods
                .remove(key)
                .map(|p| self.pods_tally.sub(&p))
                .is_some(),
            Kind::Node => self
                .nodes
                .remove(key)
                .map(|n| self.nodes_tally.sub(&n))
                .is_some(),
            _ => with_store!(self, kind, |s| s.remove(key).is_some()),
        }
    }

    /// Insert or replace; returns whether anything changed.
    pub(super) fn upsert(&mut self, obj: Obj) -> bool {
        fn put<T: PartialEq + super::store::Keyed>(s: &mut Store<T>, v: T) -> bool {
            !matches!(s.upsert(v), Upsert::Unchanged(_))
        }
        match obj {
            Obj::Pod(r) => match self.pods.upsert(r) {
                Upsert::Unchanged(_) => false,
                Upsert::Inserted(id) => {
                    self.pods_tally.add(self.pods.row(id).expect("inserted"));
                    true
                }
                Upsert::Replaced(id, old) => {
                    self.pods_tally.sub(&old);
                    self.pods_tally.add(self.pods.row(id).expect("replaced"));
                    true
                }
            },
            Obj::Node(r) => match self.nodes.upsert(r) {
                Upsert::Unchanged(_) => false,
                Upsert::Inserted(id) => {
                    self.nodes_tally.add(self.nodes.row(id).expect("inserted"));
                    true
                }
                Upsert::Replaced(id, old) => {
                    self.nodes_tally.sub(&old);
                    self.nodes_tally.add(self.nodes.row(id).expect("replaced"));
                    true
                }
            },
            Obj::Namespace(r) => put(&mut self.namespaces, r),
            Obj::Deployment(r) => put(&mut self.deployments, r),
            Obj::Event(r) => put(&mut self.events, r),
            Obj::KarmadaCluster(r) => put(&mut self.karmada_clusters, r),
            Obj::PropagationPolicy(r) => put(&mut self.policies, r),
            Obj::ClusterPropagationPolicy(r) => put(&mut self.cluster_policies, r),
            Obj::ResourceBinding(r) => put(&mut self.bindings, r),
            Obj::Queue(r) => put(&mut self.queues, r),
            Obj::VirtualService(r) => put(&mut self.virtual_services, r),
            Obj::DestinationRule(r) => put(&mut self.destination_rules, r),
            Obj::NodeGroup(r) => put(&mut self.node_groups, r),
        }
    }

    /// The complete set of `kind`: rows that did not change keep their ids (views update
    /// incrementally); rows missing from `objs` are removed. Returns whether anything changed.
    pub(super) fn relist(&mut self, kind: Kind, objs: Vec<Obj>) -> bool {
        let mut others = Vec::new();
        macro_rules! rows {
            ($variant:path) => {{
                let mut rows = Vec::with_capacity(objs.len());
                for o in objs {
                    match o {
                        $variant(r) => rows.push(r),
                        o => others.push(o),
                    }
                }
                rows
            }};
        }
        let mut changed = match kind {
            Kind::Namespace => self.namespaces.replace_all(rows!(Obj::Namespace)),
            Kind::Node => self.nodes.replace_all(rows!(Obj::Node)),
            Kind::Pod => self.pods.replace_all(rows!(Obj::Pod)),
            Kind::Deployment => self.deployments.replace_all(rows!(Obj::Deployment)),
            Kind::Event => self.events.replace_all(rows!(Obj::Event)),
            Kind::KarmadaCluster => self
                .karmada_clusters
                .replace_all(rows!(Obj::KarmadaCluster)),
            Kind::PropagationPolicy => self.policies.replace_all(rows!(Obj::PropagationPolicy)),
            Kind::ClusterPropagationPolicy => self
                .cluster_policies
                .replace_all(rows!(Obj::ClusterPropagationPolicy)),
            Kind::ResourceBinding => self.bindings.replace_all(rows!(Obj::ResourceBinding)),
            Kind::Queue => self.queues.replace_all(rows!(Obj::Queue)),
            Kind::VirtualService => self
                .virtual_services
                .replace_all(rows!(Obj::VirtualService)),
            Kind::DestinationRule => self
                .destination_rules
                .replace_all(rows!(Obj::DestinationRule)),
            Kind::NodeGroup => self.node_groups.replace_all(rows!(Obj::NodeGroup)),
        };
        self.retally(kind);
        for o in others {
            changed |= self.upsert(o);
        }
        changed
    }
}
