//! One frame: the background, a header with the breadcrumb and fleet health, the focused pane,
//! a footer with its commands (or the status), the overlays.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::app::App;
use super::widgets::table::tone_style;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::ClusterState;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 12;

pub fn draw(f: &mut Frame, app: &mut App) {
    let area = f.area();
    f.render_widget(Block::default().style(app.theme().base()), area);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "terminal too small: {}×{} (fleetdeck needs at least {MIN_WIDTH}×{MIN_HEIGHT})",
            area.width, area.height
        );
        f.render_widget(
            Paragraph::new(msg).style(app.theme().style(Slot::Warn)),
            area,
        );
        return;
    }
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_header(f, header, app);
    app.render_body(f, body);
    draw_footer(f, footer, app);
}

/// ` 19:29:30Z ` at the header's right.
const CLOCK_WIDTH: usize = 10;

fn draw_header(f: &mut Frame, area: Rect, app: &App) {
    let t = app.theme();
    let (mut ready, mut bad, mut other) = (0, 0, 0);
    for c in &app.model().clusters {
        match c.state() {
            ClusterState::Ready => ready += 1,
            ClusterState::Unreachable { .. } | ClusterState::Degraded(_) => bad += 1,
            _ => other += 1,
        }
    }
    let mut tail = vec![Span::styled(
        format!(" │ {} clusters: ", app.model().clusters.len()),
        t.style(Slot::Dim),
    )];
    tail.push(Span::styled(format!("{ready} ready"), t.style(Slot::Ok)));
    if bad > 0 {
        tail.push(Span::styled(
            format!(" · {bad} unhealthy"),
            t.style(Slot::Err),
        ));
    }
    if other > 0 {
        tail.push(Span::styled(
            format!(" · {other} connecting"),
            t.style(Slot::Dim),
        ));
    }
    if app.readonly() {
        tail.push(Span::styled("  [READONLY]", t.style(Slot::Warn)));
    }
    // The clock keeps its place: the breadcrumb loses its first crumbs (shown as …) rather
    // than the clusters' state or [READONLY] running under it.
    let avail = (area.width as usize).saturating_sub(CLOCK_WIDTH + 1);
    let width = |spans: &[Span]| spans.iter().map(Span::width).sum::<usize>();
    let mut crumbs = app.breadcrumb();
    let mut elided = false;
    let mut spans = loop {
        let mut spans = vec![Span::styled(" fleetdeck ", t.style(Slot::Title))];
        let n = crumbs.len();
        if elided {
            spans.push(Span::styled("│ … › ", t.style(Slot::Dim)));
        }
        for (i, c) in crumbs.iter().enumerate() {
            let sep = match (i, elided) {
                (0, false) => "│ ",
                (0, true) => "",
                _ => " › ",
            };
            spans.push(Span::styled(sep, t.style(Slot::Dim)));
            let slot = if i + 1 == n { Slot::Accent } else { Slot::Dim };
            spans.push(Span::styled(c.clone(), t.style(slot)));
        }
        let over = (width(&spans) + width(&tail)).saturating_sub(avail);
        if over == 0 {
            break spans;
        }
        if crumbs.len() > 1 {
            crumbs.remove(0);
            elided = true;
            continue;
        }
        // One crumb left, still too long: it loses its end.
        let keep = crumbs[0].chars().count().saturating_sub(over + 1);
        if keep == 0 {
            break spans;
        }
        crumbs[0] = crumbs[0].chars().take(keep).collect::<String>() + "…";
    };
    spans.extend(tail);
    let area_left = Rect {
        width: area.width.saturating_sub(CLOCK_WIDTH as u16 + 1),
        ..area
    };
    f.render_widget(Paragraph::new(Line::from(spans)), area_left);
    let clock = crate::sources::parse::format_rfc3339(app.now());
    let clock = clock.get(11..19).unwrap_or("").to_string() + "Z ";
    f.render_widget(
        Paragraph::new(Span::styled(clock, t.style(Slot::Dim))).alignment(Alignment::Right),
        area,
    );
}

fn draw_footer(f: &mut Frame, area: Rect, app: &App) {
    let t = app.theme();
    if let Some(s) = app.status() {
        let style = match s.tone {
            crate::kinds::Tone::Normal => t.style(Slot::Info),
            tone => tone_style(t, tone),
        };
        f.render_widget(
            Paragraph::new(Span::styled(format!(" {}", s.text), style)),
            area,
        );
        return;
    }
    let layer = app.layer();
    let km = app.keymap();
    let mut hints: Vec<(String, String)> = Vec::new();
    for c in app.commands().into_iter().filter(|c| c.footer) {
        if let Some(k) = km.hint(layer, c.action) {
            hints.push((k, c.label));
        }
    }
    if !layer.takes_text() && !matches!(layer, Layer::Confirm | Layer::Chooser) {
        let mut globals = vec![];
        if app.depth() > 1 || !app.overlays().is_empty() {
            globals.push((Action::Back, "back"));
        }
        globals.extend([
            (Action::Palette, "palette"),
            (Action::Help, "help"),
            (Action::Quit, "quit"),
        ]);
        for (a, label) in globals {
            if let Some(k) = km.keys_for(Layer::Global, a).first() {
                hints.push((k.clone(), label.to_string()));
            }
        }
    }
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for (k, label) in hints {
        let w = k.chars().count() + label.chars().count() + 3;
        if used + w > area.width as usize {
            break;
        }
        used += w;
        spans.push(Span::styled(k, t.style(Slot::Accent)));
        spans.push(Span::styled(format!(" {label}  "), t.style(Slot::Dim)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draw a frame into a `width`×`height` test buffer.
fn frame(app: &mut App, width: u16, height: u16) -> ratatui::buffer::Buffer {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut term = ratatui::Terminal::new(backend).expect("test backend");
    term.draw(|f| draw(f, app)).expect("draw");
    term.backend().buffer().clone()
}

/// Row `y` of a frame as text.
fn text_line(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    let mut line = String::new();
    for x in 0..buf.area.width {
        line.push_str(buf[(x, y)].symbol());
    }
    line.trim_end().to_string()
}

/// A frame as plain text (for `snapshot` and tests).
pub fn to_text(app: &mut App, width: u16, height: u16) -> String {
    let buf = frame(app, width, height);
    (0..height).map(|y| text_line(&buf, y) + "\n").collect()
}

fn color(c: Color) -> String {
    match c {
        Color::Reset => "-".into(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => format!("@{i}"),
        other => format!("{other:?}"),
    }
}

/// A frame with its styles: each line's text, then one line per run of cells with the same
/// style (`  x..x fg/bg +modifiers`). For the per-theme snapshots: colours, not only text.
pub fn to_styled(app: &mut App, width: u16, height: u16) -> String {
    let buf = frame(app, width, height);
    let mut out = String::new();
    for y in 0..height {
        out.push_str(&format!("{:2}|{}\n", y, text_line(&buf, y)));
        let mut x = 0;
        while x < width {
            let c = &buf[(x, y)];
            let style = (c.fg, c.bg, c.modifier);
            let start = x;
            while x < width && {
                let d = &buf[(x, y)];
                (d.fg, d.bg, d.modifier) == style
            } {
                x += 1;
            }
            let m = if style.2 == Modifier::empty() {
                String::new()
            } else {
                format!(" +{:?}", style.2)
            };
            out.push_str(&format!(
                "    {start}..{} {}/{}{m}\n",
                x - 1,
                color(style.0),
                color(style.1)
            ));
        }
    }
    out
}
