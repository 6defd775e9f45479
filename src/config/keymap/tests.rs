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
fn every_preset_parses_and_binds_every_action() {
    for name in Keymap::preset_names() {
        let map = Keymap::preset(name).unwrap();
        for (action, keys) in map.bindings() {
            assert!(!keys.is_empty(), "{name}: {} has no key", action.name());
        }
    }
    assert_eq!(Keymap::preset_names(), ["default", "vim"]);
    let err = Keymap::preset("emacs").unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown keymap \"emacs\" (available: default, vim)"
    );
}

#[test]
fn bindings_list_every_action_in_order_with_canonical_keys() {
    let map = Keymap::default();
    let bindings = map.bindings();
    let order: Vec<Action> = bindings.iter().map(|(a, _)| *a).collect();
    assert_eq!(order, Action::ALL);
    assert_eq!(map.keys_for(Action::Quit), ["q", "ctrl-c"]);
    assert_eq!(map.keys_for(Action::SortReverse), ["S"]);
    assert_eq!(map.keys_for(Action::PrevTab), ["backtab"]);
    let vim = Keymap::preset("vim").unwrap();
    assert_eq!(vim.keys_for(Action::PageDown), ["ctrl-d", "pagedown"]);
    assert_eq!(vim.keys_for(Action::Left), ["h", "left"]);
}

#[test]
fn user_entry_replaces_only_that_action() {
    let merged = user("[keys]\ncordon = [\"C\", \"f5\"]\n").unwrap();
    let default = Keymap::default();
    assert_eq!(merged.keys_for(Action::Cordon), ["C", "f5"]);
    for action in Action::ALL.into_iter().filter(|a| *a != Action::Cordon) {
        assert_eq!(
            merged.keys_for(action),
            default.keys_for(action),
            "{action:?}"
        );
    }
    // The freed key "c" is now unbound.
    assert_eq!(merged.lookup(&ch('c')), None);
    assert_eq!(
        merged.lookup(&key(KeyCode::F(5), KeyModifiers::NONE)),
        Some(Action::Cordon)
    );
}

#[test]
fn user_file_may_choose_its_preset_and_unbind() {
    let merged = user("preset = \"vim\"\n[keys]\nyaml = []\nquit = \"Q\"\n").unwrap();
    assert_eq!(merged.keys_for(Action::Left), ["h", "left"]);
    assert!(merged.keys_for(Action::Yaml).is_empty());
    assert_eq!(merged.keys_for(Action::Quit), ["Q"]);
    assert_eq!(merged.lookup(&ch('y')), Some(Action::Confirm));
}

#[test]
fn load_merges_the_config_dir_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Keymap::load("vim", Some(dir.path())).unwrap(),
        Keymap::preset("vim").unwrap()
    );
    assert_eq!(Keymap::load("default", None).unwrap(), Keymap::default());
    std::fs::write(dir.path().join("keymap.toml"), "[keys]\nhelp = [\"h\"]\n").unwrap();
    let map = Keymap::load("default", Some(dir.path())).unwrap();
    assert_eq!(map.keys_for(Action::Help), ["h"]);
    // "h" is vim's left: loading over vim must refuse it, naming the file.
    let err = Keymap::load("vim", Some(dir.path())).unwrap_err();
    assert_eq!(err.path(), Some(dir.path().join("keymap.toml").as_path()));
    assert!(err.to_string().ends_with(":2:9: key \"h\" for action help is already bound to left; rebind left in this file to free it"), "{err}");
}

#[test]
fn lookup_normalises_shift_ctrl_and_backtab() {
    let map = user("[keys]\nquit = [\"Q\", \"ctrl-c\"]\n").unwrap();
    assert_eq!(
        map.lookup(&key(KeyCode::Char('Q'), KeyModifiers::SHIFT)),
        Some(Action::Quit)
    );
    assert_eq!(map.lookup(&ch('q')), None);
    assert_eq!(
        map.lookup(&key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        Some(Action::Quit)
    );
    assert_eq!(map.lookup(&ch('c')), Some(Action::Cordon));
    let default = Keymap::default();
    assert_eq!(
        default.lookup(&key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Some(Action::PrevTab)
    );
    assert_eq!(
        default.lookup(&key(KeyCode::Char('S'), KeyModifiers::SHIFT)),
        Some(Action::SortReverse)
    );
    assert_eq!(default.lookup(&ch('?')), Some(Action::Help));
    let mut release = ch('q');
    release.kind = KeyEventKind::Release;
    assert_eq!(default.lookup(&release), None);
    let mut repeat = key(KeyCode::Down, KeyModifiers::NONE);
    repeat.kind = KeyEventKind::Repeat;
    assert_eq!(default.lookup(&repeat), Some(Action::Down));
}

#[test]
fn dialog_keys_resolve_by_context() {
    let map = Keymap::default();
    let dialog = [Action::Confirm, Action::Cancel];
    assert_eq!(map.lookup(&ch('y')), Some(Action::Yaml));
    assert_eq!(map.lookup_among(&ch('y'), &dialog), Some(Action::Confirm));
    let esc = key(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(map.lookup(&esc), Some(Action::Back));
    assert_eq!(map.lookup_among(&esc, &dialog), Some(Action::Cancel));
    assert_eq!(map.lookup(&ch('n')), Some(Action::Cancel));
    assert!(map.matches(&key(KeyCode::Enter, KeyModifiers::NONE), Action::Select));
    assert!(!map.matches(&ch('q'), Action::Confirm));
}

#[test]
fn unknown_action_is_located_and_suggested() {
    assert_eq!(
        user_err("[keys]\n\ncordn = [\"c\"]\n"),
        "keymaps/foo.toml:3:1: unknown action \"cordn\" (did you mean cordon?); the help screen (?) lists the actions"
    );
}

#[test]
fn bad_keys_are_located() {
    assert_eq!(
        user_err("[keys]\ncordon = [\"C\", \"ctrl-\"]\n"),
        "keymaps/foo.toml:2:16: unknown key \"ctrl-\" for action cordon: missing key after \"ctrl-\""
    );
    let shown = user_err("[keys]\nhelp = [\"foo\"]\n");
    assert!(
        shown.starts_with(
            "keymaps/foo.toml:2:9: unknown key \"foo\" for action help: \"foo\" is not a key"
        ),
        "{shown}"
    );
    assert_eq!(
        user_err("[keys]\nhelp = [1]\n"),
        "keymaps/foo.toml:2:9: keys for action help must be strings, not integer"
    );
}

#[test]
fn tmux_prefixes_are_refused() {
    assert_eq!(
        user_err("[keys]\ncordon = [\"ctrl-b\"]\n"),
        "keymaps/foo.toml:2:11: key \"ctrl-b\" for action cordon: ctrl-b is tmux's prefix; pick another key"
    );
    assert!(user_err("[keys]\nhelp = [\"ctrl-A\"]\n").contains("ctrl-a is tmux's prefix"));
}

#[test]
fn duplicate_keys_across_actions_are_refused() {
    // Against the base keymap.
    assert_eq!(
        user_err("[keys]\ncordon = [\"q\"]\n"),
        "keymaps/foo.toml:2:11: key \"q\" for action cordon is already bound to quit; rebind quit in this file to free it"
    );
    // Within the file: the later binding is reported, naming the earlier line.
    assert_eq!(
        user_err("[keys]\nhelp = [\"x\"]\n\nyaml = [\"Y\", \"x\"]\n"),
        "keymaps/foo.toml:4:14: key \"x\" for action yaml is already bound to help (line 2)"
    );
    // Dialog actions may not share with each other...
    assert_eq!(
        user_err("[keys]\ncancel = [\"y\"]\n"),
        "keymaps/foo.toml:2:11: key \"y\" for action cancel is already bound to confirm; rebind confirm in this file to free it"
    );
    // ...but may share with everything else; moving a key is fine too.
    assert!(user("[keys]\nconfirm = [\"space\", \"q\"]\n").is_ok());
    assert!(user("[keys]\nquit = [\"ctrl-c\"]\ncordon = [\"q\"]\n").is_ok());
    // Listing a key twice for the same action is harmless.
    let map = user("[keys]\ncordon = [\"c\", \"c\"]\n").unwrap();
    assert_eq!(map.keys_for(Action::Cordon), ["c"]);
}

#[test]
fn quit_and_back_must_keep_a_key() {
    assert_eq!(
        user_err("[keys]\nback = []\n"),
        "keymaps/foo.toml:2:8: action back must keep at least one key"
    );
    assert!(user_err("[keys]\nquit = []\n").contains("action quit must keep at least one key"));
}

#[test]
fn file_structure_errors_are_located() {
    assert_eq!(
        user_err("preset = \"emacs\"\n"),
        "keymaps/foo.toml:1:10: unknown keymap preset \"emacs\" (available: default, vim)"
    );
    assert_eq!(
        user_err("[bindings]\nquit = [\"q\"]\n"),
        "keymaps/foo.toml:1:2: unknown key \"bindings\" (a keymap has `preset` and a [keys] table)"
    );
    let shown = user_err("[keys]\nquit = [\"q\"\n");
    assert!(shown.starts_with("keymaps/foo.toml:2:"), "{shown}");
}
