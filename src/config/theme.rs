//! Colour themes: named colour slots, each with an RGB value and an xterm
//! 256-colour index, rendered according to what the terminal supports.

use std::path::{Path, PathBuf};

use super::{ConfigError, read_optional};
use ratatui::style::{Color, Modifier, Style};

mod parse;
#[cfg(test)]
mod tests;

use parse::parse_theme;

/// A named colour role in the UI.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Fg,
    Bg,
    Dim,
    Accent,
    Title,
    Border,
    BorderFocus,
    Header,
    SelectedFg,
    SelectedBg,
    Ok,
    Warn,
    Err,
    Info,
    Edge,
}

pub(crate) const SLOT_COUNT: usize = 15;

impl Slot {
    /// Every slot, in the order theme files list them.
    pub const ALL: [Slot; SLOT_COUNT] = [
        Slot::Fg,
        Slot::Bg,
        Slot::Dim,
        Slot::Accent,
        Slot::Title,
        Slot::Border,
        Slot::BorderFocus,
        Slot::Header,
        Slot::SelectedFg,
        Slot::SelectedBg,
        Slot::Ok,
        Slot::Warn,
        Slot::Err,
        Slot::Info,
        Slot::Edge,
    ];

    /// The key used for this slot in theme files.
    pub fn name(self) -> &'static str {
        match self {
            Slot::Fg => "fg",
            Slot::Bg => "bg",
            Slot::Dim => "dim",
            Slot::Accent => "accent",
            Slot::Title => "title",
            Slot::Border => "border",
            Slot::BorderFocus => "border_focus",
            Slot::Header => "header",
            Slot::SelectedFg => "selected_fg",
            Slot::SelectedBg => "selected_bg",
            Slot::Ok => "ok",
            Slot::Warn => "warn",
            Slot::Err => "err",
            Slot::Info => "info",
            Slot::Edge => "edge",
        }
    }

    pub fn from_name(name: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|s| s.name() == name)
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Modifiers that carry the slot's meaning when it has no colour (NO_COLOR,
    /// or a theme such as `mono` that leaves the slot at "reset").
    fn plain_modifiers(self) -> Modifier {
        match self {
            Slot::Title | Slot::Header | Slot::Accent | Slot::BorderFocus | Slot::Err => {
                Modifier::BOLD
            }
            Slot::SelectedFg | Slot::SelectedBg => Modifier::REVERSED,
            Slot::Dim | Slot::Edge => Modifier::DIM,
            Slot::Warn => Modifier::UNDERLINED,
            Slot::Info => Modifier::ITALIC,
            Slot::Fg | Slot::Bg | Slot::Border | Slot::Ok => Modifier::empty(),
        }
    }

    /// Modifiers applied whether or not the slot has a colour.
    fn always_modifiers(self) -> Modifier {
        match self {
            Slot::Title | Slot::Header => Modifier::BOLD,
            _ => Modifier::empty(),
        }
    }
}

/// How many colours the terminal can show.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ColorMode {
    TrueColor,
    Ansi256,
    NoColor,
}

impl ColorMode {
    /// Decides from the environment: `NO_COLOR` set and non-empty → `NoColor`;
    /// `COLORTERM` = `truecolor` or `24bit` → `TrueColor`; else `Ansi256`.
    ///
    /// Pure: pass `&|k| std::env::var(k).ok()` for the real environment.
    pub fn detect(env: &dyn Fn(&str) -> Option<String>) -> ColorMode {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorMode::NoColor;
        }
        match env("COLORTERM") {
            Some(v) if v.eq_ignore_ascii_case("truecolor") || v.eq_ignore_ascii_case("24bit") => {
                ColorMode::TrueColor
            }
            _ => ColorMode::Ansi256,
        }
    }
}

/// The colour a theme gives one slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum SlotColor {
    /// The terminal's default colour.
    Reset,
    Color {
        rgb: (u8, u8, u8),
        ansi256: u8,
    },
}

/// A complete theme rendered for one [`ColorMode`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Theme {
    pub name: String,
    mode: ColorMode,
    colors: [SlotColor; SLOT_COUNT],
}

const PRESETS: [(&str, &str); 4] = [
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

impl Theme {
    /// Names of the built-in themes.
    pub fn preset_names() -> Vec<&'static str> {
        PRESETS.iter().map(|(n, _)| *n).collect()
    }

    /// A built-in theme.
    pub fn preset(name: &str, mode: ColorMode) -> Result<Theme, ConfigError> {
        let (_, text) = PRESETS
            .iter()
            .find(|(n, _)| *n == name)
            .ok_or_else(|| unknown_theme(name, &[]))?;
        Theme::from_toml(text, &preset_path(name), mode)
    }

    /// Resolves `name`: `config_dir/themes/NAME.toml` if it exists, else the
    /// built-in preset `NAME`, else an error listing the available themes.
    pub fn load(
        name: &str,
        config_dir: Option<&Path>,
        mode: ColorMode,
    ) -> Result<Theme, ConfigError> {
        let plain_name = !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\']);
        let themes_dir = config_dir.map(|d| d.join("themes"));
        if let Some(dir) = themes_dir.as_ref().filter(|_| plain_name) {
            let path = dir.join(format!("{name}.toml"));
            if let Some(text) = read_optional(&path)? {
                return Theme::from_toml(&text, &path, mode);
            }
        }
        if PRESETS.iter().any(|(n, _)| *n == name) {
            return Theme::preset(name, mode);
        }
        Err(unknown_theme(
            name,
            &user_theme_names(themes_dir.as_deref()),
        ))
    }

    /// Parses a theme file. Slots the file leaves out come from the `dark`
    /// preset; the name is the file's `name`, else the file stem.
    pub fn from_toml(text: &str, source: &Path, mode: ColorMode) -> Result<Theme, ConfigError> {
        let parsed = parse_theme(text, source)?;
        let base = parse_theme(PRESETS[0].1, &preset_path(PRESETS[0].0))?;
        let mut colors = [SlotColor::Reset; SLOT_COUNT];
        for slot in Slot::ALL {
            let i = slot.index();
            colors[i] = parsed.colors[i]
                .or(base.colors[i])
                .unwrap_or(SlotColor::Reset);
        }
        let name = parsed.name.unwrap_or_else(|| {
            source.file_stem().map_or_else(
                || "custom".to_string(),
                |s| s.to_string_lossy().into_owned(),
            )
        });
        Ok(Theme { name, mode, colors })
    }

    pub fn mode(&self) -> ColorMode {
        self.mode
    }

    /// The same theme rendered for another colour mode.
    pub fn with_mode(mut self, mode: ColorMode) -> Theme {
        self.mode = mode;
        self
    }

    /// The colour the theme defines for `slot`, independent of the mode.
    pub fn slot_color(&self, slot: Slot) -> SlotColor {
        self.colors[slot.index()]
    }

    /// The slot's colour for this mode: RGB in `TrueColor`, `Indexed` in
    /// `Ansi256`, `Reset` in `NoColor` (and for slots the theme leaves at reset).
    pub fn color(&self, slot: Slot) -> Color {
        match (self.slot_color(slot), self.mode) {
            (SlotColor::Reset, _) | (_, ColorMode::NoColor) => Color::Reset,
            (SlotColor::Color { rgb: (r, g, b), .. }, ColorMode::TrueColor) => Color::Rgb(r, g, b),
            (SlotColor::Color { ansi256, .. }, ColorMode::Ansi256) => Color::Indexed(ansi256),
        }
    }

    /// Foreground in the slot's colour. Title and header are always bold; when
    /// the slot has no colour, modifiers stand in for it (selection reversed,
    /// errors bold, warnings underlined, dim text dim, info italic).
    /// For background slots use [`Theme::base`] / [`Theme::selected`].
    pub fn style(&self, slot: Slot) -> Style {
        let color = self.color(slot);
        let mut style = Style::default()
            .fg(color)
            .add_modifier(slot.always_modifiers());
        if color == Color::Reset {
            style = style.add_modifier(slot.plain_modifiers());
        }
        style
    }

    /// Selected row: `selected_fg` on `selected_bg`; reversed when there is no
    /// selection background to show.
    pub fn selected(&self) -> Style {
        let bg = self.color(Slot::SelectedBg);
        let style = Style::default().fg(self.color(Slot::SelectedFg)).bg(bg);
        if bg == Color::Reset {
            style.add_modifier(Modifier::REVERSED)
        } else {
            style
        }
    }

    /// Table header row.
    pub fn header(&self) -> Style {
        self.style(Slot::Header)
    }

    /// Plain text: `fg` on `bg`.
    pub fn base(&self) -> Style {
        Style::default()
            .fg(self.color(Slot::Fg))
            .bg(self.color(Slot::Bg))
    }
}

fn preset_path(name: &str) -> PathBuf {
    PathBuf::from(format!("themes/{name}.toml"))
}

fn unknown_theme(name: &str, user: &[String]) -> ConfigError {
    let mut available: Vec<String> = PRESETS.iter().map(|(n, _)| n.to_string()).collect();
    available.extend(
        user.iter()
            .filter(|u| !available.contains(u))
            .cloned()
            .collect::<Vec<_>>(),
    );
    ConfigError::UnknownPreset {
        kind: "theme",
        name: name.to_string(),
        available,
    }
}

fn user_theme_names(dir: Option<&Path>) -> Vec<String> {
    let Some(entries) = dir.and_then(|d| std::fs::read_dir(d).ok()) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".toml").map(str::to_string))
        .collect();
    names.sort();
    names
}
