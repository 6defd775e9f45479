//! The UI's state machine: keys and runtime messages in, intents out. No I/O here.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::palette;
use super::state::*;
use crate::actions::Plan;
use crate::config::keymap::{Action, Keymap};
use crate::config::theme::Theme;
use crate::fleet::{ClusterId, FleetModel, Ts};
use crate::views::{self, ClusterSummary, SortSpec, Tab, TableIndex, Tone};

mod tables;

/// Messages from the runtime back to the UI (results of intents).
#[derive(Debug)]
pub enum UiMsg {
    Yaml {
        title: String,
        text: Result<String, String>,
    },
    Planned(Result<Plan, String>),
    Executed(Result<String, String>),
}

pub struct App {
    pub model: FleetModel,
    pub screen: Screen,
    /// Selected row of the overview, by context: rows re-sort as health changes.
    pub fleet_selected: Option<String>,
    pub overlay: Option<Overlay>,
    /// Typing a `/` filter in the cluster view.
    pub filter_editing: bool,
    pub status: Option<StatusMsg>,
    pub theme: Theme,
    pub keymap: Keymap,
    pub readonly: bool,
    pub now: Ts,
    pub dirty: bool,
    pub quit: bool,
    /// Sorted, filtered row indexes of recently seen cluster tabs, kept up to date incrementally.
    tables: Vec<TableIndex>,
}

impl App {
    pub fn new(model: FleetModel, theme: Theme, keymap: Keymap, readonly: bool, now: Ts) -> Self {
        App {
            model,
            screen: Screen::Fleet,
            fleet_selected: None,
            overlay: None,
            filter_editing: false,
            status: None,
            theme,
            keymap,
            readonly,
            now,
            dirty: true,
            quit: false,
            tables: Vec::new(),
        }
    }

    pub fn set_status(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some(StatusMsg {
            text: text.into(),
            tone,
        });
        self.dirty = true;
    }

    pub fn fleet_rows(&self) -> Vec<ClusterSummary> {
        views::fleet_overview(&self.model, self.now)
    }

    /// Index of the selected overview row in `rows`.
    pub fn fleet_index(&self, rows: &[ClusterSummary]) -> usize {
        self.fleet_selected
            .as_ref()
            .and_then(|ctx| rows.iter().position(|r| &r.context == ctx))
            .unwrap_or(0)
    }

    pub fn select_context(&mut self, context: &str) {
        self.fleet_selected = Some(context.to_string());
    }

    pub fn on_msg(&mut self, msg: UiMsg) {
        self.dirty = true;
        match msg {
            UiMsg::Yaml { title, text } => {
                if let Some(Overlay::Yaml(y)) = &mut self.overlay
                    && y.title == title
                {
                    y.text = Some(text);
                }
            }
            UiMsg::Planned(Ok(plan)) => {
                if plan.noop {
                    self.set_status(
                        format!("nothing to do: {} (already so)", plan.title),
                        Tone::Warn,
                    );
                } else {
                    self.overlay = Some(Overlay::Confirm(ConfirmState {
                        plan,
                        stage: ConfirmStage::Asking,
                        scroll: 0,
                    }));
                }
            }
            UiMsg::Planned(Err(e)) => self.set_status(e, Tone::Err),
            UiMsg::Executed(r) => {
                if matches!(self.overlay, Some(Overlay::Confirm(_))) {
                    self.overlay = None;
                }
                match r {
                    Ok(m) => self.set_status(m, Tone::Ok),
                    Err(e) => self.set_status(e, Tone::Err),
                }
            }
        }
    }

    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Intent> {
        if key.kind == KeyEventKind::Release {
            return vec![];
        }
        self.dirty = true;
        let action = self.keymap.lookup(&key);
        if self.overlay.is_some() {
            return self.on_overlay_key(key, action);
        }
        if self.filter_editing {
            self.on_filter_key(key);
            return vec![];
        }
        self.status = None;
        let Some(action) = action else {
            return vec![];
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Palette => self.overlay = Some(Overlay::Palette(PaletteState::default())),
            Action::GotoFleet => self.screen = Screen::Fleet,
            _ => {
                return match self.screen {
                    Screen::Fleet => self.on_fleet_action(action),
                    Screen::Cluster(_) => self.on_cluster_action(action),
                };
            }
        }
        vec![]
    }

    fn on_overlay_key(&mut self, key: KeyEvent, action: Option<Action>) -> Vec<Intent> {
        let Some(overlay) = self.overlay.as_mut() else {
            return vec![];
        };
        match overlay {
            Overlay::Palette(p) => {
                match key.code {
                    KeyCode::Esc => self.overlay = None,
                    KeyCode::Enter => {
                        let items = palette::matches(&self.model, &p.query);
                        if let Some((item, _)) = items.get(p.selected).cloned() {
                            self.overlay = None;
                            return self.go(item.target);
                        }
                    }
                    KeyCode::Up => p.selected = p.selected.saturating_sub(1),
                    KeyCode::Down => p.selected += 1,
                    KeyCode::Backspace => {
                        p.query.pop();
                        p.selected = 0;
                    }
                    KeyCode::Char(c) => {
                        p.query.push(c);
                        p.selected = 0;
                    }
                    _ => {}
                }
                vec![]
            }
            Overlay::Confirm(c) => {
                if c.stage == ConfirmStage::Applying {
                    return vec![];
                }
                // Dialog keys first: `y` may also mean yaml elsewhere.
                let action = self.keymap.lookup_among(
                    &key,
                    &[
                        Action::Confirm,
                        Action::Cancel,
                        Action::Back,
                        Action::Quit,
                        Action::Up,
                        Action::Down,
                    ],
                );
                match action {
                    Some(Action::Confirm) => {
                        c.stage = ConfirmStage::Applying;
                        return vec![Intent::Execute(c.plan.clone())];
                    }
                    Some(Action::Cancel | Action::Back | Action::Quit) => {
                        self.overlay = None;
                        self.set_status("cancelled: nothing was changed", Tone::Warn);
                    }
                    Some(Action::Down) => c.scroll = c.scroll.saturating_add(1),
                    Some(Action::Up) => c.scroll = c.scroll.saturating_sub(1),
                    _ => {}
                }
                vec![]
            }
            Overlay::Help { scroll } | Overlay::Yaml(YamlState { scroll, .. }) => {
                match action {
                    Some(Action::Back | Action::Quit | Action::Help | Action::Cancel) => {
                        self.overlay = None
                    }
                    Some(Action::Down) => *scroll = scroll.saturating_add(1),
                    Some(Action::Up) => *scroll = scroll.saturating_sub(1),
                    Some(Action::PageDown) => *scroll = scroll.saturating_add(20),
                    Some(Action::PageUp) => *scroll = scroll.saturating_sub(20),
                    Some(Action::Top) => *scroll = 0,
                    _ => {}
                }
                vec![]
            }
        }
    }

    fn on_filter_key(&mut self, key: KeyEvent) {
        let Screen::Cluster(cv) = &mut self.screen else {
            self.filter_editing = false;
            return;
        };
        match key.code {
            KeyCode::Enter => self.filter_editing = false,
            KeyCode::Esc => {
                cv.filter.clear();
                self.filter_editing = false;
            }
            KeyCode::Backspace => {
                cv.filter.pop();
            }
            KeyCode::Char(c) => cv.filter.push(c),
            _ => {}
        }
        cv.selected = 0;
    }

    fn go(&mut self, target: PaletteTarget) -> Vec<Intent> {
        match target {
            PaletteTarget::Fleet => self.screen = Screen::Fleet,
            PaletteTarget::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            PaletteTarget::Cluster(id) => self.open_cluster(id, Tab::Nodes),
            PaletteTarget::Tab(id, tab) => self.open_cluster(id, tab),
            PaletteTarget::Object(id, tab, key) => {
                self.open_cluster(id, tab);
                if let Some(pos) = self.cluster_position(&key)
                    && let Screen::Cluster(cv) = &mut self.screen
                {
                    cv.selected = pos;
                }
            }
        }
        vec![]
    }

    fn open_cluster(&mut self, id: ClusterId, tab: Tab) {
        self.screen = Screen::Cluster(ClusterView {
            id,
            tab,
            selected: 0,
            sort: SortSpec::default(),
            filter: String::new(),
        });
    }

    fn on_fleet_action(&mut self, action: Action) -> Vec<Intent> {
        let rows = self.fleet_rows();
        let n = rows.len();
        let cur = self.fleet_index(&rows);
        let pick = |i: usize| rows.get(i).map(|r| r.context.clone());
        match action {
            Action::Down => self.fleet_selected = pick((cur + 1).min(n.saturating_sub(1))),
            Action::Up => self.fleet_selected = pick(cur.saturating_sub(1)),
            Action::PageDown | Action::Bottom => self.fleet_selected = pick(n.saturating_sub(1)),
            Action::PageUp | Action::Top => self.fleet_selected = pick(0),
            Action::Select => {
                if let Some(r) = rows.get(cur) {
                    self.open_cluster(r.id, Tab::Nodes);
                }
            }
            Action::Cordon | Action::Uncordon => {
                let cordon = action == Action::Cordon;
                let Some(r) = rows.get(cur) else {
                    return vec![];
                };
                let member = self
                    .model
                    .cluster(r.id)
                    .and_then(|c| views::summary::karmada_row_for(&self.model, c));
                let Some((cp, row)) = member else {
                    self.set_status(
                        format!(
                            "{} is not a Karmada member of any control plane in this fleet",
                            r.context
                        ),
                        Tone::Warn,
                    );
                    return vec![];
                };
                let (cp_id, _) = self
                    .model
                    .cluster_by_context(&cp.context.clone())
                    .expect("control plane in fleet");
                let member = row.name.to_string();
                return self.plan_cordon(cp_id, member, cordon);
            }
            _ => {}
        }
        vec![]
    }

    fn plan_cordon(
        &mut self,
        control_plane: ClusterId,
        member: String,
        cordon: bool,
    ) -> Vec<Intent> {
        let verb = if cordon { "cordon" } else { "uncordon" };
        if let Err(e) = crate::actions::check_writable(
            self.readonly,
            &format!("{verb} karmada member {member}"),
        ) {
            self.set_status(e.to_string(), Tone::Err);
            return vec![];
        }
        self.set_status(format!("planning: {verb} {member}…"), Tone::Normal);
        vec![Intent::PlanCordon {
            control_plane,
            member,
            cordon,
        }]
    }

    fn on_cluster_action(&mut self, action: Action) -> Vec<Intent> {
        let rows_len = self.cluster_index().map(|t| t.len()).unwrap_or(0);
        let (cols, sel) = match &self.screen {
            Screen::Cluster(cv) => (views::format::columns(cv.tab).len(), cv.selected),
            _ => (1, 0),
        };
        let selected_row = self.cluster_object(sel.min(rows_len.saturating_sub(1)));
        let Screen::Cluster(cv) = &mut self.screen else {
            return vec![];
        };
        let tabs = self
            .model
            .cluster(cv.id)
            .map(views::tabs)
            .unwrap_or_default();
        let tab_idx = tabs.iter().position(|t| *t == cv.tab).unwrap_or(0);
        let last = rows_len.saturating_sub(1);
        match action {
            Action::Back => self.screen = Screen::Fleet,
            Action::Down => cv.selected = (cv.selected + 1).min(last),
            Action::Up => cv.selected = cv.selected.saturating_sub(1),
            Action::PageDown => cv.selected = (cv.selected + 20).min(last),
            Action::PageUp => cv.selected = cv.selected.saturating_sub(20),
            Action::Top => cv.selected = 0,
            Action::Bottom => cv.selected = last,
            Action::NextTab | Action::Right => {
                cv.tab = tabs[(tab_idx + 1) % tabs.len()];
                cv.selected = 0;
                cv.sort = SortSpec::default();
            }
            Action::PrevTab | Action::Left => {
                cv.tab = tabs[(tab_idx + tabs.len() - 1) % tabs.len()];
                cv.selected = 0;
                cv.sort = SortSpec::default();
            }
            Action::SortNext => cv.sort.column = (cv.sort.column + 1) % cols,
            Action::SortReverse => cv.sort.reverse = !cv.sort.reverse,
            Action::Filter => self.filter_editing = true,
            Action::Select | Action::Yaml => {
                if let Some((kind, key)) = selected_row {
                    let title = format!(
                        "{} {} @ {}",
                        kind.name(),
                        key,
                        self.model.clusters[cv.id].context
                    );
                    self.overlay = Some(Overlay::Yaml(YamlState {
                        title,
                        text: None,
                        scroll: 0,
                    }));
                    return vec![Intent::FetchYaml {
                        cluster: cv.id,
                        kind,
                        key,
                    }];
                }
            }
            Action::Cordon | Action::Uncordon if cv.tab == Tab::KarmadaClusters => {
                if let Some((_, key)) = selected_row {
                    let id = cv.id;
                    return self.plan_cordon(id, key.name.to_string(), action == Action::Cordon);
                }
            }
            Action::Cordon | Action::Uncordon => self.set_status(
                "cordon works on Karmada members: select one in the fleet overview or a control plane's Karmada clusters tab",
                Tone::Warn,
            ),
            _ => {}
        }
        vec![]
    }
}
