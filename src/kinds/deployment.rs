//! Deployments and StatefulSets: desired, ready, updated and available replicas. Both kinds
//! share the row, the projection and the columns (their status fields have the same names).

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, created, name, namespace};
use crate::fleet::intern::Interner;
use crate::fleet::store::keyed;
use crate::fleet::{Str, Ts};

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentRow {
    pub namespace: Str,
    pub name: Str,
    pub replicas: i32,
    pub ready: i32,
    pub updated: i32,
    pub available: i32,
    pub created: Ts,
    /// `metadata.generation` (0 when absent): a template's, compared with what Karmada's
    /// members report having applied.
    pub generation: i64,
}
keyed!(namespaced: DeploymentRow);

#[derive(Clone, Debug, Default, Deserialize)]
pub struct DeploymentSpec {
    pub replicas: Option<i32>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatus {
    pub ready_replicas: Option<i32>,
    pub updated_replicas: Option<i32>,
    pub available_replicas: Option<i32>,
}

pub type DeploymentL = Lean<DeploymentSpec, DeploymentStatus>;

/// The columns both kinds show.
const COLUMNS: &[Col<DeploymentRow>] = &[
    Col::new("namespace", "NAMESPACE", 9, 24, 2, |d| V::Str(&d.namespace)),
    Col::new("name", "NAME", 16, 63, 0, |d| V::Str(&d.name)),
    Col::num("ready", "READY", 5, 11, 0, |d| {
        V::Ratio(d.ready.into(), d.replicas.into())
    }),
    Col::num("up_to_date", "UP-TO-DATE", 10, 10, 3, |d| {
        V::Int(d.updated.into())
    }),
    Col::num("available", "AVAILABLE", 9, 9, 1, |d| {
        V::Int(d.available.into())
    }),
    Col::age("age", "AGE", 2, |d| V::Age(d.created)),
];

pub struct Deployment;

impl KindDef for Deployment {
    type Row = DeploymentRow;
    type Lean = DeploymentL;
    const API: ApiSpec = ApiSpec {
        group: "apps",
        versions: &["v1"],
        kind: "Deployment",
        plural: "deployments",
        namespaced: true,
    };
    const CORE: bool = true;
    const TITLE: &'static str = "Deployments";
    const SINGULAR: &'static str = "deploy";

    fn project(o: DeploymentL) -> DeploymentRow {
        DeploymentRow {
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            replicas: o.spec.replicas.unwrap_or(1),
            ready: o.status.ready_replicas.unwrap_or(0),
            updated: o.status.updated_replicas.unwrap_or(0),
            available: o.status.available_replicas.unwrap_or(0),
            created: created(&o.metadata),
            generation: o.metadata.generation.unwrap_or(0),
        }
    }

    fn columns() -> &'static [Col<DeploymentRow>] {
        COLUMNS
    }

    fn tone(d: &DeploymentRow) -> Tone {
        if d.ready < d.replicas {
            Tone::Warn
        } else {
            Tone::Normal
        }
    }

    fn intern(d: &mut DeploymentRow, i: &mut Interner) {
        d.namespace = i.intern(&d.namespace);
    }
}

pub struct StatefulSet;

impl KindDef for StatefulSet {
    type Row = DeploymentRow;
    type Lean = DeploymentL;
    const API: ApiSpec = ApiSpec {
        group: "apps",
        versions: &["v1"],
        kind: "StatefulSet",
        plural: "statefulsets",
        namespaced: true,
    };
    const CORE: bool = true;
    const TITLE: &'static str = "StatefulSets";
    const SINGULAR: &'static str = "sts";

    fn project(o: DeploymentL) -> DeploymentRow {
        Deployment::project(o)
    }
    fn columns() -> &'static [Col<DeploymentRow>] {
        COLUMNS
    }
    fn tone(d: &DeploymentRow) -> Tone {
        Deployment::tone(d)
    }
    fn intern(d: &mut DeploymentRow, i: &mut Interner) {
        Deployment::intern(d, i)
    }
}
