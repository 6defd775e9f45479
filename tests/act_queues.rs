//! `fleetdeck act queue-close / queue-open / queue-weight` on the demo fleet, as a user runs
//! them.

mod common;
use common::bin::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn close_plans_a_command_as_vcctl_and_applies_it_with_an_audit_line() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--demo",
        "act",
        "queue-close",
        "prod",
        "--context",
        "prod-eu",
        "--json",
    ];
    let o = fleetdeck(dir.path(), &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["verb"], "queue-close");
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 1);
    let s = &steps[0];
    assert_eq!(
        (&s["kind"], &s["namespace"], &s["name"], &s["guard"]),
        (
            &"Command".into(),
            &"default".into(),
            &"prod-closequeue-".into(),
            &"none".into()
        )
    );
    assert!(s.get("patch").is_none());
    let c = &s["create"];
    assert_eq!(c["apiVersion"], "bus.volcano.sh/v1alpha1");
    assert_eq!(c["action"], "CloseQueue");
    assert_eq!(c["target"]["kind"], "Queue");
    assert_eq!(c["target"]["name"], "prod");
    assert_eq!(c["metadata"]["ownerReferences"][0], c["target"]);
    assert_eq!(c["target"]["controller"], true);
    assert_eq!(c["target"]["blockOwnerDeletion"], true);
    assert!(
        v["title"]
            .as_str()
            .unwrap()
            .contains("Close Volcano queue prod on prod-eu"),
        "{v:#}"
    );
    assert!(audit_lines(dir.path()).is_empty());

    // Text: the warning comes first.
    let o = fleetdeck(dir.path(), &args[..6]);
    let out = stdout(&o);
    assert!(
        out.contains("→ warning: queue prod has 1 Running and 1 Inqueue PodGroup(s)"),
        "{out}"
    );

    let mut yes = args[..6].to_vec();
    yes.push("--yes");
    let o = fleetdeck(dir.path(), &yes);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 1);
    let l = &lines[0];
    assert_eq!(l["verb"], "queue-close");
    assert_eq!(l["result"], "applied");
    assert_eq!(l["context"], "prod-eu");
    let object = l["object"].as_str().unwrap();
    assert!(
        object.starts_with("commands.bus.volcano.sh/default/prod-closequeue-")
            && object.len() == "commands.bus.volcano.sh/default/prod-closequeue-".len() + 5,
        "{object}"
    );
    assert!(l.get("undo").is_none(), "a created Command has no undo");
}

#[test]
fn refusals_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| fleetdeck(dir.path(), args);
    let o = run(&[
        "--demo",
        "act",
        "queue-close",
        "root",
        "--context",
        "prod-eu",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("the root queue cannot be closed"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--demo", "act", "queue-close", "default"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("pick one with --context"),
        "{}",
        stderr(&o)
    );
    let o = run(&["--demo", "act", "queue-open", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no context has Volcano queue nope"),
        "{}",
        stderr(&o)
    );
    for w in ["0", "65536"] {
        let o = run(&[
            "--demo",
            "act",
            "queue-weight",
            "prod",
            w,
            "--context",
            "prod-eu",
        ]);
        assert_eq!(o.status.code(), Some(2), "{w}");
        assert!(
            stderr(&o).contains("out of range: 1 to 65535"),
            "{}",
            stderr(&o)
        );
    }
    let o = run(&[
        "--demo",
        "--readonly",
        "act",
        "queue-close",
        "prod",
        "--context",
        "prod-eu",
        "--yes",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("read-only"), "{}", stderr(&o));
    let o = run(&[
        "--demo",
        "act",
        "queue-open",
        "prod",
        "--context",
        "prod-eu",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["noop"], "queue prod is already Open");
    assert!(audit_lines(dir.path()).is_empty());
}

#[test]
fn weight_previews_the_open_shares_and_applies() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--demo",
        "act",
        "queue-weight",
        "batch",
        "8",
        "--context",
        "prod-us",
    ];
    let mut j = args.to_vec();
    j.push("--json");
    let o = fleetdeck(dir.path(), &j);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        v["preview"],
        serde_json::json!({"before": {"root": 16.67, "batch": 66.67, "default": 16.67},
            "after": {"root": 10.0, "batch": 80.0, "default": 10.0}})
    );
    let s = &v["steps"][0];
    assert_eq!(
        (&s["kind"], &s["guard"]),
        (&"Queue".into(), &"resourceVersion".into())
    );
    assert_eq!(
        s["patch"][1],
        serde_json::json!({"op": "replace", "path": "/spec/weight", "value": 8})
    );
    let mut yes = args.to_vec();
    yes.push("--yes");
    let o = fleetdeck(dir.path(), &yes);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let l = &audit_lines(dir.path())[0];
    assert_eq!(l["object"], "queues.scheduling.volcano.sh/batch");
    assert_eq!(l["change"], "spec.weight: 4 → 8");
    assert_eq!(l["undo"]["ops"][0]["value"], 4);
}
