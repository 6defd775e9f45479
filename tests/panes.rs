//! Every pane and overlay over the demo fleet (fed through the real projections), with a fixed
//! clock and seed: what a user would see at 140×40 and in a common SSH window (80×24), and one
//! styled snapshot per theme (colours, not only text).

use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::{FleetEvent, Kind, Link, ObjKey};
use fleetdeck::runtime::intents::yaml_for_view;
use fleetdeck::ui::App;
use fleetdeck::ui::overlays::yaml::YamlOverlay;
use fleetdeck::ui::render::{to_styled, to_text};
use fleetdeck::ui::{Reply, Request};
use ratatui::crossterm::event::KeyCode;

mod common;
use common::*;

fn both(name: &str, app: &mut App) {
    insta::assert_snapshot!(format!("{name}_140x40"), to_text(app, W, H));
    insta::assert_snapshot!(format!("{name}_80x24"), to_text(app, 80, 24));
}

#[test]
fn fleet_overview() {
    let (mut app, _) = demo_app();
    let wide = to_text(&mut app, W, H);
    let narrow = to_text(&mut app, 80, 24);
    // At 80 columns every context reads whole.
    for ctx in ["prod-us", "prod-ap", "prod-eu", "edge-cn", "karmada-host"] {
        assert!(narrow.contains(&format!("│{ctx} ")), "{ctx} cut:\n{narrow}");
        assert!(wide.contains(ctx));
    }
    both("fleet_overview", &mut app);
}

#[test]
fn fleet_overview_member_selected_shows_karmada_facts() {
    let (mut app, _) = demo_app();
    app.on_key(code(KeyCode::Down));
    app.on_key(code(KeyCode::Down));
    both("fleet_overview_member_selected", &mut app);
}

#[test]
fn cluster_tabs() {
    let (mut app, _) = demo_app();
    for (ctx, kind) in [
        ("edge-cn", "nodes"),
        ("prod-us", "deployments"),
        ("prod-ap", "pods"),
        ("prod-us", "events"),
        ("prod-us", "namespaces"),
        ("karmada-host", "clusters"),
        ("karmada-host", "propagationpolicies"),
        ("karmada-host", "clusterpropagationpolicies"),
        ("karmada-host", "resourcebindings"),
        ("karmada-host", "deployments"),
        ("prod-eu", "queues"),
        ("prod-eu", "virtualservices"),
        ("prod-eu", "destinationrules"),
        ("edge-cn", "nodegroups"),
    ] {
        app.open(&format!("cluster:{ctx}:{kind}")).unwrap();
        assert_eq!(app.pane_name(), format!("cluster:{ctx}:{kind}"));
        insta::assert_snapshot!(format!("tab_{ctx}_{kind}"), to_text(&mut app, W, H));
    }
    app.open("cluster:prod-ap:pods").unwrap();
    insta::assert_snapshot!("tab_prod-ap_pods_80x24", to_text(&mut app, 80, 24));
    app.open("cluster:karmada-host:resourcebindings").unwrap();
    insta::assert_snapshot!("tab_karmada-host_bindings_80x24", to_text(&mut app, 80, 24));
}

#[test]
fn drill_in_with_enter_then_filter_pods_then_back() {
    let (mut app, _) = demo_app();
    // Rows sort unhealthy first; find prod-eu's row and open it.
    while selected_context(&mut app) != "prod-eu" {
        app.on_key(code(KeyCode::Down));
    }
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:prod-eu:nodes");
    app.on_key(code(KeyCode::Tab));
    app.on_key(code(KeyCode::Tab));
    app.on_key(code(KeyCode::Tab)); // Nodes → Deployments → StatefulSets → Pods
    app.on_key(key('/'));
    typed(&mut app, "cart");
    let screen = to_text(&mut app, W, H);
    assert!(screen.contains("/cart"), "{screen}");
    assert!(
        screen.contains("fleetdeck │ Fleet › prod-eu › Pods"),
        "breadcrumb:\n{screen}"
    );
    app.on_key(code(KeyCode::Enter));
    let rows = app.rows_json();
    assert_eq!(rows.len(), 3, "three cart pods on prod-eu: {rows:?}");
    assert!(
        rows.iter()
            .all(|r| r["name"].as_str().unwrap().starts_with("cart-"))
    );
    both("drill_in_filter_cart", &mut app);
    // Enter kept the filter and left edit mode: keys are commands again.
    app.on_key(key('q'));
    assert!(app.quit_requested(), "q quits once the filter is kept");
}

#[test]
fn sort_by_restarts_descending() {
    let (mut app, _) = demo_app();
    app.open("cluster:prod-ap:pods").unwrap();
    for _ in 0..4 {
        app.on_key(key('s'));
    }
    app.on_key(key('S'));
    assert_eq!(app.rows_json()[0]["restarts"], 42);
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn help_lists_the_focused_layer_first() {
    let (mut app, _) = demo_app();
    app.open("cluster:karmada-host:clusters").unwrap();
    app.on_key(key('?'));
    let screen = to_text(&mut app, W, H);
    let here = screen
        .find("Keys here: karmada-host › Karmada clusters [table]")
        .expect(&screen);
    let global = screen.find("Everywhere [global]").expect(&screen);
    let cordon = screen.find("cordon").expect(&screen);
    assert!(here < cordon && cordon < global, "{screen}");
    let tall = to_text(&mut app, W, 120);
    for line in [
        "q ctrl-c",
        "[palette]",
        "[filter]",
        "[confirm]",
        "cluster:GLOB",
    ] {
        assert!(tall.contains(line), "{line:?} missing:\n{tall}");
    }
    insta::assert_snapshot!(screen);
    app.on_key(key('?'));
    assert!(app.overlays().is_empty(), "? closes it again");
}

#[test]
fn palette_fuzzy_finds_a_cluster_tab() {
    let (mut app, _) = demo_app();
    app.on_key(key(':'));
    typed(&mut app, "edge nodes");
    insta::assert_snapshot!(to_text(&mut app, W, H));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:edge-cn:nodes");
    assert!(app.overlays().is_empty());
}

#[test]
fn warnings_fold_repeats_newest_first_and_enter_goes_to_the_object() {
    let (mut app, _) = demo_app();
    app.on_key(key('2'));
    assert_eq!(app.pane_name(), "warnings");
    let rows = app.rows_json();
    assert_eq!(rows.len(), 5, "{rows:#?}");
    assert_eq!(rows[0]["object"], "Pod/checkout-7c9d4");
    let web = rows
        .iter()
        .find(|r| r["object"] == "Pod/web-6b7f9")
        .unwrap();
    assert_eq!(
        (web["count"].as_i64(), web["events"].as_u64()),
        (Some(6), Some(2)),
        "two events folded"
    );
    assert_eq!(web["cluster"], "prod-eu");
    both("warnings", &mut app);
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:prod-ap:pods");
    assert_eq!(app.breadcrumb(), ["Fleet", "Warnings", "prod-ap › Pods"]);
    let (_, _, obj) = selected(&mut app).unwrap();
    assert_eq!(&*obj.name, "checkout-7c9d4");
    // A warning about a kind fleetdeck does not watch goes to the event.
    app.on_key(code(KeyCode::Esc));
    app.on_key(key('/'));
    typed(&mut app, "etl");
    app.on_key(code(KeyCode::Enter));
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:prod-us:events");
    assert!(app.status().unwrap().text.contains("does not watch Job"));
}

#[test]
fn a_kind_across_the_fleet_filters_by_cluster_glob() {
    let (mut app, _) = demo_app();
    app.open("all:deployments").unwrap();
    let all = app.rows_json();
    assert!(all.iter().any(|r| r["cluster"] == "karmada-host"));
    app.on_key(key('/'));
    typed(&mut app, "cluster:prod-* web");
    app.on_key(code(KeyCode::Enter));
    let rows = app.rows_json();
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["cluster"].as_str().unwrap(), r["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [("prod-ap", "web"), ("prod-eu", "web"), ("prod-us", "web")]
    );
    both("all_deployments_prod_web", &mut app);
}

#[test]
fn yaml_view_of_a_karmada_cluster() {
    let (mut app, sim) = demo_app();
    let v = sim
        .get_json(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped("prod-ap"))
        .unwrap();
    app.push_overlay(Box::new(YamlOverlay::with_text(
        "clusters.cluster.karmada.io prod-ap @ karmada-host",
        yaml_for_view(v),
    )));
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn confirm_dialog_shows_the_diff_and_the_result_closes_it() {
    let (mut app, sim) = demo_app();
    open_confirm(&mut app, &sim, "prod-ap", "p-0000beef");
    let screen = to_text(&mut app, W, H);
    assert!(
        screen.contains("+     key: cluster.karmada.io/unschedulable"),
        "{screen}"
    );
    assert!(screen.contains("plan p-0000beef · 1 step(s)"), "{screen}");
    assert!(
        screen.contains("y/enter: apply (server dry-run of every step first)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    insta::assert_snapshot!("confirm_dialog_80x24", to_text(&mut app, 80, 24));
    let reqs = app.on_key(key('y'));
    let Some(Request::Execute { id, plan }) = reqs.first() else {
        panic!("{reqs:?}")
    };
    assert_eq!(plan.id, "p-0000beef");
    // Quitting while it applies is refused.
    app.on_key(key('q'));
    assert!(!app.quit_requested());
    app.on_reply(Reply::Executed {
        id: *id,
        result: Ok("applied: it".into()),
    });
    assert!(app.overlays().is_empty());
    assert_eq!(app.status().unwrap().text, "applied: it");
}

#[test]
fn unreachable_cluster_sorts_first_and_selection_follows_it() {
    let (mut app, _) = demo_app();
    while selected_context(&mut app) != "prod-eu" {
        app.on_key(code(KeyCode::Down));
    }
    let (id, _) = app.model().cluster_by_context("prod-eu").unwrap();
    app.model_mut().apply(FleetEvent::Link {
        cluster: id,
        link: Link::Unreachable {
            error: "connection refused (127.0.0.1:16444)".into(),
            retry_at: NOW + 8,
            attempt: 3,
        },
    });
    let screen = to_text(&mut app, W, H);
    assert_eq!(selected_context(&mut app), "prod-eu");
    assert!(
        screen.contains("connection refused (127.0.0.1:16444) (retry in 8s)"),
        "{screen}"
    );
    assert_eq!(app.rows_json()[0]["context"], "prod-eu", "unhealthy first");
    insta::assert_snapshot!(screen);
    app.on_key(code(KeyCode::Enter));
    assert_eq!(app.pane_name(), "cluster:prod-eu:nodes");
}

#[test]
fn styled_snapshot_per_theme() {
    for theme in Theme::preset_names() {
        let (mut app, _) = app_with(theme, ColorMode::TrueColor, Keymap::default(), false);
        app.open("cluster:prod-ap:pods").unwrap();
        insta::assert_snapshot!(format!("styled_{theme}"), to_styled(&mut app, 80, 24));
    }
}
