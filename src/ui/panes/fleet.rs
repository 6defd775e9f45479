//! Fleet overview: one row per context, unhealthy first; details of the selected one below.
//! Enter opens the cluster; `c`/`u` cordon and uncordon a Karmada member; `d` drains the
//! selected cluster out of the mesh (every Istio route's weight there moves to the others).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::PaneEntry;
use crate::actions::Verb;
use crate::config::keymap::Action;
use crate::config::theme::Slot;
use crate::fleet::ClusterState;
use crate::kinds::Tone;
use crate::ui::list_table::{ListTable, details_box};
use crate::ui::nav::Moved;
use crate::ui::pane::{Command, Cx, Effect, Pane, Request, Target};
use crate::ui::widgets::table::tone_style;
use crate::views::overview::{self, COLUMNS};
use crate::views::summary::karmada_row_for;
use crate::views::{ClusterSummary, fleet_overview};

pub const ENTRY: PaneEntry = PaneEntry {
    name: "fleet",
    usage: "fleet",
    palette: Some("fleet overview"),
    open: |_, _| Ok(Box::new(FleetPane::new())),
};

pub struct FleetPane {
    table: ListTable<ClusterSummary>,
}

impl Default for FleetPane {
    fn default() -> Self {
        Self::new()
    }
}

impl FleetPane {
    pub fn new() -> Self {
        FleetPane {
            table: ListTable::new(
                COLUMNS,
                |s| s.context.clone(),
                |s| Some(&s.context),
                overview::tone,
            ),
        }
    }

    fn plan_cordon(&self, s: &ClusterSummary, cordon: bool, cx: &Cx) -> Vec<Effect> {
        let member = cx
            .model
            .cluster(s.id)
            .and_then(|c| karmada_row_for(cx.model, c));
        let Some((cp, row)) = member else {
            return vec![Effect::Status(
                format!(
                    "{} is not a Karmada member of any control plane in this fleet",
                    s.context
                ),
                Tone::Warn,
            )];
        };
        let Some((control_plane, _)) = cx.model.cluster_by_context(&cp.context) else {
            return vec![];
        };
        plan(
            Verb::Cordon {
                control_plane,
                member: row.name.to_string(),
                cordon,
            },
            cx,
        )
    }
}

/// Ask for a plan of `verb` (refused at once in read-only mode).
pub fn plan(verb: Verb, cx: &Cx) -> Vec<Effect> {
    if let Err(e) = crate::actions::check_writable(cx.readonly, &verb.describe()) {
        return vec![Effect::Status(e.to_string(), Tone::Err)];
    }
    vec![
        Effect::Status(format!("planning: {}…", verb.describe()), Tone::Normal),
        Effect::Request(Request::Plan {
            id: cx.next_id(),
            verb,
        }),
    ]
}

impl Pane for FleetPane {
    fn title(&self, _cx: &Cx) -> String {
        "Fleet".into()
    }

    fn name(&self, _cx: &Cx) -> String {
        "fleet".into()
    }

    fn commands(&self, cx: &Cx) -> Vec<Command> {
        let mut c = vec![Command::new(Action::Select, "open")];
        if !cx.readonly {
            c.push(Command::new(Action::Cordon, "cordon"));
            c.push(Command::new(Action::Uncordon, "uncordon"));
            c.push(Command::more(Action::Drain, "drain from every Istio route"));
        }
        // Listed in the help and the palette; the Details box says it where edge nodes are.
        c.push(Command::more(Action::Edge, "KubeEdge pane of the cluster"));
        c.push(Command::new(Action::Filter, "filter"));
        c.push(Command::more(Action::SortNext, "sort"));
        c.push(Command::more(Action::SortReverse, "reverse sort"));
        c
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        let rows = fleet_overview(cx.model, cx.now);
        if self.table.on_action(a, &rows, cx.now) == Moved::Done {
            return vec![];
        }
        let Some(s) = self.table.selected(&rows, cx.now) else {
            return vec![];
        };
        match a {
            Action::Select => vec![Effect::Go(Target::Cluster {
                id: s.id,
                kind: None,
                select: None,
            })],
            Action::Cordon | Action::Uncordon => self.plan_cordon(s, a == Action::Cordon, cx),
            // The EDGE column's drill-down: the edge pane on this cluster.
            Action::Edge => vec![Effect::Go(Target::Pane(format!("edge:{}", s.context)))],
            Action::Drain => {
                // The Karmada member's name where it is one, else the context.
                let member = cx
                    .model
                    .cluster(s.id)
                    .and_then(|c| karmada_row_for(cx.model, c))
                    .map_or_else(|| s.context.clone(), |(_, row)| row.name.to_string());
                plan(crate::views::mesh::drain_verb(cx.model, &member, false), cx)
            }
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &ratatui::crossterm::event::KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn layer(&self) -> crate::config::keymap::Layer {
        self.table.nav.layer()
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let rows = fleet_overview(cx.model, cx.now);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(6)]).areas(area);
        let title = Span::styled(
            format!(" Fleet ({}) ", rows.len()),
            cx.theme.style(Slot::Title),
        );
        let selected = self.table.render(f, top, cx, &rows, Line::from(title));
        let t = cx.theme;
        let mut lines: Vec<Line> = Vec::new();
        if let Some(s) = selected.map(|i| &rows[i]) {
            let state_line = match (&s.state, s.problem(cx.now)) {
                (ClusterState::Ready, None) => Span::styled("healthy", t.style(Slot::Ok)),
                (_, Some(p)) => Span::styled(p, tone_style(t, overview::tone(s))),
                (st, None) => Span::styled(st.label().to_string(), t.style(Slot::Dim)),
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{}  ", s.context), t.style(Slot::Accent)),
                state_line,
            ]));
            if let Some(k) = &s.karmada {
                lines.push(Line::from(format!(
                    "Karmada member of {}: Ready={} reason={} region={} provider={} mode={} taints=[{}]",
                    k.control_plane,
                    k.ready.map(|r| if r { "True" } else { "False" }).unwrap_or("Unknown"),
                    k.reason.as_deref().unwrap_or("-"),
                    k.region.as_deref().unwrap_or("-"),
                    k.provider.as_deref().unwrap_or("-"),
                    k.sync_mode.as_deref().unwrap_or("-"),
                    k.taints.join(", ")
                )));
            }
            if s.edge_nodes.total > 0 {
                lines.push(Line::styled(
                    format!(
                        "KubeEdge: {}/{} edge nodes ready ({}: the edge pane)",
                        s.edge_nodes.ready,
                        s.edge_nodes.total,
                        cx.key(crate::config::keymap::Layer::Table, Action::Edge)
                    ),
                    t.style(Slot::Edge),
                ));
            }
        }
        details_box(f, bottom, lines, cx);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        let rows = fleet_overview(cx.model, cx.now);
        let order = self.table.order(&rows, cx.now);
        order
            .into_iter()
            .filter_map(|i| serde_json::to_value(&rows[i]).ok())
            .collect()
    }
}
