//! The demo fleet: a simulated fleet in process, driving the same model, panes and action
//! planners as real clusters. Live change: pods churn, an edge node flaps, a member goes
//! NotReady and back. Actions (replace of a Karmada Cluster) change the simulation.

pub mod json;
pub mod world;

use rand::Rng;
use rand::rngs::SmallRng;
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

use crate::fleet::*;
use crate::sources::ApiError;
pub use world::{CONTROL_PLANE, DemoCluster, MEMBERS};

/// The simulated fleet's state.
pub struct DemoSim {
    pub clusters: Vec<DemoCluster>,
    rng: SmallRng,
    rv: u64,
    tick: u64,
}

/// Kinds each demo cluster serves (the rest are absent, as on a real cluster without the CRDs).
fn served(context: &str) -> Vec<Kind> {
    let mut kinds = vec![
        Kind::Namespace,
        Kind::Node,
        Kind::Pod,
        Kind::Deployment,
        Kind::Event,
    ];
    if context == CONTROL_PLANE {
        kinds.extend([
            Kind::KarmadaCluster,
            Kind::PropagationPolicy,
            Kind::ClusterPropagationPolicy,
            Kind::ResourceBinding,
        ]);
    } else if context == world::EDGE_MEMBER {
        kinds.push(Kind::NodeGroup);
    } else {
        kinds.extend([Kind::Queue, Kind::VirtualService, Kind::DestinationRule]);
    }
    kinds
}

impl DemoSim {
    pub fn new(seed: u64, now: Ts) -> Self {
        let (clusters, rng) = world::build(seed, now);
        DemoSim {
            clusters,
            rng,
            rv: 5000,
            tick: 0,
        }
    }

    pub fn contexts(&self) -> Vec<String> {
        self.clusters.iter().map(|c| c.context.clone()).collect()
    }

    fn next_rv(&mut self) -> u64 {
        self.rv += 1;
        self.rv
    }

    /// What a fresh connection to every cluster yields: link up, discovery, full lists.
    pub fn initial_events(&self) -> Vec<FleetEvent> {
        let mut out = Vec::new();
        for (id, c) in self.clusters.iter().enumerate() {
            out.push(FleetEvent::Link {
                cluster: id,
                link: Link::Up,
            });
            out.push(FleetEvent::ServerInfo {
                cluster: id,
                version: c.version.clone(),
                server: format!("https://{}.example.internal:6443", c.context),
            });
            let kinds = served(&c.context);
            for kind in Kind::ALL {
                if kinds.contains(&kind) {
                    out.push(FleetEvent::Relist {
                        cluster: id,
                        kind,
                        objs: c
                            .objs
                            .iter()
                            .filter(|((k, _), _)| *k == kind)
                            .map(|(_, o)| o.clone())
                            .collect(),
                    });
                } else {
                    out.push(FleetEvent::KindState {
                        cluster: id,
                        kind,
                        sync: KindSync::Absent,
                    });
                }
            }
        }
        out
    }

    fn put(&mut self, cluster: ClusterId, obj: Obj, out: &mut Vec<FleetEvent>) {
        let rv = self.next_rv();
        self.clusters[cluster].put(obj.clone(), rv);
        out.push(FleetEvent::Apply { cluster, obj });
    }

    fn get(&self, cluster: ClusterId, kind: Kind, key: &ObjKey) -> Option<&Obj> {
        self.clusters.get(cluster)?.objs.get(&(kind, key.clone()))
    }

    /// One step of live change.
    pub fn tick(&mut self, now: Ts) -> Vec<FleetEvent> {
        self.tick += 1;
        let t = self.tick;
        let mut out = Vec::new();
        // Pods churn on a random member: a restart, or a replacement.
        let member = self.rng.random_range(1..self.clusters.len());
        let pods: Vec<PodRow> = self.clusters[member]
            .objs
            .values()
            .filter_map(|o| match o {
                Obj::Pod(p) if &*p.namespace == "shop" && p.reason.is_none() => Some(p.clone()),
                _ => None,
            })
            .collect();
        if !pods.is_empty() {
            let victim = pods[self.rng.random_range(0..pods.len())].clone();
            if self.rng.random_bool(0.5) {
                let mut p = victim;
                p.restarts += 1;
                self.put(member, Obj::Pod(p), &mut out);
            } else {
                let key = ObjKey::new(Some("shop"), &victim.name);
                self.clusters[member].objs.remove(&(Kind::Pod, key.clone()));
                out.push(FleetEvent::Delete {
                    cluster: member,
                    kind: Kind::Pod,
                    key,
                });
                let base = victim.name.rsplit_once('-').map(|x| x.0).unwrap_or("pod");
                let suffix: u32 = self.rng.random_range(0x10000..0xfffff);
                let mut p = victim.clone();
                p.name = world::s(&format!("{base}-{suffix:05x}"));
                p.restarts = 0;
                p.created = now;
                self.put(member, Obj::Pod(p), &mut out);
            }
        }
        // An edge node flaps.
        if t.is_multiple_of(3) {
            let edge = self
                .clusters
                .iter()
                .position(|c| c.context == world::EDGE_MEMBER)
                .unwrap_or(0);
            let key = ObjKey::cluster_scoped("edge-05");
            if let Some(Obj::Node(n)) = self.get(edge, Kind::Node, &key) {
                let mut n = n.clone();
                n.ready = !n.ready;
                n.reason = if n.ready {
                    None
                } else {
                    Some(world::s("NodeStatusUnknown"))
                };
                if n.ready {
                    n.last_heartbeat = now;
                }
                self.put(edge, Obj::Node(n), &mut out);
            }
        }
        // A member goes NotReady and comes back.
        if t % 40 == 10 || t % 40 == 25 {
            let key = ObjKey::cluster_scoped("prod-ap");
            if let Some(Obj::KarmadaCluster(c)) = self.get(0, Kind::KarmadaCluster, &key) {
                let mut c = c.clone();
                let down = t % 40 == 10;
                c.ready = Some(!down);
                c.reason = Some(world::s(if down {
                    "ClusterNotReachable"
                } else {
                    "ClusterReady"
                }));
                c.message = Some(world::s(if down {
                    "cluster is not reachable: context deadline exceeded"
                } else {
                    "cluster is healthy and ready to accept workloads"
                }));
                self.put(0, Obj::KarmadaCluster(c), &mut out);
            }
        }
        // A warning repeats.
        if t.is_multiple_of(7) {
            let key = ObjKey::new(Some("shop"), "checkout.17a1");
            if let Some(Obj::Event(e)) = self.get(3, Kind::Event, &key) {
                let mut e = e.clone();
                e.count += 1;
                e.last_seen = now;
                self.put(3, Obj::Event(e), &mut out);
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
        let k = (kind, key.clone());
        match (c.objs.get(&k), c.rv.get(&k)) {
            (Some(o), Some(rv)) => Ok(json::to_json(o, *rv)),
            _ => Err(ApiError::not_found(kind, key)),
        }
    }

    /// Replace an object (PUT semantics: optimistic concurrency on resourceVersion).
    /// The demo accepts changes to the fields its projections hold.
    pub fn replace(
        &mut self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
        new: &Value,
        dry_run: bool,
    ) -> Result<(Value, Vec<FleetEvent>), ApiError> {
        let current = self.get_json(cluster, kind, key)?;
        let want_rv = new["metadata"]["resourceVersion"].as_str().unwrap_or("");
        let have_rv = current["metadata"]["resourceVersion"]
            .as_str()
            .unwrap_or("");
        if want_rv != have_rv {
            return Err(ApiError::conflict(kind, key));
        }
        let obj = match (kind, self.get(cluster, kind, key)) {
            (Kind::KarmadaCluster, Some(Obj::KarmadaCluster(row))) => {
                let mut row = row.clone();
                row.taints = crate::sources::parse::taints(&new["spec"]["taints"]);
                Obj::KarmadaCluster(row)
            }
            _ => {
                return Err(ApiError {
                    code: Some(405),
                    reason: "MethodNotAllowed".into(),
                    message: format!("the demo fleet cannot change {}", kind.name()),
                });
            }
        };
        if dry_run {
            let mut v = json::to_json(&obj, self.rv + 1);
            v["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"].clone();
            return Ok((v, vec![]));
        }
        let mut out = Vec::new();
        self.put(cluster, obj.clone(), &mut out);
        Ok((json::to_json(&obj, self.rv), out))
    }
}

/// Requests the demo task answers (the demo's stand-in for the apiserver).
pub enum DemoCmd {
    Get {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
        reply: oneshot::Sender<Result<Value, ApiError>>,
    },
    Replace {
        cluster: ClusterId,
        kind: Kind,
        key: ObjKey,
        obj: Value,
        dry_run: bool,
        reply: oneshot::Sender<Result<Value, ApiError>>,
    },
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
                Some(DemoCmd::Replace { cluster, kind, key, obj, dry_run, reply }) => {
                    match sim.replace(cluster, kind, &key, &obj, dry_run) {
                        Ok((v, evs)) => { let _ = reply.send(Ok(v)); evs }
                        Err(e) => { let _ = reply.send(Err(e)); vec![] }
                    }
                }
            },
        };
        for ev in events {
            if tx.send(ev).await.is_err() {
                return;
            }
        }
    }
}
