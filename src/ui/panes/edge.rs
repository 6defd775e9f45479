//! Edge: every KubeEdge edge node of the fleet (offline first, then stale, with heartbeat ages
//! that tick with the clock), and a second view (`tab`) of the NodeGroups with the
//! EdgeApplications that target them. Enter on a group lists its nodes only (esc shows all
//! again); `c` / `u` cordon and uncordon the selected node (the plan path: confirm with the
//! diff, dry-run, apply, audit). Opened as `edge`, `edge:CONTEXT` or `edge:CONTEXT/GROUP`
//! (the fleet overview's `e` opens it on the selected cluster).

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::{Value, json};

use super::PaneEntry;

#[path = "edge_details.rs"]
mod details;
use super::fleet::plan;
use crate::actions::Verb;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::{ClusterId, Kind, ObjKey, Str};
use crate::kinds::Tone;
use crate::ui::list_table::{ListTable, details_box};
use crate::ui::nav::Moved;
use crate::ui::pane::{Command, Cx, Effect, Pane, Target};
use crate::views::edge::{COLUMNS, EdgeRow, EdgeView, GRACE_SECS, GROUP_COLUMNS, GroupRow};

pub const ENTRY: PaneEntry = PaneEntry {
    name: "edge",
    usage: "edge[:CONTEXT[/GROUP]]",
    palette: Some("edge (KubeEdge nodes, NodeGroups)"),
    open: |args, cx| EdgePane::open(args, cx).map(|p| Box::new(p) as _),
};

pub struct EdgePane {
    view: EdgeView,
    nodes: ListTable<EdgeRow>,
    groups: ListTable<GroupRow>,
    /// Showing the NodeGroups (tab) rather than the nodes.
    on_groups: bool,
    /// Only this cluster's nodes (the overview's `e`).
    cluster: Option<ClusterId>,
    /// Only this group's nodes (enter on a group).
    group: Option<Str>,
    /// The filtered rows when a cluster or group is chosen.
    shown: Vec<EdgeRow>,
}

impl EdgePane {
    pub fn new(cx: &Cx) -> Self {
        EdgePane {
            view: EdgeView::new(cx.model, cx.now),
            nodes: ListTable::new(COLUMNS, EdgeRow::id, |r| Some(&r.context), EdgeRow::tone),
            groups: ListTable::new(
                GROUP_COLUMNS,
                GroupRow::id,
                |g| Some(&g.context),
                |g| {
                    if g.status_ready < g.status_total || g.label_ready < g.label_total {
                        Tone::Warn
                    } else {
                        Tone::Normal
                    }
                },
            ),
            on_groups: false,
            cluster: None,
            group: None,
            shown: Vec::new(),
        }
    }

    fn open(args: Option<&str>, cx: &Cx) -> Result<Self, String> {
        let mut p = EdgePane::new(cx);
        if let Some(a) = args.filter(|a| !a.is_empty()) {
            let (ctx, group) = match a.split_once('/') {
                Some((c, g)) => (c, Some(g)),
                None => (a, None),
            };
            let (id, _) = cx
                .model
                .cluster_by_context(ctx)
                .ok_or_else(|| format!("edge: no context {ctx:?}"))?;
            p.cluster = Some(id);
            p.group = group.map(Str::from);
            p.filter();
        }
        Ok(p)
    }

    /// Up to date with the model and the clock.
    fn refresh(&mut self, cx: &Cx) {
        if self.view.refresh(cx.model, cx.now) {
            self.filter();
        }
    }

    fn filter(&mut self) {
        self.shown.clear();
        if self.cluster.is_none() && self.group.is_none() {
            return;
        }
        self.shown.extend(
            self.view
                .rows
                .iter()
                .filter(|r| self.cluster.is_none_or(|c| r.cluster == c))
                .filter(|r| self.group.is_none() || r.group == self.group)
                .cloned(),
        );
    }

    fn filtered(&self) -> bool {
        self.cluster.is_some() || self.group.is_some()
    }

    fn scope_text(&self, cx: &Cx) -> String {
        let ctx = self
            .cluster
            .and_then(|c| cx.model.cluster(c))
            .map(|c| c.context.as_str());
        match (ctx, &self.group) {
            (Some(c), Some(g)) => format!("{c}/{g}"),
            (Some(c), None) => c.to_string(),
            (None, Some(g)) => format!("group {g}"),
            (None, None) => String::new(),
        }
    }

    fn cordon(&mut self, cordon: bool, cx: &Cx) -> Vec<Effect> {
        let items: &[EdgeRow] = if self.filtered() {
            &self.shown
        } else {
            &self.view.rows
        };
        let Some(r) = self.nodes.selected(items, cx.now) else {
            return vec![];
        };
        plan(
            Verb::CordonNode {
                cluster: r.cluster,
                node: r.node.to_string(),
                cordon,
            },
            cx,
        )
    }
}

impl Pane for EdgePane {
    fn title(&self, cx: &Cx) -> String {
        let scope = self.scope_text(cx);
        if scope.is_empty() {
            "Edge".into()
        } else {
            format!("Edge {scope}")
        }
    }

    fn name(&self, cx: &Cx) -> String {
        let scope = self.scope_text(cx);
        if self.cluster.is_some() {
            format!("edge:{scope}")
        } else {
            "edge".into()
        }
    }

    fn layer(&self) -> Layer {
        if self.on_groups {
            self.groups.nav.layer()
        } else {
            self.nodes.nav.layer()
        }
    }

    fn commands(&self, cx: &Cx) -> Vec<Command> {
        let mut c = Vec::new();
        if self.on_groups {
            c.push(Command::new(Action::Select, "its nodes"));
            c.push(Command::new(Action::NextTab, "nodes"));
        } else {
            c.push(Command::new(Action::NextTab, "node groups"));
            if !cx.readonly {
                c.push(Command::new(Action::Cordon, "cordon node"));
                c.push(Command::new(Action::Uncordon, "uncordon node"));
            }
            c.push(Command::more(Action::Select, "open the node"));
            c.push(Command::more(Action::Yaml, "YAML"));
        }
        if self.filtered() {
            c.push(Command::new(Action::Back, "all edge nodes"));
        }
        c.push(Command::new(Action::Filter, "filter"));
        c.push(Command::more(Action::SortNext, "sort"));
        c.push(Command::more(Action::SortReverse, "reverse sort"));
        c
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx);
        if matches!(a, Action::NextTab | Action::PrevTab) {
            self.on_groups = !self.on_groups;
            return vec![];
        }
        if self.on_groups {
            if self.groups.on_action(a, &self.view.groups, cx.now) == Moved::Done {
                return vec![];
            }
            if a == Action::Select
                && let Some(g) = self.groups.selected(&self.view.groups, cx.now)
            {
                self.cluster = Some(g.cluster);
                self.group = Some(g.name.clone());
                self.on_groups = false;
                self.nodes.nav.selected = 0;
                self.filter();
            }
            return vec![];
        }
        let items: &[EdgeRow] = if self.filtered() {
            &self.shown
        } else {
            &self.view.rows
        };
        if self.nodes.on_action(a, items, cx.now) == Moved::Done {
            return vec![];
        }
        match a {
            Action::Cordon | Action::Uncordon => self.cordon(a == Action::Cordon, cx),
            Action::Select | Action::Yaml => {
                let Some(r) = self.nodes.selected(items, cx.now) else {
                    return vec![];
                };
                let key = ObjKey::cluster_scoped(&r.node);
                if a == Action::Select {
                    return vec![Effect::Go(Target::Cluster {
                        id: r.cluster,
                        kind: Some(Kind::Node),
                        select: Some(key),
                    })];
                }
                vec![Effect::Request(crate::ui::pane::Request::Yaml {
                    id: cx.next_id(),
                    obj: crate::views::ObjRef {
                        cluster: r.cluster,
                        kind: Kind::Node,
                        key,
                    },
                })]
            }
            _ => vec![],
        }
    }

    fn on_back(&mut self, _cx: &Cx) -> bool {
        if self.on_groups {
            self.on_groups = false;
            return true;
        }
        if self.group.is_some() {
            self.group = None;
        } else if self.cluster.is_some() {
            self.cluster = None;
        } else {
            return false;
        }
        self.filter();
        true
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        if self.on_groups {
            self.groups.nav.on_text(ev);
        } else {
            self.nodes.nav.on_text(ev);
        }
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx);
        let t = cx.theme;
        let detail_h = if area.height >= 30 { 5 } else { 0 };
        let [head, top, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(detail_h),
        ])
        .areas(area);
        let (off, stale, total) = self.view.counts();
        let mut spans = vec![
            Span::styled(format!("{total} edge node(s): "), t.style(Slot::Title)),
            Span::styled(
                format!("{off} offline"),
                t.style(if off > 0 { Slot::Err } else { Slot::Dim }),
            ),
            Span::raw(" · "),
            Span::styled(
                format!("{stale} stale"),
                t.style(if stale > 0 { Slot::Warn } else { Slot::Dim }),
            ),
            Span::styled(
                format!(" (no heartbeat for {GRACE_SECS}s)"),
                t.style(Slot::Dim),
            ),
        ];
        if !self.view.no_leases.is_empty() {
            spans.push(Span::styled(
                format!(" · no Leases on {}", self.view.no_leases.join(",")),
                t.style(Slot::Warn),
            ));
        }
        f.render_widget(Paragraph::new(Line::from(spans)), head);
        let lines = if self.on_groups {
            let title = Line::from(vec![
                Span::styled(" Nodes ", t.style(Slot::Dim)),
                Span::styled(
                    format!("[NodeGroups ({})] ", self.view.groups.len()),
                    t.style(Slot::Title),
                ),
            ]);
            let sel = self.groups.render(f, top, cx, &self.view.groups, title);
            sel.map(|i| details::group(&self.view, &self.view.groups[i], cx))
        } else {
            let scope = self.scope_text(cx);
            let scope = if scope.is_empty() {
                String::new()
            } else {
                format!(" of {scope}")
            };
            let items: &[EdgeRow] = if self.filtered() {
                &self.shown
            } else {
                &self.view.rows
            };
            let title = Line::from(vec![
                Span::styled(
                    format!(" [Nodes{scope} ({})] ", items.len()),
                    t.style(Slot::Title),
                ),
                Span::styled("NodeGroups ", t.style(Slot::Dim)),
            ]);
            let sel = self.nodes.render(f, top, cx, items, title);
            sel.map(|i| details::node(&items[i], cx))
        };
        if detail_h > 0 {
            details_box(f, bottom, lines.unwrap_or_default(), cx);
        }
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx);
        let items: &[EdgeRow] = if self.filtered() {
            &self.shown
        } else {
            &self.view.rows
        };
        let order = self.nodes.order(items, cx.now);
        order.into_iter().map(|i| items[i].json(cx.now)).collect()
    }

    fn summary_json(&mut self, cx: &Cx) -> Option<Value> {
        self.refresh(cx);
        let (off, stale, total) = self.view.counts();
        Some(json!({"nodes": total, "offline": off, "stale": stale,
            "grace_s": GRACE_SECS, "no_leases": self.view.no_leases,
            "groups": self.view.groups.iter().map(GroupRow::json).collect::<Vec<_>>(),
            "edge_applications": self.view.apps.iter().map(|a| a.json()).collect::<Vec<_>>()}))
    }
}
