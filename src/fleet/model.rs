//! The fleet model: pure state, no I/O. Fed by [`FleetEvent`]s, queried by `views`.

use super::event::{ClusterId, FleetEvent, KindSync, Link};
use super::intern::Interner;
use super::types::*;

pub use super::cluster::{Cluster, ClusterState};

/// All clusters of the fleet.
#[derive(Debug, Default)]
pub struct FleetModel {
    pub clusters: Vec<Cluster>,
    interner: Interner,
    /// Bumped on every change; views cache against it and the UI redraws when it moves.
    generation: u64,
    /// Relists applied so far (a burst of them is followed by returning freed memory).
    relists: u64,
}

impl FleetModel {
    pub fn new<S: Into<String>>(contexts: impl IntoIterator<Item = S>) -> Self {
        FleetModel {
            clusters: contexts.into_iter().map(Cluster::new).collect(),
            interner: Interner::default(),
            generation: 0,
            relists: 0,
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many relists (full lists of a kind) have been applied.
    pub fn relists(&self) -> u64 {
        self.relists
    }

    pub fn cluster(&self, id: ClusterId) -> Option<&Cluster> {
        self.clusters.get(id)
    }

    pub fn cluster_by_context(&self, context: &str) -> Option<(ClusterId, &Cluster)> {
        self.clusters
            .iter()
            .enumerate()
            .find(|(_, c)| c.context == context)
    }

    pub fn all_settled(&self) -> bool {
        self.clusters.iter().all(|c| c.state().settled())
    }

    /// Apply a batch of events; returns whether anything changed.
    pub fn apply_all(&mut self, events: impl IntoIterator<Item = FleetEvent>) -> bool {
        let mut changed = false;
        for ev in events {
            changed |= self.apply(ev);
        }
        changed
    }

    /// Apply one event; returns whether anything changed.
    pub fn apply(&mut self, ev: FleetEvent) -> bool {
        let id = ev.cluster();
        if id >= self.clusters.len() {
            return false;
        }
        let changed = match ev {
            FleetEvent::Link { link, .. } => {
                let c = &mut self.clusters[id];
                if c.link == link {
                    false
                } else {
                    if matches!(link, Link::Unreachable { .. }) {
                        // Watches are gone; their kinds will list again on reconnect.
                        for s in c.kinds.values_mut() {
                            if *s != KindSync::Absent {
                                *s = KindSync::Listing;
                            }
                        }
                    }
                    c.link = link;
                    true
                }
            }
            FleetEvent::ServerInfo {
                version, server, ..
            } => {
                let c = &mut self.clusters[id];
                let changed =
                    c.version.as_deref() != Some(&version) || c.server.as_deref() != Some(&server);
                c.version = Some(version);
                c.server = Some(server);
                changed
            }
            FleetEvent::KindState { kind, sync, .. } => {
                let c = &mut self.clusters[id];
                let cleared = sync == KindSync::Absent && c.clear_kind(kind);
                c.kinds.insert(kind, sync.clone()) != Some(sync) || cleared
            }
            FleetEvent::Apply { obj, .. } => {
                let obj = self.intern(obj);
                self.clusters[id].upsert(obj)
            }
            FleetEvent::Delete { kind, key, .. } => self.clusters[id].remove(kind, &key),
            FleetEvent::Relist { kind, objs, .. } => {
                self.relists += 1;
                let objs: Vec<Obj> = objs.into_iter().map(|o| self.intern(o)).collect();
                let c = &mut self.clusters[id];
                let changed = c.relist(kind, objs);
                c.kinds.insert(kind, KindSync::Synced) != Some(KindSync::Synced) || changed
            }
        };
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Share repeated strings (namespaces, node names) between rows.
    fn intern(&mut self, mut obj: Obj) -> Obj {
        obj.intern(&mut self.interner);
        obj
    }

    pub fn interned_strings(&self) -> usize {
        self.interner.len()
    }
}
