//! Scenario: mesh drain on the real fleet. VirtualServices and DestinationRules in two
//! namespaces (mesh-a, mesh-b) on member1 and member2, routing to subsets labelled
//! `topology.istio.io/cluster: member1..3`. Draining member3:
//! - as a user who may patch VirtualServices in mesh-a but not in mesh-b: the dry-run refuses
//!   (exit 4), naming the object, and nothing is applied anywhere;
//! - with a change made to the last object between dry-run and apply: the steps before it are
//!   reverted, the change made meanwhile stays;
//! - as admin: no weight left on member3's destinations, the others' proportions kept, every
//!   other field unchanged, the canary route only on member3 listed as cannot_drain, one audit
//!   line per step under one plan id;
//! - `act restore PLAN_ID`: the specs are back where nothing changed since; the object changed
//!   since is listed and left alone.
//!
//! It also times the dry-run and apply of a 50-object drain next to 50 sequential patches.

use super::*;
use fleetdeck::actions::{self, ActionError, AuditLog, Verb};
use fleetdeck::sources::kube::{KubeBackend, kubeconfig};
use fleetdeck::sources::{ApiError, BoxFut, Executor};
use support::{fleetdeck, resource as res};

fn api(kind: &str, plural: &str) -> ApiResource {
    res("networking.istio.io", "v1beta1", kind, plural)
}

fn host(svc: &str, ns: &str) -> String {
    format!("{svc}.{ns}.svc.cluster.local")
}

/// (route name, [(subset, weight)]).
type Route<'a> = (&'a str, &'a [(&'a str, i64)]);

fn vs(ns: &str, name: &str, routes: &[Route]) -> Value {
    let h = host(name, ns);
    let http: Vec<Value> = routes
        .iter()
        .map(|(r, d)| {
            let mut x = json!({"name": r, "route": d.iter().map(|(s, w)| json!({
                "destination": {"host": h, "subset": s, "port": {"number": 8080}}, "weight": w}))
                .collect::<Vec<_>>(), "timeout": "5s"});
            if *r == "canary" {
                x["match"] = json!([{"headers": {"x-canary": {"exact": "1"}}}]);
            }
            x
        })
        .collect();
    json!({"apiVersion": "networking.istio.io/v1beta1", "kind": "VirtualService",
        "metadata": {"namespace": ns, "name": name, "labels": {"app": name}},
        "spec": {"hosts": [h], "http": http}})
}

fn dr(ns: &str, name: &str) -> Value {
    let subsets: Vec<Value> = (1..=3)
        .map(|i| json!({"name": format!("m{i}"), "labels": {"topology.istio.io/cluster": format!("member{i}")}}))
        .collect();
    json!({"apiVersion": "networking.istio.io/v1beta1", "kind": "DestinationRule",
        "metadata": {"namespace": ns, "name": name},
        "spec": {"host": host(name, ns), "subsets": subsets}})
}

/// (context, namespace, name, routes).
type Fixture = (
    &'static str,
    &'static str,
    &'static str,
    Vec<Route<'static>>,
);

fn fixtures() -> Vec<Fixture> {
    let api: Route = ("default", &[("m1", 50), ("m2", 20), ("m3", 30)]);
    let web: Route = ("default", &[("m1", 70), ("m3", 30)]);
    vec![
        ("member1", "mesh-a", "api", vec![api]),
        (
            "member1",
            "mesh-a",
            "pay",
            vec![
                ("canary", &[("m3", 100)]),
                ("default", &[("m2", 40), ("m3", 60)]),
            ],
        ),
        ("member1", "mesh-b", "web", vec![web]),
        ("member2", "mesh-a", "api", vec![api]),
        ("member2", "mesh-b", "web", vec![web]),
        (
            "member2",
            "mesh-b",
            "static",
            vec![("default", &[("m1", 100)])],
        ),
    ]
}

struct Clients {
    m1: Client,
    m2: Client,
}

impl Clients {
    fn of(&self, ctx: &str) -> &Client {
        if ctx == "member1" { &self.m1 } else { &self.m2 }
    }
}

async fn apply(client: &Client, obj: Value) {
    let (kind, plural) = match obj["kind"].as_str().unwrap() {
        "VirtualService" => ("VirtualService", "virtualservices"),
        _ => ("DestinationRule", "destinationrules"),
    };
    let ns = obj["metadata"]["namespace"].as_str().unwrap().to_string();
    let name = obj["metadata"]["name"].as_str().unwrap().to_string();
    let a = Api::<DynamicObject>::namespaced_with(client.clone(), &ns, &api(kind, plural));
    let mut o: DynamicObject = serde_json::from_value(obj).unwrap();
    match a.get(&name).await {
        Ok(cur) => {
            o.metadata.resource_version = cur.metadata.resource_version;
            a.replace(&name, &PostParams::default(), &o).await.unwrap();
        }
        Err(_) => {
            a.create(&PostParams::default(), &o).await.unwrap();
        }
    }
}

/// Create `body` (already there is fine).
async fn create(client: &Client, ar: &ApiResource, ns: Option<&str>, body: Value) {
    let a = match ns {
        Some(ns) => Api::<DynamicObject>::namespaced_with(client.clone(), ns, ar),
        None => Api::<DynamicObject>::all_with(client.clone(), ar),
    };
    let o: DynamicObject = serde_json::from_value(body).unwrap();
    match a.create(&PostParams::default(), &o).await {
        Ok(_) => {}
        Err(kube::Error::Api(e)) if e.code == 409 => {}
        Err(e) => panic!("create {} {:?}: {e}", ar.kind, o.metadata.name),
    }
}

async fn delete(client: &Client, ar: &ApiResource, name: &str) {
    let _ = Api::<DynamicObject>::all_with(client.clone(), ar)
        .delete(name, &DeleteParams::default())
        .await;
}

fn namespace() -> ApiResource {
    res("", "v1", "Namespace", "namespaces")
}

fn rbac(kind: &str, plural: &str) -> ApiResource {
    res("rbac.authorization.k8s.io", "v1", kind, plural)
}

async fn setup(c: &Clients) {
    for ctx in ["member1", "member2"] {
        let cl = c.of(ctx);
        for ns in ["mesh-a", "mesh-b", "mesh-perf"] {
            let body = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}});
            create(cl, &namespace(), None, body).await;
        }
        for (ns, name) in [
            ("mesh-a", "api"),
            ("mesh-a", "pay"),
            ("mesh-b", "web"),
            ("mesh-b", "static"),
        ] {
            apply(cl, dr(ns, name)).await;
        }
    }
    for (ctx, ns, name, routes) in fixtures() {
        apply(c.of(ctx), vs(ns, name, &routes)).await;
    }
}

async fn get_vs(c: &Clients, ctx: &str, ns: &str, name: &str) -> Value {
    let a = Api::<DynamicObject>::namespaced_with(
        c.of(ctx).clone(),
        ns,
        &api("VirtualService", "virtualservices"),
    );
    serde_json::to_value(a.get(name).await.unwrap()).unwrap()
}

/// Every fixture's weights, in order.
async fn weights(c: &Clients) -> Vec<Vec<Vec<i64>>> {
    let mut out = Vec::new();
    for (ctx, ns, name, _) in fixtures() {
        let v = get_vs(c, ctx, ns, name).await;
        out.push(
            v["spec"]["http"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    r["route"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|d| d["weight"].as_i64().unwrap())
                        .collect()
                })
                .collect(),
        );
    }
    out
}

fn original() -> Vec<Vec<Vec<i64>>> {
    fixtures()
        .iter()
        .map(|(_, _, _, routes)| {
            routes
                .iter()
                .map(|(_, d)| d.iter().map(|(_, w)| *w).collect())
                .collect()
        })
        .collect()
}

fn drained() -> Vec<Vec<Vec<i64>>> {
    // api: 30 moved over 50:20 → 71/29; pay: canary stays (cannot drain), default → 100;
    // web → 100; static untouched.
    vec![
        vec![vec![71, 29, 0]],
        vec![vec![100], vec![100, 0]],
        vec![vec![100, 0]],
        vec![vec![71, 29, 0]],
        vec![vec![100, 0]],
        vec![vec![100]],
    ]
}

/// An executor that lets someone change one object just before its step is applied.
struct Meddler<'a> {
    inner: &'a KubeBackend,
    target: ObjKey,
    cluster: ClusterId,
    meddle: Value,
    done: std::sync::atomic::AtomicBool,
}

impl Executor for Meddler<'_> {
    fn get<'a>(
        &'a self,
        c: ClusterId,
        k: Kind,
        key: &'a ObjKey,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Executor::get(self.inner, c, k, key)
    }
    fn list(&self, c: ClusterId, k: Kind) -> BoxFut<'_, Result<Vec<Value>, ApiError>> {
        Executor::list(self.inner, c, k)
    }
    fn patch<'a>(
        &'a self,
        c: ClusterId,
        k: Kind,
        key: &'a ObjKey,
        ops: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Box::pin(async move {
            use std::sync::atomic::Ordering;
            if !dry_run
                && c == self.cluster
                && *key == self.target
                && !self.done.swap(true, Ordering::SeqCst)
            {
                Executor::patch(self.inner, c, k, key, &self.meddle, false).await?;
            }
            Executor::patch(self.inner, c, k, key, ops, dry_run).await
        })
    }
    fn create<'a>(
        &'a self,
        c: ClusterId,
        api: &'a fleetdeck::kinds::ApiSpec,
        ns: &'a str,
        obj: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>> {
        Executor::create(self.inner, c, api, ns, obj, dry_run)
    }
    fn user(&self, c: ClusterId) -> String {
        Executor::user(self.inner, c)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn drain_is_all_or_nothing_and_restore_puts_back_what_nothing_changed() {
    let Some(sc) = Scenario::begin("mesh") else {
        return;
    };
    let env = sc.env.clone();
    let c = Clients {
        m1: env.client(&env.kubeconfig, "member1").await,
        m2: env.client(&env.kubeconfig, "member2").await,
    };
    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let mesh_kc = env.dir.join("kubeconfig-mesh");
    let body = async {
        setup(&c).await;
        assert_eq!(weights(&c).await, original());
        sc.step("fixtures: 6 VirtualServices in mesh-a and mesh-b on member1 and member2");

        // RBAC: user `mesh` may read everything and patch VirtualServices in mesh-a only.
        for cl in [&c.m1, &c.m2] {
            let crb = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                "metadata": {"name": "fleetdeck-e2e-mesh-read"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "fleet-viewer"},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "mesh"}]});
            create(
                cl,
                &rbac("ClusterRoleBinding", "clusterrolebindings"),
                None,
                crb,
            )
            .await;
            let role = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": {"name": "vs-patch", "namespace": "mesh-a"},
                "rules": [{"apiGroups": ["networking.istio.io"], "resources": ["virtualservices"],
                    "verbs": ["get", "list", "watch", "patch"]}]});
            create(cl, &rbac("Role", "roles"), Some("mesh-a"), role).await;
            let rb = json!({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": "vs-patch", "namespace": "mesh-a"},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "vs-patch"},
                "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "mesh"}]});
            create(cl, &rbac("RoleBinding", "rolebindings"), Some("mesh-a"), rb).await;
        }
        let mk = mesh_kc.display().to_string();
        let drain = |kc: String, extra: Vec<&'static str>| {
            let dir = dir.path().to_path_buf();
            async move {
                let mut a = vec![
                    "--kubeconfig",
                    &kc,
                    "--context",
                    "member1,member2",
                    "act",
                    "drain-cluster",
                    "member3",
                    "--json",
                ];
                a.extend(extra);
                fleetdeck(&dir, &a).await
            }
        };
        let (code, out, err) = drain(mk.clone(), vec!["--yes"]).await;
        assert_eq!(code, 4, "forbidden in mesh-b: {out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        let e = v["error"].as_str().unwrap();
        assert!(
            e.contains("server dry-run of step 3/5 refused: forbidden"),
            "{e}"
        );
        assert!(e.contains("virtualservices") && e.contains("mesh-b"), "{e}");
        assert!(e.contains("nothing was applied"), "{e}");
        assert_eq!(weights(&c).await, original(), "nothing applied anywhere");
        assert!(bin::audit_lines(dir.path()).is_empty());
        sc.step(format!("a user who may not patch in mesh-b: {e}"));

        // A change to the last object between dry-run and apply: the steps before are reverted.
        let loaded = kubeconfig::load(&kubeconfig::KubeconfigOpts {
            file: Some(env.kubeconfig.clone()),
            contexts: Some(vec!["member1".into(), "member2".into()]),
        })
        .unwrap();
        let backend = KubeBackend::connect_only(&loaded).await;
        let verb = Verb::Drain {
            clusters: vec![0, 1],
            control_planes: vec![],
            member: "member3".into(),
            to: None,
            cordon: false,
        };
        let plan = verb.plan(&backend, &backend.contexts()).await.unwrap();
        assert_eq!(plan.steps.len(), 5);
        let meddle = json!([{"op": "replace", "path": "/spec/http/0/route/0/weight", "value": 60},
                            {"op": "replace", "path": "/spec/http/0/route/1/weight", "value": 40}]);
        let m = Meddler {
            inner: &backend,
            target: ObjKey::new(Some("mesh-b"), "web"),
            cluster: 1,
            meddle,
            done: Default::default(),
        };
        let audit = AuditLog::new(dir.path().join("state/audit-meddle.log"));
        let err = actions::run(&m, &plan, false, true, &audit, 0)
            .await
            .unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        let ActionError::Failed {
            step,
            reverted,
            unreverted,
            ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(step, "5/5");
        // member1's steps (1-3) go beside member2's (4-5): when step 5 fails, member1 may not
        // have sent steps 2 or 3 yet (the failure stops it). Whatever was applied is reverted:
        // always step 4 (before step 5 on member2) and step 1 (sent with step 4).
        assert!((2..=4).contains(&reverted.len()), "{err}");
        for s in ["step 1/5 ", "step 4/5 "] {
            assert!(reverted.iter().any(|r| r.starts_with(s)), "{s}: {err}");
        }
        assert!(unreverted.is_empty(), "{err}");
        let mut expect = original();
        expect[4] = vec![vec![60, 40]];
        assert_eq!(
            weights(&c).await,
            expect,
            "reverted; the change made meanwhile kept"
        );
        let lines = audit.read_all().unwrap();
        let count = |r: &str| lines.iter().filter(|l| l.result == r).count();
        assert_eq!(
            count("applied"),
            reverted.len(),
            "one applied line per reverted step"
        );
        assert_eq!(count("reverted"), reverted.len());
        sc.step(format!("a change before the last step: {err}"));
        apply(&c.m2, vs("mesh-b", "web", &fixtures()[4].3)).await;

        // As admin: applied, exactly the weights.
        let before: Vec<Value> = {
            let mut v = Vec::new();
            for (ctx, ns, name, _) in fixtures() {
                v.push(get_vs(&c, ctx, ns, name).await);
            }
            v
        };
        let (code, out, err) = drain(kc.clone(), vec!["--yes"]).await;
        assert_eq!(code, 0, "{out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            v["cannot_drain"],
            json!([{"context": "member1", "namespace": "mesh-a", "name": "pay", "route": 0,
                "route_name": "canary", "reason": "all its destinations are in the drained cluster"}])
        );
        assert!(v["shares"]["before"]["member3"].as_f64().unwrap() > 0.0);
        assert_eq!(v["steps"].as_array().unwrap().len(), 5);
        assert_eq!(weights(&c).await, drained());
        for (i, (ctx, ns, name, _)) in fixtures().into_iter().enumerate() {
            let strip = |mut v: Value| {
                for r in v["spec"]["http"].as_array_mut().unwrap() {
                    for d in r["route"].as_array_mut().unwrap() {
                        d["weight"] = Value::Null;
                    }
                }
                v["metadata"] = Value::Null;
                v
            };
            let now = get_vs(&c, ctx, ns, name).await;
            assert_eq!(
                strip(now),
                strip(before[i].clone()),
                "{ctx} {ns}/{name}: only weights"
            );
        }
        let id = v["plan_id"].as_str().unwrap().to_string();
        let lines = bin::audit_lines(dir.path());
        assert_eq!(lines.len(), 5);
        assert!(
            lines
                .iter()
                .all(|l| l["plan"] == id.as_str() && l["result"] == "applied")
        );
        sc.step(format!(
            "drained member3 in plan {id}: 5 VirtualServices, weights only"
        ));

        // Someone changes one of them; restore leaves it alone and puts back the rest.
        let meddle = json!([{"op": "replace", "path": "/spec/http/0/route/0/weight", "value": 90},
                            {"op": "replace", "path": "/spec/http/0/route/1/weight", "value": 10}]);
        Api::<DynamicObject>::namespaced_with(
            c.m2.clone(),
            "mesh-b",
            &api("VirtualService", "virtualservices"),
        )
        .patch(
            "web",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::<()>::Json(serde_json::from_value(meddle).unwrap()),
        )
        .await
        .unwrap();
        let args = [
            "--kubeconfig",
            &kc,
            "--context",
            "member1,member2",
            "act",
            "restore",
            &id,
            "--yes",
            "--json",
        ];
        let (code, out, err) = fleetdeck(dir.path(), &args).await;
        assert_eq!(code, 0, "{out}{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["steps"].as_array().unwrap().len(), 4, "{out}");
        let left = &v["changed_since"];
        assert_eq!(left.as_array().unwrap().len(), 1, "{out}");
        assert_eq!(
            (left[0]["context"].as_str(), left[0]["name"].as_str()),
            (Some("member2"), Some("web"))
        );
        let mut expect = original();
        expect[4] = vec![vec![90, 10]];
        assert_eq!(weights(&c).await, expect);
        for (i, (ctx, ns, name, _)) in fixtures().into_iter().enumerate() {
            if i != 4 {
                let now = get_vs(&c, ctx, ns, name).await;
                assert_eq!(now["spec"], before[i]["spec"], "{ctx} {ns}/{name} restored");
            }
        }
        sc.step("restore: 4 VirtualServices back as they were, the one changed since left alone");

        // 50 objects: the drain's dry-run + apply next to 50 sequential patches.
        let mut perf = Vec::new();
        for i in 0..25 {
            for (ctx, cl) in [("member1", &c.m1), ("member2", &c.m2)] {
                let name = format!("svc-{i:02}");
                apply(cl, dr("mesh-perf", &name)).await;
                apply(
                    cl,
                    vs(
                        "mesh-perf",
                        &name,
                        &[("default", &[("m1", 40), ("m2", 30), ("m3", 30)])],
                    ),
                )
                .await;
                perf.push((ctx, name));
            }
        }
        let loaded = kubeconfig::load(&kubeconfig::KubeconfigOpts {
            file: Some(env.kubeconfig.clone()),
            contexts: Some(vec!["member1".into(), "member2".into()]),
        })
        .unwrap();
        let backend = KubeBackend::connect_only(&loaded).await;
        // Restore left mesh-b/web changed: drain only the perf namespace's objects by planning
        // on it alone.
        let mut plan = verb.plan(&backend, &backend.contexts()).await.unwrap();
        plan.steps
            .retain(|s| s.key.namespace.as_deref() == Some("mesh-perf"));
        assert_eq!(plan.steps.len(), 50);
        let audit = AuditLog::new(dir.path().join("state/audit-perf.log"));
        let t = Instant::now();
        actions::run(&backend, &plan, false, true, &audit, 0)
            .await
            .unwrap();
        let ours = t.elapsed();
        let t = Instant::now();
        for (ctx, name) in &perf {
            let ops =
                json!([{"op": "replace", "path": "/spec/http/0/route/2/weight", "value": 31}]);
            Api::<DynamicObject>::namespaced_with(
                c.of(ctx).clone(),
                "mesh-perf",
                &api("VirtualService", "virtualservices"),
            )
            .patch(
                name,
                &kube::api::PatchParams::default(),
                &kube::api::Patch::<()>::Json(serde_json::from_value(ops).unwrap()),
            )
            .await
            .unwrap();
        }
        let seq = t.elapsed();
        sc.step(format!(
            "50-object drain: dry-run + apply {} ms; 50 sequential patches {} ms (figures for docs/performance.md)",
            ours.as_millis(),
            seq.as_millis()
        ));
    };
    let cleanup = async {
        for cl in [&c.m1, &c.m2] {
            for ns in ["mesh-a", "mesh-b", "mesh-perf"] {
                delete(cl, &namespace(), ns).await;
            }
            let crb = rbac("ClusterRoleBinding", "clusterrolebindings");
            delete(cl, &crb, "fleetdeck-e2e-mesh-read").await;
        }
    };
    with_cleanup(body, cleanup).await;
}
