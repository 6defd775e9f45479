//! What the policy editor opens on, from what is selected: a binding's policy, a policy of a
//! control plane's policy tabs, or — for a template with no binding — a new PropagationPolicy
//! prefilled for it (selecting it, placed on the control plane's Ready members).

use serde_json::Value;

use crate::actions::apply_policy::prefill;
use crate::fleet::{ClusterId, FleetModel, Kind, ObjKey};
use crate::kinds::binding::PolicyRef;
use crate::kinds::karmada_cluster::KarmadaCluster;
use crate::views::ObjRef;
use crate::views::propagation_detail::template_binding;

#[derive(Clone, Debug, PartialEq)]
pub enum EditTarget {
    /// An existing policy: fetched, then edited.
    Policy(ObjRef),
    /// A new policy for a template without one, on control plane `cluster`.
    New {
        cluster: ClusterId,
        title: String,
        value: Value,
    },
    /// Nothing to edit, and why.
    Refused(String),
}

/// The policy object a binding names (a PropagationPolicy without a namespace is in the
/// binding's own).
pub fn policy_obj(cp: ClusterId, p: &PolicyRef, binding_ns: Option<&str>) -> ObjRef {
    if p.cluster_wide {
        ObjRef {
            cluster: cp,
            kind: Kind::ClusterPropagationPolicy,
            key: ObjKey::cluster_scoped(&p.name),
        }
    } else {
        ObjRef {
            cluster: cp,
            kind: Kind::PropagationPolicy,
            key: ObjKey::new(p.namespace.as_deref().or(binding_ns), &p.name),
        }
    }
}

/// The control plane's Karmada Clusters that are Ready, by name.
pub fn ready_members(m: &FleetModel, cp: ClusterId) -> Vec<String> {
    let Some(c) = m.cluster(cp) else {
        return vec![];
    };
    let mut names: Vec<String> = c
        .store::<KarmadaCluster>()
        .values()
        .filter(|k| k.ready == Some(true))
        .map(|k| k.name.to_string())
        .collect();
    names.sort();
    names
}

/// A template on control plane `cp` (`kind` as in its manifest, `api_version` its group/version):
/// its policy when a ResourceBinding binds it, else a new policy prefilled for it.
pub fn for_template(
    m: &FleetModel,
    cp: ClusterId,
    api_version: &str,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
) -> EditTarget {
    let Some(c) = m.cluster(cp) else {
        return EditTarget::Refused("no such cluster".into());
    };
    if !c.is_karmada_control_plane() {
        return EditTarget::Refused(format!(
            "{} is not a Karmada control plane: its {kind}s are not propagated from here",
            c.context
        ));
    }
    let bound = template_binding(m, cp, kind, namespace, name);
    let what = match namespace {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    };
    match bound {
        Some(b) => match &b.policy {
            Some(p) => EditTarget::Policy(policy_obj(cp, p, Some(&b.namespace))),
            None => EditTarget::Refused(format!(
                "{what} is bound ({}), but the binding names no policy",
                b.name
            )),
        },
        None => {
            let members = ready_members(m, cp);
            let value = prefill(api_version, kind, namespace, name, &members);
            let policy = match value["metadata"]["namespace"].as_str() {
                Some(ns) => format!("{ns}/{}", value["metadata"]["name"].as_str().unwrap_or("")),
                None => value["metadata"]["name"].as_str().unwrap_or("").to_string(),
            };
            EditTarget::New {
                cluster: cp,
                title: format!(
                    "{} {policy} @ {} (propagates {what})",
                    value["kind"].as_str().unwrap_or(""),
                    c.context
                ),
                value,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::demo::DemoSim;

    fn demo() -> FleetModel {
        let sim = DemoSim::new(42, 1_750_000_000);
        let mut m = FleetModel::new(sim.contexts());
        m.apply_all(sim.initial_events());
        m
    }

    #[test]
    fn a_bound_template_edits_its_policy_an_unbound_one_gets_a_new_policy() {
        let m = demo();
        let (cp, _) = m.cluster_by_context("karmada-host").unwrap();
        let web = for_template(&m, cp, "apps/v1", "Deployment", Some("shop"), "web");
        assert_eq!(
            web,
            EditTarget::Policy(ObjRef {
                cluster: cp,
                kind: Kind::PropagationPolicy,
                key: ObjKey::new(Some("shop"), "web"),
            })
        );
        let reports = for_template(&m, cp, "apps/v1", "Deployment", Some("shop"), "reports");
        assert!(
            matches!(&reports, EditTarget::Policy(o) if o.kind == Kind::ClusterPropagationPolicy),
            "{reports:?}"
        );
        let EditTarget::New { title, value, .. } =
            for_template(&m, cp, "apps/v1", "Deployment", Some("shop"), "notify")
        else {
            panic!("notify has no policy: a new one")
        };
        assert!(title.contains("shop/notify-propagation"), "{title}");
        assert_eq!(
            value["spec"]["placement"]["clusterAffinity"]["clusterNames"],
            serde_json::json!(ready_members(&m, cp))
        );
        assert!(!ready_members(&m, cp).is_empty());
        let (eu, _) = m.cluster_by_context("prod-eu").unwrap();
        assert!(matches!(
            for_template(&m, eu, "apps/v1", "Deployment", Some("shop"), "web"),
            EditTarget::Refused(_)
        ));
    }
}
