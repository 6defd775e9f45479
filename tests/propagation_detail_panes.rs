//! The propagation detail (Enter on a row) and the reverse view (what Karmada propagates to
//! one member) over the demo fleet: what a user sees at 140×40 and 80×24, the keys that go
//! from the chain to a member's tab or the policy, and their `snapshot --json`.

use serde_json::{Value, json};

use fleetdeck::fleet::{Kind, ObjKey};
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::{App, Request};
use ratatui::crossterm::event::KeyCode;

mod common;
use common::*;

fn both(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_140x40"), to_text(app, W, H));
    insta::assert_snapshot!(format!("{name}_80x24"), to_text(app, 80, 24));
}

fn detail_app(name: &str) -> App {
    let (mut app, _) = demo_app();
    app.open(&format!("propagation:karmada-host/Deployment/shop/{name}"))
        .unwrap();
    app
}

fn row<'a>(rows: &'a [Value], cluster: &str) -> &'a Value {
    rows.iter()
        .find(|r| r["cluster"] == cluster)
        .unwrap_or_else(|| panic!("no {cluster} in {rows:?}"))
}

#[test]
fn reports_shows_its_eviction_and_why_it_is_not_on_the_other_members() {
    let mut app = detail_app("reports");
    let s = to_text(&mut app, W, H);
    for want in [
        "Deployment shop/reports @ karmada-host",
        "ClusterPropagationPolicy batch-global",
        "replicas Divided/Weighted, dynamic weights (AvailableReplicas)",
        "evicting from prod-eu: TaintUntolerated, by TaintManager (cluster prod-eu was NotReady)",
        "prod-ap: 1 assigned · applied · Healthy · ready 1/1",
        "Work karmada-es-prod-ap/reports-78c6d9df7",
        "prod-eu: Ready · graceful eviction in progress (TaintUntolerated)",
        "edge-cn: Ready · eligible, not chosen (spread constraints or replica division)",
    ] {
        assert!(s.contains(want), "{want:?} in\n{s}");
    }
    both("propagation_detail_reports", &mut app);
}

#[test]
fn cart_is_on_two_members_and_the_affinity_keeps_it_off_the_others() {
    let mut app = detail_app("cart");
    let s = to_text(&mut app, W, H);
    for want in [
        "clusters prod-eu,prod-us",
        "replicas Duplicated",
        "prod-eu: 3 assigned · applied · Healthy · ready 3/3",
        "Work karmada-es-prod-us/cart-7b8f6bb9d6",
        "prod-ap: Ready · excluded by the affinity: not in clusterNames",
    ] {
        assert!(s.contains(want), "{want:?} in\n{s}");
    }
    both("propagation_detail_cart", &mut app);
}

#[test]
fn enter_opens_the_detail_of_the_selected_row_and_esc_goes_back() {
    let (mut app, _) = demo_app();
    app.open("propagation").unwrap();
    app.on_key(code(KeyCode::Enter));
    // The first row: edge-agent (9 of 12 ready on edge-cn).
    assert_eq!(
        app.pane_name(),
        "propagation:karmada-host/Deployment/shop/edge-agent"
    );
    assert_eq!(
        app.breadcrumb(),
        ["Fleet", "Propagation", "shop/edge-agent"]
    );
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("edge-cn: 12 assigned · applied · Healthy · ready 9/12"),
        "{s}"
    );
    app.on_key(code(KeyCode::Esc));
    assert_eq!(app.pane_name(), "propagation");
}

#[test]
fn enter_on_a_target_goes_to_the_members_tab_with_the_object_selected() {
    let mut app = detail_app("web");
    // Template, policy, binding, then the targets: prod-eu first.
    for _ in 0..3 {
        app.on_key(code(KeyCode::Down));
    }
    assert!(to_text(&mut app, W, H).contains("› Targets  prod-eu: 4 assigned"));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:prod-eu:deployments");
    assert_eq!(
        selected(&mut app),
        Some((
            "prod-eu".to_string(),
            Kind::Deployment,
            ObjKey::new(Some("shop"), "web")
        ))
    );
    app.on_key(code(KeyCode::Esc));
    assert_eq!(
        app.pane_name(),
        "propagation:karmada-host/Deployment/shop/web"
    );
}

#[test]
fn enter_on_the_policy_opens_the_editor_y_its_yaml_and_enter_on_the_binding_its_tab() {
    let mut app = detail_app("web");
    app.on_key(code(KeyCode::Down));
    let asked = |reqs: Vec<Request>| -> Vec<(Kind, ObjKey)> {
        reqs.into_iter()
            .filter_map(|r| match r {
                Request::Yaml { obj, .. } | Request::Object { obj, .. } => {
                    Some((obj.kind, obj.key))
                }
                _ => None,
            })
            .collect()
    };
    let web = [(Kind::PropagationPolicy, ObjKey::new(Some("shop"), "web"))];
    let reqs = app.on_key(code(KeyCode::Enter));
    assert_eq!(app.overlays(), ["editor"]);
    assert_eq!(asked(reqs), web);
    app.on_key(code(KeyCode::Esc));
    assert!(app.overlays().is_empty());
    let reqs = app.on_key(code(KeyCode::Char('y')));
    assert_eq!(app.overlays(), ["yaml"]);
    assert_eq!(asked(reqs), web);
    app.on_key(code(KeyCode::Esc));
    app.on_key(code(KeyCode::Down));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:karmada-host:resourcebindings");
    assert_eq!(
        selected(&mut app).map(|s| s.2),
        Some(ObjKey::new(Some("shop"), "web-deployment"))
    );
}

#[test]
fn snapshot_json_of_the_detail_has_a_row_per_karmada_cluster_and_the_chain() {
    let mut app = detail_app("web");
    let rows = app.rows_json();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["cluster"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["prod-eu", "prod-us", "prod-ap", "edge-cn"]);
    let ap = row(&rows, "prod-ap");
    assert_eq!(ap["target"], true);
    assert_eq!(ap["health"], "Unhealthy");
    assert_eq!(ap["member"], json!({"ready": 2, "desired": 2}));
    assert_eq!(ap["work"], "karmada-es-prod-ap/web-56d6c779bb");
    assert_eq!(
        ap["karmada"],
        json!({"ready": true, "reason": "ClusterReady", "taints": []})
    );
    let edge = row(&rows, "edge-cn");
    assert_eq!(edge["target"], false);
    assert_eq!(edge["work"], Value::Null);
    assert_eq!(
        edge["why_not"],
        json!(["excluded by the affinity: not in clusterNames"])
    );
    let s = app.summary_json().unwrap();
    assert_eq!(s["context"], "karmada-host");
    assert_eq!(
        s["template"],
        json!({"kind": "Deployment", "namespace": "shop", "name": "web", "replicas": 8})
    );
    assert_eq!(s["policy"]["name"], "web");
    assert_eq!(s["policy"]["found"], true);
    assert_eq!(
        s["policy"]["scheduling"],
        "Divided/Weighted, static weights prod-eu=2 prod-us=1 prod-ap=1"
    );
    assert_eq!(s["binding"]["name"], "web-deployment");
    assert_eq!(s["binding"]["conditions"][0]["type"], "Scheduled");
    assert_eq!(s["problems"], json!(["unhealthy on prod-ap"]));
}

#[test]
fn propagated_to_a_member_lists_only_what_reaches_it() {
    let (mut app, _) = demo_app();
    app.open("propagation:prod-eu").unwrap();
    assert_eq!(app.pane_name(), "propagation:prod-eu");
    let rows = app.rows_json();
    let mut names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    names.sort();
    // reports is still evicting from prod-eu; shop is the Namespace (a ClusterResourceBinding).
    assert_eq!(names, ["cart", "db", "reports", "search", "shop", "web"]);
    assert_eq!(app.summary_json().unwrap()["member"], "prod-eu");
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("Propagated to prod-eu: bindings (6, 3 with problems)"),
        "{s}"
    );
    both("propagation_to_prod_eu", &mut app);
}

#[test]
fn p_on_a_members_tab_lists_what_is_propagated_there() {
    let (mut app, _) = demo_app();
    app.open("cluster:prod-us:deployments").unwrap();
    // Offered in the palette (and the help) with its key.
    app.on_key(key(':'));
    typed(&mut app, "propagated here");
    assert!(to_text(&mut app, W, H).contains("cmd: propagated here (p)"));
    app.on_key(code(KeyCode::Esc));
    app.on_key(key('p'));
    assert_eq!(app.pane_name(), "propagation:prod-us");
    app.on_key(code(KeyCode::Esc));
    assert_eq!(app.pane_name(), "cluster:prod-us:deployments");
    // The control plane is no member: it says so.
    app.open("cluster:karmada-host:deployments").unwrap();
    app.on_key(key('p'));
    assert_eq!(app.pane_name(), "cluster:karmada-host:deployments");
    assert!(
        app.status()
            .unwrap()
            .text
            .contains("no Karmada control plane")
    );
}

#[test]
fn the_palette_offers_propagated_to_each_member() {
    let (mut app, _) = demo_app();
    app.on_key(key(':'));
    typed(&mut app, "propagated to edge");
    let s = to_text(&mut app, W, H);
    assert!(s.contains("propagated to edge-cn"), "{s}");
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "propagation:edge-cn");
    let rows = app.rows_json();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["edge-agent", "search", "shop"]);
}

#[test]
fn the_detail_is_live_and_the_selection_stays_on_its_cluster() {
    let (mut app, mut sim) = demo_app();
    app.open("propagation:karmada-host/Deployment/shop/web")
        .unwrap();
    for _ in 0..5 {
        app.on_key(code(KeyCode::Down));
    }
    assert!(to_text(&mut app, W, H).contains("›          prod-ap: 2 assigned"));
    // At the demo's tenth tick prod-ap goes NotReady in Karmada.
    for t in 1..=10 {
        let evs = sim.tick(NOW + t);
        app.model_mut().apply_all(evs);
    }
    let s = to_text(&mut app, W, H);
    assert!(s.contains("›          prod-ap: 2 assigned"), "{s}");
    assert!(
        s.contains(
            "Karmada NotReady (ClusterNotReachable) · Work karmada-es-prod-ap/web-56d6c779bb"
        ),
        "{s}"
    );
    app.open("propagation:karmada-host/Deployment/shop/cart")
        .unwrap();
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains(
            "prod-ap: NotReady · not ready (ClusterNotReachable) · excluded by the affinity: not in clusterNames"
        ),
        "{s}"
    );
}

#[test]
fn page_down_moves_a_page_of_lines_at_80x24() {
    let mut app = detail_app("reports");
    to_text(&mut app, 80, 24);
    app.on_key(code(KeyCode::PageDown));
    let s = to_text(&mut app, 80, 24);
    assert!(
        s.contains("›          prod-eu: Ready · graceful eviction"),
        "{s}"
    );
    app.on_key(code(KeyCode::PageUp));
    let s = to_text(&mut app, 80, 24);
    assert!(s.contains("› Template Deployment shop/reports"), "{s}");
}

#[test]
fn a_cluster_scoped_templates_detail_reads_its_cluster_resource_binding() {
    let (mut app, _) = demo_app();
    app.open("propagation:karmada-host/Namespace//shop")
        .unwrap();
    let s = to_text(&mut app, W, H);
    for want in [
        "Template Namespace shop",
        "Binding  ClusterResourceBinding shop-namespace",
        "prod-eu: applied · Healthy · Namespace on the member",
    ] {
        assert!(s.contains(want), "{want}: {s}");
    }
    assert!(!s.contains("0 assigned"), "{s}");
    // From the list: Enter on the Namespace row opens the same detail.
    app.open("propagation").unwrap();
    app.on_key(code(KeyCode::Char('/')));
    typed(&mut app, "Namespace");
    app.on_key(code(KeyCode::Enter));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "propagation:karmada-host/Namespace//shop");
}
