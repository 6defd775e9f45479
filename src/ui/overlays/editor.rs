//! The policy editor: a (Cluster)PropagationPolicy as YAML (without managedFields, status and
//! the server's metadata) in a text area (ratatui-textarea). Save parses the text (an error
//! names line and column, the cursor goes there, nothing is sent), then plans `apply-policy`
//! against the object it opened on: the confirm dialog shows the diff and the impact, the
//! server dry-runs, the change is applied and audited, and the editor closes. A conflict (the
//! policy changed meanwhile) opens the conflict view (`editor_conflict.rs`). Cancel with edits
//! asks first; `--readonly` opens it read-only.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea};
use serde_json::Value;

use super::editor_conflict::ConflictView;
use crate::actions::diff::to_yaml;
use crate::config::keymap::{Action, Layer, typed_char};
use crate::fleet::ClusterId;
use crate::kinds::Tone;
use crate::ui::pane::{Command, Cx, Effect, Overlay, Reply, Request};
use crate::views::ObjRef;
use crate::views::policy_edit::EditTarget;

enum Mode {
    /// Waiting for the object.
    Loading,
    Edit,
    /// Typing a search.
    Search(String),
    /// Cancel with edits: asking whether to drop them.
    Discard,
    Conflict(ConflictView),
}

pub struct EditorOverlay {
    cluster: ClusterId,
    /// `PropagationPolicy shop/web @ karmada-host`.
    pub title: String,
    /// The object the text was loaded from, in full (None: a new policy).
    base: Option<Value>,
    text: TextArea<'static>,
    /// The text as loaded: the edit is modified when it differs.
    loaded: String,
    mode: Mode,
    /// What the status line says (a parse error, the planning, a conflict's outcome).
    note: Option<(String, Tone)>,
    /// Requests under way: the object, a plan, the live object for a conflict, the apply.
    fetching: Option<u64>,
    planning: Option<u64>,
    fetching_live: Option<u64>,
    applying: Option<u64>,
    /// The edit as sent for planning (the conflict view merges it).
    sent: Option<Value>,
    /// The last search.
    query: String,
}

/// Text for a regex that matches `s` literally.
pub fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Keys that move without editing: all a read-only editor takes.
fn moves(ev: &KeyEvent) -> bool {
    use KeyCode::*;
    matches!(
        ev.code,
        Up | Down | Left | Right | Home | End | PageUp | PageDown
    )
}

impl EditorOverlay {
    fn new(cluster: ClusterId, title: String, base: Option<Value>) -> Self {
        EditorOverlay {
            cluster,
            title,
            base,
            text: TextArea::default(),
            loaded: String::new(),
            mode: Mode::Loading,
            note: None,
            fetching: None,
            planning: None,
            fetching_live: None,
            applying: None,
            sent: None,
            query: String::new(),
        }
    }

    /// The editor on a policy, and the fetch of the object it waits for.
    pub fn open(obj: ObjRef, cx: &Cx) -> Vec<Effect> {
        let context = cx
            .model
            .cluster(obj.cluster)
            .map_or("?", |c| c.context.as_str());
        let title = format!("{} {} @ {context}", obj.kind.api().kind, obj.key);
        let mut e = EditorOverlay::new(obj.cluster, title, None);
        let id = cx.next_id();
        e.fetching = Some(id);
        vec![
            Effect::Open(Box::new(e)),
            Effect::Request(Request::Object { id, obj }),
        ]
    }

    /// The editor on what was selected (a policy, or a new one for a template without one).
    pub fn open_target(t: EditTarget, cx: &Cx) -> Vec<Effect> {
        match t {
            EditTarget::Policy(obj) => EditorOverlay::open(obj, cx),
            EditTarget::New {
                cluster,
                title,
                value,
            } => vec![Effect::Open(Box::new(EditorOverlay::create(
                cluster, title, value,
            )))],
            EditTarget::Refused(why) => vec![Effect::Status(why, Tone::Warn)],
        }
    }

    /// The editor on a new policy (`value`, prefilled), on control plane `cluster`.
    pub fn create(cluster: ClusterId, title: impl Into<String>, value: Value) -> Self {
        let mut e = EditorOverlay::new(cluster, title.into(), None);
        e.load(&to_yaml(&value));
        e
    }

    /// New text (no undo history), the cursor kept on its line.
    fn set_text(&mut self, text: &str) {
        let row = self.text.cursor().0;
        self.text = TextArea::new(text.lines().map(str::to_string).collect());
        self.text.set_tab_length(2);
        self.text.set_max_histories(200);
        self.text
            .move_cursor(CursorMove::Jump(row.min(u16::MAX as usize) as u16, 0));
        self.mode = Mode::Edit;
    }

    /// The text as loaded from the server (not modified).
    fn load(&mut self, text: &str) {
        self.set_text(text);
        self.loaded = self.contents();
    }

    /// The text as it is now.
    pub fn contents(&self) -> String {
        let mut s = self.text.lines().join("\n");
        s.push('\n');
        s
    }

    pub fn modified(&self) -> bool {
        !matches!(self.mode, Mode::Loading) && self.contents() != self.loaded
    }

    /// The cursor, 1-based: (line, column).
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.text.cursor();
        (c.0 + 1, c.1 + 1)
    }

    fn busy_note(&self) -> Option<&'static str> {
        if self.planning.is_some() {
            Some("planning: comparing with the live object…")
        } else if self.fetching_live.is_some() {
            Some("conflict: fetching the policy as it is now…")
        } else {
            None
        }
    }

    fn search(&mut self, back: bool) {
        if self.query.is_empty() {
            self.note = Some(("nothing to search for yet".into(), Tone::Warn));
            return;
        }
        let found = if back {
            self.text.search_back(false)
        } else {
            self.text.search_forward(false)
        };
        self.note = (!found).then(|| (format!("not found: {}", self.query), Tone::Warn));
    }

    /// Search `q` from the cursor (an empty `q`: the last search, on to its next match).
    fn find(&mut self, q: String) {
        self.mode = Mode::Edit;
        if q.is_empty() {
            if !self.query.is_empty() {
                self.search(false);
            }
            return;
        }
        self.query = q;
        if let Err(e) = self.text.set_search_pattern(literal(&self.query)) {
            self.note = Some((format!("cannot search: {e}"), Tone::Err));
            return;
        }
        let found = self.text.search_forward(true);
        self.note = (!found).then(|| (format!("not found: {}", self.query), Tone::Warn));
    }
}

impl Overlay for EditorOverlay {
    fn layer(&self) -> Layer {
        match self.mode {
            Mode::Search(_) => Layer::Filter,
            Mode::Discard | Mode::Conflict(_) => Layer::Confirm,
            _ => Layer::Editor,
        }
    }

    fn kind(&self) -> &'static str {
        "editor"
    }

    fn unsaved(&self) -> bool {
        self.modified()
    }

    fn commands(&self, cx: &Cx) -> Vec<Command> {
        self.mode_commands(cx)
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        match &mut self.mode {
            Mode::Loading => {
                return match a {
                    Action::Cancel => vec![Effect::Close],
                    _ => vec![],
                };
            }
            Mode::Search(q) => match a {
                Action::Accept => {
                    let q = std::mem::take(q);
                    self.find(q);
                }
                Action::Clear => q.clear(),
                _ => self.mode = Mode::Edit,
            },
            Mode::Discard => match a {
                Action::Confirm => {
                    return vec![
                        Effect::Close,
                        Effect::Status(
                            format!("{}: edits discarded, nothing was sent", self.title),
                            Tone::Warn,
                        ),
                    ];
                }
                Action::Cancel => self.mode = Mode::Edit,
                _ => {}
            },
            Mode::Conflict(v) => match a {
                Action::Confirm => self.reload(),
                Action::Cancel => {
                    self.mode = Mode::Edit;
                    self.note = Some((
                        "back to your edit: the policy changed meanwhile, saving will conflict again until you reload".into(),
                        Tone::Warn,
                    ));
                }
                a => {
                    v.on_scroll(a);
                }
            },
            Mode::Edit => match a {
                Action::Save => return self.save(cx),
                Action::Undo if !cx.readonly => {
                    self.text.undo();
                }
                Action::Redo if !cx.readonly => {
                    self.text.redo();
                }
                Action::Search => self.mode = Mode::Search(String::new()),
                Action::SearchNext => self.search(false),
                Action::SearchPrev => self.search(true),
                Action::Cancel if self.modified() && !cx.readonly => self.mode = Mode::Discard,
                Action::Cancel => return vec![Effect::Close],
                _ => {}
            },
        }
        vec![]
    }

    fn on_text(&mut self, ev: &KeyEvent, cx: &Cx) -> Vec<Effect> {
        match &mut self.mode {
            Mode::Search(q) => {
                if ev.code == KeyCode::Backspace {
                    q.pop();
                } else if let Some(c) = typed_char(ev) {
                    q.push(c);
                }
            }
            Mode::Edit if self.planning.is_some() || self.fetching_live.is_some() => {}
            Mode::Edit if cx.readonly && !moves(ev) => {
                self.note = Some((
                    "read-only (--readonly): the text cannot be changed".into(),
                    Tone::Warn,
                ));
            }
            Mode::Edit => {
                // An edit: a parse error or an outcome said before no longer applies.
                let edited = self.text.input(*ev);
                self.note = self.note.take().filter(|_| !edited);
            }
            _ => {}
        }
        vec![]
    }

    fn on_reply(&mut self, reply: &Reply, cx: &Cx) -> Vec<Effect> {
        self.reply(reply, cx)
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        self.draw(f, area, cx);
    }
}

#[path = "editor_draw.rs"]
mod draw;
#[path = "editor_save.rs"]
mod save;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_literal() {
        assert_eq!(literal("karmada.io/x"), r"karmada\.io/x");
        assert_eq!(literal("a[0]*"), r"a\[0\]\*");
        assert_eq!(literal("plain"), "plain");
    }
}
