//! Mesh: the traffic share per member cluster across every Istio route of the fleet, and one
//! row per VirtualService of every context (its share per cluster, its DestinationRules,
//! readiness warnings); details of the selected one below. `d` drains a cluster out of every
//! route (asks which, and whether to cordon it in Karmada too), `R` restores a recent plan from
//! the audit log, Enter opens the sliders of the service's first route.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use serde_json::{Value, json};

use super::PaneEntry;
use super::slider::SliderPane;
use crate::actions::{Verb, check_writable, restore};
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::{FleetModel, ObjKey};
use crate::kinds::Tone;
use crate::ui::list_table::{ListTable, details_box};
use crate::ui::nav::Moved;
use crate::ui::overlays::chooser::ChooserOverlay;
use crate::ui::pane::{Command, Cx, Effect, Pane, Reply, Request};
use crate::views::mesh::{self, COLUMNS, MeshRow, drain_verb, drainable, shares_text};
use crate::views::weights::{WeightsOf, generations};

pub const ENTRY: PaneEntry = PaneEntry {
    name: "mesh",
    usage: "mesh",
    palette: Some("mesh (Istio traffic per cluster)"),
    open: |_, _| Ok(Box::new(MeshPane::new())),
};

/// How many recent plans `R` lists.
const RECENT: usize = 10;

pub struct MeshPane {
    table: ListTable<MeshRow>,
    rows: Vec<MeshRow>,
    rollup: BTreeMap<String, f64>,
    /// What the rows were computed at (`views::weights::generations`).
    gens: Vec<u64>,
    /// The audit log asked for by `R`.
    audit: Option<u64>,
}

impl Default for MeshPane {
    fn default() -> Self {
        Self::new()
    }
}

fn tone(r: &MeshRow) -> Tone {
    if r.warnings.is_empty() {
        Tone::Normal
    } else {
        Tone::Warn
    }
}

/// The chooser of the cluster to drain out of the mesh, starting at `first` when given.
pub fn drain_chooser(m: &FleetModel, first: Option<&str>) -> Vec<Effect> {
    let rollup = mesh::rollup(&mesh::rows(m));
    let names = drainable(&rollup);
    let labels = names
        .iter()
        .map(|n| format!("{n:<16} {:>3.0}% of the traffic now", rollup[n]))
        .collect();
    let at = first
        .and_then(|f| names.iter().position(|n| n == f))
        .unwrap_or(0);
    let Verb::Drain {
        clusters,
        control_planes,
        ..
    } = drain_verb(m, "", false)
    else {
        return vec![];
    };
    let make = Box::new(move |i: usize, cordon: bool| Verb::Drain {
        clusters: clusters.clone(),
        control_planes: control_planes.clone(),
        member: names[i].clone(),
        to: None,
        cordon,
    });
    let c = ChooserOverlay::new("Drain which cluster out of the mesh?", labels, make)
        .with_option("also cordon it in Karmada")
        .at(at);
    vec![Effect::Open(Box::new(c))]
}

impl MeshPane {
    pub fn new() -> Self {
        MeshPane {
            table: ListTable::new(COLUMNS, MeshRow::id, |r| Some(&r.context), tone),
            rows: Vec::new(),
            rollup: BTreeMap::new(),
            gens: vec![u64::MAX],
            audit: None,
        }
    }

    fn refresh(&mut self, m: &FleetModel) {
        let gens = generations(m);
        if gens != self.gens {
            self.rows = mesh::rows(m);
            self.rollup = mesh::rollup(&self.rows);
            self.gens = gens;
        }
    }

    fn details(&self, r: &MeshRow, cx: &Cx) -> Vec<Line<'static>> {
        let t = cx.theme;
        let mut lines = vec![Line::from(vec![
            Span::styled(
                format!("{} {}/{}  ", r.context, r.namespace, r.name),
                t.style(Slot::Accent),
            ),
            Span::raw(shares_text(&r.shares, " · ")),
        ])];
        for w in &r.warnings {
            lines.push(Line::styled(format!("warning: {w}"), t.style(Slot::Warn)));
        }
        for x in &r.routes {
            let name = x
                .name
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            let dests: Vec<String> = (0..x.labels.len())
                .map(|j| {
                    let cl = x.clusters[j].as_deref().unwrap_or(crate::mesh::UNKNOWN);
                    format!("{} → {cl} {}", x.labels[j], x.weights[j])
                })
                .collect();
            lines.push(Line::from(format!(
                "http[{}]{name}: {}",
                x.index,
                dests.join(" · ")
            )));
        }
        for d in &r.drs {
            let subsets: Vec<String> = d
                .subsets
                .iter()
                .map(|(s, c)| format!("{s}→{}", c.as_deref().unwrap_or("-")))
                .collect();
            lines.push(Line::styled(
                format!(
                    "DestinationRule {} ({}): outlierDetection {} · locality {} · subsets {}",
                    d.name,
                    d.host,
                    if d.outlier { "yes" } else { "no" },
                    d.locality.as_deref().unwrap_or("-"),
                    subsets.join(" ")
                ),
                t.style(Slot::Dim),
            ));
        }
        if r.drs.is_empty() {
            lines.push(Line::styled("no DestinationRule", t.style(Slot::Dim)));
        }
        lines
    }
}

impl Pane for MeshPane {
    fn title(&self, _cx: &Cx) -> String {
        "Mesh".into()
    }

    fn name(&self, _cx: &Cx) -> String {
        "mesh".into()
    }

    fn layer(&self) -> Layer {
        self.table.nav.layer()
    }

    fn commands(&self, cx: &Cx) -> Vec<Command> {
        let mut c = vec![Command::new(Action::Select, "route sliders")];
        if !cx.readonly {
            c.push(Command::new(Action::Drain, "drain a cluster"));
            c.push(Command::new(Action::Restore, "restore a plan"));
        }
        c.push(Command::new(Action::Filter, "filter"));
        c.push(Command::more(Action::SortNext, "sort"));
        c.push(Command::more(Action::SortReverse, "reverse sort"));
        c
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        if self.table.on_action(a, &self.rows, cx.now) == Moved::Done {
            return vec![];
        }
        let refuse = |what: &str| match check_writable(cx.readonly, what) {
            Err(e) => Some(vec![Effect::Status(e.to_string(), Tone::Err)]),
            Ok(()) => None,
        };
        match (a, self.table.selected(&self.rows, cx.now)) {
            (Action::Select, Some(r)) if !r.routes.is_empty() => {
                vec![Effect::Push(Box::new(SliderPane::new(WeightsOf::Route {
                    cluster: r.cluster,
                    key: ObjKey::new(Some(&r.namespace), &r.name),
                    route: 0,
                })))]
            }
            (Action::Drain, sel) => {
                refuse("drain a cluster out of the mesh").unwrap_or_else(|| {
                    let first = sel.and_then(|r| {
                        r.shares
                            .iter()
                            .max_by(|a, b| a.1.total_cmp(b.1))
                            .map(|(c, _)| c.clone())
                    });
                    drain_chooser(cx.model, first.as_deref())
                })
            }
            (Action::Restore, _) => refuse("restore a plan").unwrap_or_else(|| {
                let id = cx.next_id();
                self.audit = Some(id);
                vec![
                    Effect::Status("reading the audit log…".into(), Tone::Normal),
                    Effect::Request(Request::Audit { id }),
                ]
            }),
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table.nav.on_text(ev);
        vec![]
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &Cx) -> Vec<Effect> {
        let Reply::Audit { id, entries } = reply else {
            return vec![];
        };
        if self.audit != Some(*id) {
            return vec![];
        }
        self.audit = None;
        let entries = match entries {
            Ok(e) => e.clone(),
            Err(e) => return vec![Effect::Status(e.clone(), Tone::Err)],
        };
        let recent = restore::recent(&entries, RECENT);
        if recent.is_empty() {
            return vec![Effect::Status(
                "the audit log has no plans to restore".into(),
                Tone::Warn,
            )];
        }
        let labels = recent
            .iter()
            .map(|(id, verb, time, n)| {
                let verb = if verb.is_empty() { "?" } else { verb };
                format!("{id}  {verb:<17} {time}  {n} step(s) standing")
            })
            .collect();
        let n = recent.len();
        let ids: Vec<String> = recent.into_iter().map(|r| r.0).collect();
        let make = Box::new(move |i: usize, _| Verb::Restore {
            plan_id: ids[i].clone(),
            entries: entries.clone(),
        });
        let c = ChooserOverlay::new("Restore which plan?", labels, make);
        vec![
            Effect::Status(format!("{n} recent plan(s) in the audit log"), Tone::Normal),
            Effect::Open(Box::new(c)),
        ]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx.model);
        let t = cx.theme;
        let detail_h = if area.height >= 30 { 10 } else { 6 };
        let [head, top, bottom] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(5),
            Constraint::Length(detail_h),
        ])
        .areas(area);
        let routes: usize = self.rows.iter().map(|r| r.routes.len()).sum();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled("traffic share per cluster: ", t.style(Slot::Title)),
                Span::raw(shares_text(&self.rollup, " · ")),
                Span::styled(
                    format!("  (mean over {routes} route(s))"),
                    t.style(Slot::Dim),
                ),
            ])),
            head,
        );
        let warned = self.rows.iter().filter(|r| !r.warnings.is_empty()).count();
        let title = Line::from(Span::styled(
            format!(
                " Mesh: VirtualServices ({}, {warned} with warnings) ",
                self.rows.len()
            ),
            t.style(Slot::Title),
        ));
        let selected = self.table.render(f, top, cx, &self.rows, title);
        let lines = selected
            .map(|i| self.details(&self.rows[i], cx))
            .unwrap_or_default();
        details_box(f, bottom, lines, cx);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        let order = self.table.order(&self.rows, cx.now);
        order.into_iter().map(|i| self.rows[i].json()).collect()
    }

    fn summary_json(&mut self, cx: &Cx) -> Option<Value> {
        self.refresh(cx.model);
        let routes: usize = self.rows.iter().map(|r| r.routes.len()).sum();
        Some(json!({"shares": self.rollup, "routes": routes}))
    }
}
