//! Propagation: one row per ResourceBinding and ClusterResourceBinding of every Karmada
//! control-plane context — the template, its policy, the Scheduled condition, per target cluster
//! the replicas assigned, applied, health and the member's live object (a Deployment's or
//! StatefulSet's ready of assigned, a Namespace there or not), and the problems; rows with a
//! problem first, kept up to date incrementally (`views::propagation`). The selected row's
//! targets are detailed below; Enter opens its detail (`propagation_detail.rs`).
//! `propagation:MEMBER` lists only what reaches that member (the reverse view),
//! `propagation:CONTEXT/KIND/NS/NAME` opens one binding's detail.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use serde_json::{Value, json};

use super::PaneEntry;
use super::propagation_detail::PropagationDetailPane;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::FleetModel;
use crate::kinds::Tone;
use crate::ui::list_table::{ListTable, details_box};
use crate::ui::nav::Moved;
use crate::ui::overlays::editor::EditorOverlay;
use crate::ui::pane::{Command, Cx, Effect, Pane};
use crate::views::policy_edit::{EditTarget, policy_obj};
use crate::views::propagation::{COLUMNS, PropRow, PropView};
use crate::views::propagation_reverse::to_member;

pub const ENTRY: PaneEntry = PaneEntry {
    name: "propagation",
    usage: "propagation[:MEMBER|:CONTEXT/KIND/NS/NAME]",
    palette: Some("propagation"),
    open: |args, cx| match args.filter(|a| !a.is_empty()) {
        None => Ok(Box::new(PropagationPane::new())),
        // Karmada cluster names are DNS labels: a slash means a binding.
        Some(id) if id.contains('/') => {
            PropagationDetailPane::open(id, cx.model).map(|p| Box::new(p) as _)
        }
        Some(member) => Ok(Box::new(PropagationPane::to_member(member))),
    },
};

fn tone(r: &PropRow) -> Tone {
    if r.problems.is_empty() {
        Tone::Normal
    } else {
        Tone::Warn
    }
}

/// The rows the pane shows: every binding's, kept up to date incrementally (`view.rows`), or
/// only those reaching `member` (the reverse view: `filtered`, rebuilt from the view's rows when
/// their version moves).
#[derive(Default)]
struct Shown {
    view: PropView,
    member: Option<String>,
    filtered: Vec<PropRow>,
    filtered_version: Option<u64>,
}

impl Shown {
    /// Bring the rows up to date (only those whose binding or member changed); their version.
    fn refresh(&mut self, m: &FleetModel) -> u64 {
        self.view.refresh(m);
        let version = self.view.version();
        if let Some(x) = &self.member
            && Some(version) != self.filtered_version
        {
            self.filtered = to_member(&self.view.rows, x);
            self.filtered_version = Some(version);
        }
        version
    }

    fn rows(&self) -> &[PropRow] {
        if self.member.is_some() {
            &self.filtered
        } else {
            &self.view.rows
        }
    }

    fn with_problems(&self) -> usize {
        if self.member.is_some() {
            self.filtered
                .iter()
                .filter(|r| !r.problems.is_empty())
                .count()
        } else {
            self.view.with_problems()
        }
    }
}

pub struct PropagationPane {
    table: ListTable<PropRow>,
    shown: Shown,
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
            shown: Shown::default(),
        }
    }

    /// What Karmada propagates to `member`.
    pub fn to_member(member: &str) -> Self {
        let mut p = Self::new();
        p.shown.member = Some(member.to_string());
        p
    }

    /// The rows brought up to date; the table keeps its order while they stay.
    fn refresh(&mut self, m: &FleetModel) {
        let version = self.shown.refresh(m);
        self.table.set_version(version);
    }

    /// The policy editor on the selected row's policy.
    fn edit_policy(&mut self, cx: &Cx) -> Vec<Effect> {
        let Some(r) = self.table.selected(self.shown.rows(), cx.now) else {
            return vec![];
        };
        let target = match &r.policy {
            Some(p) => EditTarget::Policy(policy_obj(r.cluster, p, r.namespace.as_deref())),
            None => EditTarget::Refused(format!(
                "{} {}: the binding names no policy",
                r.kind,
                r.object()
            )),
        };
        EditorOverlay::open_target(target, cx)
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
        match &self.shown.member {
            Some(x) => format!("Propagated to {x}"),
            None => "Propagation".into(),
        }
    }

    fn name(&self, _cx: &Cx) -> String {
        match &self.shown.member {
            Some(x) => format!("propagation:{x}"),
            None => "propagation".into(),
        }
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Select, "detail"),
            Command::new(Action::Edit, "edit policy"),
            Command::new(Action::Filter, "filter"),
            Command::more(Action::SortNext, "sort"),
            Command::more(Action::SortReverse, "reverse sort"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        if a == Action::Edit {
            return self.edit_policy(cx);
        }
        let rows = self.shown.rows();
        if self.table.on_action(a, rows, cx.now) == Moved::Done {
            return vec![];
        }
        match (a, self.table.selected(rows, cx.now)) {
            (Action::Select, Some(r)) => match PropagationDetailPane::of_row(r, cx.model) {
                Some(p) => vec![Effect::Push(Box::new(p))],
                None => vec![Effect::Status(
                    format!("the binding of {} is gone", r.object()),
                    Tone::Warn,
                )],
            },
            _ => vec![],
        }
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
        let rows = self.shown.rows();
        let title = Line::from(Span::styled(
            format!(
                " {}: bindings ({}, {} with problems) ",
                self.title(cx),
                rows.len(),
                self.shown.with_problems()
            ),
            t.style(Slot::Title),
        ));
        let selected = self.table.render(f, top, cx, rows, title);
        let lines = match selected.and_then(|i| rows.get(i)) {
            Some(r) => Self::details(r, cx),
            None if self.shown.member.is_some() => vec![Line::styled(
                "no binding of any Karmada control plane targets this cluster",
                t.style(Slot::Dim),
            )],
            None => vec![Line::styled(
                "no bindings on any Karmada control plane",
                t.style(Slot::Dim),
            )],
        };
        details_box(f, bottom, lines, cx);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        let rows = self.shown.rows();
        let order = self.table.order(rows, cx.now);
        order.into_iter().map(|i| rows[i].json()).collect()
    }

    fn summary_json(&mut self, cx: &Cx) -> Option<Value> {
        self.refresh(cx.model);
        let mut s = json!({"bindings": self.shown.rows().len(),
            "with_problems": self.shown.with_problems()});
        if let Some(x) = &self.shown.member {
            s["member"] = json!(x);
        }
        Some(s)
    }
}
