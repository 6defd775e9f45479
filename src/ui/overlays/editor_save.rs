//! The policy editor's save: parse → plan `apply-policy` → the confirm dialog (diff, impact,
//! server dry-run, apply, audit) → closed once applied; a conflict fetches the policy as it is
//! now and shows the conflict view, whose reload puts the three-way merge in the editor.

use ratatui_textarea::CursorMove;

use super::{EditorOverlay, Mode};
use crate::actions::Verb;
use crate::actions::apply_policy::{editable, parse_yaml};
use crate::actions::diff::to_yaml;
use crate::kinds::Tone;
use crate::ui::overlays::confirm::ConfirmOverlay;
use crate::ui::overlays::editor_conflict::ConflictView;
use crate::ui::pane::{Cx, Effect, Reply, Request};
use crate::views::ObjRef;

impl EditorOverlay {
    pub(super) fn save(&mut self, cx: &Cx) -> Vec<Effect> {
        if let Err(e) = crate::actions::check_writable(cx.readonly, "apply a policy") {
            self.note = Some((format!("{e}: the editor is read-only"), Tone::Err));
            return vec![];
        }
        if self.busy_note().is_some() {
            return vec![];
        }
        let edited = match parse_yaml(&self.contents()) {
            Ok(v) => v,
            Err(e) => {
                let (l, c) = (e.line.saturating_sub(1), e.column.saturating_sub(1));
                self.text.move_cursor(CursorMove::Jump(
                    l.min(u16::MAX as usize) as u16,
                    c.min(u16::MAX as usize) as u16,
                ));
                self.note = Some((format!("{e} (nothing was sent)"), Tone::Err));
                return vec![];
            }
        };
        let id = cx.next_id();
        self.planning = Some(id);
        self.sent = Some(edited.clone());
        self.note = None;
        vec![Effect::Request(Request::Plan {
            id,
            verb: Verb::ApplyPolicy {
                cluster: self.cluster,
                edited,
                base: self.base.clone(),
            },
        })]
    }

    fn on_plan(&mut self, plan: &Result<crate::actions::Plan, String>, cx: &Cx) -> Vec<Effect> {
        self.planning = None;
        match plan {
            Ok(p) if p.noop.is_some() => {
                let why = p.noop.as_deref().unwrap_or("");
                self.note = Some((format!("nothing to do: {why}"), Tone::Warn));
                vec![]
            }
            Ok(p) => {
                let id = cx.next_id();
                self.applying = Some(id);
                let confirm = ConfirmOverlay::new(p.clone()).with_request_id(id);
                vec![Effect::Open(Box::new(confirm))]
            }
            Err(e) if e.starts_with("conflict:") && self.base.is_some() => {
                let Some(base) = &self.base else {
                    return vec![];
                };
                let id = cx.next_id();
                self.fetching_live = Some(id);
                let obj = ObjRef {
                    cluster: self.cluster,
                    kind: match base["kind"].as_str() {
                        Some("ClusterPropagationPolicy") => {
                            crate::fleet::Kind::ClusterPropagationPolicy
                        }
                        _ => crate::fleet::Kind::PropagationPolicy,
                    },
                    key: crate::fleet::ObjKey::new(
                        base["metadata"]["namespace"].as_str(),
                        base["metadata"]["name"].as_str().unwrap_or(""),
                    ),
                };
                vec![Effect::Request(Request::Object { id, obj })]
            }
            Err(e) => {
                self.note = Some((e.clone(), Tone::Err));
                vec![]
            }
        }
    }

    /// Reload keeping the edit: the merge in the editor, the live object as the new base.
    pub(super) fn reload(&mut self) {
        let Mode::Conflict(v) = std::mem::replace(&mut self.mode, Mode::Edit) else {
            return;
        };
        // The live object is what the text was loaded from now: the merge shows as the edit.
        self.load(&to_yaml(&v.live));
        self.set_text(&v.reload_text());
        self.base = Some(v.live.clone());
        self.note = Some(v.reload_note());
    }

    pub(super) fn reply(&mut self, reply: &Reply, cx: &Cx) -> Vec<Effect> {
        match reply {
            Reply::Object { id, object } if Some(*id) == self.fetching => {
                self.fetching = None;
                match object {
                    Ok(v) => {
                        self.load(&to_yaml(&editable(v)));
                        self.base = Some(v.clone());
                    }
                    Err(e) => {
                        return vec![
                            Effect::Close,
                            Effect::Status(format!("cannot open {}: {e}", self.title), Tone::Err),
                        ];
                    }
                }
            }
            Reply::Object { id, object } if Some(*id) == self.fetching_live => {
                self.fetching_live = None;
                match (object, &self.base, &self.sent) {
                    (Ok(live), Some(base), Some(edited)) => {
                        let what = self.title.replace(" @ ", " on ");
                        self.mode =
                            Mode::Conflict(ConflictView::new(what, base, edited, live.clone()));
                    }
                    (Err(e), _, _) => {
                        self.note = Some((
                            format!("conflict, and the policy cannot be read now: {e}"),
                            Tone::Err,
                        ));
                    }
                    _ => {}
                }
            }
            Reply::Planned { id, plan } if Some(*id) == self.planning => {
                return self.on_plan(plan, cx);
            }
            Reply::Executed { id, result } if Some(*id) == self.applying => {
                self.applying = None;
                match result {
                    Ok(_) => return vec![Effect::Close],
                    Err(e) => self.note = Some((e.clone(), Tone::Err)),
                }
            }
            _ => {}
        }
        vec![]
    }
}
