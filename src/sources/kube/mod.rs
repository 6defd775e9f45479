//! Real clusters: one session per kubeconfig context (client, watchers, state, backoff).
//!
//! [`kubeconfig::load`] reads and merges the kubeconfig like kubectl; [`spawn`] starts one
//! session per context and returns at once; [`KubeBackend`] answers on-demand reads and
//! writes (YAML view, actions) with the full objects.

pub mod errors;
pub mod kubeconfig;
pub mod lean;
pub mod project;
pub mod session;
pub mod watch;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use kube::Client;
use kube::api::{GetParams, PostParams};
use kube::core::{ApiResource, DynamicObject, Resource};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::fleet::{ClusterId, FleetEvent, Kind, ObjKey};
use crate::sources::ApiError;

/// Timeout of on-demand requests.
const ON_DEMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// The API of a kind: group, version (the discovered one for Istio), kind and plural.
pub fn api_resource(kind: Kind, discovered_version: Option<&str>) -> ApiResource {
    let (group, default_version, k, plural) = match kind {
        Kind::Namespace => ("", "v1", "Namespace", "namespaces"),
        Kind::Node => ("", "v1", "Node", "nodes"),
        Kind::Pod => ("", "v1", "Pod", "pods"),
        Kind::Deployment => ("apps", "v1", "Deployment", "deployments"),
        Kind::Event => ("", "v1", "Event", "events"),
        Kind::KarmadaCluster => ("cluster.karmada.io", "v1alpha1", "Cluster", "clusters"),
        Kind::PropagationPolicy => (
            "policy.karmada.io",
            "v1alpha1",
            "PropagationPolicy",
            "propagationpolicies",
        ),
        Kind::ClusterPropagationPolicy => (
            "policy.karmada.io",
            "v1alpha1",
            "ClusterPropagationPolicy",
            "clusterpropagationpolicies",
        ),
        Kind::ResourceBinding => (
            "work.karmada.io",
            "v1alpha2",
            "ResourceBinding",
            "resourcebindings",
        ),
        Kind::Queue => ("scheduling.volcano.sh", "v1beta1", "Queue", "queues"),
        Kind::VirtualService => (
            "networking.istio.io",
            "v1",
            "VirtualService",
            "virtualservices",
        ),
        Kind::DestinationRule => (
            "networking.istio.io",
            "v1",
            "DestinationRule",
            "destinationrules",
        ),
        Kind::NodeGroup => ("apps.kubeedge.io", "v1alpha1", "NodeGroup", "nodegroups"),
    };
    // Core kinds have one version; only the optional groups take the discovered one.
    let version = match discovered_version {
        Some(v) if !kind.is_core() && !v.is_empty() => v,
        _ => default_version,
    };
    ApiResource {
        group: group.to_string(),
        version: version.to_string(),
        api_version: if group.is_empty() {
            version.to_string()
        } else {
            format!("{group}/{version}")
        },
        kind: k.to_string(),
        plural: plural.to_string(),
    }
}

/// A live connection of one cluster: its client and the versions discovery chose.
#[derive(Clone)]
pub struct Conn {
    pub client: Client,
    pub versions: HashMap<Kind, String>,
}

/// One cluster's entry in the backend, filled by its session when it connects.
#[derive(Default)]
pub struct Slot {
    pub context: String,
    /// The kubeconfig user name (never a credential).
    pub user: Option<String>,
    pub server: String,
    conn: RwLock<Option<Conn>>,
}

impl Slot {
    pub fn set(&self, conn: Option<Conn>) {
        *self.conn.write().unwrap_or_else(|e| e.into_inner()) = conn;
    }
    pub fn get(&self) -> Option<Conn> {
        self.conn.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// `Client::request` with a timeout and the error mapped (a macro: the request type is `http`'s).
macro_rules! send_request {
    ($conn:expr, $req:expr, $target:expr) => {
        match tokio::time::timeout(ON_DEMAND_TIMEOUT, $conn.client.request::<Value>($req)).await {
            Ok(r) => r.map_err(|e| errors::api_error(e, $target)),
            Err(_) => Err(ApiError::other(format!("timed out ({})", $target))),
        }
    };
}

/// On-demand reads and writes against the real apiservers, one client per cluster.
#[derive(Clone, Default)]
pub struct KubeBackend {
    slots: Arc<Vec<Arc<Slot>>>,
}

impl KubeBackend {
    fn slot(&self, cluster: ClusterId) -> Result<&Slot, ApiError> {
        self.slots
            .get(cluster)
            .map(|s| &**s)
            .ok_or_else(|| ApiError::other(format!("no cluster #{cluster}")))
    }

    fn conn(&self, cluster: ClusterId) -> Result<(Conn, String), ApiError> {
        let slot = self.slot(cluster)?;
        let conn = slot
            .get()
            .ok_or_else(|| ApiError::other(format!("{} is not connected yet", slot.context)))?;
        Ok((conn, errors::host_port(&slot.server)))
    }

    fn request(conn: &Conn, kind: Kind, key: &ObjKey) -> kube::core::Request {
        let ar = api_resource(kind, conn.versions.get(&kind).map(String::as_str));
        let ns = key.namespace.as_deref().filter(|_| namespaced(kind));
        kube::core::Request::new(DynamicObject::url_path(&ar, ns))
    }

    /// The full object, as the apiserver returns it.
    pub async fn get(
        &self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
    ) -> Result<Value, ApiError> {
        let (conn, target) = self.conn(cluster)?;
        let req = Self::request(&conn, kind, key)
            .get(&key.name, &GetParams::default())
            .map_err(|e| ApiError::other(format!("bad request: {e}")))?;
        send_request!(conn, req, &target)
    }

    /// PUT the object; its `metadata.resourceVersion` makes a concurrent change a 409.
    pub async fn replace(
        &self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
        obj: Value,
        dry_run: bool,
    ) -> Result<Value, ApiError> {
        let (conn, target) = self.conn(cluster)?;
        let pp = PostParams {
            dry_run,
            field_manager: Some("fleetdeck".into()),
        };
        let body = serde_json::to_vec(&obj).map_err(|e| ApiError::other(e.to_string()))?;
        let req = Self::request(&conn, kind, key)
            .replace(&key.name, &pp, body)
            .map_err(|e| ApiError::other(format!("bad request: {e}")))?;
        send_request!(conn, req, &target)
    }

    /// The kubeconfig user of the cluster's context, for the audit log.
    pub fn user(&self, cluster: ClusterId) -> String {
        match self.slots.get(cluster) {
            Some(s) => s.user.clone().unwrap_or_else(|| "anonymous".into()),
            None => "unknown".into(),
        }
    }
}

/// Whether objects of this kind live in a namespace.
pub fn namespaced(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Pod
            | Kind::Deployment
            | Kind::Event
            | Kind::PropagationPolicy
            | Kind::ResourceBinding
            | Kind::VirtualService
            | Kind::DestinationRule
    )
}

/// Start one session per context (cluster id = index in `loaded.contexts`); returns at once.
/// Must be called within a tokio runtime.
pub fn spawn(
    loaded: &kubeconfig::Loaded,
    tx: mpsc::Sender<FleetEvent>,
    clock: fn() -> i64,
) -> KubeBackend {
    let kubeconfig = Arc::new(loaded.kubeconfig.clone());
    let mut slots = Vec::with_capacity(loaded.contexts.len());
    for (id, context) in loaded.contexts.iter().enumerate() {
        let slot = Arc::new(Slot {
            context: context.clone(),
            user: loaded.user_of(context),
            server: loaded.server_of(context).unwrap_or_default(),
            conn: RwLock::new(None),
        });
        slots.push(slot.clone());
        let session = session::Session {
            id,
            context: context.clone(),
            kubeconfig: kubeconfig.clone(),
            server: slot.server.clone(),
            tx: tx.clone(),
            clock,
            slot,
            problem: loaded.problems.get(context).cloned(),
        };
        tokio::spawn(session.run());
    }
    KubeBackend {
        slots: Arc::new(slots),
    }
}

#[cfg(test)]
#[path = "live_tests.rs"]
mod live;

#[cfg(test)]
mod tests;
