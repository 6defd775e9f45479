//! `fleetdeck act VERB` as a user runs it on the demo fleet: the plan, --dry-run, --yes with its
//! audit line in a private state dir, and the refusals with their exit codes.

use std::path::Path;

mod common;
use common::bin::*;

#[test]
fn act_without_yes_prints_the_plan_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(dir.path(), &["--demo", "act", "cordon-cluster", "prod-eu"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("plan p-"), "{out}");
    assert!(out.contains("Cordon Karmada member prod-eu"), "{out}");
    assert!(
        out.contains("step 1/1: clusters.cluster.karmada.io/prod-eu on karmada-host"),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("+ ") && l.contains("cluster.karmada.io/unschedulable")),
        "{out}"
    );
    assert!(out.contains("not applied: add --yes to apply"), "{out}");
    assert!(audit_lines(dir.path()).is_empty());
}

#[test]
fn act_yes_applies_with_one_audit_line_in_a_private_state_dir() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "act",
            "cordon-cluster",
            "prod-eu",
            "--yes",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["applied"], true);
    assert!(v["plan_id"].as_str().unwrap().starts_with("p-"));
    let step = &v["steps"][0];
    assert_eq!(step["context"], "karmada-host");
    assert_eq!(step["kind"], "Cluster");
    assert_eq!(step["name"], "prod-eu");
    assert_eq!(step["patch_type"], "json");
    assert_eq!(step["patch"][0]["path"], "/metadata/resourceVersion");
    assert!(step["diff"].as_str().unwrap().contains("+ "));
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["plan"], v["plan_id"]);
    assert_eq!(lines[0]["result"], "applied");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.path().join("state")), 0o700);
    assert_eq!(mode(&dir.path().join("state/audit.log")), 0o600);
    assert_eq!(mode(&dir.path().join("state/logs")), 0o700);
    for f in std::fs::read_dir(dir.path().join("state/logs")).unwrap() {
        assert_eq!(mode(&f.unwrap().path()), 0o600);
    }
}

#[test]
fn act_dry_run_asks_the_server_and_applies_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(
        dir.path(),
        &["--demo", "act", "uncordon-cluster", "prod-ap", "--dry-run"],
    );
    // prod-ap is not cordoned in the demo: nothing to do.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("nothing to do: prod-ap is not cordoned"),
        "{}",
        stdout(&o)
    );
    let o = fleetdeck(
        dir.path(),
        &["--demo", "act", "cordon-cluster", "prod-ap", "--dry-run"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("server dry-run of every step passed; nothing was applied"),
        "{}",
        stdout(&o)
    );
    assert!(audit_lines(dir.path()).is_empty());
}

#[test]
fn act_refusals_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(
        dir.path(),
        &[
            "--demo",
            "--readonly",
            "act",
            "cordon-cluster",
            "prod-eu",
            "--yes",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim(),
        "fleetdeck: read-only mode (--readonly): refusing to cordon karmada member prod-eu"
    );
    let o = fleetdeck(
        dir.path(),
        &["--demo", "act", "cordon-cluster", "nope", "--yes"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read Karmada Cluster nope on karmada-host"),
        "{}",
        stderr(&o)
    );
    let o = fleetdeck(
        dir.path(),
        &["--demo", "act", "cordon-cluster", "nope", "--yes", "--json"],
    );
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (v["applied"].as_bool(), v["exit_code"].as_i64()),
        (Some(false), Some(2))
    );
    assert!(audit_lines(dir.path()).is_empty());
}

#[test]
fn act_against_an_unreachable_control_plane_exits_1_not_2() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kc.yaml");
    std::fs::write(
        &kc,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://127.0.0.1:9\nusers:\n- name: u\n  user:\n    token: s3cr3t-token\ncontexts:\n- name: karmada\n  context:\n    cluster: a\n    user: u\n",
    )
    .unwrap();
    let o = fleetdeck(
        dir.path(),
        &[
            "act",
            "cordon-cluster",
            "member1",
            "--yes",
            "--kubeconfig",
            kc.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("karmada: cluster karmada unreachable: connection refused"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t-token"));
}

#[test]
fn a_shared_state_dir_is_refused_not_changed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o1777)).unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_fleetdeck"))
        .args(["--demo", "act", "cordon-cluster", "prod-eu", "--yes"])
        .env("FLEETDECK_STATE_DIR", &shared)
        .env("FLEETDECK_CONFIG_DIR", dir.path().join("config"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is a shared directory (mode 1777)"),
        "{}",
        stderr(&o)
    );
    let mode = std::fs::metadata(&shared).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o1777, "left as it was");
    assert!(!shared.join("audit.log").exists());
}
