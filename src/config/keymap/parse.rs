//! Reading keymap files and enforcing the binding rules, with every error
//! pointing at the offending spot in the file.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Action, KeyCombo, Keymap, parse_key};
use crate::config::{ConfigError, entries_in_order, line_col, parse_doc, suggest};

/// Actions that must keep at least one key, or the user could get stuck.
const MUST_KEEP_A_KEY: [Action; 2] = [Action::Quit, Action::Back];

/// One `action = [...]` line of the file.
struct Entry {
    action: Action,
    keys: Vec<(KeyCombo, Range<usize>)>,
}

pub(super) fn merge(base: &Keymap, text: &str, path: &Path) -> Result<Keymap, ConfigError> {
    let doc = parse_doc(path, text)?;
    let err = |span: Range<usize>, msg: String| ConfigError::at(path, text, span, msg);
    let mut merged = base.clone();
    let mut entries = Vec::new();
    for (key, value) in entries_in_order(&doc) {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("preset", DeValue::String(name)) => {
                merged = Keymap::preset(name).map_err(|_| {
                    let names = Keymap::preset_names();
                    err(
                        value.span(),
                        format!(
                            "unknown keymap preset \"{name}\" (available: {})",
                            names.join(", ")
                        ),
                    )
                })?;
            }
            ("preset", _) => return Err(err(value.span(), "preset must be a string".into())),
            ("keys", DeValue::Table(table)) => entries = parse_entries(table, &err)?,
            ("keys", _) => return Err(err(value.span(), "keys must be a table: [keys]".into())),
            (other, _) => {
                return Err(err(
                    key.span(),
                    format!("unknown key \"{other}\" (a keymap has `preset` and a [keys] table)"),
                ));
            }
        }
    }
    for entry in &entries {
        let combos = entry.keys.iter().map(|(c, _)| *c).collect();
        merged.keys.insert(entry.action, combos);
    }
    check_conflicts(&merged, &entries, text, &err)?;
    Ok(merged)
}

/// An action holding a key, with the binding's span when it is in the file.
type Holder = (Action, Option<Range<usize>>);

type ErrAt<'a> = dyn Fn(Range<usize>, String) -> ConfigError + 'a;

fn parse_entries(table: &DeTable<'_>, err: &ErrAt<'_>) -> Result<Vec<Entry>, ConfigError> {
    let mut entries = Vec::new();
    for (key, value) in entries_in_order(table) {
        let name = key.get_ref().as_ref();
        let Some(action) = Action::from_name(name) else {
            let hint = suggest(name, Action::ALL.map(Action::name));
            return Err(err(
                key.span(),
                format!("unknown action \"{name}\"{hint}; the help screen (?) lists the actions"),
            ));
        };
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
        if items.is_empty() && MUST_KEEP_A_KEY.contains(&action) {
            return Err(err(
                value.span(),
                format!("action {name} must keep at least one key"),
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
        entries.push(Entry { action, keys });
    }
    Ok(entries)
}

/// Refuses a key bound to two actions that may not share it. Bindings the
/// file does not touch come from the base; among the file's own bindings the
/// later one is reported.
fn check_conflicts(
    merged: &Keymap,
    entries: &[Entry],
    text: &str,
    err: &ErrAt<'_>,
) -> Result<(), ConfigError> {
    let from_file: Vec<Action> = entries.iter().map(|e| e.action).collect();
    let mut holders: HashMap<KeyCombo, Vec<Holder>> = HashMap::new();
    for (action, combos) in &merged.keys {
        if !from_file.contains(action) {
            for combo in combos {
                holders.entry(*combo).or_default().push((*action, None));
            }
        }
    }
    let mut bindings: Vec<(Action, KeyCombo, Range<usize>)> = entries
        .iter()
        .flat_map(|e| e.keys.iter().map(|(c, s)| (e.action, *c, s.clone())))
        .collect();
    bindings.sort_by_key(|(_, _, span)| span.start);
    for (action, combo, span) in bindings {
        let held = holders.entry(combo).or_default();
        if let Some((other, other_span)) = held
            .iter()
            .find(|(other, _)| *other != action && !action.may_share_key_with(*other))
        {
            let (o, n) = (other.name(), action.name());
            let message = match other_span {
                Some(s) => format!(
                    "key \"{combo}\" for action {n} is already bound to {o} (line {})",
                    line_col(text, s.start).0
                ),
                None => format!(
                    "key \"{combo}\" for action {n} is already bound to {o}; rebind {o} in this file to free it"
                ),
            };
            return Err(err(span, message));
        }
        held.push((action, Some(span)));
    }
    Ok(())
}
