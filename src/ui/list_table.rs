//! A table of rows computed for a pane (the fleet overview, folded warnings): declared columns,
//! the pane's own order unless the user sorts, the `/` filter, a selection that follows its row
//! by id.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use serde_json::{Map, Value};

use super::nav::{Moved, Nav};
use super::pane::Cx;
use super::widgets::table::{self, Window};
use crate::config::keymap::Action;
use crate::config::theme::Slot;
use crate::fleet::Ts;
use crate::kinds::{Col, Tone};
use crate::views::{Filter, Row, SortSpec, rows};

pub struct ListTable<R: 'static> {
    cols: &'static [Col<R>],
    /// A row's identity, so the selection follows it as rows move.
    id: fn(&R) -> String,
    /// A row's cluster, for `cluster:` filter terms.
    context: fn(&R) -> Option<&str>,
    tone: fn(&R) -> Tone,
    pub nav: Nav,
    picked: Option<String>,
    page: usize,
    /// The rows' version, for a pane that says when its rows change ([`Self::set_version`]).
    version: Option<u64>,
    /// The last order and what it was computed for: reused while none of it changes.
    cached: Option<(Cached, Vec<usize>)>,
}

/// What an order depends on besides the rows.
#[derive(PartialEq)]
struct Cached {
    version: u64,
    len: usize,
    filter: String,
    sort: Option<SortSpec>,
    /// The clock, when the filter reads it.
    now: Option<Ts>,
}

impl<R> ListTable<R> {
    pub fn new(
        cols: &'static [Col<R>],
        id: fn(&R) -> String,
        context: fn(&R) -> Option<&str>,
        tone: fn(&R) -> Tone,
    ) -> Self {
        ListTable {
            cols,
            id,
            context,
            tone,
            nav: Nav::default(),
            picked: None,
            page: 20,
            version: None,
            cached: None,
        }
    }

    /// The rows changed (a new `version`) or not (the same): a table told so keeps its filtered,
    /// sorted order while the version, the filter and the sort stay, instead of filtering and
    /// sorting every row for every frame.
    pub fn set_version(&mut self, version: u64) {
        self.version = Some(version);
    }

    /// The filtered, sorted order (cached when the pane gives a version).
    fn compute(&mut self, items: &[R], now: Ts) -> Vec<usize> {
        let f = Filter::parse(&self.nav.filter);
        let key = self.version.map(|version| Cached {
            version,
            len: items.len(),
            filter: self.nav.filter.clone(),
            sort: self.nav.sort.clone(),
            now: f.as_ref().filter(|f| f.uses_clock()).map(|_| now),
        });
        if let (Some(k), Some((c, order))) = (&key, &self.cached)
            && k == c
        {
            return order.clone();
        }
        let order = rows::order(
            self.cols,
            items,
            f.as_ref(),
            self.nav.sort.as_ref(),
            self.context,
            now,
        );
        if let Some(k) = key {
            self.cached = Some((k, order.clone()));
        }
        order
    }

    /// The rows of `items` shown, in order (indexes into `items`); the selection kept on its row.
    pub fn order(&mut self, items: &[R], now: Ts) -> Vec<usize> {
        let order = self.compute(items, now);
        // The picked row is most often where it was: checked first, then searched for.
        let at = |pos: usize| order.get(pos).map(|i| (self.id)(&items[*i]));
        if let Some(p) = &self.picked
            && at(self.nav.selected).as_ref() != Some(p)
            && let Some(pos) = order.iter().position(|i| (self.id)(&items[*i]) == *p)
        {
            self.nav.selected = pos;
        }
        self.nav.clamp(order.len());
        self.picked = order.get(self.nav.selected).map(|i| (self.id)(&items[*i]));
        order
    }

    /// The selected row.
    pub fn selected<'a>(&mut self, items: &'a [R], now: Ts) -> Option<&'a R> {
        let order = self.order(items, now);
        order.get(self.nav.selected).map(|i| &items[*i])
    }

    pub fn on_action(&mut self, a: Action, items: &[R], now: Ts) -> Moved {
        let len = self.order(items, now).len();
        let before = self.nav.selected;
        let moved = self.nav.on_action(a, len, self.cols.len(), self.page);
        if self.nav.selected != before {
            self.picked = None;
            self.order(items, now);
        }
        moved
    }

    pub fn rows_json(&mut self, items: &[R], now: Ts) -> Vec<Value> {
        self.order(items, now)
            .into_iter()
            .map(|i| {
                let mut o = Map::new();
                rows::json(self.cols, &items[i], &mut o);
                Value::Object(o)
            })
            .collect()
    }

    /// The table in `area` with `title`, the filter line under it. Only the rows on screen are
    /// formatted. Returns the selected row (an index into `items`).
    pub fn render(
        &mut self,
        f: &mut Frame,
        area: Rect,
        cx: &Cx,
        items: &[R],
        title: Line<'_>,
    ) -> Option<usize> {
        let [body, filter_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let on_screen = table::body_rows(body);
        self.page = on_screen.max(1);
        let order = self.order(items, cx.now);
        let sel = self.nav.selected;
        let start = table::window_start(sel, on_screen);
        let end = (start + on_screen).min(order.len());
        let shown: Vec<Row> = order[start.min(end)..end]
            .iter()
            .map(|i| Row {
                cells: rows::cells(self.cols, &items[*i], cx.now),
                tone: (self.tone)(&items[*i]),
            })
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(cx.theme.style(Slot::BorderFocus))
            .title(title);
        table::render(
            f,
            body,
            &rows::metas(self.cols),
            Window {
                rows: &shown,
                start,
                len: order.len(),
            },
            sel,
            self.nav.sort.as_ref(),
            cx.theme,
            block,
        );
        f.render_widget(Paragraph::new(self.nav.filter_line(cx)), filter_area);
        order.get(sel).copied()
    }
}

/// The Details box under a list pane's table: the selected row's lines, wrapped.
pub fn details_box(f: &mut Frame, area: Rect, lines: Vec<Line<'static>>, cx: &Cx) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(cx.theme.style(Slot::Border))
        .title(" Details ");
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        area,
    );
}
