//! Counts the fleet overview shows for every cluster on every frame, kept up to date as rows
//! change instead of being recounted over every pod.

use super::types::{NodeRow, PodPhase, PodRow};

/// Pods of one cluster by phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PodTally {
    pub total: usize,
    pub running: usize,
    pub pending: usize,
    pub failed: usize,
}

impl PodTally {
    fn phase(&mut self, p: &PodRow) -> Option<&mut usize> {
        match p.phase {
            PodPhase::Running => Some(&mut self.running),
            PodPhase::Pending => Some(&mut self.pending),
            PodPhase::Failed => Some(&mut self.failed),
            _ => None,
        }
    }

    pub fn add(&mut self, p: &PodRow) {
        self.total += 1;
        if let Some(n) = self.phase(p) {
            *n += 1;
        }
    }

    pub fn sub(&mut self, p: &PodRow) {
        self.total -= 1;
        if let Some(n) = self.phase(p) {
            *n -= 1;
        }
    }

    pub fn of<'a>(pods: impl IntoIterator<Item = &'a PodRow>) -> Self {
        let mut t = Self::default();
        pods.into_iter().for_each(|p| t.add(p));
        t
    }
}

/// Nodes of one cluster: ready of total, and the same for KubeEdge edge nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeTally {
    pub total: usize,
    pub ready: usize,
    pub edge_total: usize,
    pub edge_ready: usize,
}

impl NodeTally {
    pub fn add(&mut self, n: &NodeRow) {
        self.total += 1;
        self.ready += n.ready as usize;
        if n.edge {
            self.edge_total += 1;
            self.edge_ready += n.ready as usize;
        }
    }

    pub fn sub(&mut self, n: &NodeRow) {
        self.total -= 1;
        self.ready -= n.ready as usize;
        if n.edge {
            self.edge_total -= 1;
            self.edge_ready -= n.ready as usize;
        }
    }

    pub fn of<'a>(nodes: impl IntoIterator<Item = &'a NodeRow>) -> Self {
        let mut t = Self::default();
        nodes.into_iter().for_each(|n| t.add(n));
        t
    }
}

/// PodGroups of one cluster by queue (`spec.queue`) and phase ([`PHASES`] order), kept up to
/// date as PodGroups change: the queues pane reads a queue's counts in O(1).
///
/// [`PHASES`]: crate::kinds::pod_group::PHASES
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueTally {
    by_queue: std::collections::HashMap<super::Str, [u32; 5]>,
}

impl QueueTally {
    pub fn add(&mut self, g: &crate::kinds::pod_group::PodGroupRow) {
        let e = self.by_queue.entry(g.queue.clone()).or_default();
        e[g.phase_index()] += 1;
    }

    pub fn sub(&mut self, g: &crate::kinds::pod_group::PodGroupRow) {
        if let Some(e) = self.by_queue.get_mut(&*g.queue) {
            let n = &mut e[g.phase_index()];
            *n = n.saturating_sub(1);
            if e.iter().all(|n| *n == 0) {
                self.by_queue.remove(&*g.queue);
            }
        }
    }

    pub fn of<'a>(
        groups: impl IntoIterator<Item = &'a crate::kinds::pod_group::PodGroupRow>,
    ) -> Self {
        let mut t = Self::default();
        groups.into_iter().for_each(|g| t.add(g));
        t
    }

    /// The PodGroups of `queue` by phase: Pending, Inqueue, Running, Completed, Unknown.
    pub fn of_queue(&self, queue: &str) -> [u32; 5] {
        self.by_queue.get(queue).copied().unwrap_or_default()
    }
}

/// Pods per node name, kept as pods come and go: the edge pane's PODS column without a scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PodsPerNode(std::collections::HashMap<super::types::Str, u32>);

impl PodsPerNode {
    pub fn add(&mut self, p: &PodRow) {
        if let Some(n) = &p.node {
            *self.0.entry(n.clone()).or_default() += 1;
        }
    }

    pub fn sub(&mut self, p: &PodRow) {
        if let Some(n) = &p.node
            && let Some(c) = self.0.get_mut(&**n)
        {
            *c -= 1;
            if *c == 0 {
                self.0.remove(&**n);
            }
        }
    }

    pub fn of<'a>(pods: impl IntoIterator<Item = &'a PodRow>) -> Self {
        let mut t = Self::default();
        pods.into_iter().for_each(|p| t.add(p));
        t
    }

    /// Pods bound to `node`.
    pub fn get(&self, node: &str) -> u32 {
        self.0.get(node).copied().unwrap_or(0)
    }
}
