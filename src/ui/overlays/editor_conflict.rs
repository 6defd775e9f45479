//! The policy editor's conflict view: the policy changed on the server since the editor opened
//! it, so nothing was sent. It shows what changed meanwhile (base → now) and, side by side, the
//! places both the user and someone else changed (path │ theirs │ yours). Reloading puts the
//! three-way merge in the editor: the user's edit re-applied onto the current object where it
//! does not clash; where it clashes theirs is kept and the clash is named in the editor's
//! status line, for the user to re-apply.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::{block, scroll};
use crate::actions::apply_policy::editable;
use crate::actions::diff::to_yaml;
use crate::actions::merge::{Merge, three_way};
use crate::config::keymap::{Action, Layer};
use crate::config::theme::Slot;
use crate::kinds::Tone;
use crate::ui::pane::Cx;

const RV: &str = "/metadata/resourceVersion";

/// `/spec/placement/clusterAffinity` → `spec.placement.clusterAffinity` (`~1` is `/`).
pub fn dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|p| p.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

/// A value on one line (JSON flow style); `(none)` when absent.
pub fn compact(v: Option<&Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// `s` cut to `w` columns (an ellipsis marks the cut), padded to `w`.
pub fn fit(s: &str, w: usize) -> String {
    if s.width() <= w {
        return format!("{s}{}", " ".repeat(w - s.width()));
    }
    let mut out = String::new();
    for c in s.chars() {
        if out.width() + 1 >= w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    let pad = w.saturating_sub(out.width());
    out + &" ".repeat(pad)
}

pub struct ConflictView {
    /// `PropagationPolicy shop/web on karmada-host`.
    pub what: String,
    /// The object as the editor opened it, and as it is now (both as the editor shows them).
    base: Value,
    pub live: Value,
    pub merge: Merge,
    scroll: u16,
    page: u16,
}

impl ConflictView {
    /// `base`: the object the editor opened (full); `edited`: the user's edit (parsed);
    /// `live`: the object now (full).
    pub fn new(what: String, base: &Value, edited: &Value, live: Value) -> Self {
        let base = editable(base);
        let live = editable(&live);
        let merge = three_way(&base, edited, &live);
        ConflictView {
            what,
            base,
            live,
            merge,
            scroll: 0,
            page: 10,
        }
    }

    /// The editor's text after a reload: the merge.
    pub fn reload_text(&self) -> String {
        to_yaml(&self.merge.merged)
    }

    /// What the editor says after a reload.
    pub fn reload_note(&self) -> (String, Tone) {
        if self.merge.clashes.is_empty() {
            return (
                "reloaded: your edit re-applied onto the current version; save again".into(),
                Tone::Ok,
            );
        }
        let list: Vec<String> = self
            .merge
            .clashes
            .iter()
            .map(|c| format!("{} (yours: {})", dotted(&c.path), compact(c.ours.as_ref())))
            .collect();
        (
            format!(
                "reloaded: {} field(s) kept their new value, re-apply yours if you still want it: {}",
                list.len(),
                list.join("; ")
            ),
            Tone::Warn,
        )
    }

    /// Scroll keys; true when `a` was one.
    pub fn on_scroll(&mut self, a: Action) -> bool {
        match scroll(a, self.scroll, self.page) {
            Some(s) => {
                self.scroll = s;
                true
            }
            None => false,
        }
    }

    pub fn lines(&self, width: usize, cx: &Cx) -> Vec<Line<'static>> {
        let t = cx.theme;
        let rv = |v: &Value| compact(v.pointer(RV));
        let mut lines = vec![
            Line::styled(
                format!(
                    "{} changed since you opened it (resourceVersion {} → {}): nothing was sent.",
                    self.what,
                    rv(&self.base),
                    rv(&self.live)
                ),
                t.style(Slot::Warn),
            ),
            Line::from(""),
            Line::styled(
                "Changed meanwhile (when you opened it → now):",
                t.style(Slot::Title),
            ),
        ];
        let changed: Vec<&String> = self
            .merge
            .theirs_changed
            .iter()
            .filter(|p| *p != RV)
            .collect();
        if changed.is_empty() {
            lines.push(Line::styled(
                "  nothing you can edit (the server wrote metadata or status)",
                t.style(Slot::Dim),
            ));
        }
        for p in changed {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}: ", dotted(p)), t.style(Slot::Accent)),
                Span::raw(format!(
                    "{} → {}",
                    compact(self.base.pointer(p)),
                    compact(self.live.pointer(p))
                )),
            ]));
        }
        lines.push(Line::from(""));
        if self.merge.clashes.is_empty() {
            lines.push(Line::styled(
                "Your edit does not touch what changed: reloading keeps all of it.",
                t.style(Slot::Ok),
            ));
        } else {
            lines.push(Line::styled(
                "Changed by both (a reload keeps theirs; re-apply yours where you still want it):",
                t.style(Slot::Title),
            ));
            // Inside the frame: three columns side by side where they fit, else the field on
            // its own line with theirs │ yours under it.
            let inner = width.saturating_sub(2);
            let wide = inner >= 110;
            let col = if wide {
                inner.saturating_sub(8) / 3
            } else {
                inner.saturating_sub(7) / 2
            }
            .max(8);
            let head = if wide {
                format!(
                    "  {} │ {} │ {}",
                    fit("FIELD", col),
                    fit("THEIRS (now)", col),
                    fit("YOURS", col)
                )
            } else {
                "  FIELD: THEIRS (now) │ YOURS".to_string()
            };
            lines.push(Line::styled(head, t.header()));
            for c in &self.merge.clashes {
                let (field, theirs, ours) = (
                    dotted(&c.path),
                    compact(c.theirs.as_ref()),
                    compact(c.ours.as_ref()),
                );
                if wide {
                    lines.push(Line::from(format!(
                        "  {} │ {} │ {}",
                        fit(&field, col),
                        fit(&theirs, col),
                        fit(&ours, col)
                    )));
                } else {
                    lines.push(Line::styled(format!("  {field}:"), t.style(Slot::Accent)));
                    lines.push(Line::from(format!(
                        "    {} │ {}",
                        fit(&theirs, col),
                        fit(&ours, col)
                    )));
                }
            }
        }
        lines.push(Line::from(""));
        let keys = |a: Action| cx.keymap.keys_for(Layer::Confirm, a).join("/");
        lines.push(Line::styled(
            format!(
                "{}: reload keeping my edit · {}: back to the editor unchanged",
                keys(Action::Confirm),
                keys(Action::Cancel)
            ),
            t.style(Slot::Warn),
        ));
        lines
    }

    pub fn render(&mut self, f: &mut Frame, r: Rect, cx: &Cx) {
        self.page = r.height.saturating_sub(2);
        let lines = self.lines(r.width as usize, cx);
        super::clamp_scroll(&mut self.scroll, lines.len(), r.height);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0))
                .block(block(cx, " Conflict: the policy changed meanwhile ")),
            r,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_read_as_dotted_fields() {
        assert_eq!(
            dotted("/spec/placement/clusterAffinity/clusterNames"),
            "spec.placement.clusterAffinity.clusterNames"
        );
        assert_eq!(
            dotted("/metadata/annotations/a~1b"),
            "metadata.annotations.a/b"
        );
    }

    #[test]
    fn values_fit_one_line() {
        assert_eq!(compact(Some(&json!(["m1", "m2"]))), r#"["m1","m2"]"#);
        assert_eq!(compact(Some(&json!("x"))), "x");
        assert_eq!(compact(None), "(none)");
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdefgh", 5), "abcd…");
        assert_eq!(fit("abcdefgh", 5).chars().count(), 5);
    }

    fn policy(rv: &str, names: Value, priority: i64) -> Value {
        json!({"apiVersion": "policy.karmada.io/v1alpha1", "kind": "PropagationPolicy",
               "metadata": {"name": "web", "namespace": "shop", "resourceVersion": rv,
                            "uid": "u1", "managedFields": []},
               "spec": {"placement": {"clusterAffinity": {"clusterNames": names}},
                        "priority": priority},
               "status": {}})
    }

    #[test]
    fn a_reload_keeps_the_edit_where_it_does_not_clash_and_names_the_clashes() {
        let base = policy("1", json!(["a", "b"]), 0);
        let live = policy("2", json!(["a"]), 0);
        // Ours changed the priority only: no clash, the merge has both.
        let mut ours = editable(&base);
        ours["spec"]["priority"] = json!(7);
        let v = ConflictView::new("PP shop/web".into(), &base, &ours, live.clone());
        assert!(v.merge.clashes.is_empty());
        assert_eq!(v.merge.merged["metadata"]["resourceVersion"], "2");
        let text = v.reload_text();
        assert!(text.contains("priority: 7"), "{text}");
        assert!(!text.contains("- b"), "{text}");
        assert_eq!(v.reload_note().1, Tone::Ok);
        // Ours changed the cluster list too: a clash, theirs kept, ours named.
        ours["spec"]["placement"]["clusterAffinity"]["clusterNames"] = json!(["a", "b", "c"]);
        let v = ConflictView::new("PP shop/web".into(), &base, &ours, live);
        assert_eq!(v.merge.clashes.len(), 1);
        let (note, tone) = v.reload_note();
        assert_eq!(tone, Tone::Warn);
        assert!(
            note.contains(r#"spec.placement.clusterAffinity.clusterNames (yours: ["a","b","c"])"#),
            "{note}"
        );
    }
}
