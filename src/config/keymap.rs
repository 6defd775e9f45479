//! Keymaps: which keys trigger which [`Action`], layer by layer.
//!
//! A keymap file has an optional `preset = "vim"` line choosing the base keymap, and one table
//! per [`Layer`] mapping action names to lists of keys:
//!
//! ```toml
//! preset = "vim"
//! [global]
//! quit = ["q", "ctrl-c"]
//! [table]
//! cordon = ["C"]
//! yaml = []          # unbind
//! ```
//!
//! An entry replaces that action's keys in that layer of the base; the rest is kept. A key is
//! looked up in the focused layer, then in `[global]`; in the layers where text is typed
//! (palette, filter, editor) a printable key types text unless that layer binds it. Within one
//! layer a key triggers one action. The old flat `[keys]` table still works: each entry goes to
//! its action's layer, and fleetdeck says how to move it.

mod action;
mod key;
mod parse;
#[cfg(test)]
mod tests;

pub use action::{Action, Layer};
pub use key::{KeyCombo, parse_key};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ConfigError, read_optional};

const PRESETS: [(&str, &str); 2] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("vim", include_str!("../../keymaps/vim.toml")),
];

/// Key bindings of every layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    layers: BTreeMap<Layer, BTreeMap<Action, Vec<KeyCombo>>>,
    /// Something the user should know about their keymap file (shown once in the status line).
    pub notice: Option<String>,
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

    /// The preset `preset`, with `config_dir/keymap.toml` (if it exists) merged over it. The
    /// file's own `preset = "..."` line, if any, wins over the `preset` argument.
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
    pub fn from_toml_over(base: &Keymap, text: &str, source: &Path) -> Result<Keymap, ConfigError> {
        parse::merge(base, text, source)
    }

    fn empty() -> Keymap {
        Keymap {
            layers: BTreeMap::new(),
            notice: None,
        }
    }

    /// The keys bound to `action` in `layer`, in file order.
    pub fn combos(&self, layer: Layer, action: Action) -> &[KeyCombo] {
        self.layers
            .get(&layer)
            .and_then(|m| m.get(&action))
            .map_or(&[], Vec::as_slice)
    }

    fn in_layer(&self, layer: Layer, combo: &KeyCombo) -> Option<Action> {
        let m = self.layers.get(&layer)?;
        layer
            .actions()
            .iter()
            .copied()
            .find(|a| m.get(a).is_some_and(|c| c.contains(combo)))
    }

    /// The action `ev` triggers with `layer` focused: the layer's binding, else (unless it is
    /// text typed into a text layer) the global one. Key releases trigger nothing.
    pub fn lookup(&self, layer: Layer, ev: &KeyEvent) -> Option<Action> {
        let combo = KeyCombo::from_event(ev)?;
        if let Some(a) = self.in_layer(layer, &combo) {
            return Some(a);
        }
        if typed_char(ev).is_some_and(|c| layer.types(c)) {
            return None;
        }
        self.in_layer(Layer::Global, &combo)
    }

    /// The canonical spelling of `action`'s keys in `layer`.
    pub fn keys_for(&self, layer: Layer, action: Action) -> Vec<String> {
        self.combos(layer, action)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// The first key of `action` with `layer` focused (its own binding, else the global one).
    pub fn hint(&self, layer: Layer, action: Action) -> Option<String> {
        self.combos(layer, action)
            .first()
            .or_else(|| self.combos(Layer::Global, action).first())
            .map(ToString::to_string)
    }

    /// The actions of `layer` with their keys, in the layer's order (unbound ones: empty list).
    pub fn bindings(&self, layer: Layer) -> Vec<(Action, Vec<String>)> {
        layer
            .actions()
            .iter()
            .map(|a| (*a, self.keys_for(layer, *a)))
            .collect()
    }
}

/// The character a key types (no ctrl or alt), if any.
pub fn typed_char(ev: &KeyEvent) -> Option<char> {
    match ev.code {
        KeyCode::Char(c)
            if !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}
