//! Reading keymap files and enforcing the binding rules, with every error pointing at the
//! offending spot in the file.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Action, KeyCombo, Keymap, Layer, parse_key};
use crate::config::{ConfigError, entries_in_order, line_col, parse_doc, suggest};

/// Actions that must keep at least one key in their layer, or the user could get stuck.
const MUST_KEEP_A_KEY: [(Layer, Action); 12] = [
    (Layer::Global, Action::Quit),
    (Layer::Global, Action::Back),
    (Layer::Confirm, Action::Confirm),
    (Layer::Confirm, Action::Cancel),
    (Layer::Palette, Action::Accept),
    (Layer::Palette, Action::Cancel),
    (Layer::Filter, Action::Accept),
    (Layer::Filter, Action::Cancel),
    (Layer::Chooser, Action::Accept),
    (Layer::Chooser, Action::Cancel),
    (Layer::Editor, Action::Save),
    (Layer::Editor, Action::Cancel),
];

/// One `action = [...]` line of the file.
struct Entry {
    layer: Layer,
    action: Action,
    keys: Vec<(KeyCombo, Range<usize>)>,
}

type ErrAt<'a> = dyn Fn(Range<usize>, String) -> ConfigError + 'a;

pub(super) fn merge(base: &Keymap, text: &str, path: &Path) -> Result<Keymap, ConfigError> {
    let doc = parse_doc(path, text)?;
    let err = |span: Range<usize>, msg: String| ConfigError::at(path, text, span, msg);
    let mut merged = base.clone();
    merged.notice = None;
    let mut entries = Vec::new();
    let mut legacy = false;
    let sections = || {
        Layer::ALL
            .iter()
            .map(|l| format!("[{}]", l.name()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for (key, value) in entries_in_order(&doc) {
        let name = key.get_ref().as_ref();
        match (name, value.get_ref()) {
            ("preset", DeValue::String(p)) => {
                merged = Keymap::preset(p).map_err(|_| {
                    let names = Keymap::preset_names();
                    err(
                        value.span(),
                        format!(
                            "unknown keymap preset \"{p}\" (available: {})",
                            names.join(", ")
                        ),
                    )
                })?;
            }
            ("preset", _) => return Err(err(value.span(), "preset must be a string".into())),
            ("keys", DeValue::Table(table)) => {
                legacy = true;
                entries.extend(parse_entries(None, table, &err)?);
            }
            (n, DeValue::Table(table)) if Layer::from_name(n).is_some() => {
                let layer = Layer::from_name(n).expect("checked");
                entries.extend(parse_entries(Some(layer), table, &err)?);
            }
            (n, DeValue::Table(_)) => {
                let hint = suggest(n, Layer::ALL.map(Layer::name));
                return Err(err(
                    key.span(),
                    format!(
                        "unknown section [{n}]{hint}; the sections are {}",
                        sections()
                    ),
                ));
            }
            (other, _) => {
                return Err(err(
                    key.span(),
                    format!(
                        "unknown key \"{other}\" (a keymap has `preset` and the sections {})",
                        sections()
                    ),
                ));
            }
        }
    }
    for e in &entries {
        let combos = e.keys.iter().map(|(c, _)| *c).collect();
        merged
            .layers
            .entry(e.layer)
            .or_default()
            .insert(e.action, combos);
    }
    check_conflicts(&merged, &entries, text, &err)?;
    if legacy {
        merged.notice = Some(format!(
            "{}: the [keys] table still works, but it is the old form: move its entries under \
             [global], [table] and [confirm] (see keymaps/default.toml or `?`)",
            path.display()
        ));
    }
    Ok(merged)
}

/// The entries of one section; `layer` None: the old flat `[keys]` table.
fn parse_entries(
    layer: Option<Layer>,
    table: &DeTable<'_>,
    err: &ErrAt<'_>,
) -> Result<Vec<Entry>, ConfigError> {
    let mut entries = Vec::new();
    for (key, value) in entries_in_order(table) {
        let name = key.get_ref().as_ref();
        let action = Action::from_name(name);
        let layer = match (layer, action) {
            (_, None) => {
                let candidates = match layer {
                    Some(l) => l.actions().iter().map(|a| a.name()).collect::<Vec<_>>(),
                    None => Action::ALL.iter().map(|a| a.name()).collect(),
                };
                let hint = suggest(name, candidates.iter().copied());
                return Err(err(
                    key.span(),
                    format!(
                        "unknown action \"{name}\"{hint}; the help screen (?) lists the actions"
                    ),
                ));
            }
            (Some(l), Some(a)) if !l.actions().contains(&a) => {
                let homes: Vec<String> = a
                    .layers()
                    .iter()
                    .map(|h| format!("[{}]", h.name()))
                    .collect();
                return Err(err(
                    key.span(),
                    format!(
                        "action {name} is not in [{}]: bind it in {}",
                        l.name(),
                        homes.join(" or ")
                    ),
                ));
            }
            (Some(l), Some(_)) => l,
            (None, Some(a)) => a.legacy_layer().expect("every action has a layer"),
        };
        let action = action.expect("checked");
        let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
            DeValue::String(_) => vec![value],
            DeValue::Array(items) => items.iter().collect(),
            other => {
                return Err(err(
                    value.span(),
                    format!(
                        "keys for action {name} must be a list of strings, e.g. {name} = [\"x\"], not {}",
                        other.type_str()
                    ),
                ));
            }
        };
        if items.is_empty() && MUST_KEEP_A_KEY.contains(&(layer, action)) {
            return Err(err(
                value.span(),
                format!(
                    "action {name} must keep at least one key in [{}]",
                    layer.name()
                ),
            ));
        }
        let mut keys: Vec<(KeyCombo, Range<usize>)> = Vec::new();
        for item in items {
            let DeValue::String(spec) = item.get_ref() else {
                return Err(err(
                    item.span(),
                    format!(
                        "keys for action {name} must be strings, not {}",
                        item.get_ref().type_str()
                    ),
                ));
            };
            let combo = parse_key(spec).map_err(|why| {
                err(
                    item.span(),
                    format!("unknown key \"{spec}\" for action {name}: {why}"),
                )
            })?;
            if combo.is_tmux_prefix() {
                return Err(err(
                    item.span(),
                    format!(
                        "key \"{spec}\" for action {name}: {combo} is tmux's prefix; pick another key"
                    ),
                ));
            }
            if !keys.iter().any(|(k, _)| *k == combo) {
                keys.push((combo, item.span()));
            }
        }
        entries.push(Entry {
            layer,
            action,
            keys,
        });
    }
    Ok(entries)
}

/// An action holding a key, with the binding's span when it is in the file.
type Holder = (Action, Option<Range<usize>>);

/// Refuses a key bound to two actions of one layer, naming both. Bindings the file does not
/// touch come from the base; among the file's own bindings the later one is reported.
fn check_conflicts(
    merged: &Keymap,
    entries: &[Entry],
    text: &str,
    err: &ErrAt<'_>,
) -> Result<(), ConfigError> {
    for layer in Layer::ALL {
        let from_file: Vec<Action> = entries
            .iter()
            .filter(|e| e.layer == layer)
            .map(|e| e.action)
            .collect();
        let mut holders: HashMap<KeyCombo, Vec<Holder>> = HashMap::new();
        for (action, combos) in merged.layers.get(&layer).into_iter().flatten() {
            if !from_file.contains(action) {
                for combo in combos {
                    holders.entry(*combo).or_default().push((*action, None));
                }
            }
        }
        let mut bindings: Vec<(Action, KeyCombo, Range<usize>)> = entries
            .iter()
            .filter(|e| e.layer == layer)
            .flat_map(|e| e.keys.iter().map(|(c, s)| (e.action, *c, s.clone())))
            .collect();
        bindings.sort_by_key(|(_, _, span)| span.start);
        for (action, combo, span) in bindings {
            let held = holders.entry(combo).or_default();
            if let Some((other, other_span)) = held.iter().find(|(o, _)| *o != action) {
                let (o, n, l) = (other.name(), action.name(), layer.name());
                let message = match other_span {
                    Some(s) => format!(
                        "key \"{combo}\" is bound to both {o} (line {}) and {n} in [{l}]",
                        line_col(text, s.start).0
                    ),
                    None => format!(
                        "key \"{combo}\" is bound to both {o} and {n} in [{l}]; rebind {o} in [{l}] to free it"
                    ),
                };
                return Err(err(span, message));
            }
            held.push((action, Some(span)));
        }
    }
    Ok(())
}
