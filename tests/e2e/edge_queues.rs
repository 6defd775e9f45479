//! Scenarios for issue #13 on the real fleet, with the tests' own objects on member2 (no
//! controller runs on the loopback fleet: nothing changes them but the tests).
//! - edge: edge Nodes (status through the status subresource), a Lease in kube-node-lease, a
//!   NodeGroup and pods bound to a node; `snapshot --pane edge --json` gives their rows and ages;
//!   in the TUI a heartbeat left to age turns stale with no new event; `act cordon-node` lands
//!   only `spec.unschedulable`.
//! - queues: a Queue and PodGroups in every phase; `snapshot --pane queues --json` counts them;
//!   `act queue-close` creates exactly vcctl's Command; `act queue-weight` lands only
//!   `spec.weight`; closing `root` is refused.

use super::*;
use support::{fleetdeck, resource as res};
use tmux::Tui;

fn rfc3339(ago_s: i64) -> String {
    let t = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(ago_s);
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn micro(ago_s: i64) -> String {
    let t = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(ago_s);
    t.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
}

async fn put(
    client: &Client,
    ar: &ApiResource,
    ns: Option<&str>,
    obj: Value,
    status: Option<Value>,
) {
    let a = match ns {
        Some(ns) => Api::<DynamicObject>::namespaced_with(client.clone(), ns, ar),
        None => Api::<DynamicObject>::all_with(client.clone(), ar),
    };
    let name = obj["metadata"]["name"].as_str().unwrap().to_string();
    let _ = a.delete(&name, &DeleteParams::default()).await;
    for _ in 0..50 {
        if a.get(&name).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let o: DynamicObject = serde_json::from_value(obj).unwrap();
    a.create(&PostParams::default(), &o)
        .await
        .unwrap_or_else(|e| panic!("create {} {name}: {e}", ar.kind));
    if let Some(st) = status {
        a.patch_status(
            &name,
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(json!({"status": st})),
        )
        .await
        .unwrap_or_else(|e| panic!("status of {} {name}: {e}", ar.kind));
    }
}

async fn del(client: &Client, ar: &ApiResource, ns: Option<&str>, name: &str) {
    let a = match ns {
        Some(ns) => Api::<DynamicObject>::namespaced_with(client.clone(), ns, ar),
        None => Api::<DynamicObject>::all_with(client.clone(), ar),
    };
    let _ = a.delete(name, &DeleteParams::default()).await;
}

fn node() -> ApiResource {
    res("", "v1", "Node", "nodes")
}

fn edge_node(name: &str, ready: bool, heartbeat_ago: i64, transition_ago: i64) -> (Value, Value) {
    let obj = json!({"apiVersion": "v1", "kind": "Node", "metadata": {"name": name, "labels": {
        "node-role.kubernetes.io/edge": "", "apps.kubeedge.io/belonging-to": "e2e-group",
        "kubernetes.io/arch": "arm64"}}, "spec": {}});
    let status = json!({
        "conditions": [{"type": "Ready", "status": if ready {"True"} else {"Unknown"},
            "reason": if ready {"EdgeReady"} else {"NodeStatusUnknown"},
            "lastHeartbeatTime": rfc3339(heartbeat_ago), "lastTransitionTime": rfc3339(transition_ago)}],
        "addresses": [{"type": "InternalIP", "address": "10.99.0.7"}],
        "nodeInfo": {"kubeletVersion": "v1.29.5-kubeedge-v1.18.0", "architecture": "arm64",
            "machineID": "", "systemUUID": "", "bootID": "", "kernelVersion": "", "osImage": "",
            "containerRuntimeVersion": "", "kubeProxyVersion": "", "operatingSystem": "linux"}});
    (obj, status)
}

fn rows_by_name(v: &Value, key: &str) -> BTreeMap<String, Value> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[key].as_str().unwrap_or("").to_string(), r.clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn edge_rows_ages_go_stale_without_events_and_cordon_node_lands_one_field() {
    let Some(sc) = Scenario::begin("edge") else {
        return;
    };
    let env = sc.env.clone();
    let m2 = env.client(&env.kubeconfig, "member2").await;
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let lease = res("coordination.k8s.io", "v1", "Lease", "leases");
    let ng = res("apps.kubeedge.io", "v1alpha1", "NodeGroup", "nodegroups");
    let pod = res("", "v1", "Pod", "pods");
    let body = async {
        // fresh: heartbeat 20 s ago (stale at 40 s); leased: an old heartbeat but a Lease renewed
        // a second ago; gone: NotReady for two hours.
        for (name, ready, hb, tr) in [
            ("e2e-edge-fresh", true, 20, 3600),
            ("e2e-edge-leased", true, 600, 7200),
            ("e2e-edge-gone", false, 7200, 7160),
        ] {
            let (o, s) = edge_node(name, ready, hb, tr);
            put(&m2, &node(), None, o, Some(s)).await;
        }
        let l = json!({"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
            "metadata": {"name": "e2e-edge-leased", "namespace": "kube-node-lease"},
            "spec": {"holderIdentity": "e2e-edge-leased", "leaseDurationSeconds": 40, "renewTime": micro(1)}});
        put(&m2, &lease, Some("kube-node-lease"), l, None).await;
        let g = json!({"apiVersion": "apps.kubeedge.io/v1alpha1", "kind": "NodeGroup",
            "metadata": {"name": "e2e-group"},
            "spec": {"nodes": ["e2e-edge-fresh", "e2e-edge-leased", "e2e-edge-gone"]}});
        let gs = json!({"nodeStatuses": [
            {"nodeName": "e2e-edge-fresh", "readyStatus": "Ready", "selectionStatus": "Succeeded"},
            {"nodeName": "e2e-edge-leased", "readyStatus": "Ready", "selectionStatus": "Succeeded"},
            {"nodeName": "e2e-edge-gone", "readyStatus": "NotReady", "selectionStatus": "Succeeded"}]});
        put(&m2, &ng, None, g, Some(gs)).await;
        for i in 0..2 {
            let p = json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": format!("e2e-edge-pod-{i}"),
                "namespace": "default"}, "spec": {"nodeName": "e2e-edge-fresh",
                "containers": [{"name": "main", "image": "registry.example/agent:1"}]}});
            put(&m2, &pod, Some("default"), p, None).await;
        }
        sc.step("3 edge nodes, a Lease, a NodeGroup and 2 pods on member2");

        let v = support::pane_json(dir.path(), &kc, Some("member2"), "edge", None).await;
        let rows = rows_by_name(&v, "node");
        let gone = &rows["e2e-edge-gone"];
        assert_eq!(gone["ready"], false, "{gone}");
        let off = gone["offline_for_s"].as_i64().unwrap();
        assert!((7150..7300).contains(&off), "{gone}");
        let leased = &rows["e2e-edge-leased"];
        assert!(
            leased["heartbeat_age_s"].as_i64().unwrap() <= 15,
            "the Lease is newer: {leased}"
        );
        assert_eq!(leased["stale"], false, "{leased}");
        let fresh = &rows["e2e-edge-fresh"];
        let age = fresh["heartbeat_age_s"].as_i64().unwrap();
        assert!((20..40).contains(&age), "{fresh}");
        assert_eq!(fresh["stale"], false);
        assert_eq!(fresh["pods"], 2, "{fresh}");
        assert_eq!(fresh["group"], "e2e-group");
        assert_eq!(fresh["cluster"], "member2");
        assert!(
            fresh["kubeedge_version"]
                .as_str()
                .unwrap()
                .contains("1.18.0"),
            "{fresh}"
        );
        let order: Vec<&str> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["node"].as_str().unwrap())
            .collect();
        let pos = |n: &str| order.iter().position(|x| *x == n).unwrap();
        assert!(
            pos("e2e-edge-gone") < pos("e2e-edge-fresh"),
            "offline first: {order:?}"
        );
        sc.step(format!(
            "snapshot: gone offline {off} s, leased heartbeat from its Lease, fresh {age} s with 2 pods"
        ));

        // The TUI: the fresh node turns stale once its heartbeat passes 40 s, with no new event.
        let tui = Tui::start(
            "edge",
            dir.path(),
            &["--kubeconfig", &kc, "--context", "member2"],
        );
        tui.wait_for("the overview", Duration::from_secs(30), |s| {
            s.contains(" Fleet (")
        })
        .await;
        tui.keys(&[":"]);
        tui.type_text("edge");
        tui.keys(&["Enter"]);
        // The row, lower-cased (the status column reads `Stale`).
        let row = |s: &str| {
            s.lines()
                .find(|l| l.contains("e2e-edge-fresh"))
                .unwrap_or("")
                .to_lowercase()
        };
        let (screen, _) = tui
            .wait_for(
                "the edge pane with e2e-edge-fresh",
                Duration::from_secs(20),
                |s| !row(s).is_empty(),
            )
            .await;
        tui.show("edge pane", &screen);
        assert!(!row(&screen).contains("stale"), "{}", row(&screen));
        let t0 = Instant::now();
        let (screen, took) = tui
            .wait_for("e2e-edge-fresh stale", Duration::from_secs(45), |s| {
                row(s).contains("stale")
            })
            .await;
        tui.show("stale", &screen);
        let elapsed = t0.elapsed();
        assert!(
            elapsed <= Duration::from_secs(40),
            "stale {took:.1?} after the pane showed it (heartbeat was 20 s old at the start)"
        );
        sc.step(format!(
            "TUI: stale after {took:.1?}, no event: {}",
            row(&screen).trim()
        ));
        drop(tui);

        // cordon-node: only spec.unschedulable changes.
        let api = Api::<DynamicObject>::all_with(m2.clone(), &node());
        let before = serde_json::to_value(api.get("e2e-edge-fresh").await.unwrap()).unwrap();
        let (code, out, err) = fleetdeck(
            dir.path(),
            &[
                "--kubeconfig",
                &kc,
                "--context",
                "member2",
                "act",
                "cordon-node",
                "e2e-edge-fresh",
                "--yes",
                "--json",
            ],
        )
        .await;
        assert_eq!(code, 0, "{out}{err}");
        let after = serde_json::to_value(api.get("e2e-edge-fresh").await.unwrap()).unwrap();
        assert_eq!(after["spec"]["unschedulable"], true);
        let strip = |mut v: Value| {
            v["spec"]["unschedulable"] = Value::Null;
            v["metadata"]["resourceVersion"] = Value::Null;
            v["metadata"]["managedFields"] = Value::Null;
            v["metadata"]["generation"] = Value::Null;
            v["status"] = Value::Null;
            v
        };
        assert_eq!(strip(after), strip(before), "only spec.unschedulable");
        assert_eq!(bin::audit_lines(dir.path()).len(), 1);
        sc.step("cordon-node landed spec.unschedulable only, one audit line");
    };
    let cleanup = async {
        for n in ["e2e-edge-fresh", "e2e-edge-leased", "e2e-edge-gone"] {
            del(&m2, &node(), None, n).await;
        }
        del(&m2, &lease, Some("kube-node-lease"), "e2e-edge-leased").await;
        del(&m2, &ng, None, "e2e-group").await;
        for i in 0..2 {
            del(&m2, &pod, Some("default"), &format!("e2e-edge-pod-{i}")).await;
        }
    };
    with_cleanup(body, cleanup).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn queue_counts_close_creates_vcctls_command_and_weight_lands_one_field() {
    let Some(sc) = Scenario::begin("queues") else {
        return;
    };
    let env = sc.env.clone();
    let m2 = env.client(&env.kubeconfig, "member2").await;
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let queue = res("scheduling.volcano.sh", "v1beta1", "Queue", "queues");
    let pg = res("scheduling.volcano.sh", "v1beta1", "PodGroup", "podgroups");
    let cmd = res("bus.volcano.sh", "v1alpha1", "Command", "commands");
    let phases = [
        ("pending-a", "Pending"),
        ("pending-b", "Pending"),
        ("inqueue", "Inqueue"),
        ("running", "Running"),
        ("done", "Completed"),
    ];
    let body = async {
        let q = json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue",
            "metadata": {"name": "e2e-q"}, "spec": {"weight": 3, "reclaimable": true,
                "capability": {"cpu": "8", "memory": "16Gi"}}});
        put(&m2, &queue, None, q, Some(json!({"state": "Open"}))).await;
        for (name, phase) in phases {
            let o = json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "PodGroup",
                "metadata": {"name": format!("e2e-pg-{name}"), "namespace": "default"},
                "spec": {"queue": "e2e-q", "minMember": 1}});
            put(&m2, &pg, Some("default"), o, Some(json!({"phase": phase}))).await;
        }
        sc.step("Queue e2e-q (weight 3, Open) and 5 PodGroups in 4 phases on member2");

        let v = support::pane_json(dir.path(), &kc, Some("member2"), "queues", None).await;
        let rows = rows_by_name(&v, "name");
        let r = &rows["e2e-q"];
        assert_eq!(r["cluster"], "member2");
        assert_eq!(r["state"], "Open");
        assert_eq!(r["weight"], 3);
        assert_eq!(
            r["podgroups"],
            json!({"Pending": 2, "Inqueue": 1, "Running": 1, "Completed": 1, "Unknown": 0}),
            "{r}"
        );
        // Its share among member2's open queues, as the apiserver holds them.
        let all = Api::<DynamicObject>::all_with(m2.clone(), &queue)
            .list(&ListParams::default())
            .await
            .unwrap();
        let open: i64 = all
            .items
            .iter()
            .map(|q| serde_json::to_value(q).unwrap())
            .filter(|q| q["status"]["state"] == "Open")
            .map(|q| q["spec"]["weight"].as_i64().unwrap_or(1))
            .sum();
        let share = r["share"].as_f64().unwrap();
        assert!((share - 300.0 / open as f64).abs() < 0.01, "{r} of {open}");
        sc.step(format!(
            "snapshot: e2e-q counts by phase, share {share}% of {open}"
        ));

        // queue-close: exactly vcctl's Command.
        let uid = Api::<DynamicObject>::all_with(m2.clone(), &queue)
            .get("e2e-q")
            .await
            .unwrap()
            .metadata
            .uid
            .unwrap();
        let args = [
            "--kubeconfig",
            &kc,
            "--context",
            "member2",
            "act",
            "queue-close",
            "e2e-q",
        ];
        let (code, out, err) = fleetdeck(dir.path(), &args).await;
        assert_eq!(code, 0, "{out}{err}");
        assert!(
            out.contains("Running") && out.contains("Inqueue"),
            "warns with the counts: {out}"
        );
        let mut yes = args.to_vec();
        yes.push("--yes");
        let (code, out, err) = fleetdeck(dir.path(), &yes).await;
        assert_eq!(code, 0, "{out}{err}");
        let cmds = Api::<DynamicObject>::namespaced_with(m2.clone(), "default", &cmd)
            .list(&ListParams::default())
            .await
            .unwrap();
        let ours: Vec<Value> = cmds
            .items
            .iter()
            .map(|c| serde_json::to_value(c).unwrap())
            .filter(|c| {
                c["metadata"]["name"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with("e2e-q-closequeue-")
            })
            .collect();
        assert_eq!(ours.len(), 1, "{ours:?}");
        let c = &ours[0];
        let owner = json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue",
            "name": "e2e-q", "uid": uid, "controller": true, "blockOwnerDeletion": true});
        assert_eq!(c["action"], "CloseQueue", "{c}");
        assert_eq!(c["metadata"]["generateName"], "e2e-q-closequeue-");
        assert_eq!(c["metadata"]["ownerReferences"], json!([owner]), "{c}");
        assert_eq!(c["target"], owner, "{c}");
        sc.step(format!("queue-close created {}", c["metadata"]["name"]));

        // queue-weight: only spec.weight.
        let qa = Api::<DynamicObject>::all_with(m2.clone(), &queue);
        let before = serde_json::to_value(qa.get("e2e-q").await.unwrap()).unwrap();
        let (code, out, err) = fleetdeck(
            dir.path(),
            &[
                "--kubeconfig",
                &kc,
                "--context",
                "member2",
                "act",
                "queue-weight",
                "e2e-q",
                "7",
                "--yes",
                "--json",
            ],
        )
        .await;
        assert_eq!(code, 0, "{out}{err}");
        let after = serde_json::to_value(qa.get("e2e-q").await.unwrap()).unwrap();
        assert_eq!(after["spec"]["weight"], 7);
        let strip = |mut v: Value| {
            v["spec"]["weight"] = Value::Null;
            v["metadata"]["resourceVersion"] = Value::Null;
            v["metadata"]["managedFields"] = Value::Null;
            v["metadata"]["generation"] = Value::Null;
            v
        };
        assert_eq!(strip(after), strip(before), "only spec.weight");
        let (code, _, err) = fleetdeck(
            dir.path(),
            &[
                "--kubeconfig",
                &kc,
                "--context",
                "member2",
                "act",
                "queue-weight",
                "e2e-q",
                "0",
            ],
        )
        .await;
        assert_eq!(code, 2, "weight 0 is out of range: {err}");
        let (code, _, err) = fleetdeck(
            dir.path(),
            &[
                "--kubeconfig",
                &kc,
                "--context",
                "member2",
                "act",
                "queue-close",
                "root",
            ],
        )
        .await;
        assert_eq!(code, 2, "closing root is refused: {err}");
        sc.step("queue-weight landed spec.weight only; weight 0 and closing root refused (exit 2)");
    };
    let cleanup = async {
        del(&m2, &queue, None, "e2e-q").await;
        for (name, _) in phases {
            del(&m2, &pg, Some("default"), &format!("e2e-pg-{name}")).await;
        }
        let cmds = Api::<DynamicObject>::namespaced_with(m2.clone(), "default", &cmd);
        if let Ok(list) = cmds.list(&ListParams::default()).await {
            for c in list.items {
                let n = c.name_any();
                if n.starts_with("e2e-q-") {
                    let _ = cmds.delete(&n, &DeleteParams::default()).await;
                }
            }
        }
    };
    with_cleanup(body, cleanup).await;
}
