//! The mesh pane over the demo fleet: what a user sees at 140×40 and 80×24, the drain chooser
//! and the plan it asks for, restore from the audit log, the fleet overview's and the palette's
//! drain, and the readiness warnings.

use fleetdeck::actions::Verb;
use fleetdeck::actions::audit::AuditEntry;
use fleetdeck::actions::drain::{DrainInput, MeshCtx, plan_drain};
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::ColorMode;
use fleetdeck::fleet::Kind;
use fleetdeck::sources::demo::DemoSim;
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::{App, Reply, Request};
use ratatui::crossterm::event::KeyCode;

mod common;
use common::*;

fn both(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_140x40"), to_text(app, W, H));
    insta::assert_snapshot!(format!("{name}_80x24"), to_text(app, 80, 24));
}

fn mesh_app() -> (App, DemoSim) {
    let (mut app, sim) = demo_app();
    app.open("mesh").unwrap();
    (app, sim)
}

/// `d`, then to the top of the list and `downs` down: the chooser's entry.
fn choose(app: &mut App, downs: usize) {
    app.on_key(key('d'));
    assert_eq!(app.overlays(), ["chooser"]);
    for _ in 0..6 {
        app.on_key(code(KeyCode::Up));
    }
    for _ in 0..downs {
        app.on_key(code(KeyCode::Down));
    }
}

fn plan_request(reqs: &[Request]) -> (u64, Verb) {
    match reqs.first() {
        Some(Request::Plan { id, verb }) => (*id, verb.clone()),
        _ => panic!("no plan request: {reqs:?}"),
    }
}

#[test]
fn the_pane_shows_the_rollup_services_and_the_details() {
    let (mut app, _) = mesh_app();
    let s = to_text(&mut app, W, H);
    assert!(s.contains("traffic share per cluster: edge-cn"), "{s}");
    assert!(s.contains("shop/cart") && s.contains("shop/search"), "{s}");
    assert!(s.contains("no outlier · failover"), "{s}");
    both("mesh_list", &mut app);
    // The first row is edge-cn-free prod-eu cart: its warning is in the details.
    assert!(
        s.contains("locality failover without outlierDetection"),
        "{s}"
    );
}

#[test]
fn snapshot_json_rows_and_the_rollup() {
    let (mut app, _) = mesh_app();
    let rows = app.rows_json();
    assert_eq!(rows.len(), 7, "{rows:?}");
    let cart = rows
        .iter()
        .find(|r| r["context"] == "prod-us" && r["name"] == "cart")
        .unwrap();
    assert_eq!(cart["routes"], 2);
    assert_eq!(cart["shares"]["prod-us"], 75.0);
    assert_eq!(cart["destination_rules"][0]["locality"], "failover");
    assert_eq!(cart["destination_rules"][0]["outlier_detection"], false);
    assert_eq!(
        cart["destination_rules"][0]["subsets"]["prod-eu"],
        "prod-eu"
    );
    assert!(
        cart["warnings"][0]
            .as_str()
            .unwrap()
            .contains("outlierDetection")
    );
    let web = rows.iter().find(|r| r["name"] == "web").unwrap();
    assert_eq!(web["warnings"].as_array().unwrap().len(), 0);
    let sum = app.summary_json().unwrap();
    assert!(sum["shares"]["prod-eu"].as_f64().unwrap() > 0.0, "{sum}");
    assert_eq!(sum["routes"], 9);
}

#[test]
fn d_chooses_a_cluster_and_asks_for_the_drain_plan() {
    let (mut app, sim) = mesh_app();
    choose(&mut app, 2);
    insta::assert_snapshot!("mesh_drain_chooser_80x24", to_text(&mut app, 80, 24));
    let reqs = app.on_key(code(KeyCode::Enter));
    assert!(app.overlays().is_empty());
    let (id, verb) = plan_request(&reqs);
    let Verb::Drain {
        clusters,
        control_planes,
        member,
        to,
        cordon,
    } = verb
    else {
        panic!("{verb:?}")
    };
    assert_eq!(member, "prod-eu");
    assert_eq!((to, cordon), (None, false));
    assert_eq!(clusters.len(), app.model().clusters.len());
    assert_eq!(control_planes, [0]);
    // The plan as the verb makes it: the confirm shows the shares before → after.
    let mesh: Vec<MeshCtx> = (0..app.model().clusters.len())
        .map(|c| MeshCtx {
            cluster: c,
            context: app.model().clusters[c].context.clone(),
            virtual_services: sim.list_json(c, Kind::VirtualService).unwrap_or_default(),
            destination_rules: sim.list_json(c, Kind::DestinationRule).unwrap_or_default(),
        })
        .collect();
    let mut known: Vec<String> = sim.contexts();
    known.sort();
    let mut plan = plan_drain(&DrainInput {
        mesh: &mesh,
        known: &known,
        cluster: "prod-eu",
        to: None,
        cordon: None,
        unreadable: &[],
    })
    .unwrap();
    plan.id = "p-0000d4a1".into();
    app.on_reply(Reply::Planned { id, plan: Ok(plan) });
    assert_eq!(app.overlays(), ["confirm"]);
    let s = to_text(&mut app, W, H);
    assert!(s.contains("prod-eu"), "{s}");
    insta::assert_snapshot!("mesh_drain_confirm_80x24", to_text(&mut app, 80, 24));
}

#[test]
fn c_in_the_chooser_also_cordons_and_esc_closes_it() {
    let (mut app, _) = mesh_app();
    choose(&mut app, 1);
    app.on_key(key('c'));
    assert!(to_text(&mut app, W, H).contains("[x] also cordon it in Karmada"));
    let (_, verb) = plan_request(&app.on_key(code(KeyCode::Enter)));
    assert!(matches!(verb, Verb::Drain { ref member, cordon: true, .. } if member == "prod-ap"));
    choose(&mut app, 0);
    app.on_key(code(KeyCode::Esc));
    assert!(app.overlays().is_empty());
    assert_eq!(app.pane_name(), "mesh");
}

#[test]
fn readonly_refuses_drain_and_restore() {
    let (mut app, _) = app_with("dark", ColorMode::NoColor, Keymap::default(), true);
    app.open("mesh").unwrap();
    assert!(app.on_key(key('d')).is_empty());
    assert!(app.overlays().is_empty());
    let st = app.status().unwrap().text.clone();
    assert!(st.contains("read-only"), "{st}");
    assert!(app.on_key(key('R')).is_empty());
    assert!(!to_text(&mut app, W, H).contains("drain a cluster"));
}

fn entry(plan: &str, verb: &str) -> AuditEntry {
    AuditEntry {
        time: "2026-12-03T03:00:00Z".into(),
        plan: plan.into(),
        step: "1/1".into(),
        user: "sre".into(),
        context: "prod-eu".into(),
        object: "virtualservices/shop/web".into(),
        change: "http[0]: prod-eu 80→0, prod-us 20→100".into(),
        result: "applied".into(),
        verb: verb.into(),
        undo: None,
    }
}

#[test]
fn r_lists_recent_plans_from_the_audit_log_and_asks_for_the_restore_plan() {
    let (mut app, _) = mesh_app();
    let reqs = app.on_key(key('R'));
    let Some(Request::Audit { id }) = reqs.first() else {
        panic!("{reqs:?}")
    };
    let entries = vec![
        entry("p-00000001", "cordon"),
        entry("p-00000002", "drain-cluster"),
    ];
    app.on_reply(Reply::Audit {
        id: *id,
        entries: Ok(entries.clone()),
    });
    assert_eq!(app.overlays(), ["chooser"]);
    let s = to_text(&mut app, 80, 24);
    assert!(s.contains("p-00000002  drain-cluster"), "{s}");
    app.on_key(code(KeyCode::Down));
    let (_, verb) = plan_request(&app.on_key(code(KeyCode::Enter)));
    assert_eq!(
        verb,
        Verb::Restore {
            plan_id: "p-00000001".into(),
            entries
        }
    );
    // An empty audit log says so.
    let reqs = app.on_key(key('R'));
    let Some(Request::Audit { id }) = reqs.first() else {
        panic!()
    };
    app.on_reply(Reply::Audit {
        id: *id,
        entries: Ok(vec![]),
    });
    assert!(app.overlays().is_empty());
    assert!(app.status().unwrap().text.contains("no plans"));
}

#[test]
fn the_overview_and_the_palette_drain_a_cluster() {
    let (mut app, _) = demo_app();
    while selected_context(&mut app) != "prod-us" {
        app.on_key(code(KeyCode::Down));
    }
    let (_, verb) = plan_request(&app.on_key(key('d')));
    assert!(matches!(verb, Verb::Drain { ref member, cordon: false, .. } if member == "prod-us"));
    app.on_key(key(':'));
    typed(&mut app, "drain prod-ap");
    let s = to_text(&mut app, W, H);
    assert!(s.contains("cmd: drain prod-ap out of the mesh"), "{s}");
    let (_, verb) = plan_request(&app.on_key(code(KeyCode::Enter)));
    assert!(matches!(verb, Verb::Drain { ref member, .. } if member == "prod-ap"));
    // `mesh` goes to the pane, not to a drain command.
    app.on_reply(Reply::Planned {
        id: 0,
        plan: Err("dropped".into()),
    });
    app.on_key(key(':'));
    typed(&mut app, "mesh");
    let s = to_text(&mut app, W, H);
    let reqs = app.on_key(code(KeyCode::Enter));
    assert!(reqs.is_empty(), "{reqs:?} {s}");
    assert_eq!(app.pane_name(), "mesh");
}
