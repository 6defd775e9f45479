use serde_json::json;

use super::*;
use crate::fleet::{FleetEvent, FleetModel, ObjKey};
use crate::kinds::project_json;

fn queue(name: &str, parent: Option<&str>, state: &str, weight: i64) -> FleetEvent {
    let mut spec = json!({"weight": weight});
    if let Some(p) = parent {
        spec["parent"] = json!(p);
    }
    let v = json!({"metadata": {"name": name}, "spec": spec, "status": {"state": state}});
    FleetEvent::Apply {
        cluster: 0,
        obj: project_json(Kind::Queue, &v).unwrap(),
    }
}

fn pg(name: &str, queue: &str, phase: &str) -> FleetEvent {
    let v = json!({"metadata": {"name": name, "namespace": "ml"}, "spec": {"queue": queue},
        "status": {"phase": phase}});
    FleetEvent::Apply {
        cluster: 0,
        obj: project_json(Kind::PodGroup, &v).unwrap(),
    }
}

fn model() -> FleetModel {
    let mut m = FleetModel::new(["eu"]);
    m.apply_all([
        queue("root", None, "Open", 1),
        queue("research", Some("root"), "Open", 2),
        queue("prod", Some("root"), "Open", 4),
        queue("prod-batch", Some("prod"), "Open", 2),
        queue("archive", Some("root"), "Closed", 9),
        queue("orphan", Some("gone"), "Closing", 1),
        pg("a", "prod", "Running"),
        pg("b", "prod", "Inqueue"),
        pg("c", "prod", "Running"),
        pg("d", "research", "Completed"),
        pg("e", "research", "Weird"),
    ]);
    m
}

#[test]
fn shares_only_among_open_queues() {
    let s = open_shares(&[("a", 1, true), ("b", 3, true), ("c", 4, false)]);
    assert_eq!(s, [Some(25.0), Some(75.0), None]);
    assert_eq!(open_shares(&[("a", 1, false)]), [None]);
}

#[test]
fn tree_order_depth_first_siblings_by_name_orphans_as_roots() {
    let r = rows(&model());
    let got: Vec<(String, usize)> = r.iter().map(|l| (l.tree_name(), l.depth)).collect();
    let want = [
        ("orphan", 0),
        ("root", 0),
        ("└ archive", 1),
        ("└ prod", 1),
        ("  └ prod-batch", 2),
        ("└ research", 1),
    ];
    assert_eq!(
        got,
        want.map(|(n, d)| (n.to_string(), d)).to_vec(),
        "{got:?}"
    );
    assert_eq!(r[4].path, "root/prod/prod-batch");
    // Open: root 1, research 2, prod 4, prod-batch 2 → 9.
    let prod = r.iter().find(|l| &*l.queue.name == "prod").unwrap();
    assert!((prod.share.unwrap() - 400.0 / 9.0).abs() < 1e-9);
    assert_eq!(r[2].share, None, "archive is closed");
    assert_eq!(r[0].share, None, "Closing is not open");
}

#[test]
fn podgroups_counted_by_queue_and_phase_as_they_change() {
    let mut m = model();
    let count = |m: &FleetModel, q: &str| {
        rows(m)
            .into_iter()
            .find(|l| &*l.queue.name == q)
            .unwrap()
            .podgroups
    };
    assert_eq!(count(&m, "prod"), [0, 1, 2, 0, 0]);
    assert_eq!(
        count(&m, "research"),
        [0, 0, 0, 1, 1],
        "an unknown phase is Unknown"
    );
    // b is admitted and runs; c completes; a is deleted.
    m.apply_all([
        pg("b", "prod", "Running"),
        pg("c", "prod", "Completed"),
        FleetEvent::Delete {
            cluster: 0,
            kind: Kind::PodGroup,
            key: ObjKey::new(Some("ml"), "a"),
        },
    ]);
    assert_eq!(count(&m, "prod"), [0, 0, 1, 1, 0]);
    // A PodGroup moved to another queue.
    m.apply(pg("b", "research", "Running"));
    assert_eq!(count(&m, "prod"), [0, 0, 0, 1, 0]);
    assert_eq!(count(&m, "research"), [0, 0, 1, 1, 1]);
    // A relist recounts.
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::PodGroup,
        objs: vec![],
    });
    assert_eq!(count(&m, "research"), [0; 5]);
}

#[test]
fn json_row() {
    let r = rows(&model());
    let prod = r.iter().find(|l| &*l.queue.name == "prod").unwrap();
    let j = prod.json();
    assert_eq!(j["cluster"], "eu");
    assert_eq!(j["state"], "Open");
    assert_eq!(j["weight"], 4);
    assert_eq!(j["share"], 44.44);
    assert_eq!(j["parent"], "root");
    assert_eq!(
        j["podgroups"],
        json!({"Pending": 0, "Inqueue": 1, "Running": 2, "Completed": 0, "Unknown": 0})
    );
}

#[test]
fn quantities_in_human_units() {
    use crate::kinds::queue::human;
    assert_eq!(human(&json!(17179869184u64), true).unwrap(), "16Gi");
    assert_eq!(human(&json!(1536), true).unwrap(), "1536");
    assert_eq!(human(&json!(4), false).unwrap(), "4");
    assert_eq!(human(&json!("500m"), false).unwrap(), "500m");
}
