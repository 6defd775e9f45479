//! Projections from apiserver JSON (the shapes real apiservers return) to rows.

pub use super::binding::*;
pub use super::deployment::*;
pub use super::event::*;
pub use super::istio::*;
pub use super::karmada_cluster::*;
pub use super::namespace::*;
pub use super::node::*;
pub use super::node_group::*;
pub use super::pod::*;
pub use super::pod_group::*;
pub use super::policy::*;
pub use super::queue::*;
pub use super::{KindDef, Obj};
pub use crate::fleet::Str;

// Each projection as an `Obj`, as the watchers send it.
pub fn namespace(o: NamespaceL) -> Obj {
    Obj::Namespace(Namespace::project(o))
}
pub fn node(o: NodeL) -> Obj {
    Obj::Node(Node::project(o))
}
pub fn pod(o: PodL) -> Obj {
    Obj::Pod(Pod::project(o))
}
pub fn deployment(o: DeploymentL) -> Obj {
    Obj::Deployment(Deployment::project(o))
}
pub fn event(o: EventL) -> Obj {
    Obj::Event(Event::project(o))
}
pub fn karmada_cluster(o: KarmadaClusterL) -> Obj {
    Obj::KarmadaCluster(KarmadaCluster::project(o))
}
pub fn propagation_policy(o: PolicyL) -> Obj {
    Obj::PropagationPolicy(PropagationPolicy::project(o))
}
pub fn cluster_propagation_policy(o: PolicyL) -> Obj {
    Obj::ClusterPropagationPolicy(ClusterPropagationPolicy::project(o))
}
pub fn resource_binding(o: BindingL) -> Obj {
    Obj::ResourceBinding(ResourceBinding::project(o))
}
pub fn queue(o: QueueL) -> Obj {
    Obj::Queue(Queue::project(o))
}
pub fn virtual_service(o: VirtualServiceL) -> Obj {
    Obj::VirtualService(VirtualService::project(o))
}
pub fn destination_rule(o: DestinationRuleL) -> Obj {
    Obj::DestinationRule(DestinationRule::project(o))
}
pub fn node_group(o: NodeGroupL) -> Obj {
    Obj::NodeGroup(NodeGroup::project(o))
}

#[path = "project_tests_binding.rs"]
mod bindings;
#[path = "project_tests.rs"]
mod core;
#[path = "project_tests_crd.rs"]
mod crd;
