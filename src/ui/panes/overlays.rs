//! Overlays drawn over the current screen: help, palette, YAML, confirm.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use crate::actions::diff::DiffLine;
use crate::config::keymap::Action;
use crate::config::theme::Slot;
use crate::ui::app::App;
use crate::ui::palette;
use crate::ui::state::{ConfirmStage, ConfirmState, Overlay, PaletteState, YamlState};

pub fn centered(area: Rect, w_pct: u16, h_pct: u16) -> Rect {
    let [_, v, _] = Layout::vertical([
        Constraint::Percentage((100 - h_pct) / 2),
        Constraint::Percentage(h_pct),
        Constraint::Percentage((100 - h_pct) / 2),
    ])
    .areas(area);
    let [_, h, _] = Layout::horizontal([
        Constraint::Percentage((100 - w_pct) / 2),
        Constraint::Percentage(w_pct),
        Constraint::Percentage((100 - w_pct) / 2),
    ])
    .areas(v);
    h
}

fn block<'a>(app: &App, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(app.theme.style(Slot::BorderFocus))
        .title(title)
}

pub fn render(f: &mut Frame, area: Rect, app: &App) {
    let Some(overlay) = &app.overlay else { return };
    match overlay {
        Overlay::Help { scroll } => help(f, area, app, *scroll),
        Overlay::Palette(p) => palette_box(f, area, app, p),
        Overlay::Yaml(y) => yaml(f, area, app, y),
        Overlay::Confirm(c) => confirm(f, area, app, c),
    }
}

/// Help generated from the active keymap.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = vec![
        Line::styled(
            "Keys (from the active keymap)",
            app.theme.style(Slot::Title),
        ),
        Line::from(""),
    ];
    for (action, keys) in app.keymap.bindings() {
        if keys.is_empty() {
            continue;
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<18}", keys.join(" ")),
                app.theme.style(Slot::Accent),
            ),
            Span::raw(action.description().to_string()),
        ]));
    }
    lines.extend([
        Line::from(""),
        Line::styled(
            "Filter: case-insensitive substring of any column; !term excludes.",
            app.theme.style(Slot::Dim),
        ),
        Line::styled(
            "Mutations: plan → diff → confirm → server dry-run → apply → audit log.",
            app.theme.style(Slot::Dim),
        ),
    ]);
    if app.readonly {
        lines.push(Line::styled(
            "Read-only mode: every mutation is refused.",
            app.theme.style(Slot::Warn),
        ));
    }
    lines
}

fn help(f: &mut Frame, area: Rect, app: &App, scroll: u16) {
    let r = centered(area, 70, 80);
    f.render_widget(Clear, r);
    let p = Paragraph::new(help_lines(app))
        .scroll((scroll, 0))
        .block(block(app, " Help "));
    f.render_widget(p, r);
}

fn palette_box(f: &mut Frame, area: Rect, app: &App, p: &PaletteState) {
    let r = centered(area, 70, 60);
    f.render_widget(Clear, r);
    let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(r);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(": ", app.theme.style(Slot::Accent)),
            Span::raw(p.query.clone()),
            Span::styled("█", app.theme.style(Slot::Accent)),
        ]))
        .block(block(app, " Go to (panes, clusters, kinds, objects) ")),
        input,
    );
    let found = palette::matches(&app.model, &p.query);
    let items: Vec<ListItem> = found
        .iter()
        .map(|(item, idx)| {
            let spans: Vec<Span> = item
                .label
                .chars()
                .enumerate()
                .map(|(i, ch)| {
                    if idx.contains(&i) {
                        Span::styled(
                            ch.to_string(),
                            app.theme.style(Slot::Accent).add_modifier(Modifier::BOLD),
                        )
                    } else {
                        Span::raw(ch.to_string())
                    }
                })
                .collect();
            ListItem::new(Line::from(spans))
        })
        .collect();
    let mut state = ListState::default();
    if !found.is_empty() {
        state.select(Some(p.selected.min(found.len() - 1)));
    }
    let n = found.len();
    f.render_stateful_widget(
        List::new(items)
            .highlight_style(app.theme.selected())
            .block(block(
                app,
                format!(" {n} match(es) · enter: go · esc: close "),
            )),
        list,
        &mut state,
    );
}

fn yaml(f: &mut Frame, area: Rect, app: &App, y: &YamlState) {
    let r = centered(area, 90, 90);
    f.render_widget(Clear, r);
    let lines: Vec<Line> = match &y.text {
        None => vec![Line::styled("fetching…", app.theme.style(Slot::Dim))],
        Some(Err(e)) => vec![Line::styled(
            format!("cannot fetch: {e}"),
            app.theme.style(Slot::Err),
        )],
        Some(Ok(t)) => t
            .lines()
            .map(|l| match l.split_once(':') {
                Some((k, v)) if !k.trim_start().starts_with('-') || k.contains(' ') => {
                    Line::from(vec![
                        Span::styled(k.to_string(), app.theme.style(Slot::Accent)),
                        Span::raw(format!(":{v}")),
                    ])
                }
                _ => Line::raw(l.to_string()),
            })
            .collect(),
    };
    f.render_widget(
        Paragraph::new(lines)
            .scroll((y.scroll, 0))
            .block(block(app, format!(" {} · esc: close ", y.title))),
        r,
    );
}

fn confirm(f: &mut Frame, area: Rect, app: &App, c: &ConfirmState) {
    let r = centered(area, 80, 70);
    f.render_widget(Clear, r);
    let t = &app.theme;
    let mut lines = vec![
        Line::styled(c.plan.title.clone(), t.style(Slot::Title)),
        Line::from(format!(
            "context: {}   object: {}",
            c.plan.context,
            c.plan.object_ref()
        )),
        Line::from(format!("change:  {}", c.plan.change)),
        Line::from(""),
    ];
    for d in &c.plan.diff {
        lines.push(match d {
            DiffLine::Same(s) => Line::styled(format!("  {s}"), t.style(Slot::Dim)),
            DiffLine::Add(s) => Line::styled(format!("+ {s}"), t.style(Slot::Ok)),
            DiffLine::Remove(s) => Line::styled(format!("- {s}"), t.style(Slot::Err)),
            DiffLine::Gap(n) => {
                Line::styled(format!("  … {n} unchanged line(s)"), t.style(Slot::Dim))
            }
        });
    }
    lines.push(Line::from(""));
    let keys = |a: Action| app.keymap.keys_for(a).join("/");
    lines.push(match c.stage {
        ConfirmStage::Asking => Line::styled(
            format!(
                "{}: apply (server dry-run first) · {}: cancel",
                keys(Action::Confirm),
                keys(Action::Cancel)
            ),
            t.style(Slot::Warn),
        ),
        ConfirmStage::Applying => Line::styled("dry-run, then apply…", t.style(Slot::Dim)),
    });
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((c.scroll, 0))
            .block(block(app, " Confirm change ")),
        r,
    );
}
