//! The edge pane's NodeGroups and EdgeApplications (built with the nodes in `edge.rs`).

use serde_json::{Value, json};

use crate::fleet::{ClusterId, Str};
use crate::kinds::column::{Col, V};

/// One NodeGroup on one context.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupRow {
    pub cluster: ClusterId,
    pub context: Str,
    pub name: Str,
    /// `status.nodeStatuses`: Ready of selected.
    pub status_ready: u32,
    pub status_total: u32,
    /// Edge nodes labelled `apps.kubeedge.io/belonging-to: NAME`: Ready of all.
    pub label_ready: u32,
    pub label_total: u32,
    pub match_labels: String,
    pub nodes: Vec<Str>,
    /// EdgeApplications targeting it, with this group's workload condition.
    pub apps: Vec<(String, Option<String>)>,
}

impl GroupRow {
    pub fn id(&self) -> String {
        format!("{}/{}", self.context, self.name)
    }

    pub fn apps_text(&self) -> String {
        self.apps
            .iter()
            .map(|(a, s)| format!("{a} {}", s.as_deref().unwrap_or("-")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn json(&self) -> Value {
        let apps: serde_json::Map<String, Value> = self
            .apps
            .iter()
            .map(|(a, s)| (a.clone(), json!(s)))
            .collect();
        let nodes: Vec<&str> = self.nodes.iter().map(|n| &**n).collect();
        json!({"cluster": &*self.context, "name": &*self.name,
            "status": {"ready": self.status_ready, "total": self.status_total},
            "members": {"ready": self.label_ready, "total": self.label_total},
            "match_labels": self.match_labels, "nodes": nodes, "edge_applications": apps})
    }
}

pub const GROUP_COLUMNS: &[Col<GroupRow>] = &[
    Col::new("cluster", "CLUSTER", 7, 20, 1, |g| V::Str(&g.context)),
    Col::new("name", "NODEGROUP", 9, 40, 0, |g| V::Str(&g.name)),
    Col::num("ready", "READY", 5, 7, 0, |g| {
        V::Ratio(g.status_ready as i64, g.status_total as i64)
    }),
    Col::num("members", "LABELLED", 8, 9, 1, |g| {
        V::Ratio(g.label_ready as i64, g.label_total as i64)
    }),
    Col::new("match_labels", "MATCH LABELS", 12, 40, 2, |g| {
        if g.match_labels.is_empty() {
            V::None
        } else {
            V::Str(&g.match_labels)
        }
    }),
    Col::flex("apps", "EDGEAPPLICATIONS", 16, 80, 1, |g| {
        if g.apps.is_empty() {
            V::None
        } else {
            V::Text(g.apps_text())
        }
    }),
    Col::flex("nodes", "NODES", 8, 120, 3, |g| V::Text(g.nodes.join(","))),
];

/// An EdgeApplication, its groups and each one's condition.
#[derive(Clone, Debug, PartialEq)]
pub struct AppRow {
    pub cluster: ClusterId,
    pub context: Str,
    pub namespace: Str,
    pub name: Str,
    pub groups: Vec<(Str, Option<String>)>,
}

impl AppRow {
    pub fn json(&self) -> Value {
        let groups: serde_json::Map<String, Value> = self
            .groups
            .iter()
            .map(|(g, s)| (g.to_string(), json!(s)))
            .collect();
        json!({"cluster": &*self.context, "namespace": &*self.namespace, "name": &*self.name,
            "groups": groups})
    }
}
