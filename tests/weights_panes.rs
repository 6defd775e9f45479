//! The weights list and the sliders over the demo fleet: what a user sees at 140×40 and 80×24,
//! the keys of the slider layer, and the plan an apply asks for.

use fleetdeck::actions::Verb;
use fleetdeck::actions::weights::{Fleet, plan_set_weights};
use fleetdeck::fleet::{Kind, Obj, ObjKey};
use fleetdeck::kinds::project_json;
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

fn open(app: &mut App, spec: &str) {
    app.open(spec).unwrap();
}

fn rows<T>(sim: &DemoSim, kind: Kind, pick: fn(Obj) -> Option<T>) -> Vec<T> {
    sim.list_json(0, kind)
        .unwrap()
        .iter()
        .filter_map(|v| pick(project_json(kind, v).ok()?))
        .collect()
}

#[test]
fn the_list_shows_policies_and_routes() {
    let (mut app, _) = demo_app();
    open(&mut app, "weights");
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("shop/web") && s.contains("prod-ap=1 prod-eu=2 prod-us=1"),
        "{s}"
    );
    assert!(s.contains("prod-eu 80% prod-us 20%"), "{s}");
    assert!(
        s.contains("decided by the scheduler from available replicas"),
        "{s}"
    );
    both("weights_list", &mut app);
    // Enter opens the sliders of the selected row.
    app.on_key(code(KeyCode::Enter));
    assert!(to_text(&mut app, W, H).contains("PropagationPolicy shop/search  static weights"));
}

#[test]
fn policy_sliders_preview_the_split_and_apply_asks_for_the_plan() {
    let (mut app, sim) = demo_app();
    open(&mut app, "weights:karmada-host/PropagationPolicy/shop/web");
    app.on_key(code(KeyCode::Down));
    typed(&mut app, "1");
    let s = to_text(&mut app, W, H);
    assert!(s.contains("2→1"), "{s}");
    assert!(
        s.contains("→ Deployment shop/web (8 replicas): prod-eu 4→3, prod-us 2→3"),
        "{s}"
    );
    both("weights_policy_sliders", &mut app);
    let reqs = app.on_key(code(KeyCode::Enter));
    let Some(Request::Plan { id, verb }) = reqs.first() else {
        panic!("{reqs:?}")
    };
    let Verb::SetWeights { weights, pin, .. } = verb else {
        panic!("{verb:?}")
    };
    assert_eq!(weights, &[("prod-eu".to_string(), 1)]);
    assert!(!pin);
    let policy = sim
        .get_json(
            0,
            Kind::PropagationPolicy,
            &ObjKey::new(Some("shop"), "web"),
        )
        .unwrap();
    let clusters = rows(&sim, Kind::KarmadaCluster, |o| match o {
        Obj::KarmadaCluster(c) => Some(c),
        _ => None,
    });
    let bindings = rows(&sim, Kind::ResourceBinding, |o| match o {
        Obj::ResourceBinding(b) => Some(b),
        _ => None,
    });
    let fleet = Fleet {
        clusters: &clusters,
        bindings: &bindings,
    };
    let mut plan = plan_set_weights(0, "karmada-host", &policy, &fleet, weights, false).unwrap();
    plan.id = "p-0000cafe".into();
    app.on_reply(Reply::Planned {
        id: *id,
        plan: Ok(plan),
    });
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("→ Deployment shop/web (8 replicas): prod-eu 4→3, prod-us 2→3"),
        "{s}"
    );
    assert!(s.contains("+           weight: 1"), "{s}");
    insta::assert_snapshot!("weights_policy_confirm_80x24", to_text(&mut app, 80, 24));
}

#[test]
fn route_sliders_keep_100_shift_undo_and_ask_before_leaving() {
    let (mut app, _) = demo_app();
    open(&mut app, "weights");
    open(&mut app, "weights:prod-eu/VirtualService/shop/web/0");
    // s, 30, enter: shift 30% of prod-eu's weight; enter: to prod-us (the next row).
    app.on_key(key('s'));
    typed(&mut app, "30");
    app.on_key(code(KeyCode::Enter));
    assert!(to_text(&mut app, W, H).contains("shift 30% of prod-eu's weight to prod-us"));
    app.on_key(code(KeyCode::Enter));
    let s = to_text(&mut app, W, H);
    assert!(s.contains("80→56") && s.contains("20→44"), "{s}");
    both("weights_route_sliders", &mut app);
    // Typing a weight keeps the total at 100.
    typed(&mut app, "50");
    let s = to_text(&mut app, W, H);
    assert!(s.contains("80→50") && s.contains("20→50"), "{s}");
    app.on_key(key('u'));
    app.on_key(key('u'));
    app.on_key(key('u'));
    let s = to_text(&mut app, W, H);
    assert!(s.contains("no pending change"), "{s}");
    app.on_key(key('u'));
    assert!(to_text(&mut app, W, H).contains("no pending change"));
    app.on_key(key('U'));
    assert!(to_text(&mut app, W, H).contains("80→56"));
    // Esc with a change pending asks; the second leaves.
    app.on_key(code(KeyCode::Esc));
    assert!(
        app.status()
            .unwrap()
            .text
            .contains("pending change(s) not applied")
    );
    assert!(to_text(&mut app, W, H).contains("Sliders"));
    app.on_key(code(KeyCode::Esc));
    assert!(!to_text(&mut app, W, H).contains("Sliders"));
}

#[test]
fn dynamic_weights_show_the_schedulers_assignment_and_refuse_sliding() {
    let (mut app, _) = demo_app();
    open(
        &mut app,
        "weights:karmada-host/ClusterPropagationPolicy/batch-global",
    );
    let rows = app.rows_json();
    let row = |n: &str| rows.iter().find(|r| r["name"] == n).unwrap().clone();
    let us = row("prod-us");
    assert_eq!(us["weight"], serde_json::Value::Null, "{us}");
    assert_eq!(us["share"], 75.0, "{us}");
    assert_eq!(us["replicas"]["Deployment shop/reports"]["now"], 3, "{us}");
    assert_eq!(row("prod-ap")["share"], 25.0);
    assert_eq!(row("prod-eu")["share"], 0.0);
    app.on_key(key('+'));
    let s = to_text(&mut app, W, H);
    assert!(s.contains("dynamic weights are the scheduler's"), "{s}");
    assert!(s.contains("no pending change"), "{s}");
    insta::assert_snapshot!("weights_dynamic_80x24", to_text(&mut app, 80, 24));
}
