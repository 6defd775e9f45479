//! A short list to pick one entry from, optionally with an on/off option, whose accept plans a
//! verb (the confirm dialog follows): the cluster to drain out of the mesh (the option: also
//! cordon it in Karmada), the recent plan to restore.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::block;
use crate::actions::Verb;
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::ui::pane::{Command, Cx, Effect, Overlay};
use crate::ui::panes::fleet::plan;

/// The verb for entry `i`, with the option on or off.
pub type MakeVerb = Box<dyn Fn(usize, bool) -> Verb>;

pub struct ChooserOverlay {
    title: String,
    items: Vec<String>,
    pub selected: usize,
    /// The option's label and whether it is on.
    pub option: Option<(String, bool)>,
    make: MakeVerb,
}

impl ChooserOverlay {
    pub fn new(title: impl Into<String>, items: Vec<String>, make: MakeVerb) -> Self {
        ChooserOverlay {
            title: title.into(),
            items,
            selected: 0,
            option: None,
            make,
        }
    }

    /// With an on/off option (toggled by the chooser's `cordon` key), off at first.
    pub fn with_option(mut self, label: impl Into<String>) -> Self {
        self.option = Some((label.into(), false));
        self
    }

    /// Start at entry `i`.
    pub fn at(mut self, i: usize) -> Self {
        self.selected = i.min(self.items.len().saturating_sub(1));
        self
    }
}

impl Overlay for ChooserOverlay {
    fn layer(&self) -> Layer {
        Layer::Chooser
    }

    fn kind(&self) -> &'static str {
        "chooser"
    }

    fn commands(&self, _cx: &Cx) -> Vec<Command> {
        let mut c = vec![Command::new(Action::Accept, "plan it")];
        if let Some((label, _)) = &self.option {
            c.push(Command::new(Action::Cordon, label.clone()));
        }
        c.push(Command::new(Action::Cancel, "close"));
        c
    }

    fn on_action(&mut self, a: Action, cx: &Cx) -> Vec<Effect> {
        let last = self.items.len().saturating_sub(1);
        match a {
            Action::Down => self.selected = (self.selected + 1).min(last),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Cordon => {
                if let Some((_, on)) = &mut self.option {
                    *on = !*on;
                }
            }
            Action::Accept if self.items.is_empty() => return vec![Effect::Close],
            Action::Accept => {
                let on = self.option.as_ref().is_some_and(|(_, on)| *on);
                let mut e = vec![Effect::Close];
                e.extend(plan((self.make)(self.selected, on), cx));
                return e;
            }
            Action::Cancel => return vec![Effect::Close],
            _ => {}
        }
        vec![]
    }

    fn render(&mut self, f: &mut Frame, area: Rect, cx: &Cx) {
        let t = cx.theme;
        let h = (self.items.len() as u16 + 6).min(area.height);
        let w = area.width.min(
            self.items
                .iter()
                .map(|i| i.len())
                .max()
                .unwrap_or(20)
                .max(50) as u16
                + 6,
        );
        let r = Rect {
            x: area.x + (area.width.saturating_sub(w)) / 2,
            y: area.y + (area.height.saturating_sub(h)) / 2,
            width: w,
            height: h,
        };
        f.render_widget(Clear, r);
        let keys = |a| cx.keymap.keys_for(Layer::Chooser, a).join("/");
        let frame = block(cx, format!(" {} ", self.title));
        let inner = frame.inner(r);
        f.render_widget(frame, r);
        let [list, foot] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        let items: Vec<ListItem> = if self.items.is_empty() {
            vec![ListItem::new(Line::styled(
                "(nothing to choose)",
                t.style(Slot::Dim),
            ))]
        } else {
            self.items
                .iter()
                .map(|i| ListItem::new(i.clone()))
                .collect()
        };
        let mut state = ListState::default();
        if !self.items.is_empty() {
            state.select(Some(self.selected));
        }
        f.render_stateful_widget(
            List::new(items).highlight_style(t.selected()),
            list,
            &mut state,
        );
        let mut lines = Vec::new();
        if let Some((label, on)) = &self.option {
            lines.push(Line::styled(
                format!(
                    "[{}] {label} ({})",
                    if *on { "x" } else { " " },
                    keys(Action::Cordon)
                ),
                t.style(if *on { Slot::Warn } else { Slot::Fg }),
            ));
        }
        lines.push(Line::styled(
            format!(
                "{}: plan it (shows the diff first) · {}: close",
                keys(Action::Accept),
                keys(Action::Cancel)
            ),
            t.style(Slot::Dim),
        ));
        f.render_widget(Paragraph::new(lines), foot);
    }
}
