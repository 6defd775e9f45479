//! The `:` palette: fuzzy search over panes, clusters, cluster tabs, kinds across the fleet,
//! what Karmada propagates to each member, the focused pane's commands, and every object of
//! every cluster. Its cost per keystroke is bounded by what it shows (see `ui::search`).

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{block, centered};
use crate::config::keymap::{Action, Layer, typed_char};
use crate::config::theme::Slot;
use crate::fleet::{Kind, ObjKey};
use crate::kinds::with_kind;
use crate::ui::pane::{Command, Cx, Effect, Overlay, Target};
use crate::ui::panes::fleet::plan;
use crate::ui::panes::{self, PANES};
use crate::ui::search::{self, Hit, LIMIT};
use crate::views::mesh;
use crate::views::propagation_reverse::karmada_members;

/// Where an entry leads.
#[derive(Clone, Debug, PartialEq)]
pub enum Go {
    Target(Target),
    /// A registered pane by name.
    Pane(&'static str),
    /// A command of the focused pane.
    Run(Action),
    /// Plan draining this cluster out of the mesh.
    Drain(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub label: String,
    /// Matched character positions (highlighted).
    pub hit: Vec<usize>,
    pub go: Go,
}

pub struct PaletteOverlay {
    commands: Vec<Command>,
    /// The clusters the mesh sends traffic to (none when read-only): `drain X` entries.
    drains: Vec<String>,
    pub query: String,
    pub selected: usize,
    pub results: Vec<Entry>,
    /// The last object search: its query, the model generation, what matched.
    last: Option<(Vec<char>, u64, Vec<Hit>)>,
    page: usize,
}

impl PaletteOverlay {
    /// `commands`: what the focused pane offers.
    pub fn new(commands: Vec<Command>, cx: &Cx) -> Self {
        let drains = if cx.readonly {
            vec![]
        } else {
            mesh::drainable(&mesh::rollup(&mesh::rows(cx.model)))
        };
        let mut p = PaletteOverlay {
            commands,
            drains,
            query: String::new(),
            selected: 0,
            results: Vec::new(),
            last: None,
            page: 10,
        };
        p.search(cx);
        p
    }

    /// The fixed entries: panes, commands, clusters, tabs, kinds across the fleet.
    fn fixed(&self, cx: &Cx) -> Vec<(String, Go)> {
        let mut out = Vec::new();
        for e in PANES {
            if let Some(label) = e.palette {
                out.push((format!("pane: {label}"), Go::Pane(e.name)));
            }
        }
        for c in &self.commands {
            if let Some(k) = cx.keymap.keys_for(Layer::Table, c.action).first() {
                out.push((format!("cmd: {} ({k})", c.label), Go::Run(c.action)));
            }
        }
        for d in &self.drains {
            out.push((
                format!("cmd: drain {d} out of the mesh"),
                Go::Drain(d.clone()),
            ));
        }
        for (id, c) in cx.model.clusters.iter().enumerate() {
            out.push((
                format!("cluster: {}", c.context),
                Go::Target(Target::Cluster {
                    id,
                    kind: None,
                    select: None,
                }),
            ));
            for kind in panes::cluster::tabs(cx, id) {
                out.push((
                    format!("{} › {}", c.context, kind.title().to_lowercase()),
                    Go::Target(Target::Cluster {
                        id,
                        kind: Some(kind),
                        select: None,
                    }),
                ));
            }
        }
        for m in karmada_members(cx.model) {
            out.push((
                format!("propagated to {m} (what Karmada puts there)"),
                Go::Target(Target::Pane(format!("propagation:{m}"))),
            ));
        }
        for kind in Kind::ALL {
            out.push((
                format!("all › {} (every cluster)", kind.title().to_lowercase()),
                Go::Target(Target::Pane(format!("all:{}", kind.api().plural))),
            ));
        }
        out
    }

    /// Search again for the query: the fixed entries and the objects, best [`LIMIT`] kept.
    pub fn search(&mut self, cx: &Cx) {
        let q = search::query(&self.query);
        let m = cx.model;
        // Objects: only what the last query matched, when this one extends it.
        let among = match &self.last {
            Some((lq, generation, hits))
                if *generation == m.generation() && q.starts_with(lq) && !lq.is_empty() =>
            {
                Some(hits.as_slice())
            }
            _ => None,
        };
        let objects = if q.is_empty() {
            Vec::new()
        } else {
            search::scan(m, &q, among)
        };
        self.last = (!q.is_empty()).then(|| {
            (
                q.clone(),
                m.generation(),
                objects.iter().map(|(_, h)| *h).collect(),
            )
        });
        let mut scored: Vec<(i32, usize)> = Vec::new();
        let fixed = self.fixed(cx);
        // The drain commands plan a change: offered only to a query that starts `dr` (typing
        // `mesh` goes to the pane, never to a drain).
        let drains = self.query.trim_start().to_lowercase().starts_with("dr");
        for (i, (label, go)) in fixed.iter().enumerate() {
            if matches!(go, Go::Drain(_)) && !drains {
                continue;
            }
            if let Some(s) = search::score(&q, &[label]) {
                // Panes, clusters and tabs first among equals: a small bonus.
                scored.push((s + 8, i));
            }
        }
        let fixed_best = search::best(scored, LIMIT, |i| fixed[*i].0.len());
        let object_best = search::best(objects, LIMIT, |h| {
            cx.model.clusters[h.cluster as usize].context.len()
        });
        let mut entries: Vec<(i64, Entry)> = Vec::new();
        for (s, i) in fixed_best {
            let (label, go) = fixed[i].clone();
            entries.push((
                i64::from(s),
                Entry {
                    label,
                    hit: vec![],
                    go,
                },
            ));
        }
        for (s, h) in object_best {
            let Some(label) = search::label(m, h) else {
                continue;
            };
            let Some(key) = key_of(cx, h) else { continue };
            let go = Go::Target(Target::Cluster {
                id: h.cluster as usize,
                kind: Some(h.kind),
                select: Some(key),
            });
            entries.push((
                i64::from(s),
                Entry {
                    label,
                    hit: vec![],
                    go,
                },
            ));
        }
        // skim orders and highlights what is shown.
        for (s, e) in entries.iter_mut() {
            if let Some((score, idx)) = search::skim(&e.label, &self.query) {
                *s = score;
                e.hit = idx;
            }
            // A pane typed by its name (`edge`, also a prefix of the context `edge-cn`) first.
            if matches!(e.go, Go::Pane(n) if n.eq_ignore_ascii_case(self.query.trim())) {
                *s += 1_000;
            }
        }
        if !q.is_empty() {
            entries.sort_by(|a, b| {
                b.0.cmp(&a.0)
                    .then_with(|| a.1.label.len().cmp(&b.1.label.len()))
            });
        }
        self.results = entries.into_iter().map(|(_, e)| e).take(LIMIT).collect();
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }

    fn accept(&self, cx: &Cx) -> Vec<Effect> {
        let Some(e) = self.results.get(self.selected) else {
            return vec![];
        };
        let go = match &e.go {
            Go::Target(t) => Effect::Go(t.clone()),
            Go::Pane(name) => Effect::Go(Target::Pane(name.to_string())),
            Go::Run(a) => Effect::Run(*a),
            Go::Drain(x) => {
                let mut e = vec![Effect::Close];
                e.extend(plan(mesh::drain_verb(cx.model, x, false), cx));
                return e;
            }
        };
        vec![Effect::Close, go]
    }
}

fn key_of(cx: &Cx, h: Hit) -> Option<ObjKey> {
    let c = cx.model.clusters.get(h.cluster as usize)?;
    with_kind!(h.kind, K => {
        use crate::fleet::Keyed;
        Some(c.store::<K>().row(h.id)?.obj_key())
    })
}

impl Overlay for PaletteOverlay {
    fn layer(&self) -> Layer {
        Layer::Palette
    }

    fn kind(&self) -> &'static str {
        "palette"
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        let last = self.results.len().saturating_sub(1);
        match a {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => self.selected = (self.selected + self.page).min(last),
            Action::PageUp => self.selected = self.selected.saturating_sub(self.page),
            Action::Accept => return self.accept(cx),
            Action::Cancel => return vec![Effect::Close],
            Action::Clear => {
                self.query.clear();
                self.selected = 0;
                self.search(cx);
            }
            _ => {}
        }
        vec![]
    }

    fn on_text(&mut self, ev: &KeyEvent, cx: &Cx) -> Vec<Effect> {
        match (ev.code, typed_char(ev)) {
            (KeyCode::Backspace, _) => {
                self.query.pop();
            }
            (_, Some(c)) => self.query.push(c),
            _ => return vec![],
        }
        self.selected = 0;
        self.search(cx);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let r = centered(area, 70, 60);
        f.render_widget(Clear, r);
        let [input, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(r);
        self.page = list.height.saturating_sub(2).max(1) as usize;
        let t = cx.theme;
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(": ", t.style(Slot::Accent)),
                Span::raw(self.query.clone()),
                Span::styled("█", t.style(Slot::Accent)),
            ]))
            .block(block(
                cx,
                " Go to (panes, clusters, kinds, objects, commands) ",
            )),
            input,
        );
        let items: Vec<ListItem> = self
            .results
            .iter()
            .map(|e| {
                let spans: Vec<Span> = e
                    .label
                    .chars()
                    .enumerate()
                    .map(|(i, ch)| {
                        if e.hit.contains(&i) {
                            Span::styled(
                                ch.to_string(),
                                t.style(Slot::Accent).add_modifier(Modifier::BOLD),
                            )
                        } else {
                            Span::raw(ch.to_string())
                        }
                    })
                    .collect();
                ListItem::new(Line::from(spans))
            })
            .collect();
        let mut state = ListState::default();
        if !self.results.is_empty() {
            state.select(Some(self.selected.min(self.results.len() - 1)));
        }
        let n = self.results.len();
        let keys = |a| cx.keymap.keys_for(Layer::Palette, a).join("/");
        f.render_stateful_widget(
            List::new(items).highlight_style(t.selected()).block(block(
                cx,
                format!(
                    " {n} match(es) · {}: go · {}: close ",
                    keys(Action::Accept),
                    keys(Action::Cancel)
                ),
            )),
            list,
            &mut state,
        );
    }
}
