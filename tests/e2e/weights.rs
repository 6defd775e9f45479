//! Scenario: weights on the real fleet. `act set-weights` lands exactly the staticWeightList of
//! the seeded `shop/frontend-weighted` PropagationPolicy (every other field unchanged) with the
//! preview Karmada's split gives; `act set-route-weights` lands exactly the two weights of
//! member1's `shop/frontend` VirtualService; a change made between plan and apply is a
//! conflict (exit 3 / nothing written); `--readonly` exits 2.

use super::*;
use fleetdeck::actions::routes::RouteSel;
use fleetdeck::actions::{self, ActionError, AuditLog, Cause, Verb};
use fleetdeck::sources::kube::KubeBackend;
use fleetdeck::sources::kube::kubeconfig;
use support::{fleetdeck, resource as api};

async fn get(client: &Client, ar: &ApiResource, name: &str) -> Value {
    let o = Api::<DynamicObject>::namespaced_with(client.clone(), "shop", ar)
        .get(name)
        .await
        .unwrap_or_else(|e| panic!("GET {} shop/{name}: {e}", ar.kind));
    serde_json::to_value(o).unwrap()
}

const LIST: &str = "/spec/placement/replicaScheduling/weightPreference/staticWeightList";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn weights_land_exactly_those_fields_and_conflicts_write_nothing() {
    let Some(sc) = Scenario::begin("weights") else {
        return;
    };
    let env = sc.env.clone();
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let member1 = env.client(&env.kubeconfig, "member1").await;
    let pp = api(
        "policy.karmada.io",
        "v1alpha1",
        "PropagationPolicy",
        "propagationpolicies",
    );
    let vs = api(
        "networking.istio.io",
        "v1beta1",
        "VirtualService",
        "virtualservices",
    );
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let original_pp = get(&karmada, &pp, "frontend-weighted").await;
    let original_vs = get(&member1, &vs, "frontend").await;
    let body = async {
        // set-weights: the plan's preview is Karmada's split (6 replicas at 2:2 → 3/3).
        let args = [
            "--kubeconfig",
            &kc,
            "act",
            "set-weights",
            "--policy",
            "shop/frontend-weighted",
            "--weights",
            "member2=2",
            "--json",
        ];
        let (code, out, err) = fleetdeck(dir.path(), &args).await;
        assert_eq!(code, 0, "{out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let p = &v["preview"][0];
        assert_eq!(p["template"]["name"], "frontend");
        assert_eq!(p["before"], json!({"member1": 4, "member2": 2}));
        assert_eq!(p["after"], json!({"member1": 3, "member2": 3}));
        sc.step("set-weights previews frontend 4/2 → 3/3");
        // --readonly: exit 2, nothing sent.
        let mut ro = args.to_vec();
        ro.insert(0, "--readonly");
        ro.push("--yes");
        let (code, _, err) = fleetdeck(dir.path(), &ro).await;
        assert_eq!(code, 2, "{err}");
        assert_eq!(get(&karmada, &pp, "frontend-weighted").await, original_pp);
        // --yes: exactly the list changes.
        let mut yes = args.to_vec();
        yes.push("--yes");
        let (code, out, err) = fleetdeck(dir.path(), &yes).await;
        assert_eq!(code, 0, "{out}{err}");
        let now = get(&karmada, &pp, "frontend-weighted").await;
        assert_eq!(
            now.pointer(LIST).unwrap(),
            &json!([{"targetCluster": {"clusterNames": ["member1"]}, "weight": 2},
                    {"targetCluster": {"clusterNames": ["member2"]}, "weight": 2}])
        );
        let strip = |mut v: Value| {
            *v.pointer_mut(LIST).unwrap() = Value::Null;
            v["metadata"] = Value::Null;
            v
        };
        assert_eq!(
            strip(now.clone()),
            strip(original_pp.clone()),
            "only the list changed"
        );
        assert_eq!(bin::audit_lines(dir.path()).len(), 1);
        sc.step("set-weights landed only staticWeightList, one audit line");

        // set-route-weights: only the two weights change.
        let (code, out, err) = fleetdeck(
            dir.path(),
            &[
                "--kubeconfig",
                &kc,
                "--context",
                "member1",
                "act",
                "set-route-weights",
                "--vs",
                "shop/frontend",
                "--route",
                "primary",
                "--weights",
                "member1=50,member2=50",
                "--yes",
                "--json",
            ],
        )
        .await;
        assert_eq!(code, 0, "{out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["preview"]["after"],
            json!({"member1": 50.0, "member2": 50.0})
        );
        let now = get(&member1, &vs, "frontend").await;
        let mut expect = original_vs.clone();
        expect["spec"]["http"][0]["route"][0]["weight"] = json!(50);
        expect["spec"]["http"][0]["route"][1]["weight"] = json!(50);
        assert_eq!(now["spec"], expect["spec"], "only the weights changed");
        sc.step("set-route-weights landed only the two weights");

        // A change made between plan and apply: a conflict, nothing written.
        let loaded = kubeconfig::load(&kubeconfig::KubeconfigOpts {
            file: Some(env.kubeconfig.clone()),
            contexts: Some(vec!["member1".into()]),
        })
        .unwrap();
        let backend = KubeBackend::connect_only(&loaded).await;
        let verb = Verb::SetRouteWeights {
            clusters: vec![0],
            vs: ObjKey::new(Some("shop"), "frontend"),
            route: RouteSel::Index(0),
            weights: vec![("member1".into(), 90), ("member2".into(), 10)],
        };
        let plan = verb.plan(&backend, &backend.contexts()).await.unwrap();
        // Someone sets member2 to 40/60 meanwhile.
        let meddle = json!([{"op": "replace", "path": "/spec/http/0/route/0/weight", "value": 40},
                            {"op": "replace", "path": "/spec/http/0/route/1/weight", "value": 60}]);
        Api::<DynamicObject>::namespaced_with(member1.clone(), "shop", &vs)
            .patch(
                "frontend",
                &kube::api::PatchParams::default(),
                &kube::api::Patch::<()>::Json(serde_json::from_value(meddle).unwrap()),
            )
            .await
            .unwrap();
        let audit = AuditLog::new(dir.path().join("state/audit2.log"));
        let err = actions::run(&backend, &plan, false, true, &audit, 0)
            .await
            .unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        assert!(
            matches!(
                err,
                ActionError::DryRun {
                    cause: Cause::Conflict,
                    ..
                }
            ),
            "{err:?}"
        );
        let now = get(&member1, &vs, "frontend").await;
        assert_eq!(
            now["spec"]["http"][0]["route"][0]["weight"], 40,
            "not overwritten"
        );
        assert_eq!(now["spec"]["http"][0]["route"][1]["weight"], 60);
        sc.step(format!("a change made meanwhile: {err}"));
        // The policy the same way: a stale resourceVersion is a conflict.
        let verb = Verb::SetWeights {
            control_plane: 0,
            kind: Kind::PropagationPolicy,
            policy: ObjKey::new(Some("shop"), "frontend-weighted"),
            weights: vec![("member2".into(), 1)],
            pin: false,
        };
        let loaded = kubeconfig::load(&kubeconfig::KubeconfigOpts {
            file: Some(env.kubeconfig.clone()),
            contexts: Some(vec!["karmada".into()]),
        })
        .unwrap();
        let kb = KubeBackend::connect_only(&loaded).await;
        let plan = verb.plan(&kb, &kb.contexts()).await.unwrap();
        let touch = json!({"metadata": {"annotations": {"fleetdeck.io/e2e": "touched"}}});
        Api::<DynamicObject>::namespaced_with(karmada.clone(), "shop", &pp)
            .patch(
                "frontend-weighted",
                &kube::api::PatchParams::default(),
                &kube::api::Patch::Merge(touch),
            )
            .await
            .unwrap();
        let err = actions::run(&kb, &plan, false, true, &audit, 0)
            .await
            .unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        let now = get(&karmada, &pp, "frontend-weighted").await;
        assert_eq!(
            now.pointer(LIST).unwrap()[1]["weight"],
            2,
            "not overwritten"
        );
        sc.step("a stale policy: conflict, nothing written");
    };
    let restore = async {
        for (client, ar, name, orig) in [
            (&karmada, &pp, "frontend-weighted", &original_pp),
            (&member1, &vs, "frontend", &original_vs),
        ] {
            let api = Api::<DynamicObject>::namespaced_with(client.clone(), "shop", ar);
            if let Ok(cur) = api.get(name).await {
                let mut o: DynamicObject = serde_json::from_value(orig.clone()).unwrap();
                o.metadata.resource_version = cur.metadata.resource_version.clone();
                let _ = api.replace(name, &PostParams::default(), &o).await;
            }
        }
    };
    with_cleanup(body, restore).await;
}
