use serde_json::{Value, json};

use super::*;

/// (route name, [(subset, weight)]).
type Route<'a> = (&'a str, &'a [(&'a str, Option<i64>)]);

fn vs(ns: &str, name: &str, routes: &[Route]) -> Value {
    let http: Vec<Value> = routes
        .iter()
        .map(|(rname, d)| {
            let r: Vec<Value> = d
                .iter()
                .map(|(subset, w)| {
                    let mut x = json!({"destination": {"host": format!("{name}.{ns}.svc.cluster.local"), "subset": subset}});
                    if let Some(w) = w {
                        x["weight"] = json!(w);
                    }
                    x
                })
                .collect();
            json!({"name": rname, "route": r})
        })
        .collect();
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"namespace": ns, "name": name, "resourceVersion": "7"},
        "spec": {"hosts": [name], "http": http}})
}

fn dr(ns: &str, host: &str, subsets: &[(&str, &str)]) -> Value {
    json!({"kind": "DestinationRule", "metadata": {"namespace": ns, "name": host},
        "spec": {"host": host, "subsets": subsets.iter().map(|(n, c)|
            json!({"name": n, "labels": {"topology.istio.io/cluster": c}})).collect::<Vec<_>>()}})
}

fn known() -> Vec<String> {
    ["m1", "m2", "m3"].map(String::from).to_vec()
}

fn ctx(id: usize, name: &str, vss: Vec<Value>, drs: Vec<Value>) -> MeshCtx {
    MeshCtx {
        cluster: id,
        context: name.into(),
        virtual_services: vss,
        destination_rules: drs,
    }
}

fn input<'a>(mesh: &'a [MeshCtx], known: &'a [String], x: &'a str) -> DrainInput<'a> {
    DrainInput {
        mesh,
        known,
        cluster: x,
        to: None,
        cordon: None,
        unreadable: &[],
    }
}

#[test]
fn drains_every_route_of_every_context_keeping_proportions_and_totals() {
    let k = known();
    let mesh = vec![
        ctx(
            1,
            "ctx-a",
            vec![
                vs(
                    "shop",
                    "web",
                    &[(
                        "primary",
                        &[("eu", Some(40)), ("us", Some(30)), ("ap", Some(30))],
                    )],
                ),
                vs("shop", "cart", &[("only-us", &[("m2", None)])]),
            ],
            vec![dr(
                "shop",
                "web",
                &[("eu", "m1"), ("us", "m2"), ("ap", "m3")],
            )],
        ),
        ctx(
            2,
            "ctx-b",
            vec![vs(
                "pay",
                "api",
                &[
                    ("canary", &[("m1", None)]),
                    ("default", &[("m1", Some(50)), ("m2", Some(50))]),
                ],
            )],
            vec![],
        ),
    ];
    let p = plan_drain(&input(&mesh, &k, "m1")).unwrap();
    assert_eq!(p.steps.len(), 2, "{:#?}", p.steps);
    let (a, b) = (&p.steps[0], &p.steps[1]);
    assert_eq!((a.context.as_str(), &*a.key.name), ("ctx-a", "web"));
    assert_eq!(a.change, "http[0] (primary): eu 40→0, us 30→50, ap 30→50");
    assert!(a.guarded_by_tests());
    // Only the weights change, after test ops on every destination and weight.
    let replaced: Vec<(&str, &Value)> = a
        .ops
        .iter()
        .filter(|o| o["op"] != "test")
        .map(|o| (o["path"].as_str().unwrap(), &o["value"]))
        .collect();
    assert_eq!(
        replaced,
        [
            ("/spec/http/0/route/0/weight", &json!(0)),
            ("/spec/http/0/route/1/weight", &json!(50)),
            ("/spec/http/0/route/2/weight", &json!(50)),
        ]
    );
    assert_eq!(a.ops.iter().filter(|o| o["op"] == "test").count(), 6);
    assert_eq!(b.change, "http[1] (default): m1 50→0, m2 50→100");
    let extra = p.extra.as_ref().unwrap();
    assert_eq!(
        extra["cannot_drain"],
        json!([{"context": "ctx-b", "namespace": "pay", "name": "api", "route": 0,
            "route_name": "canary", "reason": "all its destinations are in the drained cluster"}])
    );
    // Four routes: web 40/30/30, cart 100% m2, api canary 100% m1, api default 50/50.
    assert_eq!(extra["shares"]["before"]["m1"], json!(47.5));
    assert_eq!(
        extra["shares"]["after"]["m1"],
        json!(25.0),
        "the canary stays"
    );
    assert!(
        p.summary[0].starts_with("traffic share per cluster (mean over 4 route(s)): m1 48%→25%"),
        "{:?}",
        p.summary
    );
    assert!(
        p.summary
            .iter()
            .any(|l| l.starts_with("cannot drain: ctx-b pay/api http[0]"))
    );
}

#[test]
fn to_one_cluster_unknown_names_and_nothing_to_do() {
    let k = known();
    let mesh = vec![ctx(
        1,
        "a",
        vec![vs(
            "shop",
            "web",
            &[("r", &[("m1", Some(40)), ("m2", Some(30)), ("m3", Some(30))])],
        )],
        vec![],
    )];
    let mut i = input(&mesh, &k, "m1");
    i.to = Some("m3");
    let p = plan_drain(&i).unwrap();
    assert_eq!(p.steps[0].change, "http[0] (r): m1 40→0, m3 30→70");
    i.to = Some("m1");
    assert!(plan_drain(&i).unwrap_err().contains("into itself"));
    i.to = Some("nope");
    assert!(
        plan_drain(&i)
            .unwrap_err()
            .contains("no cluster named \"nope\"")
    );
    assert!(
        plan_drain(&input(&mesh, &k, "m9"))
            .unwrap_err()
            .contains("known: m1, m2, m3")
    );
    let drained = plan_drain(&input(&mesh, &k, "m1")).unwrap();
    let mut after = mesh.clone();
    // Once drained, draining again has nothing to do.
    let mut v = after[0].virtual_services[0].clone();
    for o in drained.steps[0].ops.iter().filter(|o| o["op"] == "replace") {
        *v.pointer_mut(o["path"].as_str().unwrap()).unwrap() = o["value"].clone();
    }
    after[0].virtual_services[0] = v;
    let again = plan_drain(&input(&after, &k, "m1")).unwrap();
    assert_eq!(again.noop.as_deref(), Some("no route sends traffic to m1"));
}

#[test]
fn undo_restores_the_weights_only_where_they_are_still_what_the_drain_set() {
    let k = known();
    let mesh = vec![ctx(
        1,
        "a",
        vec![vs(
            "shop",
            "web",
            &[("r", &[("m1", Some(80)), ("m2", None)])],
        )],
        vec![],
    )];
    let p = plan_drain(&input(&mesh, &k, "m1")).unwrap();
    let s = &p.steps[0];
    // m2's weight was unset (0 beside another destination): the drain adds it, the undo
    // removes it again.
    assert!(
        s.ops
            .contains(&json!({"op": "add", "path": "/spec/http/0/route/1/weight", "value": 80}))
    );
    assert!(
        s.undo
            .contains(&json!({"op": "test", "path": "/spec/http/0/route/1/weight", "value": 80}))
    );
    assert!(
        s.undo
            .contains(&json!({"op": "remove", "path": "/spec/http/0/route/1/weight"}))
    );
    assert!(
        s.undo.contains(
            &json!({"op": "replace", "path": "/spec/http/0/route/0/weight", "value": 80})
        )
    );
}

#[test]
fn cordon_joins_the_plan_and_an_unreadable_context_is_said() {
    let k = known();
    let mesh = vec![ctx(
        1,
        "a",
        vec![vs(
            "shop",
            "web",
            &[("r", &[("m1", Some(50)), ("m2", Some(50))])],
        )],
        vec![],
    )];
    let cluster = json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
        "metadata": {"name": "m1", "resourceVersion": "9"}, "spec": {}});
    let down = [("b".to_string(), "connection refused".to_string())];
    let mut i = input(&mesh, &k, "m1");
    i.cordon = Some((0, "karmada".into(), &cluster));
    i.unreadable = &down;
    let p = plan_drain(&i).unwrap();
    assert_eq!(p.steps.len(), 2);
    assert_eq!(p.steps[1].kind, Kind::KarmadaCluster);
    assert!(
        p.summary
            .iter()
            .any(|l| l == "Karmada: cordon m1 (no new replicas placed there)")
    );
    assert!(
        p.summary
            .iter()
            .any(|l| l.contains("NOT drained: the routes on b could not be read"))
    );
    assert_eq!(p.extra.unwrap()["unreadable"][0]["context"], "b");
}
