//! One kube-runtime watcher per kind, decoding lean types and projecting them into rows.
//! Watch events map onto fleet events: `Init` → Listing (and a fresh buffer), `InitApply` →
//! buffer, `InitDone` → `Relist` (which purges objects deleted meanwhile), `Apply`/`Delete`.
//! Errors → `Failed(msg)`; the watcher retries with kube's default backoff.

use std::fmt::Debug;
use std::time::Duration;

use futures::{FutureExt, StreamExt};
use kube::api::Api;
use kube::core::Resource;
use kube::runtime::utils::Backoff;
use kube::runtime::watcher::{self, DefaultBackoff, Event};
use kube::{Client, core::ApiResource};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc;

use crate::fleet::{ClusterId, FleetEvent, Kind, KindSync, Obj};
use crate::kinds::{Registered, with_kind};

/// After an error, a watcher whose next poll stays quiet this long (no new error) has
/// re-established its watch: longer than the client's connect timeout.
const RECOVERY_QUIET: Duration = Duration::from_secs(8);

/// What a kind's watcher needs besides its `Api`.
#[derive(Clone)]
pub struct KindCx {
    pub cluster: ClusterId,
    pub kind: Kind,
    pub context: String,
    pub tx: mpsc::Sender<FleetEvent>,
    /// Told (without blocking) about every error, so the session can probe the apiserver.
    pub trouble: mpsc::Sender<()>,
}

impl KindCx {
    async fn send(&self, ev: FleetEvent) -> Result<(), ()> {
        self.tx.send(ev).await.map_err(|_| ())
    }
    async fn state(&self, sync: KindSync) -> Result<(), ()> {
        self.send(FleetEvent::KindState {
            cluster: self.cluster,
            kind: self.kind,
            sync,
        })
        .await
    }
}

/// The watcher's error, short: the apiserver's status where there is one.
fn short_error(e: &watcher::Error, target: &str) -> String {
    use watcher::Error as W;
    match e {
        W::InitialListFailed(k) => format!("list: {}", super::errors::describe(k, target)),
        W::WatchStartFailed(k) => format!("watch: {}", super::errors::describe(k, target)),
        W::WatchFailed(k) => format!("watch: {}", super::errors::describe(k, target)),
        W::WatchError(st) => format!("watch: {} {}: {}", st.code, st.reason, st.message),
        W::NoResourceVersion => "watch: no resourceVersion in the list".into(),
    }
}

/// Run one kind's watcher until the channel closes (or the task is aborted).
pub async fn run<K>(
    cx: KindCx,
    api: Api<K>,
    wc: watcher::Config,
    target: String,
    project: fn(K) -> Obj,
) where
    K: Resource + Clone + DeserializeOwned + Debug + Send + 'static,
{
    let stream = watcher::watcher(api, wc);
    let _ = drive(&cx, stream, &target, project, RECOVERY_QUIET).await;
    tracing::debug!(context = %cx.context, kind = cx.kind.name(), "watcher stopped");
}

/// Map a watcher's stream onto fleet events; `quiet`: see [`RECOVERY_QUIET`].
async fn drive<K, S>(
    cx: &KindCx,
    stream: S,
    target: &str,
    project: fn(K) -> Obj,
    quiet: Duration,
) -> Result<(), ()>
where
    S: futures::Stream<Item = Result<Event<K>, watcher::Error>>,
{
    let mut stream = std::pin::pin!(stream);
    let mut backoff = DefaultBackoff::default();
    let mut buf: Vec<Obj> = Vec::new();
    let mut failed: Option<String> = None;
    let mut listing = false;
    loop {
        let item = if failed.is_some() && !listing {
            match tokio::time::timeout(quiet, stream.next()).await {
                Ok(item) => item,
                Err(_) => {
                    // The watch is back (resumed from its resourceVersion, nothing to relist).
                    failed = None;
                    backoff.reset();
                    cx.state(KindSync::Synced).await?;
                    continue;
                }
            }
        } else {
            stream.next().await
        };
        let Some(item) = item else { return Ok(()) };
        let recovered = |failed: &mut Option<String>, backoff: &mut DefaultBackoff| {
            backoff.reset();
            failed.take().is_some()
        };
        match item {
            Ok(Event::Init) => {
                buf.clear();
                listing = true;
                // While failing, keep showing the error until the list completes.
                if failed.is_none() {
                    cx.state(KindSync::Listing).await?;
                }
            }
            Ok(Event::InitApply(o)) => buf.push(project(o)),
            Ok(Event::InitDone) => {
                listing = false;
                recovered(&mut failed, &mut backoff);
                let objs = std::mem::take(&mut buf);
                tracing::debug!(context = %cx.context, kind = cx.kind.name(), n = objs.len(), "listed");
                cx.send(FleetEvent::Relist {
                    cluster: cx.cluster,
                    kind: cx.kind,
                    objs,
                })
                .await?;
            }
            Ok(Event::Apply(o)) => {
                if recovered(&mut failed, &mut backoff) {
                    cx.state(KindSync::Synced).await?;
                }
                let obj = project(o);
                cx.send(FleetEvent::Apply {
                    cluster: cx.cluster,
                    obj,
                })
                .await?;
            }
            Ok(Event::Delete(o)) => {
                if recovered(&mut failed, &mut backoff) {
                    cx.state(KindSync::Synced).await?;
                }
                let key = project(o).key();
                cx.send(FleetEvent::Delete {
                    cluster: cx.cluster,
                    kind: cx.kind,
                    key,
                })
                .await?;
            }
            Err(e) => {
                let msg = short_error(&e, target);
                listing = false;
                let _ = cx.trouble.try_send(());
                if failed.as_deref() != Some(msg.as_str()) {
                    tracing::warn!(context = %cx.context, kind = cx.kind.name(), error = %msg, "watch failed");
                    cx.state(KindSync::Failed(msg.clone())).await?;
                    failed = Some(msg);
                }
                let delay = backoff.next().unwrap_or(Duration::from_secs(30));
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// How every watcher lists: from the apiserver's watch cache (`resourceVersion=0`), as
/// client-go's reflectors do, instead of a quorum read from etcd. The apiserver answers from
/// memory in one response (it ignores `limit` for RV=0 where it cannot page its cache), so a
/// 10,000-pod member syncs in one round trip instead of 20 pages read from etcd one after the
/// other. The list may be a moment older than etcd; the watch that follows starts at the list's
/// resourceVersion and replays every later change, so the model converges all the same.
fn list_config() -> watcher::Config {
    watcher::Config::default().any_semantic()
}

/// The watcher of one kind, decoding its lean type: a future to spawn.
pub fn watch_kind(
    cx: KindCx,
    client: Client,
    ar: ApiResource,
    target: String,
) -> futures::future::BoxFuture<'static, ()> {
    fn go<K: Registered>(
        cx: KindCx,
        client: Client,
        ar: ApiResource,
        target: String,
    ) -> futures::future::BoxFuture<'static, ()> {
        let mut wc = list_config();
        if let Some(fs) = K::FIELD_SELECTOR {
            wc = wc.fields(fs);
        }
        let api: Api<K::Lean> = Api::all_with(client, &ar);
        run::<K::Lean>(cx, api, wc, target, |o| K::wrap(K::project(o))).boxed()
    }
    with_kind!(cx.kind, K => go::<K>(cx, client, ar, target))
}

#[cfg(test)]
#[path = "watch_tests.rs"]
mod tests;
