//! The fleet model: pure state, no I/O. Fed by [`FleetEvent`]s, queried by `views`.

use std::collections::{BTreeMap, HashMap};

use super::event::{ClusterId, FleetEvent, KindSync, Link};
use super::intern::Interner;
use super::types::*;

/// Objects of one kind on one cluster.
pub type Store<T> = HashMap<ObjKey, T>;

/// Everything known about one cluster (one kubeconfig context).
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
}

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
        }
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

    fn clear_kind(&mut self, kind: Kind) {
        match kind {
            Kind::Namespace => self.namespaces.clear(),
            Kind::Node => self.nodes.clear(),
            Kind::Pod => self.pods.clear(),
            Kind::Deployment => self.deployments.clear(),
            Kind::Event => self.events.clear(),
            Kind::KarmadaCluster => self.karmada_clusters.clear(),
            Kind::PropagationPolicy => self.policies.clear(),
            Kind::ClusterPropagationPolicy => self.cluster_policies.clear(),
            Kind::ResourceBinding => self.bindings.clear(),
            Kind::Queue => self.queues.clear(),
            Kind::VirtualService => self.virtual_services.clear(),
            Kind::DestinationRule => self.destination_rules.clear(),
            Kind::NodeGroup => self.node_groups.clear(),
        }
    }

    fn remove(&mut self, kind: Kind, key: &ObjKey) -> bool {
        match kind {
            Kind::Namespace => self.namespaces.remove(key).is_some(),
            Kind::Node => self.nodes.remove(key).is_some(),
            Kind::Pod => self.pods.remove(key).is_some(),
            Kind::Deployment => self.deployments.remove(key).is_some(),
            Kind::Event => self.events.remove(key).is_some(),
            Kind::KarmadaCluster => self.karmada_clusters.remove(key).is_some(),
            Kind::PropagationPolicy => self.policies.remove(key).is_some(),
            Kind::ClusterPropagationPolicy => self.cluster_policies.remove(key).is_some(),
            Kind::ResourceBinding => self.bindings.remove(key).is_some(),
            Kind::Queue => self.queues.remove(key).is_some(),
            Kind::VirtualService => self.virtual_services.remove(key).is_some(),
            Kind::DestinationRule => self.destination_rules.remove(key).is_some(),
            Kind::NodeGroup => self.node_groups.remove(key).is_some(),
        }
    }

    /// Insert or replace; returns whether anything changed.
    fn upsert(&mut self, key: ObjKey, obj: Obj) -> bool {
        fn put<T: PartialEq>(s: &mut Store<T>, k: ObjKey, v: T) -> bool {
            match s.get(&k) {
                Some(old) if *old == v => false,
                _ => {
                    s.insert(k, v);
                    true
                }
            }
        }
        match obj {
            Obj::Namespace(r) => put(&mut self.namespaces, key, r),
            Obj::Node(r) => put(&mut self.nodes, key, r),
            Obj::Pod(r) => put(&mut self.pods, key, r),
            Obj::Deployment(r) => put(&mut self.deployments, key, r),
            Obj::Event(r) => put(&mut self.events, key, r),
            Obj::KarmadaCluster(r) => put(&mut self.karmada_clusters, key, r),
            Obj::PropagationPolicy(r) => put(&mut self.policies, key, r),
            Obj::ClusterPropagationPolicy(r) => put(&mut self.cluster_policies, key, r),
            Obj::ResourceBinding(r) => put(&mut self.bindings, key, r),
            Obj::Queue(r) => put(&mut self.queues, key, r),
            Obj::VirtualService(r) => put(&mut self.virtual_services, key, r),
            Obj::DestinationRule(r) => put(&mut self.destination_rules, key, r),
            Obj::NodeGroup(r) => put(&mut self.node_groups, key, r),
        }
    }
}

/// All clusters of the fleet.
#[derive(Debug, Default)]
pub struct FleetModel {
    pub clusters: Vec<Cluster>,
    interner: Interner,
    /// Bumped on every change; views cache against it and the UI redraws when it moves.
    generation: u64,
}

impl FleetModel {
    pub fn new<S: Into<String>>(contexts: impl IntoIterator<Item = S>) -> Self {
        FleetModel {
            clusters: contexts.into_iter().map(Cluster::new).collect(),
            interner: Interner::default(),
            generation: 0,
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
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
                if sync == KindSync::Absent {
                    c.clear_kind(kind);
                }
                c.kinds.insert(kind, sync.clone()) != Some(sync)
            }
            FleetEvent::Apply { obj, .. } => {
                let obj = self.intern(obj);
                let key = obj.key();
                self.clusters[id].upsert(key, obj)
            }
            FleetEvent::Delete { kind, key, .. } => self.clusters[id].remove(kind, &key),
            FleetEvent::Relist { kind, objs, .. } => {
                let objs: Vec<Obj> = objs.into_iter().map(|o| self.intern(o)).collect();
                let c = &mut self.clusters[id];
                c.clear_kind(kind);
                for obj in objs {
                    let key = obj.key();
                    c.upsert(key, obj);
                }
                c.kinds.insert(kind, KindSync::Synced);
                true
            }
        };
        if changed {
            self.generation += 1;
        }
        changed
    }

    /// Share repeated strings (namespaces, node names) between rows.
    fn intern(&mut self, mut obj: Obj) -> Obj {
        let i = &mut self.interner;
        match &mut obj {
            Obj::Pod(p) => {
                p.namespace = i.intern(&p.namespace);
                p.node = i.intern_opt(&p.node);
                p.reason = i.intern_opt(&p.reason);
            }
            Obj::Deployment(d) => d.namespace = i.intern(&d.namespace),
            Obj::Event(e) => {
                e.namespace = i.intern(&e.namespace);
                e.reason = i.intern(&e.reason);
            }
            Obj::Node(n) => n.kubelet_version = i.intern(&n.kubelet_version),
            _ => {}
        }
        obj
    }

    pub fn interned_strings(&self) -> usize {
        self.interner.len()
    }
}
