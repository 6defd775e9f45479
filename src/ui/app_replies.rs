//! The app's side of the runtime's replies: a plan a pane asked for opens the confirm dialog
//! (if the user is still there); a plan an overlay asked for goes back to it (if it is still on
//! top); every other reply goes to every overlay and pane, which match the id.

use super::{App, Asker};
use crate::kinds::Tone;
use crate::ui::overlays::confirm::ConfirmOverlay;
use crate::ui::pane::{Cx, Effect, Reply, Request};

impl App {
    /// A reply from the runtime: a plan opens the confirm dialog; the rest go to whoever asked.
    pub fn on_reply(&mut self, reply: Reply) -> Vec<Request> {
        self.dirty = true;
        match reply {
            Reply::Planned { id, plan } if self.overlay_planned(id) => {
                self.planning = None;
                self.deliver(Reply::Planned { id, plan });
            }
            Reply::Planned { id, plan } => {
                let asked = self.planning.take();
                let current = match &asked {
                    Some((want, Asker::Pane(pane))) => *want == id && *pane == self.pane_name(),
                    _ => false,
                };
                match plan {
                    // Superseded by a later plan: nothing to say.
                    _ if asked.as_ref().is_some_and(|(want, _)| *want != id) => {
                        self.planning = asked;
                    }
                    Err(e) => self.set_status(e, Tone::Err),
                    Ok(plan) => match &plan.noop {
                        Some(why) => self.set_status(format!("nothing to do: {why}"), Tone::Warn),
                        None if !current
                            || !self.overlays.is_empty()
                            || self.layer().takes_text() =>
                        {
                            self.set_status(
                                format!(
                                    "{}: planned, but you had moved on; nothing was changed (ask again)",
                                    plan.title
                                ),
                                Tone::Warn,
                            );
                        }
                        None => {
                            self.status = None;
                            self.overlays.push(Box::new(ConfirmOverlay::new(plan)));
                        }
                    },
                }
            }
            reply => self.deliver(reply),
        }
        self.take_requests()
    }

    /// Whether plan `id` was asked by the overlay still at the depth it asked from.
    fn overlay_planned(&self, id: u64) -> bool {
        matches!(&self.planning, Some((want, Asker::Overlay(depth)))
            if *want == id && *depth == self.overlays.len())
    }

    /// A reply to whoever asked (they match the id): every overlay, then every pane.
    fn deliver(&mut self, reply: Reply) {
        let mut effects = Vec::new();
        // An overlay that closes on its reply closes itself, wherever it is in the stack.
        let mut closing = Vec::new();
        let cx = cx!(self);
        for (i, o) in self.overlays.iter_mut().enumerate() {
            for e in o.on_reply(&reply, &cx) {
                match e {
                    Effect::Close => closing.push(i),
                    e => effects.push(e),
                }
            }
        }
        for p in self.panes.iter_mut() {
            effects.extend(p.on_reply(&reply, &cx));
        }
        for i in closing.into_iter().rev() {
            self.overlays.remove(i);
        }
        self.apply(effects);
    }
}
