//! One binding's chain on one screen (Enter on a propagation row): the template, its policy,
//! the binding and every Karmada cluster of the control plane — the targets with the member's
//! live object, the Work and Karmada's view of the cluster, and the others with why the
//! workload is not there. ↑/↓ move between what can be opened: Enter goes there (a member's tab
//! with the object selected, the control plane's tab of the template or the binding; the
//! policy opens as YAML), `y` shows the YAML. Opened as `propagation:CONTEXT/KIND/NS/NAME`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use serde_json::Value;

use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::{ClusterId, FleetModel, ObjKey};
use crate::ui::pane::{Command, Cx, Effect, Pane};
use crate::ui::widgets::table::tone_style;
use crate::ui::widgets::wrap::wrap;
use crate::views::propagation::PropRow;
use crate::views::propagation_detail::{Detail, Item, Link, find_binding};

#[path = "propagation_detail_go.rs"]
mod go;

/// The label column (`Template `) and the selection mark before it.
const LABEL: usize = 9;
const MARK: usize = 2;

pub struct PropagationDetailPane {
    /// The control plane and the binding.
    cp: ClusterId,
    key: ObjKey,
    /// What the pane was opened on (`CONTEXT/KIND/NS/NAME`), for its name when the binding is
    /// gone.
    id: String,
    detail: Option<Detail>,
    /// The model generation the detail was built at.
    generation: u64,
    /// The selected item, among all items (always a selectable one when there is one).
    sel: usize,
    /// The first row shown, how many fit, and each item's first row (from the last frame).
    scroll: usize,
    page: usize,
    item_rows: Vec<usize>,
}

impl PropagationDetailPane {
    /// The detail of a propagation row; None when its binding cannot be found.
    pub fn of_row(r: &PropRow, m: &FleetModel) -> Option<Self> {
        let key = find_binding(m, r.cluster, &r.kind, r.namespace.as_deref(), &r.name)?;
        Some(Self::new(m, r.cluster, key, r.id()))
    }

    /// `CONTEXT/KIND/NS/NAME` (the propagation rows' ids; NS empty for a cluster-scoped
    /// template): the context may hold slashes itself, so it is what is left of the last three.
    pub fn open(id: &str, m: &FleetModel) -> Result<Self, String> {
        let mut parts = id.rsplitn(4, '/');
        let (Some(name), Some(ns), Some(kind), Some(ctx)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(format!(
                "propagation:{id}: expected CONTEXT/KIND/NAMESPACE/NAME (NAMESPACE empty for a cluster-scoped template: CONTEXT/Namespace//shop)"
            ));
        };
        let (cp, _) = m
            .cluster_by_context(ctx)
            .ok_or_else(|| format!("propagation: no context {ctx:?}"))?;
        let ns = Some(ns).filter(|n| !n.is_empty());
        let key = find_binding(m, cp, kind, ns, name).ok_or_else(|| {
            let obj = ns.map_or(name.to_string(), |ns| format!("{ns}/{name}"));
            format!("propagation: no binding of {kind} {obj} on {ctx}")
        })?;
        Ok(Self::new(m, cp, key, id.to_string()))
    }

    fn new(m: &FleetModel, cp: ClusterId, key: ObjKey, id: String) -> Self {
        let mut p = PropagationDetailPane {
            cp,
            key,
            id,
            detail: None,
            generation: u64::MAX,
            sel: 0,
            scroll: 0,
            page: 10,
            item_rows: vec![],
        };
        p.refresh(m);
        p
    }

    /// Rebuilt when the model moved; the selection stays on the same line (a cluster by name).
    fn refresh(&mut self, m: &FleetModel) {
        if self.generation == m.generation() {
            return;
        }
        let was = self.link(0);
        let cluster = match (was, &self.detail) {
            (Some(Link::Cluster(i)), Some(d)) => d.clusters.get(i).map(|c| c.name.clone()),
            _ => None,
        };
        self.detail = Detail::build(m, self.cp, &self.key);
        self.generation = m.generation();
        let Some(d) = &self.detail else { return };
        let items = d.items(0);
        let same = |l: Option<Link>| match (l, was, &cluster) {
            (Some(Link::Cluster(i)), _, Some(name)) => d.clusters[i].name == *name,
            (l, was, None) => l.is_some() && l == was,
            _ => false,
        };
        self.sel = items
            .iter()
            .position(|i| same(i.link))
            .or_else(|| items.iter().position(|i| i.link.is_some()))
            .unwrap_or(0);
    }

    /// The indexes of the items that can be opened.
    fn selectable(&self, now: i64) -> Vec<usize> {
        let Some(d) = &self.detail else {
            return vec![];
        };
        d.items(now)
            .iter()
            .enumerate()
            .filter(|(_, i)| i.link.is_some())
            .map(|(n, _)| n)
            .collect()
    }

    fn link(&self, now: i64) -> Option<Link> {
        self.detail.as_ref()?.items(now).get(self.sel)?.link
    }

    /// Page down (`by` 1) or up (-1): the selectable item about a page away (one at least).
    fn page(&mut self, by: isize, now: i64) {
        let s = self.selectable(now);
        let row = |i: usize| self.item_rows.get(i).copied().unwrap_or(i);
        let at = row(self.sel) as isize;
        let goal = at + by * self.page.saturating_sub(1).max(1) as isize;
        let pick = if by > 0 {
            s.iter()
                .rev()
                .find(|i| row(**i) as isize <= goal && row(**i) as isize > at)
        } else {
            s.iter()
                .find(|i| row(**i) as isize >= goal && (row(**i) as isize) < at)
        };
        match pick {
            Some(i) => self.sel = *i,
            None => self.step(by, now),
        }
    }

    fn step(&mut self, by: isize, now: i64) {
        let s = self.selectable(now);
        if s.is_empty() {
            return;
        }
        let at = s.iter().position(|i| *i == self.sel).unwrap_or(0) as isize;
        let to = (at + by).clamp(0, s.len() as isize - 1) as usize;
        self.sel = s[to];
    }
}

impl Pane for PropagationDetailPane {
    fn title(&self, _cx: &Cx) -> String {
        match &self.detail {
            Some(d) => d.row.object(),
            None => self.key.name.to_string(),
        }
    }

    fn name(&self, _cx: &Cx) -> String {
        format!("propagation:{}", self.id)
    }

    fn layer(&self) -> Layer {
        Layer::Table
    }

    fn commands(&self, cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Select, self.enter_label(cx.now)),
            Command::new(Action::Yaml, "yaml"),
            Command::new(Action::Edit, "edit policy"),
            Command::more(Action::Down, "next line"),
            Command::more(Action::Up, "previous line"),
            Command::more(Action::PageDown, "page down"),
            Command::more(Action::PageUp, "page up"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        match a {
            Action::Down => self.step(1, cx.now),
            Action::Up => self.step(-1, cx.now),
            Action::PageDown => self.page(1, cx.now),
            Action::PageUp => self.page(-1, cx.now),
            Action::Top => self.step(isize::MIN / 2, cx.now),
            Action::Bottom => self.step(isize::MAX / 2, cx.now),
            Action::Select => return self.go(cx),
            Action::Yaml => return self.yaml(cx),
            Action::Edit => return self.open_policy(cx),
            _ => {}
        }
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx.model);
        let t = cx.theme;
        let context = cx
            .model
            .cluster(self.cp)
            .map_or("?", |c| c.context.as_str());
        let mut block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.style(Slot::Border));
        let Some(d) = &self.detail else {
            block = block.title(Span::styled(
                format!(" {} @ {context} ", self.key),
                t.style(Slot::Title),
            ));
            let p = Paragraph::new(Line::styled(
                "the binding is gone (deleted, or its control plane is unreachable)",
                t.style(Slot::Warn),
            ));
            f.render_widget(p.block(block), area);
            return;
        };
        let problems = d.row.problems.len();
        let mut title = vec![Span::styled(
            format!(" {} {} @ {context} ", d.row.kind, d.row.object()),
            t.style(Slot::Title),
        )];
        if problems > 0 {
            title.push(Span::styled(
                format!(
                    "{problems} problem{} ",
                    if problems == 1 { "" } else { "s" }
                ),
                t.style(Slot::Warn),
            ));
        }
        block = block.title(Line::from(title));
        let inner = block.inner(area);
        let content = (inner.width as usize).saturating_sub(MARK + LABEL);
        let items: Vec<Item> = d.items(cx.now);
        // Every row: (item, the spans).
        let mut rows: Vec<(usize, Vec<Span>)> = Vec::new();
        self.item_rows.clear();
        for (n, item) in items.iter().enumerate() {
            self.item_rows.push(rows.len());
            let selected = n == self.sel && item.link.is_some();
            for (l, line) in item.lines.iter().enumerate() {
                for (r, pieces) in wrap(line.iter().map(|s| (s.text.as_str(), s.tone)), content)
                    .into_iter()
                    .enumerate()
                {
                    let first = l == 0 && r == 0;
                    let mark = if selected && first { "› " } else { "  " };
                    let label = if first { item.label } else { "" };
                    let mut spans = vec![
                        Span::styled(mark, t.style(Slot::Accent)),
                        Span::styled(format!("{label:<LABEL$}"), t.style(Slot::Header)),
                    ];
                    spans.extend(pieces.into_iter().map(|(s, tone)| {
                        let style = if selected {
                            t.selected()
                        } else {
                            tone_style(t, tone)
                        };
                        Span::styled(s, style)
                    }));
                    rows.push((n, spans));
                }
            }
        }
        let h = inner.height as usize;
        self.page = h.max(1);
        // Keep the selected item on screen (its first rows first).
        let first = rows.iter().position(|(n, _)| *n == self.sel).unwrap_or(0);
        let last = rows.iter().rposition(|(n, _)| *n == self.sel).unwrap_or(0);
        let max_scroll = rows.len().saturating_sub(h);
        self.scroll = self.scroll.min(max_scroll);
        if last >= self.scroll + h {
            self.scroll = (last + 1).saturating_sub(h).min(first);
        }
        if first < self.scroll {
            self.scroll = first;
        }
        let below = rows.len().saturating_sub(self.scroll + h);
        if below > 0 {
            block = block.title_bottom(Span::styled(
                format!(" ↓ {below} more "),
                t.style(Slot::Dim),
            ));
        }
        let lines: Vec<Line> = rows
            .into_iter()
            .skip(self.scroll)
            .take(h)
            .map(|(_, s)| Line::from(s).style(Style::default()))
            .collect();
        f.render_widget(Paragraph::new(lines).block(block), area);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        self.detail
            .as_ref()
            .map(Detail::rows_json)
            .unwrap_or_default()
    }

    fn summary_json(&mut self, cx: &Cx) -> Option<Value> {
        self.refresh(cx.model);
        self.detail.as_ref().map(Detail::summary_json)
    }
}
