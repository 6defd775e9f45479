//! Renders a [`TableView`]: only the visible window of rows is turned into widgets, so a frame
//! costs the same at 100 rows or 100,000.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Text;
use ratatui::widgets::{Block, Cell, Row, Table, TableState};

use crate::config::theme::{Slot, Theme};
use crate::views::{SortSpec, TableView, Tone};

pub fn tone_style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Normal => theme.style(Slot::Fg),
        Tone::Ok => theme.style(Slot::Ok),
        Tone::Warn => theme.style(Slot::Warn),
        Tone::Err => theme.style(Slot::Err),
        Tone::Dim => theme.style(Slot::Dim),
    }
}

/// First visible row so that `selected` is on screen.
pub fn window_start(selected: usize, height: usize) -> usize {
    if height == 0 {
        return 0;
    }
    selected.saturating_sub(height - 1)
}

pub fn render(
    f: &mut Frame,
    area: Rect,
    table: &TableView,
    selected: usize,
    sort: Option<&SortSpec>,
    theme: &Theme,
    block: Block,
) {
    let inner_h = area.height.saturating_sub(3) as usize; // borders + header
    let start = window_start(selected, inner_h);
    let end = (start + inner_h).min(table.rows.len());
    let visible = &table.rows[start.min(end)..end];

    // Widths: the column's minimum, grown to its widest visible cell; the last one fills.
    let ncol = table.columns.len();
    let widths: Vec<Constraint> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i + 1 == ncol {
                return Constraint::Fill(1);
            }
            let widest = visible
                .iter()
                .map(|r| r.cells[i].text.chars().count())
                .max()
                .unwrap_or(0)
                .max(c.title.len() + 1);
            Constraint::Length((widest as u16).clamp(c.width.min(widest as u16), 48))
        })
        .collect();

    let header = Row::new(table.columns.iter().enumerate().map(|(i, c)| {
        let mark = match sort {
            Some(s) if s.column == i => {
                if s.reverse {
                    "↓"
                } else {
                    "↑"
                }
            }
            _ => "",
        };
        Cell::from(format!("{}{mark}", c.title))
    }))
    .style(theme.header());

    let rows = visible.iter().map(|r| {
        Row::new(
            r.cells
                .iter()
                .map(|c| Cell::from(Text::raw(c.text.as_str()))),
        )
        .style(tone_style(theme, r.tone))
    });
    let mut state = TableState::default();
    if !table.rows.is_empty() {
        state.select(Some(selected.min(table.rows.len() - 1) - start));
    }
    let t = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(2)
        .row_highlight_style(theme.selected().add_modifier(Modifier::BOLD));
    f.render_stateful_widget(t, area, &mut state);
}
