//! `fleetdeck act set-weights` and `set-route-weights` on the demo fleet: the plan with its
//! preview (`act --json`), the refusals with their exit codes.

mod common;
use common::bin::*;
use serde_json::{Value, json};

fn act_json(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["--demo", "act"];
    all.extend_from_slice(args);
    all.push("--json");
    let o = fleetdeck(dir, &all);
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", stdout(&o), stderr(&o)));
    (o.status.code(), v)
}

#[test]
fn set_weights_previews_every_bound_template_by_karmadas_split() {
    let dir = tempfile::tempdir().unwrap();
    let (code, v) = act_json(
        dir.path(),
        &[
            "set-weights",
            "--policy",
            "shop/web",
            "--weights",
            "prod-eu=1,prod-us=1",
        ],
    );
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["verb"], "set-weights");
    assert_eq!(v["applied"], false);
    let p = &v["preview"][0];
    assert_eq!(
        p["template"],
        json!({"kind": "Deployment", "namespace": "shop", "name": "web"})
    );
    assert_eq!(
        p["before"],
        json!({"prod-ap": 2, "prod-eu": 4, "prod-us": 2})
    );
    // 8 replicas at 1:1:1 by Webster: 3/3/2, the tie by the template uid's hash.
    let after: Vec<i64> = p["after"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_i64().unwrap())
        .collect();
    assert_eq!(after.iter().sum::<i64>(), 8);
    assert_eq!(after.iter().filter(|x| **x == 3).count(), 2, "{p}");
    let step = &v["steps"][0];
    assert_eq!(step["kind"], "PropagationPolicy");
    assert_eq!(step["guard"], "resourceVersion");
    assert_eq!(
        step["patch"][1]["path"],
        "/spec/placement/replicaScheduling/weightPreference/staticWeightList"
    );
    assert!(audit_lines(dir.path()).is_empty());
}

#[test]
fn set_weights_refusals_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec![
                "set-weights",
                "--policy",
                "shop/web",
                "--weights",
                "nowhere=1",
            ],
            "nowhere is not a cluster shop/web places on",
        ),
        (
            vec![
                "set-weights",
                "--policy",
                "shop/web",
                "--weights",
                "prod-eu=x",
            ],
            "is not a whole number",
        ),
        (
            vec![
                "set-weights",
                "--policy",
                "shop/cart",
                "--weights",
                "prod-eu=1",
            ],
            "Duplicated",
        ),
        (
            vec![
                "set-weights",
                "--policy",
                "batch-global",
                "--weights",
                "prod-eu=1",
            ],
            "dynamicWeight",
        ),
        (
            vec![
                "set-weights",
                "--policy",
                "shop/nope",
                "--weights",
                "prod-eu=1",
            ],
            "not found",
        ),
    ] {
        let (code, v) = act_json(dir.path(), &args);
        assert_eq!(code, Some(2), "{args:?}: {v}");
        assert!(v["error"].as_str().unwrap().contains(says), "{args:?}: {v}");
    }
    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "--readonly",
            "act",
            "set-weights",
            "--policy",
            "shop/web",
            "--weights",
            "prod-eu=1",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
}

#[test]
fn set_route_weights_previews_the_traffic_and_applies_with_an_audit_line() {
    let dir = tempfile::tempdir().unwrap();
    let (code, v) = act_json(
        dir.path(),
        &[
            "--context",
            "prod-eu",
            "set-route-weights",
            "--vs",
            "shop/web",
            "--route",
            "0",
            "--weights",
            "prod-eu=50,prod-us=50",
            "--yes",
        ],
    );
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["applied"], true);
    assert_eq!(
        v["preview"],
        json!({"before": {"prod-eu": 80.0, "prod-us": 20.0},
        "after": {"prod-eu": 50.0, "prod-us": 50.0}})
    );
    let step = &v["steps"][0];
    assert_eq!(step["guard"], "test");
    assert_eq!(step["context"], "prod-eu");
    let ops = step["patch"].as_array().unwrap();
    assert!(ops.iter().any(|o| o["op"] == "test"
        && o["path"] == "/spec/http/0/route/0/weight"
        && o["value"] == 80));
    assert!(ops.iter().all(|o| o["path"] != "/metadata/resourceVersion"));
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["result"], "applied");
}

#[test]
fn set_route_weights_refusals_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for (args, says) in [
        (
            vec![
                "set-route-weights",
                "--vs",
                "shop/web",
                "--route",
                "0",
                "--weights",
                "prod-eu=50",
            ],
            "on several contexts (prod-eu, prod-us)",
        ),
        (
            vec![
                "--context",
                "prod-eu",
                "set-route-weights",
                "--vs",
                "shop/web",
                "--route",
                "0",
                "--weights",
                "prod-eu=70",
            ],
            "totals 100 and would total 90",
        ),
        (
            vec![
                "--context",
                "prod-eu",
                "set-route-weights",
                "--vs",
                "shop/web",
                "--route",
                "0",
                "--weights",
                "prod-eu=-5,prod-us=105",
            ],
            "no negative weight",
        ),
        (
            vec![
                "--context",
                "prod-eu",
                "set-route-weights",
                "--vs",
                "shop/nope",
                "--route",
                "0",
                "--weights",
                "a=1",
            ],
            "no context has VirtualService shop/nope",
        ),
    ] {
        let (code, v) = act_json(dir.path(), &args);
        assert_eq!(code, Some(2), "{args:?}: {v}");
        assert!(v["error"].as_str().unwrap().contains(says), "{args:?}: {v}");
    }
}
