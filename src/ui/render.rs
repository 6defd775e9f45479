//! One frame: header, the current screen, footer, overlays.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::app::App;
use super::panes;
use super::state::Screen;
use super::widgets::table::tone_style;
use crate::config::keymap::Action;
use crate::config::theme::Slot;
use crate::fleet::ClusterState;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "terminal too small: {}×{} (fleetdeck needs at least {MIN_WIDTH}×{MIN_HEIGHT})",
            area.width, area.height
        );
        f.render_widget(Paragraph::new(msg).style(app.theme.style(Slot::Warn)), area);
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, header, app);
    match app.screen {
        Screen::Fleet => panes::fleet::render(f, body, app),
        Screen::Cluster(_) => panes::cluster::render(f, body, app),
    }
    draw_footer(f, footer, app);
    panes::overlays::render(f, body, app);
}

fn draw_header(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let (mut ready, mut bad, mut other) = (0, 0, 0);
    for c in &app.model.clusters {
        match c.state() {
            ClusterState::Ready => ready += 1,
            ClusterState::Unreachable { .. } | ClusterState::Degraded(_) => bad += 1,
            _ => other += 1,
        }
    }
    let mut spans = vec![
        Span::styled(" fleetdeck ", t.style(Slot::Title)),
        Span::styled(
            format!("│ {} clusters: ", app.model.clusters.len()),
            t.style(Slot::Dim),
        ),
        Span::styled(format!("{ready} ready"), t.style(Slot::Ok)),
    ];
    if bad > 0 {
        spans.push(Span::styled(
            format!(" · {bad} unhealthy"),
            t.style(Slot::Err),
        ));
    }
    if other > 0 {
        spans.push(Span::styled(
            format!(" · {other} connecting"),
            t.style(Slot::Dim),
        ));
    }
    if app.readonly {
        spans.push(Span::styled("  [READONLY]", t.style(Slot::Warn)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
    let clock = crate::sources::parse::format_rfc3339(app.now);
    let clock = clock.get(11..19).unwrap_or("").to_string() + "Z ";
    f.render_widget(
        Paragraph::new(Span::styled(clock, t.style(Slot::Dim)))
            .alignment(ratatui::layout::Alignment::Right),
        area,
    );
}

fn draw_footer(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    if let Some(s) = &app.status {
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {}", s.text), tone_style(t, s.tone))),
            area,
        );
        return;
    }
    let hints: &[Action] = match app.screen {
        Screen::Fleet => &[
            Action::Select,
            Action::Cordon,
            Action::Uncordon,
            Action::Palette,
            Action::Help,
            Action::Quit,
        ],
        Screen::Cluster(_) => &[
            Action::NextTab,
            Action::Filter,
            Action::SortNext,
            Action::Yaml,
            Action::Back,
            Action::Palette,
            Action::Help,
        ],
    };
    let mut spans = vec![Span::raw(" ")];
    for a in hints {
        let keys = app.keymap.keys_for(*a);
        let Some(k) = keys.first() else { continue };
        spans.push(Span::styled(k.clone(), t.style(Slot::Accent)));
        spans.push(Span::styled(
            format!(" {}  ", a.name().replace('_', " ")),
            t.style(Slot::Dim),
        ));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Render a frame into a plain-text grid (for `snapshot` and tests).
pub fn to_text(app: &mut App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut term = ratatui::Terminal::new(backend).expect("test backend");
    term.draw(|f| draw(f, app)).expect("draw");
    let buf = term.backend().buffer();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        for x in 0..width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
