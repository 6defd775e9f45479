//! The demo fleet's initial world: a Karmada control plane holding Deployment templates, their
//! policies and bindings, and four members in different regions whose Deployments match what
//! the bindings assign; one member has a dozen KubeEdge edge nodes; Volcano queues, Istio routes
//! and warning events. Full JSON objects, deterministic for a given seed and clock.

use std::collections::BTreeMap;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::objects::{self as o, MemberSpec, PodSpec};
use crate::fleet::{Kind, ObjKey, Ts};

pub const CONTROL_PLANE: &str = "karmada-host";
pub const EDGE_MEMBER: &str = "edge-cn";

pub const MEMBERS: [MemberSpec<'static>; 4] = [
    MemberSpec {
        name: "prod-eu",
        region: "eu-west-1",
        provider: "aws",
        sync_mode: "Push",
        version: "v1.30.4",
    },
    MemberSpec {
        name: "prod-us",
        region: "us-east-1",
        provider: "gcp",
        sync_mode: "Push",
        version: "v1.30.4",
    },
    MemberSpec {
        name: "prod-ap",
        region: "ap-southeast-1",
        provider: "huawei",
        sync_mode: "Pull",
        version: "v1.30.4",
    },
    MemberSpec {
        name: "edge-cn",
        region: "cn-east-2",
        provider: "huawei",
        sync_mode: "Pull",
        version: "v1.29.5",
    },
];

/// A template on the control plane, its policy and where Karmada placed its replicas.
pub(super) struct Template {
    /// `Deployment` or `StatefulSet`.
    pub kind: &'static str,
    pub name: &'static str,
    pub replicas: i64,
    /// A PropagationPolicy in the template's namespace, or a ClusterPropagationPolicy.
    pub policy: &'static str,
    pub cluster_wide: bool,
    pub placement: &'static [(&'static str, i64)],
    /// A graceful eviction in progress: (from cluster, reason, message).
    pub evicting: Option<(&'static str, &'static str, &'static str)>,
}

const fn t(
    name: &'static str,
    replicas: i64,
    policy: &'static str,
    cluster_wide: bool,
    placement: &'static [(&'static str, i64)],
) -> Template {
    Template {
        kind: "Deployment",
        name,
        replicas,
        policy,
        cluster_wide,
        placement,
        evicting: None,
    }
}

pub(super) const TEMPLATES: [Template; 5] = [
    // Divided, weighted 2:1:1 (Webster: 4/2/2 of 8).
    t(
        "web",
        8,
        "web",
        false,
        &[("prod-eu", 4), ("prod-us", 2), ("prod-ap", 2)],
    ),
    // Divided over the four members, 2:2:1:1 (a label selector picks the edge member): 4/4/2/2.
    t(
        "search",
        12,
        "search",
        false,
        &[
            ("edge-cn", 2),
            ("prod-ap", 2),
            ("prod-eu", 4),
            ("prod-us", 4),
        ],
    ),
    // Duplicated: every chosen member runs all of them.
    t("cart", 3, "cart", false, &[("prod-eu", 3), ("prod-us", 3)]),
    t("edge-agent", 12, "edge-agent", false, &[("edge-cn", 12)]),
    // Dynamic weights: the scheduler divided them by the members' available replicas. prod-eu
    // ran some until it went NotReady (it is back): Karmada's taint manager rescheduled them and
    // its graceful eviction task is still open (the old replicas are gone from prod-eu).
    Template {
        evicting: Some((
            "prod-eu",
            "TaintUntolerated",
            "cluster prod-eu was NotReady",
        )),
        ..t(
            "reports",
            4,
            "batch-global",
            true,
            &[("prod-ap", 1), ("prod-us", 3)],
        )
    },
];

/// A StatefulSet template, duplicated to two members (each runs its pods `db-0`, `db-1`).
/// Built after everything else, so the rest of the demo stays as it was.
pub(super) const DB: Template = Template {
    kind: "StatefulSet",
    ..t("db", 2, "db", false, &[("prod-eu", 2), ("prod-us", 2)])
};

/// Deployments every prod member runs outside Karmada: (name, replicas).
pub(super) const LOCAL: [(&str, i64); 2] = [("api", 5), ("checkout", 2)];

/// One simulated cluster: its objects as the apiserver holds them.
#[derive(Debug, Clone)]
pub struct DemoCluster {
    pub context: String,
    pub version: String,
    pub objs: BTreeMap<(Kind, ObjKey), Value>,
}

impl DemoCluster {
    pub(super) fn new(context: &str, version: &str) -> Self {
        DemoCluster {
            context: context.to_string(),
            version: version.to_string(),
            objs: BTreeMap::new(),
        }
    }

    /// Store `obj` at resourceVersion `rv` (the uid stays once given).
    pub fn put(&mut self, kind: Kind, mut obj: Value, rv: u64) -> ObjKey {
        let m = &obj["metadata"];
        let key = ObjKey::new(
            m["namespace"].as_str().filter(|_| kind.namespaced()),
            m["name"].as_str().unwrap_or(""),
        );
        let uid = self
            .objs
            .get(&(kind, key.clone()))
            .and_then(|old| old["metadata"]["uid"].as_str().map(str::to_string))
            .unwrap_or_else(|| format!("00000000-0000-4000-8000-{rv:012x}"));
        obj["metadata"]["resourceVersion"] = json!(rv.to_string());
        obj["metadata"]["uid"] = json!(uid);
        self.objs.insert((kind, key.clone()), obj);
        key
    }

    pub fn get(&self, kind: Kind, key: &ObjKey) -> Option<&Value> {
        self.objs.get(&(kind, key.clone()))
    }
}

pub(super) struct Builder {
    rv: u64,
}

impl Builder {
    pub(super) fn put(&mut self, c: &mut DemoCluster, kind: Kind, obj: Value) -> ObjKey {
        self.rv += 1;
        c.put(kind, obj, self.rv)
    }
}

pub(super) fn suffix(rng: &mut SmallRng) -> String {
    format!("{:05x}", rng.random_range(0x10000u32..0xfffff))
}

/// Build the initial fleet; returns the clusters, the rng for churn and the last resourceVersion.
pub fn build(seed: u64, now: Ts) -> (Vec<DemoCluster>, SmallRng, u64) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut b = Builder { rv: 1000 };
    let mut clusters = Vec::new();

    // The control plane: its nodes and components, the member Clusters, the templates with
    // their policies and bindings.
    let mut cp = DemoCluster::new(CONTROL_PLANE, "v1.30.4");
    for ns in ["default", "kube-system", "karmada-system", "shop"] {
        b.put(&mut cp, Kind::Namespace, o::namespace(ns, now - 90 * 86400));
    }
    for n in ["cp-1", "cp-2", "cp-3"] {
        b.put(&mut cp, Kind::Node, o::node(n, false, true, now, 90));
    }
    for m in &MEMBERS {
        b.put(&mut cp, Kind::KarmadaCluster, o::karmada_cluster(m, true));
    }
    let web = json!({"clusterAffinity": {"clusterNames": ["prod-eu", "prod-us", "prod-ap"]},
        "replicaScheduling": {"replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
            "weightPreference": {"staticWeightList": [
                {"targetCluster": {"clusterNames": ["prod-eu"]}, "weight": 2},
                {"targetCluster": {"clusterNames": ["prod-us"]}, "weight": 1},
                {"targetCluster": {"clusterNames": ["prod-ap"]}, "weight": 1}]}}});
    let search = json!({"clusterAffinity": {"clusterNames": ["prod-eu", "prod-us", "prod-ap", "edge-cn"]},
        "replicaScheduling": {"replicaSchedulingType": "Divided", "replicaDivisionPreference": "Weighted",
            "weightPreference": {"staticWeightList": [
                {"targetCluster": {"clusterNames": ["prod-eu", "prod-us"]}, "weight": 2},
                {"targetCluster": {"clusterNames": ["prod-ap"]}, "weight": 1},
                {"targetCluster": {"labelSelector": {"matchLabels": {"fleetdeck.io/tier": "edge"}}}, "weight": 1}]}}});
    let cart = json!({"clusterAffinity": {"clusterNames": ["prod-eu", "prod-us"]},
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"}});
    let edge = json!({"clusterAffinity": {"clusterNames": ["edge-cn"]},
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"}});
    let batch = json!({"replicaScheduling": {"replicaSchedulingType": "Divided",
        "replicaDivisionPreference": "Weighted", "weightPreference": {"dynamicWeight": "AvailableReplicas"}}});
    let pp = "PropagationPolicy";
    for (name, sel, placement) in [
        ("web", vec!["Deployment/web"], web),
        ("search", vec!["Deployment/search"], search),
        ("cart", vec!["Deployment/cart", "Service/cart"], cart),
        ("edge-agent", vec!["Deployment/edge-agent"], edge),
    ] {
        let p = o::policy(pp, Some("shop"), name, &sel, placement);
        b.put(&mut cp, Kind::PropagationPolicy, p);
    }
    let p = o::policy(
        "ClusterPropagationPolicy",
        None,
        "batch-global",
        &["Deployment/reports"],
        batch,
    );
    b.put(&mut cp, Kind::ClusterPropagationPolicy, p);
    for tp in &TEMPLATES {
        template(&mut cp, &mut b, tp, now);
    }
    // A template no policy selects yet: nothing runs it (the editor's "propagate" prefills one).
    b.put(
        &mut cp,
        Kind::Deployment,
        o::deployment("shop", "notify", 2, 0, now - 2 * 86400),
    );
    // The shop namespace, on every member: a ClusterPropagationPolicy and its
    // ClusterResourceBinding (a cluster-scoped template).
    let members: Vec<&str> = MEMBERS.iter().map(|m| m.name).collect();
    let placement = json!({"clusterAffinity": {"clusterNames": members}});
    let p = o::policy(
        "ClusterPropagationPolicy",
        None,
        "shop-namespace",
        &["Namespace/shop"],
        placement,
    );
    b.put(&mut cp, Kind::ClusterPropagationPolicy, p);
    let shop = cp
        .get(Kind::Namespace, &ObjKey::cluster_scoped("shop"))
        .cloned()
        .unwrap_or_default();
    let crb = o::cluster_binding(&shop, "shop-namespace", &members);
    b.put(&mut cp, Kind::ClusterResourceBinding, crb);
    for comp in [
        "karmada-apiserver",
        "karmada-scheduler",
        "karmada-controller-manager",
        "etcd",
    ] {
        for i in 0..2 {
            let node = format!("cp-{}", i + 1);
            let p = o::pod(&PodSpec {
                ns: "karmada-system",
                name: &format!("{comp}-{i}"),
                node: &node,
                phase: "Running",
                created: now - 30 * 86400,
                reason: None,
                restarts: 0,
            });
            b.put(&mut cp, Kind::Pod, p);
        }
    }
    clusters.push(cp);

    for (ci, m) in MEMBERS.iter().enumerate() {
        clusters.push(super::members::member(ci, m, &mut b, &mut rng, now));
    }
    super::members::warnings(&mut clusters, &mut b, now);
    // The StatefulSet template last: its policy, template and binding, the members' StatefulSets.
    let db = json!({"clusterAffinity": {"clusterNames": ["prod-eu", "prod-us"]},
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"}});
    let p = o::policy(pp, Some("shop"), DB.name, &["StatefulSet/db"], db);
    b.put(&mut clusters[0], Kind::PropagationPolicy, p);
    template(&mut clusters[0], &mut b, &DB, now);
    for c in clusters.iter_mut().skip(1) {
        super::members::stateful(c, &mut b, &DB, now);
    }
    (clusters, rng, b.rv)
}

/// A template on the control plane (at generation 2) and its binding. A template is not run on
/// the control plane; Karmada aggregates its members' status into it (edge-agent: 3 of its 12
/// pods are on offline edge nodes).
fn template(cp: &mut DemoCluster, b: &mut Builder, tp: &Template, now: Ts) {
    let placed: i64 = tp.placement.iter().map(|(_, r)| r).sum();
    let ready = if tp.name == "edge-agent" {
        placed - 3
    } else {
        placed
    };
    let mut d = o::workload(
        tp.kind,
        "shop",
        tp.name,
        tp.replicas,
        ready,
        now - 30 * 86400,
    );
    d["metadata"]["generation"] = json!(2);
    d["status"]["replicas"] = json!(placed);
    d["status"]["updatedReplicas"] = json!(placed);
    let kind = Kind::from_api_kind(tp.kind).unwrap_or(Kind::Deployment);
    let key = b.put(cp, kind, d);
    let d = cp.get(kind, &key).cloned().unwrap_or_default();
    // web is unhealthy on prod-ap (its checkout pods crash there).
    let unhealthy: &[&str] = if tp.name == "web" { &["prod-ap"] } else { &[] };
    let mut bind = o::binding(&d, tp, unhealthy);
    // search's generation 2 has not reached prod-ap yet (its member still runs generation 1).
    if tp.name == "search"
        && let Some(items) = bind["status"]["aggregatedStatus"].as_array_mut()
    {
        for i in items.iter_mut().filter(|i| i["clusterName"] == "prod-ap") {
            i["status"]["resourceTemplateGeneration"] = json!(1);
        }
    }
    b.put(cp, Kind::ResourceBinding, bind);
}
