//! Keys, replies and refusals over the demo fleet: what the app does, read back from its panes,
//! overlays, requests and status line.

use fleetdeck::actions::Verb;
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::ColorMode;
use fleetdeck::fleet::{FleetEvent, Kind, ObjKey};
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::{Reply, Request};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod common;
use common::*;

#[test]
fn esc_goes_back_and_esc_in_the_filter_clears_it() {
    let (mut app, _) = demo_app();
    app.open("cluster:prod-ap:pods").unwrap();
    app.on_key(key('/'));
    typed(&mut app, "q?x");
    assert!(!app.quit_requested(), "typed text, not commands");
    app.on_key(code(KeyCode::Esc));
    assert_eq!(app.rows_json().len(), 15, "esc cleared the filter");
    assert_eq!(app.pane_name(), "cluster:prod-ap:pods");
    app.on_key(code(KeyCode::Esc));
    assert_eq!(app.pane_name(), "fleet");
    assert_eq!(app.breadcrumb(), ["Fleet"]);
}

#[test]
fn selection_is_clamped_when_the_table_shrinks() {
    let (mut app, sim) = demo_app();
    app.open("cluster:prod-ap:pods").unwrap();
    app.on_key(key('G'));
    assert!(selected(&mut app).is_some());
    // Every pod but one goes away.
    let keep = sim.clusters[3]
        .objs
        .iter()
        .find(|((k, _), _)| *k == Kind::Pod)
        .map(|(_, v)| fleetdeck::kinds::project_json(Kind::Pod, v).unwrap())
        .unwrap();
    app.model_mut().apply(FleetEvent::Relist {
        cluster: 3,
        kind: Kind::Pod,
        objs: vec![keep.clone()],
    });
    to_text(&mut app, W, H);
    let (_, kind, obj) = selected(&mut app).expect("the one row left is selected");
    assert_eq!((kind, obj), (Kind::Pod, keep.key()));
}

#[test]
fn palette_finds_objects_in_every_cluster_and_stops_at_the_last_result() {
    let (mut app, _) = demo_app();
    app.on_key(key(':'));
    typed(&mut app, "checkout-7c9d4");
    for _ in 0..20 {
        app.on_key(code(KeyCode::Down));
    }
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:prod-ap:pods");
    let (ctx, kind, obj) = selected(&mut app).unwrap();
    assert_eq!(
        (ctx.as_str(), kind, &*obj.name),
        ("prod-ap", Kind::Pod, "checkout-7c9d4")
    );
    // A command of the focused pane, from the palette.
    app.open("fleet").unwrap();
    app.on_key(key(':'));
    typed(&mut app, "cmd warn");
    let screen = to_text(&mut app, W, H);
    assert!(
        !screen.contains("cmd: cordon") || screen.contains("cmd"),
        "{screen}"
    );
}

#[test]
fn yaml_replies_are_matched_by_id() {
    let (mut app, _) = demo_app();
    app.open("cluster:prod-eu:queues").unwrap();
    let reqs = app.on_key(key('y'));
    let id = reqs[0].id();
    app.on_reply(Reply::Yaml {
        id: id + 100,
        text: Ok("wrong: reply".into()),
    });
    assert!(to_text(&mut app, W, H).contains("fetching…"));
    app.on_reply(Reply::Yaml {
        id,
        text: Ok("kind: Queue".into()),
    });
    assert!(to_text(&mut app, W, H).contains("kind: Queue"));
}

#[test]
fn readonly_refuses_cordon_with_a_clear_message() {
    let (mut app, _) = app_with("dark", ColorMode::NoColor, Keymap::default(), true);
    while selected_context(&mut app) != "prod-eu" {
        app.on_key(code(KeyCode::Down));
    }
    let intents = app.on_key(key('c'));
    assert!(intents.is_empty());
    let screen = to_text(&mut app, W, H);
    assert!(
        screen.contains("read-only mode (--readonly): refusing to cordon karmada member prod-eu"),
        "{screen}"
    );
    assert!(screen.contains("[READONLY]"));
}

#[test]
fn cordon_asks_for_a_plan_of_the_selected_member() {
    let (mut app, _) = demo_app();
    while selected_context(&mut app) != "prod-us" {
        app.on_key(code(KeyCode::Down));
    }
    let reqs = app.on_key(key('c'));
    let Some(Request::Plan { verb, .. }) = reqs.first() else {
        panic!("{reqs:?}")
    };
    assert_eq!(
        *verb,
        Verb::Cordon {
            control_plane: 0,
            member: "prod-us".into(),
            cordon: true
        }
    );
}

#[test]
fn terminal_too_small_says_so() {
    let (mut app, _) = demo_app();
    let screen = to_text(&mut app, 40, 10);
    assert!(screen.starts_with("terminal too small: 40×10"), "{screen}");
}

#[test]
fn an_old_flat_keymap_still_works_and_the_status_line_says_how_to_move_it() {
    let km = Keymap::from_toml_over(
        &Keymap::default(),
        "[keys]\ncordon = [\"C\"]\n",
        std::path::Path::new("/home/me/.config/fleetdeck/keymap.toml"),
    )
    .unwrap();
    let (mut app, _) = app_with("dark", ColorMode::NoColor, km, false);
    let screen = to_text(&mut app, W, H);
    assert!(screen.contains("the [keys] table still works"), "{screen}");
    while selected_context(&mut app) != "prod-us" {
        app.on_key(code(KeyCode::Down));
    }
    assert!(app.on_key(key('c')).is_empty());
    assert_eq!(
        app.on_key(KeyEvent::new(KeyCode::Char('C'), KeyModifiers::SHIFT))
            .len(),
        1
    );
}

#[test]
fn a_result_closes_its_own_dialog_even_under_the_help() {
    let (mut app, sim) = demo_app();
    open_confirm(&mut app, &sim, "prod-ap", "p-1");
    let reqs = app.on_key(key('y'));
    let Some(Request::Execute { id, .. }) = reqs.first() else {
        panic!("{reqs:?}")
    };
    app.on_key(key('?'));
    assert_eq!(app.overlays(), ["confirm", "help"]);
    app.on_reply(Reply::Executed {
        id: *id,
        result: Err("conflict: …".into()),
    });
    assert_eq!(app.overlays(), ["help"]);
    assert_eq!(app.status().unwrap().text, "conflict: …");
}

#[test]
fn a_late_plan_never_catches_a_key_meant_for_something_else() {
    let (mut app, sim) = demo_app();
    while selected_context(&mut app) != "prod-ap" {
        app.on_key(code(KeyCode::Down));
    }
    let reqs = app.on_key(key('c'));
    let Some(Request::Plan { id, .. }) = reqs.first() else {
        panic!("{reqs:?}")
    };
    let v = sim
        .get_json(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped("prod-ap"))
        .unwrap();
    let plan = fleetdeck::actions::cordon::plan_cordon(0, "karmada-host", &v, true).unwrap();
    // While the plan is on its way, the user starts typing a filter.
    app.on_key(key('/'));
    typed(&mut app, "prod");
    app.on_reply(Reply::Planned {
        id: *id,
        plan: Ok(plan.clone()),
    });
    assert!(
        app.overlays().is_empty(),
        "no dialog over the filter being typed"
    );
    assert!(
        app.status().unwrap().text.contains("you had moved on"),
        "{:?}",
        app.status()
    );
    // Enter keeps the filter: it applies nothing.
    let reqs = app.on_key(code(KeyCode::Enter));
    assert!(reqs.is_empty(), "{reqs:?}");
    // A reply to an older request than the last one is dropped; and one for a pane the user
    // has left does not open either.
    app.on_key(code(KeyCode::Esc));
    let first = app.on_key(key('c'));
    let second = app.on_key(key('c'));
    let (Some(Request::Plan { id: a, .. }), Some(Request::Plan { id: b, .. })) =
        (first.first(), second.first())
    else {
        panic!()
    };
    app.on_reply(Reply::Planned {
        id: *a,
        plan: Ok(plan.clone()),
    });
    assert!(app.overlays().is_empty(), "superseded");
    app.open("cluster:prod-eu:pods").unwrap();
    app.on_reply(Reply::Planned {
        id: *b,
        plan: Ok(plan),
    });
    assert!(
        app.overlays().is_empty(),
        "asked on the overview, answered elsewhere"
    );
    assert!(
        app.on_key(key('y'))
            .iter()
            .all(|r| !matches!(r, Request::Execute { .. }))
    );
}

#[test]
fn the_selection_does_not_follow_a_freed_slot_to_another_object() {
    let (mut app, _) = demo_app();
    app.open("cluster:prod-ap:pods").unwrap();
    app.on_key(key('j'));
    app.on_key(key('j'));
    let (_, _, was) = selected(&mut app).unwrap();
    // The selected pod goes; a new one (sorting last) takes its store slot.
    let m = app.model_mut();
    m.apply(FleetEvent::Delete {
        cluster: 3,
        kind: Kind::Pod,
        key: was.clone(),
    });
    let mut newer = m.clusters[3]
        .store::<fleetdeck::kinds::pod::Pod>()
        .values()
        .next()
        .unwrap()
        .clone();
    newer.namespace = "zzz".into();
    newer.name = "zzzz-new-pod".into();
    m.apply(FleetEvent::Apply {
        cluster: 3,
        obj: fleetdeck::fleet::Obj::Pod(newer),
    });
    to_text(&mut app, W, H);
    let (_, _, now) = selected(&mut app).unwrap();
    assert_ne!(
        &*now.name, "zzzz-new-pod",
        "the cursor jumped with the slot"
    );
}

#[test]
fn help_over_an_overlay_lists_what_it_offers_and_g_goes_to_the_end() {
    let (mut app, _) = demo_app();
    app.open("cluster:prod-ap:pods").unwrap();
    app.on_key(key('y'));
    app.on_reply(Reply::Yaml {
        id: 1,
        text: Ok((0..200).map(|i| format!("line{i}: x\n")).collect()),
    });
    let screen = to_text(&mut app, W, H);
    assert!(screen.contains("line0"), "{screen}");
    app.on_key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
    let screen = to_text(&mut app, W, H);
    assert!(
        screen.contains("line199") && !screen.contains("line0:"),
        "{screen}"
    );
    app.on_key(key('?'));
    let help = to_text(&mut app, W, H);
    let here = &help[help.find("Keys here").unwrap()..help.find("Everywhere").unwrap()];
    assert!(
        here.contains("scroll") && !here.contains("cordon") && !here.contains("filter"),
        "{here}"
    );
}

#[test]
fn panes_open_by_name_with_colons_in_contexts_and_refuse_kinds_not_served() {
    let (mut app, _) = demo_app();
    let err = app.open("cluster:prod-us:clusters").unwrap_err();
    assert_eq!(err, "prod-us does not serve clusters.cluster.karmada.io");
    assert!(app.open("cluster:prod-us:pods").is_ok());
    // A context named like an EKS ARN.
    let sim = fleetdeck::sources::demo::DemoSim::new(SEED, NOW);
    let mut names = sim.contexts();
    names[1] = "arn:aws:eks:eu-west-1:1:cluster/prod-eu".into();
    let mut model = fleetdeck::fleet::FleetModel::new(names);
    model.apply_all(sim.initial_events());
    let theme = fleetdeck::config::theme::Theme::preset("dark", ColorMode::NoColor).unwrap();
    let mut app = fleetdeck::ui::App::new(model, theme, Keymap::default(), false, NOW);
    app.open("cluster:arn:aws:eks:eu-west-1:1:cluster/prod-eu")
        .unwrap();
    assert_eq!(
        app.pane_name(),
        "cluster:arn:aws:eks:eu-west-1:1:cluster/prod-eu:nodes"
    );
    app.open("cluster:arn:aws:eks:eu-west-1:1:cluster/prod-eu:pods")
        .unwrap();
    assert_eq!(app.rows_json().len(), 23);
}
