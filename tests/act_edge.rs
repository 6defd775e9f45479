//! `fleetdeck act cordon-node` / `uncordon-node` on the demo fleet, as a user runs them.

mod common;
use common::bin::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn cordon_node_plans_a_guarded_patch_and_applies_with_an_audit_line() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--demo",
        "act",
        "cordon-node",
        "edge-02",
        "--context",
        "edge-cn",
    ];
    let o = fleetdeck(dir.path(), &[&args[..], &["--json"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["verb"], "cordon-node");
    assert_eq!(v["applied"], false);
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1, "{v:#}");
    let s = &steps[0];
    assert_eq!(s["context"], "edge-cn");
    assert_eq!(s["kind"], "Node");
    assert_eq!(s["name"], "edge-02");
    assert_eq!(s["guard"], "resourceVersion");
    assert_eq!(
        s["patch"][1],
        serde_json::json!({"op": "add", "path": "/spec/unschedulable", "value": true})
    );
    assert!(audit_lines(dir.path()).is_empty());

    let o = fleetdeck(dir.path(), &[&args[..], &["--yes"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["verb"], "cordon-node");
    assert_eq!(lines[0]["context"], "edge-cn");
    assert_eq!(lines[0]["result"], "applied");
    assert_eq!(lines[0]["undo"]["kind"], "Node");

    // Uncordoning a node that is not cordoned (a fresh demo) is nothing to do.
    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "act",
            "uncordon-node",
            "edge-02",
            "--context",
            "edge-cn",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["noop"], "node edge-02 is not cordoned");
}

#[test]
fn cordon_node_refuses_readonly_and_needs_exactly_one_context() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "--readonly",
            "act",
            "cordon-node",
            "edge-02",
            "--context",
            "edge-cn",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(audit_lines(dir.path()).is_empty());

    let o = fleetdeck(dir.path(), &["--demo", "act", "cordon-node", "edge-02"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("pass --context"), "{}", stderr(&o));

    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "act",
            "uncordon-node",
            "edge-02",
            "--context",
            "edge-cn,prod-eu",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("exactly one"), "{}", stderr(&o));

    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "act",
            "cordon-node",
            "edge-99",
            "--context",
            "edge-cn",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "not found: {}", stderr(&o));
}
