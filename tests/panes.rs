//! Snapshots of every pane over the demo fleet, with a fixed clock and seed.
//! What is asserted is exactly what a user would see in a 140×40 terminal.

use fleetdeck::actions::cordon::plan_cordon;
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::{FleetModel, Kind, ObjKey};
use fleetdeck::runtime::intents::yaml_for_view;
use fleetdeck::sources::demo::DemoSim;
use fleetdeck::ui::app::{App, UiMsg};
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::state::{ClusterView, Overlay, Screen, YamlState};
use fleetdeck::views::{SortSpec, Tab};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const NOW: i64 = 1_750_000_000;
const SEED: u64 = 42;
const W: u16 = 140;
const H: u16 = 40;

fn demo_app() -> (App, DemoSim) {
    let sim = DemoSim::new(SEED, NOW);
    let mut model = FleetModel::new(sim.contexts());
    model.apply_all(sim.initial_events());
    let theme = Theme::preset("dark", ColorMode::NoColor).unwrap();
    let keymap = Keymap::load("default", None).unwrap();
    (App::new(model, theme, keymap, false, NOW), sim)
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn cluster_view(app: &mut App, ctx: &str, tab: Tab) {
    let (id, _) = app.model.cluster_by_context(ctx).unwrap();
    app.screen = Screen::Cluster(ClusterView {
        id,
        tab,
        selected: 0,
        sort: SortSpec::default(),
        filter: String::new(),
    });
}

#[test]
fn fleet_overview() {
    let (mut app, _) = demo_app();
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn fleet_overview_member_selected_shows_karmada_facts() {
    let (mut app, _) = demo_app();
    app.on_key(code(KeyCode::Down));
    app.on_key(code(KeyCode::Down));
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn cluster_tabs() {
    let (mut app, _) = demo_app();
    for (ctx, tab) in [
        ("edge-cn", Tab::Nodes),
        ("prod-us", Tab::Deployments),
        ("prod-ap", Tab::Pods),
        ("prod-us", Tab::Events),
        ("karmada-host", Tab::KarmadaClusters),
        ("karmada-host", Tab::Policies),
        ("karmada-host", Tab::Bindings),
        ("prod-eu", Tab::Queues),
        ("prod-eu", Tab::Routes),
    ] {
        cluster_view(&mut app, ctx, tab);
        insta::assert_snapshot!(
            format!("tab_{ctx}_{}", tab.title().to_lowercase().replace(' ', "_")),
            to_text(&mut app, W, H)
        );
    }
}

#[test]
fn drill_in_with_enter_then_filter_pods() {
    let (mut app, _) = demo_app();
    // Rows sort unhealthy first; find prod-eu's row and open it.
    let pos = app
        .fleet_rows()
        .iter()
        .position(|r| r.context == "prod-eu")
        .unwrap();
    for _ in 0..pos {
        app.on_key(code(KeyCode::Down));
    }
    app.on_key(code(KeyCode::Enter));
    app.on_key(code(KeyCode::Tab));
    app.on_key(code(KeyCode::Tab)); // Nodes → Deployments → Pods
    app.on_key(key('/'));
    for c in "cart".chars() {
        app.on_key(key(c));
    }
    let screen = to_text(&mut app, W, H);
    assert!(screen.contains("prod-eu"), "{screen}");
    assert!(screen.contains("/cart"), "{screen}");
    app.on_key(code(KeyCode::Enter));
    let t = app.cluster_table().unwrap();
    assert_eq!(t.rows.len(), 3, "three cart pods on prod-eu");
    assert!(t.rows.iter().all(|r| r.key.name.starts_with("cart-")));
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn sort_by_restarts_descending() {
    let (mut app, _) = demo_app();
    cluster_view(&mut app, "prod-ap", Tab::Pods);
    for _ in 0..4 {
        app.on_key(key('s'));
    }
    app.on_key(key('S'));
    let t = app.cluster_table().unwrap();
    assert_eq!(t.rows[0].cells[4].text, "42");
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn help_is_generated_from_the_keymap() {
    let (mut app, _) = demo_app();
    app.on_key(key('?'));
    let screen = to_text(&mut app, W, H);
    for line in ["q ctrl-c", "cordon"] {
        assert!(screen.contains(line), "{line:?} missing:\n{screen}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn palette_fuzzy_finds_a_cluster_tab() {
    let (mut app, _) = demo_app();
    app.on_key(key(':'));
    for c in "edge nodes".chars() {
        app.on_key(key(c));
    }
    insta::assert_snapshot!(to_text(&mut app, W, H));
    app.on_key(code(KeyCode::Enter));
    match &app.screen {
        Screen::Cluster(cv) => {
            assert_eq!(app.model.clusters[cv.id].context, "edge-cn");
            assert_eq!(cv.tab, Tab::Nodes);
        }
        s => panic!("palette did not navigate: {s:?}"),
    }
}

#[test]
fn yaml_view_of_a_karmada_cluster() {
    let (mut app, sim) = demo_app();
    let v = sim
        .get_json(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped("prod-ap"))
        .unwrap();
    app.overlay = Some(Overlay::Yaml(YamlState {
        title: "clusters.cluster.karmada.io prod-ap @ karmada-host".into(),
        text: Some(Ok(yaml_for_view(v))),
        scroll: 0,
    }));
    insta::assert_snapshot!(to_text(&mut app, W, H));
}

#[test]
fn confirm_dialog_shows_the_diff() {
    let (mut app, sim) = demo_app();
    let v = sim
        .get_json(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped("prod-ap"))
        .unwrap();
    let plan = plan_cordon(0, "karmada-host", &v, true).unwrap();
    app.on_msg(UiMsg::Planned(Ok(plan)));
    let screen = to_text(&mut app, W, H);
    assert!(
        screen.contains("+     key: cluster.karmada.io/unschedulable"),
        "{screen}"
    );
    assert!(screen.contains("+   - effect: NoSchedule"), "{screen}");
    assert!(
        screen.contains("y/enter: apply (server dry-run first)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn readonly_refuses_cordon_with_a_clear_message() {
    let (mut app, _) = demo_app();
    app.readonly = true;
    app.select_context("prod-eu");
    let intents = app.on_key(key('c'));
    assert!(intents.is_empty());
    let screen = to_text(&mut app, W, H);
    assert!(
        screen.contains("read-only mode (--readonly): refusing to cordon karmada member prod-eu"),
        "{screen}"
    );
}

#[test]
fn terminal_too_small_says_so() {
    let (mut app, _) = demo_app();
    let screen = to_text(&mut app, 40, 10);
    assert!(screen.starts_with("terminal too small: 40×10"), "{screen}");
}

#[test]
fn unreachable_cluster_sorts_first_and_selection_follows_it() {
    use fleetdeck::fleet::{FleetEvent, Link};
    let (mut app, _) = demo_app();
    app.select_context("prod-eu");
    let (id, _) = app.model.cluster_by_context("prod-eu").unwrap();
    app.model.apply(FleetEvent::Link {
        cluster: id,
        link: Link::Unreachable {
            error: "connection refused (127.0.0.1:16444)".into(),
            retry_at: NOW + 8,
            attempt: 3,
        },
    });
    let rows = app.fleet_rows();
    assert_eq!(rows[0].context, "prod-eu");
    assert_eq!(app.fleet_index(&rows), 0);
    let screen = to_text(&mut app, W, H);
    assert!(
        screen.contains("connection refused (127.0.0.1:16444) (retry in 8s)"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
    app.on_key(code(KeyCode::Enter));
    match &app.screen {
        Screen::Cluster(cv) => assert_eq!(cv.id, id),
        s => panic!("{s:?}"),
    }
}
