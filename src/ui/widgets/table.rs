//! Renders a [`TableView`]: only the visible window of rows is turned into widgets, so a frame
//! costs the same at 100 rows or 100,000.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Text;
use ratatui::widgets::{Block, Cell, Row as TRow, Table, TableState};

use crate::config::theme::{Slot, Theme};
use crate::views::{Column, Row, SortSpec, TableView, Tone};

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

/// Rows of table body that fit in `area` (borders and header take 3 lines).
pub fn body_rows(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// A whole table: windowed here so that `selected` is on screen.
pub fn render(
    f: &mut Frame,
    area: Rect,
    table: &TableView,
    selected: usize,
    sort: Option<&SortSpec>,
    theme: &Theme,
    block: Block,
) {
    let start = window_start(selected, body_rows(area));
    let end = (start + body_rows(area)).min(table.rows.len());
    let window = Window {
        rows: &table.rows[start.min(end)..end],
        start,
        len: table.rows.len(),
    };
    render_window(
        f,
        area,
        &table.columns,
        window,
        selected,
        sort,
        theme,
        block,
    );
}

/// The rows on screen of a longer list.
pub struct Window<'a> {
    pub rows: &'a [Row],
    /// Position of `rows[0]` in the list.
    pub start: usize,
    /// Length of the whole list.
    pub len: usize,
}

/// Render rows already cut to the screen: `window.start` should be
/// `window_start(selected, body_rows(area))`.
#[allow(clippy::too_many_arguments)]
pub fn render_window(
    f: &mut Frame,
    area: Rect,
    columns: &[Column],
    window: Window,
    selected: usize,
    sort: Option<&SortSpec>,
    theme: &Theme,
    block: Block,
) {
    let visible = window.rows;
    let start = window.start;

    // Widths: the column's minimum, grown to its widest visible cell; the last one fills.
    let ncol = columns.len();
    let widths: Vec<Constraint> = columns
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

    let header = TRow::new(columns.iter().enumerate().map(|(i, c)| {
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
        TRow::new(
            r.cells
                .iter()
                .map(|c| Cell::from(Text::raw(c.text.as_str()))),
        )
        .style(tone_style(theme, r.tone))
    });
    let mut state = TableState::default();
    if window.len > 0 {
        state.select(Some(selected.min(window.len - 1) - start));
    }
    let t = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(2)
        .row_highlight_style(theme.selected().add_modifier(Modifier::BOLD));
    f.render_stateful_widget(t, area, &mut state);
}
