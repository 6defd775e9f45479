//! Real clusters: one session per kubeconfig context (client, watchers, state, backoff).
//!
//! [`kubeconfig::load`] reads and merges the kubeconfig like kubectl; [`spawn`] starts one
//! session per context and returns at once; [`KubeBackend`] answers on-demand reads and
//! writes (YAML view, actions) with the full objects.

pub mod errors;
pub mod kubeconfig;
pub mod session;
pub mod watch;

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use kube::Client;
use kube::api::{GetParams, Patch, PatchParams, PostParams};
use kube::core::{ApiResource, DynamicObject, Resource};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::fleet::{ClusterId, FleetEvent, Kind, ObjKey};
use crate::sources::{ApiError, BoxFut, Executor};

/// Timeout of on-demand requests.
const ON_DEMAND_TIMEOUT: Duration = Duration::from_secs(20);

/// The API of a kind at the version discovery chose (or its preferred one).
pub fn api_resource(kind: Kind, discovered_version: Option<&str>) -> ApiResource {
    kind.api().resource(discovered_version)
}

/// A live connection of one cluster: its client and the versions discovery chose.
#[derive(Clone)]
pub struct Conn {
    pub client: Client,
    pub versions: HashMap<Kind, String>,
}

/// Where a cluster's connection stands, for on-demand requests.
#[derive(Clone, Default)]
enum Link {
    #[default]
    Connecting,
    Up(Conn),
    /// Lost, with the reason: requests fail at once instead of waiting on a dead connection.
    Down(String),
}

/// One cluster's entry in the backend, kept by its session.
#[derive(Default)]
pub struct Slot {
    pub context: String,
    /// The kubeconfig user name (never a credential).
    pub user: Option<String>,
    pub server: String,
    link: RwLock<Link>,
}

impl Slot {
    pub fn new(context: &str, user: Option<String>, server: String) -> Self {
        Slot {
            context: context.to_string(),
            user,
            server,
            link: RwLock::new(Link::Connecting),
        }
    }
    /// Connected.
    pub fn up(&self, conn: Conn) {
        *self.link.write().unwrap_or_else(|e| e.into_inner()) = Link::Up(conn);
    }
    /// Lost: requests fail at once with `why` until the session connects again.
    pub fn down(&self, why: &str) {
        *self.link.write().unwrap_or_else(|e| e.into_inner()) = Link::Down(why.to_string());
    }
    pub fn conn(&self) -> Result<Conn, ApiError> {
        match &*self.link.read().unwrap_or_else(|e| e.into_inner()) {
            Link::Up(c) => Ok(c.clone()),
            Link::Down(why) => Err(ApiError::unreachable(&self.context, why)),
            Link::Connecting => Err(ApiError::other(format!(
                "{} is not connected yet",
                self.context
            ))),
        }
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
        Ok((slot.conn()?, errors::host_port(&slot.server)))
    }

    /// The contexts, in cluster order.
    pub fn contexts(&self) -> Vec<String> {
        self.slots.iter().map(|s| s.context.clone()).collect()
    }

    /// Why `cluster` is not connected, if it is not.
    pub fn get_slot_error(&self, cluster: ClusterId) -> Option<String> {
        self.conn(cluster).err().map(|e| e.message)
    }

    /// Whether `cluster` is connected and serves `kind`.
    pub fn serves(&self, cluster: ClusterId, kind: Kind) -> bool {
        self.conn(cluster)
            .is_ok_and(|(c, _)| kind.is_core() || c.versions.contains_key(&kind))
    }

    fn request(conn: &Conn, kind: Kind, key: &ObjKey) -> kube::core::Request {
        let ar = api_resource(kind, conn.versions.get(&kind).map(String::as_str));
        let ns = key.namespace.as_deref().filter(|_| kind.namespaced());
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

    /// Every object of `kind` (in every namespace), as the apiserver lists them.
    pub async fn list(&self, cluster: ClusterId, kind: Kind) -> Result<Vec<Value>, ApiError> {
        let (conn, target) = self.conn(cluster)?;
        let ar = api_resource(kind, conn.versions.get(&kind).map(String::as_str));
        let req = kube::core::Request::new(DynamicObject::url_path(&ar, None))
            .list(&kube::api::ListParams::default())
            .map_err(|e| ApiError::other(format!("bad request: {e}")))?;
        let list: Value = send_request!(conn, req, &target)?;
        Ok(match list {
            Value::Object(mut m) => match m.remove("items") {
                Some(Value::Array(items)) => items,
                _ => vec![],
            },
            _ => vec![],
        })
    }

    /// A JSON patch; its ops carry the guards (a resourceVersion, `test` ops).
    pub async fn patch(
        &self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
        ops: &Value,
        dry_run: bool,
    ) -> Result<Value, ApiError> {
        let (conn, target) = self.conn(cluster)?;
        let patch: json_patch::Patch = serde_json::from_value(ops.clone())
            .map_err(|e| ApiError::other(format!("not a JSON patch: {e}")))?;
        // Strict: from 1.25 an unknown field is an error naming its path (older apiservers
        // ignore the parameter and prune such fields; `Step::missing_in` catches those).
        let mut pp = PatchParams {
            field_manager: Some("fleetdeck".into()),
            field_validation: Some(kube::api::ValidationDirective::Strict),
            ..PatchParams::default()
        };
        pp.dry_run = dry_run;
        let req = Self::request(&conn, kind, key)
            .patch(&key.name, &pp, &Patch::<()>::Json(patch))
            .map_err(|e| ApiError::other(format!("bad request: {e}")))?;
        send_request!(conn, req, &target)
    }

    /// A POST of `obj` (`dryRun=All` when `dry_run`), for an API that need not be watched.
    pub async fn create(
        &self,
        cluster: ClusterId,
        api: &crate::kinds::ApiSpec,
        namespace: &str,
        obj: &Value,
        dry_run: bool,
    ) -> Result<Value, ApiError> {
        let (conn, target) = self.conn(cluster)?;
        let ar = api.resource(None);
        let ns = Some(namespace).filter(|_| api.namespaced);
        let pp = PostParams {
            dry_run,
            field_manager: Some("fleetdeck".into()),
        };
        let body = serde_json::to_vec(obj).map_err(|e| ApiError::other(e.to_string()))?;
        let mut req = kube::core::Request::new(DynamicObject::url_path(&ar, ns))
            .create(&pp, body)
            .map_err(|e| ApiError::other(format!("bad request: {e}")))?;
        // As for patches (PostParams has no field for it).
        let uri = req.uri().to_string();
        let sep = if uri.contains('?') { '&' } else { '?' };
        let strict = format!("{uri}{sep}fieldValidation=Strict");
        *req.uri_mut() = strict
            .parse()
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

    /// Slots for `loaded`'s contexts (cluster id = index), nothing connected yet.
    fn slots_for(loaded: &kubeconfig::Loaded) -> Vec<Arc<Slot>> {
        loaded
            .contexts
            .iter()
            .map(|c| {
                Arc::new(Slot::new(
                    c,
                    loaded.user_of(c),
                    loaded.server_of(c).unwrap_or_default(),
                ))
            })
            .collect()
    }

    /// Connect to every context once (client, version, discovery), without watching anything:
    /// for headless actions. Contexts that fail are left Down with their error.
    pub async fn connect_only(loaded: &kubeconfig::Loaded) -> KubeBackend {
        let slots = Self::slots_for(loaded);
        let kubeconfig = Arc::new(loaded.kubeconfig.clone());
        let mut tasks = tokio::task::JoinSet::new();
        for slot in &slots {
            let (slot, kc) = (slot.clone(), kubeconfig.clone());
            let problem = loaded.problems.get(&slot.context).cloned();
            tasks.spawn(async move {
                if let Some(p) = problem {
                    return slot.down(&p);
                }
                let target = errors::host_port(&slot.server);
                match session::connect(&kc, &slot.context, &target).await {
                    Ok((conn, _, _)) => slot.up(conn),
                    Err(e) => slot.down(&e),
                }
            });
        }
        while tasks.join_next().await.is_some() {}
        KubeBackend {
            slots: Arc::new(slots),
        }
    }
}

impl Executor for KubeBackend {
    fn get<'a>(
        &'a self,
        cluster: ClusterId,
        kind: Kind,
        key: &'a ObjKey,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(KubeBackend::get(self, cluster, kind, key))
    }
    fn list(&self, cluster: ClusterId, kind: Kind) -> BoxFut<'_, Result<Vec<Value>, ApiError>> {
        Box::pin(KubeBackend::list(self, cluster, kind))
    }
    fn patch<'a>(
        &'a self,
        cluster: ClusterId,
        kind: Kind,
        key: &'a ObjKey,
        ops: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(KubeBackend::patch(self, cluster, kind, key, ops, dry_run))
    }
    fn create<'a>(
        &'a self,
        cluster: ClusterId,
        api: &'a crate::kinds::ApiSpec,
        namespace: &'a str,
        obj: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(KubeBackend::create(
            self, cluster, api, namespace, obj, dry_run,
        ))
    }
    fn user(&self, cluster: ClusterId) -> String {
        KubeBackend::user(self, cluster)
    }
}

/// Start one session per context (cluster id = index in `loaded.contexts`); returns at once.
/// Must be called within a tokio runtime.
pub fn spawn(
    loaded: &kubeconfig::Loaded,
    tx: mpsc::Sender<FleetEvent>,
    clock: fn() -> i64,
) -> KubeBackend {
    let kubeconfig = Arc::new(loaded.kubeconfig.clone());
    let slots = KubeBackend::slots_for(loaded);
    for (id, slot) in slots.iter().enumerate() {
        let session = session::Session {
            id,
            context: slot.context.clone(),
            kubeconfig: kubeconfig.clone(),
            server: slot.server.clone(),
            tx: tx.clone(),
            clock,
            slot: slot.clone(),
            problem: loaded.problems.get(&slot.context).cloned(),
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
