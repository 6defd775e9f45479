//! End-to-end scenarios against a real fleet: a Karmada control plane and member clusters, each a
//! real kube-apiserver on loopback (`scripts/fleet`, see docs/testing.md). Each scenario asserts
//! what a user would see (the binary's JSON, the screen in a terminal) or what lands in the
//! apiserver, against the apiservers' own answers read through a separate kube client.
//!
//! Run them with `scripts/e2e.sh` (brings the fleet up and down). Without the fleet's
//! environment every test prints "skipped: run scripts/e2e.sh" and returns. They change the
//! shared fleet and put it back, so they run one at a time.

#[path = "e2e/support.rs"]
mod support;
#[path = "e2e/tmux.rs"]
mod tmux;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Event, Node, Pod};
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, ResourceExt};
use serde_json::{Value, json};

use fleetdeck::fleet::{ClusterId, ClusterState, FleetModel, ObjKey};
use fleetdeck::runtime::fleet::{Fleet, drain, start_kube};
use fleetdeck::sources::kube::kubeconfig::KubeconfigOpts;
use support::{Scenario, say, with_cleanup};
use tmux::Tui;

const UNSCHEDULABLE: &str = "cluster.karmada.io/unschedulable";
/// The warning window of the overview (fleetdeck::views::summary::WARNING_WINDOW_SECS).
const WARNING_WINDOW_SECS: i64 = 3600;

// ------------------------------------------------------------------------------------ reference

/// Karmada's `Cluster` (cluster.karmada.io/v1alpha1), listed as a dynamic object.
fn karmada_cluster_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("cluster.karmada.io", "v1alpha1", "Cluster"),
        "clusters",
    )
}

async fn karmada_cluster(client: &Client, name: &str) -> DynamicObject {
    Api::<DynamicObject>::all_with(client.clone(), &karmada_cluster_resource())
        .get(name)
        .await
        .unwrap_or_else(|e| panic!("GET Cluster {name} on karmada: {e}"))
}

fn taints_of(obj: &DynamicObject) -> Vec<String> {
    obj.data["spec"]["taints"]
        .as_array()
        .map(|ts| {
            ts.iter()
                .map(|t| {
                    let key = t["key"].as_str().unwrap_or("");
                    let effect = t["effect"].as_str().unwrap_or("");
                    match t["value"].as_str().filter(|v| !v.is_empty()) {
                        Some(v) => format!("{key}={v}:{effect}"),
                        None => format!("{key}:{effect}"),
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// What the overview should say about a member, from its Cluster object on the control plane.
fn karmada_facts(obj: &DynamicObject) -> Value {
    let ready = obj.data["status"]["conditions"]
        .as_array()
        .and_then(|cs| cs.iter().find(|c| c["type"] == "Ready"));
    json!({
        "ready": match ready.and_then(|c| c["status"].as_str()) {
            Some("True") => json!(true),
            Some("False") => json!(false),
            _ => Value::Null,
        },
        "reason": ready.map(|c| c["reason"].clone()).unwrap_or(Value::Null),
        "region": obj.data["spec"]["region"],
        "provider": obj.data["spec"]["provider"],
        "syncMode": obj.data["spec"]["syncMode"],
        "taints": taints_of(obj),
    })
}

/// One cluster as its apiserver lists it, counted here (not by fleetdeck's watchers).
#[derive(Debug)]
struct Counted {
    version: String,
    nodes: (u64, u64),
    edge_nodes: (u64, u64),
    /// total, running, pending, failed
    pods: (u64, u64, u64, u64),
    warnings: u64,
}

fn ts_secs(t: &k8s_openapi::jiff::Timestamp) -> i64 {
    t.as_second()
}

async fn count(client: &Client) -> Counted {
    let version = client
        .apiserver_version()
        .await
        .expect("/version")
        .git_version;
    let lp = ListParams::default();
    let nodes = Api::<Node>::all(client.clone())
        .list(&lp)
        .await
        .expect("list nodes");
    let mut n = (0, 0);
    let mut edge = (0, 0);
    for node in &nodes {
        let ready = node
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
            .is_some_and(|c| c.status == "True");
        n.1 += 1;
        n.0 += ready as u64;
        if node.labels().contains_key("node-role.kubernetes.io/edge") {
            edge.1 += 1;
            edge.0 += ready as u64;
        }
    }
    let pods = Api::<Pod>::all(client.clone())
        .list(&lp)
        .await
        .expect("list pods");
    let mut p = (0, 0, 0, 0);
    for pod in &pods {
        p.0 += 1;
        match pod.status.as_ref().and_then(|s| s.phase.as_deref()) {
            Some("Running") => p.1 += 1,
            Some("Pending") => p.2 += 1,
            Some("Failed") => p.3 += 1,
            _ => {}
        }
    }
    let now = k8s_openapi::jiff::Timestamp::now().as_second();
    let events = Api::<Event>::all(client.clone())
        .list(&lp)
        .await
        .expect("list events");
    let warnings = events
        .iter()
        .filter(|e| e.type_.as_deref() == Some("Warning"))
        .filter(|e| {
            let last = [
                e.series
                    .as_ref()
                    .and_then(|s| s.last_observed_time.as_ref())
                    .map(|t| ts_secs(&t.0)),
                e.last_timestamp.as_ref().map(|t| ts_secs(&t.0)),
                e.event_time.as_ref().map(|t| ts_secs(&t.0)),
                e.first_timestamp.as_ref().map(|t| ts_secs(&t.0)),
            ]
            .into_iter()
            .flatten()
            .max()
            .or_else(|| {
                e.metadata
                    .creation_timestamp
                    .as_ref()
                    .map(|t| ts_secs(&t.0))
            })
            .unwrap_or(0);
            last >= now - WARNING_WINDOW_SECS
        })
        .count() as u64;
    Counted {
        version,
        nodes: n,
        edge_nodes: edge,
        pods: p,
        warnings,
    }
}

async fn pod_keys(client: &Client) -> BTreeSet<String> {
    Api::<Pod>::all(client.clone())
        .list(&ListParams::default())
        .await
        .expect("list pods")
        .iter()
        .map(|p| format!("{}/{}", p.namespace().unwrap_or_default(), p.name_any()))
        .collect()
}

// ------------------------------------------------------------------------------------ 1. snapshot

/// `fleetdeck snapshot --json` against the fleet: every context's numbers are the apiservers' own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_json_matches_the_apiservers() {
    let Some(sc) = Scenario::begin("snapshot") else {
        return;
    };
    let env = &sc.env;
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let bin = env!("CARGO_BIN_EXE_fleetdeck");
    let out = tokio::task::spawn_blocking({
        let kc = env.kubeconfig.clone();
        let dir = dir.path().to_path_buf();
        move || {
            Command::new(bin)
                .args(["snapshot", "--json", "--wait-sync", "30", "--kubeconfig"])
                .arg(&kc)
                .env("FLEETDECK_STATE_DIR", dir.join("state"))
                .env("FLEETDECK_CONFIG_DIR", dir.join("config"))
                .env_remove("KUBECONFIG")
                .output()
                .expect("run fleetdeck snapshot")
        }
    })
    .await
    .unwrap();
    sc.step(format!(
        "fleetdeck snapshot --json took {:.1}s",
        t.elapsed().as_secs_f64()
    ));
    assert!(
        out.status.success(),
        "snapshot failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "snapshot output is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    let rows: BTreeMap<String, &Value> = v["clusters"]
        .as_array()
        .expect("clusters array")
        .iter()
        .map(|c| (c["context"].as_str().unwrap().to_string(), c))
        .collect();
    assert_eq!(
        rows.keys().cloned().collect::<BTreeSet<_>>(),
        env.contexts.iter().cloned().collect::<BTreeSet<_>>(),
        "one row per kubeconfig context"
    );

    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let clusters = Api::<DynamicObject>::all_with(karmada.clone(), &karmada_cluster_resource())
        .list(&ListParams::default())
        .await
        .expect("list Karmada clusters");
    let registered: BTreeMap<String, &DynamicObject> =
        clusters.iter().map(|c| (c.name_any(), c)).collect();

    for ctx in &env.contexts {
        let row = rows[ctx];
        let client = env.client(&env.kubeconfig, ctx).await;
        let want = count(&client).await;
        say(format!(
            "  {ctx:8} snapshot: state={} nodes={}/{} pods={}/{}/{}/{} warn={}   apiserver: {want:?}",
            row["state"],
            row["nodes"]["ready"],
            row["nodes"]["total"],
            row["pods"]["total"],
            row["pods"]["running"],
            row["pods"]["pending"],
            row["pods"]["failed"],
            row["warnings"],
        ));
        assert_eq!(row["state"], "Ready", "{ctx}: {row}");
        assert_eq!(row["error"], Value::Null, "{ctx}: {row}");
        assert_eq!(row["version"], json!(want.version), "{ctx}: version");
        assert_eq!(
            (&row["nodes"]["ready"], &row["nodes"]["total"]),
            (&json!(want.nodes.0), &json!(want.nodes.1)),
            "{ctx}: nodes ready/total"
        );
        assert_eq!(
            (&row["edge_nodes"]["ready"], &row["edge_nodes"]["total"]),
            (&json!(want.edge_nodes.0), &json!(want.edge_nodes.1)),
            "{ctx}: edge nodes ready/total"
        );
        assert_eq!(
            row["pods"],
            json!({"total": want.pods.0, "running": want.pods.1, "pending": want.pods.2, "failed": want.pods.3}),
            "{ctx}: pods"
        );
        assert_eq!(row["warnings"], json!(want.warnings), "{ctx}: warnings");
        if ctx == "karmada" {
            assert_eq!(row["role"], "karmada-control-plane", "{ctx}");
            assert_eq!(row["karmada"], Value::Null, "{ctx}");
        } else {
            assert_eq!(row["role"], "member", "{ctx}");
            // Not a vacuous comparison: the seed gives every member pending and failed pods
            // and warning events.
            assert!(
                want.pods.2 > 0 && want.pods.3 > 0 && want.warnings > 0,
                "{ctx}: {want:?}"
            );
            let obj = registered
                .get(ctx)
                .unwrap_or_else(|| panic!("no Cluster {ctx} on karmada"));
            let facts = karmada_facts(obj);
            for k in [
                "ready", "reason", "region", "provider", "syncMode", "taints",
            ] {
                assert_eq!(
                    row["karmada"][k], facts[k],
                    "{ctx}: karmada.{k} (snapshot {} vs Cluster object {facts})",
                    row["karmada"]
                );
            }
        }
    }
    // The seeded scenario is what the docs say (the comparison above would also pass on an
    // empty fleet).
    assert_eq!(
        rows["member1"]["edge_nodes"],
        json!({"ready": 9, "total": 12})
    );
    assert_eq!(rows["member3"]["karmada"]["ready"], json!(false));
    assert_eq!(
        rows["member3"]["karmada"]["taints"],
        json!(["cluster.karmada.io/not-ready:NoSchedule"])
    );
}

// ------------------------------------------------------------------------------------ 2. outage

/// The binary's own path: `start_kube` sessions feeding a `FleetModel` through `drain`.
struct Live {
    fleet: Fleet,
    model: FleetModel,
    /// Clusters that must stay Ready; every change of theirs is checked.
    keep_ready: Vec<ClusterId>,
    violations: Vec<String>,
}

impl Live {
    fn start(kubeconfig: &std::path::Path) -> Live {
        let fleet = start_kube(&KubeconfigOpts {
            file: Some(kubeconfig.to_path_buf()),
            contexts: None,
        })
        .expect("start_kube");
        let model = fleet.model();
        Live {
            fleet,
            model,
            keep_ready: vec![],
            violations: vec![],
        }
    }

    fn id(&self, ctx: &str) -> ClusterId {
        self.model
            .cluster_by_context(ctx)
            .unwrap_or_else(|| panic!("no context {ctx}"))
            .0
    }

    fn state(&self, id: ClusterId) -> ClusterState {
        self.model.clusters[id].state()
    }

    fn dump(&self) -> String {
        self.model
            .clusters
            .iter()
            .map(|c| {
                format!(
                    "  {:8} {:?} pods={} nodes={}",
                    c.context,
                    c.state(),
                    c.pods.len(),
                    c.nodes.len()
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Apply events (checking every 200 ms) until `pred` holds; panics after `limit`.
    async fn until(
        &mut self,
        what: &str,
        limit: Duration,
        pred: impl Fn(&Live) -> bool,
    ) -> Duration {
        let t = Instant::now();
        loop {
            if pred(self) {
                return t.elapsed();
            }
            let Some(left) = limit.checked_sub(t.elapsed()) else {
                panic!(
                    "timed out after {limit:?} waiting for {what}; model:\n{}",
                    self.dump()
                );
            };
            match tokio::time::timeout(left.min(support::POLL), self.fleet.events.recv()).await {
                Ok(Some(ev)) => {
                    if drain(&mut self.model, ev, &mut self.fleet.events) {
                        for &id in &self.keep_ready {
                            let st = self.model.clusters[id].state();
                            if st != ClusterState::Ready {
                                self.violations.push(format!(
                                    "{} was {st:?} at {:?}",
                                    self.model.clusters[id].context,
                                    t.elapsed()
                                ));
                            }
                        }
                    }
                }
                Ok(None) => panic!("the event channel closed"),
                Err(_) => {}
            }
        }
    }

    fn pods(&self, id: ClusterId) -> BTreeSet<String> {
        self.model.clusters[id]
            .pods
            .keys()
            .map(|k| k.to_string())
            .collect()
    }
}

const PROBE_POD: &str = "e2e-outage-probe";

fn probe_pod() -> Pod {
    serde_json::from_value(json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": PROBE_POD, "namespace": "shop", "labels": {"fleetdeck.io/e2e": "true"}},
        "spec": {"containers": [{"name": "probe", "image": "registry.invalid/e2e/probe:0"}]}
    }))
    .unwrap()
}

/// member2's apiserver stops: its row turns Unreachable while the others stay Ready and keep
/// updating; a pod deleted behind its back (in etcd) is gone from the model once it is back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outage_of_one_member_leaves_the_rest_live_and_relists_on_return() {
    let Some(sc) = Scenario::begin("outage") else {
        return;
    };
    let env = sc.env.clone();
    // A `fleet stop` still under way when the body fails: the cleanup waits for it first.
    let stopping: std::sync::Mutex<Option<tokio::task::JoinHandle<Instant>>> = Default::default();
    let body = async {
        let mut live = Live::start(&env.kubeconfig);
        let m1 = live.id("member1");
        let m2 = live.id("member2");
        let took = live
            .until("every cluster Ready", Duration::from_secs(30), |l| {
                l.model
                    .clusters
                    .iter()
                    .all(|c| c.state() == ClusterState::Ready)
            })
            .await;
        sc.step(format!(
            "all {} clusters Ready after {took:.1?}",
            env.contexts.len()
        ));
        let m1_client = env.client(&env.kubeconfig, "member1").await;
        let m2_client = env.client(&env.kubeconfig, "member2").await;
        let before = live.pods(m2);
        assert_eq!(
            before,
            pod_keys(&m2_client).await,
            "member2 pods: model vs apiserver"
        );
        let victim = before
            .iter()
            .find(|k| k.starts_with("shop/checkout-"))
            .or_else(|| before.iter().find(|k| k.starts_with("shop/")))
            .expect("a seeded pod in shop on member2")
            .clone();
        let victim_name = victim.trim_start_matches("shop/").to_string();

        // The outage.
        live.keep_ready = live
            .model
            .clusters
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != m2)
            .map(|(i, _)| i)
            .collect();
        // `fleet stop` returns once the process has exited; with clients connected the
        // apiserver stops listening at once but takes a while to drain its watches and exit.
        // Keep applying events meanwhile, and time the detection from the stop's start.
        let t = Instant::now();
        *stopping.lock().unwrap() = Some(tokio::spawn({
            let env = env.clone();
            async move {
                env.fleet_async(&["stop", "member2"]).await;
                Instant::now()
            }
        }));
        let seen = live
            .until("member2 Unreachable", Duration::from_secs(15), |l| {
                matches!(l.state(m2), ClusterState::Unreachable { .. })
            })
            .await;
        let stop = stopping.lock().unwrap().take().expect("the stop task");
        let stopped = stop.await.expect("fleet stop task") - t;
        let ClusterState::Unreachable { error, .. } = live.state(m2) else {
            unreachable!()
        };
        sc.step(format!(
            "member2 Unreachable {seen:.1?} after `fleet stop` began (which returned after \
             {stopped:.1?}): {error:?}"
        ));
        assert!(!error.trim().is_empty(), "Unreachable without an error");
        for (i, c) in live.model.clusters.iter().enumerate() {
            if i != m2 {
                assert_eq!(
                    c.state(),
                    ClusterState::Ready,
                    "{} during the outage",
                    c.context
                );
            }
        }

        // The others keep updating: a pod created on member1 shows up.
        let t = Instant::now();
        Api::<Pod>::namespaced(m1_client.clone(), "shop")
            .create(&PostParams::default(), &probe_pod())
            .await
            .expect("create the probe pod on member1");
        let probe = ObjKey::new(Some("shop"), PROBE_POD);
        live.until(
            "the probe pod in member1's model",
            Duration::from_secs(10),
            |l| l.model.clusters[m1].pods.contains_key(&probe),
        )
        .await;
        sc.step(format!(
            "pod shop/{PROBE_POD} created on member1 seen in the model after {:.1?}",
            t.elapsed()
        ));
        assert!(matches!(live.state(m2), ClusterState::Unreachable { .. }));

        // Behind the apiserver's back: gone from etcd while nobody watches.
        let key = env.etcd_key("member2", "pods", "shop", &victim_name);
        assert_eq!(env.etcd_del(&key), 1, "etcdctl del {key}");
        let t = Instant::now();
        env.fleet_async(&["start", "member2"]).await;
        let start_took = t.elapsed();
        let took = live
            .until("member2 Ready again", Duration::from_secs(60), |l| {
                l.state(m2) == ClusterState::Ready
            })
            .await;
        sc.step(format!(
            "member2 Ready {took:.1?} after `fleet start` returned (which took {start_took:.1?})"
        ));
        assert!(
            live.violations.is_empty(),
            "the other clusters did not stay Ready: {:?}",
            live.violations
        );
        let after = live.pods(m2);
        assert!(
            !after.contains(&victim),
            "{victim} still in the model after the relist"
        );
        let expected: BTreeSet<String> = before.iter().filter(|k| **k != victim).cloned().collect();
        assert_eq!(after, expected, "member2's pods after the relist");
        assert_eq!(
            after,
            pod_keys(&m2_client).await,
            "member2 pods: model vs apiserver"
        );
        live.keep_ready.clear();

        // Deleting the probe reaches the model too.
        Api::<Pod>::namespaced(m1_client.clone(), "shop")
            .delete(PROBE_POD, &DeleteParams::default().grace_period(0))
            .await
            .expect("delete the probe pod");
        live.until(
            "the probe pod gone from the model",
            Duration::from_secs(10),
            |l| !l.model.clusters[m1].pods.contains_key(&probe),
        )
        .await;
    };
    let cleanup = async {
        let stop = stopping.lock().unwrap().take();
        if let Some(stop) = stop {
            let _ = stop.await;
        }
        env.fleet_async(&["start", "member2"]).await;
        let m1 = env.client(&env.kubeconfig, "member1").await;
        let _ = Api::<Pod>::namespaced(m1, "shop")
            .delete(PROBE_POD, &DeleteParams::default().grace_period(0))
            .await;
        env.fleet_async(&["seed"]).await;
    };
    with_cleanup(body, cleanup).await;
}

// ------------------------------------------------------------------------------------ 3. TUI

/// The cart pods of a member, by name, from its apiserver.
async fn pods_named(client: &Client, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = Api::<Pod>::namespaced(client.clone(), "shop")
        .list(&ListParams::default())
        .await
        .expect("list pods")
        .iter()
        .map(|p| p.name_any())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// A user in a terminal: the overview turns Ready, `:member1 pods` opens member1's pods, `/cart`
/// leaves its cart pods only, `?` shows the keys, `q` quits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tui_drill_down_filter_help_and_quit() {
    let Some(sc) = Scenario::begin("tui") else {
        return;
    };
    let env = &sc.env;
    let m1 = env.client(&env.kubeconfig, "member1").await;
    let m2 = env.client(&env.kubeconfig, "member2").await;
    let cart = pods_named(&m1, "cart-").await;
    let frontend = pods_named(&m1, "frontend-").await;
    let others_cart: Vec<String> = pods_named(&m2, "cart-")
        .await
        .into_iter()
        .filter(|n| !cart.contains(n))
        .collect();
    assert!(
        !cart.is_empty() && !frontend.is_empty(),
        "seeded pods on member1"
    );

    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let tui = Tui::start("tui", dir.path(), &["--kubeconfig", &kc]);
    let (screen, took) = tui
        .wait_for(
            "all contexts Ready on the overview",
            Duration::from_secs(30),
            |s| tmux::all_in_state(s, &env.contexts, "Ready"),
        )
        .await;
    tui.show("overview", &screen);
    sc.step(format!(
        "overview shows every context Ready after {took:.1?}"
    ));

    // `?`: the help, generated from the keymap.
    tui.keys(&["?"]);
    tui.wait_for("the help overlay", Duration::from_secs(10), |s| {
        s.contains(" Help ")
            && s.contains("Keys (from the active keymap)")
            && s.contains("cordon a Karmada member cluster")
    })
    .await;
    tui.keys(&["Escape"]);
    tui.wait_for("the help closed", Duration::from_secs(10), |s| {
        !s.contains("Keys (from the active keymap)") && s.contains(" Fleet (")
    })
    .await;
    sc.step("`?` showed the help, esc closed it");

    // `:` palette → member1's pods.
    tui.keys(&[":"]);
    tui.wait_for("the palette", Duration::from_secs(10), |s| {
        s.contains(" Go to ")
    })
    .await;
    tui.type_text("member1 pods");
    tui.wait_for(
        "the palette offers member1 › pods",
        Duration::from_secs(10),
        |s| s.contains("member1 › pods"),
    )
    .await;
    tui.keys(&["Enter"]);
    let (screen, _) = tui
        .wait_for("member1's pods tab", Duration::from_secs(10), |s| {
            s.contains("member1 › Pods (")
        })
        .await;
    assert!(
        screen.contains(&cart[0]) || screen.contains(&frontend[0]),
        "{screen}"
    );

    // `/cart`.
    tui.keys(&["/"]);
    tui.type_text("cart");
    tui.keys(&["Enter"]);
    let (screen, _) = tui
        .wait_for("the cart filter applied", Duration::from_secs(10), |s| {
            s.contains("filter: cart") && cart.iter().all(|n| s.contains(n.as_str()))
        })
        .await;
    tui.show("member1 pods, filter cart", &screen);
    for f in &frontend {
        assert!(
            !screen.contains(f.as_str()),
            "{f} shown with filter cart:\n{screen}"
        );
    }
    for o in &others_cart {
        assert!(
            !screen.contains(o.as_str()),
            "member2's {o} shown on member1:\n{screen}"
        );
    }
    assert!(!screen.contains("frontend-"), "{screen}");
    assert!(
        screen.contains(&format!("member1 › Pods ({}/", cart.len())),
        "row count of the filtered table:\n{screen}"
    );
    sc.step(format!(
        "`:member1 pods` + `/cart` shows exactly member1's {} cart pods",
        cart.len()
    ));

    // `q` quits, with status 0.
    tui.keys(&["q"]);
    let (screen, took) = tui
        .wait_for("fleetdeck to exit", Duration::from_secs(10), |s| {
            s.contains(tmux::EXITED)
        })
        .await;
    tui.show("after q", &screen);
    assert!(screen.contains(&format!("{}0]", tmux::EXITED)), "{screen}");
    sc.step(format!("`q` quit (exit status 0) after {took:.1?}"));
}

// ------------------------------------------------------------------------------------ 4. action

fn audit_lines(state_dir: &std::path::Path) -> Vec<Value> {
    match std::fs::read_to_string(state_dir.join("audit.log")) {
        Ok(t) => t
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
        Err(e) => panic!("audit log: {e}"),
    }
}

/// Move the overview's selection to `ctx` (rows sort by health, so search for it).
async fn select_row(tui: &Tui, ctx: &str) {
    tui.keys(&["g"]);
    for _ in 0..12 {
        let (screen, _) = tui
            .wait_for("a selected row", Duration::from_secs(5), |s| {
                tmux::selected_context(s).is_some()
            })
            .await;
        if tmux::selected_context(&screen).as_deref() == Some(ctx) {
            return;
        }
        let before = tmux::selected_context(&screen);
        tui.keys(&["Down"]);
        tui.wait_for("the selection to move", Duration::from_secs(5), |s| {
            tmux::selected_context(s) != before
        })
        .await;
    }
    panic!("could not select {ctx} in the overview:\n{}", tui.screen());
}

/// Start the TUI with `args`, wait for every context Ready, select member1's row.
async fn tui_on_member1(sc: &Scenario, name: &str, dir: &std::path::Path, args: &[&str]) -> Tui {
    let tui = Tui::start(name, dir, args);
    let (_, took) = tui
        .wait_for(
            "all contexts Ready on the overview",
            Duration::from_secs(30),
            |s| tmux::all_in_state(s, &sc.env.contexts, "Ready"),
        )
        .await;
    sc.step(format!("{name}: every context Ready after {took:.1?}"));
    select_row(&tui, "member1").await;
    tui
}

/// Cordon and uncordon member1 from the overview: the diff is shown, `y` applies, the taint is
/// in the Cluster object, one audit line each. With a viewer's token the apiserver forbids it,
/// with `--readonly` fleetdeck refuses it; neither changes anything nor writes an audit line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn action_cordon_member1_through_the_tui() {
    let Some(sc) = Scenario::begin("action") else {
        return;
    };
    let env = sc.env.clone();
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let body = async {
        let original = karmada_cluster(&karmada, "member1").await;
        assert!(
            !taints_of(&original)
                .iter()
                .any(|t| t.starts_with(UNSCHEDULABLE)),
            "member1 is cordoned before the test: {:?}",
            taints_of(&original)
        );
        let user = env.kubeconfig_user(&env.kubeconfig, "karmada");
        let kc = env.kubeconfig.display().to_string();

        // --- cordon: c, the diff, y.
        let dir = tempfile::tempdir().unwrap();
        let tui = tui_on_member1(&sc, "cordon", dir.path(), &["--kubeconfig", &kc]).await;
        tui.keys(&["c"]);
        let (screen, _) = tui
            .wait_for(
                "the confirm dialog with the diff",
                Duration::from_secs(10),
                |s| {
                    s.contains(" Confirm change ")
                        && s.contains("Cordon Karmada member member1")
                        && s.lines()
                            .any(|l| l.contains("+ ") && l.contains(UNSCHEDULABLE))
                },
            )
            .await;
        tui.show("confirm dialog", &screen);
        assert!(
            screen.contains("context: karmada   object: clusters.cluster.karmada.io/member1"),
            "{screen}"
        );
        assert!(
            audit_lines(&tui.state_dir).is_empty(),
            "audit line before confirming"
        );
        assert_eq!(
            karmada_cluster(&karmada, "member1")
                .await
                .resource_version(),
            original.resource_version(),
            "changed before confirming"
        );
        tui.keys(&["y"]);
        let (_, took) = tui
            .wait_for("the cordon applied", Duration::from_secs(15), |s| {
                s.contains(&format!(
                    "applied: spec.taints += {UNSCHEDULABLE}:NoSchedule on karmada"
                ))
            })
            .await;
        sc.step(format!("cordon applied {took:.1?} after `y`"));
        let now = karmada_cluster(&karmada, "member1").await;
        assert!(
            taints_of(&now).contains(&format!("{UNSCHEDULABLE}:NoSchedule")),
            "taint not in the Cluster object: {:?}",
            now.data["spec"]
        );
        let audit = audit_lines(&tui.state_dir);
        assert_eq!(audit.len(), 1, "{audit:?}");
        assert_eq!(audit[0]["context"], "karmada");
        assert_eq!(audit[0]["object"], "clusters.cluster.karmada.io/member1");
        assert_eq!(audit[0]["user"], json!(user));
        assert_eq!(
            audit[0]["change"],
            json!(format!("spec.taints += {UNSCHEDULABLE}:NoSchedule"))
        );
        // The watch brings it back to the screen.
        tui.wait_for("member1 shown cordoned", Duration::from_secs(10), |s| {
            s.contains("cordoned: Karmada schedules nothing new here")
                && s.contains(&format!("taints=[{UNSCHEDULABLE}:NoSchedule]"))
        })
        .await;

        // --- uncordon: u, y.
        tui.keys(&["u"]);
        tui.wait_for("the uncordon dialog", Duration::from_secs(10), |s| {
            s.contains("Uncordon Karmada member member1")
                && s.lines()
                    .any(|l| l.contains("- ") && l.contains(UNSCHEDULABLE))
        })
        .await;
        tui.keys(&["y"]);
        tui.wait_for("the uncordon applied", Duration::from_secs(15), |s| {
            s.contains(&format!(
                "applied: spec.taints -= {UNSCHEDULABLE}:NoSchedule on karmada"
            ))
        })
        .await;
        let now = karmada_cluster(&karmada, "member1").await;
        assert!(
            !taints_of(&now).iter().any(|t| t.starts_with(UNSCHEDULABLE)),
            "taint still there: {:?}",
            now.data["spec"]
        );
        assert_eq!(
            now.data["spec"], original.data["spec"],
            "spec back to what it was"
        );
        let audit = audit_lines(&tui.state_dir);
        assert_eq!(audit.len(), 2, "{audit:?}");
        assert_eq!(
            audit[1]["change"],
            json!(format!("spec.taints -= {UNSCHEDULABLE}:NoSchedule"))
        );
        assert_eq!(audit[1]["user"], json!(user));
        sc.step("uncordon applied; spec as before; 2 audit lines");
        drop(tui);

        // --- a viewer's kubeconfig: the apiserver forbids the change.
        let before = karmada_cluster(&karmada, "member1").await;
        let ro = env.kubeconfig_readonly.display().to_string();
        let dir = tempfile::tempdir().unwrap();
        let tui = tui_on_member1(&sc, "viewer", dir.path(), &["--kubeconfig", &ro]).await;
        tui.keys(&["c"]);
        tui.wait_for(
            "the confirm dialog (viewer)",
            Duration::from_secs(10),
            |s| s.contains(" Confirm change ") && s.contains("Cordon Karmada member member1"),
        )
        .await;
        tui.keys(&["y"]);
        let (screen, _) = tui
            .wait_for("a forbidden message", Duration::from_secs(15), |s| {
                s.contains("forbidden: ")
            })
            .await;
        tui.show("viewer", &screen);
        let line = screen
            .lines()
            .find(|l| l.contains("forbidden: "))
            .unwrap()
            .trim()
            .to_string();
        assert!(
            line.contains("cannot update") && line.contains("viewer"),
            "not a clear forbidden message: {line}"
        );
        sc.step(format!("viewer: {line}"));
        let after = karmada_cluster(&karmada, "member1").await;
        assert_eq!(
            after.resource_version(),
            before.resource_version(),
            "changed by a viewer"
        );
        assert!(
            audit_lines(&tui.state_dir).is_empty(),
            "audit line for a forbidden change"
        );
        drop(tui);

        // --- --readonly: fleetdeck refuses before asking the server anything.
        let dir = tempfile::tempdir().unwrap();
        let tui = tui_on_member1(
            &sc,
            "readonly",
            dir.path(),
            &["--kubeconfig", &kc, "--readonly"],
        )
        .await;
        tui.keys(&["c"]);
        let (screen, _) = tui
            .wait_for("the read-only refusal", Duration::from_secs(10), |s| {
                s.contains("read-only mode (--readonly): refusing to cordon karmada member member1")
            })
            .await;
        tui.show("--readonly", &screen);
        assert!(!screen.contains(" Confirm change "), "{screen}");
        assert!(screen.contains("[READONLY]"), "{screen}");
        let after = karmada_cluster(&karmada, "member1").await;
        assert_eq!(
            after.resource_version(),
            before.resource_version(),
            "changed in --readonly"
        );
        assert!(
            audit_lines(&tui.state_dir).is_empty(),
            "audit line in --readonly"
        );
        sc.step("--readonly: refused, nothing changed");
        drop(tui);
    };
    let cleanup = async {
        // Whatever happened, member1 ends uncordoned (the seed restores the Cluster's spec).
        env.fleet_async(&["seed"]).await;
    };
    with_cleanup(body, cleanup).await;
}
