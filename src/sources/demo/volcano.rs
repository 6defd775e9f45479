//! The demo's Volcano: queues on two members (a hierarchy root → prod, research; prod →
//! prod-batch; one queue closed; capability, guarantee and deserved in cpu, memory and GPUs)
//! and PodGroups in every phase; and Volcano's queue controller, which carries out the
//! `bus.volcano.sh` Commands `queue-close` / `queue-open` create: a queue being closed reads
//! Closing at once and Closed at the next tick; one being opened reads Open at the next tick;
//! the Command is then deleted, as Volcano does.

use rand::Rng;
use rand::rngs::SmallRng;
use serde_json::{Value, json};

use super::DemoSim;
use super::objects::{self as o};
use super::world::{Builder, DemoCluster};
use crate::fleet::{ClusterId, FleetEvent, Kind, ObjKey, Ts};

/// (name, parent, state, weight, capability, guarantee, deserved): resources as (cpu,
/// memory, gpus), "" for unset.
type QueueSpec<'a> = (&'a str, &'a str, &'a str, i64, Res<'a>, Res<'a>, Res<'a>);
type Res<'a> = (&'a str, &'a str, &'a str);
/// (namespace, name, queue, age in seconds, phase index in `PHASES`).
type GroupSpec<'a> = (&'a str, &'a str, &'a str, i64, i64);
const NONE: Res = ("", "", "");

fn resources(r: Res) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in [("cpu", r.0), ("memory", r.1), ("nvidia.com/gpu", r.2)] {
        if !v.is_empty() {
            m.insert(k.into(), json!(v));
        }
    }
    Value::Object(m)
}

fn queue(q: &QueueSpec) -> Value {
    let (name, parent, state, weight, cap, guar, des) = *q;
    let mut spec = json!({"weight": weight, "reclaimable": name != "prod"});
    if !parent.is_empty() {
        spec["parent"] = json!(parent);
    }
    if cap != NONE {
        spec["capability"] = resources(cap);
    }
    if guar != NONE {
        spec["guarantee"] = json!({"resource": resources(guar)});
    }
    if des != NONE {
        spec["deserved"] = resources(des);
    }
    json!({"apiVersion": "scheduling.volcano.sh/v1beta1", "kind": "Queue",
        "metadata": o::meta(None, name, 0), "spec": spec, "status": {"state": state}})
}

/// The Volcano objects of member `name` (nothing on members without queues).
pub(super) fn build(b: &mut Builder, c: &mut DemoCluster, name: &str, rng: &mut SmallRng, now: Ts) {
    // The draws the demo made here before it had this file: the rest of the demo (pods,
    // routes) stays as it was.
    for bound in [8, 4, 8, 4, 4] {
        let _ = rng.random_range(0..bound);
    }
    let (queues, groups): (&[QueueSpec], &[GroupSpec]) = match name {
        "prod-eu" => (
            &[
                ("root", "", "Open", 1, NONE, NONE, NONE),
                ("default", "root", "Open", 1, NONE, NONE, NONE),
                (
                    "prod",
                    "root",
                    "Open",
                    4,
                    ("64", "256Gi", "8"),
                    ("16", "64Gi", "2"),
                    ("32", "128Gi", "4"),
                ),
                (
                    "prod-batch",
                    "prod",
                    "Open",
                    2,
                    ("32", "128Gi", ""),
                    NONE,
                    ("16", "64Gi", ""),
                ),
                (
                    "research",
                    "root",
                    "Open",
                    2,
                    ("32", "64Gi", "4"),
                    NONE,
                    ("8", "32Gi", "2"),
                ),
                (
                    "archive",
                    "root",
                    "Closed",
                    1,
                    ("8", "16Gi", ""),
                    NONE,
                    NONE,
                ),
            ],
            &[
                ("shop", "etl-hourly", "default", 3600, 0),
                ("ml", "train-resnet", "prod", 5400, 2),
                ("ml", "train-bert", "prod", 600, 1),
                ("ml", "serve-canary", "prod", 300, 0),
                ("batch", "nightly-rollup", "prod-batch", 7200, 3),
                ("batch", "rollup-backfill", "prod-batch", 120, 0),
                ("ml", "sweep-lr-0", "research", 900, 1),
                ("ml", "sweep-lr-1", "research", 840, 4),
                ("batch", "old-export", "archive", 86400, 3),
            ],
        ),
        "prod-us" => (
            &[
                ("root", "", "Open", 1, NONE, NONE, NONE),
                ("default", "root", "Open", 1, NONE, NONE, NONE),
                (
                    "batch",
                    "root",
                    "Open",
                    4,
                    ("48", "192Gi", ""),
                    ("8", "32Gi", ""),
                    NONE,
                ),
                ("gpu", "root", "Closed", 2, ("16", "64Gi", "4"), NONE, NONE),
            ],
            &[
                ("shop", "etl-hourly", "default", 3600, 0),
                ("batch", "report-28731", "batch", 240, 0),
                ("batch", "report-28730", "batch", 1800, 2),
                ("batch", "report-28729", "batch", 3500, 3),
                ("ml", "gpu-probe", "gpu", 600, 4),
            ],
        ),
        _ => return,
    };
    for q in queues {
        b.put(c, Kind::Queue, queue(q));
    }
    // phase by index: Pending, Inqueue, Running, Completed, Unknown.
    for (ns, pg, q, age, phase) in groups {
        let p = crate::kinds::pod_group::PHASES[*phase as usize];
        let counts = match p {
            "Running" => [2, 0, 0],
            "Completed" => [0, 4, 0],
            _ => [0, 0, 0],
        };
        let min = if *q == "prod" { 4 } else { 1 };
        b.put(
            c,
            Kind::PodGroup,
            o::pod_group(ns, pg, q, min, p, counts, now - age),
        );
    }
}

/// A generated name's 5 characters, from a counter (deterministic).
pub(super) fn suffix(n: u64) -> String {
    const A: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut n = n.wrapping_mul(2_654_435_761) % 14_348_907;
    (0..5)
        .map(|_| {
            let c = A[(n % 27) as usize] as char;
            n /= 27;
            c
        })
        .collect()
}

/// The queue a Command targets and whether it opens it; None for another Command.
fn target(cmd: &Value) -> Option<(String, bool)> {
    let open = match cmd["action"].as_str()? {
        "OpenQueue" => true,
        "CloseQueue" => false,
        _ => return None,
    };
    (cmd["target"]["kind"] == "Queue").then_some(())?;
    Some((cmd["target"]["name"].as_str()?.to_string(), open))
}

/// A Command just created: a queue being closed reads Closing at once.
pub(super) fn on_command(
    sim: &mut DemoSim,
    cluster: ClusterId,
    cmd: &Value,
    out: &mut Vec<FleetEvent>,
) {
    if let Some((q, false)) = target(cmd) {
        sim.set_queue(
            cluster,
            &q,
            |v| v["status"]["state"] = json!("Closing"),
            out,
        );
    }
}

/// The controller carries the Command out: the queue reads Closed (or Open).
pub(super) fn carry_out(
    sim: &mut DemoSim,
    cluster: ClusterId,
    cmd: &Value,
    out: &mut Vec<FleetEvent>,
) {
    if let Some((q, open)) = target(cmd) {
        let state = if open { "Open" } else { "Closed" };
        sim.set_queue(cluster, &q, |v| v["status"]["state"] = json!(state), out);
    }
}

impl DemoSim {
    /// Volcano's queue controller: the Commands waiting are carried out and deleted.
    pub(super) fn act_on_commands(&mut self, out: &mut Vec<FleetEvent>) {
        for (cluster, cmd) in std::mem::take(&mut self.commands) {
            carry_out(self, cluster, &cmd, out);
        }
    }

    /// A queue's object, changed by `f`, stored (the Volcano controller's writes).
    pub(super) fn set_queue(
        &mut self,
        cluster: ClusterId,
        name: &str,
        f: impl FnOnce(&mut Value),
        out: &mut Vec<FleetEvent>,
    ) {
        let key = ObjKey::cluster_scoped(name);
        if let Some(mut q) = self.clusters[cluster].get(Kind::Queue, &key).cloned() {
            f(&mut q);
            self.put(cluster, Kind::Queue, q, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::queues::{COMMAND, command};

    #[test]
    fn a_close_command_reads_closing_then_closed_and_is_deleted() {
        let mut sim = DemoSim::new(1, 1_750_000_000);
        let eu = sim.find("prod-eu");
        let key = ObjKey::cluster_scoped("prod");
        let state = |sim: &DemoSim| {
            sim.clusters[eu].get(Kind::Queue, &key).unwrap()["status"]["state"].clone()
        };
        let cmd = command(sim.clusters[eu].get(Kind::Queue, &key).unwrap(), false).unwrap();
        let (dry, evs) = sim.create(eu, &COMMAND, "default", &cmd, true).unwrap();
        assert!(evs.is_empty() && sim.commands.is_empty());
        assert!(
            dry["metadata"]["name"]
                .as_str()
                .unwrap()
                .starts_with("prod-closequeue-")
        );
        assert_eq!(state(&sim), "Open");
        let (made, evs) = sim.create(eu, &COMMAND, "default", &cmd, false).unwrap();
        assert_eq!(made["metadata"]["namespace"], "default");
        assert!(made["metadata"]["uid"].is_string());
        assert_eq!(evs.len(), 1);
        assert_eq!(state(&sim), "Closing");
        sim.tick(1_750_000_005);
        assert_eq!(state(&sim), "Closed");
        assert!(sim.commands.is_empty());
        let open = command(sim.clusters[eu].get(Kind::Queue, &key).unwrap(), true).unwrap();
        sim.create(eu, &COMMAND, "default", &open, false).unwrap();
        assert_eq!(state(&sim), "Closed", "opened at the next tick");
        sim.tick(1_750_000_010);
        assert_eq!(state(&sim), "Open");
    }
}
