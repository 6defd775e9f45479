use serde_json::{Value, json};

use super::*;

fn apply(v: &Value, patch: &Value) -> Result<Value, String> {
    let mut v = v.clone();
    let p: json_patch::Patch = serde_json::from_value(patch.clone()).unwrap();
    json_patch::patch(&mut v, &p).map_err(|e| e.to_string())?;
    Ok(v)
}

fn vs() -> Value {
    json!({"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
        "metadata": {"name": "web", "namespace": "shop", "resourceVersion": "55"},
        "spec": {"hosts": ["web.shop.svc.cluster.local"], "gateways": ["mesh"],
            "http": [
                {"name": "canary", "match": [{"headers": {"x-canary": {"exact": "1"}}}],
                 "route": [{"destination": {"host": "web", "subset": "v2"}}]},
                {"name": "main", "timeout": "5s", "route": [
                    {"destination": {"host": "web", "subset": "prod-eu", "port": {"number": 80}}, "weight": 80},
                    {"destination": {"host": "web", "subset": "prod-us"}, "weight": 20},
                    {"destination": {"host": "web", "subset": "prod-ap"}, "weight": 0}]}]}})
}

fn set(v: &[(&str, i64)]) -> Vec<(String, i64)> {
    v.iter().map(|(d, w)| (d.to_string(), *w)).collect()
}

#[test]
fn only_the_weights_change_guarded_by_tests() {
    let v = vs();
    let p = plan_route_weights(
        1,
        "member1",
        &v,
        &RouteSel::Name("main".into()),
        &set(&[("prod-eu", 50), ("prod-us", 50)]),
    )
    .unwrap();
    let s = &p.steps[0];
    assert_eq!(
        s.resource_version, "",
        "guarded by tests, not by the resourceVersion"
    );
    assert!(
        s.patch()
            .as_array()
            .unwrap()
            .iter()
            .all(|op| op["path"] != "/metadata/resourceVersion")
    );
    let after = apply(&v, &s.patch()).unwrap();
    let mut expect = v.clone();
    expect["spec"]["http"][1]["route"][0]["weight"] = json!(50);
    expect["spec"]["http"][1]["route"][1]["weight"] = json!(50);
    assert_eq!(after, expect);
    assert_eq!(s.missing_in(&after), None);
    assert_eq!(s.change, "http[1] weights: prod-eu 80→50, prod-us 20→50");
    assert_eq!(
        p.preview.as_ref().unwrap()["before"],
        json!({"prod-eu": 80.0, "prod-us": 20.0, "prod-ap": 0.0})
    );
    assert_eq!(p.preview.as_ref().unwrap()["after"]["prod-us"], json!(50.0));
    // Undone: back to what it was.
    assert_eq!(apply(&after, &s.undo_patch("")).unwrap(), v);
    // A weight changed meanwhile: the test op fails, nothing is written.
    let mut meddled = v.clone();
    meddled["spec"]["http"][1]["route"][2]["weight"] = json!(5);
    assert!(apply(&meddled, &s.patch()).is_err());
    // The routes reordered meanwhile: the destination tests fail.
    let mut moved = v.clone();
    moved["spec"]["http"][1]["route"]
        .as_array_mut()
        .unwrap()
        .swap(0, 1);
    assert!(apply(&moved, &s.patch()).is_err());
    // The undo does not clobber a change made after the apply.
    let mut later = after.clone();
    later["spec"]["http"][1]["route"][0]["weight"] = json!(40);
    assert!(apply(&later, &s.undo_patch("")).is_err());
}

#[test]
fn by_index_host_and_istio_rules() {
    let v = vs();
    let p = plan_route_weights(
        0,
        "c",
        &v,
        &RouteSel::parse("1"),
        &set(&[("prod-eu", 70), ("prod-ap", 10)]),
    )
    .unwrap();
    assert_eq!(p.verb, SET_ROUTE_WEIGHTS);
    let e =
        plan_route_weights(0, "c", &v, &RouteSel::Index(1), &set(&[("prod-eu", 70)])).unwrap_err();
    assert!(e.contains("totals 100 and would total 90"), "{e}");
    let e = plan_route_weights(
        0,
        "c",
        &v,
        &RouteSel::Index(1),
        &set(&[("prod-eu", -1), ("prod-us", 101)]),
    )
    .unwrap_err();
    assert!(e.contains("no negative weight"), "{e}");
    let e =
        plan_route_weights(0, "c", &v, &RouteSel::Index(1), &set(&[("prod-xx", 1)])).unwrap_err();
    assert!(
        e.contains("has no destination prod-xx (it has: prod-eu, prod-us, prod-ap)"),
        "{e}"
    );
    let e =
        plan_route_weights(0, "c", &v, &RouteSel::Index(5), &set(&[("prod-eu", 1)])).unwrap_err();
    assert!(e.contains("there is no route 5"), "{e}");
    let e = plan_route_weights(
        0,
        "c",
        &v,
        &RouteSel::parse("nope"),
        &set(&[("prod-eu", 1)]),
    )
    .unwrap_err();
    assert!(e.contains("no http route named \"nope\""), "{e}");
    // Free weights (not totalling 100): any split, but not all zero.
    let mut free = v.clone();
    free["spec"]["http"][1]["route"][0]["weight"] = json!(3);
    free["spec"]["http"][1]["route"][1]["weight"] = json!(1);
    let p =
        plan_route_weights(0, "c", &free, &RouteSel::Index(1), &set(&[("prod-eu", 1)])).unwrap();
    assert_eq!(
        p.preview.unwrap()["after"],
        json!({"prod-eu": 50.0, "prod-us": 50.0, "prod-ap": 0.0})
    );
    let e = plan_route_weights(
        0,
        "c",
        &free,
        &RouteSel::Index(1),
        &set(&[("prod-eu", 0), ("prod-us", 0)]),
    )
    .unwrap_err();
    assert!(e.contains("cannot send every one of them 0"), "{e}");
    // The same weights: nothing to do.
    assert!(
        plan_route_weights(0, "c", &v, &RouteSel::Index(1), &set(&[("prod-eu", 80)]))
            .unwrap()
            .is_noop()
    );
    // A host names a destination when it is the only one with that host.
    let single =
        plan_route_weights(0, "c", &v, &RouteSel::Index(0), &set(&[("web", 100)])).unwrap();
    assert!(single.is_noop());
}
