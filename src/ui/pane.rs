//! What panes and overlays are: the [`Pane`] and [`Overlay`] traits, what they read ([`Cx`]),
//! what they ask for ([`Effect`]), and the requests and replies that carry ids between the UI
//! and the runtime.

use std::cell::Cell;

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use serde_json::Value;

use crate::actions::Plan;
use crate::actions::audit::AuditEntry;
use crate::actions::verbs::Verb;
use crate::config::keymap::{Action, Keymap, Layer};
use crate::config::theme::Theme;
use crate::fleet::{ClusterId, FleetModel, Kind, ObjKey, Ts};
use crate::kinds::Tone;
use crate::views::ObjRef;

/// What a pane or overlay reads while handling a key or drawing.
pub struct Cx<'a> {
    pub model: &'a FleetModel,
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    pub now: Ts,
    pub readonly: bool,
    pub(crate) ids: &'a Cell<u64>,
}

impl Cx<'_> {
    /// A fresh request id.
    pub fn next_id(&self) -> u64 {
        let id = self.ids.get() + 1;
        self.ids.set(id);
        id
    }

    /// The key that triggers `action` with `layer` focused, for hints (`?` when unbound).
    pub fn key(&self, layer: Layer, action: Action) -> String {
        self.keymap
            .hint(layer, action)
            .unwrap_or_else(|| "?".to_string())
    }
}

/// Something a pane offers: it feeds the footer, the help screen and the palette.
#[derive(Clone, Debug, PartialEq)]
pub struct Command {
    pub action: Action,
    pub label: String,
    /// Shown in the footer (the help and the palette show every command).
    pub footer: bool,
}

impl Command {
    pub fn new(action: Action, label: impl Into<String>) -> Self {
        Command {
            action,
            label: label.into(),
            footer: true,
        }
    }
    /// Listed in the help and the palette, not in the footer.
    pub fn more(action: Action, label: impl Into<String>) -> Self {
        Command {
            footer: false,
            ..Command::new(action, label)
        }
    }
}

/// Where to go.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A registered pane by name (`fleet`, `warnings`, `all:pods`): opened over the overview.
    Pane(String),
    /// A cluster's view, at a kind's tab, with an object selected: opened over the current pane.
    Cluster {
        id: ClusterId,
        kind: Option<Kind>,
        select: Option<ObjKey>,
    },
}

impl Target {
    pub fn object(o: &ObjRef) -> Target {
        Target::Cluster {
            id: o.cluster,
            kind: Some(o.kind),
            select: Some(o.key.clone()),
        }
    }
}

/// What a key (or a reply) leads to, carried out by the app.
pub enum Effect {
    Go(Target),
    /// Open a pane over the current one (a slider over the weights list).
    Push(Box<dyn Pane>),
    /// Leave the current pane (back to the one under it).
    Back,
    Open(Box<dyn Overlay>),
    /// Close the overlay on top.
    Close,
    /// Run `action` on the pane below the overlays (a palette command).
    Run(Action),
    Request(Request),
    Status(String, Tone),
}

/// What the UI asks the runtime to do; the reply carries the same id.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    Yaml {
        id: u64,
        obj: ObjRef,
    },
    /// The full object, fetched on demand (the policy editor's).
    Object {
        id: u64,
        obj: ObjRef,
    },
    Plan {
        id: u64,
        verb: Verb,
    },
    Execute {
        id: u64,
        plan: Plan,
    },
    /// The audit log's entries (to list recent plans for a restore).
    Audit {
        id: u64,
    },
}

impl Request {
    pub fn id(&self) -> u64 {
        match self {
            Request::Yaml { id, .. }
            | Request::Object { id, .. }
            | Request::Plan { id, .. }
            | Request::Execute { id, .. }
            | Request::Audit { id } => *id,
        }
    }
}

/// The runtime's answer to a [`Request`].
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    Yaml {
        id: u64,
        text: Result<String, String>,
    },
    Object {
        id: u64,
        object: Result<Value, String>,
    },
    Planned {
        id: u64,
        plan: Result<Plan, String>,
    },
    Executed {
        id: u64,
        result: Result<String, String>,
    },
    Audit {
        id: u64,
        entries: Result<Vec<AuditEntry>, String>,
    },
}

impl Reply {
    pub fn id(&self) -> u64 {
        match self {
            Reply::Yaml { id, .. }
            | Reply::Object { id, .. }
            | Reply::Planned { id, .. }
            | Reply::Executed { id, .. }
            | Reply::Audit { id, .. } => *id,
        }
    }
}

/// A screen of the stack: owns its state; keys reach it as actions of its keymap layer.
pub trait Pane {
    /// Its part of the breadcrumb.
    fn title(&self, cx: &Cx) -> String;
    /// Its `snapshot --pane` name.
    fn name(&self, cx: &Cx) -> String;
    /// The keymap layer while it has the focus.
    fn layer(&self) -> Layer {
        Layer::Table
    }
    /// What it offers, most useful first.
    fn commands(&self, cx: &Cx) -> Vec<Command>;
    fn on_action(&mut self, action: Action, cx: &Cx) -> Vec<Effect>;
    /// A key that types text (its layer takes text).
    fn on_text(&mut self, _ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        vec![]
    }
    fn on_reply(&mut self, _reply: &Reply, _cx: &Cx) -> Vec<Effect> {
        vec![]
    }
    /// `back` (esc) with no overlay open: true when the pane used it (cleared a filter of its
    /// own); otherwise the pane is left.
    fn on_back(&mut self, _cx: &Cx) -> bool {
        false
    }
    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx);
    /// Its rows for `snapshot --pane NAME --json`.
    fn rows_json(&mut self, cx: &Cx) -> Vec<Value>;
    /// What it says about all its rows, for `snapshot --pane NAME --json` (`summary`).
    fn summary_json(&mut self, _cx: &Cx) -> Option<Value> {
        None
    }
}

/// Drawn over the panes; the top one has the focus.
pub trait Overlay {
    fn layer(&self) -> Layer;
    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![]
    }
    fn on_action(&mut self, action: Action, cx: &Cx) -> Vec<Effect>;
    fn on_text(&mut self, _ev: &KeyEvent, _cx: &Cx) -> Vec<Effect> {
        vec![]
    }
    fn on_reply(&mut self, _reply: &Reply, _cx: &Cx) -> Vec<Effect> {
        vec![]
    }
    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx);
    /// What it is (`help`, `palette`, `yaml`, `confirm`): for the breadcrumb and tests.
    fn kind(&self) -> &'static str;
    /// Work under way that quitting would cut short (a plan being applied).
    fn busy(&self) -> bool {
        false
    }
    /// Edits that quitting would lose (the editor's): quit asks once more.
    fn unsaved(&self) -> bool {
        false
    }
}
