//! What declaring a kind means: [`KindDef`] (its API, projection and columns) and the
//! [`registry!`] macro that turns the list of kinds in `kinds/mod.rs` into the `Kind` and `Obj`
//! enums, the per-cluster `Stores`, and `with_kind!` (run generic code for a runtime `Kind`).

use std::fmt::Debug;

use kube::core::{ApiResource, Resource};
use serde::de::DeserializeOwned;

use super::column::{Col, Tone};
use crate::fleet::intern::Interner;
use crate::fleet::store::Keyed;

/// Where a kind is served.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct ApiSpec {
    /// `""` for the core group.
    pub group: &'static str,
    /// Versions to try, preferred first.
    pub versions: &'static [&'static str],
    pub kind: &'static str,
    pub plural: &'static str,
    pub namespaced: bool,
}

impl ApiSpec {
    /// The `ApiResource` at `version` (the discovered one, if it is one this kind knows), or
    /// at the preferred version.
    pub fn resource(&self, version: Option<&str>) -> ApiResource {
        let version = version
            .filter(|v| self.versions.contains(v))
            .unwrap_or(self.versions[0]);
        ApiResource {
            group: self.group.to_string(),
            version: version.to_string(),
            api_version: if self.group.is_empty() {
                version.to_string()
            } else {
                format!("{}/{version}", self.group)
            },
            kind: self.kind.to_string(),
            plural: self.plural.to_string(),
        }
    }
}

/// One watched kind, declared in one file under `src/kinds/`.
pub trait KindDef: Sized + 'static {
    /// The compact row the model keeps: only what panes and planners read.
    type Row: Keyed + Clone + PartialEq + Debug + Send + Sync + 'static;
    /// The lean watch type: decoded straight from the apiserver's JSON, skipping every field
    /// the projection does not read.
    type Lean: DeserializeOwned
        + Resource<DynamicType = ApiResource>
        + Clone
        + Debug
        + Send
        + 'static;

    const API: ApiSpec;
    /// Watched on every cluster; otherwise only where discovery shows the API.
    const CORE: bool = false;
    /// A failed watch of it makes its cluster Degraded; false for what panes can do without
    /// (node Leases: the edge pane falls back on the nodes' heartbeats).
    const DEGRADES: bool = true;
    /// The tab and palette title ("Pods").
    const TITLE: &'static str;
    /// One word for the palette and `all:NAME` ("pod").
    const SINGULAR: &'static str;
    /// Server-side field selector of the watch.
    const FIELD_SELECTOR: Option<&'static str> = None;

    fn project(o: Self::Lean) -> Self::Row;
    fn columns() -> &'static [Col<Self::Row>];
    fn tone(_row: &Self::Row) -> Tone {
        Tone::Normal
    }
    /// Share strings that repeat across rows (namespaces, node names).
    fn intern(_row: &mut Self::Row, _i: &mut Interner) {}
}

/// The registry: `registry! { $; Variant => crate::kinds::file::Type, ... }` (the `$` lets it
/// define `with_kind!`). Full paths, as `with_kind!` expands anywhere in the crate.
macro_rules! registry {
    ($d:tt; $($v:ident => $t:ty),* $(,)?) => {
        /// Every kind fleetdeck watches.
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        pub enum Kind { $($v),* }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$v),*];

            pub fn api(self) -> &'static $crate::kinds::def::ApiSpec {
                match self { $(Kind::$v => &<$t as $crate::kinds::def::KindDef>::API),* }
            }
            /// Watched on every cluster (not only where discovery shows it).
            pub fn is_core(self) -> bool {
                match self { $(Kind::$v => <$t as $crate::kinds::def::KindDef>::CORE),* }
            }
            /// A failed watch of it makes its cluster Degraded.
            pub fn degrades(self) -> bool {
                match self { $(Kind::$v => <$t as $crate::kinds::def::KindDef>::DEGRADES),* }
            }
            pub fn title(self) -> &'static str {
                match self { $(Kind::$v => <$t as $crate::kinds::def::KindDef>::TITLE),* }
            }
            pub fn singular(self) -> &'static str {
                match self { $(Kind::$v => <$t as $crate::kinds::def::KindDef>::SINGULAR),* }
            }
        }

        /// One projected object of any watched kind.
        #[derive(Clone, Debug, PartialEq)]
        pub enum Obj { $($v(<$t as $crate::kinds::def::KindDef>::Row)),* }

        impl Obj {
            pub fn kind(&self) -> Kind {
                match self { $(Obj::$v(_) => Kind::$v),* }
            }
            pub fn key(&self) -> $crate::fleet::ObjKey {
                use $crate::fleet::store::Keyed;
                match self { $(Obj::$v(r) => r.obj_key()),* }
            }
            /// Share repeated strings (namespaces, node names) through `i`.
            pub fn intern(&mut self, i: &mut $crate::fleet::intern::Interner) {
                match self { $(Obj::$v(r) => <$t as $crate::kinds::def::KindDef>::intern(r, i)),* }
            }
        }

        /// One store per kind: a cluster's rows.
        #[allow(non_snake_case)]
        #[derive(Debug, Default)]
        pub struct Stores { $(pub $v: $crate::fleet::Store<<$t as $crate::kinds::def::KindDef>::Row>),* }

        /// A kind of the registry: where its rows live, and its `Obj` variant.
        pub trait Registered: $crate::kinds::def::KindDef {
            const KIND: Kind;
            fn store(s: &Stores) -> &$crate::fleet::Store<Self::Row>;
            fn store_mut(s: &mut Stores) -> &mut $crate::fleet::Store<Self::Row>;
            fn wrap(row: Self::Row) -> Obj;
            /// The row, or the object back when it is of another kind.
            #[allow(clippy::result_large_err)]
            fn unwrap(obj: Obj) -> Result<Self::Row, Obj>;
        }

        $(impl Registered for $t {
            const KIND: Kind = Kind::$v;
            fn store(s: &Stores) -> &$crate::fleet::Store<Self::Row> { &s.$v }
            fn store_mut(s: &mut Stores) -> &mut $crate::fleet::Store<Self::Row> { &mut s.$v }
            fn wrap(row: Self::Row) -> Obj { Obj::$v(row) }
            fn unwrap(obj: Obj) -> Result<Self::Row, Obj> {
                match obj { Obj::$v(r) => Ok(r), #[allow(unreachable_patterns)] o => Err(o) }
            }
        })*

        /// `with_kind!(kind, K => body)`: `body` with the type `K` standing for `kind`'s
        /// definition (a `Registered` type).
        macro_rules! with_kind {
            ($d kind:expr, $d K:ident => $d body:expr) => {
                match $d kind { $($crate::kinds::Kind::$v => { type $d K = $t; $d body }),* }
            };
        }
        pub(crate) use with_kind;
    };
}

pub(crate) use registry;
