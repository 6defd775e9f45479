//! Scenarios 5 and 6, headless: `snapshot --pane warnings --json` against every apiserver's
//! Warning events; `act cordon-cluster` and `uncordon-cluster` against the control plane.

use super::*;
use support::fleetdeck;

fn audit(dir: &std::path::Path) -> Vec<Value> {
    bin::audit_lines(dir)
}

/// Every Warning event of every context is in a row of the folded warnings, with its count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn warnings_pane_json_lists_every_warning_event_of_every_context() {
    let Some(sc) = Scenario::begin("warnings") else {
        return;
    };
    let env = &sc.env;
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let v = support::pane_json(dir.path(), &kc, None, "warnings", Some("30")).await;
    assert_eq!(v["pane"], "warnings");
    let rows = v["rows"].as_array().unwrap();
    // (cluster, namespace, object, reason) → (count, events)
    let mut got: BTreeMap<(String, String, String, String), (i64, u64)> = BTreeMap::new();
    for r in rows {
        let k = (
            r["cluster"].as_str().unwrap().to_string(),
            r["namespace"].as_str().unwrap().to_string(),
            r["object"].as_str().unwrap().to_string(),
            r["reason"].as_str().unwrap().to_string(),
        );
        assert!(
            got.insert(
                k.clone(),
                (r["count"].as_i64().unwrap(), r["events"].as_u64().unwrap())
            )
            .is_none(),
            "{k:?} twice"
        );
    }
    // Newest first.
    let seen: Vec<&str> = rows
        .iter()
        .map(|r| r["last_seen"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first");
    let mut want: BTreeMap<(String, String, String, String), (i64, u64)> = BTreeMap::new();
    let mut total = 0;
    for ctx in &env.contexts {
        let client = env.client(&env.kubeconfig, ctx).await;
        let events = Api::<Event>::all(client)
            .list(&ListParams::default().fields("type=Warning"))
            .await
            .expect("list warning events");
        for e in events {
            let o = &e.involved_object;
            let k = (
                ctx.clone(),
                e.metadata.namespace.clone().unwrap_or_default(),
                format!(
                    "{}/{}",
                    o.kind.as_deref().unwrap_or(""),
                    o.name.as_deref().unwrap_or("")
                ),
                e.reason.clone().unwrap_or_default(),
            );
            let c = want.entry(k).or_default();
            c.0 += i64::from(e.count.filter(|c| *c > 0).unwrap_or(1));
            c.1 += 1;
            total += 1;
        }
    }
    say(format!(
        "  {total} Warning events on the apiservers, {} folded rows",
        rows.len()
    ));
    assert!(
        total >= env.contexts.len(),
        "the seed has warnings on every member"
    );
    assert_eq!(got, want, "rows vs the apiservers' events (count, events)");
    sc.step(format!(
        "{} rows cover all {total} Warning events of {} contexts",
        rows.len(),
        env.contexts.len()
    ));
}

/// `act cordon-cluster member1`: without --yes nothing changes; --readonly exits 2 before
/// asking anything; a viewer's token is forbidden (4); --yes taints it with one audit line;
/// uncordon puts the spec back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn act_cordon_cluster_headless() {
    let Some(sc) = Scenario::begin("act") else {
        return;
    };
    let env = sc.env.clone();
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let body = async {
        let original = karmada_cluster(&karmada, "member1").await;
        let rv = |o: &DynamicObject| o.resource_version().unwrap_or_default();
        let dir = tempfile::tempdir().unwrap();
        let kc = env.kubeconfig.display().to_string();
        let ro = env.kubeconfig_readonly.display().to_string();
        let act = |extra: &[&str]| {
            let mut a = vec!["act", "cordon-cluster", "member1"];
            a.extend_from_slice(extra);
            a.iter().map(|s| s.to_string()).collect::<Vec<String>>()
        };
        let run = |args: Vec<String>| {
            let d = dir.path().to_path_buf();
            async move {
                let a: Vec<&str> = args.iter().map(String::as_str).collect();
                fleetdeck(&d, &a).await
            }
        };

        // The plan alone.
        let (code, out, err) = run(act(&["--kubeconfig", &kc])).await;
        assert_eq!(code, 0, "{err}");
        assert!(
            out.contains("step 1/1: clusters.cluster.karmada.io/member1 on karmada"),
            "{out}"
        );
        assert!(out.contains("not applied"), "{out}");
        assert_eq!(
            rv(&karmada_cluster(&karmada, "member1").await),
            rv(&original),
            "changed without --yes"
        );
        assert!(audit(dir.path()).is_empty());
        sc.step("without --yes: the plan printed, nothing changed");

        // --dry-run: the server checks; nothing changes.
        let (code, out, err) = run(act(&["--kubeconfig", &kc, "--dry-run"])).await;
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("server dry-run of every step passed"), "{out}");
        assert_eq!(
            rv(&karmada_cluster(&karmada, "member1").await),
            rv(&original)
        );

        // --readonly: refused before anything is asked.
        let (code, _, err) = run(act(&["--kubeconfig", &kc, "--readonly", "--yes"])).await;
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("read-only mode (--readonly): refusing to cordon karmada member member1"),
            "{err}"
        );

        // A viewer's token: the apiserver forbids the dry-run.
        let (code, _, err) = run(act(&["--kubeconfig", &ro, "--yes"])).await;
        assert_eq!(code, 4, "{err}");
        assert!(err.contains("forbidden") && err.contains("viewer"), "{err}");
        assert_eq!(
            rv(&karmada_cluster(&karmada, "member1").await),
            rv(&original)
        );
        assert!(audit(dir.path()).is_empty());
        sc.step("--readonly exits 2, a viewer 4; nothing changed, no audit line");

        // --yes: applied, one audit line.
        let (code, out, err) = run(act(&["--kubeconfig", &kc, "--yes", "--json"])).await;
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["applied"], true);
        let now = karmada_cluster(&karmada, "member1").await;
        assert!(
            taints_of(&now).contains(&format!("{UNSCHEDULABLE}:NoSchedule")),
            "{:?}",
            now.data["spec"]
        );
        let lines = audit(dir.path());
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert_eq!(lines[0]["plan"], v["plan_id"]);
        assert_eq!(lines[0]["context"], "karmada");
        assert_eq!(lines[0]["result"], "applied");
        sc.step(format!(
            "--yes: tainted, audit line of plan {}",
            v["plan_id"]
        ));

        // Again: nothing to do.
        let (code, out, _) = run(act(&["--kubeconfig", &kc, "--yes"])).await;
        assert_eq!(code, 0);
        assert!(
            out.contains("nothing to do: member1 is already cordoned"),
            "{out}"
        );

        // Uncordon: the spec as before.
        let d = dir.path().to_path_buf();
        let (code, _, err) = fleetdeck(
            &d,
            &[
                "act",
                "uncordon-cluster",
                "member1",
                "--kubeconfig",
                &kc,
                "--yes",
            ],
        )
        .await;
        assert_eq!(code, 0, "{err}");
        let back = karmada_cluster(&karmada, "member1").await;
        assert_eq!(
            back.data["spec"], original.data["spec"],
            "spec back to what it was"
        );
        assert_eq!(audit(dir.path()).len(), 2);
    };
    let cleanup = async {
        env.fleet_async(&["seed"]).await;
    };
    with_cleanup(body, cleanup).await;
}

/// `snapshot --pane all:KIND --json`: every object of the kind on every context, with the
/// fields the apiservers hold (PodGroups, the kind added by the docs' recipe; and Deployments).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn fleet_wide_kind_panes_match_the_apiservers() {
    let Some(sc) = Scenario::begin("all-kinds") else {
        return;
    };
    let env = &sc.env;
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    for (pane, group, version, kind, plural) in [
        (
            "all:podgroups",
            "scheduling.volcano.sh",
            "v1beta1",
            "PodGroup",
            "podgroups",
        ),
        ("all:deployments", "apps", "v1", "Deployment", "deployments"),
    ] {
        let v = support::pane_json(dir.path(), &kc, None, pane, Some("30")).await;
        let got: BTreeSet<(String, String, String)> = v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["cluster"].as_str().unwrap().to_string(),
                    r["namespace"].as_str().unwrap().to_string(),
                    r["name"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let ar =
            ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural);
        let mut want = BTreeSet::new();
        for ctx in &env.contexts {
            let client = env.client(&env.kubeconfig, ctx).await;
            let Ok(list) = Api::<DynamicObject>::all_with(client, &ar)
                .list(&ListParams::default())
                .await
            else {
                continue; // the CRD is not on this context (Volcano is on the members only)
            };
            for o in list {
                want.insert((ctx.clone(), o.namespace().unwrap_or_default(), o.name_any()));
                if kind == "PodGroup" {
                    let row = v["rows"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|r| r["cluster"] == json!(ctx) && r["name"] == json!(o.name_any()))
                        .unwrap_or_else(|| panic!("{ctx}/{} missing", o.name_any()));
                    assert_eq!(row["queue"], o.data["spec"]["queue"], "{ctx}: {row}");
                    assert_eq!(row["phase"], o.data["status"]["phase"], "{ctx}: {row}");
                    assert_eq!(
                        row["min_member"], o.data["spec"]["minMember"],
                        "{ctx}: {row}"
                    );
                }
            }
        }
        assert!(!want.is_empty(), "{pane}: the seed has some");
        assert_eq!(got, want, "{pane}");
        sc.step(format!(
            "{pane}: {} rows, the apiservers' {} objects",
            got.len(),
            want.len()
        ));
    }
}
