//! The policy editor drawn: a title (what, read-only, modified), the text with line numbers,
//! and a status line (the note or the keys, the cursor's line:column); the commands of each
//! mode (the footer and the help list them).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{EditorOverlay, Mode};
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::ui::overlays::block;
use crate::ui::pane::{Command, Cx};

impl EditorOverlay {
    pub(super) fn mode_commands(&self, cx: &Cx) -> Vec<Command> {
        match self.mode {
            Mode::Search(_) => vec![
                Command::new(Action::Accept, "find"),
                Command::new(Action::Cancel, "back to the text"),
                Command::more(Action::Clear, "clear"),
            ],
            Mode::Discard => vec![
                Command::new(Action::Confirm, "discard the edits and close"),
                Command::new(Action::Cancel, "keep editing"),
            ],
            Mode::Conflict(_) => vec![
                Command::new(Action::Confirm, "reload keeping my edit"),
                Command::new(Action::Cancel, "back to the editor unchanged"),
                Command::more(Action::Down, "scroll"),
                Command::more(Action::Up, "scroll up"),
            ],
            _ => {
                let mut c = vec![];
                if !cx.readonly {
                    c.push(Command::new(Action::Save, "save"));
                    c.push(Command::new(Action::Undo, "undo"));
                    c.push(Command::new(Action::Redo, "redo"));
                }
                c.extend([
                    Command::new(Action::Search, "search"),
                    Command::new(Action::SearchNext, "next match"),
                    Command::more(Action::SearchPrev, "previous match"),
                    Command::new(Action::Cancel, "cancel"),
                ]);
                c
            }
        }
    }

    pub(super) fn draw(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        // The whole body: an editor wants the width.
        let r = area;
        f.render_widget(Clear, r);
        if let Mode::Conflict(v) = &mut self.mode {
            v.render(f, r, cx);
            return;
        }
        let t = cx.theme;
        let mut title = vec![Span::styled(
            format!(
                " {} {} ",
                if self.base.is_some() || matches!(self.mode, Mode::Loading) {
                    "Edit"
                } else {
                    "New"
                },
                self.title
            ),
            t.style(Slot::Title),
        )];
        if cx.readonly {
            title.push(Span::styled("· read-only ", t.style(Slot::Warn)));
        }
        if self.modified() {
            title.push(Span::styled("● modified ", t.style(Slot::Warn)));
        }
        let frame = block(cx, Line::from(title));
        let inner = frame.inner(r);
        f.render_widget(frame, r);
        let (text, style) = self.status_text(cx);
        let pos = self.position();
        // A long note (the clashes after a reload) gets up to three lines.
        let room = inner.width.saturating_sub(pos.len() as u16).max(1) as usize;
        let need = text.chars().count().div_ceil(room).clamp(1, 3) as u16;
        let [body, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(need)]).areas(inner);
        self.text.set_style(t.base());
        self.text.set_line_number_style(t.style(Slot::Dim));
        self.text.set_cursor_line_style(Style::default());
        self.text.set_cursor_style(t.selected());
        self.text
            .set_search_style(t.style(Slot::Warn).add_modifier(Modifier::REVERSED));
        if !matches!(self.mode, Mode::Loading) {
            f.render_widget(&self.text, body);
        }
        let [left, right] =
            Layout::horizontal([Constraint::Min(1), Constraint::Length(pos.len() as u16)])
                .areas(status);
        f.render_widget(
            Paragraph::new(Line::from(Span::styled(text, style))).wrap(Wrap { trim: true }),
            left,
        );
        f.render_widget(Span::styled(pos, t.style(Slot::Dim)), right);
    }

    /// ` 12:5`: the cursor's line and column.
    fn position(&self) -> String {
        let (l, c) = self.cursor();
        format!(" {l}:{c}")
    }

    /// The status line: what the mode asks, else the note, else the keys.
    fn status_text(&self, cx: &Cx) -> (String, Style) {
        let t = cx.theme;
        let key = |l: Layer, a: Action| cx.keymap.keys_for(l, a).join("/");
        match (&self.mode, &self.note, self.busy_note()) {
            (Mode::Loading, _, _) => ("fetching the policy…".to_string(), t.style(Slot::Dim)),
            (Mode::Search(q), _, _) => (
                format!(
                    "search: {q}▏ ({}: find{} · {}: back)",
                    key(Layer::Filter, Action::Accept),
                    match q.is_empty() && !self.query.is_empty() {
                        true => format!(" the next {:?}", self.query),
                        false => String::new(),
                    },
                    key(Layer::Filter, Action::Cancel)
                ),
                t.style(Slot::Accent),
            ),
            (Mode::Discard, _, _) => (
                format!(
                    "unsaved edits: {}: discard them and close · {}: keep editing",
                    key(Layer::Confirm, Action::Confirm),
                    key(Layer::Confirm, Action::Cancel)
                ),
                t.style(Slot::Warn),
            ),
            (_, _, Some(busy)) => (busy.to_string(), t.style(Slot::Info)),
            (_, Some((n, tone)), _) => (n.clone(), crate::ui::widgets::table::tone_style(t, *tone)),
            _ if cx.readonly => (
                "read-only (--readonly): nothing can be saved".to_string(),
                t.style(Slot::Warn),
            ),
            _ => (
                format!(
                    "{}: save (diff, confirm, server dry-run) · {}: cancel",
                    key(Layer::Editor, Action::Save),
                    key(Layer::Editor, Action::Cancel)
                ),
                t.style(Slot::Dim),
            ),
        }
    }
}
