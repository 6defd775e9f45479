//! What the pane tests share: the demo fleet's app with a fixed clock and seed, keys, and
//! reading back what is selected.
#![allow(dead_code)]

pub mod bin;

use fleetdeck::actions::cordon::plan_cordon;
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::{FleetModel, Kind, ObjKey};
use fleetdeck::sources::demo::DemoSim;
use fleetdeck::ui::App;
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::{Reply, Request};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const NOW: i64 = 1_750_000_000;
pub const SEED: u64 = 42;
pub const W: u16 = 140;
pub const H: u16 = 40;

pub fn app_with(theme: &str, mode: ColorMode, keymap: Keymap, readonly: bool) -> (App, DemoSim) {
    let sim = DemoSim::new(SEED, NOW);
    let mut model = FleetModel::new(sim.contexts());
    model.apply_all(sim.initial_events());
    let theme = Theme::preset(theme, mode).unwrap();
    (App::new(model, theme, keymap, readonly, NOW), sim)
}

pub fn demo_app() -> (App, DemoSim) {
    app_with("dark", ColorMode::NoColor, Keymap::default(), false)
}

pub fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

pub fn code(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

pub fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        app.on_key(key(c));
    }
}

/// The object a `y` on the focused table asks the YAML of.
pub fn selected(app: &mut App) -> Option<(String, Kind, ObjKey)> {
    let reqs = app.on_key(key('y'));
    app.on_key(code(KeyCode::Esc));
    reqs.into_iter().find_map(|r| match r {
        Request::Yaml { obj, .. } => Some((
            app.model().clusters[obj.cluster].context.clone(),
            obj.kind,
            obj.key,
        )),
        _ => None,
    })
}

/// The context of the overview's selected row (the first word of the Details box).
pub fn selected_context(app: &mut App) -> String {
    let screen = to_text(app, W, H);
    let mut lines = screen.lines();
    lines.find(|l| l.contains(" Details "));
    lines
        .next()
        .and_then(|l| l.trim_start_matches('│').split_whitespace().next())
        .unwrap_or("")
        .to_string()
}

/// Select `member` on the overview, press `c`, and answer the plan request with the plan of the
/// demo's Cluster object (id `plan_id`): the confirm dialog opens, as after a real round trip.
pub fn open_confirm(app: &mut App, sim: &DemoSim, member: &str, plan_id: &str) {
    while selected_context(app) != member {
        app.on_key(code(KeyCode::Down));
    }
    let reqs = app.on_key(key('c'));
    let Some(Request::Plan { id, .. }) = reqs.first() else {
        panic!("no plan request: {reqs:?}")
    };
    let v = sim
        .get_json(0, Kind::KarmadaCluster, &ObjKey::cluster_scoped(member))
        .unwrap();
    let mut plan = plan_cordon(0, "karmada-host", &v, true).unwrap();
    plan.id = plan_id.into();
    app.on_reply(Reply::Planned {
        id: *id,
        plan: Ok(plan),
    });
    assert_eq!(app.overlays(), ["confirm"]);
}
