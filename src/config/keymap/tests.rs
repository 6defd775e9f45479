use super::*;
use ratatui::crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c), KeyModifiers::NONE)
}

fn user(text: &str) -> Result<Keymap, ConfigError> {
    Keymap::from_toml_over(&Keymap::default(), text, Path::new("keymaps/foo.toml"))
}

fn user_err(text: &str) -> String {
    user(text).unwrap_err().to_string()
}

#[test]
fn every_preset_parses_and_binds_every_action_of_every_layer() {
    for name in Keymap::preset_names() {
        let map = Keymap::preset(name).unwrap();
        for layer in Layer::ALL {
            for (action, keys) in map.bindings(layer) {
                assert!(
                    !keys.is_empty(),
                    "{name}: {} has no key in [{}]",
                    action.name(),
                    layer.name()
                );
            }
        }
        assert_eq!(map.notice, None);
    }
    assert_eq!(Keymap::preset_names(), ["default", "vim"]);
    let err = Keymap::preset("emacs").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown keymap \"emacs\" (available: default, vim)"
    );
}

#[test]
fn bindings_list_the_layer_in_order_with_canonical_keys() {
    let map = Keymap::default();
    let order: Vec<Action> = map.bindings(Layer::Table).iter().map(|(a, _)| *a).collect();
    assert_eq!(order, Layer::Table.actions());
    assert_eq!(map.keys_for(Layer::Global, Action::Quit), ["q", "ctrl-c"]);
    assert_eq!(map.keys_for(Layer::Table, Action::SortReverse), ["S"]);
    assert_eq!(map.keys_for(Layer::Table, Action::PrevTab), ["backtab"]);
    assert_eq!(
        map.keys_for(Layer::Confirm, Action::Confirm),
        ["y", "enter"]
    );
    let vim = Keymap::preset("vim").unwrap();
    assert_eq!(
        vim.keys_for(Layer::Table, Action::PageDown),
        ["ctrl-d", "pagedown"]
    );
    assert_eq!(vim.keys_for(Layer::Table, Action::Left), ["h", "left"]);
}

#[test]
fn the_focused_layer_first_then_global() {
    let map = Keymap::default();
    // `y`: yaml in tables, confirm in the dialog; `esc`: back, but cancel in a dialog.
    assert_eq!(map.lookup(Layer::Table, &ch('y')), Some(Action::Yaml));
    assert_eq!(map.lookup(Layer::Confirm, &ch('y')), Some(Action::Confirm));
    let esc = key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(map.lookup(Layer::Table, &esc), Some(Action::Back));
    assert_eq!(map.lookup(Layer::Confirm, &esc), Some(Action::Cancel));
    assert_eq!(map.lookup(Layer::Palette, &esc), Some(Action::Cancel));
    // Global keys reach every layer that does not bind them...
    assert_eq!(map.lookup(Layer::Confirm, &ch('q')), Some(Action::Quit));
    assert_eq!(map.lookup(Layer::Table, &ch('?')), Some(Action::Help));
    // ...except as typed text in the palette and the filter.
    assert_eq!(map.lookup(Layer::Palette, &ch('q')), None);
    assert_eq!(map.lookup(Layer::Filter, &ch('?')), None);
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(Layer::Filter, &ctrl_c), Some(Action::Quit));
    // Palette and filter navigation are keymap actions.
    let enter = key(KeyCode::Enter, KeyModifiers::NONE);
    assert_eq!(map.lookup(Layer::Filter, &enter), Some(Action::Accept));
    assert_eq!(
        map.lookup(Layer::Palette, &key(KeyCode::Down, KeyModifiers::NONE)),
        Some(Action::Down)
    );
    assert_eq!(
        map.hint(Layer::Table, Action::Palette).as_deref(),
        Some(":")
    );
}

#[test]
fn lookup_normalises_shift_ctrl_and_backtab() {
    let map = user("[global]\nquit = [\"Q\", \"ctrl-c\"]\n").unwrap();
    let t = Layer::Table;
    assert_eq!(
        map.lookup(t, &key(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
        Some(Action::Quit)
    );
    assert_eq!(map.lookup(t, &ch('q')), None);
    assert_eq!(
        map.lookup(t, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(map.lookup(t, &ch('c')), Some(Action::Cordon));
    let default = Keymap::default();
    assert_eq!(
        default.lookup(t, &key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Action::PrevTab)
    );
    assert_eq!(
        default.lookup(t, &key(KeyCode::Char('S'), KeyModifiers::SHIFT)),
        Some(Action::SortReverse)
    );
    let mut release = ch('q');
    release.kind = KeyEventKind::Release;
    assert_eq!(default.lookup(t, &release), None);
    let mut repeat = key(KeyCode::Down, KeyModifiers::NONE);
    repeat.kind = KeyEventKind::Repeat;
    assert_eq!(default.lookup(t, &repeat), Some(Action::Down));
}

#[test]
fn user_entry_replaces_only_that_action_of_that_layer() {
    let merged = user("[table]\ncordon = [\"C\", \"f5\"]\n").unwrap();
    let default = Keymap::default();
    assert_eq!(merged.keys_for(Layer::Table, Action::Cordon), ["C", "f5"]);
    for layer in Layer::ALL {
        for a in layer.actions() {
            if (layer, *a) != (Layer::Table, Action::Cordon) {
                assert_eq!(
                    merged.keys_for(layer, *a),
                    default.keys_for(layer, *a),
                    "{a:?}"
                );
            }
        }
    }
    // The freed key "c" is now unbound.
    assert_eq!(merged.lookup(Layer::Table, &ch('c')), None);
    assert_eq!(
        merged.lookup(Layer::Table, &key(KeyCode::F(5), KeyModifiers::NONE)),
        Some(Action::Cordon)
    );
}

#[test]
fn user_file_may_choose_its_preset_and_unbind() {
    let merged = user("preset = \"vim\"\n[table]\nyaml = []\n[global]\nquit = \"Q\"\n").unwrap();
    assert_eq!(merged.keys_for(Layer::Table, Action::Left), ["h", "left"]);
    assert!(merged.keys_for(Layer::Table, Action::Yaml).is_empty());
    assert_eq!(merged.keys_for(Layer::Global, Action::Quit), ["Q"]);
    assert_eq!(merged.lookup(Layer::Table, &ch('y')), None);
}

#[test]
fn the_old_flat_keys_table_still_works_and_says_how_to_move_it() {
    let merged = user("[keys]\ncordon = [\"C\"]\nquit = [\"Q\"]\ncancel = [\"N\"]\n").unwrap();
    assert_eq!(merged.keys_for(Layer::Table, Action::Cordon), ["C"]);
    assert_eq!(merged.keys_for(Layer::Global, Action::Quit), ["Q"]);
    assert_eq!(merged.keys_for(Layer::Confirm, Action::Cancel), ["N"]);
    let notice = merged.notice.unwrap();
    assert!(
        notice.starts_with("keymaps/foo.toml: the [keys] table still works"),
        "{notice}"
    );
    assert!(
        notice.contains("[global], [table] and [confirm]"),
        "{notice}"
    );
}

#[test]
fn load_merges_the_config_dir_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Keymap::load("vim", Some(dir.path())).unwrap(),
        Keymap::preset("vim").unwrap()
    );
    assert_eq!(Keymap::load("default", None).unwrap(), Keymap::default());
    std::fs::write(dir.path().join("keymap.toml"), "[table]\nyaml = [\"h\"]\n").unwrap();
    let map = Keymap::load("default", Some(dir.path())).unwrap();
    assert_eq!(map.keys_for(Layer::Table, Action::Yaml), ["h"]);
    // "h" is vim's left: loading over vim must refuse it, naming the file and both actions.
    let err = Keymap::load("vim", Some(dir.path())).unwrap_err();
    assert_eq!(err.path(), Some(dir.path().join("keymap.toml").as_path()));
    assert!(
        err.to_string().ends_with(
            ":2:9: key \"h\" is bound to both left and yaml in [table]; rebind left in [table] to free it"
        ),
        "{err}"
    );
}

#[test]
fn unknown_actions_sections_and_misplaced_actions_are_located() {
    assert_eq!(
        user_err("[table]\n\ncordn = [\"c\"]\n"),
        "keymaps/foo.toml:3:1: unknown action \"cordn\" (did you mean cordon?); the help screen (?) lists the actions"
    );
    assert_eq!(
        user_err("[global]\ncordon = [\"c\"]\n"),
        "keymaps/foo.toml:2:1: action cordon is not in [global]: bind it in [table] or [chooser]"
    );
    assert!(
        user_err("[tabel]\nyaml = [\"Y\"]\n").starts_with(
            "keymaps/foo.toml:1:2: unknown section [tabel] (did you mean table?); the sections are [global], [table]"
        )
    );
}

#[test]
fn bad_keys_are_located() {
    assert_eq!(
        user_err("[table]\ncordon = [\"C\", \"ctrl-\"]\n"),
        "keymaps/foo.toml:2:16: unknown key \"ctrl-\" for action cordon: missing key after \"ctrl-\""
    );
    let shown = user_err("[global]\nhelp = [\"foo\"]\n");
    assert!(
        shown.starts_with(
            "keymaps/foo.toml:2:9: unknown key \"foo\" for action help: \"foo\" is not a key"
        ),
        "{shown}"
    );
    assert_eq!(
        user_err("[global]\nhelp = [1]\n"),
        "keymaps/foo.toml:2:9: keys for action help must be strings, not integer"
    );
}

#[test]
fn tmux_prefixes_are_refused() {
    assert_eq!(
        user_err("[table]\ncordon = [\"ctrl-b\"]\n"),
        "keymaps/foo.toml:2:11: key \"ctrl-b\" for action cordon: ctrl-b is tmux's prefix; pick another key"
    );
    assert!(user_err("[global]\nhelp = [\"ctrl-A\"]\n").contains("ctrl-a is tmux's prefix"));
}

#[test]
fn a_key_bound_twice_in_one_layer_names_both_actions() {
    // Against the base keymap.
    assert_eq!(
        user_err("[table]\ncordon = [\"y\"]\n"),
        "keymaps/foo.toml:2:11: key \"y\" is bound to both yaml and cordon in [table]; rebind yaml in [table] to free it"
    );
    // Within the file: the later binding is reported, naming the earlier line.
    assert_eq!(
        user_err("[table]\nfilter = [\"x\"]\n\nyaml = [\"Y\", \"x\"]\n"),
        "keymaps/foo.toml:4:14: key \"x\" is bound to both filter (line 2) and yaml in [table]"
    );
    assert_eq!(
        user_err("[confirm]\ncancel = [\"y\"]\n"),
        "keymaps/foo.toml:2:11: key \"y\" is bound to both confirm and cancel in [confirm]; rebind confirm in [confirm] to free it"
    );
    // The same key in two layers is fine (the focused layer wins), and moving a key is too.
    assert!(user("[table]\nyaml = [\"q\"]\n").is_ok());
    assert!(user("[table]\nyaml = [\"Y\"]\ncordon = [\"y\"]\n").is_ok());
    // Listing a key twice for the same action is harmless.
    let map = user("[table]\ncordon = [\"c\", \"c\"]\n").unwrap();
    assert_eq!(map.keys_for(Layer::Table, Action::Cordon), ["c"]);
}

#[test]
fn ways_out_must_keep_a_key() {
    assert_eq!(
        user_err("[global]\nback = []\n"),
        "keymaps/foo.toml:2:8: action back must keep at least one key in [global]"
    );
    assert!(user_err("[global]\nquit = []\n").contains("action quit must keep at least one key"));
    assert!(
        user_err("[palette]\ncancel = []\n")
            .contains("action cancel must keep at least one key in [palette]")
    );
    assert!(user("[table]\nyaml = []\n").is_ok());
}

#[test]
fn file_structure_errors_are_located() {
    assert_eq!(
        user_err("preset = \"emacs\"\n"),
        "keymaps/foo.toml:1:10: unknown keymap preset \"emacs\" (available: default, vim)"
    );
    assert!(
        user_err("colour = 1\n").starts_with(
            "keymaps/foo.toml:1:1: unknown key \"colour\" (a keymap has `preset` and the sections [global]"
        )
    );
    let shown = user_err("[global]\nquit = [\"q\"\n");
    assert!(shown.starts_with("keymaps/foo.toml:2:"), "{shown}");
}
