//! One cluster's part of the model: link, kind sync states, one store per kind, tallies.

use std::collections::BTreeMap;

use super::event::{KindSync, Link};
pub use super::state::ClusterState;
use super::store::{RowId, Store, Upsert};
use super::tally::{NodeTally, PodTally, PodsPerNode, QueueTally};
use super::types::*;
use crate::kinds::{KindDef, Registered, Stores, with_kind};

/// Everything known about one cluster (one kubeconfig context). The stores are changed only
/// through [`super::FleetModel::apply`], which also keeps the tallies and generations.
#[derive(Debug)]
pub struct Cluster {
    pub context: String,
    pub link: Link,
    pub version: Option<String>,
    pub server: Option<String>,
    pub kinds: BTreeMap<Kind, KindSync>,
    stores: Stores,
    pods_tally: PodTally,
    nodes_tally: NodeTally,
    queue_tally: QueueTally,
    pods_per_node: PodsPerNode,
}

impl Cluster {
    pub fn new(context: impl Into<String>) -> Self {
        Cluster {
            context: context.into(),
            link: Link::Connecting,
            version: None,
            server: None,
            kinds: BTreeMap::new(),
            stores: Stores::default(),
            pods_tally: PodTally::default(),
            nodes_tally: NodeTally::default(),
            queue_tally: QueueTally::default(),
            pods_per_node: PodsPerNode::default(),
        }
    }

    /// The rows of kind `K` (`c.store::<Pod>()`).
    pub fn store<K: Registered>(&self) -> &Store<K::Row> {
        K::store(&self.stores)
    }

    /// Pods by phase, maintained as pods change (O(1)).
    pub fn pod_tally(&self) -> PodTally {
        self.pods_tally
    }

    /// Pods per node, maintained as pods change (O(1) per pod).
    pub fn pods_per_node(&self) -> &PodsPerNode {
        &self.pods_per_node
    }

    /// Nodes ready / total and edge nodes, maintained as nodes change (O(1)).
    pub fn node_tally(&self) -> NodeTally {
        self.nodes_tally
    }

    /// PodGroups by queue and phase, maintained as PodGroups change.
    pub fn queue_tally(&self) -> &QueueTally {
        &self.queue_tally
    }

    /// Generation of one kind's store: moves whenever a row of that kind changes.
    pub fn kind_generation(&self, kind: Kind) -> u64 {
        with_kind!(kind, K => self.store::<K>().generation())
    }

    /// Rows of `kind`.
    pub fn kind_len(&self, kind: Kind) -> usize {
        with_kind!(kind, K => self.store::<K>().len())
    }

    /// Ids of the live rows of `kind`, in slot order.
    pub fn kind_ids(&self, kind: Kind) -> Vec<RowId> {
        with_kind!(kind, K => self.store::<K>().rows().map(|(id, _)| id).collect())
    }

    /// Keys of the live rows of `kind`.
    pub fn kind_keys(&self, kind: Kind) -> Vec<ObjKey> {
        with_kind!(kind, K => self.store::<K>().keys().collect())
    }

    /// Ids of `kind`'s rows changed after its generation `since` (unsorted, with repeats), or
    /// None when the store cannot tell (too far behind, or cleared): rebuild then.
    pub fn kind_changes_since(&self, kind: Kind, since: u64) -> Option<Vec<RowId>> {
        with_kind!(kind, K => self.store::<K>().changes_since(since).map(Iterator::collect))
    }

    /// Upper bound of `kind`'s row ids.
    pub fn kind_id_bound(&self, kind: Kind) -> usize {
        with_kind!(kind, K => self.store::<K>().id_bound())
    }

    /// Whether an object of `kind` with this key is in the model.
    pub fn contains(&self, kind: Kind, key: &ObjKey) -> bool {
        with_kind!(kind, K => self.store::<K>().contains_key(key))
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
                        KindSync::Failed(e) if k.degrades() => Some((*k, e.clone())),
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
        Kind::ALL.iter().map(|k| self.kind_len(*k)).sum()
    }

    fn retally(&mut self, kind: Kind) {
        use crate::kinds::{node::Node, pod::Pod, pod_group::PodGroup};
        match kind {
            Kind::PodGroup => self.queue_tally = QueueTally::of(self.store::<PodGroup>().values()),
            Kind::Pod => {
                self.pods_tally = PodTally::of(self.store::<Pod>().values());
                self.pods_per_node = PodsPerNode::of(self.store::<Pod>().values());
            }
            Kind::Node => self.nodes_tally = NodeTally::of(self.store::<Node>().values()),
            _ => {}
        }
    }

    pub(super) fn clear_kind(&mut self, kind: Kind) -> bool {
        let changed = with_kind!(kind, K => K::store_mut(&mut self.stores).clear());
        self.retally(kind);
        changed
    }

    pub(super) fn remove(&mut self, kind: Kind, key: &ObjKey) -> bool {
        let s = &mut self.stores;
        match kind {
            Kind::Pod => s
                .Pod
                .remove(key)
                .map(|p| {
                    self.pods_tally.sub(&p);
                    self.pods_per_node.sub(&p);
                })
                .is_some(),
            Kind::Node => s
                .Node
                .remove(key)
                .map(|n| self.nodes_tally.sub(&n))
                .is_some(),
            Kind::PodGroup => s
                .PodGroup
                .remove(key)
                .map(|g| self.queue_tally.sub(&g))
                .is_some(),
            _ => with_kind!(kind, K => K::store_mut(s).remove(key).is_some()),
        }
    }

    /// Insert or replace; returns whether anything changed.
    pub(super) fn upsert(&mut self, obj: Obj) -> bool {
        let s = &mut self.stores;
        match obj {
            Obj::Pod(r) => match s.Pod.upsert(r) {
                Upsert::Unchanged(_) => false,
                Upsert::Inserted(id) => {
                    let p = s.Pod.row(id).expect("inserted");
                    self.pods_tally.add(p);
                    self.pods_per_node.add(p);
                    true
                }
                Upsert::Replaced(id, old) => {
                    let p = s.Pod.row(id).expect("replaced");
                    self.pods_tally.sub(&old);
                    self.pods_tally.add(p);
                    self.pods_per_node.sub(&old);
                    self.pods_per_node.add(p);
                    true
                }
            },
            Obj::Node(r) => match s.Node.upsert(r) {
                Upsert::Unchanged(_) => false,
                Upsert::Inserted(id) => {
                    self.nodes_tally.add(s.Node.row(id).expect("inserted"));
                    true
                }
                Upsert::Replaced(id, old) => {
                    self.nodes_tally.sub(&old);
                    self.nodes_tally.add(s.Node.row(id).expect("replaced"));
                    true
                }
            },
            Obj::PodGroup(r) => match s.PodGroup.upsert(r) {
                Upsert::Unchanged(_) => false,
                Upsert::Inserted(id) => {
                    self.queue_tally.add(s.PodGroup.row(id).expect("inserted"));
                    true
                }
                Upsert::Replaced(id, old) => {
                    self.queue_tally.sub(&old);
                    self.queue_tally.add(s.PodGroup.row(id).expect("replaced"));
                    true
                }
            },
            obj => with_kind!(obj.kind(), K => match K::unwrap(obj) {
                Ok(row) => !matches!(K::store_mut(s).upsert(row), Upsert::Unchanged(_)),
                Err(_) => false,
            }),
        }
    }

    /// The complete set of `kind`: rows that did not change keep their ids (views update
    /// incrementally); rows missing from `objs` are removed. Objects of another kind in `objs`
    /// are upserted. Returns whether anything changed.
    pub(super) fn relist(&mut self, kind: Kind, objs: Vec<Obj>) -> bool {
        let mut others = Vec::new();
        let mut changed = with_kind!(kind, K => {
            let mut rows: Vec<<K as KindDef>::Row> = Vec::with_capacity(objs.len());
            for o in objs {
                match K::unwrap(o) {
                    Ok(r) => rows.push(r),
                    Err(o) => others.push(o),
                }
            }
            K::store_mut(&mut self.stores).replace_all(rows)
        });
        self.retally(kind);
        for o in others {
            changed |= self.upsert(o);
        }
        changed
    }
}
