//! KubeEdge EdgeApplications (apps.kubeedge.io/v1alpha1): one workload template deployed to
//! several NodeGroups (`spec.workloadScope.targetNodeGroups`), and the status of each generated
//! workload (`status.workloadStatus`: identifier and `Processing` / `Available`). KubeEdge names
//! a group's workload `<manifest name>-<group>`, which is how the edge pane tells a group's own.

use serde::Deserialize;

use super::column::{Col, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, name, namespace};
use crate::fleet::Str;
use crate::fleet::store::keyed;

#[derive(Clone, Debug, PartialEq)]
pub struct EdgeAppRow {
    pub namespace: Str,
    pub name: Str,
    /// The target NodeGroups, in spec order.
    pub groups: Vec<Str>,
    /// `Kind/name` of each generated workload and its condition.
    pub workloads: Vec<(Str, Str)>,
}
keyed!(namespaced: EdgeAppRow);

impl EdgeAppRow {
    /// The condition of `group`'s workloads: `Available`, `Processing`, or None when the
    /// status names none of them yet.
    pub fn group_status(&self, group: &str) -> Option<&str> {
        let mut out = None;
        for (w, cond) in &self.workloads {
            let Some(base) = w.strip_suffix(group).and_then(|b| b.strip_suffix('-')) else {
                continue;
            };
            if base.is_empty() {
                continue;
            }
            if &**cond != "Available" {
                return Some(cond);
            }
            out = Some(&**cond);
        }
        out
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgeAppSpec {
    pub workload_scope: Option<WorkloadScope>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadScope {
    pub target_node_groups: Option<Vec<TargetGroup>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct TargetGroup {
    #[serde(default)]
    pub name: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgeAppStatus {
    pub workload_status: Option<Vec<ManifestStatus>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct ManifestStatus {
    pub conditions: Option<String>,
    pub identifier: Option<Identifier>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Identifier {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub name: String,
}

pub type EdgeAppL = Lean<EdgeAppSpec, EdgeAppStatus>;

pub struct EdgeApp;

impl KindDef for EdgeApp {
    type Row = EdgeAppRow;
    type Lean = EdgeAppL;
    const API: ApiSpec = ApiSpec {
        group: "apps.kubeedge.io",
        versions: &["v1alpha1"],
        kind: "EdgeApplication",
        plural: "edgeapplications",
        namespaced: true,
    };
    const TITLE: &'static str = "EdgeApplications";
    const SINGULAR: &'static str = "edgeapplication";

    fn project(o: EdgeAppL) -> EdgeAppRow {
        let groups = o
            .spec
            .workload_scope
            .and_then(|w| w.target_node_groups)
            .unwrap_or_default()
            .into_iter()
            .map(|g| Str::from(g.name))
            .collect();
        let workloads = o
            .status
            .workload_status
            .unwrap_or_default()
            .into_iter()
            .filter_map(|w| {
                let id = w.identifier?;
                let cond = w.conditions.unwrap_or_else(|| "Processing".into());
                Some((
                    Str::from(format!("{}/{}", id.kind, id.name)),
                    Str::from(cond),
                ))
            })
            .collect();
        EdgeAppRow {
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            groups,
            workloads,
        }
    }

    fn columns() -> &'static [Col<EdgeAppRow>] {
        const C: &[Col<EdgeAppRow>] = &[
            Col::new("name", "NAME", 10, 63, 0, |a| V::Str(&a.name)),
            Col::flex("groups", "NODEGROUPS", 10, 80, 0, |a| {
                V::Text(a.groups.join(","))
            }),
            Col::flex("workloads", "WORKLOADS", 10, 120, 1, |a| {
                V::Text(
                    a.workloads
                        .iter()
                        .map(|(w, c)| format!("{w} {c}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            }),
        ];
        C
    }
}
