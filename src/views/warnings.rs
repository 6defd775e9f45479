//! Fleet-wide warnings for triage: every Warning event of every cluster, repeats folded into one
//! row per (cluster, namespace, involved object, reason) with the summed count and the first and
//! last time seen; newest first.

use std::collections::HashMap;

use super::table::ObjRef;
use crate::fleet::{ClusterId, FleetModel, Kind, ObjKey, Str, Ts};
use crate::kinds::event::Event;
use crate::kinds::{Col, Tone, V};

#[derive(Clone, Debug, PartialEq)]
pub struct WarningGroup {
    pub cluster: ClusterId,
    pub context: Str,
    pub namespace: Str,
    /// `Kind/name` of the involved object.
    pub object: Str,
    pub reason: Str,
    /// The newest event's message.
    pub message: Str,
    /// Occurrences: the events' counts summed.
    pub count: i64,
    /// Event objects folded into this row.
    pub events: usize,
    pub first_seen: Ts,
    pub last_seen: Ts,
    /// The newest event of the group.
    pub latest: ObjKey,
}

impl WarningGroup {
    /// The involved object, when fleetdeck watches its kind.
    pub fn target(&self) -> Option<ObjRef> {
        let (kind, name) = self.object.split_once('/')?;
        let kind = Kind::from_api_kind(kind)?;
        let namespace = kind.namespaced().then_some(&*self.namespace);
        Some(ObjRef {
            cluster: self.cluster,
            kind,
            key: ObjKey::new(namespace, name),
        })
    }
}

/// Every cluster's warnings folded, newest first (then by cluster, object and reason).
pub fn fold(m: &FleetModel) -> Vec<WarningGroup> {
    let mut groups: Vec<WarningGroup> = Vec::new();
    for (id, c) in m.clusters.iter().enumerate() {
        let context = Str::from(c.context.as_str());
        let mut at: HashMap<(&str, &str, &str), usize> = HashMap::new();
        let start = groups.len();
        for e in c.store::<Event>().values() {
            let k = (&*e.namespace, &*e.object, &*e.reason);
            match at.get(&k) {
                Some(&i) => {
                    let g = &mut groups[i];
                    g.count += i64::from(e.count);
                    g.events += 1;
                    g.first_seen = g.first_seen.min(e.first_seen);
                    if e.last_seen > g.last_seen
                        || (e.last_seen == g.last_seen && *e.name > *g.latest.name)
                    {
                        g.last_seen = e.last_seen;
                        g.message = e.message.clone();
                        g.latest = ObjKey::new(Some(&e.namespace), &e.name);
                    }
                }
                None => {
                    at.insert(k, groups.len());
                    groups.push(WarningGroup {
                        cluster: id,
                        context: context.clone(),
                        namespace: e.namespace.clone(),
                        object: e.object.clone(),
                        reason: e.reason.clone(),
                        message: e.message.clone(),
                        count: i64::from(e.count),
                        events: 1,
                        first_seen: e.first_seen,
                        last_seen: e.last_seen,
                        latest: ObjKey::new(Some(&e.namespace), &e.name),
                    });
                }
            }
        }
        debug_assert!(groups.len() >= start);
    }
    groups.sort_by(|a, b| {
        b.last_seen
            .cmp(&a.last_seen)
            .then_with(|| a.context.cmp(&b.context))
            .then_with(|| a.object.cmp(&b.object))
            .then_with(|| a.reason.cmp(&b.reason))
    });
    groups
}

pub fn tone(_: &WarningGroup) -> Tone {
    Tone::Warn
}

pub const COLUMNS: &[Col<WarningGroup>] = &[
    Col::age("last_seen", "LAST SEEN", 0, |g| V::Age(g.last_seen)),
    Col::new("cluster", "CLUSTER", 7, 32, 0, |g| V::Str(&g.context)),
    Col::new("namespace", "NAMESPACE", 9, 24, 4, |g| V::Str(&g.namespace)),
    Col::new("object", "OBJECT", 12, 48, 0, |g| V::Str(&g.object)),
    Col::new("reason", "REASON", 8, 24, 1, |g| V::Str(&g.reason)),
    Col::num("count", "COUNT", 5, 7, 2, |g| V::Int(g.count)),
    Col::age("first_seen", "FIRST SEEN", 3, |g| V::Age(g.first_seen)),
    Col::flex("message", "MESSAGE", 16, 400, 1, |g| V::Str(&g.message)),
];
