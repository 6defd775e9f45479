//! Nodes: readiness (and why not, and since when), KubeEdge edge role and NodeGroup, kubelet
//! version, architecture, internal IP, last heartbeat.

use std::net::IpAddr;

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Condition, Lean, created, name, opt, ready_condition};
use crate::fleet::intern::Interner;
use crate::fleet::store::keyed;
use crate::fleet::{Str, Ts};
use crate::sources::parse::rfc3339;

/// The label that marks a KubeEdge edge node.
pub const EDGE_LABEL: &str = "node-role.kubernetes.io/edge";
/// The label KubeEdge's NodeGroup controller puts on a node of a group (the group's name).
pub const GROUP_LABEL: &str = "apps.kubeedge.io/belonging-to";

#[derive(Clone, Debug, PartialEq)]
pub struct NodeRow {
    pub name: Str,
    pub ready: bool,
    /// Why it is not ready, if known (condition reason).
    pub reason: Option<Str>,
    pub edge: bool,
    pub unschedulable: bool,
    pub kubelet_version: Str,
    pub last_heartbeat: Ts,
    /// When the Ready condition last changed (0 = unknown): how long a node has been offline.
    pub ready_since: Ts,
    /// The KubeEdge NodeGroup it belongs to ([`GROUP_LABEL`]).
    pub group: Option<Str>,
    /// `status.nodeInfo.architecture` (interned).
    pub arch: Str,
    /// The first `InternalIP` address (no allocation).
    pub internal_ip: Option<IpAddr>,
    pub created: Ts,
}
keyed!(cluster: NodeRow);

impl NodeRow {
    pub fn status(&self) -> &'static str {
        match (self.ready, self.unschedulable) {
            (true, false) => "Ready",
            (false, false) => "NotReady",
            (true, true) => "Ready,SchedulingDisabled",
            (false, true) => "NotReady,SchedulingDisabled",
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NodeSpec {
    pub unschedulable: Option<bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    pub conditions: Option<Vec<Condition>>,
    pub node_info: Option<NodeInfo>,
    pub addresses: Option<Vec<NodeAddress>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NodeAddress {
    #[serde(rename = "type", default)]
    pub type_: String,
    #[serde(default)]
    pub address: String,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub kubelet_version: Option<String>,
    pub architecture: Option<String>,
}

pub type NodeL = Lean<NodeSpec, NodeStatus>;

pub struct Node;

impl KindDef for Node {
    type Row = NodeRow;
    type Lean = NodeL;
    const API: ApiSpec = ApiSpec {
        group: "",
        versions: &["v1"],
        kind: "Node",
        plural: "nodes",
        namespaced: false,
    };
    const CORE: bool = true;
    const TITLE: &'static str = "Nodes";
    const SINGULAR: &'static str = "node";

    fn project(mut o: NodeL) -> NodeRow {
        let ready = ready_condition(&mut o.status.conditions);
        let is_ready = ready.as_ref().and_then(|c| c.status.as_deref()) == Some("True");
        let edge = o
            .metadata
            .labels
            .as_ref()
            .is_some_and(|l| l.contains_key(EDGE_LABEL));
        let group = o
            .metadata
            .labels
            .as_mut()
            .and_then(|l| l.remove(GROUP_LABEL))
            .filter(|g| !g.is_empty())
            .map(Str::from);
        let info = o.status.node_info.unwrap_or_default();
        let internal_ip = o
            .status
            .addresses
            .unwrap_or_default()
            .iter()
            .find(|a| a.type_ == "InternalIP")
            .and_then(|a| a.address.parse().ok());
        let kubelet = info.kubelet_version;
        NodeRow {
            name: name(&o.metadata),
            ready: is_ready,
            reason: if is_ready {
                None
            } else {
                opt(ready.as_ref().and_then(|c| c.reason.clone()))
            },
            edge,
            unschedulable: o.spec.unschedulable.unwrap_or(false),
            kubelet_version: Str::from(kubelet.as_deref().unwrap_or("")),
            last_heartbeat: ready
                .as_ref()
                .and_then(|c| c.last_heartbeat_time.as_deref())
                .map(rfc3339)
                .unwrap_or(0),
            ready_since: ready
                .and_then(|c| c.last_transition_time)
                .map(|t| rfc3339(&t))
                .unwrap_or(0),
            group,
            arch: Str::from(info.architecture.as_deref().unwrap_or("")),
            internal_ip,
            created: created(&o.metadata),
        }
    }

    fn columns() -> &'static [Col<NodeRow>] {
        const C: &[Col<NodeRow>] = &[
            Col::new("name", "NAME", 12, 63, 0, |n| V::Str(&n.name)),
            Col::new("status", "STATUS", 8, 28, 0, |n| V::Str(n.status())),
            Col::new("role", "ROLE", 4, 6, 2, |n| {
                V::Str(if n.edge { "edge" } else { "-" })
            }),
            Col::new("version", "VERSION", 7, 26, 3, |n| {
                V::Str(&n.kubelet_version)
            }),
            Col::age("heartbeat", "HEARTBEAT", 1, |n| V::Age(n.last_heartbeat)),
            Col::age("age", "AGE", 2, |n| V::Age(n.created)),
        ];
        C
    }

    fn tone(n: &NodeRow) -> Tone {
        if n.ready { Tone::Normal } else { Tone::Err }
    }

    fn intern(n: &mut NodeRow, i: &mut Interner) {
        n.kubelet_version = i.intern(&n.kubelet_version);
        n.arch = i.intern(&n.arch);
        n.group = i.intern_opt(&n.group);
    }
}
