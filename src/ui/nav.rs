//! What every table pane does with the keys of the `table` and `filter` layers: move the
//! selection, sort, and type a `/` filter (enter keeps it, esc clears it).

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::pane::Cx;
use crate::config::keymap::{Action, Layer, typed_char};
use crate::config::theme::Slot;
use crate::views::SortSpec;

/// Selection, sort and filter of one table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Nav {
    pub selected: usize,
    /// None: the table's own order.
    pub sort: Option<SortSpec>,
    pub filter: String,
    /// Typing the filter.
    pub editing: bool,
}

/// What a key did to the [`Nav`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Moved {
    /// Handled; the pane has nothing more to do.
    Done,
    /// Not a navigation key: the pane's own.
    No,
}

impl Nav {
    pub fn sorted_by(column: usize, reverse: bool) -> Self {
        Nav {
            sort: Some(SortSpec { column, reverse }),
            ..Nav::default()
        }
    }

    pub fn layer(&self) -> Layer {
        if self.editing {
            Layer::Filter
        } else {
            Layer::Table
        }
    }

    /// Keep the selection within `len` rows (the table may have shrunk).
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Moves, sort and filter keys. `len`: rows now; `columns`: how many.
    pub fn on_action(&mut self, a: Action, len: usize, columns: usize, page: usize) -> Moved {
        let last = len.saturating_sub(1);
        let page = page.max(1);
        match a {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + page).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(page),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = last,
            Action::SortNext => {
                let s = self.sort.get_or_insert_with(SortSpec::default);
                s.column = (s.column + 1) % columns.max(1);
            }
            Action::SortReverse => {
                let s = self.sort.get_or_insert_with(SortSpec::default);
                s.reverse = !s.reverse;
            }
            Action::Filter => self.editing = true,
            // The filter layer.
            Action::Accept => self.editing = false,
            Action::Cancel => {
                self.filter.clear();
                self.editing = false;
                self.selected = 0;
            }
            Action::Clear => {
                self.filter.clear();
                self.selected = 0;
            }
            _ => return Moved::No,
        }
        Moved::Done
    }

    /// A key typed into the filter.
    pub fn on_text(&mut self, ev: &KeyEvent) {
        if !self.editing {
            return;
        }
        match (ev.code, typed_char(ev)) {
            (KeyCode::Backspace, _) => {
                self.filter.pop();
            }
            (_, Some(c)) => self.filter.push(c),
            _ => return,
        }
        self.selected = 0;
    }

    /// The line under the table: the filter being typed, or the one kept.
    pub fn filter_line(&self, cx: &Cx) -> Line<'static> {
        let t = cx.theme;
        if self.editing {
            Line::from(vec![
                Span::styled("/", t.style(Slot::Accent)),
                Span::raw(self.filter.clone()),
                Span::styled("█", t.style(Slot::Accent)),
                Span::styled(
                    format!(
                        "   {}: keep · {}: clear · !term: exclude · cluster:GLOB",
                        cx.key(Layer::Filter, Action::Accept),
                        cx.key(Layer::Filter, Action::Cancel)
                    ),
                    t.style(Slot::Dim),
                ),
            ])
        } else if !self.filter.is_empty() {
            Line::from(vec![
                Span::styled("filter: ", t.style(Slot::Dim)),
                Span::styled(self.filter.clone(), t.style(Slot::Accent)),
            ])
        } else {
            Line::from("")
        }
    }
}

/// Rows a page moves: the table body's height in `area`.
pub fn page(area: Rect) -> usize {
    (area.height as usize).saturating_sub(4).max(1)
}
