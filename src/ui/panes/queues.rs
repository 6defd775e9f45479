//! Every Volcano queue of the fleet: by cluster, the parent tree indented; state, weight and
//! share among the cluster's open queues, PodGroups by phase (counted from the PodGroups),
//! capability; the selected queue's details below. Close / open a queue (a Volcano Command,
//! as vcctl does: the row shows the request pending until the state changes) and its
//! cluster's weight sliders (the slider pane, `WeightsOf::Queues`).

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::Value;

use super::PaneEntry;
use super::slider::SliderPane;
use crate::actions::{Verb, check_writable};
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::FleetModel;
use crate::kinds::Tone;
use crate::kinds::pod_group::PHASES;
use crate::ui::list_table::ListTable;
use crate::ui::nav::Moved;
use crate::ui::pane::{Command, Cx, Effect, Pane, Reply, Request};
use crate::views::queues::{COLUMNS, QueueLine, generations, rows};
use crate::views::weights::WeightsOf;

pub const ENTRY: PaneEntry = PaneEntry {
    name: "queues",
    usage: "queues",
    palette: Some("queues"),
    open: |_, _| Ok(Box::new(QueuesPane::new())),
};

fn tone(r: &QueueLine) -> Tone {
    match &*r.queue.state {
        "Open" => Tone::Normal,
        "Closed" => Tone::Dim,
        _ => Tone::Warn,
    }
}

fn target(open: bool) -> &'static str {
    if open { "Open" } else { "Closed" }
}

pub struct QueuesPane {
    table: ListTable<QueueLine>,
    rows: Vec<QueueLine>,
    gens: Vec<u64>,
    /// Close/open asked for (queue id → open), until the plan is applied.
    asked: HashMap<String, bool>,
    /// Applied, until the queue's state reads so (queue id → open).
    pending: HashMap<String, bool>,
}

impl Default for QueuesPane {
    fn default() -> Self {
        Self::new()
    }
}

impl QueuesPane {
    pub fn new() -> Self {
        QueuesPane {
            table: ListTable::new(COLUMNS, QueueLine::id, |r| Some(&r.context), tone),
            rows: Vec::new(),
            gens: vec![u64::MAX],
            asked: HashMap::new(),
            pending: HashMap::new(),
        }
    }

    fn refresh(&mut self, m: &FleetModel) {
        let gens = generations(m);
        if gens != self.gens {
            self.rows = rows(m);
            self.gens = gens;
            let rows = &self.rows;
            self.pending.retain(|id, open| {
                rows.iter()
                    .find(|r| r.id() == *id)
                    .is_some_and(|r| *r.queue.state != *target(*open))
            });
        }
    }

    /// `Closing→Closed…` (a request applied, the state not there yet) or the state.
    fn state_text(&self, r: &QueueLine) -> String {
        match self.pending.get(&r.id()) {
            Some(open) => format!("{}→{}…", r.queue.state, target(*open)),
            None => r.queue.state.to_string(),
        }
    }

    fn details(&self, r: &QueueLine) -> Vec<String> {
        let q = &r.queue;
        let pg: Vec<String> = PHASES
            .iter()
            .zip(r.podgroups)
            .map(|(p, n)| format!("{p} {n}"))
            .collect();
        vec![
            format!(
                "{} on {} · {} · weight {}{} · reclaimable {} · parent {}",
                r.path,
                r.context,
                self.state_text(r),
                q.weight,
                r.share
                    .map_or(String::new(), |s| format!(" ({s:.1}% of the open)")),
                q.reclaimable.map_or("-".into(), |b| b.to_string()),
                q.parent.as_deref().unwrap_or("-"),
            ),
            format!(
                "capability {} · guarantee {} · deserved {}",
                q.capability.text(),
                q.guarantee.text(),
                q.deserved.text()
            ),
            format!("PodGroups: {}", pg.join(" · ")),
        ]
    }
}

impl Pane for QueuesPane {
    fn title(&self, _cx: &Cx) -> String {
        "Queues".into()
    }

    fn name(&self, _cx: &Cx) -> String {
        "queues".into()
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Select, "weights"),
            Command::new(Action::Cordon, "close queue"),
            Command::new(Action::Uncordon, "open queue"),
            Command::new(Action::Filter, "filter"),
            Command::more(Action::SortNext, "sort"),
            Command::more(Action::SortReverse, "reverse sort"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        if self.table.on_action(a, &self.rows, cx.now) == Moved::Done {
            return vec![];
        }
        let Some(r) = self.table.selected(&self.rows, cx.now).cloned() else {
            return vec![];
        };
        match a {
            Action::Select => vec![Effect::Push(Box::new(SliderPane::new(WeightsOf::Queues {
                cluster: r.cluster,
            })))],
            Action::Cordon | Action::Uncordon => {
                let open = a == Action::Uncordon;
                let what = format!(
                    "{} queue {}",
                    if open { "open" } else { "close" },
                    r.queue.name
                );
                if let Err(e) = check_writable(cx.readonly, &what) {
                    return vec![Effect::Status(e.to_string(), Tone::Err)];
                }
                self.asked.insert(r.id(), open);
                vec![Effect::Request(Request::Plan {
                    id: cx.next_id(),
                    verb: Verb::QueueState {
                        clusters: vec![r.cluster],
                        queue: r.queue.name.to_string(),
                        open,
                    },
                })]
            }
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn on_reply(&mut self, reply: &Reply, cx: &Cx) -> Vec<Effect> {
        // An applied close/open (the confirm's report names the Command's action, the queue
        // and the context): pending until the controller changes the state.
        if let Reply::Executed {
            result: Ok(text), ..
        } = reply
        {
            let rows = &self.rows;
            let applied: Vec<(String, bool)> = self
                .asked
                .iter()
                .filter(|(id, open)| {
                    rows.iter().find(|r| r.id() == **id).is_some_and(|r| {
                        let action = if **open { "OpenQueue" } else { "CloseQueue" };
                        text.contains(&format!("{action} queue {} ", r.queue.name))
                            && text.contains(&format!(" on {} ", r.context))
                    })
                })
                .map(|(id, open)| (id.clone(), *open))
                .collect();
            for (id, open) in applied {
                self.asked.remove(&id);
                self.pending.insert(id, open);
            }
            self.gens = vec![u64::MAX];
            self.refresh(cx.model);
        }
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx.model);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(3)]).areas(area);
        let open = self.rows.iter().filter(|r| r.queue.is_open()).count();
        let title = Line::from(Span::styled(
            format!(" Volcano queues ({}, {open} open) ", self.rows.len()),
            cx.theme.style(Slot::Title),
        ));
        // The rows show a pending request in the state column (copies only while one is).
        let sel = if self.pending.is_empty() {
            self.table.render(f, top, cx, &self.rows, title)
        } else {
            let shown: Vec<QueueLine> = self
                .rows
                .iter()
                .map(|r| {
                    let mut r = r.clone();
                    if self.pending.contains_key(&r.id()) {
                        r.queue.state = self.state_text(&r).into();
                    }
                    r
                })
                .collect();
            self.table.render(f, top, cx, &shown, title)
        };
        let lines: Vec<Line> = match sel.and_then(|i| self.rows.get(i)) {
            Some(r) => self
                .details(r)
                .into_iter()
                .map(|l| Line::styled(l, cx.theme.style(Slot::Dim)))
                .collect(),
            None => vec![Line::styled("no Volcano queues", cx.theme.style(Slot::Dim))],
        };
        f.render_widget(Paragraph::new(lines), bottom);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        let order = self.table.order(&self.rows, cx.now);
        order.into_iter().map(|i| self.rows[i].json()).collect()
    }
}
