//! A planned mutation: what will change, shown before anything is sent.

use serde_json::Value;

use super::diff::DiffLine;
use crate::fleet::{ClusterId, Kind, ObjKey};

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// "Cordon Karmada member prod-ap".
    pub title: String,
    pub cluster: ClusterId,
    pub context: String,
    pub kind: Kind,
    pub key: ObjKey,
    /// One line for the audit log: "spec.taints += cluster.karmada.io/unschedulable:NoSchedule".
    pub change: String,
    pub diff: Vec<DiffLine>,
    /// The whole object to PUT, carrying the resourceVersion it was planned from.
    pub object: Value,
    /// Nothing would change (already cordoned, ...).
    pub noop: bool,
}

impl Plan {
    pub fn object_ref(&self) -> String {
        format!("{}/{}", self.kind.name(), self.key)
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("the object has no {0}")]
    Missing(&'static str),
    #[error("expected a {expected}, got {got}")]
    WrongKind { expected: &'static str, got: String },
}
