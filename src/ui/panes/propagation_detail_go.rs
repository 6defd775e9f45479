//! The detail's Enter and `y`: where a line leads, and whose YAML it shows.

use super::PropagationDetailPane;
use crate::fleet::{Kind, ObjKey};
use crate::kinds::Tone;
use crate::ui::overlays::editor::EditorOverlay;
use crate::ui::overlays::yaml::YamlOverlay;
use crate::ui::pane::{Cx, Effect, Target};
use crate::views::ObjRef;
use crate::views::propagation_detail::{Detail, Link};

impl PropagationDetailPane {
    /// The template's kind, if fleetdeck watches it.
    fn template_kind(d: &Detail) -> Option<Kind> {
        Kind::find(&d.row.kind)
    }

    fn template_key(d: &Detail) -> ObjKey {
        ObjKey::new(d.row.namespace.as_deref(), &d.row.name)
    }

    /// A ResourceBinding, or (keyed without a namespace) a ClusterResourceBinding.
    fn binding_kind(&self) -> Kind {
        match self.key.namespace {
            Some(_) => Kind::ResourceBinding,
            None => Kind::ClusterResourceBinding,
        }
    }

    /// The binding's policy, if it names one.
    fn policy_obj(&self) -> Option<ObjRef> {
        let (kind, key) = self.detail.as_ref().and_then(|d| d.policy_ref())?;
        let kind = if kind == "ClusterPropagationPolicy" {
            Kind::ClusterPropagationPolicy
        } else {
            Kind::PropagationPolicy
        };
        Some(ObjRef {
            cluster: self.cp,
            kind,
            key,
        })
    }

    /// Open the binding's policy in the editor (`E` anywhere, Enter on the policy line).
    pub fn open_policy(&self, cx: &Cx) -> Vec<Effect> {
        match self.policy_obj() {
            Some(obj) => EditorOverlay::open(obj, cx),
            None => vec![Effect::Status(
                "the binding names no policy".into(),
                Tone::Warn,
            )],
        }
    }

    /// Enter: go where the selected line points.
    pub(super) fn go(&self, cx: &Cx) -> Vec<Effect> {
        let Some(d) = &self.detail else {
            return vec![];
        };
        let here = |kind: Option<Kind>, key: ObjKey| {
            vec![Effect::Go(Target::Cluster {
                id: self.cp,
                kind,
                select: kind.map(|_| key),
            })]
        };
        match self.link(cx.now) {
            Some(Link::Template) => here(Self::template_kind(d), Self::template_key(d)),
            Some(Link::Binding) => here(Some(self.binding_kind()), self.key.clone()),
            Some(Link::Policy) => self.open_policy(cx),
            Some(Link::Cluster(i)) => {
                let c = &d.clusters[i];
                match c.member {
                    Some(id) => {
                        let kind = Self::template_kind(d)
                            .filter(|k| crate::ui::panes::cluster::tabs(cx, id).contains(k));
                        vec![Effect::Go(Target::Cluster {
                            id,
                            kind,
                            select: kind.map(|_| Self::template_key(d)),
                        })]
                    }
                    // Not a context: Karmada's Cluster object on the control plane.
                    None if c.karmada.is_some() => {
                        here(Some(Kind::KarmadaCluster), ObjKey::cluster_scoped(&c.name))
                    }
                    None => vec![Effect::Status(
                        format!("{} is not one of your contexts", c.name),
                        Tone::Warn,
                    )],
                }
            }
            None => vec![],
        }
    }

    /// `y`: the YAML of what the selected line shows.
    pub(super) fn yaml(&self, cx: &Cx) -> Vec<Effect> {
        let Some(d) = &self.detail else {
            return vec![];
        };
        let obj = |cluster, kind, key| ObjRef { cluster, kind, key };
        let what = match self.link(cx.now) {
            Some(Link::Policy) => self.policy_obj(),
            Some(Link::Binding) => Some(obj(self.cp, self.binding_kind(), self.key.clone())),
            Some(Link::Template) => {
                Self::template_kind(d).map(|k| obj(self.cp, k, Self::template_key(d)))
            }
            Some(Link::Cluster(i)) => {
                let c = &d.clusters[i];
                let live = c.target.as_ref().and_then(|t| t.member).is_some();
                match (c.member, Self::template_kind(d)) {
                    (Some(id), Some(k)) if live => Some(obj(id, k, Self::template_key(d))),
                    _ if c.karmada.is_some() => Some(obj(
                        self.cp,
                        Kind::KarmadaCluster,
                        ObjKey::cluster_scoped(&c.name),
                    )),
                    _ => None,
                }
            }
            None => None,
        };
        match what {
            Some(o) => YamlOverlay::open(o, cx),
            None => vec![Effect::Status(
                format!("fleetdeck does not watch {}", d.row.kind),
                Tone::Warn,
            )],
        }
    }

    pub(super) fn enter_label(&self, now: i64) -> &'static str {
        match self.link(now) {
            Some(Link::Cluster(_)) => "go to the cluster",
            Some(Link::Policy) => "edit the policy",
            Some(Link::Template) => "go to the template",
            Some(Link::Binding) => "go to the binding",
            None => "open",
        }
    }
}
