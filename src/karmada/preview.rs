//! What a change of static weights does to every template a policy binds: the replicas on each
//! cluster now (the binding's `spec.clusters`) and after (karmada-scheduler's split with the
//! new weights). Shared by the weights pane (live, from the model) and the planner (from the
//! objects it fetched).

use serde_json::{Value, json};

use super::placement::{Candidate, split};
use crate::fleet::Str;
use crate::kinds::binding::{BindingRow, PolicyRef};

/// One bound template's replicas before → after.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplatePreview {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub replicas: i64,
    pub before: Vec<(Str, i64)>,
    pub after: Vec<(Str, i64)>,
}

impl TemplatePreview {
    /// `Deployment shop/web`.
    pub fn label(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }

    pub fn before_on(&self, cluster: &str) -> i64 {
        of(&self.before, cluster)
    }
    pub fn after_on(&self, cluster: &str) -> i64 {
        of(&self.after, cluster)
    }

    /// `act --json`'s preview entry.
    pub fn json(&self) -> Value {
        let map = |v: &[(Str, i64)]| {
            Value::Object(v.iter().map(|(c, r)| (c.to_string(), json!(r))).collect())
        };
        json!({
            "template": {"kind": self.kind, "namespace": self.namespace, "name": self.name},
            "replicas": self.replicas,
            "before": map(&self.before),
            "after": map(&self.after),
        })
    }

    /// `Deployment shop/web (8): prod-ap 2→3, prod-eu 4→2` (only the clusters that change).
    pub fn text(&self) -> String {
        let mut names: Vec<&str> = self
            .before
            .iter()
            .chain(&self.after)
            .map(|(c, _)| &**c)
            .collect();
        names.sort();
        names.dedup();
        let moves: Vec<String> = names
            .into_iter()
            .filter(|c| self.before_on(c) != self.after_on(c))
            .map(|c| format!("{c} {}→{}", self.before_on(c), self.after_on(c)))
            .collect();
        let moves = if moves.is_empty() {
            "unchanged".to_string()
        } else {
            moves.join(", ")
        };
        format!("{} ({} replicas): {moves}", self.label(), self.replicas)
    }
}

fn of(v: &[(Str, i64)], cluster: &str) -> i64 {
    v.iter()
        .find(|(c, _)| &**c == cluster)
        .map_or(0, |(_, r)| *r)
}

/// Whether `b` comes from the policy `p` (namespace None: a ClusterPropagationPolicy).
pub fn binds(b: &BindingRow, namespace: Option<&str>, name: &str) -> bool {
    match (&b.policy, namespace) {
        (
            Some(PolicyRef {
                cluster_wide: true,
                name: n,
                ..
            }),
            None,
        ) => &**n == name,
        (
            Some(PolicyRef {
                cluster_wide: false,
                namespace: ns,
                name: n,
            }),
            Some(want),
        ) => &**n == name && ns.as_deref().unwrap_or(&b.namespace) == want,
        _ => false,
    }
}

/// The preview of every binding in `bindings` with the candidates weighing `weights`.
pub fn preview<'a>(
    candidates: &[Candidate],
    weights: &[i64],
    bindings: impl IntoIterator<Item = &'a BindingRow>,
) -> Vec<TemplatePreview> {
    previews(bindings, |b| split(candidates, weights, b.replicas, &b.uid))
}

/// Every binding's assignment as it is (before = after): what a policy with dynamic weights
/// shows, the scheduler deciding from the clusters' available replicas.
pub fn current<'a>(bindings: impl IntoIterator<Item = &'a BindingRow>) -> Vec<TemplatePreview> {
    previews(bindings, assigned)
}

/// The binding's `spec.clusters`, sorted by name, zeros dropped.
fn assigned(b: &BindingRow) -> Vec<(Str, i64)> {
    let mut v: Vec<(Str, i64)> = b
        .clusters
        .iter()
        .filter(|t| t.replicas > 0)
        .map(|t| (t.cluster.clone(), i64::from(t.replicas)))
        .collect();
    if !v.is_sorted() {
        v.sort();
    }
    v
}

fn previews<'a>(
    bindings: impl IntoIterator<Item = &'a BindingRow>,
    after: impl Fn(&BindingRow) -> Vec<(Str, i64)>,
) -> Vec<TemplatePreview> {
    let mut v: Vec<TemplatePreview> = bindings
        .into_iter()
        .map(|b| {
            let (kind, namespace, name) = b.template();
            TemplatePreview {
                kind: kind.to_string(),
                namespace: namespace.map(str::to_string),
                name: name.to_string(),
                replicas: b.replicas,
                after: after(b),
                before: assigned(b),
            }
        })
        .collect();
    v.sort_by(|a, b| (&a.namespace, &a.name, &a.kind).cmp(&(&b.namespace, &b.name, &b.kind)));
    v
}
