//! Weights: every Karmada policy with static (or dynamic) weights on every control plane, and
//! every Istio VirtualService http route of every context, with their weights now. Enter opens
//! the sliders of the selected one.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::PaneEntry;
use super::slider::SliderPane;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::FleetModel;
use crate::kinds::Tone;
use crate::ui::list_table::ListTable;
use crate::ui::nav::Moved;
use crate::ui::pane::{Command, Cx, Effect, Pane};
use crate::views::weights::{COLUMNS, WeightsOf, WeightsRow, generations, rows};

pub const ENTRY: PaneEntry = PaneEntry {
    name: "weights",
    usage: "weights[:ID]",
    palette: Some("weights (Karmada static weights, Istio route weights)"),
    open: |args, cx| match args {
        None => Ok(Box::new(WeightsPane::new())),
        Some(id) if id.ends_with("/Queues") => {
            let ctx = id.trim_end_matches("/Queues");
            let (cluster, _) = cx
                .model
                .cluster_by_context(ctx)
                .ok_or_else(|| format!("no context {ctx:?}"))?;
            Ok(Box::new(SliderPane::new(WeightsOf::Queues { cluster })))
        }
        Some(id) => {
            let all = rows(cx.model);
            let row = all.iter().find(|r| r.id() == id).ok_or_else(|| {
                let ids: Vec<String> = all.iter().map(WeightsRow::id).collect();
                format!("no weights {id:?} (there are: {})", ids.join(", "))
            })?;
            Ok(Box::new(SliderPane::new(row.of.clone())))
        }
    },
};

pub struct WeightsPane {
    table: ListTable<WeightsRow>,
    rows: Vec<WeightsRow>,
    /// What the rows were computed at (`views::weights::generations`).
    gens: Vec<u64>,
}

impl Default for WeightsPane {
    fn default() -> Self {
        Self::new()
    }
}

impl WeightsPane {
    pub fn new() -> Self {
        WeightsPane {
            table: ListTable::new(
                COLUMNS,
                WeightsRow::id,
                |r| Some(&r.context),
                |_| Tone::Normal,
            ),
            rows: Vec::new(),
            gens: vec![u64::MAX],
        }
    }

    fn refresh(&mut self, m: &FleetModel) {
        let gens = generations(m);
        if gens != self.gens {
            self.rows = rows(m);
            self.gens = gens;
        }
    }
}

impl Pane for WeightsPane {
    fn title(&self, _cx: &Cx) -> String {
        "Weights".into()
    }

    fn name(&self, _cx: &Cx) -> String {
        "weights".into()
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Select, "sliders"),
            Command::new(Action::Filter, "filter"),
            Command::new(Action::SortNext, "sort"),
            Command::more(Action::SortReverse, "reverse sort"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        if self.table.on_action(a, &self.rows, cx.now) == Moved::Done {
            return vec![];
        }
        match (a, self.table.selected(&self.rows, cx.now)) {
            (Action::Select, Some(r)) => {
                vec![Effect::Push(Box::new(SliderPane::new(r.of.clone())))]
            }
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx.model);
        let title = Line::from(Span::styled(
            format!(
                " Weights: Karmada policies and Istio routes ({}) ",
                self.rows.len()
            ),
            cx.theme.style(Slot::Title),
        ));
        self.table.render(f, area, cx, &self.rows, title);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        let order = self.table.order(&self.rows, cx.now);
        order.into_iter().map(|i| self.rows[i].json()).collect()
    }
}
