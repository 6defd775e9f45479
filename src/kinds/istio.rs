//! Istio VirtualServices (route weights per `http[i].route[j]`) and DestinationRules (subsets,
//! each subset's cluster by its `topology.istio.io/cluster` label).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::column::{Col, V};
use super::def::{ApiSpec, KindDef};
use super::lean::{Lean, Skip, name, namespace, opt, strs};
use crate::fleet::Str;
use crate::fleet::store::keyed;

/// The subset label that names the cluster a destination runs in.
pub const CLUSTER_LABEL: &str = "topology.istio.io/cluster";

#[derive(Clone, Debug, PartialEq)]
pub struct RouteDest {
    pub host: Str,
    pub subset: Option<Str>,
    pub weight: Option<i64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct VirtualServiceRow {
    pub namespace: Str,
    pub name: Str,
    pub hosts: Vec<Str>,
    /// One entry per `spec.http[i]`, each the list of its `route[j]`.
    pub http: Vec<Vec<RouteDest>>,
    /// `spec.http[i].name`, where set.
    pub route_names: Vec<Option<Str>>,
}
keyed!(namespaced: VirtualServiceRow);

impl VirtualServiceRow {
    /// `host/subset=80 host/subset=20 | ...`
    pub fn routes(&self) -> String {
        self.http
            .iter()
            .map(|routes| {
                routes
                    .iter()
                    .map(|r| {
                        let subset = r.subset.as_deref().map(|s| format!("/{s}"));
                        format!(
                            "{}{}={}",
                            r.host,
                            subset.unwrap_or_default(),
                            r.weight.unwrap_or(100)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Subset {
    pub name: Str,
    /// Its `topology.istio.io/cluster` label.
    pub cluster: Option<Str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DestinationRuleRow {
    pub namespace: Str,
    pub name: Str,
    pub host: Str,
    pub subsets: Vec<Subset>,
    /// `spec.trafficPolicy.outlierDetection` is set (Istio fails over only with it).
    pub outlier: bool,
    /// `spec.trafficPolicy.loadBalancer.localityLbSetting`: `failover` (failover or
    /// failoverPriority), `distribute`, `enabled` (neither), `disabled` (enabled: false).
    pub locality: Option<Str>,
}
keyed!(namespaced: DestinationRuleRow);

#[derive(Clone, Debug, Default, Deserialize)]
pub struct VirtualServiceSpec {
    pub hosts: Option<Vec<String>>,
    pub http: Option<Vec<HttpRoute>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct HttpRoute {
    pub name: Option<String>,
    pub route: Option<Vec<RouteL>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct RouteL {
    pub destination: Option<Destination>,
    pub weight: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct Destination {
    pub host: Option<String>,
    pub subset: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct DestinationRuleSpec {
    pub host: Option<String>,
    pub subsets: Option<Vec<SubsetL>>,
    #[serde(rename = "trafficPolicy")]
    pub traffic_policy: Option<TrafficPolicyL>,
}

/// Of `spec.trafficPolicy`, only what the mesh pane shows.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficPolicyL {
    pub outlier_detection: Option<IgnoredAny>,
    pub load_balancer: Option<LoadBalancerL>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerL {
    pub locality_lb_setting: Option<LocalityL>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalityL {
    pub enabled: Option<bool>,
    pub failover: Option<Vec<IgnoredAny>>,
    pub failover_priority: Option<Vec<IgnoredAny>>,
    pub distribute: Option<Vec<IgnoredAny>>,
}

impl LocalityL {
    fn mode(&self) -> &'static str {
        let some = |v: &Option<Vec<IgnoredAny>>| v.as_ref().is_some_and(|v| !v.is_empty());
        if self.enabled == Some(false) {
            "disabled"
        } else if some(&self.failover) || some(&self.failover_priority) {
            "failover"
        } else if some(&self.distribute) {
            "distribute"
        } else {
            "enabled"
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct SubsetL {
    pub name: Option<String>,
    pub labels: Option<BTreeMap<String, String>>,
}

pub type VirtualServiceL = Lean<VirtualServiceSpec, Skip>;
pub type DestinationRuleL = Lean<DestinationRuleSpec, Skip>;

const GROUP: &str = "networking.istio.io";
const VERSIONS: &[&str] = &["v1", "v1beta1", "v1alpha3"];

pub struct VirtualService;

impl KindDef for VirtualService {
    type Row = VirtualServiceRow;
    type Lean = VirtualServiceL;
    const API: ApiSpec = ApiSpec {
        group: GROUP,
        versions: VERSIONS,
        kind: "VirtualService",
        plural: "virtualservices",
        namespaced: true,
    };
    const TITLE: &'static str = "Routes";
    const SINGULAR: &'static str = "virtualservice";

    fn project(o: VirtualServiceL) -> VirtualServiceRow {
        let routes = o.spec.http.unwrap_or_default();
        let route_names = routes.iter().map(|h| opt(h.name.clone())).collect();
        let http = routes
            .into_iter()
            .map(|h| {
                h.route
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| {
                        let d = r.destination.unwrap_or_default();
                        RouteDest {
                            host: Str::from(d.host.as_deref().unwrap_or("")),
                            subset: opt(d.subset),
                            weight: r.weight,
                        }
                    })
                    .collect()
            })
            .collect();
        VirtualServiceRow {
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            hosts: strs(o.spec.hosts),
            http,
            route_names,
        }
    }

    fn columns() -> &'static [Col<VirtualServiceRow>] {
        const C: &[Col<VirtualServiceRow>] = &[
            Col::new("namespace", "NAMESPACE", 9, 24, 2, |v| V::Str(&v.namespace)),
            Col::new("name", "NAME", 10, 63, 0, |v| V::Str(&v.name)),
            Col::flex("hosts", "HOSTS", 8, 60, 1, |v| V::Text(v.hosts.join(","))),
            Col::flex("routes", "ROUTES", 10, 200, 0, |v| V::Text(v.routes())),
        ];
        C
    }
}

pub struct DestinationRule;

impl KindDef for DestinationRule {
    type Row = DestinationRuleRow;
    type Lean = DestinationRuleL;
    const API: ApiSpec = ApiSpec {
        group: GROUP,
        versions: VERSIONS,
        kind: "DestinationRule",
        plural: "destinationrules",
        namespaced: true,
    };
    const TITLE: &'static str = "DestinationRules";
    const SINGULAR: &'static str = "destinationrule";

    fn project(o: DestinationRuleL) -> DestinationRuleRow {
        let tp = o.spec.traffic_policy.unwrap_or_default();
        let locality = tp
            .load_balancer
            .and_then(|l| l.locality_lb_setting)
            .map(|l| Str::from(l.mode()));
        DestinationRuleRow {
            outlier: tp.outlier_detection.is_some(),
            locality,
            namespace: namespace(&o.metadata),
            name: name(&o.metadata),
            host: Str::from(o.spec.host.as_deref().unwrap_or("")),
            subsets: o
                .spec
                .subsets
                .unwrap_or_default()
                .into_iter()
                .filter_map(|x| {
                    Some(Subset {
                        name: Str::from(x.name?),
                        cluster: x
                            .labels
                            .and_then(|mut l| l.remove(CLUSTER_LABEL))
                            .map(Str::from),
                    })
                })
                .collect(),
        }
    }

    fn columns() -> &'static [Col<DestinationRuleRow>] {
        const C: &[Col<DestinationRuleRow>] = &[
            Col::new("namespace", "NAMESPACE", 9, 24, 2, |d| V::Str(&d.namespace)),
            Col::new("name", "NAME", 10, 63, 0, |d| V::Str(&d.name)),
            Col::new("host", "HOST", 8, 60, 1, |d| V::Str(&d.host)),
            Col::flex("subsets", "SUBSETS (→ CLUSTER)", 10, 200, 0, |d| {
                V::Text(
                    d.subsets
                        .iter()
                        .map(|s| match &s.cluster {
                            Some(c) => format!("{}→{c}", s.name),
                            None => s.name.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            }),
        ];
        C
    }
}
