//! The propagation pane over the demo fleet: what a user sees at 140×40 and 80×24, and
//! `snapshot --pane propagation --json`'s rows.

use serde_json::{Value, json};

use fleetdeck::ui::App;
use fleetdeck::ui::render::to_text;

mod common;
use common::*;

fn both(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_140x40"), to_text(app, W, H));
    insta::assert_snapshot!(format!("{name}_80x24"), to_text(app, 80, 24));
}

fn prop_app() -> App {
    let (mut app, _) = demo_app();
    app.open("propagation").unwrap();
    app
}

fn row<'a>(rows: &'a [Value], ns: &str, name: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["namespace"] == ns && r["name"] == name)
        .unwrap_or_else(|| panic!("no {ns}/{name} in {rows:?}"))
}

#[test]
fn the_list_puts_problems_first_and_details_the_selected_row() {
    let mut app = prop_app();
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("Propagation: bindings (7, 4 with problems)"),
        "{s}"
    );
    assert!(s.contains("prod-eu 4/4✓ prod-us 2/2✓ prod-ap 2/2 u"), "{s}");
    assert!(s.contains("evicting from prod-eu"), "{s}");
    // A Namespace is on every member; the StatefulSet's members are ready.
    assert!(s.contains("prod-eu✓ prod-us✓ prod-ap✓ edge-cn✓"), "{s}");
    assert!(s.contains("StatefulSet  shop/db"), "{s}");
    assert!(s.contains("template gen 2 not yet on prod-ap"), "{s}");
    // The first row (edge-agent: 9 of 12 ready on edge-cn) is detailed.
    assert!(
        s.contains("edge-cn: assigned 12 · applied true · health Healthy · member ready 9/12"),
        "{s}"
    );
    both("propagation_list", &mut app);
}

#[test]
fn snapshot_json_web_has_member_readiness_and_its_problem() {
    let mut app = prop_app();
    let rows = app.rows_json();
    assert_eq!(rows.len(), 7, "{rows:?}");
    // Rows with a problem first.
    let first_ok = rows
        .iter()
        .position(|r| r["problems"].as_array().unwrap().is_empty())
        .unwrap();
    assert!(
        rows[first_ok..]
            .iter()
            .all(|r| r["problems"].as_array().unwrap().is_empty())
    );
    let web = row(&rows, "shop", "web");
    assert_eq!(web["context"], "karmada-host");
    assert_eq!(web["kind"], "Deployment");
    assert_eq!(
        web["policy"],
        json!({"kind": "PropagationPolicy", "namespace": "shop", "name": "web"})
    );
    assert_eq!(web["scheduled"], "True");
    assert_eq!(web["reason"], "Success");
    let targets = web["targets"].as_array().unwrap();
    let t: Vec<(&str, i64, &str, i64, i64)> = targets
        .iter()
        .map(|t| {
            assert_eq!(t["applied"], true);
            assert_eq!(t["karmada_only"], false);
            (
                t["cluster"].as_str().unwrap(),
                t["replicas"].as_i64().unwrap(),
                t["health"].as_str().unwrap(),
                t["member"]["ready"].as_i64().unwrap(),
                t["member"]["desired"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        t,
        [
            ("prod-eu", 4, "Healthy", 4, 4),
            ("prod-us", 2, "Healthy", 2, 2),
            ("prod-ap", 2, "Unhealthy", 2, 2),
        ]
    );
    assert_eq!(web["evictions"], json!([]));
    assert_eq!(web["problems"], json!(["unhealthy on prod-ap"]));
    let reports = row(&rows, "shop", "reports");
    assert_eq!(reports["policy"]["kind"], "ClusterPropagationPolicy");
    assert_eq!(reports["policy"]["namespace"], Value::Null);
    assert_eq!(
        reports["evictions"],
        json!([{"cluster": "prod-eu", "reason": "TaintUntolerated"}])
    );
    assert_eq!(reports["problems"], json!(["evicting from prod-eu"]));
    let agent = row(&rows, "shop", "edge-agent");
    assert_eq!(agent["problems"], json!(["ready 9/12 on edge-cn"]));
    let cart = row(&rows, "shop", "cart");
    assert_eq!(cart["problems"], json!([]));
    assert_eq!(
        cart["template"],
        json!({"replicas": 3, "generation": 2, "observed_generation": 2})
    );
    // search's template generation 2 has not reached prod-ap.
    let search = row(&rows, "shop", "search");
    assert_eq!(
        search["problems"],
        json!(["template gen 2 not yet on prod-ap"])
    );
    assert_eq!(search["template"]["observed_generation"], 1);
    assert_eq!(
        cart["binding"],
        json!({"kind": "ResourceBinding", "namespace": "shop", "name": "cart-deployment"})
    );
}

#[test]
fn snapshot_json_a_cluster_resource_binding_propagates_the_shop_namespace() {
    let mut app = prop_app();
    let rows = app.rows_json();
    let ns = rows
        .iter()
        .find(|r| r["kind"] == "Namespace")
        .unwrap_or_else(|| panic!("no Namespace row in {rows:?}"));
    assert_eq!(ns["namespace"], Value::Null);
    assert_eq!(ns["name"], "shop");
    assert_eq!(
        ns["binding"],
        json!({"kind": "ClusterResourceBinding", "namespace": null, "name": "shop-namespace"})
    );
    assert_eq!(
        ns["policy"],
        json!({"kind": "ClusterPropagationPolicy", "namespace": null, "name": "shop-namespace"})
    );
    let clusters: Vec<&str> = ns["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert_eq!(
                (&t["applied"], &t["health"]),
                (&json!(true), &json!("Healthy"))
            );
            t["cluster"].as_str().unwrap()
        })
        .collect();
    assert_eq!(clusters, ["prod-eu", "prod-us", "prod-ap", "edge-cn"]);
    // The member Namespaces are there: 1 of 1.
    assert!(
        ns["targets"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["member"] == json!({"ready": 1, "desired": 1}))
    );
    assert_eq!(ns["problems"], json!([]));
}

#[test]
fn snapshot_json_the_statefulset_template_joins_the_members_statefulsets() {
    let mut app = prop_app();
    let rows = app.rows_json();
    let db = row(&rows, "shop", "db");
    assert_eq!(db["kind"], "StatefulSet");
    assert_eq!(db["binding"]["name"], "db-statefulset");
    let t: Vec<(&str, &Value, &Value)> = db["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["cluster"].as_str().unwrap(), &t["replicas"], &t["member"]))
        .collect();
    let live = json!({"ready": 2, "desired": 2});
    assert_eq!(
        t,
        [("prod-eu", &json!(2), &live), ("prod-us", &json!(2), &live)]
    );
    assert_eq!(db["problems"], json!([]));
}
