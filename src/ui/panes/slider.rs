//! The sliders of one Karmada policy (a row per candidate cluster: weight, bar, share, and for
//! every bound template its replicas there now → after, by Karmada's split) or of one Istio
//! route (a row per destination: its cluster, weight, share) or of a cluster's Volcano queues
//! (a row per queue: its state, weight, share among the open ones). Keys of the slider layer; digits
//! type a weight; changes stay pending (undo, redo, revert) until applied through a plan.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table};
use serde_json::{Value, json};

use crate::actions::Verb;
use crate::actions::routes::RouteSel;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::{FleetModel, Kind};
use crate::karmada::placement::{Candidate, Mode};
use crate::karmada::preview::{TemplatePreview, current, preview};
use crate::kinds::Tone;
use crate::kinds::binding::BindingRow;
use crate::kinds::istio::VirtualService;
use crate::kinds::policy::{ClusterPropagationPolicy, PolicyRow, PropagationPolicy};
use crate::ui::pane::{Command, Cx, Effect, Pane, Request};
use crate::ui::sliders::Sliders;
use crate::views::weights::{self as w, WeightsOf};

#[path = "slider_draw.rs"]
mod draw;

/// The highest weight a slider goes to.
const MAX_WEIGHT: i64 = 1_000_000;

/// The `s` prompt: how much, then where to.
enum Prompt {
    Percent(String),
    To { pct: i64, to: usize },
}

pub struct SliderPane {
    of: WeightsOf,
    sliders: Option<Sliders>,
    sel: usize,
    /// Digits typed into the selected row.
    typing: Option<String>,
    prompt: Option<Prompt>,
    pin: bool,
    /// Esc once with changes pending: the next Esc leaves.
    leaving: bool,
    /// What it was refreshed at (`views::weights::generations`).
    gens: Vec<u64>,
    /// What the pane shows besides the sliders.
    candidates: Vec<Candidate>,
    bindings: Vec<BindingRow>,
    notes: Vec<String>,
    dynamic: Option<String>,
    /// Route destinations' clusters.
    dest_clusters: Vec<Option<String>>,
    /// Queues: each one's state (only the open ones share), and their cluster's context.
    states: Vec<String>,
    context: String,
    missing: Option<String>,
}

fn policy<'a>(m: &'a FleetModel, of: &WeightsOf) -> Option<&'a PolicyRow> {
    let WeightsOf::Policy { cluster, kind, key } = of else {
        return None;
    };
    let c = m.cluster(*cluster)?;
    match kind {
        Kind::PropagationPolicy => c.store::<PropagationPolicy>().get(key),
        _ => c.store::<ClusterPropagationPolicy>().get(key),
    }
}

impl SliderPane {
    pub fn new(of: WeightsOf) -> Self {
        SliderPane {
            of,
            sliders: None,
            sel: 0,
            typing: None,
            prompt: None,
            pin: false,
            leaving: false,
            gens: vec![u64::MAX],
            candidates: vec![],
            bindings: vec![],
            notes: vec![],
            dynamic: None,
            dest_clusters: vec![],
            states: vec![],
            context: String::new(),
            missing: None,
        }
    }

    fn refresh(&mut self, m: &FleetModel) {
        let mut gens = w::generations(m);
        gens.extend(crate::views::queues::generations(m));
        if gens == self.gens {
            return;
        }
        self.gens = gens;
        self.missing = None;
        let (names, current, keep_100) = match &self.of {
            WeightsOf::Policy { cluster, .. } => {
                let Some(p) = policy(m, &self.of) else {
                    self.missing = Some("the policy is gone".into());
                    return;
                };
                self.candidates = w::policy_sliders(m, *cluster, p);
                self.bindings = w::bound(m, *cluster, p);
                self.dynamic = match p.placement.mode() {
                    Mode::Dynamic(d) => Some(d),
                    _ => None,
                };
                self.notes = self
                    .candidates
                    .iter()
                    .filter_map(|c| {
                        let t = c.tainted.as_ref()?;
                        Some(format!("{} is left out: taint {t} not tolerated", c.name))
                    })
                    .collect();
                let names = self.candidates.iter().map(|c| c.name.to_string()).collect();
                let cur = self.candidates.iter().map(|c| c.weight).collect();
                (names, cur, false)
            }
            WeightsOf::Route {
                cluster,
                key,
                route,
            } => {
                let vs = m
                    .cluster(*cluster)
                    .and_then(|c| c.store::<VirtualService>().get(key));
                let Some(r) = vs.and_then(|v| v.http.get(*route)) else {
                    self.missing = Some("the route is gone".into());
                    return;
                };
                let ns = key.namespace.as_deref().unwrap_or("");
                self.dest_clusters = r
                    .iter()
                    .map(|d| w::dest_cluster(m, *cluster, ns, d))
                    .collect();
                let cur = w::route_weights(r);
                let keep = cur.iter().sum::<i64>() == 100;
                (w::dest_labels(r), cur, keep)
            }
            WeightsOf::Queues { cluster } => {
                let qs = crate::views::queues::of_cluster(m, *cluster);
                if qs.is_empty() {
                    self.missing = Some("the cluster has no Volcano queues".into());
                    return;
                }
                self.states = qs.iter().map(|(_, _, s)| s.to_string()).collect();
                self.context = m.cluster(*cluster).map_or("", |c| &c.context).to_string();
                let names = qs.iter().map(|(n, _, _)| n.to_string()).collect();
                (names, qs.iter().map(|(_, w, _)| *w).collect(), false)
            }
        };
        let max = match self.of {
            WeightsOf::Queues { .. } => crate::actions::queues::MAX_WEIGHT,
            _ => MAX_WEIGHT,
        };
        match &mut self.sliders {
            Some(s) => s.refresh(names, current),
            None => self.sliders = Some(Sliders::new(names, current, keep_100, max)),
        }
        let n = self.sliders.as_ref().map_or(0, |s| s.names.len());
        self.sel = self.sel.min(n.saturating_sub(1));
    }

    fn previews(&self) -> Vec<TemplatePreview> {
        match &self.sliders {
            Some(_) if self.dynamic.is_some() => current(&self.bindings),
            Some(s) if matches!(self.of, WeightsOf::Policy { .. }) => {
                preview(&self.candidates, &s.pending, &self.bindings)
            }
            _ => vec![],
        }
    }

    /// Row `i`'s share: of the pending weights, or with dynamic weights of the replicas the
    /// scheduler assigned (the weights there are not the policy's).
    fn share(&self, s: &Sliders, previews: &[TemplatePreview], i: usize) -> f64 {
        if matches!(self.of, WeightsOf::Queues { .. }) {
            let open = |j: usize| self.states.get(j).is_some_and(|s| s == "Open");
            let ws: Vec<(&str, i64, bool)> = (0..s.names.len())
                .map(|j| (s.names[j].as_str(), s.pending[j], open(j)))
                .collect();
            return crate::views::queues::open_shares(&ws)[i].unwrap_or(0.0);
        }
        if self.dynamic.is_none() {
            return s.share(i);
        }
        let on = |n: &str| previews.iter().map(|p| p.before_on(n)).sum::<i64>();
        let total: i64 = s.names.iter().map(|n| on(n)).sum();
        if total == 0 {
            return 0.0;
        }
        100.0 * on(&s.names[i]) as f64 / total as f64
    }

    fn verb(&self, s: &Sliders) -> Verb {
        match &self.of {
            WeightsOf::Policy { cluster, kind, key } => Verb::SetWeights {
                control_plane: *cluster,
                kind: *kind,
                policy: key.clone(),
                weights: s.changes(),
                pin: self.pin,
            },
            WeightsOf::Route {
                cluster,
                key,
                route,
            } => Verb::SetRouteWeights {
                clusters: vec![*cluster],
                vs: key.clone(),
                route: RouteSel::Index(*route),
                weights: s.changes(),
            },
            WeightsOf::Queues { cluster } => Verb::QueueWeights {
                clusters: vec![*cluster],
                weights: s.changes(),
            },
        }
    }

    fn object(&self) -> String {
        match &self.of {
            WeightsOf::Policy { kind, key, .. } => format!("{} {key}", kind.api().kind),
            WeightsOf::Route { key, route, .. } => format!("VirtualService {key} http[{route}]"),
            WeightsOf::Queues { .. } => format!("Volcano queues on {}", self.context),
        }
    }
}

impl Pane for SliderPane {
    fn title(&self, _cx: &Cx) -> String {
        self.object()
    }

    fn name(&self, cx: &Cx) -> String {
        let context = cx
            .model
            .cluster(self.of.cluster())
            .map_or("", |c| c.context.as_str());
        format!("weights:{}", self.of.id(context))
    }

    fn layer(&self) -> Layer {
        Layer::Slider
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        let mut c = vec![
            Command::new(Action::Inc, "+1"),
            Command::new(Action::Dec, "-1"),
            Command::more(Action::IncBig, "+10"),
            Command::more(Action::DecBig, "-10"),
            Command::new(Action::ShiftWeight, "shift %"),
            Command::new(Action::Equal, "equal"),
            Command::new(Action::Undo, "undo"),
            Command::more(Action::Redo, "redo"),
            Command::more(Action::Reset, "revert all"),
            Command::new(Action::Apply, "apply"),
            Command::more(Action::Cancel, "leave"),
        ];
        if matches!(self.of, WeightsOf::Policy { .. }) {
            c.push(Command::more(Action::Pin, "pin by name"));
        }
        c
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        self.typing = None;
        let Some(s) = self.sliders.as_mut() else {
            return if a == Action::Cancel {
                vec![Effect::Back]
            } else {
                vec![]
            };
        };
        if a != Action::Cancel {
            self.leaving = false;
        }
        let n = s.names.len();
        if let Some(p) = self.prompt.take() {
            match (p, a) {
                (Prompt::To { pct, to }, Action::Up) => {
                    self.prompt = Some(Prompt::To {
                        pct,
                        to: (to + n - 1) % n.max(1),
                    })
                }
                (Prompt::To { pct, to }, Action::Down) => {
                    self.prompt = Some(Prompt::To {
                        pct,
                        to: (to + 1) % n.max(1),
                    })
                }
                (Prompt::To { pct, to }, Action::Apply) => s.shift(self.sel, to, pct),
                (Prompt::Percent(t), Action::Apply) => {
                    let pct: i64 = t.parse().unwrap_or(0).min(100);
                    let to = (self.sel + 1) % n.max(1);
                    self.prompt = Some(Prompt::To { pct, to });
                }
                (p, Action::Cancel) => drop(p),
                (p, _) => self.prompt = Some(p),
            }
            return vec![];
        }
        if self.dynamic.is_some() && !matches!(a, Action::Up | Action::Down | Action::Cancel) {
            return vec![Effect::Status(
                "dynamic weights are the scheduler's: there is nothing to slide".into(),
                Tone::Warn,
            )];
        }
        match a {
            Action::Up => self.sel = self.sel.saturating_sub(1),
            Action::Down => self.sel = (self.sel + 1).min(n.saturating_sub(1)),
            Action::Inc => s.add(self.sel, 1),
            Action::Dec => s.add(self.sel, -1),
            Action::IncBig => s.add(self.sel, 10),
            Action::DecBig => s.add(self.sel, -10),
            Action::Equal => s.equal(),
            Action::Undo => {
                s.undo();
            }
            Action::Redo => {
                s.redo();
            }
            Action::Reset => s.revert(),
            Action::Pin => {
                self.pin = !self.pin;
                let msg = if self.pin {
                    "pin on: applying rewrites the weight rules one per cluster, by name"
                } else {
                    "pin off: applying changes only the rules' weights"
                };
                return vec![Effect::Status(msg.into(), Tone::Warn)];
            }
            Action::ShiftWeight if n > 1 => self.prompt = Some(Prompt::Percent(String::new())),
            Action::Apply if !s.dirty() => {
                return vec![Effect::Status(
                    "no pending change to apply".into(),
                    Tone::Warn,
                )];
            }
            Action::Apply => {
                let s = s.clone();
                return vec![Effect::Request(Request::Plan {
                    id: cx.next_id(),
                    verb: self.verb(&s),
                })];
            }
            Action::Cancel if s.dirty() && !self.leaving => {
                self.leaving = true;
                let k = cx.key(Layer::Slider, Action::Cancel);
                return vec![Effect::Status(
                    format!(
                        "{} pending change(s) not applied: {k} again leaves without them",
                        s.changes().len()
                    ),
                    Tone::Warn,
                )];
            }
            Action::Cancel => return vec![Effect::Back],
            _ => {}
        }
        vec![]
    }

    fn on_text(&mut self, ev: &KeyEvent, cx: &Cx) -> Vec<Effect> {
        self.refresh(cx.model);
        let KeyCode::Char(c) = ev.code else {
            return vec![];
        };
        if let Some(Prompt::Percent(t)) = &mut self.prompt {
            if t.len() < 3 {
                t.push(c);
            }
            return vec![];
        }
        if self.dynamic.is_some() || self.prompt.is_some() {
            return vec![];
        }
        let Some(s) = self.sliders.as_mut() else {
            return vec![];
        };
        let mut t = self.typing.take().unwrap_or_default();
        if t.len() < 7 {
            t.push(c);
        }
        s.set(self.sel, t.parse().unwrap_or(0));
        self.typing = Some(t);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.refresh(cx.model);
        self.draw(f, area, cx);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.refresh(cx.model);
        let previews = self.previews();
        let Some(s) = &self.sliders else {
            return vec![];
        };
        (0..s.names.len())
            .map(|i| {
                let replicas: serde_json::Map<String, Value> = previews
                    .iter()
                    .map(|p| (p.label(), json!({"now": p.before_on(&s.names[i]), "after": p.after_on(&s.names[i])})))
                    .collect();
                let mut row = json!({
                    "name": s.names[i],
                    "cluster": self.dest_clusters.get(i).cloned().flatten(),
                    "left_out": self.candidates.get(i).and_then(|c| c.tainted.clone()),
                    "weight": if self.dynamic.is_some() { Value::Null } else { json!(s.current[i]) },
                    "pending": if self.dynamic.is_some() { Value::Null } else { json!(s.pending[i]) },
                    "share": (self.share(s, &previews, i) * 100.0).round() / 100.0,
                    "replicas": replicas,
                });
                if let Some(st) = self.states.get(i) {
                    row["state"] = json!(st);
                }
                row
            })
            .collect()
    }
}
