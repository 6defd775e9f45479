//! The demo fleet: a simulated fleet in process that keeps full JSON objects, as apiservers do,
//! and feeds them through the same lean types and projections as the kube watchers. Live change:
//! pods churn, an edge node flaps, a member goes NotReady and back. JSON patches (the actions)
//! change the objects with the apiserver's rules: resourceVersion guards, `test` ops.

mod create;
mod edge;
mod members;
pub mod objects;
mod scheduler;
mod volcano;
pub mod world;

use rand::Rng;
use rand::rngs::SmallRng;
use serde_json::{Value, json};
use tokio::sync::{mpsc, oneshot};

use crate::fleet::*;
use crate::kinds::project_json;
use crate::sources::{ApiError, BoxFut, Executor};
pub use world::{CONTROL_PLANE, DemoCluster, EDGE_MEMBER, MEMBERS};

/// The simulated fleet's state.
pub struct DemoSim {
    pub clusters: Vec<DemoCluster>,
    rng: SmallRng,
    rv: u64,
    tick: u64,
    /// The clock at the last tick.
    now: Ts,
    /// Objects created of kinds nobody watches (Volcano Commands), by cluster, not yet acted on.
    commands: Vec<(ClusterId, Value)>,
}

/// Kinds each demo cluster serves (the rest are absent, as on a real cluster without the CRDs).
fn served(context: &str) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = Kind::ALL.iter().copied().filter(|k| k.is_core()).collect();
    if context == CONTROL_PLANE {
        kinds.extend([
            Kind::KarmadaCluster,
            Kind::PropagationPolicy,
            Kind::ClusterPropagationPolicy,
            Kind::ResourceBinding,
            Kind::ClusterResourceBinding,
        ]);
    } else if context == EDGE_MEMBER {
        kinds.extend([Kind::NodeGroup, Kind::EdgeApplication, Kind::Lease]);
    } else {
        kinds.extend([
            Kind::Queue,
            Kind::PodGroup,
            Kind::VirtualService,
            Kind::DestinationRule,
        ]);
    }
    kinds
}

/// Pods the warning events name: the churn leaves them alone.
const NAMED_PODS: [&str; 2] = ["web-6b7f9", "checkout-7c9d4"];

fn project(kind: Kind, v: &Value) -> Result<Obj, ApiError> {
    project_json(kind, v).map_err(|e| ApiError {
        code: Some(422),
        reason: "Invalid".into(),
        message: format!("{} is invalid: {e}", kind.name()),
    })
}

impl DemoSim {
    pub fn new(seed: u64, now: Ts) -> Self {
        let (clusters, rng, rv) = world::build(seed, now);
        DemoSim {
            clusters,
            rng,
            rv,
            tick: 0,
            now,
            commands: Vec::new(),
        }
    }

    pub fn contexts(&self) -> Vec<String> {
        self.clusters.iter().map(|c| c.context.clone()).collect()
    }

    /// What a fresh connection to every cluster yields, in the order a kube session sends it:
    /// discovery (every served kind Listing, the others Absent), link up, then the full lists,
    /// so that no cluster reads Ready before all its lists are in.
    pub fn initial_events(&self) -> Vec<FleetEvent> {
        let mut out = Vec::new();
        for (id, c) in self.clusters.iter().enumerate() {
            out.push(FleetEvent::ServerInfo {
                cluster: id,
                version: c.version.clone(),
                server: format!("https://{}.example.internal:6443", c.context),
            });
            let kinds = served(&c.context);
            for kind in Kind::ALL.iter().copied() {
                let sync = if kinds.contains(&kind) {
                    KindSync::Listing
                } else {
                    KindSync::Absent
                };
                out.push(FleetEvent::KindState {
                    cluster: id,
                    kind,
                    sync,
                });
            }
            out.push(FleetEvent::Link {
                cluster: id,
                link: Link::Up,
            });
        }
        for (id, c) in self.clusters.iter().enumerate() {
            for kind in served(&c.context) {
                let objs = c
                    .objs
                    .iter()
                    .filter(|((k, _), _)| *k == kind)
                    .filter_map(|(_, v)| project(kind, v).ok())
                    .collect();
                out.push(FleetEvent::Relist {
                    cluster: id,
                    kind,
                    objs,
                });
            }
        }
        out
    }

    /// Store `v` and say so.
    fn put(&mut self, cluster: ClusterId, kind: Kind, v: Value, out: &mut Vec<FleetEvent>) {
        self.rv += 1;
        let key = self.clusters[cluster].put(kind, v, self.rv);
        if let Some(obj) = self.clusters[cluster]
            .get(kind, &key)
            .and_then(|v| project(kind, v).ok())
        {
            out.push(FleetEvent::Apply { cluster, obj });
        }
    }

    fn delete(&mut self, cluster: ClusterId, kind: Kind, key: ObjKey, out: &mut Vec<FleetEvent>) {
        if self.clusters[cluster]
            .objs
            .remove(&(kind, key.clone()))
            .is_some()
        {
            out.push(FleetEvent::Delete { cluster, kind, key });
        }
    }

    fn find(&self, context: &str) -> ClusterId {
        self.clusters
            .iter()
            .position(|c| c.context == context)
            .unwrap_or(0)
    }

    /// One step of live change.
    pub fn tick(&mut self, now: Ts) -> Vec<FleetEvent> {
        self.tick += 1;
        self.now = now;
        let t = self.tick;
        let mut out = Vec::new();
        // Volcano's controller acts on the Commands created since the last tick.
        self.act_on_commands(&mut out);
        // Pods churn on a random member: a restart, or a replacement.
        let member = self.rng.random_range(1..self.clusters.len());
        let pods: Vec<Value> = self.clusters[member]
            .objs
            .iter()
            .filter(|((k, key), v)| {
                *k == Kind::Pod
                    && key.namespace.as_deref() == Some("shop")
                    && !NAMED_PODS.contains(&&*key.name)
                    && v["status"]["phase"] == "Running"
                    && v["status"]["containerStatuses"][0]["ready"] == true
            })
            .map(|(_, v)| v.clone())
            .collect();
        if !pods.is_empty() {
            let mut p = pods[self.rng.random_range(0..pods.len())].clone();
            let name = p["metadata"]["name"].as_str().unwrap_or("").to_string();
            if self.rng.random_bool(0.5) {
                let c = &mut p["status"]["containerStatuses"][0]["restartCount"];
                *c = json!(c.as_i64().unwrap_or(0) + 1);
                self.put(member, Kind::Pod, p, &mut out);
            } else {
                let key = ObjKey::new(Some("shop"), &name);
                self.delete(member, Kind::Pod, key, &mut out);
                let base = name.rsplit_once('-').map(|x| x.0).unwrap_or("pod");
                let suffix: u32 = self.rng.random_range(0x10000..0xfffff);
                p["metadata"]["name"] = json!(format!("{base}-{suffix:05x}"));
                p["metadata"]["creationTimestamp"] = objects::ts(now);
                if let Some(m) = p["metadata"].as_object_mut() {
                    m.remove("uid");
                }
                p["status"]["containerStatuses"][0]["restartCount"] = json!(0);
                self.put(member, Kind::Pod, p, &mut out);
            }
        }
        // Edge nodes renew their leases, flap, go silent and come back.
        edge::tick(self, t, now, &mut out);
        // A member goes NotReady and comes back.
        if t % 40 == 10 || t % 40 == 25 {
            let key = ObjKey::cluster_scoped("prod-ap");
            if let Some(mut c) = self.clusters[0].get(Kind::KarmadaCluster, &key).cloned() {
                c["status"]["conditions"] = json!([objects::cluster_ready(t % 40 != 10)]);
                self.put(0, Kind::KarmadaCluster, c, &mut out);
            }
        }
        // A warning repeats.
        if t.is_multiple_of(7) {
            let ap = self.find("prod-ap");
            let key = ObjKey::new(Some("shop"), "checkout.17a1");
            if let Some(mut e) = self.clusters[ap].get(Kind::Event, &key).cloned() {
                e["count"] = json!(e["count"].as_i64().unwrap_or(0) + 1);
                e["lastTimestamp"] = objects::ts(now);
                self.put(ap, Kind::Event, e, &mut out);
            }
        }
        out
    }

    /// The full object, as an apiserver would return it.
    pub fn get_json(
        &self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
    ) -> Result<Value, ApiError> {
        let c = self
            .clusters
            .get(cluster)
            .ok_or_else(|| ApiError::other("no such cluster"))?;
        c.get(kind, key)
            .cloned()
            .ok_or_else(|| ApiError::not_found(kind, key))
    }

    /// Every object of `kind` on `cluster`; 404 where the kind is not served.
    pub fn list_json(&self, cluster: ClusterId, kind: Kind) -> Result<Vec<Value>, ApiError> {
        let c = self
            .clusters
            .get(cluster)
            .ok_or_else(|| ApiError::other("no such cluster"))?;
        if !served(&c.context).contains(&kind) {
            return Err(ApiError {
                code: Some(404),
                reason: "NotFound".into(),
                message: format!(
                    "the server could not find the requested resource ({})",
                    kind.name()
                ),
            });
        }
        Ok(c.objs
            .range((kind, ObjKey::cluster_scoped(""))..)
            .take_while(|((k, _), _)| *k == kind)
            .map(|(_, v)| v.clone())
            .collect())
    }

    /// Apply a JSON patch with an apiserver's rules: a failed `test` op is 422 Invalid; a
    /// patched resourceVersion other than the stored one is 409 Conflict; the result must still
    /// decode as the kind. `dry_run` stores nothing.
    pub fn patch(
        &mut self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
        ops: &Value,
        dry_run: bool,
    ) -> Result<(Value, Vec<FleetEvent>), ApiError> {
        let current = self.get_json(cluster, kind, key)?;
        let patch: json_patch::Patch =
            serde_json::from_value(ops.clone()).map_err(|e| ApiError {
                code: Some(400),
                reason: "BadRequest".into(),
                message: format!("not a JSON patch: {e}"),
            })?;
        let mut new = current.clone();
        json_patch::patch(&mut new, &patch).map_err(|e| ApiError {
            code: Some(422),
            reason: "Invalid".into(),
            message: format!("the server rejected our request due to an error in our request: {e}"),
        })?;
        let rv = |v: &Value| {
            v["metadata"]["resourceVersion"]
                .as_str()
                .map(str::to_string)
        };
        // As an apiserver: a patched resourceVersion other than the stored one is a conflict;
        // an empty one makes the update unconditional.
        if rv(&new).is_some_and(|r| !r.is_empty()) && rv(&new) != rv(&current) {
            return Err(ApiError::conflict(kind, key));
        }
        project(kind, &new)?;
        if dry_run {
            return Ok((new, vec![]));
        }
        let mut out = Vec::new();
        self.put(cluster, kind, new, &mut out);
        let stored = self.get_json(cluster, kind, key)?;
        if matches!(
            kind,
            Kind::PropagationPolicy | Kind::ClusterPropagationPolicy
        ) {
            self.reschedule(kind, key, self.now, &mut out);
        }
        Ok((stored, out))
    }
}

/// Requests the demo task answers (the demo's stand-in for the apiservers).
pub enum DemoCmd {
    Get {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
        reply: oneshot::Sender<Result<Value, ApiError>>,
    },
    List {
        cluster: ClusterId,
        kind: Kind,
        reply: oneshot::Sender<Result<Value, ApiError>>,
    },
    Patch {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
        ops: Value,
        dry_run: bool,
        reply: oneshot::Sender<Result<Value, ApiError>>,
    },
    Create(CreateCmd),
}

/// A create request (`Executor::create`).
pub struct CreateCmd {
    pub cluster: ClusterId,
    pub api: crate::kinds::ApiSpec,
    pub namespace: String,
    pub obj: Value,
    pub dry_run: bool,
    pub reply: oneshot::Sender<Result<Value, ApiError>>,
}

/// The demo's executor: requests to the demo task.
#[derive(Clone)]
pub struct DemoBackend {
    tx: mpsc::Sender<DemoCmd>,
}

impl DemoBackend {
    pub fn new(tx: mpsc::Sender<DemoCmd>) -> Self {
        DemoBackend { tx }
    }

    async fn call(
        &self,
        cmd: impl FnOnce(oneshot::Sender<Result<Value, ApiError>>) -> DemoCmd,
    ) -> Result<Value, ApiError> {
        let (reply, rx) = oneshot::channel();
        let stopped = || ApiError::other("demo fleet stopped");
        self.tx.send(cmd(reply)).await.map_err(|_| stopped())?;
        rx.await.map_err(|_| stopped())?
    }
}

impl Executor for DemoBackend {
    fn get<'a>(
        &'a self,
        cluster: ClusterId,
        kind: Kind,
        key: &'a ObjKey,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(self.call(move |reply| DemoCmd::Get {
            cluster,
            kind,
            key: key.clone(),
            reply,
        }))
    }

    fn list(&self, cluster: ClusterId, kind: Kind) -> BoxFut<'_, Result<Vec<Value>, ApiError>> {
        Box::pin(async move {
            let v = self
                .call(move |reply| DemoCmd::List {
                    cluster,
                    kind,
                    reply,
                })
                .await?;
            Ok(match v {
                Value::Array(items) => items,
                _ => vec![],
            })
        })
    }

    fn patch<'a>(
        &'a self,
        cluster: ClusterId,
        kind: Kind,
        key: &'a ObjKey,
        ops: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(self.call(move |reply| DemoCmd::Patch {
            cluster,
            kind,
            key: key.clone(),
            ops: ops.clone(),
            dry_run,
            reply,
        }))
    }

    fn create<'a>(
        &'a self,
        cluster: ClusterId,
        api: &'a crate::kinds::ApiSpec,
        namespace: &'a str,
        obj: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(self.call(move |reply| {
            DemoCmd::Create(CreateCmd {
                cluster,
                api: *api,
                namespace: namespace.to_string(),
                obj: obj.clone(),
                dry_run,
                reply,
            })
        }))
    }

    fn user(&self, _cluster: ClusterId) -> String {
        std::env::var("USER")
            .map(|u| format!("{u} (demo)"))
            .unwrap_or_else(|_| "demo".into())
    }
}

/// Run the simulation: initial lists, then a tick of live change every `tick` (None: no change),
/// answering requests in between.
pub async fn run(
    mut sim: DemoSim,
    tx: mpsc::Sender<FleetEvent>,
    mut cmds: mpsc::Receiver<DemoCmd>,
    tick: Option<std::time::Duration>,
    clock: fn() -> Ts,
) {
    for ev in sim.initial_events() {
        if tx.send(ev).await.is_err() {
            return;
        }
    }
    let mut interval = tokio::time::interval(tick.unwrap_or(std::time::Duration::from_secs(3600)));
    interval.tick().await;
    loop {
        let events = tokio::select! {
            _ = interval.tick(), if tick.is_some() => sim.tick(clock()),
            cmd = cmds.recv() => match cmd {
                None => return,
                Some(DemoCmd::Get { cluster, kind, key, reply }) => {
                    let _ = reply.send(sim.get_json(cluster, kind, &key));
                    vec![]
                }
                Some(DemoCmd::List { cluster, kind, reply }) => {
                    let _ = reply.send(sim.list_json(cluster, kind).map(Value::Array));
                    vec![]
                }
                Some(DemoCmd::Create(c)) => {
                    match sim.create(c.cluster, &c.api, &c.namespace, &c.obj, c.dry_run) {
                        Ok((v, evs)) => { let _ = c.reply.send(Ok(v)); evs }
                        Err(e) => { let _ = c.reply.send(Err(e)); vec![] }
                    }
                }
                Some(DemoCmd::Patch { cluster, kind, key, ops, dry_run, reply }) => {
                    match sim.patch(cluster, kind, &key, &ops, dry_run) {
                        Ok((v, evs)) => { let _ = reply.send(Ok(v)); evs }
                        Err(e) => { let _ = reply.send(Err(e)); vec![] }
                    }
                }
            },
        };
        // Nobody watching (`act` keeps only the executor): the changes still land, and the
        // requests are still answered until the executor goes.
        if !tx.is_closed() {
            for ev in events {
                let _ = tx.send(ev).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A headless snapshot stops waiting once every cluster reads Ready: that must mean every
    /// list is in, as with a kube session.
    #[test]
    fn no_cluster_reads_ready_before_all_its_lists_are_in() {
        let sim = DemoSim::new(1, 1_750_000_000);
        let events = sim.initial_events();
        let mut m = FleetModel::new(sim.contexts());
        for (i, ev) in events.iter().enumerate() {
            m.apply(ev.clone());
            for (id, c) in m.clusters.iter().enumerate() {
                let lists_left = events[i + 1..]
                    .iter()
                    .any(|e| matches!(e, FleetEvent::Relist { cluster, .. } if *cluster == id));
                if lists_left {
                    assert_ne!(
                        c.state(),
                        ClusterState::Ready,
                        "{} after event {i}",
                        c.context
                    );
                }
            }
        }
        assert!(m.all_settled());
    }
}
