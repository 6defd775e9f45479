//! An object's YAML, fetched on demand (managedFields dropped, Secret data hidden).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{block, centered, scroll};
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::ui::pane::{Command, Cx, Effect, Overlay, Reply, Request};
use crate::views::ObjRef;

pub struct YamlOverlay {
    id: u64,
    pub title: String,
    /// None while the fetch is under way.
    pub text: Option<Result<String, String>>,
    scroll: u16,
    page: u16,
}

impl YamlOverlay {
    /// The overlay and the fetch it waits for.
    pub fn open(obj: ObjRef, cx: &Cx) -> Vec<Effect> {
        let context = cx
            .model
            .cluster(obj.cluster)
            .map_or("?", |c| c.context.as_str());
        let id = cx.next_id();
        let title = format!("{} {} @ {context}", obj.kind.name(), obj.key);
        vec![
            Effect::Open(Box::new(YamlOverlay {
                id,
                title,
                text: None,
                scroll: 0,
                page: 20,
            })),
            Effect::Request(Request::Yaml { id, obj }),
        ]
    }

    /// An overlay showing `text` already (tests, snapshots).
    pub fn with_text(title: &str, text: String) -> Self {
        YamlOverlay {
            id: 0,
            title: title.to_string(),
            text: Some(Ok(text)),
            scroll: 0,
            page: 20,
        }
    }
}

impl Overlay for YamlOverlay {
    fn layer(&self) -> Layer {
        Layer::Table
    }

    fn kind(&self) -> &'static str {
        "yaml"
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Down, "scroll"),
            Command::new(Action::PageDown, "page"),
            Command::more(Action::Up, "scroll up"),
            Command::more(Action::PageUp, "page up"),
            Command::more(Action::Top, "top"),
            Command::more(Action::Bottom, "bottom"),
        ]
    }

    fn on_action(&mut self, a: Action, _cx: &Cx) -> Vec<Effect> {
        match a {
            Action::Select | Action::Yaml => vec![Effect::Close],
            a => {
                if let Some(s) = scroll(a, self.scroll, self.page) {
                    self.scroll = s;
                }
                vec![]
            }
        }
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &Cx) -> Vec<Effect> {
        if let Reply::Yaml { id, text } = reply
            && *id == self.id
        {
            self.text = Some(text.clone());
        }
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let r = centered(area, 90, 90);
        self.page = r.height.saturating_sub(2);
        f.render_widget(Clear, r);
        let t = cx.theme;
        let lines: Vec<Line> = match &self.text {
            None => vec![Line::styled("fetching…", t.style(Slot::Dim))],
            Some(Err(e)) => vec![Line::styled(
                format!("cannot fetch: {e}"),
                t.style(Slot::Err),
            )],
            Some(Ok(text)) => text
                .lines()
                .map(|l| match l.split_once(':') {
                    Some((k, v)) if !k.trim_start().starts_with('-') || k.contains(' ') => {
                        Line::from(vec![
                            Span::styled(k.to_string(), t.style(Slot::Accent)),
                            Span::raw(format!(":{v}")),
                        ])
                    }
                    _ => Line::raw(l.to_string()),
                })
                .collect(),
        };
        let close = cx.key(Layer::Table, Action::Back);
        super::clamp_scroll(&mut self.scroll, lines.len(), r.height);
        f.render_widget(
            Paragraph::new(lines)
                .scroll((self.scroll, 0))
                .block(block(cx, format!(" {} · {close}: close ", self.title))),
            r,
        );
    }
}
