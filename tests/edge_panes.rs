//! The edge pane over the demo fleet: the nodes (offline, then stale, then online) at 140×40
//! and 80×24, the NodeGroups view and Enter on a group, ages that move with the clock alone,
//! the overview's `e`, and cordon on the plan path.

use fleetdeck::actions::Verb;
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::{App, Request};
use ratatui::crossterm::event::KeyCode;

mod common;
use common::*;

fn both(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_140x40"), to_text(app, W, H));
    insta::assert_snapshot!(format!("{name}_80x24"), to_text(app, 80, 24));
}

fn edge_app() -> App {
    let (mut app, _) = demo_app();
    app.open("edge").unwrap();
    app
}

#[test]
fn the_list_puts_offline_then_stale_nodes_first() {
    let mut app = edge_app();
    let s = to_text(&mut app, W, H);
    assert!(s.contains("12 edge node(s): 3 offline · 1 stale"), "{s}");
    both("edge_list", &mut app);
    let rows = app.rows_json();
    assert_eq!(rows.len(), 12);
    let order: Vec<(&str, bool, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["node"].as_str().unwrap(),
                r["ready"].as_bool().unwrap(),
                r["stale"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order[..4],
        [
            ("edge-03", false, false),
            ("edge-07", false, false),
            ("edge-11", false, false),
            ("edge-09", true, true)
        ]
    );
    let stale = &rows[3];
    assert_eq!(stale["cluster"], "edge-cn");
    assert_eq!(stale["group"], "suzhou-warehouse");
    assert_eq!(
        stale["heartbeat_age_s"], 42,
        "the lease is newer than the status"
    );
    assert_eq!(stale["kubeedge_version"], "v1.18.1");
    assert_eq!(stale["offline_for_s"], serde_json::Value::Null);
    let offline = &rows[0];
    assert_eq!(offline["offline_for_s"], 3 * 3600 + 20);
    assert_eq!(offline["heartbeat_age_s"], 3 * 3600 + 60);
    assert_eq!(offline["pods"], 1, "its edge-agent pod");
    let keys: Vec<&String> = rows[0].as_object().unwrap().keys().collect();
    for k in [
        "cluster",
        "node",
        "group",
        "ready",
        "heartbeat_age_s",
        "offline_for_s",
        "stale",
        "pods",
        "kubeedge_version",
    ] {
        assert!(keys.iter().any(|x| *x == k), "{k} in {keys:?}");
    }
}

#[test]
fn ages_advance_and_a_heartbeat_runs_out_with_the_clock_alone() {
    let mut app = edge_app();
    let before = app.rows_json();
    let generation = app.model().generation();
    app.set_now(NOW + 10);
    let after = app.rows_json();
    assert_eq!(app.model().generation(), generation, "no event");
    let age = |rows: &[serde_json::Value], n: &str| {
        rows.iter().find(|r| r["node"] == n).unwrap()["heartbeat_age_s"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(age(&after, "edge-01"), age(&before, "edge-01") + 10);
    // edge-01's lease was renewed 4 s before NOW: stale once 40 s have passed without one.
    app.set_now(NOW + 36);
    assert_eq!(
        app.rows_json()
            .iter()
            .filter(|r| r["stale"] == true)
            .count(),
        1
    );
    app.set_now(NOW + 37);
    let s = to_text(&mut app, W, H);
    assert!(s.contains("3 offline · 9 stale"), "{s}");
}

#[test]
fn enter_on_a_group_lists_its_nodes_and_esc_lists_all_again() {
    let mut app = edge_app();
    app.on_key(code(KeyCode::Tab));
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("shanghai-factory") && s.contains("suzhou-warehouse"),
        "{s}"
    );
    assert!(
        s.contains("EdgeApplication default/sensor-collector"),
        "{s}"
    );
    both("edge_groups", &mut app);
    app.on_key(code(KeyCode::Down));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "edge:edge-cn/suzhou-warehouse");
    let rows = app.rows_json();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r["group"] == "suzhou-warehouse"));
    both("edge_group_filter", &mut app);
    app.on_key(code(KeyCode::Esc));
    app.on_key(code(KeyCode::Esc));
    assert_eq!(app.pane_name(), "edge");
    assert_eq!(app.rows_json().len(), 12);
    app.on_key(code(KeyCode::Esc));
    assert_eq!(
        app.pane_name(),
        "fleet",
        "esc leaves once nothing is filtered"
    );
}

#[test]
fn e_on_the_overview_opens_the_selected_clusters_edge_nodes() {
    let (mut app, _) = demo_app();
    while selected_context(&mut app) != "edge-cn" {
        app.on_key(code(KeyCode::Down));
    }
    app.on_key(key('e'));
    assert_eq!(app.pane_name(), "edge:edge-cn");
    assert_eq!(app.rows_json().len(), 12);
}

#[test]
fn c_plans_a_cordon_of_the_selected_node_and_readonly_refuses() {
    let mut app = edge_app();
    let reqs = app.on_key(key('c'));
    match reqs.first() {
        Some(Request::Plan { verb, .. }) => assert_eq!(
            *verb,
            Verb::CordonNode {
                cluster: app.model().cluster_by_context("edge-cn").unwrap().0,
                node: "edge-03".into(),
                cordon: true
            }
        ),
        other => panic!("no plan: {other:?}"),
    }
    let (mut ro, _) = app_with(
        "dark",
        fleetdeck::config::theme::ColorMode::NoColor,
        fleetdeck::config::keymap::Keymap::default(),
        true,
    );
    ro.open("edge").unwrap();
    assert!(ro.on_key(key('c')).is_empty());
    assert!(ro.status().is_some());
}

#[test]
fn the_palette_opens_the_pane_by_its_name() {
    let (mut app, _) = demo_app();
    app.on_key(key(':'));
    typed(&mut app, "edge");
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "edge", "not the context edge-cn");
}
