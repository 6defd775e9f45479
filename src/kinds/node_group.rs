//! KubeEdge NodeGroups (apps.kubeedge.io/v1alpha1): which nodes belong, by name or by labels,
//! and what the controller says of them (`status.nodeStatuses`: ready of selected).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::column::{Col, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, name, strs};
use crate::fleet::Str;
use crate::fleet::store::keyed;

#[derive(Clone, Debug, PartialEq)]
pub struct NodeGroupRow {
    pub name: Str,
    pub nodes: Vec<Str>,
    pub match_labels: Vec<(Str, Str)>,
    /// `status.nodeStatuses`: nodes selected, and those with `readyStatus: Ready`.
    pub selected: u32,
    pub selected_ready: u32,
}
keyed!(cluster: NodeGroupRow);

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGroupStatus {
    pub node_statuses: Option<Vec<NodeStatusEntry>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatusEntry {
    pub ready_status: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeGroupSpec {
    pub nodes: Option<Vec<String>>,
    pub match_labels: Option<BTreeMap<String, String>>,
}

pub type NodeGroupL = Lean<NodeGroupSpec, NodeGroupStatus>;

pub struct NodeGroup;

impl KindDef for NodeGroup {
    type Row = NodeGroupRow;
    type Lean = NodeGroupL;
    const API: ApiSpec = ApiSpec {
        group: "apps.kubeedge.io",
        versions: &["v1alpha1"],
        kind: "NodeGroup",
        plural: "nodegroups",
        namespaced: false,
    };
    const TITLE: &'static str = "NodeGroups";
    const SINGULAR: &'static str = "nodegroup";

    fn project(o: NodeGroupL) -> NodeGroupRow {
        let statuses = o.status.node_statuses.unwrap_or_default();
        NodeGroupRow {
            selected: statuses.len() as u32,
            selected_ready: statuses
                .iter()
                .filter(|n| n.ready_status.as_deref() == Some("Ready"))
                .count() as u32,
            name: name(&o.metadata),
            nodes: strs(o.spec.nodes),
            match_labels: o
                .spec
                .match_labels
                .unwrap_or_default()
                .into_iter()
                .map(|(k, v)| (Str::from(k), Str::from(v)))
                .collect(),
        }
    }

    fn columns() -> &'static [Col<NodeGroupRow>] {
        const C: &[Col<NodeGroupRow>] = &[
            Col::new("name", "NAME", 10, 63, 0, |g| V::Str(&g.name)),
            Col::num("count", "NODES", 5, 6, 0, |g| V::Int(g.nodes.len() as i64)),
            Col::num("ready", "READY", 5, 7, 0, |g| {
                V::Ratio(g.selected_ready as i64, g.selected as i64)
            }),
            Col::flex("match_labels", "MATCH LABELS", 12, 60, 1, |g| {
                if g.match_labels.is_empty() {
                    V::None
                } else {
                    V::Text(
                        g.match_labels
                            .iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(","),
                    )
                }
            }),
            Col::flex("members", "MEMBERS", 10, 200, 2, |g| {
                V::Text(g.nodes.join(","))
            }),
        ];
        C
    }
}
