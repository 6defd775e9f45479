//! Sessions against a real loopback fleet (`scripts/fleet up`; `eval "$(scripts/fleet env)"`).
//! Ignored by default: `cargo test --lib sources::kube::live -- --ignored --nocapture --test-threads=1`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use super::kubeconfig::{KubeconfigOpts, load};
use super::*;
use crate::fleet::{ClusterState, FleetModel, KindSync, Link};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

struct Live {
    model: FleetModel,
    rx: mpsc::Receiver<FleetEvent>,
    backend: KubeBackend,
}

fn start(kubeconfig: &str) -> Live {
    let loaded = load(&KubeconfigOpts {
        file: Some(PathBuf::from(kubeconfig)),
        contexts: None,
    })
    .expect("kubeconfig loads");
    let (tx, rx) = mpsc::channel(16 * 1024);
    let backend = spawn(&loaded, tx, clock);
    Live {
        model: FleetModel::new(loaded.context_names()),
        rx,
        backend,
    }
}

impl Live {
    /// Apply events until `pred` holds; the time it took, or None at the deadline.
    async fn until(
        &mut self,
        limit: Duration,
        pred: impl Fn(&FleetModel) -> bool,
    ) -> Option<Duration> {
        let t = Instant::now();
        loop {
            if pred(&self.model) {
                return Some(t.elapsed());
            }
            let left = limit.checked_sub(t.elapsed())?;
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(ev)) => {
                    self.model.apply(ev);
                }
                _ => return pred(&self.model).then(|| t.elapsed()),
            }
        }
    }

    fn id(&self, context: &str) -> ClusterId {
        self.model.cluster_by_context(context).expect("context").0
    }

    fn dump(&self) {
        for c in &self.model.clusters {
            eprintln!(
                "  {:8} {:?} v={:?} objs={} kinds={:?}",
                c.context,
                c.state(),
                c.version,
                c.object_count(),
                c.kinds
            );
        }
    }
}

fn fleet(args: &[&str]) {
    let script = env("FLEET_SCRIPT").expect("FLEET_SCRIPT");
    let st = std::process::Command::new(script)
        .args(args)
        .status()
        .unwrap();
    assert!(st.success(), "fleet {args:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a running fleet: scripts/fleet up"]
async fn live_sync_outage_and_relist() {
    let Some(kc) = env("FLEET_KUBECONFIG") else {
        eprintln!("FLEET_KUBECONFIG not set: skipped");
        return;
    };
    let mut live = start(&kc);
    let took = live
        .until(Duration::from_secs(30), |m| {
            m.clusters.iter().all(|c| c.state() == ClusterState::Ready)
        })
        .await;
    live.dump();
    let took = took.expect("every cluster Ready within 30 s");
    eprintln!("all Ready after {took:?}");
    let karmada = live.id("karmada");
    let m1 = live.id("member1");
    {
        let cp = &live.model.clusters[karmada];
        assert!(cp.is_karmada_control_plane());
        assert!(cp.version.as_deref().unwrap().starts_with("v1.20"));
        assert!(cp.kind_len(Kind::KarmadaCluster) > 0 && cp.kind_len(Kind::ResourceBinding) > 0);
        let m = &live.model.clusters[m1];
        assert!(!m.is_karmada_control_plane());
        assert!(m.kind_len(Kind::Pod) > 0 && m.kind_len(Kind::Node) > 0);
    }

    // A pod deleted while the member is down (straight from etcd) is gone after the relist.
    let Some(etcdctl) = env("FLEET_ETCDCTL") else {
        return;
    };
    let (victim, _) = live.model.clusters[m1]
        .store::<crate::kinds::pod::Pod>()
        .iter()
        .next()
        .map(|(k, p)| (k.clone(), p.clone()))
        .unwrap();
    let t = Instant::now();
    fleet(&["stop", "member1"]);
    eprintln!("fleet stop member1 took {:?}", t.elapsed());
    let took = live
        .until(Duration::from_secs(20), |m| {
            matches!(m.clusters[m1].link, Link::Unreachable { .. })
        })
        .await;
    live.dump();
    let took = took.expect("Unreachable within 20 s of the apiserver stopping");
    eprintln!(
        "member1 Unreachable {took:?} after the stop returned ({:?} total)",
        t.elapsed()
    );
    let Link::Unreachable { error, .. } = &live.model.clusters[m1].link else {
        unreachable!()
    };
    assert!(error.contains("connection refused"), "{error}");
    assert_eq!(live.model.clusters[karmada].state(), ClusterState::Ready);

    let key = format!(
        "/member1/pods/{}/{}",
        victim.namespace.as_deref().unwrap(),
        victim.name
    );
    let out = std::process::Command::new(etcdctl)
        .args(["del", &key])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "1",
        "deleted {key}"
    );
    fleet(&["start", "member1"]);
    let took = live
        .until(Duration::from_secs(60), |m| {
            m.clusters[m1].state() == ClusterState::Ready
        })
        .await;
    live.dump();
    eprintln!("member1 Ready again {took:?} after the start returned");
    assert!(took.is_some());
    assert!(!live.model.clusters[m1].contains(Kind::Pod, &victim));
    assert!(live.model.clusters[m1].kind_len(Kind::Pod) > 0);
    drop(live.backend);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a running fleet: scripts/fleet up"]
async fn live_backend_get_patch_conflict_forbidden() {
    let (Some(kc), Some(ro)) = (env("FLEET_KUBECONFIG"), env("FLEET_KUBECONFIG_READONLY")) else {
        eprintln!("FLEET_KUBECONFIG(_READONLY) not set: skipped");
        return;
    };
    for (file, readonly) in [(kc, false), (ro, true)] {
        let mut live = start(&file);
        let id = live.id("karmada");
        live.until(Duration::from_secs(30), |m| {
            m.clusters[id].state() == ClusterState::Ready
        })
        .await
        .expect("karmada Ready");
        let key = live.model.clusters[id]
            .store::<crate::kinds::karmada_cluster::KarmadaCluster>()
            .keys()
            .next()
            .unwrap()
            .clone();
        let obj = live
            .backend
            .get(id, Kind::KarmadaCluster, &key)
            .await
            .unwrap();
        assert_eq!(obj["kind"], "Cluster");
        assert!(
            obj["metadata"]["managedFields"].is_array(),
            "the full object"
        );
        let user = live.backend.user(id);
        eprintln!("user {user}, got {key}");
        assert_eq!(
            user,
            if readonly {
                "fleet-viewer"
            } else {
                "fleet-admin"
            }
        );

        let rv = obj["metadata"]["resourceVersion"]
            .as_str()
            .unwrap()
            .to_string();
        let patch = |rv: &str| {
            serde_json::json!([
                crate::actions::plan::rv_guard(rv),
                {"op": "add", "path": "/spec/taints",
                 "value": [{"key": "fleetdeck.io/test", "effect": "NoSchedule"}]}
            ])
        };
        let r = live
            .backend
            .patch(id, Kind::KarmadaCluster, &key, &patch(&rv), true)
            .await;
        if readonly {
            let e = r.unwrap_err();
            eprintln!("readonly replace: {e:?}");
            assert!(e.is_forbidden(), "{e:?}");
            assert!(e.message.contains("cannot patch resource"), "{}", e.message);
        } else {
            let v = r.expect("dry-run replace");
            assert_eq!(v["spec"]["taints"][0]["key"], "fleetdeck.io/test");
            // Nothing changed for real.
            let again = live
                .backend
                .get(id, Kind::KarmadaCluster, &key)
                .await
                .unwrap();
            assert_eq!(
                again["metadata"]["resourceVersion"],
                obj["metadata"]["resourceVersion"]
            );
            // A stale resourceVersion in the patch is a conflict.
            let e = live
                .backend
                .patch(id, Kind::KarmadaCluster, &key, &patch("1"), true)
                .await
                .unwrap_err();
            eprintln!("stale patch: {e:?}");
            assert!(e.is_conflict(), "{e:?}");
            // A failed `test` op is refused as invalid (the demo fleet answers the same).
            let test =
                serde_json::json!([{"op": "test", "path": "/spec/syncMode", "value": "Nope"}]);
            let e = live
                .backend
                .patch(id, Kind::KarmadaCluster, &key, &test, true)
                .await
                .unwrap_err();
            eprintln!("failed test op: {e:?}");
            assert_eq!(e.code, Some(422), "{e:?}");
        }
        let missing = ObjKey::cluster_scoped("no-such-cluster");
        let e = live
            .backend
            .get(id, Kind::KarmadaCluster, &missing)
            .await
            .unwrap_err();
        assert_eq!(e.code, Some(404));
    }
}

/// A hung apiserver (SIGSTOP: connections are accepted by the kernel, nothing answers) is
/// caught by the heartbeat probe's timeout; the other clusters stay Ready.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a running fleet: scripts/fleet up"]
async fn live_hung_apiserver_times_out() {
    let (Some(kc), Some(dir)) = (env("FLEET_KUBECONFIG"), env("FLEET_DIR")) else {
        eprintln!("FLEET_KUBECONFIG / FLEET_DIR not set: skipped");
        return;
    };
    let pidfile = std::fs::read_to_string(format!("{dir}/pids/member2.pid")).expect("member2 pid");
    let pid = pidfile.split_whitespace().next().unwrap().to_string();
    let mut live = start(&kc);
    let m2 = live.id("member2");
    live.until(Duration::from_secs(30), |m| m.all_settled())
        .await
        .expect("settled");
    let signal = |sig: &str| {
        let st = std::process::Command::new("kill")
            .args([sig, &pid])
            .status()
            .unwrap();
        assert!(st.success());
    };
    signal("-STOP");
    let took = live
        .until(Duration::from_secs(30), |m| {
            matches!(m.clusters[m2].link, Link::Unreachable { .. })
        })
        .await;
    signal("-CONT");
    live.dump();
    let took = took.expect("Unreachable within 30 s");
    eprintln!("hung member2 Unreachable after {took:?}");
    assert!(took < Duration::from_secs(15), "{took:?}");
    let Link::Unreachable { error, .. } = &live.model.clusters[m2].link else {
        unreachable!()
    };
    assert!(error.contains("timed out"), "{error}");
    for (i, c) in live.model.clusters.iter().enumerate() {
        if i != m2 {
            assert_eq!(c.state(), ClusterState::Ready, "{}", c.context);
        }
    }
    let took = live
        .until(Duration::from_secs(60), |m| {
            m.clusters[m2].state() == ClusterState::Ready
        })
        .await;
    eprintln!("member2 Ready again after {took:?}");
    assert!(took.is_some());
}

/// A dead port and a rejected token are those clusters' `Unreachable` rows, found fast, while
/// the rest of the fleet (merged from a second kubeconfig file) syncs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a running fleet: scripts/fleet up"]
async fn live_bad_contexts_do_not_block_others() {
    let Some(kc) = env("FLEET_KUBECONFIG") else {
        eprintln!("FLEET_KUBECONFIG not set: skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let extra = dir.path().join("extra.yaml");
    std::fs::write(
        &extra,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: dead\n  cluster: {server: \"https://127.0.0.1:1\"}\n\
         users:\n- name: wrong\n  user: {token: not-a-valid-token}\ncontexts:\n\
         - name: dead\n  context: {cluster: dead, user: wrong}\n\
         - name: badtoken\n  context: {cluster: karmada, user: wrong}\n",
    )
    .unwrap();
    let loaded = super::kubeconfig::load_files(&[PathBuf::from(kc), extra], None).unwrap();
    let (tx, rx) = mpsc::channel(16 * 1024);
    let backend = spawn(&loaded, tx, clock);
    let mut live = Live {
        model: FleetModel::new(loaded.context_names()),
        rx,
        backend,
    };
    let took = live
        .until(Duration::from_secs(20), |m| m.all_settled())
        .await;
    live.dump();
    eprintln!("settled after {took:?}");
    assert!(took.unwrap() < Duration::from_secs(10));
    let err = |ctx: &str| match &live.model.clusters[live.id(ctx)].link {
        Link::Unreachable { error, .. } => error.clone(),
        other => panic!("{ctx}: {other:?}"),
    };
    assert_eq!(err("dead"), "connection refused (127.0.0.1:1)");
    assert_eq!(err("badtoken"), "401 Unauthorized");
    assert!(!err("badtoken").contains("not-a-valid-token"));
    assert_eq!(
        live.model.clusters[live.id("karmada")].state(),
        ClusterState::Ready
    );
    assert_eq!(live.backend.user(live.id("badtoken")), "wrong");
}

/// A CRD removed while connected: its watch errors trigger a rediscovery, the kind turns Absent.
/// Mutates the fleet (deletes member2's NodeGroup CRD, then reseeds): only with FLEET_MUTATE=1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a running fleet: scripts/fleet up; and FLEET_MUTATE=1"]
async fn live_rediscovery_notices_a_removed_crd() {
    let (Some(kc), Some(token), Some(_)) = (
        env("FLEET_KUBECONFIG"),
        env("FLEET_ADMIN_TOKEN_FILE"),
        env("FLEET_MUTATE"),
    ) else {
        eprintln!("FLEET_KUBECONFIG / FLEET_ADMIN_TOKEN_FILE / FLEET_MUTATE not set: skipped");
        return;
    };
    let mut live = start(&kc);
    let m2 = live.id("member2");
    live.until(Duration::from_secs(30), |m| m.all_settled())
        .await
        .expect("settled");
    assert!(live.model.clusters[m2].has_kind(Kind::NodeGroup));
    let server = live.backend.slots[m2].server.clone();
    let token = std::fs::read_to_string(token).unwrap();
    let st = std::process::Command::new("curl")
        .args(["-ksSf", "-o", "/dev/null", "-X", "DELETE", "-H"])
        .arg(format!("Authorization: Bearer {}", token.trim()))
        .arg(format!(
            "{server}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/nodegroups.apps.kubeedge.io"
        ))
        .status()
        .unwrap();
    assert!(st.success());
    let took = live
        .until(Duration::from_secs(75), |m| {
            m.clusters[m2].kinds.get(&Kind::NodeGroup) == Some(&KindSync::Absent)
                && m.clusters[m2].state() == ClusterState::Ready
        })
        .await;
    live.dump();
    eprintln!("NodeGroup Absent after {took:?}");
    fleet(&["seed"]);
    assert!(took.is_some());
}
