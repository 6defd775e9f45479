//! The fleet overview's columns: one row per context.

use super::summary::{ClusterSummary, Role};
use crate::kinds::{Col, Tone, V};

/// Red for unreachable, degraded or NotReady members; yellow for trouble inside; dim while
/// connecting.
pub fn tone(s: &ClusterSummary) -> Tone {
    match s.health_rank() {
        0..=2 => Tone::Err,
        3 => Tone::Warn,
        4 => Tone::Dim,
        _ => Tone::Normal,
    }
}

fn karmada(s: &ClusterSummary) -> V<'_> {
    match (&s.karmada, &s.role) {
        (Some(k), _) => match k.ready {
            Some(true) => V::Str("Ready"),
            Some(false) => V::Text(format!("NotReady:{}", k.reason.as_deref().unwrap_or("?"))),
            None => V::Str("Unknown"),
        },
        (None, Role::ControlPlane) => V::Text(format!("{} members", s.members)),
        _ => V::None,
    }
}

fn karmada_field(
    s: &ClusterSummary,
    f: fn(&super::summary::KarmadaFacts) -> &Option<String>,
) -> V<'_> {
    match s.karmada.as_ref().and_then(|k| f(k).as_deref()) {
        Some(v) => V::Str(v),
        None => V::None,
    }
}

pub const COLUMNS: &[Col<ClusterSummary>] = &[
    Col::new("context", "CONTEXT", 7, 40, 0, |s| V::Str(&s.context)),
    Col::new("state", "STATE", 5, 11, 0, |s| V::Str(s.state.label())),
    Col::new("role", "ROLE", 4, 8, 2, |s| V::Str(s.role.label())),
    Col::new("version", "VERSION", 7, 20, 4, |s| match &s.version {
        Some(v) => V::Str(v),
        None => V::None,
    }),
    Col::num("nodes", "NODES", 5, 9, 1, |s| {
        V::Ratio(s.nodes.ready as i64, s.nodes.total as i64)
    }),
    Col::num("edge", "EDGE", 4, 9, 3, |s| {
        if s.edge_nodes.total > 0 {
            V::Ratio(s.edge_nodes.ready as i64, s.edge_nodes.total as i64)
        } else {
            V::None
        }
    }),
    Col::num("pods", "PODS", 4, 7, 2, |s| V::Int(s.pods.total as i64)),
    Col::new("run_pend_fail", "RUN/PEND/FAIL", 13, 17, 3, |s| {
        V::Text(format!(
            "{}/{}/{}",
            s.pods.running, s.pods.pending, s.pods.failed
        ))
    }),
    Col::num("warnings", "WARN", 4, 6, 2, |s| V::Int(s.warnings as i64)),
    Col::new("karmada", "KARMADA", 7, 32, 1, karmada),
    Col::new("region", "REGION", 6, 20, 3, |s| {
        karmada_field(s, |k| &k.region)
    }),
    Col::new("provider", "PROVIDER", 8, 12, 5, |s| {
        karmada_field(s, |k| &k.provider)
    }),
    Col::new("mode", "MODE", 4, 5, 5, |s| {
        karmada_field(s, |k| &k.sync_mode)
    }),
    Col::flex("taints", "TAINTS", 6, 60, 4, |s| match &s.karmada {
        Some(k) if !k.taints.is_empty() => V::Text(k.taints.join(",")),
        _ => V::None,
    }),
];
