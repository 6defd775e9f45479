//! Keymaps: which keys trigger which [`Action`].
//!
//! A keymap file has an optional `preset = "vim"` line choosing the base
//! keymap and a `[keys]` table mapping action names to lists of keys:
//!
//! ```toml
//! preset = "vim"
//! [keys]
//! quit = ["q", "ctrl-c"]
//! cordon = ["C"]
//! yaml = []          # unbind
//! ```
//!
//! An entry replaces that action's keys in the base; other actions keep
//! theirs. A key may trigger only one action, except that the dialog actions
//! ([`Action::DIALOG`]) may share keys with the others: a confirmation dialog
//! asks [`Keymap::lookup_among`] for `Confirm`/`Cancel` first, while the normal
//! screens use [`Keymap::lookup`]. Resolving the context is the caller's job.

mod action;
mod key;
mod parse;
#[cfg(test)]
mod tests;

pub use action::Action;
pub use key::{KeyCombo, parse_key};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyEvent;

use super::{ConfigError, read_optional};

const PRESETS: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

/// Key bindings for every action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    keys: BTreeMap<Action, Vec<KeyCombo>>,
}

impl Default for Keymap {
    /// The `default` preset.
    fn default() -> Self {
        Keymap::preset("default").expect("the embedded default keymap is valid (tested)")
    }
}

impl Keymap {
    /// Names of the built-in keymaps.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.iter().map(|(n, _)| *n).collect()
    }

    /// A built-in keymap.
    pub fn preset(name: &str) -> Result<Keymap, ConfigError> {
        let (_, text) =
            PRESETS
                .iter()
                .find(|(n, _)| *n == name)
                .ok_or_else(|| ConfigError::UnknownPreset {
                    kind: "keymap",
                    name: name.to_string(),
                    available: Keymap::preset_names()
                        .iter()
                        .map(|n| n.to_string())
                        .collect(),
                })?;
        let path = PathBuf::from(format!("keymaps/{name}.toml"));
        Keymap::from_toml_over(&Keymap::empty(), text, &path)
    }

    /// The preset `preset`, with `config_dir/keymap.toml` (if it exists) merged
    /// over it. The file's own `preset = "..."` line, if any, wins over the
    /// `preset` argument.
    pub fn load(preset: &str, config_dir: Option<&Path>) -> Result<Keymap, ConfigError> {
        let base = Keymap::preset(preset)?;
        let Some(path) = config_dir.map(|d| d.join("keymap.toml")) else {
            return Ok(base);
        };
        match read_optional(&path)? {
            Some(text) => Keymap::from_toml_over(&base, &text, &path),
            None => Ok(base),
        }
    }

    /// Merges a keymap file over `base` (or over the preset the file names).
    /// Each action the file lists gets exactly the keys listed.
    pub fn from_toml_over(base: &Keymap, text: &str, source: &Path) -> Result<Keymap, ConfigError> {
        parse::merge(base, text, source)
    }

    fn empty() -> Keymap {
        Keymap {
            keys: BTreeMap::new(),
        }
    }

    /// The keys bound to `action`, in file order.
    pub fn combos(&self, action: Action) -> &[KeyCombo] {
        self.keys.get(&action).map_or(&[], Vec::as_slice)
    }

    /// The action a key event triggers on a normal screen: among the actions
    /// bound to the key, a non-dialog one wins. Key releases trigger nothing.
    pub fn lookup(&self, ev: &KeyEvent) -> Option<Action> {
        let combo = KeyCombo::from_event(ev)?;
        let mut bound = Action::ALL
            .into_iter()
            .filter(|a| self.combos(*a).contains(&combo));
        let first = bound.next()?;
        if !first.is_dialog() {
            return Some(first);
        }
        bound.find(|a| !a.is_dialog()).or(Some(first))
    }

    /// The first of `candidates` (in the order given) that `ev` triggers; a
    /// dialog calls this with `[Action::Confirm, Action::Cancel]` before
    /// falling back to [`Keymap::lookup`].
    pub fn lookup_among(&self, ev: &KeyEvent, candidates: &[Action]) -> Option<Action> {
        let combo = KeyCombo::from_event(ev)?;
        candidates
            .iter()
            .copied()
            .find(|a| self.combos(*a).contains(&combo))
    }

    /// Whether `ev` is one of `action`'s keys.
    pub fn matches(&self, ev: &KeyEvent, action: Action) -> bool {
        self.lookup_among(ev, &[action]).is_some()
    }

    /// The canonical spelling of `action`'s keys, for the help screen.
    pub fn keys_for(&self, action: Action) -> Vec<String> {
        self.combos(action)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Every action with its keys, in [`Action::ALL`] order (unbound actions
    /// have an empty list).
    pub fn bindings(&self) -> Vec<(Action, Vec<String>)> {
        Action::ALL
            .into_iter()
            .map(|a| (a, self.keys_for(a)))
            .collect()
    }
}
