//! Propagation: one row per ResourceBinding and ClusterResourceBinding of every Karmada
//! control-plane context — the template, its policy, the Scheduled condition, per target cluster
//! the replicas assigned, applied, health and the member's live object (a Deployment's or
//! StatefulSet's ready of assigned, a Namespace there or not), and the problems; rows with a
//! problem first. The selected row's targets are detailed below.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use serde_json::{Value, json};

use super::PaneEntry;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::FleetModel;
use crate::kinds::Tone;
use crate::ui::list_table::{ListTable, details_box};
use crate::ui::pane::{Command, Cx, Effect, Pane};
use crate::views::propagation::{COLUMNS, PropRow, PropView};

pub const ENTRY: PaneEntry = PaneEntry {
    name: "propagation",
    usage: "propagation",
    palette: Some("propagation"),
    open: |_, _| Ok(Box::new(PropagationPane::new())),
};

fn tone(r: &PropRow) -> Tone {
    if r.problems.is_empty() {
        Tone::Normal
    } else {
        Tone::Warn
    }
}

pub struct PropagationPane {
    table: ListTable<PropRow>,
    /// The rows, kept up to date incrementally (`view.rows`).
    view: PropView,
}

impl Default for PropagationPane {
    fn default() -> Self {
        Self::new()
    }
}

impl PropagationPane {
    pub fn new() -> Self {
        PropagationPane {
            table: ListTable::new(COLUMNS, PropRow::id, |r| Some(&r.context), tone),
            view: PropView::default(),
        }
    }

    /// The rows brought up to date (only those whose binding or member changed); the table
    /// keeps its order while they stay.
    fn refresh(&mut self, m: &FleetModel) {
        self.view.refresh(m);
        self.table.set_version(self.view.version());
    }

    fn details(r: &PropRow, cx: &Cx) -> Vec<Line<'static>> {
        let t = cx.theme;
        let mut lines = vec![Line::from(vec![
            Span::styled(
                format!("{} {} {}  ", r.context, r.kind, r.object()),
                t.style(Slot::Accent),
            ),
            Span::raw(format!(
                "policy {} · scheduled {}",
                r.policy_text(),
                r.scheduled_text()
            )),
        ])];
        for x in &r.targets {
            let member = match (x.is_context, x.member) {
                (false, _) => "not a context: Karmada's view only".to_string(),
                (true, Some(_)) if x.presence => "on the member".to_string(),
                (true, Some(m)) => format!("member ready {}/{}", m.ready, m.desired),
                (true, None) => format!("no {} on the member", r.kind),
            };
            let mut l = format!(
                "{}: assigned {} · applied {} · health {} · {member}",
                x.cluster,
                x.replicas.map_or("-".into(), |n| n.to_string()),
                x.applied.map_or("-".into(), |a| a.to_string()),
                x.health.as_deref().unwrap_or("-"),
            );
            if !x.message.is_empty() {
                l.push_str(&format!(" · {}", x.message));
            }
            lines.push(Line::from(l));
        }
        for e in &r.evictions {
            lines.push(Line::styled(
                format!("evicting from {} ({})", e.cluster, e.reason),
                t.style(Slot::Warn),
            ));
        }
        if !r.problems.is_empty() {
            lines.push(Line::styled(
                format!("problems: {}", r.problems.join(", ")),
                t.style(Slot::Warn),
            ));
        }
        lines
    }
}

impl Pane for PropagationPane {
    fn title(&self, _cx: &Cx) -> String {
        "Propagation".into()
    }

    fn name(&self, _cx: &Cx) -> String {
        "propagation".into()
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Filter, "filter"),
            Command::more(Action::SortNext, "sort"),
            Command::more(Action::SortReverse, "reverse sort"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        self.table.on_action(a, &self.view.rows, cx.now);
        vec![]
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx.model);
        let t = cx.theme;
        let detail_h = if area.height >= 30 { 10 } else { 6 };
        let [top, bottom] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(detail_h)]).areas(area);
        let problems = self.view.with_problems();
        let title = Line::from(Span::styled(
            format!(
                " Propagation: bindings ({}, {problems} with problems) ",
                self.view.rows.len()
            ),
            t.style(Slot::Title),
        ));
        let selected = self.table.render(f, top, cx, &self.view.rows, title);
        let lines = match selected.and_then(|i| self.view.rows.get(i)) {
            Some(r) => Self::details(r, cx),
            None => vec![Line::styled(
                "no bindings on any Karmada control plane",
                t.style(Slot::Dim),
            )],
        };
        details_box(f, bottom, lines, cx);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        let order = self.table.order(&self.view.rows, cx.now);
        order
            .into_iter()
            .map(|i| self.view.rows[i].json())
            .collect()
    }

    fn summary_json(&mut self, cx: &Cx) -> Option<Value> {
        self.refresh(cx.model);
        let problems = self.view.with_problems();
        Some(json!({"bindings": self.view.rows.len(), "with_problems": problems}))
    }
}
