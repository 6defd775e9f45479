//! `fleetdeck act drain-cluster` and `restore` on the demo fleet, as a user runs them.

mod common;
use common::bin::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn drain_plans_every_route_of_every_context_and_applies_with_an_audit_line_per_step() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(
        dir.path(),
        &["--demo", "act", "drain-cluster", "prod-us", "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["verb"], "drain-cluster");
    let steps = v["steps"].as_array().unwrap();
    // web, search and cart on prod-eu and prod-us, search on prod-ap.
    assert_eq!(steps.len(), 7, "{v:#}");
    assert!(
        steps
            .iter()
            .all(|s| s["kind"] == "VirtualService" && s["guard"] == "test")
    );
    assert_eq!(
        steps
            .iter()
            .map(|s| s["context"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            "prod-ap", "prod-eu", "prod-eu", "prod-eu", "prod-us", "prod-us", "prod-us"
        ],
        "grouped by context"
    );
    // cart's canary route goes only to prod-us, on both contexts that hold it.
    let cannot = v["cannot_drain"].as_array().unwrap();
    assert_eq!(cannot.len(), 2, "{v:#}");
    assert!(
        cannot
            .iter()
            .all(|c| c["name"] == "cart" && c["route"] == 0 && c["route_name"] == "canary")
    );
    assert_eq!(v["shares"]["before"]["prod-us"], 47.78);
    assert_eq!(v["shares"]["after"]["prod-us"], 22.22);
    assert_eq!(v["applied"], false);
    assert!(audit_lines(dir.path()).is_empty());

    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "--readonly",
            "act",
            "drain-cluster",
            "prod-us",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(audit_lines(dir.path()).is_empty());

    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "act",
            "drain-cluster",
            "prod-eu",
            "--cordon",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["applied"], true);
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 8, "7 routes and the cordon");
    assert!(
        lines
            .iter()
            .all(|l| l["plan"] == v["plan_id"] && l["verb"] == "drain-cluster")
    );
    assert!(
        lines
            .iter()
            .all(|l| l["undo"]["ops"].as_array().is_some_and(|o| !o.is_empty()))
    );

    // Another process's demo is a fresh fleet: nothing of the plan holds there, all left alone.
    let id = v["plan_id"].as_str().unwrap();
    let o = fleetdeck(dir.path(), &["--demo", "act", "restore", id, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["restores"], id);
    assert_eq!(r["changed_since"].as_array().unwrap().len(), 7, "{r:#}");
    assert!(r["noop"].as_str().unwrap().contains("nothing of plan"));
}

#[test]
fn drain_refuses_unknown_clusters_and_a_restore_of_an_unknown_plan_lists_the_recent_ones() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(dir.path(), &["--demo", "act", "drain-cluster", "prod-xx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no cluster named \"prod-xx\" (known: "),
        "{}",
        stderr(&o)
    );
    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "act",
            "drain-cluster",
            "prod-eu",
            "--to",
            "prod-eu",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = fleetdeck(
        dir.path(),
        &["--demo", "act", "cordon-cluster", "prod-ap", "--yes"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = fleetdeck(dir.path(), &["--demo", "act", "restore", "p-nope"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("plan p-nope has no applied step standing"),
        "{e}"
    );
    assert!(
        e.contains("recent plans: p-") && e.contains("(cordon-cluster, "),
        "{e}"
    );
}
