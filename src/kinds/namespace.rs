//! Namespaces: phase (Active / Terminating) and age.

use serde::Deserialize;

use super::column::{Col, Tone, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, Skip, created, name};
use crate::fleet::store::keyed;
use crate::fleet::{Str, Ts};

#[derive(Clone, Debug, PartialEq)]
pub struct NamespaceRow {
    pub name: Str,
    pub phase: Str,
    pub created: Ts,
}
keyed!(cluster: NamespaceRow);

#[derive(Clone, Debug, Default, Deserialize)]
pub struct NamespaceStatus {
    pub phase: Option<String>,
}

pub type NamespaceL = Lean<Skip, NamespaceStatus>;

pub struct Namespace;

impl KindDef for Namespace {
    type Row = NamespaceRow;
    type Lean = NamespaceL;
    const API: ApiSpec = ApiSpec {
        group: "",
        versions: &["v1"],
        kind: "Namespace",
        plural: "namespaces",
        namespaced: false,
    };
    const CORE: bool = true;
    const TITLE: &'static str = "Namespaces";
    const SINGULAR: &'static str = "ns";

    fn project(o: NamespaceL) -> NamespaceRow {
        NamespaceRow {
            name: name(&o.metadata),
            phase: Str::from(o.status.phase.as_deref().unwrap_or("Active")),
            created: created(&o.metadata),
        }
    }

    fn columns() -> &'static [Col<NamespaceRow>] {
        const C: &[Col<NamespaceRow>] = &[
            Col::new("name", "NAME", 12, 63, 0, |n| V::Str(&n.name)),
            Col::new("status", "STATUS", 6, 12, 0, |n| V::Str(&n.phase)),
            Col::age("age", "AGE", 1, |n| V::Age(n.created)),
        ];
        C
    }

    fn tone(n: &NamespaceRow) -> Tone {
        if &*n.phase == "Active" {
            Tone::Normal
        } else {
            Tone::Warn
        }
    }
}
