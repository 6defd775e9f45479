//! Reading theme files: every value keeps its span so errors can point at it.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{SLOT_COUNT, Slot, SlotColor};
use crate::config::{ConfigError, entries_in_order, parse_doc, suggest};

/// What a theme file says, before falling back to the base theme.
pub(crate) struct ParsedTheme {
    pub name: Option<String>,
    pub colors: [Option<SlotColor>; SLOT_COUNT],
}

pub(crate) fn parse_theme(text: &str, path: &Path) -> Result<ParsedTheme, ConfigError> {
    let doc = parse_doc(path, text)?;
    let err = |span: Range<usize>, msg: String| ConfigError::at(path, text, span, msg);
    let mut parsed = ParsedTheme {
        name: None,
        colors: [None; SLOT_COUNT],
    };
    for (key, value) in entries_in_order(&doc) {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("name", DeValue::String(s)) => parsed.name = Some(s.to_string()),
            ("name", _) => return Err(err(value.span(), "name must be a string".into())),
            ("colors", DeValue::Table(t)) => parse_colors(t, &mut parsed, &err)?,
            ("colors", _) => return Err(err(value.span(), "colors must be a table".into())),
            (other, _) => {
                return Err(err(
                    key.span(),
                    format!("unknown key \"{other}\" (a theme has `name` and a [colors] table)"),
                ));
            }
        }
    }
    Ok(parsed)
}

type ErrAt<'a> = dyn Fn(Range<usize>, String) -> ConfigError + 'a;

fn parse_colors(
    table: &DeTable<'_>,
    parsed: &mut ParsedTheme,
    err: &ErrAt<'_>,
) -> Result<(), ConfigError> {
    for (key, value) in entries_in_order(table) {
        let name = key.get_ref().as_ref();
        let Some(slot) = Slot::from_name(name) else {
            let names: Vec<&str> = Slot::ALL.iter().map(|s| s.name()).collect();
            let hint = suggest(name, names.iter().copied());
            return Err(err(
                key.span(),
                format!(
                    "unknown colour slot \"{name}\"{hint}; slots are: {}",
                    names.join(", ")
                ),
            ));
        };
        parsed.colors[slot.index()] = Some(parse_slot_color(slot, value, err)?);
    }
    Ok(())
}

fn parse_slot_color(
    slot: Slot,
    value: &Spanned<DeValue<'_>>,
    err: &ErrAt<'_>,
) -> Result<SlotColor, ConfigError> {
    let s = slot.name();
    let expected =
        format!("slot {s}: expected \"reset\" or {{ rgb = \"#rrggbb\", ansi256 = 0..255 }}");
    let table = match value.get_ref() {
        DeValue::String(v) if v.eq_ignore_ascii_case("reset") => return Ok(SlotColor::Reset),
        DeValue::Table(t) => t,
        other => {
            return Err(err(
                value.span(),
                format!("{expected}, found {}", other.type_str()),
            ));
        }
    };
    let (mut rgb, mut ansi256) = (None, None);
    for (key, v) in entries_in_order(table) {
        match key.get_ref().as_ref() {
            "rgb" => rgb = Some(parse_hex(s, v, err)?),
            "ansi256" => ansi256 = Some(parse_ansi256(s, v, err)?),
            other => {
                return Err(err(
                    key.span(),
                    format!("slot {s}: unknown key \"{other}\" (expected rgb and ansi256)"),
                ));
            }
        }
    }
    match (rgb, ansi256) {
        (Some(rgb), Some(ansi256)) => Ok(SlotColor::Color { rgb, ansi256 }),
        (None, _) => Err(err(
            value.span(),
            format!("slot {s}: missing rgb = \"#rrggbb\""),
        )),
        (_, None) => Err(err(
            value.span(),
            format!("slot {s}: missing ansi256 = 0..255"),
        )),
    }
}

fn parse_hex(
    slot: &str,
    v: &Spanned<DeValue<'_>>,
    err: &ErrAt<'_>,
) -> Result<(u8, u8, u8), ConfigError> {
    let DeValue::String(text) = v.get_ref() else {
        return Err(err(
            v.span(),
            format!("slot {slot}: rgb must be a string \"#rrggbb\""),
        ));
    };
    let digits = text.strip_prefix('#').unwrap_or("");
    if digits.len() == 6
        && digits.chars().all(|c| c.is_ascii_hexdigit())
        && let Ok(n) = u32::from_str_radix(digits, 16)
    {
        return Ok(((n >> 16) as u8, (n >> 8) as u8, n as u8));
    }
    Err(err(
        v.span(),
        format!("slot {slot}: bad hex colour \"{text}\" (expected \"#rrggbb\")"),
    ))
}

fn parse_ansi256(slot: &str, v: &Spanned<DeValue<'_>>, err: &ErrAt<'_>) -> Result<u8, ConfigError> {
    let DeValue::Integer(n) = v.get_ref() else {
        return Err(err(
            v.span(),
            format!("slot {slot}: ansi256 must be an integer 0..255"),
        ));
    };
    u8::from_str_radix(n.as_str(), n.radix()).map_err(|_| {
        err(
            v.span(),
            format!("slot {slot}: ansi256 = {n} is out of range (0..255)"),
        )
    })
}
