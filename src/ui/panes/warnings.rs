//! Triage: every Warning event of every cluster, repeats folded (count, first and last seen),
//! newest first. Enter goes to the involved object in its cluster; `y` shows the newest event.

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use serde_json::Value;

use super::PaneEntry;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::{FleetModel, Kind};
use crate::kinds::Tone;
use crate::ui::list_table::ListTable;
use crate::ui::nav::Moved;
use crate::ui::overlays::yaml::YamlOverlay;
use crate::ui::pane::{Command, Cx, Effect, Pane, Target};
use crate::views::warnings::{self, COLUMNS, WarningGroup};
use crate::views::{ObjRef, fold_warnings};

pub const ENTRY: PaneEntry = PaneEntry {
    name: "warnings",
    usage: "warnings",
    palette: Some("warnings (every cluster)"),
    open: |_, _| Ok(Box::new(WarningsPane::new())),
};

pub struct WarningsPane {
    table: ListTable<WarningGroup>,
    /// The folded rows and the event generations they were folded at.
    rows: Vec<WarningGroup>,
    gens: Vec<u64>,
}

impl Default for WarningsPane {
    fn default() -> Self {
        Self::new()
    }
}

fn id(g: &WarningGroup) -> String {
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}",
        g.cluster, g.namespace, g.object, g.reason
    )
}

impl WarningsPane {
    pub fn new() -> Self {
        WarningsPane {
            table: ListTable::new(COLUMNS, id, |g| Some(&g.context), warnings::tone),
            rows: Vec::new(),
            gens: vec![u64::MAX],
        }
    }

    /// Fold again when some cluster's events changed.
    fn rows(&mut self, m: &FleetModel) -> &[WarningGroup] {
        let gens: Vec<u64> = m
            .clusters
            .iter()
            .map(|c| c.kind_generation(Kind::Event))
            .collect();
        if gens != self.gens {
            self.rows = fold_warnings(m);
            self.gens = gens;
        }
        &self.rows
    }
}

impl Pane for WarningsPane {
    fn title(&self, _cx: &Cx) -> String {
        "Warnings".into()
    }

    fn name(&self, _cx: &Cx) -> String {
        "warnings".into()
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Select, "go to object"),
            Command::new(Action::Yaml, "event yaml"),
            Command::new(Action::Filter, "filter"),
            Command::new(Action::SortNext, "sort"),
            Command::more(Action::SortReverse, "reverse sort"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.rows(cx.model);
        if self.table.on_action(a, &self.rows, cx.now) == Moved::Done {
            return vec![];
        }
        let Some(g) = self.table.selected(&self.rows, cx.now).cloned() else {
            return vec![];
        };
        let event = ObjRef {
            cluster: g.cluster,
            kind: Kind::Event,
            key: g.latest.clone(),
        };
        match a {
            Action::Select => match g.target() {
                Some(o)
                    if cx
                        .model
                        .cluster(o.cluster)
                        .is_some_and(|c| c.contains(o.kind, &o.key)) =>
                {
                    vec![Effect::Go(Target::object(&o))]
                }
                target => {
                    let why = match target {
                        Some(_) => format!("{} is gone from {}", g.object, g.context),
                        None => format!(
                            "fleetdeck does not watch {}: showing its event",
                            g.object.split('/').next().unwrap_or("that kind")
                        ),
                    };
                    vec![
                        Effect::Go(Target::object(&event)),
                        Effect::Status(why, Tone::Warn),
                    ]
                }
            },
            Action::Yaml => YamlOverlay::open(event, cx),
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.rows(cx.model);
        let events: usize = self.rows.iter().map(|g| g.events).sum();
        let title = Line::from(vec![
            Span::styled(" Warnings ", cx.theme.style(Slot::Title)),
            Span::styled(
                format!(
                    "({} rows from {events} events, {} clusters) ",
                    self.rows.len(),
                    cx.model.clusters.len()
                ),
                cx.theme.style(Slot::Dim),
            ),
        ]);
        self.table.render(f, area, cx, &self.rows, title);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.rows(cx.model);
        let order = self.table.order(&self.rows, cx.now);
        order
            .into_iter()
            .map(|i| {
                let g = &self.rows[i];
                let mut v = self.table_json(g);
                v["events"] = Value::from(g.events);
                v["latest_event"] = Value::from(g.latest.name.to_string());
                v
            })
            .collect()
    }
}

impl WarningsPane {
    fn table_json(&self, g: &WarningGroup) -> Value {
        let mut o = serde_json::Map::new();
        crate::views::rows::json(COLUMNS, g, &mut o);
        Value::Object(o)
    }
}
