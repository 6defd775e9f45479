//! Draws a table: columns laid out to the width (low-priority columns drop out whole when it is
//! narrow; none is cut below its minimum), only the rows on screen, the selected one highlighted.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Text};
use ratatui::widgets::{Block, Cell, Row as TRow, Table, TableState};
use unicode_width::UnicodeWidthStr;

use crate::config::theme::{Slot, Theme};
use crate::kinds::{Align, ColMeta, Tone};
use crate::views::{Row, SortSpec};

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

/// A free-text column this wide reads well: less important columns drop out before it is cut
/// below this.
const COMFORTABLE: u16 = 40;

fn width(s: &str) -> u16 {
    UnicodeWidthStr::width(s).min(u16::MAX as usize) as u16
}

/// Which columns show, and how wide: `(column index, width)`, left to right, and the spacing.
///
/// Each column wants its widest visible text (at most its max). A column is shown whole or not
/// at all, except free-text ([`ColMeta::flex`]) columns, which may be cut to their min. While the
/// columns do not fit, the one with the highest priority number drops out (the rightmost among
/// equals); priority 0 never does: if those alone are too wide, they are cut, never below their
/// min. Room left over goes to the free-text columns.
pub fn layout(
    columns: &[ColMeta],
    rows: &[Row],
    total: u16,
    sort: Option<usize>,
) -> (Vec<(usize, u16)>, u16) {
    let want: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let head = width(c.header) + u16::from(sort == Some(i));
            let text = rows
                .iter()
                .map(|r| r.cells.get(i).map_or(0, |t| width(t)))
                .max()
                .unwrap_or(0);
            text.min(c.max).max(head)
        })
        .collect();
    // How narrow a column may get: its whole text; a free-text column its min, or (while
    // columns less important than it can still make room) a comfortable width.
    let floor = |i: usize, comfortable: bool| -> u16 {
        let c = &columns[i];
        if !c.flex {
            return want[i];
        }
        let min = c.min.max(width(c.header));
        want[i].min(if comfortable {
            min.max(COMFORTABLE)
        } else {
            min
        })
    };
    let need = |shown: &[usize], spacing: u16, comfortable: bool| -> u32 {
        shown
            .iter()
            .map(|i| u32::from(floor(*i, comfortable)))
            .sum::<u32>()
            + u32::from(spacing) * shown.len().saturating_sub(1) as u32
    };
    // The most important free-text column: columns less important than it drop out before it
    // is cut below a comfortable width.
    let flex_priority = columns.iter().filter(|c| c.flex).map(|c| c.priority).min();
    // Drop the least important columns until the rest fit: first keeping the free text
    // comfortable (dropping only columns less important than it); if that is not enough, from
    // all the columns again, free text cut to its min.
    let fit = |spacing: u16| -> Vec<usize> {
        for comfortable in [true, false] {
            let mut shown: Vec<usize> = (0..columns.len()).collect();
            while need(&shown, spacing, comfortable) > u32::from(total) {
                let drop = shown
                    .iter()
                    .enumerate()
                    .filter(|(_, i)| {
                        let p = columns[**i].priority;
                        p > 0 && (!comfortable || flex_priority.is_some_and(|f| p > f))
                    })
                    .max_by_key(|(pos, i)| (columns[**i].priority, *pos))
                    .map(|(pos, _)| pos);
                match drop {
                    Some(pos) => {
                        shown.remove(pos);
                    }
                    None => break,
                }
            }
            if !comfortable || need(&shown, spacing, true) <= u32::from(total) {
                return shown;
            }
        }
        unreachable!("the second pass returns")
    };
    let wide = fit(2);
    let (shown, spacing) = if wide.len() == columns.len() {
        (wide, 2)
    } else {
        let narrow = fit(1);
        if narrow.len() > wide.len() {
            (narrow, 1)
        } else {
            (wide, 2)
        }
    };
    let comfortable = need(&shown, spacing, true) <= u32::from(total);
    let floor = |i: usize| floor(i, comfortable);
    let need = |shown: &[usize], spacing: u16| need(shown, spacing, comfortable);
    let mut widths: Vec<u16> = shown.iter().map(|i| floor(*i)).collect();
    let used = need(&shown, spacing);
    if used > u32::from(total) {
        // Only the must-show columns left, and too wide: cut them, never below their min.
        let mut over = used - u32::from(total);
        for (p, i) in shown.iter().enumerate().rev() {
            let min = columns[*i].min.min(widths[p]);
            let cut = u32::from(widths[p] - min).min(over);
            widths[p] -= cut as u16;
            over -= cut;
        }
        return (shown.into_iter().zip(widths).collect(), spacing);
    }
    let mut left = u32::from(total) - used;
    let mut grow_order: Vec<usize> = (0..shown.len()).collect();
    grow_order.sort_by_key(|p| (columns[shown[*p]].priority, *p));
    for p in grow_order {
        let grow = u32::from(want[shown[p]] - widths[p]).min(left);
        widths[p] += grow as u16;
        left -= grow;
    }
    // The rest to the last free-text column (a column of numbers stays where it is).
    if let Some(p) = (0..shown.len()).rev().find(|p| columns[shown[*p]].flex) {
        widths[p] = widths[p].saturating_add(left as u16);
    }
    (shown.into_iter().zip(widths).collect(), spacing)
}

/// `text` cut to `w` columns with an ellipsis, aligned.
pub fn fit_text(text: &str, w: u16, align: Align) -> String {
    let w = w as usize;
    let tw = UnicodeWidthStr::width(text);
    if tw <= w {
        return match align {
            Align::Left => text.to_string(),
            Align::Right => format!("{}{text}", " ".repeat(w - tw)),
        };
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + cw > w - 1 {
            break;
        }
        out.push(ch);
        used += cw;
    }
    out.push('…');
    out
}

/// The rows on screen of a longer list.
pub struct Window<'a> {
    pub rows: &'a [Row],
    /// Position of `rows[0]` in the list.
    pub start: usize,
    /// Length of the whole list.
    pub len: usize,
}

/// Draw rows already cut to the screen: `window.start` should be
/// `window_start(selected, body_rows(area))`.
#[allow(clippy::too_many_arguments)]
pub fn render(
    f: &mut Frame,
    area: Rect,
    columns: &[ColMeta],
    window: Window,
    selected: usize,
    sort: Option<&SortSpec>,
    theme: &Theme,
    block: Block,
) {
    let inner = block.inner(area);
    let sort_col = sort.map(|s| s.column);
    let (shown, spacing) = layout(columns, window.rows, inner.width, sort_col);
    let header = TRow::new(shown.iter().map(|(i, w)| {
        let c = &columns[*i];
        let mark = match sort {
            Some(s) if s.column == *i => {
                if s.reverse {
                    "↓"
                } else {
                    "↑"
                }
            }
            _ => "",
        };
        Cell::from(fit_text(&format!("{}{mark}", c.header), *w, c.align))
    }))
    .style(theme.header());
    let rows = window.rows.iter().map(|r| {
        TRow::new(shown.iter().map(|(i, w)| {
            let text = r.cells.get(*i).map_or("", String::as_str);
            Cell::from(Text::from(Line::raw(fit_text(text, *w, columns[*i].align))))
        }))
        .style(tone_style(theme, r.tone))
    });
    let mut state = TableState::default();
    if window.len > 0 {
        state.select(Some(selected.min(window.len - 1) - window.start));
    }
    let widths: Vec<Constraint> = shown.iter().map(|(_, w)| Constraint::Length(*w)).collect();
    let t = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(spacing)
        .row_highlight_style(theme.selected().add_modifier(Modifier::BOLD));
    f.render_stateful_widget(t, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(id: &'static str, min: u16, max: u16, priority: u8) -> ColMeta {
        ColMeta {
            id,
            header: id,
            min,
            max,
            priority,
            align: Align::Left,
            age: false,
            flex: false,
        }
    }

    fn row(cells: &[&str]) -> Row {
        Row {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            tone: Tone::Normal,
        }
    }

    #[test]
    fn low_priority_columns_drop_whole_and_the_name_keeps_its_min() {
        let mut msg = col("msg", 10, 80, 1);
        msg.flex = true;
        let cols = [
            col("name", 12, 40, 0),
            col("b", 8, 8, 2),
            col("c", 10, 10, 3),
            msg,
        ];
        let rows = [row(&[
            "prod-us-east-cluster",
            "12345678",
            "0123456789",
            &"m".repeat(60),
        ])];
        let ids = |s: &[(usize, u16)]| s.iter().map(|(i, _)| *i).collect::<Vec<_>>();
        let (shown, _) = layout(&cols, &rows, 120, None);
        assert_eq!(ids(&shown), [0, 1, 2, 3]);
        assert_eq!(shown[0].1, 20, "the name whole");
        // Narrower: the message is cut before anything drops; then c, then b drop out whole.
        let (shown, _) = layout(&cols, &rows, 60, None);
        assert_eq!(ids(&shown), [0, 1, 2, 3]);
        assert!(shown[3].1 < 60);
        let (shown, _) = layout(&cols, &rows, 45, None);
        assert_eq!(ids(&shown), [0, 1, 3]);
        assert_eq!(shown[0].1, 20);
        let (shown, _) = layout(&cols, &rows, 31, None);
        assert_eq!(ids(&shown), [0, 3]);
        // Only the name left, too wide: cut, but not below its min.
        let (shown, _) = layout(&cols, &rows, 8, None);
        assert_eq!(ids(&shown), [0]);
        assert_eq!(shown[0].1, 12);
    }

    #[test]
    fn short_text_takes_little_room_and_long_text_gets_an_ellipsis() {
        assert_eq!(fit_text("prod-eu", 5, Align::Left), "prod…");
        assert_eq!(fit_text("42", 5, Align::Right), "   42");
        let cols = [col("name", 12, 40, 0), col("n", 3, 8, 1)];
        let (shown, _) = layout(&cols, &[row(&["a", "1"])], 40, None);
        assert_eq!(shown[0].1, 4, "the name column is as wide as its header");
    }
}
