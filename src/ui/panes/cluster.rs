//! One cluster's drill-down: a tab per kind it serves, each a table with sort and `/` filter;
//! Enter or `y` shows an object's YAML, fetched on demand. On a Karmada member, `p` lists what
//! Karmada propagates to it.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Tabs;
use serde_json::Value;

use super::PaneEntry;
use super::propagation::PropagationPane;
use crate::actions::Verb;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::fleet::{ClusterId, Kind, KindSync, ObjKey};
use crate::kinds::Tone;
use crate::ui::kind_table::KindTable;
use crate::ui::nav::Moved;
use crate::ui::overlays::editor::EditorOverlay;
use crate::ui::overlays::yaml::YamlOverlay;
use crate::ui::pane::{Command, Cx, Effect, Pane};
use crate::views::Scope;
use crate::views::policy_edit::{self, EditTarget};
use crate::views::propagation_reverse::karmada_members;

pub const ENTRY: PaneEntry = PaneEntry {
    name: "cluster",
    usage: "cluster:CONTEXT[:KIND]",
    palette: None,
    open: |args, cx| {
        let args = args.ok_or("cluster:CONTEXT[:KIND] needs a context")?;
        // Contexts may hold colons themselves (EKS ARNs): the whole argument first, then a kind
        // after the last colon.
        let (ctx, kind) = match cx.model.cluster_by_context(args) {
            Some(_) => (args, None),
            None => match args.rsplit_once(':') {
                Some((c, k)) => (c, Some(k)),
                None => (args, None),
            },
        };
        let (id, _) = cx
            .model
            .cluster_by_context(ctx)
            .ok_or_else(|| format!("no context {ctx:?} in this fleet"))?;
        let kind = kind.map(super::kind_arg).transpose()?;
        if let Some(k) = kind
            && !tabs(cx, id).contains(&k)
        {
            return Err(format!("{ctx} does not serve {}", k.name()));
        }
        Ok(Box::new(ClusterPane::new(id, kind)))
    },
};

pub struct ClusterPane {
    id: ClusterId,
    kind: Kind,
    tables: HashMap<Kind, KindTable>,
}

/// The tabs of a cluster: the core kinds, then the others it serves.
pub fn tabs(cx: &Cx, id: ClusterId) -> Vec<Kind> {
    let Some(c) = cx.model.cluster(id) else {
        return vec![];
    };
    Kind::ALL
        .iter()
        .copied()
        .filter(|k| k.is_core() || c.has_kind(*k))
        .collect()
}

impl ClusterPane {
    pub fn new(id: ClusterId, kind: Option<Kind>) -> Self {
        ClusterPane {
            id,
            kind: kind.unwrap_or(Kind::Node),
            tables: HashMap::new(),
        }
    }

    pub fn cluster(&self) -> ClusterId {
        self.id
    }

    /// Show `kind`'s tab, with `key` selected if given.
    pub fn show(&mut self, kind: Kind, key: Option<ObjKey>) {
        self.kind = kind;
        if let Some(key) = key {
            let id = self.id;
            self.table().select(id, key);
        }
    }

    fn table(&mut self) -> &mut KindTable {
        let (id, kind) = (self.id, self.kind);
        self.tables
            .entry(kind)
            .or_insert_with(|| KindTable::new(kind, Scope::Cluster(id)))
    }

    /// What `edit` does on this tab: a policy tab edits the policy; a control plane's
    /// Deployments tab propagates a Deployment (or edits the policy that already does).
    fn edit_label(&self, cx: &Cx) -> Option<&'static str> {
        match self.kind {
            Kind::PropagationPolicy | Kind::ClusterPropagationPolicy => Some("edit policy"),
            Kind::Deployment
                if !cx.readonly
                    && cx
                        .model
                        .cluster(self.id)
                        .is_some_and(|c| c.is_karmada_control_plane()) =>
            {
                Some("propagate")
            }
            _ => None,
        }
    }

    fn edit(&self, selected: Option<crate::views::ObjRef>, cx: &Cx) -> Vec<Effect> {
        let Some(obj) = selected else {
            return vec![];
        };
        let target = match self.kind {
            Kind::PropagationPolicy | Kind::ClusterPropagationPolicy => EditTarget::Policy(obj),
            Kind::Deployment => policy_edit::for_template(
                cx.model,
                self.id,
                "apps/v1",
                "Deployment",
                obj.key.namespace.as_deref(),
                &obj.key.name,
            ),
            _ => EditTarget::Refused(
                "edit works on Karmada policies (and propagates a control plane's Deployments)"
                    .into(),
            ),
        };
        EditorOverlay::open_target(target, cx)
    }

    /// This cluster's name when a Karmada control plane of the fleet has it as a member.
    fn karmada_member(&self, cx: &Cx) -> Option<String> {
        let ctx = &cx.model.cluster(self.id)?.context;
        karmada_members(cx.model).into_iter().find(|m| m == ctx)
    }

    fn step_tab(&mut self, cx: &Cx, by: isize) {
        let tabs = tabs(cx, self.id);
        if tabs.is_empty() {
            return;
        }
        let i = tabs.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
        let n = tabs.len() as isize;
        self.kind = tabs[((i + by) % n + n) as usize % tabs.len()];
    }
}

impl Pane for ClusterPane {
    fn title(&self, cx: &Cx) -> String {
        let ctx = cx
            .model
            .cluster(self.id)
            .map_or("?", |c| c.context.as_str());
        format!("{ctx} › {}", self.kind.title())
    }

    fn name(&self, cx: &Cx) -> String {
        let ctx = cx
            .model
            .cluster(self.id)
            .map_or("?", |c| c.context.as_str());
        format!("cluster:{ctx}:{}", self.kind.api().plural)
    }

    fn layer(&self) -> Layer {
        self.tables
            .get(&self.kind)
            .map_or(Layer::Table, |t| t.nav.layer())
    }

    fn commands(&self, cx: &Cx) -> Vec<Command> {
        let mut c = vec![
            Command::new(Action::NextTab, "next tab"),
            Command::new(Action::Filter, "filter"),
            Command::new(Action::SortNext, "sort"),
            Command::new(Action::Yaml, "yaml"),
            Command::more(Action::PrevTab, "previous tab"),
            Command::more(Action::SortReverse, "reverse sort"),
        ];
        if self.kind == Kind::KarmadaCluster && !cx.readonly {
            c.insert(3, Command::new(Action::Cordon, "cordon"));
            c.insert(4, Command::new(Action::Uncordon, "uncordon"));
        }
        if let Some(label) = self.edit_label(cx) {
            c.insert(3, Command::new(Action::Edit, label));
        }
        if self.karmada_member(cx).is_some() {
            // Help and palette only: the footer keeps its room for the palette and help keys.
            c.push(Command::more(Action::Propagated, "propagated here"));
        }
        c
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        match a {
            Action::NextTab | Action::Right => {
                self.step_tab(cx, 1);
                return vec![];
            }
            Action::PrevTab | Action::Left => {
                self.step_tab(cx, -1);
                return vec![];
            }
            Action::Propagated => {
                return match self.karmada_member(cx) {
                    Some(m) => vec![Effect::Push(Box::new(PropagationPane::to_member(&m)))],
                    None => vec![Effect::Status(
                        "no Karmada control plane of this fleet has this cluster as a member"
                            .into(),
                        Tone::Warn,
                    )],
                };
            }
            _ => {}
        }
        if self.table().on_action(a, cx) == Moved::Done {
            return vec![];
        }
        let selected = self.table().selected(cx.model, cx.now);
        match a {
            Action::Select | Action::Yaml => match selected {
                Some(obj) => YamlOverlay::open(obj, cx),
                None => vec![],
            },
            Action::Cordon | Action::Uncordon if self.kind == Kind::KarmadaCluster => {
                match selected {
                    Some(obj) => super::fleet::plan(
                        Verb::Cordon {
                            control_plane: self.id,
                            member: obj.key.name.to_string(),
                            cordon: a == Action::Cordon,
                        },
                        cx,
                    ),
                    None => vec![],
                }
            }
            Action::Edit => self.edit(selected, cx),
            Action::Cordon | Action::Uncordon => vec![Effect::Status(
                "cordon works on Karmada members: select one in the fleet overview or a control plane's Karmada clusters tab".into(),
                Tone::Warn,
            )],
            _ => vec![],
        }
    }

    fn on_text(&mut self, ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        self.table().nav.on_text(ev);
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let Some(c) = cx.model.cluster(self.id) else {
            return;
        };
        let tabs = tabs(cx, self.id);
        if !tabs.contains(&self.kind)
            && let Some(first) = tabs.first()
        {
            self.kind = *first;
        }
        let [tab_area, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(4)]).areas(area);
        let idx = tabs.iter().position(|t| *t == self.kind).unwrap_or(0);
        // As many tabs as fit, the selected one among them: `‹` and `›` say there are more.
        let w = |k: &Kind| k.title().chars().count() + 3;
        let (mut from, mut to) = (idx, idx + 1);
        let mut used = w(&tabs[idx]);
        let room = (tab_area.width as usize).saturating_sub(4);
        while from > 0 || to < tabs.len() {
            let grew = if to < tabs.len() && used + w(&tabs[to]) <= room {
                used += w(&tabs[to]);
                to += 1;
                true
            } else {
                false
            };
            let grew_left = if from > 0 && used + w(&tabs[from - 1]) <= room {
                used += w(&tabs[from - 1]);
                from -= 1;
                true
            } else {
                false
            };
            if !grew && !grew_left {
                break;
            }
        }
        let titles: Vec<Line> = tabs[from..to]
            .iter()
            .map(|t| Line::from(t.title()))
            .collect();
        let [more_l, tabs_area, more_r] = Layout::horizontal([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(tab_area);
        let dim = cx.theme.style(Slot::Dim);
        f.render_widget(Span::styled(if from > 0 { "‹" } else { " " }, dim), more_l);
        f.render_widget(
            Span::styled(if to < tabs.len() { "›" } else { " " }, dim),
            more_r,
        );
        f.render_widget(
            Tabs::new(titles)
                .select(idx - from)
                .style(dim)
                .highlight_style(cx.theme.selected())
                .divider("│"),
            tabs_area,
        );
        let sync_note = match c.kinds.get(&self.kind) {
            Some(KindSync::Listing) => " · listing…".to_string(),
            Some(KindSync::Failed(e)) => format!(" · watch failing: {e}"),
            _ => String::new(),
        };
        let (context, state) = (c.context.clone(), c.state());
        let kind = self.kind;
        let table = self.table();
        let (len, total) = table.counts(cx.model, cx.now);
        let count = if len == total {
            format!("{total}")
        } else {
            format!("{len}/{total}")
        };
        let title = Line::from(vec![
            Span::styled(format!(" {context} "), cx.theme.style(Slot::Accent)),
            Span::styled(
                format!("› {} ({count}) ", kind.title()),
                cx.theme.style(Slot::Title),
            ),
            Span::styled(
                format!("[{}]{sync_note} ", state.label()),
                cx.theme.style(Slot::Dim),
            ),
        ]);
        table.render(f, body, cx, title);
    }

    fn rows_json(&mut self, cx: &Cx) -> Vec<Value> {
        self.table().rows_json(cx.model, cx.now)
    }
}
