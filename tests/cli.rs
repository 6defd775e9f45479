//! The binary as a user runs it: bad input gets a clear error naming file and line.

use std::process::Command;

mod common;
use common::bin::*;

#[test]
fn broken_kubeconfig_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("broken.yaml");
    std::fs::write(
        &kc,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://127.0.0.1:1\n   bad-indent: [\n",
    )
    .unwrap();
    let o = fleetdeck(
        dir.path(),
        &["snapshot", "--kubeconfig", kc.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(kc.to_str().unwrap()), "{err}");
    assert!(err.contains("line 7") || err.contains(":7:"), "{err}");
    assert!(o.stdout.is_empty());
}

#[test]
fn unknown_context_lists_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kc.yaml");
    std::fs::write(
        &kc,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://127.0.0.1:1\nusers:\n- name: u\n  user:\n    token: s3cr3t-token\ncontexts:\n- name: alpha\n  context:\n    cluster: a\n    user: u\n",
    )
    .unwrap();
    let o = fleetdeck(
        dir.path(),
        &[
            "snapshot",
            "--kubeconfig",
            kc.to_str().unwrap(),
            "--context",
            "beta",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("beta") && err.contains("alpha"), "{err}");
    assert!(!err.contains("s3cr3t-token"), "token leaked: {err}");
}

#[test]
fn unreachable_context_is_one_row_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kc.yaml");
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    std::fs::write(
        &kc,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://127.0.0.1:9\nusers:\n- name: u\n  user:\n    token: s3cr3t-token\ncontexts:\n- name: dead\n  context:\n    cluster: a\n    user: u\ncurrent-context: dead\n",
    )
    .unwrap();
    let o = fleetdeck(
        dir.path(),
        &[
            "snapshot",
            "--json",
            "--kubeconfig",
            kc.to_str().unwrap(),
            "--wait-sync",
            "10",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c = &v["clusters"][0];
    assert_eq!(c["context"], "dead");
    assert_eq!(c["state"], "Unreachable");
    let e = c["error"].as_str().unwrap();
    assert!(e.contains("refused") || e.contains("127.0.0.1:9"), "{e}");
    assert!(!String::from_utf8_lossy(&o.stdout).contains("s3cr3t-token"));
    // The log records it without the token.
    let logs = std::fs::read_dir(dir.path().join("state/logs")).unwrap();
    for f in logs {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        assert!(!text.contains("s3cr3t-token"), "token in log: {text}");
    }
}

#[test]
fn bad_keymap_names_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    let km = dir.path().join("config/keymap.toml");
    std::fs::write(&km, "[keys]\nquit = [\"q\"]\ncordon = [\"ctrl-b\"]\n").unwrap();
    let o = fleetdeck(dir.path(), &["snapshot", "--demo"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:3:", km.display())), "{err}");
    assert!(err.contains("ctrl-b"), "{err}");
}

#[test]
fn bad_theme_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config/themes")).unwrap();
    let th = dir.path().join("config/themes/mine.toml");
    std::fs::write(
        &th,
        "name = \"mine\"\n[colors]\nfg = { rgb = \"#zzzzzz\", ansi256 = 7 }\n",
    )
    .unwrap();
    let o = fleetdeck(dir.path(), &["snapshot", "--demo", "--theme", "mine"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}:3:", th.display())), "{err}");
}

#[test]
fn info_prints_the_paths_it_uses() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(dir.path(), &["info"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains(&format!(
            "config dir: {}",
            dir.path().join("config").display()
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "audit log:  {}",
            dir.path().join("state/audit.log").display()
        )),
        "{out}"
    );
}

#[test]
fn demo_snapshot_json_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(dir.path(), &["snapshot", "--demo", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let clusters = v["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 5);
    assert!(v["sync_ms"].is_u64());
    let cp = clusters
        .iter()
        .find(|c| c["context"] == "karmada-host")
        .unwrap();
    assert_eq!(cp["role"], "karmada-control-plane");
    assert!(cp["karmada"].is_null());
    let edge = clusters.iter().find(|c| c["context"] == "edge-cn").unwrap();
    assert_eq!(edge["role"], "member");
    assert_eq!(edge["state"], "Ready");
    assert_eq!(edge["nodes"]["total"], 14);
    assert_eq!(edge["karmada"]["region"], "cn-east-2");
    assert_eq!(edge["karmada"]["syncMode"], "Pull");
    for c in clusters {
        for k in [
            "context", "state", "role", "version", "nodes", "pods", "warnings", "karmada", "error",
        ] {
            assert!(c.get(k).is_some(), "{k} missing in {c}");
        }
        let p = &c["pods"];
        assert!(
            p["running"].as_u64().unwrap()
                + p["pending"].as_u64().unwrap()
                + p["failed"].as_u64().unwrap()
                <= p["total"].as_u64().unwrap()
        );
    }
}

#[test]
fn snapshot_pane_json_for_every_pane() {
    let dir = tempfile::tempdir().unwrap();
    let o = fleetdeck(
        dir.path(),
        &["snapshot", "--demo", "--pane", "warnings", "--json"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["pane"], "warnings");
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for k in [
        "last_seen",
        "cluster",
        "namespace",
        "object",
        "reason",
        "count",
        "first_seen",
        "message",
        "events",
    ] {
        assert!(rows[0].get(k).is_some(), "{k} missing in {}", rows[0]);
    }
    for (pane, n) in [
        ("fleet", 5),
        ("cluster:prod-ap:pods", 15),
        ("all:queues", 10),
        ("queues", 10),
    ] {
        let o = fleetdeck(
            dir.path(),
            &["snapshot", "--demo", "--pane", pane, "--json"],
        );
        assert!(o.status.success(), "{pane}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["rows"].as_array().unwrap().len(), n, "{pane}");
    }
    let o = fleetdeck(dir.path(), &["snapshot", "--demo", "--pane", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown pane \"nope\": use one of fleet, warnings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn trace_logging_keeps_http_internals_out() {
    let dir = tempfile::tempdir().unwrap();
    let kc = dir.path().join("kc.yaml");
    std::fs::write(
        &kc,
        "apiVersion: v1\nkind: Config\nclusters:\n- name: a\n  cluster:\n    server: https://127.0.0.1:9\nusers:\n- name: u\n  user:\n    token: s3cr3t-token\ncontexts:\n- name: dead\n  context:\n    cluster: a\n    user: u\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_fleetdeck"))
        .args(["snapshot", "--json", "--wait-sync", "3", "--kubeconfig"])
        .arg(&kc)
        .env("FLEETDECK_CONFIG_DIR", dir.path().join("config"))
        .env("FLEETDECK_STATE_DIR", dir.path().join("state"))
        .env("FLEETDECK_LOG", "trace")
        .env_remove("KUBECONFIG")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut text = String::new();
    for f in std::fs::read_dir(dir.path().join("state/logs")).unwrap() {
        text.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    assert!(text.contains("cluster unreachable"), "{text}");
    for noisy in [" hyper", " h2::", " hyper_util", " kube_client", " rustls"] {
        let bad: Vec<&str> = text
            .lines()
            .filter(|l| (l.contains("TRACE") || l.contains("DEBUG")) && l.contains(noisy))
            .collect();
        assert!(bad.is_empty(), "{noisy} lines below warn: {bad:?}");
    }
    assert!(!text.contains("s3cr3t-token"));
}
