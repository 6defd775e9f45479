//! Node heartbeats: the Leases (coordination.k8s.io/v1) in `kube-node-lease`, one per node,
//! renewed by its kubelet (or KubeEdge's edgecore through CloudCore) every few seconds. Only that
//! namespace is watched (a field selector) and a row is the node's name and the renew time:
//! 24 bytes and the name.

use serde::Deserialize;

use super::column::{Col, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, Skip, name};
use crate::fleet::{ObjKey, Str, Ts};
use crate::sources::parse::rfc3339;

/// The namespace of the node heartbeat Leases.
pub const NODE_LEASE_NS: &str = "kube-node-lease";

#[derive(Clone, Debug, PartialEq)]
pub struct LeaseRow {
    /// The node's name (a node Lease is named after its node).
    pub name: Str,
    /// `spec.renewTime` (0 = never renewed).
    pub renew: Ts,
}

impl crate::fleet::store::Keyed for LeaseRow {
    fn key_parts(&self) -> (Option<&str>, &str) {
        (Some(NODE_LEASE_NS), &self.name)
    }
    fn obj_key(&self) -> ObjKey {
        ObjKey {
            namespace: Some(Str::from(NODE_LEASE_NS)),
            name: self.name.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeaseSpec {
    pub renew_time: Option<String>,
}

pub type LeaseL = Lean<LeaseSpec, Skip>;

pub struct Lease;

impl KindDef for Lease {
    type Row = LeaseRow;
    type Lean = LeaseL;
    const API: ApiSpec = ApiSpec {
        group: "coordination.k8s.io",
        versions: &["v1"],
        kind: "Lease",
        plural: "leases",
        namespaced: true,
    };
    /// Optional: where Leases cannot be listed the edge pane uses the nodes' heartbeats only,
    /// and the cluster is not Degraded for it.
    const DEGRADES: bool = false;
    const TITLE: &'static str = "Node leases";
    const SINGULAR: &'static str = "lease";
    const FIELD_SELECTOR: Option<&'static str> = Some("metadata.namespace=kube-node-lease");

    fn project(o: LeaseL) -> LeaseRow {
        LeaseRow {
            name: name(&o.metadata),
            renew: o.spec.renew_time.as_deref().map(rfc3339).unwrap_or(0),
        }
    }

    fn columns() -> &'static [Col<LeaseRow>] {
        const C: &[Col<LeaseRow>] = &[
            Col::new("name", "NODE", 12, 63, 0, |l| V::Str(&l.name)),
            Col::age("renewed", "RENEWED", 0, |l| V::Age(l.renew)),
        ];
        C
    }
}
