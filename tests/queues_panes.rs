//! The queues pane over the demo fleet: what a user sees at 140×40 and 80×24, close/open on
//! the plan path (the row pending until Volcano's controller changes the state), the weight
//! sliders of a cluster's queues, read-only.

use fleetdeck::actions::Verb;
use fleetdeck::actions::queues::{COMMAND, plan_queue_state};
use fleetdeck::fleet::{Kind, ObjKey};
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

fn queues_app() -> (App, DemoSim) {
    let (mut app, sim) = demo_app();
    app.open("queues").unwrap();
    (app, sim)
}

/// Down to the row of `queue` on `context`.
fn select(app: &mut App, context: &str, queue: &str) {
    for _ in 0..20 {
        app.on_key(code(KeyCode::Up));
    }
    for _ in 0..20 {
        let rows = app.rows_json();
        let s = to_text(app, W, H);
        let detail = s
            .lines()
            .find(|l| l.contains(&format!(" on {context} · ")))
            .unwrap_or("");
        let first = detail.split_whitespace().next().unwrap_or("");
        if first.rsplit('/').next() == Some(queue) {
            return;
        }
        assert!(!rows.is_empty());
        app.on_key(code(KeyCode::Down));
    }
    panic!("no queue {queue} on {context}");
}

#[test]
fn the_pane_shows_every_queue_by_cluster_as_a_tree() {
    let (mut app, _) = queues_app();
    let s = to_text(&mut app, W, H);
    assert!(s.contains("Volcano queues (10, 8 open)"), "{s}");
    assert!(s.contains("  └ prod-batch"), "{s}");
    both("queues_list", &mut app);
}

#[test]
fn snapshot_json_rows() {
    let (mut app, _) = queues_app();
    let rows = app.rows_json();
    assert_eq!(rows.len(), 10);
    let prod = rows
        .iter()
        .find(|r| r["cluster"] == "prod-eu" && r["name"] == "prod")
        .unwrap();
    assert_eq!(prod["state"], "Open");
    assert_eq!(prod["weight"], 4);
    assert_eq!(prod["share"], 40.0);
    assert_eq!(prod["parent"], "root");
    assert_eq!(
        prod["podgroups"],
        serde_json::json!({"Pending": 1, "Inqueue": 1, "Running": 1, "Completed": 0, "Unknown": 0})
    );
    let gpu = rows
        .iter()
        .find(|r| r["cluster"] == "prod-us" && r["name"] == "gpu")
        .unwrap();
    assert_eq!(
        (&gpu["state"], &gpu["share"]),
        (&"Closed".into(), &serde_json::Value::Null)
    );
}

#[test]
fn close_goes_through_the_plan_and_the_row_is_pending_until_closed() {
    let (mut app, mut sim) = queues_app();
    select(&mut app, "prod-eu", "prod");
    let reqs = app.on_key(key('c'));
    let Some(Request::Plan { id, verb }) = reqs.first().cloned() else {
        panic!("{reqs:?}")
    };
    let (eu, _) = app.model().cluster_by_context("prod-eu").unwrap();
    assert_eq!(
        verb,
        Verb::QueueState {
            clusters: vec![eu],
            queue: "prod".into(),
            open: false
        }
    );
    let key_prod = ObjKey::cluster_scoped("prod");
    let obj = sim.get_json(eu, Kind::Queue, &key_prod).unwrap();
    let mut plan = plan_queue_state(eu, "prod-eu", &obj, [1, 1, 1, 0, 0], false).unwrap();
    plan.id = "p-0000c105".into();
    app.on_reply(Reply::Planned { id, plan: Ok(plan) });
    assert_eq!(app.overlays(), ["confirm"]);
    insta::assert_snapshot!("queues_close_confirm_140x40", to_text(&mut app, W, H));
    let reqs = app.on_key(key('y'));
    let Some(Request::Execute { id, plan }) = reqs.first().cloned() else {
        panic!("{reqs:?}")
    };
    let cmd = plan.steps[0].create.as_ref().unwrap();
    let (made, evs) = sim
        .create(eu, &COMMAND, "default", &cmd.object, false)
        .unwrap();
    app.model_mut().apply_all(evs);
    let name = made["metadata"]["name"].as_str().unwrap();
    app.on_reply(Reply::Executed {
        id,
        result: Ok(format!(
            "applied: CloseQueue queue prod (Command in default) on prod-eu \
             (commands.bus.volcano.sh/default/{name})"
        )),
    });
    assert!(app.overlays().is_empty());
    let s = to_text(&mut app, W, H);
    assert!(s.contains("Closing→Closed…"), "{s}");
    both("queues_close_pending", &mut app);
    let evs = sim.tick(NOW + 5);
    app.model_mut().apply_all(evs);
    let s = to_text(&mut app, W, H);
    assert!(!s.contains("Closing"), "{s}");
    let rows = app.rows_json();
    let prod = rows
        .iter()
        .find(|r| r["cluster"] == "prod-eu" && r["name"] == "prod")
        .unwrap();
    assert_eq!(
        (&prod["state"], &prod["share"]),
        (&"Closed".into(), &serde_json::Value::Null)
    );
    // The other open queues of prod-eu share its weight now: root, default 1, prod-batch,
    // research 2 → 1/6 each for the ones with weight 1.
    let root = rows
        .iter()
        .find(|r| r["cluster"] == "prod-eu" && r["name"] == "root");
    assert_eq!(root.unwrap()["share"], 16.67);
}

#[test]
fn enter_opens_the_weight_sliders_of_the_cluster_queues() {
    let (mut app, _) = queues_app();
    select(&mut app, "prod-us", "batch");
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "weights:prod-us/Queues");
    let rows = app.rows_json();
    let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["root", "batch", "default", "gpu"]);
    assert_eq!(rows[3]["share"], 0.0, "gpu is closed");
    app.on_key(code(KeyCode::Down));
    for _ in 0..4 {
        app.on_key(key('+'));
    }
    // batch 4 → 8 among root 1, default 1: 80%.
    let rows = app.rows_json();
    assert_eq!(
        (&rows[1]["pending"], &rows[1]["share"]),
        (&8.into(), &80.0.into())
    );
    both("queues_sliders", &mut app);
    let (us, _) = app.model().cluster_by_context("prod-us").unwrap();
    let reqs = app.on_key(code(KeyCode::Enter));
    match reqs.first() {
        Some(Request::Plan { verb, .. }) => assert_eq!(
            *verb,
            Verb::QueueWeights {
                clusters: vec![us],
                weights: vec![("batch".into(), 8)]
            }
        ),
        r => panic!("{r:?}"),
    }
}

#[test]
fn readonly_refuses_close_and_open() {
    let (mut app, _) = app_with(
        "dark",
        fleetdeck::config::theme::ColorMode::NoColor,
        fleetdeck::config::keymap::Keymap::default(),
        true,
    );
    app.open("queues").unwrap();
    select(&mut app, "prod-eu", "archive");
    assert!(app.on_key(key('u')).is_empty());
    let s = to_text(&mut app, W, H);
    assert!(
        s.contains("read-only mode (--readonly): refusing to open queue archive"),
        "{s}"
    );
}
