//! Key combinations: parsing `"ctrl-c"`-style strings, printing them back, and
//! matching terminal key events.

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// A key plus modifiers, normalised so that a binding and a terminal event
/// compare equal: shift is carried by a character's case (`Q`, `?`), ctrl
/// letters are lower case, and shift-tab is `backtab`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

const NAMED: [(&str, KeyCode); 15] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("insert", KeyCode::Insert),
];

const ALIASES: [(&str, &str); 6] = [
    ("return", "enter"),
    ("escape", "esc"),
    ("pgup", "pageup"),
    ("pgdn", "pagedown"),
    ("del", "delete"),
    ("ins", "insert"),
];

impl KeyCombo {
    /// Builds a normalised combo.
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> KeyCombo {
        let mut mods =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                let shifted = mods.contains(KeyModifiers::SHIFT);
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else if shifted {
                    KeyCode::Char(c.to_ascii_uppercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        KeyCombo {
            code,
            modifiers: mods,
        }
    }

    /// The combo a terminal event stands for; `None` for key releases (only
    /// presses and auto-repeats trigger actions).
    pub fn from_event(ev: &KeyEvent) -> Option<KeyCombo> {
        match ev.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => {
                Some(KeyCombo::new(ev.code, ev.modifiers))
            }
            KeyEventKind::Release => None,
        }
    }

    /// Whether this is one of tmux's usual prefix keys (`ctrl-a`, `ctrl-b`),
    /// which fleetdeck refuses to bind.
    pub fn is_tmux_prefix(&self) -> bool {
        self.modifiers == KeyModifiers::CONTROL && matches!(self.code, KeyCode::Char('a' | 'b'))
    }
}

/// Parses `"q"`, `"Q"`, `"?"`, `"enter"`, `"f5"`, `"ctrl-c"`, `"alt-x"`,
/// `"shift-up"`, `"space"` ... Modifiers come first, joined with `-`; names are
/// case-insensitive, single characters are not (`"Q"` is shift-q).
pub fn parse_key(s: &str) -> Result<KeyCombo, String> {
    let mut rest = s;
    let mut mods = KeyModifiers::NONE;
    loop {
        let lower = rest.to_ascii_lowercase();
        let (m, len) = if lower.starts_with("ctrl-") {
            (KeyModifiers::CONTROL, 5)
        } else if lower.starts_with("alt-") {
            (KeyModifiers::ALT, 4)
        } else if lower.starts_with("shift-") {
            (KeyModifiers::SHIFT, 6)
        } else {
            break;
        };
        if rest.len() == len {
            return Err(format!("missing key after \"{rest}\""));
        }
        if mods.contains(m) {
            return Err(format!("modifier \"{}\" given twice", &rest[..len]));
        }
        mods |= m;
        rest = &rest[len..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (None, _) => return Err("empty key".to_string()),
        (Some(c), None) if c.is_control() => return Err("control characters are not keys".into()),
        (Some(c), None) => KeyCode::Char(c),
        _ => named_key(&rest.to_ascii_lowercase()).ok_or_else(|| {
            format!(
                "\"{rest}\" is not a key: use one character, space, f1..f12 or one of {}",
                NAMED.map(|(n, _)| n).join(", ")
            )
        })?,
    };
    Ok(KeyCombo::new(code, mods))
}

fn named_key(name: &str) -> Option<KeyCode> {
    let name = ALIASES
        .iter()
        .find(|(a, _)| *a == name)
        .map_or(name, |(_, n)| n);
    if name == "space" {
        return Some(KeyCode::Char(' '));
    }
    if let Some(n) = name.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(KeyCode::F(n));
    }
    NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// The canonical spelling, which [`parse_key`] reads back.
impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (m, prefix) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.modifiers.contains(m) {
                f.write_str(prefix)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => match NAMED.iter().find(|(_, c)| *c == code) {
                Some((name, _)) => f.write_str(name),
                None => write!(f, "{}", format!("{code:?}").to_ascii_lowercase()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> String {
        parse_key(s)
            .map(|k| k.to_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn keys_parse_and_print_canonically() {
        for canonical in [
            "q",
            "Q",
            "?",
            ":",
            "/",
            "-",
            "1",
            "enter",
            "esc",
            "tab",
            "backtab",
            "up",
            "down",
            "left",
            "right",
            "pageup",
            "pagedown",
            "home",
            "end",
            "space",
            "f1",
            "f12",
            "ctrl-c",
            "ctrl-d",
            "alt-x",
            "alt-X",
            "shift-up",
            "ctrl-alt-delete",
        ] {
            assert_eq!(shown(canonical), canonical);
        }
        assert_eq!(shown("Enter"), "enter");
        assert_eq!(shown("CTRL-C"), "ctrl-c");
        assert_eq!(shown("ctrl-C"), "ctrl-c");
        assert_eq!(shown("shift-a"), "A");
        assert_eq!(shown("shift-tab"), "backtab");
        assert_eq!(shown("pgdn"), "pagedown");
        assert_eq!(shown(" "), "space");
        assert_eq!(parse_key("Q").unwrap().code, KeyCode::Char('Q'));
    }

    #[test]
    fn bad_keys_are_refused_with_a_reason() {
        assert_eq!(shown("ctrl-"), "error: missing key after \"ctrl-\"");
        assert_eq!(shown(""), "error: empty key");
        assert_eq!(
            shown("ctrl-ctrl-x"),
            "error: modifier \"ctrl-\" given twice"
        );
        assert!(shown("foo").starts_with("error: \"foo\" is not a key"));
        assert!(shown("f13").starts_with("error: \"f13\" is not a key"));
        assert!(shown("\t").starts_with("error: control characters"));
    }

    #[test]
    fn events_normalise_like_bindings() {
        let ev = |code, mods| KeyCombo::from_event(&KeyEvent::new(code, mods));
        let q_upper = ev(KeyCode::Char('Q'), KeyModifiers::SHIFT);
        assert_eq!(q_upper, parse_key("Q").ok());
        assert_eq!(
            ev(KeyCode::Char('Q'), KeyModifiers::NONE),
            parse_key("Q").ok()
        );
        assert_eq!(
            ev(KeyCode::Char('?'), KeyModifiers::SHIFT),
            parse_key("?").ok()
        );
        assert_eq!(
            ev(KeyCode::BackTab, KeyModifiers::SHIFT),
            parse_key("backtab").ok()
        );
        assert_eq!(
            ev(KeyCode::Char('C'), KeyModifiers::CONTROL),
            parse_key("ctrl-c").ok()
        );
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(KeyCombo::from_event(&release), None);
    }

    #[test]
    fn tmux_prefixes_are_recognised() {
        assert!(parse_key("ctrl-b").unwrap().is_tmux_prefix());
        assert!(parse_key("ctrl-a").unwrap().is_tmux_prefix());
        assert!(!parse_key("ctrl-alt-b").unwrap().is_tmux_prefix());
        assert!(!parse_key("b").unwrap().is_tmux_prefix());
    }
}
