//! A table of one kind from the model's stores, on one cluster or the whole fleet: the sorted,
//! filtered index kept up to date incrementally; the selection follows its row; only the rows
//! on screen are formatted.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::Value;

use super::nav::{Moved, Nav};
use super::pane::Cx;
use super::widgets::table::{self, Window};
use crate::config::keymap::Action;
use crate::config::theme::Slot;
use crate::fleet::{FleetModel, Kind, ObjKey, Ts};
use crate::views::{ObjRef, RowRef, Scope, SortSpec, TableDef, TableIndex, table_def};

pub struct KindTable {
    def: Arc<dyn TableDef>,
    scope: Scope,
    index: Option<TableIndex>,
    pub nav: Nav,
    /// The selected row and its object, so the selection follows it as rows move (a slot
    /// freed and taken by another object is not followed).
    picked: Option<(RowRef, ObjKey)>,
    /// An object to select once it is listed.
    want: Option<(usize, ObjKey)>,
    page: usize,
}

impl KindTable {
    pub fn new(kind: Kind, scope: Scope) -> Self {
        let fleet = scope == Scope::Fleet;
        KindTable {
            def: table_def(kind, fleet),
            scope,
            index: None,
            nav: Nav::sorted_by(0, false),
            picked: None,
            want: None,
            page: 20,
        }
    }

    pub fn kind(&self) -> Kind {
        self.def.kind()
    }

    fn sort(&self) -> SortSpec {
        self.nav.sort.clone().unwrap_or_default()
    }

    /// Bring the index up to date; keep the selection on its row (or within the rows).
    pub fn refresh(&mut self, m: &FleetModel, now: Ts) -> &TableIndex {
        let sort = self.sort();
        match &mut self.index {
            Some(ix) => {
                ix.refresh(m, &sort, &self.nav.filter, now);
            }
            None => {
                self.index = Some(TableIndex::new(
                    m,
                    self.def.clone(),
                    self.scope,
                    &sort,
                    &self.nav.filter,
                    now,
                ))
            }
        }
        let ix = self.index.as_ref().expect("built");
        if let Some((cluster, key)) = self.want.take() {
            match ix.position(m, cluster, &key) {
                Some(p) => self.nav.selected = p,
                None if ix.total() == 0 => self.want = Some((cluster, key)),
                None => {}
            }
        } else if let Some((r, key)) = &self.picked
            && ix.rows().get(self.nav.selected) != Some(r)
            && let Some(p) = ix.rows().iter().position(|x| x == r)
            && ix.def().key(m, *r).as_ref() == Some(key)
        {
            self.nav.selected = p;
        }
        self.nav.clamp(ix.len());
        self.picked = ix
            .rows()
            .get(self.nav.selected)
            .and_then(|r| Some((*r, ix.def().key(m, *r)?)));
        self.index.as_ref().expect("built")
    }

    /// Select the object once it is listed.
    pub fn select(&mut self, cluster: usize, key: ObjKey) {
        self.want = Some((cluster, key));
    }

    /// The selected object.
    pub fn selected(&mut self, m: &FleetModel, now: Ts) -> Option<ObjRef> {
        self.refresh(m, now);
        let ix = self.index.as_ref()?;
        let r = *ix.rows().get(self.nav.selected)?;
        Some(ObjRef {
            cluster: r.cluster(),
            kind: ix.def().kind(),
            key: ix.def().key(m, r)?,
        })
    }

    /// Table and filter keys; `Moved::No` for the pane's own.
    pub fn on_action(&mut self, a: Action, cx: &Cx) -> Moved {
        let (len, ncol) = {
            let ix = self.refresh(cx.model, cx.now);
            (ix.len(), ix.def().columns().len())
        };
        let before = self.nav.selected;
        let moved = self.nav.on_action(a, len, ncol, self.page);
        if moved == Moved::Done && self.nav.selected != before {
            self.picked = None;
        }
        moved
    }

    /// Every row (for `snapshot --json`), in order.
    pub fn rows_json(&mut self, m: &FleetModel, now: Ts) -> Vec<Value> {
        let ix = self.refresh(m, now);
        ix.rows()
            .iter()
            .filter_map(|r| ix.def().json(m, *r))
            .collect()
    }

    /// Rows shown / before the filter.
    pub fn counts(&mut self, m: &FleetModel, now: Ts) -> (usize, usize) {
        let ix = self.refresh(m, now);
        (ix.len(), ix.total())
    }

    /// The table in `area` with `title` on its border, the filter line under it.
    pub fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx, title: Line<'_>) {
        let [body, filter_area] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let rows_on_screen = table::body_rows(body);
        self.page = rows_on_screen.max(1);
        let (m, now) = (cx.model, cx.now);
        self.refresh(m, now);
        let ix = self.index.as_ref().expect("refreshed");
        let len = ix.len();
        let sel = self.nav.selected.min(len.saturating_sub(1));
        let start = table::window_start(sel, rows_on_screen);
        let end = (start + rows_on_screen).min(len);
        let rows: Vec<_> = ix.rows()[start.min(end)..end]
            .iter()
            .filter_map(|r| ix.def().format(m, *r, now))
            .collect();
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(cx.theme.style(Slot::BorderFocus))
            .title(title);
        let sort = self.sort();
        table::render(
            f,
            body,
            ix.def().columns(),
            Window {
                rows: &rows,
                start,
                len,
            },
            sel,
            Some(&sort),
            cx.theme,
            block,
        );
        f.render_widget(Paragraph::new(self.nav.filter_line(cx)), filter_area);
    }
}
