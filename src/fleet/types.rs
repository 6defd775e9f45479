//! Compact projections: only the fields the panes and planners need.
//! Strings shared by many rows (namespaces, node names) are interned `Arc<str>`.

use std::sync::Arc;

/// An interned string.
pub type Str = Arc<str>;

/// Unix time in seconds (0 = unknown).
pub type Ts = i64;

/// Every kind fleetdeck watches.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Kind {
    Namespace,
    Node,
    Pod,
    Deployment,
    Event,
    KarmadaCluster,
    PropagationPolicy,
    ClusterPropagationPolicy,
    ResourceBinding,
    Queue,
    VirtualService,
    DestinationRule,
    NodeGroup,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::Deployment,
        Kind::Event,
        Kind::KarmadaCluster,
        Kind::PropagationPolicy,
        Kind::ClusterPropagationPolicy,
        Kind::ResourceBinding,
        Kind::Queue,
        Kind::VirtualService,
        Kind::DestinationRule,
        Kind::NodeGroup,
    ];

    /// Short lowercase name, as shown in the UI and used by the palette.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Namespace => "namespaces",
            Kind::Node => "nodes",
            Kind::Pod => "pods",
            Kind::Deployment => "deployments",
            Kind::Event => "events",
            Kind::KarmadaCluster => "clusters.cluster.karmada.io",
            Kind::PropagationPolicy => "propagationpolicies",
            Kind::ClusterPropagationPolicy => "clusterpropagationpolicies",
            Kind::ResourceBinding => "resourcebindings",
            Kind::Queue => "queues.scheduling.volcano.sh",
            Kind::VirtualService => "virtualservices",
            Kind::DestinationRule => "destinationrules",
            Kind::NodeGroup => "nodegroups.apps.kubeedge.io",
        }
    }

    /// Core kinds exist on every cluster; the others only where discovery shows them.
    pub fn is_core(self) -> bool {
        matches!(
            self,
            Kind::Namespace | Kind::Node | Kind::Pod | Kind::Deployment | Kind::Event
        )
    }
}

/// Identity of an object within one cluster and kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjKey {
    pub namespace: Option<Str>,
    pub name: Str,
}

impl ObjKey {
    pub fn new(namespace: Option<&str>, name: &str) -> Self {
        ObjKey {
            namespace: namespace.map(Str::from),
            name: Str::from(name),
        }
    }
    pub fn cluster_scoped(name: &str) -> Self {
        Self::new(None, name)
    }
}

impl std::fmt::Display for ObjKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{ns}/{}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NamespaceRow {
    pub name: Str,
    pub phase: Str,
    pub created: Ts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub name: Str,
    pub ready: bool,
    /// Why it is not ready, if known (condition reason).
    pub reason: Option<Str>,
    pub edge: bool,
    pub unschedulable: bool,
    pub kubelet_version: Str,
    pub last_heartbeat: Ts,
    pub created: Ts,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PodPhase {
    Running,
    Pending,
    Succeeded,
    Failed,
    Unknown,
}

impl PodPhase {
    pub fn parse(s: &str) -> Self {
        match s {
            "Running" => PodPhase::Running,
            "Pending" => PodPhase::Pending,
            "Succeeded" => PodPhase::Succeeded,
            "Failed" => PodPhase::Failed,
            _ => PodPhase::Unknown,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            PodPhase::Running => "Running",
            PodPhase::Pending => "Pending",
            PodPhase::Succeeded => "Succeeded",
            PodPhase::Failed => "Failed",
            PodPhase::Unknown => "Unknown",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodRow {
    pub namespace: Str,
    pub name: Str,
    pub phase: PodPhase,
    /// A waiting/terminated reason that explains trouble (CrashLoopBackOff, ...).
    pub reason: Option<Str>,
    pub ready: u16,
    pub containers: u16,
    pub restarts: u32,
    pub node: Option<Str>,
    pub created: Ts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentRow {
    pub namespace: Str,
    pub name: Str,
    pub replicas: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    pub created: Ts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct WarningEvent {
    pub namespace: Str,
    pub name: Str,
    pub reason: Str,
    pub message: Str,
    /// `Kind/name` of the involved object.
    pub object: Str,
    pub count: i32,
    pub last_seen: Ts,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Taint {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub effect: String,
}

impl std::fmt::Display for Taint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) if !v.is_empty() => write!(f, "{}={}:{}", self.key, v, self.effect),
            _ => write!(f, "{}:{}", self.key, self.effect),
        }
    }
}

/// A Karmada `Cluster` object (cluster.karmada.io/v1alpha1) as seen on a control plane.
#[derive(Clone, Debug, PartialEq)]
pub struct KarmadaClusterRow {
    pub name: Str,
    pub ready: Option<bool>,
    pub reason: Option<Str>,
    pub message: Option<Str>,
    pub region: Option<Str>,
    pub provider: Option<Str>,
    pub sync_mode: Option<Str>,
    pub taints: Vec<Taint>,
    pub kubernetes_version: Option<Str>,
    pub api_endpoint: Option<Str>,
}

/// One entry of `weightPreference.staticWeightList`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaticWeight {
    pub clusters: Vec<Str>,
    pub weight: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PolicyRow {
    pub namespace: Option<Str>,
    pub name: Str,
    /// `Kind/name` of each resource selector (`Deployment/web`, `Deployment/*`).
    pub selectors: Vec<Str>,
    /// Duplicated | Divided
    pub scheduling_type: Option<Str>,
    /// Weighted | Aggregated
    pub division_preference: Option<Str>,
    pub static_weights: Vec<StaticWeight>,
    pub dynamic_weight: Option<Str>,
    pub cluster_names: Vec<Str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindingTarget {
    pub cluster: Str,
    pub replicas: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindingStatus {
    pub cluster: Str,
    pub applied: bool,
    pub health: Str,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BindingRow {
    pub namespace: Str,
    pub name: Str,
    /// `Kind ns/name` of the bound resource.
    pub resource: Str,
    pub clusters: Vec<BindingTarget>,
    pub aggregated: Vec<BindingStatus>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct QueueRow {
    pub name: Str,
    pub state: Str,
    pub weight: i64,
    pub reclaimable: Option<bool>,
    pub running: i64,
    pub pending: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RouteDest {
    pub host: Str,
    pub subset: Option<Str>,
    pub weight: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VirtualServiceRow {
    pub namespace: Str,
    pub name: Str,
    pub hosts: Vec<Str>,
    /// One entry per `spec.http[i]`, each the list of its `route[j]`.
    pub http: Vec<Vec<RouteDest>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DestinationRuleRow {
    pub namespace: Str,
    pub name: Str,
    pub host: Str,
    pub subsets: Vec<Str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeGroupRow {
    pub name: Str,
    pub nodes: Vec<Str>,
    pub match_labels: Vec<(Str, Str)>,
}

/// One projected object of any watched kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Obj {
    Namespace(NamespaceRow),
    Node(NodeRow),
    Pod(PodRow),
    Deployment(DeploymentRow),
    Event(WarningEvent),
    KarmadaCluster(KarmadaClusterRow),
    PropagationPolicy(PolicyRow),
    ClusterPropagationPolicy(PolicyRow),
    ResourceBinding(BindingRow),
    Queue(QueueRow),
    VirtualService(VirtualServiceRow),
    DestinationRule(DestinationRuleRow),
    NodeGroup(NodeGroupRow),
}

impl Obj {
    pub fn kind(&self) -> Kind {
        match self {
            Obj::Namespace(_) => Kind::Namespace,
            Obj::Node(_) => Kind::Node,
            Obj::Pod(_) => Kind::Pod,
            Obj::Deployment(_) => Kind::Deployment,
            Obj::Event(_) => Kind::Event,
            Obj::KarmadaCluster(_) => Kind::KarmadaCluster,
            Obj::PropagationPolicy(_) => Kind::PropagationPolicy,
            Obj::ClusterPropagationPolicy(_) => Kind::ClusterPropagationPolicy,
            Obj::ResourceBinding(_) => Kind::ResourceBinding,
            Obj::Queue(_) => Kind::Queue,
            Obj::VirtualService(_) => Kind::VirtualService,
            Obj::DestinationRule(_) => Kind::DestinationRule,
            Obj::NodeGroup(_) => Kind::NodeGroup,
        }
    }

    pub fn key(&self) -> ObjKey {
        let (ns, name): (Option<&Str>, &Str) = match self {
            Obj::Namespace(r) => (None, &r.name),
            Obj::Node(r) => (None, &r.name),
            Obj::Pod(r) => (Some(&r.namespace), &r.name),
            Obj::Deployment(r) => (Some(&r.namespace), &r.name),
            Obj::Event(r) => (Some(&r.namespace), &r.name),
            Obj::KarmadaCluster(r) => (None, &r.name),
            Obj::PropagationPolicy(r) | Obj::ClusterPropagationPolicy(r) => {
                (r.namespace.as_ref(), &r.name)
            }
            Obj::ResourceBinding(r) => (Some(&r.namespace), &r.name),
            Obj::Queue(r) => (None, &r.name),
            Obj::VirtualService(r) => (Some(&r.namespace), &r.name),
            Obj::DestinationRule(r) => (Some(&r.namespace), &r.name),
            Obj::NodeGroup(r) => (None, &r.name),
        };
        ObjKey {
            namespace: ns.cloned(),
            name: name.clone(),
        }
    }
}
