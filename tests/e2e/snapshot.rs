//! Scenario 1: `fleetdeck snapshot --json` against the apiservers' own lists.

use super::*;

/// `fleetdeck snapshot --json` against the fleet: every context's numbers are the apiservers' own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
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
