//! Warning events (core/v1 Event with `type=Warning`, selected by the server).

use kube::core::ObjectMeta;
use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{created, dynamic_resource, lean_meta, name, namespace};
use crate::fleet::intern::Interner;
use crate::fleet::store::keyed;
use crate::fleet::{Str, Ts};
use crate::sources::parse::rfc3339;

#[derive(Clone, Debug, PartialEq)]
pub struct WarningEvent {
    pub namespace: Str,
    pub name: Str,
    pub reason: Str,
    pub message: Str,
    /// `Kind/name` of the involved object.
    pub object: Str,
    pub count: i32,
    pub first_seen: Ts,
    pub last_seen: Ts,
}
keyed!(namespaced: WarningEvent);

impl WarningEvent {
    /// The involved object's kind and name.
    pub fn involved(&self) -> (&str, &str) {
        self.object.split_once('/').unwrap_or(("", &self.object))
    }
}

/// A core/v1 Event: its fields are top level (no spec/status).
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventL {
    #[serde(default, deserialize_with = "lean_meta")]
    pub metadata: ObjectMeta,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub count: Option<i32>,
    pub involved_object: Option<InvolvedObject>,
    pub first_timestamp: Option<String>,
    pub last_timestamp: Option<String>,
    pub event_time: Option<String>,
    pub series: Option<EventSeries>,
}
dynamic_resource!(EventL);

#[derive(Clone, Debug, Default, Deserialize)]
pub struct InvolvedObject {
    pub kind: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSeries {
    pub count: Option<i32>,
    pub last_observed_time: Option<String>,
}

pub struct Event;

impl KindDef for Event {
    type Row = WarningEvent;
    type Lean = EventL;
    const API: ApiSpec = ApiSpec {
        group: "",
        versions: &["v1"],
        kind: "Event",
        plural: "events",
        namespaced: true,
    };
    const CORE: bool = true;
    const TITLE: &'static str = "Warnings";
    const SINGULAR: &'static str = "event";
    const FIELD_SELECTOR: Option<&'static str> = Some("type=Warning");

    fn project(o: EventL) -> WarningEvent {
        let inv = o.involved_object.unwrap_or_default();
        let object = format!(
            "{}/{}",
            inv.kind.as_deref().unwrap_or(""),
            inv.name.as_deref().unwrap_or("")
        );
        let series = o.series.unwrap_or_default();
        let times = |v: &[Option<&str>]| -> Vec<Ts> {
            v.iter()
                .flatten()
                .map(|t| rfc3339(t))
                .filter(|t| *t > 0)
                .collect()
        };
        let made = created(&o.metadata);
        let last_seen = times(&[
            series.last_observed_time.as_deref(),
            o.last_timestamp.as_deref(),
            o.event_time.as_deref(),
            o.first_timestamp.as_deref(),
        ])
        .into_iter()
        .max()
        .unwrap_or(made);
        let first_seen = times(&[o.first_timestamp.as_deref(), o.event_time.as_deref()])
            .into_iter()
            .min()
            .unwrap_or(if made > 0 { made } else { last_seen })
            .min(last_seen.max(1));
        WarningEvent {
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            reason: Str::from(o.reason.as_deref().unwrap_or("")),
            message: Str::from(o.message.as_deref().unwrap_or("").trim_end()),
            object: Str::from(object),
            count: o.count.filter(|c| *c > 0).or(series.count).unwrap_or(1),
            first_seen,
            last_seen,
        }
    }

    fn columns() -> &'static [Col<WarningEvent>] {
        const C: &[Col<WarningEvent>] = &[
            Col::age("last_seen", "LAST SEEN", 0, |e| V::Age(e.last_seen)),
            Col::new("namespace", "NAMESPACE", 9, 24, 3, |e| V::Str(&e.namespace)),
            Col::new("reason", "REASON", 8, 24, 1, |e| V::Str(&e.reason)),
            Col::new("object", "OBJECT", 12, 48, 0, |e| V::Str(&e.object)),
            Col::num("count", "COUNT", 5, 6, 2, |e| V::Int(e.count.into())),
            Col::flex("message", "MESSAGE", 16, 400, 1, |e| V::Str(&e.message)),
        ];
        C
    }

    fn tone(_: &WarningEvent) -> Tone {
        Tone::Warn
    }

    fn intern(e: &mut WarningEvent, i: &mut Interner) {
        e.namespace = i.intern(&e.namespace);
        e.reason = i.intern(&e.reason);
    }
}
