//! Running the binary as a user does, with its config and state under a temporary dir.

use std::path::Path;
use std::process::{Command, Output};

pub fn fleetdeck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fleetdeck"))
        .args(args)
        .env("FLEETDECK_CONFIG_DIR", dir.join("config"))
        .env("FLEETDECK_STATE_DIR", dir.join("state"))
        .env("HOME", dir)
        .env_remove("KUBECONFIG")
        .output()
        .expect("run fleetdeck")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn audit_lines(dir: &Path) -> Vec<serde_json::Value> {
    match std::fs::read_to_string(dir.join("state/audit.log")) {
        Ok(t) => t
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        Err(_) => vec![],
    }
}
