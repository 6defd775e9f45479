//! Scenario: propagation on the real fleet. `snapshot --pane propagation --json` against the
//! apiservers (every ResourceBinding of the control plane, its targets' replicas, applied and
//! health, the members' own Deployments); `act apply-policy -f` lands a valid edit of
//! `shop/cart-duplicated`'s cluster list (one audit line), sends nothing for invalid YAML, refuses
//! a misspelt field (the 1.20 apiserver prunes it: the dry-run answer lacks it), refuses a file
//! based on a stale resourceVersion (conflict, exit 3, nothing overwritten), and creates a new
//! policy (the same file again: nothing to do).

use super::*;
use support::{fleetdeck, resource as api};

const PP: (&str, &str, &str, &str) = (
    "policy.karmada.io",
    "v1alpha1",
    "PropagationPolicy",
    "propagationpolicies",
);

async fn get_pp(client: &Client, name: &str) -> Value {
    let ar = api(PP.0, PP.1, PP.2, PP.3);
    let o = Api::<DynamicObject>::namespaced_with(client.clone(), "shop", &ar)
        .get(name)
        .await
        .unwrap_or_else(|e| panic!("GET PropagationPolicy shop/{name}: {e}"));
    serde_json::to_value(o).unwrap()
}

/// The snapshot's rows against the control plane's bindings and the members' Deployments.
async fn check_snapshot(sc: &Scenario, dir: &std::path::Path, kc: &str) {
    let env = &sc.env;
    let v = support::pane_json(dir, kc, None, "propagation", Some("30")).await;
    let rows = v["rows"].as_array().expect("rows");
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let rb = api(
        "work.karmada.io",
        "v1alpha2",
        "ResourceBinding",
        "resourcebindings",
    );
    let crb = api(
        "work.karmada.io",
        "v1alpha2",
        "ClusterResourceBinding",
        "clusterresourcebindings",
    );
    let mut bindings = Vec::new();
    for ar in [&rb, &crb] {
        let list = Api::<DynamicObject>::all_with(karmada.clone(), ar)
            .list(&ListParams::default())
            .await
            .unwrap();
        bindings.extend(list.items.iter().map(|b| serde_json::to_value(b).unwrap()));
    }
    let deploy = api("apps", "v1", "Deployment", "deployments");
    let ns_api = api("", "v1", "Namespace", "namespaces");
    let mut checked = 0;
    let mut cluster_scoped = 0;
    for b in &bindings {
        let res = &b["spec"]["resource"];
        if b["kind"] == "ClusterResourceBinding" {
            cluster_scoped += 1;
        }
        let row = rows
            .iter()
            .find(|r| {
                r["context"] == "karmada"
                    && r["namespace"] == res["namespace"]
                    && r["name"] == res["name"]
                    && r["kind"] == res["kind"]
            })
            .unwrap_or_else(|| panic!("no row for binding {}", b["metadata"]["name"]));
        assert_eq!(row["binding"]["kind"], b["kind"], "{row}");
        assert_eq!(row["binding"]["name"], b["metadata"]["name"], "{row}");
        let labels = &b["metadata"]["labels"];
        let policy = labels["propagationpolicy.karmada.io/name"]
            .as_str()
            .or(labels["clusterpropagationpolicy.karmada.io/name"].as_str());
        assert_eq!(row["policy"]["name"].as_str(), policy, "{row}");
        let scheduled = b["status"]["conditions"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["type"] == "Scheduled"))
            .map(|c| c["status"].clone());
        assert_eq!(row["scheduled"], scheduled.unwrap_or(Value::Null), "{row}");
        let clusters = b["spec"]["clusters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for c in &clusters {
            let name = c["name"].as_str().unwrap();
            let t = row["targets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["cluster"] == name)
                .unwrap_or_else(|| panic!("no target {name} in {row}"));
            // A cluster-scoped template has no replicas: 0 in the row.
            assert_eq!(t["replicas"], c["replicas"].as_i64().unwrap_or(0), "{row}");
            let agg = b["status"]["aggregatedStatus"]
                .as_array()
                .and_then(|a| a.iter().find(|a| a["clusterName"] == name).cloned())
                .unwrap_or(Value::Null);
            assert_eq!(t["applied"], agg["applied"], "{name}: {row}");
            assert_eq!(t["health"], agg["health"], "{name}: {row}");
            // The member's own object, read from its apiserver: a Namespace is there or not.
            let member = env.client(&env.kubeconfig, name).await;
            if res["kind"] == "Namespace" {
                let there = Api::<DynamicObject>::all_with(member, &ns_api)
                    .get(res["name"].as_str().unwrap())
                    .await
                    .is_ok();
                let want = if there {
                    json!({"ready": 1, "desired": 1})
                } else {
                    Value::Null
                };
                assert_eq!(t["member"], want, "{name}: {row}");
                continue;
            }
            let d = Api::<DynamicObject>::namespaced_with(member, "shop", &deploy)
                .get(res["name"].as_str().unwrap())
                .await
                .ok()
                .map(|d| serde_json::to_value(d).unwrap());
            match d {
                Some(d) => {
                    let ready = d["status"]["readyReplicas"].as_i64().unwrap_or(0);
                    assert_eq!(t["member"]["ready"], ready, "{name}: {row}");
                    assert_eq!(
                        t["member"]["desired"], d["spec"]["replicas"],
                        "{name}: {row}"
                    );
                }
                None => assert_eq!(t["member"], Value::Null, "{name}: {row}"),
            }
        }
        assert_eq!(
            row["targets"].as_array().unwrap().len(),
            clusters.len(),
            "{row}"
        );
        checked += 1;
    }
    assert!(
        checked >= 4 && cluster_scoped == 1,
        "the fleet seeds three ResourceBindings and a ClusterResourceBinding; {checked} checked"
    );
    // cart is 2/3 ready on member2: a problem, so it sorts before the healthy rows.
    let cart = rows
        .iter()
        .position(|r| r["context"] == "karmada" && r["name"] == "cart")
        .unwrap();
    let problems = rows[cart]["problems"].as_array().unwrap();
    assert!(
        problems
            .iter()
            .any(|p| p.as_str().unwrap().contains("member2")),
        "{}",
        rows[cart]
    );
    sc.step(format!(
        "snapshot --pane propagation: {checked} bindings (one cluster-scoped) match the apiservers"
    ));
}

fn write(dir: &std::path::Path, name: &str, v: &Value) -> String {
    let p = dir.join(name);
    std::fs::write(&p, fleetdeck::actions::diff::to_yaml(v)).unwrap();
    p.display().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn propagation_rows_match_and_policy_edits_are_safe() {
    let Some(sc) = Scenario::begin("propagation") else {
        return;
    };
    let env = sc.env.clone();
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let original = get_pp(&karmada, "cart-duplicated").await;
    let ar = api(PP.0, PP.1, PP.2, PP.3);
    let pps = Api::<DynamicObject>::namespaced_with(karmada.clone(), "shop", &ar);
    let body = async {
        check_snapshot(&sc, dir.path(), &kc).await;
        let d = dir.path();
        let apply = |file: String, extra: &'static [&'static str]| {
            let kc = kc.clone();
            async move {
                let mut args = vec!["--kubeconfig", &kc, "act", "apply-policy", "-f", &file];
                args.extend_from_slice(extra);
                let (code, out, err) = fleetdeck(d, &args).await;
                (code, out, err)
            }
        };
        // A valid edit: member3 leaves the cluster list.
        let mut edited = fleetdeck::actions::apply_policy::editable(&original);
        let names: Vec<Value> = original["spec"]["placement"]["clusterAffinity"]["clusterNames"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| *n != "member3")
            .cloned()
            .collect();
        assert!(names.len() >= 2, "{original}");
        edited["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!(names);
        let file = write(d, "cart.yaml", &edited);
        let (code, out, err) = apply(file.clone(), &["--yes", "--json"]).await;
        assert_eq!(code, 0, "{out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["applied"], true, "{v}");
        let t = &v["preview"]["templates"][0];
        assert_eq!(t["template"]["name"], "cart", "{v}");
        assert_eq!(t["loses"], json!(["member3"]), "{v}");
        let now = get_pp(&karmada, "cart-duplicated").await;
        assert_eq!(
            now["spec"]["placement"]["clusterAffinity"]["clusterNames"],
            json!(names)
        );
        let mut expect = original["spec"].clone();
        expect["placement"]["clusterAffinity"]["clusterNames"] = json!(names);
        assert_eq!(now["spec"], expect, "only the cluster list changed");
        let audit = bin::audit_lines(d);
        assert_eq!(audit.len(), 1, "{audit:?}");
        assert_eq!(audit[0]["verb"], "apply-policy");
        sc.step("a valid edit landed exactly, one audit line");

        // The same file again: its resourceVersion is stale now — a conflict, nothing written.
        let mut again = edited.clone();
        again["spec"]["priority"] = json!(5);
        let (code, out, err) = apply(write(d, "stale.yaml", &again), &["--yes"]).await;
        assert_eq!(code, 3, "{out}{err}");
        assert!(err.contains("conflict"), "{err}");
        assert_eq!(get_pp(&karmada, "cart-duplicated").await, now);
        sc.step("a stale resourceVersion is a conflict (exit 3), nothing overwritten");

        // Invalid YAML: line and column named, nothing sent.
        std::fs::write(d.join("bad.yaml"), "spec:\n  placement: [a\n  x: 1\n").unwrap();
        let (code, out, err) = apply(d.join("bad.yaml").display().to_string(), &["--yes"]).await;
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("line 3, column"), "{err}");
        assert_eq!(get_pp(&karmada, "cart-duplicated").await, now);

        // A misspelt field: the apiserver (1.20, no strict validation) would prune it.
        let mut typo = fleetdeck::actions::apply_policy::editable(&now);
        typo["spec"]["placement"]["clusterAfinity"] = json!({"clusterNames": ["member1"]});
        let (code, out, err) = apply(write(d, "typo.yaml", &typo), &["--yes"]).await;
        assert_eq!(code, 2, "{out}{err}");
        assert!(err.contains("/spec/placement/clusterAfinity"), "{err}");
        assert_eq!(get_pp(&karmada, "cart-duplicated").await, now);
        assert_eq!(bin::audit_lines(d).len(), 1);
        sc.step("invalid YAML and a pruned field are refused, nothing sent");

        // A new policy: created.
        let p = fleetdeck::actions::apply_policy::prefill(
            "apps/v1",
            "Deployment",
            Some("shop"),
            "e2e-new",
            &["member1".into()],
        );
        let (code, out, err) = apply(write(d, "new.yaml", &p), &["--yes"]).await;
        assert_eq!(code, 0, "{out}{err}");
        let created = get_pp(&karmada, "e2e-new-propagation").await;
        assert_eq!(created["spec"], p["spec"]);
        // The same file again (no resourceVersion: the desired state): nothing to do.
        let (code, out, err) = apply(write(d, "new.yaml", &p), &["--yes"]).await;
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("nothing to do"), "{out}");
        assert_eq!(bin::audit_lines(d).len(), 2);
        sc.step("a new policy is created; the same file again is nothing to do");
    };
    let cleanup = async {
        let _ = pps
            .delete("e2e-new-propagation", &DeleteParams::default())
            .await;
        let back: DynamicObject = serde_json::from_value(original.clone()).unwrap();
        support::put_back(&pps, "cart-duplicated", &back).await;
    };
    with_cleanup(body, cleanup).await;
}
