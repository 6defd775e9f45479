//! The policy editor over the demo fleet, driven like a user with every request carried out
//! by the real worker against the demo's executor: open from the propagation pane and the
//! cluster view, type, undo, search, a parse error, cancel, read-only, save → confirm → apply,
//! a conflict and its reload, a new policy for a template that has none.

use fleetdeck::config::keymap::{Keymap, Layer};
use fleetdeck::fleet::{Kind, ObjKey};
use fleetdeck::ui::Request;
use fleetdeck::ui::render::to_text;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

mod common;
use common::{code, key};
#[path = "editor/live.rs"]
mod live;
use live::{Live, cart, ctrl, names};

/// The screen at 140×40 and 80×24 as snapshots.
fn both(live: &mut Live, name: &str) {
    insta::assert_snapshot!(format!("{name}_140x40"), to_text(&mut live.app, 140, 40));
    insta::assert_snapshot!(format!("{name}_80x24"), to_text(&mut live.app, 80, 24));
}

#[test]
fn the_editor_opens_a_policy_as_yaml_without_server_fields() {
    let mut live = Live::new(false);
    live.edit_cart();
    let s = live.screen();
    assert!(
        s.contains("Edit PropagationPolicy shop/cart @ karmada-host"),
        "{s}"
    );
    assert!(
        s.contains("clusterNames:") && s.contains("resourceVersion:"),
        "{s}"
    );
    for gone in ["managedFields", "uid:", "creationTimestamp", "status:"] {
        assert!(!s.contains(gone), "{gone} shown:\n{s}");
    }
    assert!(!s.contains("modified"), "{s}");
    // The footer lists the editor's commands, the help screen too.
    assert!(
        s.contains("ctrl-s save") && s.contains("ctrl-z undo"),
        "{s}"
    );
    both(&mut live, "editor_open");
    live.key(code(KeyCode::F(1)));
    let help = live.screen();
    for what in ["save", "undo", "redo", "search", "next match", "cancel"] {
        assert!(help.contains(what), "{what} missing from the help:\n{help}");
    }
    live.key(code(KeyCode::Esc));
    assert_eq!(live.app.overlays(), ["editor"]);
    // Without edits, cancel just closes.
    live.key(code(KeyCode::Esc));
    assert!(live.app.overlays().is_empty());
}

#[test]
fn typing_edits_undo_redo_and_search_moves_the_cursor() {
    let mut live = Live::new(false);
    live.edit_cart();
    live.typed("#");
    live.key(code(KeyCode::Enter));
    let s = live.screen();
    assert!(s.contains("  1 #\n") || s.contains("  1 # "), "{s}");
    assert!(
        s.contains("  2 apiVersion") && s.contains("modified"),
        "{s}"
    );
    // One undo per edit: the newline, then the character.
    live.key(ctrl('z'));
    assert!(live.screen().contains("  1 #apiVersion"));
    live.key(ctrl('z'));
    let s = live.screen();
    assert!(
        s.contains("  1 apiVersion") && !s.contains("modified"),
        "{s}"
    );
    live.key(ctrl('r'));
    assert!(live.screen().contains("  1 #apiVersion"));
    live.key(ctrl('z'));
    // Search: ctrl-f, the text, enter: the cursor on the first match; f3 the next.
    live.key(ctrl('f'));
    live.typed("prod-");
    assert!(live.screen().contains("search: prod-"));
    live.key(code(KeyCode::Enter));
    let first = live.line_of("- prod-eu");
    let s = live.screen();
    assert!(s.contains(&format!(" {first}:")), "{s}");
    live.key(code(KeyCode::F(3)));
    let second = live.line_of("- prod-us");
    assert!(live.screen().contains(&format!(" {second}:")));
    live.key(KeyEvent::new(KeyCode::F(3), KeyModifiers::SHIFT));
    assert!(live.screen().contains(&format!(" {first}:")));
    live.key(ctrl('f'));
    live.typed("no-such-text");
    live.key(code(KeyCode::Enter));
    assert!(live.screen().contains("not found: no-such-text"));
}

#[test]
fn a_parse_error_names_line_and_column_moves_the_cursor_and_sends_nothing() {
    let mut live = Live::new(false);
    live.edit_cart();
    let l = live.line_of("name: cart");
    live.goto_line(l);
    live.key(code(KeyCode::End));
    live.typed(": nope");
    let reqs = live.key(ctrl('s'));
    assert!(reqs.is_empty(), "{reqs:?}");
    let s = live.screen();
    let err = s
        .lines()
        .find(|x| x.contains("line ") && x.contains("column "))
        .unwrap_or_else(|| panic!("no error:\n{s}"));
    assert!(err.contains("nothing was sent"), "{err}");
    // The cursor is where the error is.
    let at = err
        .split("line ")
        .nth(1)
        .and_then(|r| r.split_once(", column "))
        .map(|(l, r)| (l.to_string(), r.split(':').next().unwrap_or("").to_string()))
        .unwrap();
    assert!(err.contains(&format!(" {}:{}│", at.0, at.1)), "{err}");
    both(&mut live, "editor_parse_error");
}

#[test]
fn cancel_with_edits_asks_first() {
    let mut live = Live::new(false);
    live.edit_cart();
    live.typed("x");
    live.key(code(KeyCode::Esc));
    assert!(
        live.screen()
            .contains("unsaved edits: y/enter: discard them and close")
    );
    assert_eq!(live.app.layer(), Layer::Confirm);
    live.key(key('n'));
    assert_eq!(live.app.layer(), Layer::Editor);
    assert_eq!(live.app.overlays(), ["editor"]);
    live.key(code(KeyCode::Esc));
    live.key(key('y'));
    assert!(live.app.overlays().is_empty());
    assert!(live.app.status().unwrap().text.contains("edits discarded"));
}

#[test]
fn quitting_with_unsaved_edits_asks_once_more() {
    let mut live = Live::new(false);
    live.edit_cart();
    live.typed("x");
    live.key(ctrl('c'));
    assert!(!live.app.quit_requested());
    assert!(
        live.screen()
            .contains("unsaved edits in the editor: ctrl-c again quits and loses them")
    );
    // Another key disarms it; then twice quits.
    live.key(code(KeyCode::Left));
    live.key(ctrl('c'));
    assert!(!live.app.quit_requested());
    live.key(ctrl('c'));
    assert!(live.app.quit_requested());
}

#[test]
fn read_only_opens_the_editor_but_refuses_to_change_or_save() {
    let mut live = Live::new(true);
    live.edit_cart();
    live.typed("x");
    let s = live.screen();
    assert!(s.contains("read-only") && !s.contains("modified"), "{s}");
    assert!(s.contains("the text cannot be changed"), "{s}");
    let reqs = live.key(ctrl('s'));
    assert!(reqs.is_empty(), "{reqs:?}");
    assert!(
        live.screen()
            .contains("read-only mode (--readonly): refusing")
    );
    // Nothing to lose: esc closes at once.
    live.key(code(KeyCode::Esc));
    assert!(live.app.overlays().is_empty());
}

#[test]
fn a_valid_save_confirms_with_diff_and_impact_then_applies_and_closes() {
    let mut live = Live::new(false);
    live.edit_cart();
    live.add_after("- prod-us", "      - prod-ap");
    let reqs = live.key(ctrl('s'));
    assert!(matches!(&reqs[..], [Request::Plan { .. }]), "{reqs:?}");
    assert_eq!(live.app.overlays(), ["editor", "confirm"]);
    let s = live.screen();
    assert!(
        s.contains("Apply the edited PropagationPolicy shop/cart"),
        "{s}"
    );
    assert!(s.contains("+       - prod-ap"), "{s}");
    assert!(s.contains("→ ") && s.contains("prod-ap"), "{s}");
    let reqs = live.key(key('y'));
    assert!(matches!(&reqs[..], [Request::Execute { .. }]), "{reqs:?}");
    assert!(live.app.overlays().is_empty(), "{:?}", live.app.overlays());
    assert!(live.app.status().unwrap().text.contains("applied"));
    assert_eq!(
        names(&live.policy(Kind::PropagationPolicy, &cart())),
        json!(["prod-eu", "prod-us", "prod-ap"])
    );
}

#[test]
fn a_conflict_shows_what_changed_and_reload_keeps_the_edit() {
    let mut live = Live::new(false);
    live.edit_cart();
    // The user adds prod-ap...
    live.add_after("- prod-us", "      - prod-ap");
    // ...while someone else drops prod-us and labels the policy.
    live.meddle(
        Kind::PropagationPolicy,
        &cart(),
        json!([
            {"op": "replace", "path": "/spec/placement/clusterAffinity/clusterNames", "value": ["prod-eu"]},
            {"op": "add", "path": "/metadata/labels", "value": {"team": "shop"}},
        ]),
    );
    let before = live.policy(Kind::PropagationPolicy, &cart());
    live.key(ctrl('s'));
    let s = live.screen();
    assert!(s.contains("Conflict: the policy changed meanwhile"), "{s}");
    assert!(s.contains("metadata.labels"), "{s}");
    assert!(
        s.contains(
            r#"spec.placement.clusterAffinity.clusterNames: ["prod-eu","prod-us"] → ["prod-eu"]"#
        ),
        "{s}"
    );
    assert!(s.contains(r#"["prod-eu","prod-us","prod-ap"]"#), "{s}");
    both(&mut live, "editor_conflict");
    // Nothing was sent.
    assert_eq!(live.policy(Kind::PropagationPolicy, &cart()), before);
    // Back to the editor unchanged, then save again: the conflict again; reload this time.
    live.key(key('n'));
    assert!(live.screen().contains("- prod-ap"));
    live.key(ctrl('s'));
    assert!(live.screen().contains("Conflict"));
    live.key(key('y'));
    let s = live.screen();
    assert!(s.contains("team: shop"), "the reload has their label:\n{s}");
    assert!(s.contains("1 field(s) kept their new value"), "{s}");
    // Their change is all there is: the text is theirs (nothing of ours survived the clash).
    assert!(!s.contains("modified"), "{s}");
    // Their cluster list is kept; the user re-applies prod-ap and saves: the plan goes through.
    live.add_after("- prod-eu", "      - prod-ap");
    live.key(ctrl('s'));
    assert_eq!(live.app.overlays(), ["editor", "confirm"]);
    live.key(key('y'));
    let now = live.policy(Kind::PropagationPolicy, &cart());
    assert_eq!(names(&now), json!(["prod-eu", "prod-ap"]));
    assert_eq!(now["metadata"]["labels"]["team"], "shop");
}

#[test]
fn propagate_opens_a_prefilled_policy_for_a_template_without_one_and_creates_it() {
    let mut live = Live::new(false);
    live.app.open("cluster:karmada-host:deployments").unwrap();
    assert!(live.screen().contains("E propagate"));
    live.filter("notify");
    let reqs = live.key(key('E'));
    assert!(reqs.is_empty(), "a new policy needs no fetch: {reqs:?}");
    let s = live.screen();
    assert!(
        s.contains("New PropagationPolicy shop/notify-propagation"),
        "{s}"
    );
    for m in ["- prod-eu", "- prod-us", "- prod-ap", "- edge-cn"] {
        assert!(s.contains(m), "{m} missing:\n{s}");
    }
    live.key(ctrl('s'));
    let s = live.screen();
    assert!(
        s.contains("Create PropagationPolicy shop/notify-propagation"),
        "{s}"
    );
    live.key(key('y'));
    assert!(live.app.overlays().is_empty());
    let made = live.policy(
        Kind::PropagationPolicy,
        &ObjKey::new(Some("shop"), "notify-propagation"),
    );
    assert_eq!(made["spec"]["resourceSelectors"][0]["name"], "notify");
    // A Deployment that is already propagated: E opens its policy.
    live.filter("web");
    let reqs = live.key(key('E'));
    assert!(
        matches!(&reqs[..], [Request::Object { obj, .. }]
            if obj.kind == Kind::PropagationPolicy && obj.key == ObjKey::new(Some("shop"), "web")),
        "{reqs:?}"
    );
}

#[test]
fn the_cluster_views_policy_tabs_edit_the_selected_policy() {
    let mut live = Live::new(false);
    live.app
        .open("cluster:karmada-host:clusterpropagationpolicies")
        .unwrap();
    assert!(live.screen().contains("E edit policy"));
    let reqs = live.key(key('E'));
    assert!(
        matches!(&reqs[..], [Request::Object { obj, .. }]
            if obj.kind == Kind::ClusterPropagationPolicy && obj.key == ObjKey::cluster_scoped("batch-global")),
        "{reqs:?}"
    );
    assert!(
        live.screen()
            .contains("Edit ClusterPropagationPolicy batch-global @ karmada-host")
    );
    // Not on a member: its Deployments are not propagated from there.
    live.key(code(KeyCode::Esc));
    live.app.open("cluster:prod-eu:deployments").unwrap();
    live.key(key('E'));
    assert!(live.app.overlays().is_empty());
    assert!(
        live.app
            .status()
            .unwrap()
            .text
            .contains("not a Karmada control plane")
    );
}

#[test]
fn the_vim_keymap_binds_the_editor_as_the_default_does() {
    let d = Keymap::preset("default").unwrap();
    let v = Keymap::preset("vim").unwrap();
    assert_eq!(d.bindings(Layer::Editor), v.bindings(Layer::Editor));
    assert_eq!(
        d.keys_for(Layer::Editor, fleetdeck::config::keymap::Action::Save),
        ["ctrl-s"]
    );
}
