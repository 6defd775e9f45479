//! Shared by the benches: a synthetic cluster of N pods (deterministic), and churn on it.
#![allow(dead_code)]

pub mod alloc;

use std::sync::Arc;

use std::time::{Duration, Instant};

use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::{
    FleetEvent, FleetModel, Kind, KindSync, Link, NodeRow, Obj, PodPhase, PodRow,
};
use fleetdeck::ui::App;
use fleetdeck::ui::render::draw;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub const NOW: i64 = 1_750_000_000;

/// A small deterministic generator (xorshift), so every run sees the same fleet.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const ALNUM: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

fn suffix(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| ALNUM[rng.below(ALNUM.len() as u64) as usize] as char)
        .collect()
}

/// Pod `i` of a cluster of `n`: 40 namespaces, 200 deployments' worth of names, 300 nodes.
pub fn pod(i: usize, rng: &mut Rng) -> PodRow {
    let ns = format!("team-{:02}", i % 40);
    let app = format!("svc-{:03}", (i / 40) % 200);
    let phase = match rng.below(100) {
        0..=91 => PodPhase::Running,
        92..=96 => PodPhase::Pending,
        97 => PodPhase::Failed,
        _ => PodPhase::Succeeded,
    };
    let reason =
        (phase == PodPhase::Running && rng.below(50) == 0).then(|| Arc::from("CrashLoopBackOff"));
    PodRow {
        namespace: Arc::from(ns.as_str()),
        name: Arc::from(format!("{app}-{}-{}", suffix(rng, 9), suffix(rng, 5)).as_str()),
        phase,
        reason,
        ready: (phase == PodPhase::Running) as u16 * 2,
        containers: 2,
        restarts: rng.below(8) as u32,
        node: (phase != PodPhase::Pending)
            .then(|| Arc::from(format!("node-{:03}", rng.below(300)).as_str())),
        created: NOW - rng.below(40 * 86400) as i64,
    }
}

pub fn pods(n: usize, seed: u64) -> Vec<PodRow> {
    let mut rng = Rng::new(seed);
    (0..n).map(|i| pod(i, &mut rng)).collect()
}

fn node(i: usize) -> NodeRow {
    NodeRow {
        name: Arc::from(format!("node-{i:03}").as_str()),
        ready: !i.is_multiple_of(97),
        reason: None,
        edge: false,
        unschedulable: false,
        kubelet_version: Arc::from("v1.30.4"),
        last_heartbeat: NOW - 20,
        ready_since: NOW - 90 * 86400,
        group: None,
        arch: Arc::from("amd64"),
        internal_ip: None,
        created: NOW - 90 * 86400,
    }
}

/// A one-cluster model with `n` pods and 300 nodes, synced.
pub fn model(n: usize) -> FleetModel {
    let mut m = FleetModel::new(["big"]);
    m.apply(FleetEvent::Link {
        cluster: 0,
        link: Link::Up,
    });
    for kind in Kind::ALL.iter().copied() {
        let objs = match kind {
            Kind::Pod => pods(n, 42).into_iter().map(Obj::Pod).collect(),
            Kind::Node => (0..300).map(|i| Obj::Node(node(i))).collect(),
            _ if kind.is_core() => vec![],
            _ => {
                m.apply(FleetEvent::KindState {
                    cluster: 0,
                    kind,
                    sync: KindSync::Absent,
                });
                continue;
            }
        };
        m.apply(FleetEvent::Relist {
            cluster: 0,
            kind,
            objs,
        });
    }
    m
}

/// `k` status updates on random existing pods (a restart, or a phase flip).
pub fn churn(m: &FleetModel, k: usize, rng: &mut Rng) -> Vec<FleetEvent> {
    let c = &m.clusters[0];
    let pods = c.store::<fleetdeck::kinds::pod::Pod>();
    let bound = pods.id_bound() as u64;
    let mut out = Vec::with_capacity(k);
    while out.len() < k {
        let Some(p) = pods.row(rng.below(bound) as u32) else {
            continue;
        };
        let mut p = p.clone();
        if rng.below(2) == 0 {
            p.restarts += 1;
        } else {
            p.phase = if p.phase == PodPhase::Running {
                PodPhase::Pending
            } else {
                PodPhase::Running
            };
        }
        out.push(FleetEvent::Apply {
            cluster: 0,
            obj: Obj::Pod(p),
        });
    }
    out
}

/// The app over `m` (dark theme without colour, the default keys) with pane `pane` open, and
/// a `w`×`h` test terminal to draw it on.
pub fn pane_app(
    m: FleetModel,
    pane: &str,
    now: i64,
    w: u16,
    h: u16,
) -> (App, Terminal<TestBackend>) {
    let theme = Theme::preset("dark", ColorMode::NoColor).unwrap();
    let keymap = Keymap::load("default", None).unwrap();
    let mut app = App::new(m, theme, keymap, false, now);
    app.open(pane).unwrap();
    (app, Terminal::new(TestBackend::new(w, h)).unwrap())
}

/// For `iter_custom`: `iters` times a `change` to the app (not timed), then the frame that shows
/// it (timed).
pub fn frames_after_change(
    iters: u64,
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    mut change: impl FnMut(&mut App),
) -> Duration {
    let mut spent = Duration::ZERO;
    for _ in 0..iters {
        change(app);
        let t = Instant::now();
        term.draw(|f| draw(f, app)).unwrap();
        spent += t.elapsed();
    }
    spent
}
