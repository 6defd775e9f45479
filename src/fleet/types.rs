//! Small shared types of the model. The rows themselves are declared with their kinds
//! (`src/kinds/`) and re-exported here.

use std::sync::Arc;

pub use crate::kinds::binding::{BindingRow, BindingStatus, BindingTarget};
pub use crate::kinds::deployment::DeploymentRow;
pub use crate::kinds::event::WarningEvent;
pub use crate::kinds::istio::{DestinationRuleRow, RouteDest, Subset, VirtualServiceRow};
pub use crate::kinds::karmada_cluster::{KarmadaClusterRow, Taint};
pub use crate::kinds::namespace::NamespaceRow;
pub use crate::kinds::node::NodeRow;
pub use crate::kinds::node_group::NodeGroupRow;
pub use crate::kinds::pod::{PodPhase, PodRow};
pub use crate::kinds::policy::PolicyRow;
pub use crate::kinds::queue::QueueRow;
pub use crate::kinds::{Kind, Obj};

/// An interned string.
pub type Str = Arc<str>;

/// Unix time in seconds (0 = unknown).
pub type Ts = i64;

/// Identity of an object within one cluster and kind.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjKey {
    pub namespace: Option<Str>,
    pub name: Str,
}

impl ObjKey {
    pub fn new(namespace: Option<&str>, name: &str) -> Self {
        ObjKey {
            namespace: namespace.map(Str::from),
            name: Str::from(name),
        }
    }
    pub fn cluster_scoped(name: &str) -> Self {
        Self::new(None, name)
    }
}

impl std::fmt::Display for ObjKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{ns}/{}", self.name),
            None => write!(f, "{}", self.name),
        }
    }
}
