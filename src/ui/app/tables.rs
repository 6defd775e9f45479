//! The cluster view's table cache: sorted, filtered row indexes of recently seen tabs, kept up
//! to date incrementally; a frame formats only the rows on screen.

use super::App;
use crate::fleet::{Kind, ObjKey};
use crate::ui::state::Screen;
use crate::views::{self, TableIndex, TableView};

/// Row indexes kept for recently seen cluster tabs (most recent last).
const TABLE_CACHE: usize = 4;

impl App {
    /// The cluster view's rows, sorted and filtered: an index brought up to date with what
    /// changed since the last call (nothing to do when nothing changed). Formats nothing.
    pub fn cluster_index(&mut self) -> Option<&TableIndex> {
        let Screen::Cluster(cv) = &self.screen else {
            return None;
        };
        let c = self.model.cluster(cv.id)?;
        let cached = (self.tables.iter()).position(|t| t.cluster == cv.id && t.tab == cv.tab);
        let ix = match cached {
            Some(i) => {
                let mut ix = self.tables.remove(i);
                ix.refresh(c, &cv.sort, &cv.filter, self.now);
                ix
            }
            None => TableIndex::new(c, cv.id, cv.tab, &cv.sort, &cv.filter, self.now),
        };
        if self.tables.len() >= TABLE_CACHE {
            self.tables.remove(0);
        }
        self.tables.push(ix);
        self.tables.last()
    }

    /// Rows `start..start + len` of the cluster view, formatted: what a frame shows.
    pub fn cluster_window(&mut self, start: usize, len: usize) -> Option<TableView> {
        self.cluster_index()?;
        let ix = self.tables.last()?;
        let c = self.model.cluster(ix.cluster)?;
        let end = start.saturating_add(len).min(ix.len());
        let refs = &ix.rows()[start.min(end)..end];
        Some(TableView {
            columns: views::format::columns(ix.tab),
            rows: views::cluster::format_rows(c, ix.tab, refs, self.now),
            total: ix.total(),
        })
    }

    /// The cluster view's whole table, every row formatted: O(rows), for tests and tools (panes
    /// format only the rows on screen, see [`App::cluster_window`]).
    pub fn cluster_table(&mut self) -> Option<TableView> {
        let n = self.cluster_index()?.len();
        self.cluster_window(0, n)
    }

    /// Kind and key of the row at `pos` of the cluster view.
    pub fn cluster_object(&mut self, pos: usize) -> Option<(Kind, ObjKey)> {
        self.cluster_index()?;
        let ix = self.tables.last()?;
        let c = self.model.cluster(ix.cluster)?;
        let v = views::cluster::view(c, ix.tab, *ix.rows().get(pos)?)?;
        Some((v.kind(), v.obj_key()))
    }

    /// Position of `key` among the cluster view's rows.
    pub(super) fn cluster_position(&mut self, key: &ObjKey) -> Option<usize> {
        self.cluster_index()?;
        let ix = self.tables.last()?;
        ix.position(self.model.cluster(ix.cluster)?, key)
    }
}
