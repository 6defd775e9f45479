//! Starting a fleet: the demo simulator or one kube session per context. Either way the result is
//! the same: contexts, an event channel into the model, and a backend for on-demand requests.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;

use crate::fleet::{FleetEvent, FleetModel, Ts};
use crate::sources::kube::kubeconfig::{self, KubeconfigOpts};
use crate::sources::{Executor, demo};

pub struct Fleet {
    pub contexts: Vec<String>,
    pub events: mpsc::Receiver<FleetEvent>,
    /// Where on-demand reads and writes go.
    pub exec: Arc<dyn Executor>,
}

impl Fleet {
    pub fn model(&self) -> FleetModel {
        FleetModel::new(self.contexts.iter().cloned())
    }
}

pub const CHANNEL: usize = 16 * 1024;

pub fn clock() -> Ts {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as Ts)
        .unwrap_or(0)
}

/// The in-process demo fleet. `live`: churn every 2 s.
pub fn start_demo(seed: u64, now: Ts, live: bool) -> Fleet {
    let sim = demo::DemoSim::new(seed, now);
    let contexts = sim.contexts();
    let (tx, rx) = mpsc::channel(CHANNEL);
    let (ctx, crx) = mpsc::channel(64);
    let tick = live.then(|| Duration::from_secs(2));
    tokio::spawn(demo::run(sim, tx, crx, tick, clock));
    Fleet {
        contexts,
        events: rx,
        exec: Arc::new(demo::DemoBackend::new(ctx)),
    }
}

/// Real clusters from the kubeconfig. Returns at once; sessions connect in the background.
pub fn start_kube(opts: &KubeconfigOpts) -> anyhow::Result<Fleet> {
    let loaded = kubeconfig::load(opts)?;
    let contexts = loaded.context_names();
    let (tx, rx) = mpsc::channel(CHANNEL);
    let backend = crate::sources::kube::spawn(&loaded, tx, clock);
    Ok(Fleet {
        contexts,
        events: rx,
        exec: Arc::new(backend),
    })
}

/// Drain what is queued (up to a bound, so input stays responsive); returns whether the model changed.
pub fn drain(
    model: &mut FleetModel,
    first: FleetEvent,
    rx: &mut mpsc::Receiver<FleetEvent>,
) -> bool {
    let mut changed = model.apply(first);
    for _ in 0..20_000 {
        match rx.try_recv() {
            Ok(ev) => changed |= model.apply(ev),
            Err(_) => break,
        }
    }
    changed
}
