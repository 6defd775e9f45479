//! Overlays, one file each behind the [`super::pane::Overlay`] trait; they stack (the palette
//! over a YAML view over a confirm dialog) and the top one has the focus.

pub mod chooser;
pub mod confirm;
pub mod editor;
pub mod editor_conflict;
pub mod help;
pub mod palette;
pub mod yaml;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders};

use super::pane::Cx;
use crate::config::theme::Slot;

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

/// An overlay's frame: its area painted with the theme's background (what `Clear` wiped).
pub fn block<'a>(cx: &Cx, title: impl Into<Line<'a>>) -> Block<'a> {
    Block::default()
        .style(cx.theme.base())
        .borders(Borders::ALL)
        .border_style(cx.theme.style(Slot::BorderFocus))
        .title(title)
}

/// Scroll keys of a text view (help, YAML): the new offset.
pub fn scroll(a: crate::config::keymap::Action, at: u16, page: u16) -> Option<u16> {
    use crate::config::keymap::Action::*;
    Some(match a {
        Down => at.saturating_add(1),
        Up => at.saturating_sub(1),
        PageDown => at.saturating_add(page.max(1)),
        PageUp => at.saturating_sub(page.max(1)),
        Top => 0,
        // Clamped to the text when drawn.
        Bottom => u16::MAX,
        _ => return None,
    })
}

/// A scroll offset that keeps the last page of `lines` lines in a view `height` high.
pub fn clamp_scroll(scroll: &mut u16, lines: usize, height: u16) {
    let last = lines.saturating_sub(height.saturating_sub(2) as usize);
    *scroll = (*scroll).min(last.min(u16::MAX as usize) as u16);
}
