//! The confirm dialog of a plan: every step's diff; confirming sends the plan (server dry-run of
//! every step, then apply); the result closes it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{block, centered, scroll};
use crate::actions::Plan;
use crate::actions::diff::DiffLine;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::kinds::Tone;
use crate::ui::pane::{Command, Cx, Effect, Overlay, Reply, Request};

pub struct ConfirmOverlay {
    pub plan: Plan,
    /// The request carrying the plan, once confirmed.
    sent: Option<u64>,
    /// The id that request will carry, when whoever opened the dialog wants to see its reply
    /// (the policy editor closes once its plan was applied).
    request_id: Option<u64>,
    scroll: u16,
    page: u16,
}

impl ConfirmOverlay {
    pub fn new(plan: Plan) -> Self {
        ConfirmOverlay {
            plan,
            sent: None,
            request_id: None,
            scroll: 0,
            page: 10,
        }
    }

    /// The plan will be sent as `Request::Execute { id, .. }`: the opener can watch for its
    /// `Reply::Executed` (every overlay sees the replies).
    pub fn with_request_id(mut self, id: u64) -> Self {
        self.request_id = Some(id);
        self
    }

    /// Whether the plan is being applied (quitting now could leave it half done).
    pub fn applying(&self) -> bool {
        self.sent.is_some()
    }
}

impl Overlay for ConfirmOverlay {
    fn layer(&self) -> Layer {
        Layer::Confirm
    }

    fn kind(&self) -> &'static str {
        "confirm"
    }

    fn busy(&self) -> bool {
        self.applying()
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        vec![
            Command::new(Action::Confirm, "apply"),
            Command::new(Action::Cancel, "cancel"),
            Command::more(Action::Down, "scroll"),
        ]
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        if self.applying() {
            if let Some(s) = scroll(a, self.scroll, self.page) {
                self.scroll = s;
            }
            return vec![];
        }
        match a {
            Action::Confirm => {
                let id = self.request_id.unwrap_or_else(|| cx.next_id());
                self.sent = Some(id);
                vec![Effect::Request(Request::Execute {
                    id,
                    plan: self.plan.clone(),
                })]
            }
            Action::Cancel => vec![
                Effect::Close,
                Effect::Status("cancelled: nothing was changed".into(), Tone::Warn),
            ],
            a => {
                if let Some(s) = scroll(a, self.scroll, self.page) {
                    self.scroll = s;
                }
                vec![]
            }
        }
    }

    fn on_reply(&mut self, reply: &Reply, _cx: &Cx) -> Vec<Effect> {
        match reply {
            Reply::Executed { id, result } if Some(*id) == self.sent => {
                let status = match result {
                    Ok(m) => Effect::Status(m.clone(), Tone::Ok),
                    Err(e) => Effect::Status(e.clone(), Tone::Err),
                };
                vec![Effect::Close, status]
            }
            _ => vec![],
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let r = centered(area, 86, 80);
        self.page = r.height.saturating_sub(2);
        f.render_widget(Clear, r);
        let t = cx.theme;
        let p = &self.plan;
        let n = p.steps.len();
        let mut lines = vec![
            Line::styled(p.title.clone(), t.style(Slot::Title)),
            Line::styled(format!("plan {} · {n} step(s)", p.id), t.style(Slot::Dim)),
        ];
        for s in &p.summary {
            lines.push(Line::styled(format!("→ {s}"), t.style(Slot::Warn)));
        }
        for (i, s) in p.steps.iter().enumerate() {
            lines.push(Line::from(""));
            lines.push(Line::from(format!(
                "step {}/{n}  context: {}   object: {}",
                i + 1,
                s.context,
                s.object_ref()
            )));
            lines.push(Line::from(format!("change:  {}", s.change)));
            for d in s.diff(3) {
                lines.push(match d {
                    DiffLine::Same(s) => Line::styled(format!("  {s}"), t.style(Slot::Dim)),
                    DiffLine::Add(s) => Line::styled(format!("+ {s}"), t.style(Slot::Ok)),
                    DiffLine::Remove(s) => Line::styled(format!("- {s}"), t.style(Slot::Err)),
                    DiffLine::Gap(n) => {
                        Line::styled(format!("  … {n} unchanged line(s)"), t.style(Slot::Dim))
                    }
                });
            }
        }
        lines.push(Line::from(""));
        let keys = |a: Action| cx.keymap.keys_for(Layer::Confirm, a).join("/");
        lines.push(if self.applying() {
            Line::styled("dry-run of every step, then apply…", t.style(Slot::Dim))
        } else {
            Line::styled(
                format!(
                    "{}: apply (server dry-run of every step first) · {}: cancel",
                    keys(Action::Confirm),
                    keys(Action::Cancel)
                ),
                t.style(Slot::Warn),
            )
        });
        super::clamp_scroll(&mut self.scroll, lines.len(), r.height);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block(cx, " Confirm change ")),
            r,
        );
    }
}
