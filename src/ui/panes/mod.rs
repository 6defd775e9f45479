//! The panes, one file each behind the [`Pane`] trait, and the registry that names them (for
//! `snapshot --pane NAME`, the palette and navigation). A new pane: its file, and its line in
//! [`PANES`].

pub mod all;
pub mod cluster;
pub mod edge;
pub mod fleet;
pub mod mesh;
pub mod propagation;
pub mod propagation_detail;
pub mod queues;
pub mod slider;
pub mod warnings;
pub mod weights;

use super::pane::{Cx, Pane};

/// Opens a pane from its arguments (the part after `NAME:`).
pub type Opener = fn(Option<&str>, &Cx) -> Result<Box<dyn Pane>, String>;

/// A pane the registry can open by name.
pub struct PaneEntry {
    /// `snapshot --pane NAME[:ARGS]`.
    pub name: &'static str,
    /// How to name it, with its arguments.
    pub usage: &'static str,
    /// Its palette entry, when it opens without arguments.
    pub palette: Option<&'static str>,
    pub open: Opener,
}

/// Every pane that can be opened by name.
pub const PANES: &[PaneEntry] = &[
    fleet::ENTRY,
    warnings::ENTRY,
    weights::ENTRY,
    mesh::ENTRY,
    propagation::ENTRY,
    queues::ENTRY,
    edge::ENTRY,
    cluster::ENTRY,
    all::ENTRY,
];

/// A kind named in a pane's arguments.
pub fn kind_arg(k: &str) -> Result<crate::fleet::Kind, String> {
    crate::fleet::Kind::find(k).ok_or_else(|| {
        format!("unknown kind {k:?} (nodes, deployments, pods, events, namespaces, podgroups, ...)")
    })
}

/// Open `NAME[:ARGS]` (`fleet`, `warnings`, `cluster:prod-eu:pods`, `all:pods`).
pub fn open(spec: &str, cx: &Cx) -> Result<Box<dyn Pane>, String> {
    let (name, args) = match spec.split_once(':') {
        Some((n, a)) => (n, Some(a)),
        None => (spec, None),
    };
    let entry = PANES.iter().find(|e| e.name == name).ok_or_else(|| {
        let known: Vec<&str> = PANES.iter().map(|e| e.usage).collect();
        format!("unknown pane {spec:?}: use one of {}", known.join(", "))
    })?;
    (entry.open)(args, cx)
}
