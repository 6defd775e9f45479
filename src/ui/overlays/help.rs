//! Help, generated from the active keymap: the keys of the focused layer first (what the pane
//! offers, then the rest of its layer), then the global keys, then the other layers.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, centered, scroll};
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::ui::pane::{Command, Cx, Effect, Overlay};

pub struct HelpOverlay {
    /// The layer that had the focus, and what the focused pane offers.
    layer: Layer,
    /// Over an overlay: only what it offers (its layer's other keys do nothing there).
    only_commands: bool,
    title: String,
    commands: Vec<Command>,
    scroll: u16,
    page: u16,
}

impl HelpOverlay {
    pub fn new(layer: Layer, title: String, commands: Vec<Command>, only_commands: bool) -> Self {
        HelpOverlay {
            layer,
            only_commands,
            title,
            commands,
            scroll: 0,
            page: 20,
        }
    }

    /// The help text.
    pub fn lines(&self, cx: &Cx) -> Vec<Line<'static>> {
        let t = cx.theme;
        let km = cx.keymap;
        let entry = |keys: Vec<String>, what: String| {
            Line::from(vec![
                Span::styled(format!("  {:<22}", keys.join(" ")), t.style(Slot::Accent)),
                Span::raw(what),
            ])
        };
        let heading = |s: String| Line::styled(s, t.style(Slot::Title));
        let mut lines = vec![heading(format!(
            "Keys here: {} [{}]",
            self.title,
            self.layer.name()
        ))];
        let mut listed: Vec<Action> = Vec::new();
        for c in &self.commands {
            let keys = km.keys_for(self.layer, c.action);
            if !keys.is_empty() && !listed.contains(&c.action) {
                lines.push(entry(keys, c.label.clone()));
                listed.push(c.action);
            }
        }
        for (a, keys) in km.bindings(self.layer) {
            if !self.only_commands && !keys.is_empty() && !listed.contains(&a) {
                lines.push(entry(keys, a.description_in(self.layer).to_string()));
            }
        }
        let mut others = vec![Layer::Global];
        others.extend(
            [
                Layer::Table,
                Layer::Editor,
                Layer::Filter,
                Layer::Palette,
                Layer::Confirm,
                Layer::Slider,
                Layer::Chooser,
            ]
            .into_iter()
            .filter(|l| *l != self.layer),
        );
        for layer in others {
            lines.push(Line::from(""));
            let what = match layer {
                Layer::Global => "Everywhere [global]".to_string(),
                l => format!("[{}]", l.name()),
            };
            lines.push(heading(what));
            for (a, keys) in km.bindings(layer) {
                if !keys.is_empty() {
                    lines.push(entry(keys, a.description_in(layer).to_string()));
                }
            }
        }
        lines.extend([
            Line::from(""),
            Line::styled(
                "Filter: words that must all match (case-insensitive, any column); !word excludes; cluster:GLOB keeps matching clusters (cluster:prod-*).",
                t.style(Slot::Dim),
            ),
            Line::styled(
                "Changes: plan → diff → confirm → server dry-run of every step → apply → one audit line per step; a failed step reverts the others.",
                t.style(Slot::Dim),
            ),
        ]);
        if cx.readonly {
            lines.push(Line::styled(
                "Read-only mode: every change is refused.",
                t.style(Slot::Warn),
            ));
        }
        if let Some(n) = &km.notice {
            lines.push(Line::styled(n.clone(), t.style(Slot::Warn)));
        }
        lines
    }
}

impl Overlay for HelpOverlay {
    fn layer(&self) -> Layer {
        Layer::Table
    }

    fn kind(&self) -> &'static str {
        "help"
    }

    fn on_action(&mut self, a: Action, _cx: &Cx) -> Vec<Effect> {
        if a == Action::Select {
            return vec![Effect::Close];
        }
        if let Some(s) = scroll(a, self.scroll, self.page) {
            self.scroll = s;
        }
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let r = centered(area, 80, 90);
        self.page = r.height.saturating_sub(2);
        f.render_widget(Clear, r);
        let close = cx.key(Layer::Table, Action::Back);
        let lines = self.lines(cx);
        super::clamp_scroll(&mut self.scroll, lines.len(), r.height);
        f.render_widget(
            Paragraph::new(lines)
                .scroll((self.scroll, 0))
                .block(block(cx, format!(" Help · {close}: close "))),
            r,
        );
    }
}
