use serde_json::json;

use super::*;
use crate::fleet::{FleetEvent, Kind, ObjKey};
use crate::kinds::project_json;
use crate::sources::demo::DemoSim;

const NOW: i64 = 1_750_000_000;

fn demo() -> (FleetModel, DemoSim) {
    let sim = DemoSim::new(42, NOW);
    let mut m = FleetModel::new(sim.contexts());
    m.apply_all(sim.initial_events());
    (m, sim)
}

fn row<'a>(rows: &'a [MeshRow], ctx: &str, name: &str) -> &'a MeshRow {
    rows.iter()
        .find(|r| r.context == ctx && r.name == name)
        .unwrap_or_else(|| panic!("no {ctx} {name}"))
}

#[test]
fn rows_carry_shares_rules_and_the_failover_warning() {
    let (m, _) = demo();
    let rows = rows(&m);
    let web = row(&rows, "prod-eu", "web");
    assert_eq!(web.shares["prod-eu"], 80.0);
    assert_eq!(web.shares["prod-us"], 20.0);
    assert_eq!(web.drs.len(), 1);
    assert!(!web.drs[0].outlier && web.drs[0].locality.is_none());
    assert!(web.warnings.is_empty(), "{:?}", web.warnings);
    // cart: a canary route (all prod-us) and a default one (50/50): the mean per route.
    let cart = row(&rows, "prod-us", "cart");
    assert_eq!(cart.routes.len(), 2);
    assert_eq!(cart.shares["prod-us"], 75.0);
    assert_eq!(cart.shares["prod-eu"], 25.0);
    assert_eq!(cart.drs[0].locality.as_deref(), Some("failover"));
    assert!(!cart.drs[0].outlier);
    assert_eq!(cart.warnings.len(), 1, "{:?}", cart.warnings);
    assert!(cart.warnings[0].contains("locality failover without outlierDetection"));
    let search = row(&rows, "prod-ap", "search");
    assert!(search.drs[0].outlier && search.warnings.is_empty());
    assert_eq!(
        search.drs[0].subsets[0],
        ("prod-eu".to_string(), Some("prod-eu".to_string()))
    );
    let j = cart.json();
    assert_eq!(j["routes"], 2);
    assert_eq!(j["shares"]["prod-us"], 75.0);
    assert_eq!(j["destination_rules"][0]["outlier_detection"], false);
    assert_eq!(j["destination_rules"][0]["subsets"]["edge-cn"], "edge-cn");
}

#[test]
fn the_rollup_is_the_mean_over_every_route_of_every_context() {
    let (m, _) = demo();
    let rows = rows(&m);
    let r = rollup(&rows);
    let total: f64 = r.values().sum();
    assert!((total - 100.0).abs() < 0.1, "{r:?}");
    assert_eq!(
        drainable(&r),
        ["edge-cn", "prod-ap", "prod-eu", "prod-us"].map(String::from)
    );
    let Verb::Drain {
        clusters,
        control_planes,
        member,
        cordon,
        to,
    } = drain_verb(&m, "prod-eu", true)
    else {
        panic!()
    };
    assert_eq!(clusters.len(), m.clusters.len());
    assert_eq!(control_planes, [0]);
    assert_eq!((member.as_str(), cordon, to), ("prod-eu", true, None));
}

#[test]
fn warns_of_unknown_subset_clusters_and_of_destinations_not_ready_in_karmada() {
    let (mut m, sim) = demo();
    let (us, _) = m.cluster_by_context("prod-us").unwrap();
    let mut dr = sim
        .get_json(us, Kind::DestinationRule, &ObjKey::new(Some("shop"), "web"))
        .unwrap();
    dr["spec"]["subsets"][0]["labels"]["topology.istio.io/cluster"] = json!("prod-mars");
    let mut k = sim
        .get_json(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped("prod-us"))
        .unwrap();
    k["status"]["conditions"] = json!([{"type": "Ready", "status": "False",
        "reason": "ClusterNotReachable", "message": "cluster is not reachable"}]);
    m.apply_all(vec![
        FleetEvent::Apply {
            cluster: us,
            obj: project_json(Kind::DestinationRule, &dr).unwrap(),
        },
        FleetEvent::Apply {
            cluster: 0,
            obj: project_json(Kind::KarmadaCluster, &k).unwrap(),
        },
    ]);
    assert_eq!(
        not_ready(&m)["prod-us"],
        "Unreachable (ClusterNotReachable)"
    );
    let rows = rows(&m);
    let web = row(&rows, "prod-us", "web");
    assert!(
        web.warnings
            .iter()
            .any(|w| w.contains("subset prod-eu's cluster label names no known cluster: prod-mars")),
        "{:?}",
        web.warnings
    );
    assert!(
        web.warnings
            .iter()
            .any(|w| w == "prod-us receives 20% of its traffic and is Unreachable (ClusterNotReachable) in Karmada"),
        "{:?}",
        web.warnings
    );
    // The other contexts' web still counts prod-us, and says so too.
    assert!(!row(&rows, "prod-eu", "web").warnings.is_empty());
}
