//! The app: a stack of panes (Enter drills in, Esc goes back) and a stack of overlays over them;
//! keys go to the focused one through its keymap layer, then the global layer. It routes what
//! they ask for ([`Effect`]s) and the runtime's replies. No I/O here: requests go out as values.

use std::cell::Cell;

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use serde_json::Value;

use super::overlays::help::HelpOverlay;
use super::overlays::palette::PaletteOverlay;
use super::pane::{Command, Cx, Effect, Overlay, Pane, Request, Target};
use super::panes::{self, cluster::ClusterPane, fleet::FleetPane};
use crate::config::keymap::{Action, Keymap, Layer, typed_char};
use crate::config::theme::Theme;
use crate::fleet::{FleetModel, Ts};
use crate::kinds::Tone;

/// Who asked for a plan: a pane (its reply opens the confirm dialog) or the overlay at this
/// depth of the stack (the policy editor: the reply goes to it, it opens the dialog itself).
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Asker {
    Pane(String),
    Overlay(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub struct StatusMsg {
    pub text: String,
    pub tone: Tone,
}

pub struct App {
    model: FleetModel,
    panes: Vec<Box<dyn Pane>>,
    overlays: Vec<Box<dyn Overlay>>,
    status: Option<StatusMsg>,
    theme: Theme,
    keymap: Keymap,
    readonly: bool,
    now: Ts,
    ids: Cell<u64>,
    requests: Vec<Request>,
    /// The plan asked for last, and who asked: its reply opens the confirm dialog only if the
    /// user is still there (a late plan must not catch a key meant for something else).
    planning: Option<(u64, Asker)>,
    /// Something changed since the last frame.
    pub dirty: bool,
    quit: bool,
    /// Quit was pressed once with unsaved edits open: the next quit quits.
    quit_armed: bool,
}

/// What panes read, borrowed field by field (so a pane can be borrowed mutably alongside).
macro_rules! cx {
    ($s:expr) => {
        Cx {
            model: &$s.model,
            theme: &$s.theme,
            keymap: &$s.keymap,
            now: $s.now,
            readonly: $s.readonly,
            ids: &$s.ids,
        }
    };
}

impl App {
    /// The fleet overview at the root.
    pub fn new(model: FleetModel, theme: Theme, keymap: Keymap, readonly: bool, now: Ts) -> Self {
        let status = keymap.notice.clone().map(|text| StatusMsg {
            text,
            tone: Tone::Warn,
        });
        App {
            model,
            panes: vec![Box::new(FleetPane::new())],
            overlays: Vec::new(),
            status,
            theme,
            keymap,
            readonly,
            now,
            ids: Cell::new(0),
            requests: Vec::new(),
            planning: None,
            dirty: true,
            quit: false,
            quit_armed: false,
        }
    }

    pub fn model(&self) -> &FleetModel {
        &self.model
    }
    pub fn model_mut(&mut self) -> &mut FleetModel {
        &mut self.model
    }
    pub fn theme(&self) -> &Theme {
        &self.theme
    }
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }
    pub fn readonly(&self) -> bool {
        self.readonly
    }
    pub fn now(&self) -> Ts {
        self.now
    }
    pub fn set_now(&mut self, now: Ts) {
        self.now = now;
        self.dirty = true;
    }
    pub fn quit_requested(&self) -> bool {
        self.quit
    }
    pub fn status(&self) -> Option<&StatusMsg> {
        self.status.as_ref()
    }
    pub fn set_status(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some(StatusMsg {
            text: text.into(),
            tone,
        });
        self.dirty = true;
    }

    /// The breadcrumb: each pane's title, bottom first.
    pub fn breadcrumb(&self) -> Vec<String> {
        let cx = cx!(self);
        self.panes.iter().map(|p| p.title(&cx)).collect()
    }

    /// The focused pane's `snapshot --pane` name.
    pub fn pane_name(&self) -> String {
        let cx = cx!(self);
        self.panes.last().map(|p| p.name(&cx)).unwrap_or_default()
    }

    /// Panes on the stack (1: the overview alone).
    pub fn depth(&self) -> usize {
        self.panes.len()
    }

    /// What the overlays are, bottom first.
    pub fn overlays(&self) -> Vec<&'static str> {
        self.overlays.iter().map(|o| o.kind()).collect()
    }

    /// The focused pane's rows, for `snapshot --json`.
    pub fn rows_json(&mut self) -> Vec<Value> {
        let cx = cx!(self);
        match self.panes.last_mut() {
            Some(p) => p.rows_json(&cx),
            None => vec![],
        }
    }

    /// The focused pane's summary of its rows, for `snapshot --json` (the mesh's roll-up).
    pub fn summary_json(&mut self) -> Option<Value> {
        let cx = cx!(self);
        self.panes.last_mut().and_then(|p| p.summary_json(&cx))
    }

    /// The keymap layer of what has the focus.
    pub fn layer(&self) -> Layer {
        match (self.overlays.last(), self.panes.last()) {
            (Some(o), _) => o.layer(),
            (None, Some(p)) => p.layer(),
            _ => Layer::Table,
        }
    }

    /// What the focused pane or overlay offers.
    pub fn commands(&self) -> Vec<Command> {
        let cx = cx!(self);
        match (self.overlays.last(), self.panes.last()) {
            (Some(o), _) => o.commands(&cx),
            (None, Some(p)) => p.commands(&cx),
            _ => vec![],
        }
    }

    /// Open a registered pane (`warnings`, `cluster:prod-eu:pods`, `all:pods`) over the overview.
    pub fn open(&mut self, spec: &str) -> Result<(), String> {
        if spec == "fleet" {
            self.panes.truncate(1);
            return Ok(());
        }
        let cx = cx!(self);
        let pane = panes::open(spec, &cx)?;
        self.panes.truncate(1);
        self.panes.push(pane);
        self.dirty = true;
        Ok(())
    }

    /// Open an overlay on top (tests, snapshots).
    pub fn push_overlay(&mut self, o: Box<dyn Overlay>) {
        self.overlays.push(o);
        self.dirty = true;
    }

    /// Requests made since the last call.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// A key: to the focused overlay or pane through its layer, or a global action.
    pub fn on_key(&mut self, ev: KeyEvent) -> Vec<Request> {
        if ev.kind == KeyEventKind::Release {
            return vec![];
        }
        self.dirty = true;
        let layer = self.layer();
        if self.overlays.is_empty() {
            self.status = None;
        }
        let action = self.keymap.lookup(layer, &ev);
        let armed = std::mem::take(&mut self.quit_armed);
        match action {
            Some(Action::Quit) if !armed && self.overlays.iter().any(|o| o.unsaved()) => {
                self.quit_armed = true;
                // The quit key that works here: not a letter where letters type.
                let key = self
                    .keymap
                    .keys_for(Layer::Global, Action::Quit)
                    .into_iter()
                    .find(|k| !layer.takes_text() || k.chars().count() > 1)
                    .unwrap_or_default();
                self.set_status(
                    format!("unsaved edits in the editor: {key} again quits and loses them"),
                    Tone::Warn,
                );
            }
            Some(a) if Layer::Global.actions().contains(&a) => self.global(a, layer),
            Some(a) => self.action(a),
            None if layer.takes_text() || typed_char(&ev).is_some_and(|c| layer.types(c)) => {
                let cx = cx!(self);
                let effects = match (self.overlays.last_mut(), self.panes.last_mut()) {
                    (Some(o), _) => o.on_text(&ev, &cx),
                    (None, Some(p)) => p.on_text(&ev, &cx),
                    _ => vec![],
                };
                self.apply(effects);
            }
            None => {}
        }
        self.take_requests()
    }

    /// An action of the focused layer, to the focused overlay or pane.
    fn action(&mut self, a: Action) {
        let cx = cx!(self);
        let effects = match (self.overlays.last_mut(), self.panes.last_mut()) {
            (Some(o), _) => o.on_action(a, &cx),
            (None, Some(p)) => p.on_action(a, &cx),
            _ => vec![],
        };
        self.apply(effects);
    }

    fn global(&mut self, a: Action, layer: Layer) {
        let top = self.overlays.last().map(|o| o.kind());
        match a {
            Action::Quit if self.overlays.iter().any(|o| o.busy()) => self.set_status(
                "a plan is being applied: quit when it has finished",
                Tone::Warn,
            ),
            Action::Quit => self.quit = true,
            Action::Help if top == Some("help") => {
                self.overlays.pop();
            }
            Action::Help => {
                let title = self.breadcrumb().last().cloned().unwrap_or_default();
                let title = match top {
                    Some(k) => format!("{title} › {k}"),
                    None => title,
                };
                let help = HelpOverlay::new(layer, title, self.commands(), top.is_some());
                self.overlays.push(Box::new(help));
            }
            Action::Palette if top == Some("palette") => {
                self.overlays.pop();
            }
            Action::Palette => {
                let commands = {
                    let cx = cx!(self);
                    self.panes
                        .last()
                        .map(|p| p.commands(&cx))
                        .unwrap_or_default()
                };
                let cx = cx!(self);
                let p = PaletteOverlay::new(commands, &cx);
                self.overlays.push(Box::new(p));
            }
            Action::Back => {
                if let Some(o) = self.overlays.last() {
                    if !o.busy() {
                        self.overlays.pop();
                    }
                } else {
                    let cx = cx!(self);
                    let used = self.panes.last_mut().is_some_and(|p| p.on_back(&cx));
                    if !used && self.panes.len() > 1 {
                        self.panes.pop();
                    }
                }
            }
            Action::GotoFleet => self.go(Target::Pane("fleet".into())),
            Action::GotoWarnings => self.go(Target::Pane("warnings".into())),
            _ => {}
        }
    }

    /// Carry out what a pane or overlay asked for.
    fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Go(t) => self.go(t),
                Effect::Push(p) => {
                    self.panes.push(p);
                    self.dirty = true;
                }
                Effect::Back => {
                    if self.panes.len() > 1 {
                        self.panes.pop();
                    }
                    self.dirty = true;
                }
                Effect::Open(o) => self.overlays.push(o),
                Effect::Close => {
                    self.overlays.pop();
                }
                Effect::Run(a) => {
                    let cx = cx!(self);
                    let more = match self.panes.last_mut() {
                        Some(p) => p.on_action(a, &cx),
                        None => vec![],
                    };
                    self.apply(more);
                }
                Effect::Request(r) => {
                    if let Request::Plan { id, .. } = &r {
                        // An overlay that plans stays open (a chooser closes first).
                        let asker = match self.overlays.len() {
                            0 => Asker::Pane(self.pane_name()),
                            n => Asker::Overlay(n),
                        };
                        self.planning = Some((*id, asker));
                    }
                    self.requests.push(r)
                }
                Effect::Status(text, tone) => self.set_status(text, tone),
            }
        }
        self.dirty = true;
    }

    /// Navigate: registered panes open over the overview; a cluster over the current pane
    /// (replacing a cluster view on top).
    pub fn go(&mut self, t: Target) {
        self.overlays.retain(|o| o.busy());
        match t {
            Target::Pane(spec) => {
                if let Err(e) = self.open(&spec) {
                    self.set_status(e, Tone::Err);
                }
            }
            Target::Cluster { id, kind, select } => {
                let on_top = self.pane_name().starts_with("cluster:");
                if on_top && self.panes.len() > 1 {
                    self.panes.pop();
                }
                let mut p = ClusterPane::new(id, kind);
                if let (Some(kind), Some(key)) = (kind, select) {
                    p.show(kind, Some(key));
                }
                self.panes.push(Box::new(p));
            }
        }
        self.dirty = true;
    }

    /// Draw the focused pane and the overlays (the frame's header and footer are the
    /// renderer's).
    pub(super) fn render_body(&mut self, f: &mut ratatui::Frame, body: ratatui::layout::Rect) {
        let cx = cx!(self);
        if let Some(p) = self.panes.last_mut() {
            p.render(f, body, &cx);
        }
        for o in self.overlays.iter_mut() {
            o.render(f, body, &cx);
        }
    }
}

#[path = "app_replies.rs"]
mod replies;
