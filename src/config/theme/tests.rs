use super::*;

fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
    move |k| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.to_string())
    }
}

fn user_err(text: &str) -> ConfigError {
    Theme::from_toml(text, Path::new("themes/user.toml"), ColorMode::TrueColor).unwrap_err()
}

#[test]
fn every_preset_parses_and_names_every_slot() {
    for (name, text) in PRESETS {
        let parsed = parse_theme(text, &preset_path(name)).unwrap();
        assert_eq!(parsed.name.as_deref(), Some(name));
        let missing: Vec<&str> = Slot::ALL
            .iter()
            .filter(|s| parsed.colors[s.index()].is_none())
            .map(|s| s.name())
            .collect();
        assert!(missing.is_empty(), "{name} misses {missing:?}");
        let theme = Theme::preset(name, ColorMode::Ansi256).unwrap();
        assert_eq!(theme.name, name);
    }
    assert_eq!(
        Theme::preset_names(),
        ["dark", "light", "high-contrast", "mono"]
    );
}

#[test]
fn mono_has_no_colours_at_all() {
    let mono = Theme::preset("mono", ColorMode::TrueColor).unwrap();
    for slot in Slot::ALL {
        assert_eq!(mono.slot_color(slot), SlotColor::Reset, "{slot:?}");
        assert_eq!(mono.color(slot), Color::Reset);
    }
    assert!(mono.selected().add_modifier.contains(Modifier::REVERSED));
    assert!(mono.style(Slot::Err).add_modifier.contains(Modifier::BOLD));
}

#[test]
fn slot_names_round_trip() {
    for slot in Slot::ALL {
        assert_eq!(Slot::from_name(slot.name()), Some(slot));
    }
    assert_eq!(Slot::from_name("border_focus"), Some(Slot::BorderFocus));
    assert_eq!(Slot::from_name("nope"), None);
}

#[test]
fn color_mode_detection() {
    assert_eq!(ColorMode::detect(&env(&[])), ColorMode::Ansi256);
    assert_eq!(
        ColorMode::detect(&env(&[("COLORTERM", "truecolor")])),
        ColorMode::TrueColor
    );
    assert_eq!(
        ColorMode::detect(&env(&[("COLORTERM", "24bit")])),
        ColorMode::TrueColor
    );
    assert_eq!(
        ColorMode::detect(&env(&[("COLORTERM", "yes")])),
        ColorMode::Ansi256
    );
    let no_color = [("NO_COLOR", "1"), ("COLORTERM", "truecolor")];
    assert_eq!(ColorMode::detect(&env(&no_color)), ColorMode::NoColor);
    // NO_COLOR set but empty does not count.
    let empty = [("NO_COLOR", ""), ("COLORTERM", "truecolor")];
    assert_eq!(ColorMode::detect(&env(&empty)), ColorMode::TrueColor);
}

#[test]
fn rgb_vs_256_vs_no_colour_output() {
    let dark = Theme::preset("dark", ColorMode::TrueColor).unwrap();
    assert_eq!(dark.color(Slot::Fg), Color::Rgb(0xc0, 0xca, 0xf5));
    assert_eq!(dark.color(Slot::Bg), Color::Reset);
    assert_eq!(dark.style(Slot::Err).fg, Some(Color::Rgb(0xf7, 0x76, 0x8e)));
    assert!(!dark.style(Slot::Err).add_modifier.contains(Modifier::BOLD));

    let dark = dark.with_mode(ColorMode::Ansi256);
    assert_eq!(dark.color(Slot::Fg), Color::Indexed(153));
    let sel = dark.selected();
    assert_eq!(
        (sel.fg, sel.bg),
        (Some(Color::Indexed(234)), Some(Color::Indexed(111)))
    );
    assert!(!sel.add_modifier.contains(Modifier::REVERSED));

    let dark = dark.with_mode(ColorMode::NoColor);
    assert_eq!(dark.color(Slot::Fg), Color::Reset);
    assert!(dark.selected().add_modifier.contains(Modifier::REVERSED));
    assert!(dark.header().add_modifier.contains(Modifier::BOLD));
    assert!(dark.style(Slot::Dim).add_modifier.contains(Modifier::DIM));
    assert!(
        dark.style(Slot::Warn)
            .add_modifier
            .contains(Modifier::UNDERLINED)
    );
    assert!(dark.style(Slot::Err).add_modifier.contains(Modifier::BOLD));
}

#[test]
fn partial_user_theme_falls_back_to_dark() {
    let text =
        "name = \"mine\"\n[colors]\nerr = { rgb = \"#ff0000\", ansi256 = 196 }\nbg = \"reset\"\n";
    let theme = Theme::from_toml(
        text,
        Path::new("/cfg/themes/mine.toml"),
        ColorMode::TrueColor,
    )
    .unwrap();
    let dark = Theme::preset("dark", ColorMode::TrueColor).unwrap();
    assert_eq!(theme.name, "mine");
    assert_eq!(theme.color(Slot::Err), Color::Rgb(255, 0, 0));
    for slot in Slot::ALL.into_iter().filter(|s| *s != Slot::Err) {
        assert_eq!(theme.color(slot), dark.color(slot), "{slot:?}");
    }
    // Without a `name`, the file stem names the theme.
    let theme =
        Theme::from_toml("", Path::new("/cfg/themes/solar.toml"), ColorMode::Ansi256).unwrap();
    assert_eq!(theme.name, "solar");
    assert_eq!(theme.color(Slot::Fg), Color::Indexed(153));
}

#[test]
fn load_prefers_user_file_then_preset_then_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("themes")).unwrap();
    let user = "[colors]\nfg = { rgb = \"#010203\", ansi256 = 16 }\n";
    std::fs::write(dir.path().join("themes/light.toml"), user).unwrap();
    std::fs::write(dir.path().join("themes/solar.toml"), user).unwrap();

    let light = Theme::load("light", Some(dir.path()), ColorMode::TrueColor).unwrap();
    assert_eq!(light.color(Slot::Fg), Color::Rgb(1, 2, 3));
    let hc = Theme::load("high-contrast", Some(dir.path()), ColorMode::TrueColor).unwrap();
    assert_eq!(hc.color(Slot::Bg), Color::Rgb(0, 0, 0));
    let preset_only = Theme::load("light", None, ColorMode::Ansi256).unwrap();
    assert_eq!(preset_only.color(Slot::Bg), Color::Indexed(231));

    let err = Theme::load("solarised", Some(dir.path()), ColorMode::TrueColor).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown theme \"solarised\" (available: dark, light, high-contrast, mono, solar)"
    );
    assert!(Theme::load("../themes/solar", Some(dir.path()), ColorMode::TrueColor).is_err());
}

#[test]
fn bad_hex_names_file_line_and_column() {
    let err = user_err("name = \"x\"\n[colors]\nfg = { rgb = \"#zzz\", ansi256 = 1 }\n");
    assert_eq!(
        err.to_string(),
        "themes/user.toml:3:14: slot fg: bad hex colour \"#zzz\" (expected \"#rrggbb\")"
    );
}

#[test]
fn ansi256_out_of_range() {
    let err = user_err("[colors]\n\nwarn = { rgb = \"#ffaa00\", ansi256 = 300 }\n");
    assert_eq!(
        err.to_string(),
        "themes/user.toml:3:37: slot warn: ansi256 = 300 is out of range (0..255)"
    );
}

#[test]
fn unknown_slot_suggests_the_near_one() {
    let err = user_err("[colors]\nfg = \"reset\"\n  bordr = \"reset\"\n");
    assert_eq!(err.location(), Some((3, 3)));
    let shown = err.to_string();
    assert!(
        shown.starts_with(
            "themes/user.toml:3:3: unknown colour slot \"bordr\" (did you mean border?)"
        ),
        "{shown}"
    );
}

#[test]
fn other_semantic_errors_are_located() {
    let err = user_err("[colors]\nfg = { rgb = \"#000000\" }\n");
    assert_eq!(
        err.to_string(),
        "themes/user.toml:2:6: slot fg: missing ansi256 = 0..255"
    );
    let err = user_err("[colors]\nfg = \"#000000\"\n");
    assert_eq!(err.location(), Some((2, 6)));
    let err = user_err("nmae = \"x\"\n");
    assert_eq!(err.location(), Some((1, 1)));
    let err = user_err("[colors]\nok = { rgb = \"#000000\", ansi256 = 2, bold = true }\n");
    assert_eq!(err.location(), Some((2, 38)));
}

#[test]
fn broken_toml_is_located() {
    let err = user_err("[colors]\nfg = { rgb = \"#000000\", ansi256 = 1\n");
    let shown = err.to_string();
    assert!(shown.starts_with("themes/user.toml:2:"), "{shown}");
    assert!(shown.contains("invalid TOML"), "{shown}");
}
