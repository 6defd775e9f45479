//! One cluster's session: client, discovery, watchers, liveness probes and reconnect backoff.
//! Nothing here is shared with other clusters except the event channel and the backend's slot.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tracing::{info, warn};

use super::errors::{describe, host_port};
use super::watch::{KindCx, watch_kind};
use super::{Conn, Slot, api_resource};
use crate::fleet::{ClusterId, FleetEvent, Kind, KindSync, Link};

/// Timeout of `/version` and discovery requests, and of TCP connects.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How often a connected session checks that its apiserver still answers.
const HEARTBEAT: Duration = Duration::from_secs(5);
/// Connected this long: the next failure starts the backoff from the beginning again.
const HEALTHY: Duration = Duration::from_secs(60);
/// How often a connected session re-runs discovery (CRDs installed or removed meanwhile).
const REDISCOVER: Duration = Duration::from_secs(60);
/// After a watch error (a removed CRD gives 404s), discovery runs again sooner than that.
const REDISCOVER_ON_TROUBLE: Duration = Duration::from_secs(5);

/// Reconnect delay after `attempt` consecutive failures: 1, 2, 4, 8, 16, then 30 s.
pub fn backoff(attempt: u32) -> Duration {
    let secs = match attempt {
        0 | 1 => 1,
        2 => 2,
        3 => 4,
        4 => 8,
        5 => 16,
        _ => 30,
    };
    Duration::from_secs(secs)
}

pub struct Session {
    pub id: ClusterId,
    pub context: String,
    pub kubeconfig: Arc<Kubeconfig>,
    /// The cluster's `server` URL from the kubeconfig.
    pub server: String,
    pub tx: mpsc::Sender<FleetEvent>,
    pub clock: fn() -> i64,
    pub slot: Arc<Slot>,
    /// Why this context cannot work at all (from kubeconfig validation), if so.
    pub problem: Option<String>,
}

/// Why a connected session ended.
enum End {
    /// The event channel closed: the app is shutting down.
    Closed,
    Lost(String),
    /// Discovery changed (an optional API came or went): reconnect now, no backoff.
    Rediscover,
}

async fn timed<T>(fut: impl Future<Output = kube::Result<T>>) -> kube::Result<T> {
    match tokio::time::timeout(REQUEST_TIMEOUT, fut).await {
        Ok(r) => r,
        Err(_) => Err(kube::Error::Service(Box::new(std::io::Error::from(
            std::io::ErrorKind::TimedOut,
        )))),
    }
}

impl Session {
    fn target(&self) -> String {
        host_port(&self.server)
    }

    async fn send(&self, ev: FleetEvent) -> bool {
        self.tx.send(ev).await.is_ok()
    }

    pub async fn run(self) {
        let mut attempt: u32 = 0;
        loop {
            let started = Instant::now();
            let end = match self.connect().await {
                Ok((conn, version, kinds)) => self.serve(conn, version, kinds).await,
                Err(e) => End::Lost(e),
            };
            let error = match end {
                End::Closed => return,
                End::Rediscover => continue,
                End::Lost(e) => e,
            };
            self.slot.down(&error);
            if started.elapsed() >= HEALTHY {
                attempt = 0;
            }
            attempt += 1;
            let delay = backoff(attempt);
            warn!(context = %self.context, attempt, retry_in_s = delay.as_secs(), %error, "cluster unreachable");
            let link = Link::Unreachable {
                error,
                retry_at: (self.clock)() + delay.as_secs() as i64,
                attempt,
            };
            if !self
                .send(FleetEvent::Link {
                    cluster: self.id,
                    link,
                })
                .await
            {
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep(delay) => {}
                _ = self.tx.closed() => return,
            }
        }
    }

    /// Client, `/version`, discovery. Errors are the short message for the fleet table.
    async fn connect(&self) -> Result<(Conn, String, Vec<(Kind, Option<String>)>), String> {
        if let Some(p) = &self.problem {
            return Err(p.clone());
        }
        connect(&self.kubeconfig, &self.context, &self.target()).await
    }

    /// Connected: announce, watch every present kind, probe liveness until the apiserver is gone.
    async fn serve(&self, conn: Conn, version: String, kinds: Vec<(Kind, Option<String>)>) -> End {
        let target = self.target();
        let id = self.id;
        let absent: Vec<String> = kinds
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.name())
            .collect();
        info!(context = %self.context, %version, absent = ?absent, "cluster connected");
        let mut head = vec![FleetEvent::ServerInfo {
            cluster: id,
            version: version.clone(),
            server: self.server.clone(),
        }];
        // Every kind's state before the link is Up: a cluster is never Ready while one of
        // its watchers has yet to start.
        for (kind, v) in &kinds {
            head.push(FleetEvent::KindState {
                cluster: id,
                kind: *kind,
                sync: match v {
                    Some(_) => KindSync::Listing,
                    None => KindSync::Absent,
                },
            });
        }
        head.push(FleetEvent::Link {
            cluster: id,
            link: Link::Up,
        });
        for ev in head {
            if !self.send(ev).await {
                return End::Closed;
            }
        }
        self.slot.up(conn.clone());

        let (trouble_tx, mut trouble) = mpsc::channel::<()>(1);
        let mut watchers = JoinSet::new();
        for (kind, v) in &kinds {
            let Some(v) = v else { continue };
            let cx = KindCx {
                cluster: id,
                kind: *kind,
                context: self.context.clone(),
                tx: self.tx.clone(),
                trouble: trouble_tx.clone(),
            };
            let ar = api_resource(*kind, Some(v));
            watchers.spawn(watch_kind(cx, conn.client.clone(), ar, target.clone()));
        }

        let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + HEARTBEAT, HEARTBEAT);
        beat.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_probe = Instant::now();
        let mut last_discovery = Instant::now();
        let mut version = version;
        let end = loop {
            let mut troubled = false;
            tokio::select! {
                _ = beat.tick() => {}
                Some(()) = trouble.recv() => {
                    if last_probe.elapsed() < Duration::from_secs(1) {
                        continue;
                    }
                    troubled = true;
                }
                _ = self.tx.closed() => break End::Closed,
            }
            last_probe = Instant::now();
            match timed(conn.client.apiserver_version()).await {
                Ok(info) => {
                    if info.git_version != version {
                        version = info.git_version;
                        let ev = FleetEvent::ServerInfo {
                            cluster: id,
                            version: version.clone(),
                            server: self.server.clone(),
                        };
                        if !self.send(ev).await {
                            break End::Closed;
                        }
                    }
                }
                Err(e) => break End::Lost(describe(&e, &target)),
            }
            let due = if troubled {
                REDISCOVER_ON_TROUBLE
            } else {
                REDISCOVER
            };
            if last_discovery.elapsed() >= due {
                last_discovery = Instant::now();
                // A failed rediscovery is not an outage: the probe just passed.
                if let Ok(now) = discover(&conn.client).await
                    && now != kinds
                {
                    info!(context = %self.context, "discovery changed, reconnecting");
                    break End::Rediscover;
                }
            }
            beat.reset();
        };
        // Stop every watcher before the link changes, so no stale event follows it.
        watchers.shutdown().await;
        if let End::Lost(e) = &end {
            info!(context = %self.context, error = %e, "cluster disconnected");
            self.slot.down(e);
        }
        end
    }
}

/// A client for `context`, its `/version` and discovery. Errors are one short line.
pub async fn connect(
    kubeconfig: &Kubeconfig,
    context: &str,
    target: &str,
) -> Result<(Conn, String, Vec<(Kind, Option<String>)>), String> {
    let opts = KubeConfigOptions {
        context: Some(context.to_string()),
        ..Default::default()
    };
    let mut config = Config::from_custom_kubeconfig(kubeconfig.clone(), &opts)
        .await
        .map_err(|e| format!("kubeconfig: {e}"))?;
    config.connect_timeout = Some(REQUEST_TIMEOUT);
    let client = Client::try_from(config).map_err(|e| describe(&e, target))?;
    let info = timed(client.apiserver_version())
        .await
        .map_err(|e| describe(&e, target))?;
    let kinds = discover(&client)
        .await
        .map_err(|e| format!("discovery: {}", describe(&e, target)))?;
    let versions = kinds
        .iter()
        .filter_map(|(k, v)| Some((*k, v.clone()?)))
        .collect::<HashMap<_, _>>();
    Ok((Conn { client, versions }, info.git_version, kinds))
}

/// Which kinds the server has, and at which version (`None` = absent): the core kinds always;
/// the others where discovery lists their group, version and plural (preferred version first).
pub async fn discover(client: &Client) -> kube::Result<Vec<(Kind, Option<String>)>> {
    let groups = timed(client.list_api_groups()).await?;
    let mut out: Vec<(Kind, Option<String>)> = Vec::new();
    // Resources of each group version, asked once.
    let mut listed: HashMap<String, Option<Vec<String>>> = HashMap::new();
    for kind in Kind::ALL.iter().copied() {
        let api = kind.api();
        if kind.is_core() {
            out.push((kind, Some(api.versions[0].to_string())));
            continue;
        }
        let served: Vec<&str> = groups
            .groups
            .iter()
            .find(|g| g.name == api.group)
            .map(|g| g.versions.iter().map(|v| v.version.as_str()).collect())
            .unwrap_or_default();
        let mut found = None;
        for v in api.versions.iter().filter(|v| served.contains(v)) {
            let gv = format!("{}/{v}", api.group);
            if !listed.contains_key(&gv) {
                let plurals = match timed(client.list_api_group_resources(&gv)).await {
                    Ok(list) => Some(list.resources.into_iter().map(|r| r.name).collect()),
                    Err(kube::Error::Api(st)) if st.code == 404 => Some(Vec::new()),
                    // Served but not listable now: let the watcher surface (and retry) it.
                    Err(kube::Error::Api(_)) => None,
                    Err(e) => return Err(e),
                };
                listed.insert(gv.clone(), plurals);
            }
            let has = listed[&gv]
                .as_ref()
                .is_none_or(|p| p.iter().any(|r| r == api.plural));
            if has {
                found = Some(v.to_string());
                break;
            }
        }
        out.push((kind, found));
    }
    Ok(out)
}
