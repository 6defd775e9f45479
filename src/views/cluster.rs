//! The tables of one cluster's drill-down: nodes, deployments, pods, warning events, and the
//! fleet kinds the cluster serves. Rows are addressed by [`RowRef`] (a store slot), so sorted and
//! filtered indexes hold 4 bytes per row and only the rows on screen are ever formatted.

use crate::fleet::*;

use super::format;
use super::table::{Row, TableView};

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Tab {
    Nodes,
    Deployments,
    Pods,
    Events,
    KarmadaClusters,
    Policies,
    Bindings,
    Queues,
    Routes,
}

impl Tab {
    pub fn title(self) -> &'static str {
        match self {
            Tab::Nodes => "Nodes",
            Tab::Deployments => "Deployments",
            Tab::Pods => "Pods",
            Tab::Events => "Warnings",
            Tab::KarmadaClusters => "Karmada clusters",
            Tab::Policies => "Policies",
            Tab::Bindings => "Bindings",
            Tab::Queues => "Queues",
            Tab::Routes => "Routes",
        }
    }

    /// The kind whose sync state governs this tab.
    pub fn kind(self) -> Kind {
        self.parts()[0]
    }

    /// The kinds whose rows this tab shows (Policies: namespaced and cluster-wide).
    pub fn parts(self) -> &'static [Kind] {
        match self {
            Tab::Nodes => &[Kind::Node],
            Tab::Deployments => &[Kind::Deployment],
            Tab::Pods => &[Kind::Pod],
            Tab::Events => &[Kind::Event],
            Tab::KarmadaClusters => &[Kind::KarmadaCluster],
            Tab::Policies => &[Kind::PropagationPolicy, Kind::ClusterPropagationPolicy],
            Tab::Bindings => &[Kind::ResourceBinding],
            Tab::Queues => &[Kind::Queue],
            Tab::Routes => &[Kind::VirtualService],
        }
    }
}

/// Tabs shown for a cluster: the core four, then whatever fleet APIs it serves.
pub fn tabs(c: &Cluster) -> Vec<Tab> {
    let mut t = vec![Tab::Nodes, Tab::Deployments, Tab::Pods, Tab::Events];
    for extra in [
        Tab::KarmadaClusters,
        Tab::Policies,
        Tab::Bindings,
        Tab::Queues,
        Tab::Routes,
    ] {
        if c.has_kind(extra.kind()) {
            t.push(extra);
        }
    }
    t
}

/// A row of a tab: which of the tab's kinds (`part`) and its slot in that kind's store.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowRef(u32);

impl RowRef {
    const PART: u32 = 1 << 31;

    pub fn new(part: usize, id: RowId) -> Self {
        debug_assert!(part < 2 && id < Self::PART);
        RowRef(if part == 0 { id } else { id | Self::PART })
    }
    pub fn part(self) -> usize {
        (self.0 >> 31) as usize
    }
    pub fn id(self) -> RowId {
        self.0 & !Self::PART
    }
}

/// One row of a tab, borrowed from the model.
#[derive(Copy, Clone, Debug)]
pub enum RowView<'a> {
    Node(&'a NodeRow),
    Deployment(&'a DeploymentRow),
    Pod(&'a PodRow),
    Event(&'a WarningEvent),
    KarmadaCluster(&'a KarmadaClusterRow),
    /// PropagationPolicy or ClusterPropagationPolicy.
    Policy(Kind, &'a PolicyRow),
    Binding(&'a BindingRow),
    Queue(&'a QueueRow),
    Route(&'a VirtualServiceRow),
}

impl<'a> RowView<'a> {
    pub fn kind(&self) -> Kind {
        match self {
            RowView::Node(_) => Kind::Node,
            RowView::Deployment(_) => Kind::Deployment,
            RowView::Pod(_) => Kind::Pod,
            RowView::Event(_) => Kind::Event,
            RowView::KarmadaCluster(_) => Kind::KarmadaCluster,
            RowView::Policy(k, _) => *k,
            RowView::Binding(_) => Kind::ResourceBinding,
            RowView::Queue(_) => Kind::Queue,
            RowView::Route(_) => Kind::VirtualService,
        }
    }

    fn keyed(&self) -> &'a dyn Keyed {
        match *self {
            RowView::Node(r) => r,
            RowView::Deployment(r) => r,
            RowView::Pod(r) => r,
            RowView::Event(r) => r,
            RowView::KarmadaCluster(r) => r,
            RowView::Policy(_, r) => r,
            RowView::Binding(r) => r,
            RowView::Queue(r) => r,
            RowView::Route(r) => r,
        }
    }

    /// (namespace, name): unique within a tab; the tie-break of every sort.
    pub fn key_parts(&self) -> (Option<&'a str>, &'a str) {
        self.keyed().key_parts()
    }

    pub fn obj_key(&self) -> ObjKey {
        self.keyed().obj_key()
    }
}

/// The row `r` of `tab`, if it is still alive.
pub fn view(c: &Cluster, tab: Tab, r: RowRef) -> Option<RowView<'_>> {
    let id = r.id();
    Some(match (tab, r.part()) {
        (Tab::Nodes, 0) => RowView::Node(c.nodes.row(id)?),
        (Tab::Deployments, 0) => RowView::Deployment(c.deployments.row(id)?),
        (Tab::Pods, 0) => RowView::Pod(c.pods.row(id)?),
        (Tab::Events, 0) => RowView::Event(c.events.row(id)?),
        (Tab::KarmadaClusters, 0) => RowView::KarmadaCluster(c.karmada_clusters.row(id)?),
        (Tab::Policies, 0) => RowView::Policy(Kind::PropagationPolicy, c.policies.row(id)?),
        (Tab::Policies, _) => {
            RowView::Policy(Kind::ClusterPropagationPolicy, c.cluster_policies.row(id)?)
        }
        (Tab::Bindings, 0) => RowView::Binding(c.bindings.row(id)?),
        (Tab::Queues, 0) => RowView::Queue(c.queues.row(id)?),
        (Tab::Routes, 0) => RowView::Route(c.virtual_services.row(id)?),
        _ => return None,
    })
}

/// Every row of `tab`, unordered.
pub fn row_refs(c: &Cluster, tab: Tab) -> Vec<RowRef> {
    let mut out = Vec::new();
    for (part, kind) in tab.parts().iter().enumerate() {
        out.extend(
            c.kind_ids(*kind)
                .into_iter()
                .map(|id| RowRef::new(part, id)),
        );
    }
    out
}

/// Rows of `tab` before any filter.
pub fn row_count(c: &Cluster, tab: Tab) -> usize {
    tab.parts()
        .iter()
        .map(|k| match k {
            Kind::Node => c.nodes.len(),
            Kind::Deployment => c.deployments.len(),
            Kind::Pod => c.pods.len(),
            Kind::Event => c.events.len(),
            Kind::KarmadaCluster => c.karmada_clusters.len(),
            Kind::PropagationPolicy => c.policies.len(),
            Kind::ClusterPropagationPolicy => c.cluster_policies.len(),
            Kind::ResourceBinding => c.bindings.len(),
            Kind::Queue => c.queues.len(),
            Kind::VirtualService => c.virtual_services.len(),
            _ => 0,
        })
        .sum()
}

/// Format the rows `refs` (those still alive), in that order.
pub fn format_rows(c: &Cluster, tab: Tab, refs: &[RowRef], now: Ts) -> Vec<Row> {
    refs.iter()
        .filter_map(|r| view(c, tab, *r))
        .map(|v| format::row(&v, now))
        .collect()
}

/// The whole table, every row formatted, unordered: O(rows). The UI formats only the rows on
/// screen (see [`super::index::TableIndex`]); this is for tests and small tables.
pub fn table(c: &Cluster, tab: Tab, now: Ts) -> TableView {
    TableView::new(
        format::columns(tab),
        format_rows(c, tab, &row_refs(c, tab), now),
    )
}
