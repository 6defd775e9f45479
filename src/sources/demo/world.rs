//! The demo fleet's initial world: a Karmada control plane holding Deployment templates, their
//! policies and bindings, and four members in different regions whose Deployments match what
//! the bindings assign; one member has a dozen KubeEdge edge nodes; Volcano queues, Istio routes
//! and warning events. Full JSON objects, deterministic for a given seed and clock.

use std::collections::BTreeMap;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::objects::{self as o, MemberSpec, PodSpec, WarningSpec};
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

/// A template on the control plane: (name, replicas, policy, placement by member).
type Template = (
    &'static str,
    i64,
    &'static str,
    &'static [(&'static str, i64)],
);

const TEMPLATES: [Template; 3] = [
    // Divided, weighted 2:1:1 (Webster: 4/2/2 of 8).
    (
        "web",
        8,
        "web",
        &[("prod-eu", 4), ("prod-us", 2), ("prod-ap", 2)],
    ),
    // Duplicated: every chosen member runs all of them.
    ("cart", 3, "cart", &[("prod-eu", 3), ("prod-us", 3)]),
    ("edge-agent", 12, "edge-agent", &[("edge-cn", 12)]),
];

/// Deployments every prod member runs outside Karmada: (name, replicas).
const LOCAL: [(&str, i64); 2] = [("api", 5), ("checkout", 2)];

/// One simulated cluster: its objects as the apiserver holds them.
#[derive(Debug, Clone)]
pub struct DemoCluster {
    pub context: String,
    pub version: String,
    pub objs: BTreeMap<(Kind, ObjKey), Value>,
}

impl DemoCluster {
    fn new(context: &str, version: &str) -> Self {
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

struct Builder {
    rv: u64,
}

impl Builder {
    fn put(&mut self, c: &mut DemoCluster, kind: Kind, obj: Value) -> ObjKey {
        self.rv += 1;
        c.put(kind, obj, self.rv)
    }
}

fn suffix(rng: &mut SmallRng) -> String {
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
    let cart = json!({"clusterAffinity": {"clusterNames": ["prod-eu", "prod-us"]},
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"}});
    let edge = json!({"clusterAffinity": {"clusterNames": ["edge-cn"]},
        "replicaScheduling": {"replicaSchedulingType": "Duplicated"}});
    let batch = json!({"replicaScheduling": {"replicaSchedulingType": "Divided",
        "replicaDivisionPreference": "Weighted", "weightPreference": {"dynamicWeight": "AvailableReplicas"}}});
    let pp = "PropagationPolicy";
    for (name, sel, placement) in [
        ("web", vec!["Deployment/web"], web),
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
        &["Deployment/*"],
        batch,
    );
    b.put(&mut cp, Kind::ClusterPropagationPolicy, p);
    for (name, replicas, policy, placement) in TEMPLATES {
        // A template is not run on the control plane; Karmada aggregates its members' status
        // into it (edge-agent: 3 of its 12 pods are on offline edge nodes).
        let placed: i64 = placement.iter().map(|(_, r)| r).sum();
        let ready = if name == "edge-agent" {
            placed - 3
        } else {
            placed
        };
        let mut d = o::deployment("shop", name, replicas, ready, now - 30 * 86400);
        d["status"]["replicas"] = json!(placed);
        d["status"]["updatedReplicas"] = json!(placed);
        let key = b.put(&mut cp, Kind::Deployment, d);
        let d = cp.get(Kind::Deployment, &key).cloned().unwrap_or_default();
        let bind = o::binding(&d, policy, placement, &["prod-ap"]);
        b.put(&mut cp, Kind::ResourceBinding, bind);
    }
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
        clusters.push(member(ci, m, &mut b, &mut rng, now));
    }
    warnings(&mut clusters, &mut b, now);
    (clusters, rng, b.rv)
}

/// One member: nodes, the Deployments Karmada put there plus local ones, their pods, queues and
/// Istio objects.
fn member(ci: usize, m: &MemberSpec, b: &mut Builder, rng: &mut SmallRng, now: Ts) -> DemoCluster {
    let name = m.name;
    let mut c = DemoCluster::new(name, m.version);
    let edge_member = name == EDGE_MEMBER;
    for ns in ["default", "kube-system", "shop"] {
        b.put(&mut c, Kind::Namespace, o::namespace(ns, now - 60 * 86400));
    }
    let workers = if edge_member { 2 } else { 4 };
    let nodes: Vec<String> = (1..=workers)
        .map(|i| format!("{name}-worker-{i}"))
        .collect();
    for n in &nodes {
        b.put(
            &mut c,
            Kind::Node,
            o::node(n, false, true, now, 40 + ci as i64),
        );
    }
    let offline = [3, 7, 11];
    if edge_member {
        for i in 1..=12 {
            let n = o::node(
                &format!("edge-{i:02}"),
                true,
                !offline.contains(&i),
                now,
                20,
            );
            b.put(&mut c, Kind::Node, n);
        }
        let members: Vec<String> = (1..=12).map(|i| format!("edge-{i:02}")).collect();
        let g = o::node_group("shanghai-factory", &members, &[("site", "shanghai")]);
        b.put(&mut c, Kind::NodeGroup, g);
    }
    let mut deployments: Vec<(&str, i64)> = TEMPLATES
        .iter()
        .filter_map(|(d, _, _, placement)| {
            placement
                .iter()
                .find(|(c, _)| *c == name)
                .map(|(_, r)| (*d, *r))
        })
        .collect();
    if edge_member {
        deployments.push(("mqtt-broker", 2));
    } else {
        deployments.extend(LOCAL);
    }
    for (dep, replicas) in deployments {
        let mut ready = replicas;
        for r in 0..replicas {
            let node = if dep == "edge-agent" {
                format!("edge-{:02}", r + 1)
            } else {
                nodes[rng.random_range(0..nodes.len())].clone()
            };
            let mut pname = format!("{dep}-{}", suffix(rng));
            // Pods the warning events name.
            if r == 0 && (dep, name) == ("checkout", "prod-ap") {
                pname = "checkout-7c9d4".into();
            } else if r == 0 && (dep, name) == ("web", "prod-eu") {
                pname = "web-6b7f9".into();
            }
            let mut p = PodSpec {
                ns: "shop",
                name: &pname,
                node: &node,
                phase: "Running",
                created: now - rng.random_range(600..9 * 86400),
                reason: None,
                restarts: 0,
            };
            if dep == "edge-agent" && offline.contains(&(r + 1)) {
                p.phase = "Unknown";
                p.reason = Some("NodeLost");
                ready -= 1;
            } else if dep == "checkout" && r == 0 && name == "prod-ap" {
                p.reason = Some("CrashLoopBackOff");
                p.restarts = 42;
                ready -= 1;
            }
            b.put(&mut c, Kind::Pod, o::pod(&p));
        }
        let d = o::deployment("shop", dep, replicas, ready, now - 30 * 86400);
        b.put(&mut c, Kind::Deployment, d);
    }
    for (i, comp) in ["coredns", "kube-proxy", "metrics-server"]
        .iter()
        .enumerate()
    {
        let p = o::pod(&PodSpec {
            ns: "kube-system",
            name: &format!("{comp}-{ci}{i}"),
            node: &nodes[i % nodes.len()],
            phase: "Running",
            created: now - 40 * 86400,
            reason: None,
            restarts: 0,
        });
        b.put(&mut c, Kind::Pod, p);
    }
    if name == "prod-us" {
        b.put(
            &mut c,
            Kind::Namespace,
            o::namespace("batch", now - 20 * 86400),
        );
        let pending = PodSpec {
            ns: "batch",
            name: "report-28731",
            node: &nodes[0],
            phase: "Pending",
            created: now - 240,
            reason: None,
            restarts: 0,
        };
        b.put(&mut c, Kind::Pod, o::pod(&pending));
        let failed = PodSpec {
            name: "etl-nightly-7f2c",
            node: &nodes[1],
            phase: "Failed",
            created: now - 7200,
            reason: Some("Error"),
            ..pending
        };
        b.put(&mut c, Kind::Pod, o::pod(&failed));
    }
    if !edge_member {
        for (q, state, weight) in [
            ("default", "Open", 1),
            ("batch", "Open", 4),
            ("gpu", "Closed", 2),
        ] {
            let running = if state == "Open" {
                rng.random_range(0..8)
            } else {
                0
            };
            let pending = rng.random_range(0..4);
            b.put(
                &mut c,
                Kind::Queue,
                o::queue(q, state, weight, running, pending),
            );
        }
        let etl = o::pod_group(
            "shop",
            "etl-hourly",
            "default",
            1,
            "Running",
            [2, 5, 0],
            now - 3600,
        );
        b.put(&mut c, Kind::PodGroup, etl);
        if name == "prod-us" {
            let report = o::pod_group(
                "batch",
                "report-28731",
                "batch",
                4,
                "Pending",
                [0, 0, 0],
                now - 240,
            );
            b.put(&mut c, Kind::PodGroup, report);
        }
    }
    if name == "prod-eu" || name == "prod-us" {
        let host = "web.shop.svc.cluster.local";
        let subsets: Vec<&str> = MEMBERS[..3].iter().map(|m| m.name).collect();
        b.put(
            &mut c,
            Kind::DestinationRule,
            o::destination_rule("shop", "web", host, &subsets),
        );
        let vs = o::virtual_service("shop", "web", host, &[("prod-eu", 80), ("prod-us", 20)]);
        b.put(&mut c, Kind::VirtualService, vs);
    }
    c
}

/// Warning events: a crash loop, unschedulable and failed batch pods, an edge node gone, a
/// failing readiness probe (two Event objects for the same pod and reason: folded in triage).
fn warnings(clusters: &mut [DemoCluster], b: &mut Builder, now: Ts) {
    let list: [(usize, WarningSpec); 6] = [
        (
            3,
            WarningSpec {
                ns: "shop",
                name: "checkout.17a1",
                reason: "BackOff",
                object: "Pod/checkout-7c9d4",
                message: "Back-off restarting failed container checkout",
                first: now - 3 * 3600,
                last: now - 40,
                count: 42,
            },
        ),
        (
            2,
            WarningSpec {
                ns: "batch",
                name: "report.17a2",
                reason: "FailedScheduling",
                object: "Pod/report-28731",
                message: "0/4 nodes are available: 4 Insufficient nvidia.com/gpu.",
                first: now - 240,
                last: now - 120,
                count: 9,
            },
        ),
        (
            2,
            WarningSpec {
                ns: "batch",
                name: "etl.17a3",
                reason: "BackoffLimitExceeded",
                object: "Job/etl-nightly",
                message: "Job has reached the specified backoff limit",
                first: now - 7000,
                last: now - 7000,
                count: 1,
            },
        ),
        (
            4,
            WarningSpec {
                ns: "default",
                name: "edge-03.17a4",
                reason: "NodeNotReady",
                object: "Node/edge-03",
                message: "Node edge-03 status is now: NodeNotReady",
                first: now - 3 * 3600,
                last: now - 600,
                count: 3,
            },
        ),
        (
            1,
            WarningSpec {
                ns: "shop",
                name: "web.17a0",
                reason: "Unhealthy",
                object: "Pod/web-6b7f9",
                message: "Readiness probe failed: HTTP probe failed with statuscode: 503",
                first: now - 3 * 3600,
                last: now - 2 * 3600,
                count: 4,
            },
        ),
        (
            1,
            WarningSpec {
                ns: "shop",
                name: "web.17a9",
                reason: "Unhealthy",
                object: "Pod/web-6b7f9",
                message: "Readiness probe failed: Get \"http://10.0.1.7:8080/ready\": context deadline exceeded",
                first: now - 50 * 60,
                last: now - 20 * 60,
                count: 2,
            },
        ),
    ];
    for (i, w) in list {
        b.put(&mut clusters[i], Kind::Event, o::warning(&w));
    }
}
