//! The demo fleet's initial world: a Karmada control plane and four members in different
//! regions, one with a dozen KubeEdge edge nodes; workloads with policies and bindings, Volcano
//! queues, Istio routes and warning events. Deterministic for a given seed and clock.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use crate::fleet::*;

pub const CONTROL_PLANE: &str = "karmada-host";

/// (context, region, provider, sync mode)
pub const MEMBERS: [(&str, &str, &str, &str); 4] = [
    ("prod-eu", "eu-west-1", "aws", "Push"),
    ("prod-us", "us-east-1", "gcp", "Push"),
    ("prod-ap", "ap-southeast-1", "huawei", "Pull"),
    ("edge-cn", "cn-east-2", "huawei", "Pull"),
];

pub const EDGE_MEMBER: &str = "edge-cn";

pub fn s(v: &str) -> Str {
    Arc::from(v)
}

/// One simulated cluster: its objects and their resource versions.
#[derive(Debug, Clone)]
pub struct DemoCluster {
    pub context: String,
    pub version: String,
    pub objs: BTreeMap<(Kind, ObjKey), Obj>,
    pub rv: BTreeMap<(Kind, ObjKey), u64>,
}

impl DemoCluster {
    fn new(context: &str, version: &str) -> Self {
        DemoCluster {
            context: context.to_string(),
            version: version.to_string(),
            objs: BTreeMap::new(),
            rv: BTreeMap::new(),
        }
    }

    pub fn put(&mut self, obj: Obj, rv: u64) {
        let k = (obj.kind(), obj.key());
        self.rv.insert(k.clone(), rv);
        self.objs.insert(k, obj);
    }

    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds: Vec<Kind> = Kind::ALL.iter().copied().filter(|k| k.is_core()).collect();
        for k in self.objs.keys().map(|(k, _)| *k) {
            if !kinds.contains(&k) {
                kinds.push(k);
            }
        }
        kinds
    }
}

pub fn pod_row(ns: &str, name: &str, node: &str, phase: PodPhase, created: Ts) -> PodRow {
    PodRow {
        namespace: s(ns),
        name: s(name),
        phase,
        reason: None,
        ready: if phase == PodPhase::Running { 1 } else { 0 },
        containers: 1,
        restarts: 0,
        node: Some(s(node)),
        created,
    }
}

fn node_row(name: &str, edge: bool, ready: bool, now: Ts, age_days: i64) -> NodeRow {
    NodeRow {
        name: s(name),
        ready,
        reason: if ready {
            None
        } else {
            Some(s("NodeStatusUnknown"))
        },
        edge,
        unschedulable: false,
        kubelet_version: s(if edge {
            "v1.29.5-kubeedge-v1.18.1"
        } else {
            "v1.30.4"
        }),
        last_heartbeat: if ready { now - 12 } else { now - 3 * 3600 - 17 },
        created: now - age_days * 86400,
    }
}

fn policy(ns: Option<&str>, name: &str, selectors: &[&str]) -> PolicyRow {
    PolicyRow {
        namespace: ns.map(s),
        name: s(name),
        selectors: selectors.iter().map(|x| s(x)).collect(),
        scheduling_type: None,
        division_preference: None,
        static_weights: vec![],
        dynamic_weight: None,
        cluster_names: vec![],
    }
}

/// Build the initial fleet.
pub fn build(seed: u64, now: Ts) -> (Vec<DemoCluster>, SmallRng) {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut rv = 1000u64;
    let mut next_rv = || {
        rv += 1;
        rv
    };
    let mut clusters = Vec::new();

    // The control plane.
    let mut cp = DemoCluster::new(CONTROL_PLANE, "v1.30.4");
    for n in ["cp-1", "cp-2", "cp-3"] {
        cp.put(Obj::Node(node_row(n, false, true, now, 90)), next_rv());
    }
    for (i, (name, region, provider, mode)) in MEMBERS.iter().enumerate() {
        cp.put(
            Obj::KarmadaCluster(KarmadaClusterRow {
                name: s(name),
                ready: Some(true),
                reason: Some(s("ClusterReady")),
                message: Some(s("cluster is healthy and ready to accept workloads")),
                region: Some(s(region)),
                provider: Some(s(provider)),
                sync_mode: Some(s(mode)),
                taints: vec![],
                kubernetes_version: Some(s(if i == 3 { "v1.29.5" } else { "v1.30.4" })),
                api_endpoint: Some(s(&format!("https://{name}.example.internal:6443"))),
            }),
            next_rv(),
        );
    }
    let mut web = policy(Some("shop"), "web", &["Deployment/web"]);
    web.scheduling_type = Some(s("Divided"));
    web.division_preference = Some(s("Weighted"));
    web.static_weights = vec![
        StaticWeight {
            clusters: vec![s("prod-eu")],
            weight: 2,
        },
        StaticWeight {
            clusters: vec![s("prod-us")],
            weight: 1,
        },
        StaticWeight {
            clusters: vec![s("prod-ap")],
            weight: 1,
        },
    ];
    web.cluster_names = vec![s("prod-eu"), s("prod-us"), s("prod-ap")];
    cp.put(Obj::PropagationPolicy(web), next_rv());
    let mut cart = policy(Some("shop"), "cart", &["Deployment/cart", "Service/cart"]);
    cart.scheduling_type = Some(s("Duplicated"));
    cart.cluster_names = vec![s("prod-eu"), s("prod-us")];
    cp.put(Obj::PropagationPolicy(cart), next_rv());
    let mut batch = policy(None, "batch-global", &["Deployment/*"]);
    batch.scheduling_type = Some(s("Divided"));
    batch.division_preference = Some(s("Weighted"));
    batch.dynamic_weight = Some(s("AvailableReplicas"));
    cp.put(Obj::ClusterPropagationPolicy(batch), next_rv());
    let bindings = [
        (
            "web-deployment",
            "web",
            vec![("prod-eu", 4), ("prod-us", 2), ("prod-ap", 2)],
        ),
        (
            "cart-deployment",
            "cart",
            vec![("prod-eu", 3), ("prod-us", 3)],
        ),
        ("edge-agent-deployment", "edge-agent", vec![("edge-cn", 12)]),
    ];
    for (name, dep, placement) in bindings {
        cp.put(
            Obj::ResourceBinding(BindingRow {
                namespace: s("shop"),
                name: s(name),
                resource: s(&format!("Deployment shop/{dep}")),
                clusters: placement
                    .iter()
                    .map(|(c, r)| BindingTarget {
                        cluster: s(c),
                        replicas: *r,
                    })
                    .collect(),
                aggregated: placement
                    .iter()
                    .map(|(c, _)| BindingStatus {
                        cluster: s(c),
                        applied: true,
                        health: s(if *c == "prod-ap" {
                            "Unhealthy"
                        } else {
                            "Healthy"
                        }),
                    })
                    .collect(),
            }),
            next_rv(),
        );
    }
    for comp in [
        "karmada-apiserver",
        "karmada-scheduler",
        "karmada-controller-manager",
        "etcd",
    ] {
        for i in 0..2 {
            let node = format!("cp-{}", i + 1);
            cp.put(
                Obj::Pod(pod_row(
                    "karmada-system",
                    &format!("{comp}-{i}"),
                    &node,
                    PodPhase::Running,
                    now - 30 * 86400,
                )),
                next_rv(),
            );
        }
    }
    clusters.push(cp);

    // Members.
    for (ci, (name, _region, _provider, _mode)) in MEMBERS.iter().enumerate() {
        let mut c = DemoCluster::new(name, if ci == 3 { "v1.29.5" } else { "v1.30.4" });
        let workers = if *name == EDGE_MEMBER { 2 } else { 4 };
        let nodes: Vec<String> = (1..=workers)
            .map(|i| format!("{name}-worker-{i}"))
            .collect();
        for n in &nodes {
            c.put(
                Obj::Node(node_row(n, false, true, now, 40 + ci as i64)),
                next_rv(),
            );
        }
        if *name == EDGE_MEMBER {
            let offline = [3, 7, 11];
            for i in 1..=12 {
                let ready = !offline.contains(&i);
                c.put(
                    Obj::Node(node_row(&format!("edge-{i:02}"), true, ready, now, 20)),
                    next_rv(),
                );
            }
            c.put(
                Obj::NodeGroup(NodeGroupRow {
                    name: s("shanghai-factory"),
                    nodes: (1..=12).map(|i| s(&format!("edge-{i:02}"))).collect(),
                    match_labels: vec![(s("site"), s("shanghai"))],
                }),
                next_rv(),
            );
        }
        let deployments: &[(&str, i32)] = if *name == EDGE_MEMBER {
            &[("edge-agent", 12), ("mqtt-broker", 2)]
        } else {
            &[("web", 4), ("cart", 3), ("api", 5), ("checkout", 2)]
        };
        for (dep, replicas) in deployments {
            let mut ready = *replicas;
            for r in 0..*replicas {
                let node = if *dep == "edge-agent" {
                    format!("edge-{:02}", r + 1)
                } else {
                    nodes[rng.random_range(0..nodes.len())].clone()
                };
                let suffix: u32 = rng.random_range(0x10000..0xfffff);
                let pname = format!("{dep}-{suffix:05x}");
                let mut p = pod_row(
                    "shop",
                    &pname,
                    &node,
                    PodPhase::Running,
                    now - rng.random_range(600..9 * 86400),
                );
                if *dep == "edge-agent" && [3, 7, 11].contains(&(r + 1)) {
                    p.phase = PodPhase::Unknown;
                    p.ready = 0;
                    p.reason = Some(s("NodeLost"));
                    ready -= 1;
                } else if *dep == "checkout" && r == 0 && *name == "prod-ap" {
                    p.reason = Some(s("CrashLoopBackOff"));
                    p.ready = 0;
                    p.restarts = 42;
                    ready -= 1;
                }
                c.put(Obj::Pod(p), next_rv());
            }
            c.put(
                Obj::Deployment(DeploymentRow {
                    namespace: s("shop"),
                    name: s(dep),
                    replicas: *replicas,
                    ready,
                    updated: *replicas,
                    available: ready,
                    created: now - 30 * 86400,
                }),
                next_rv(),
            );
        }
        for (i, comp) in ["coredns", "kube-proxy", "metrics-server"]
            .iter()
            .enumerate()
        {
            let node = &nodes[i % nodes.len()];
            c.put(
                Obj::Pod(pod_row(
                    "kube-system",
                    &format!("{comp}-{ci}{i}"),
                    node,
                    PodPhase::Running,
                    now - 40 * 86400,
                )),
                next_rv(),
            );
        }
        if *name == "prod-us" {
            c.put(
                Obj::Pod(pod_row(
                    "batch",
                    "report-28731",
                    &nodes[0],
                    PodPhase::Pending,
                    now - 240,
                )),
                next_rv(),
            );
            let mut failed = pod_row(
                "batch",
                "etl-nightly-7f2c",
                &nodes[1],
                PodPhase::Failed,
                now - 7200,
            );
            failed.reason = Some(s("Error"));
            c.put(Obj::Pod(failed), next_rv());
        }
        // Volcano queues.
        if *name != EDGE_MEMBER {
            for (q, state, weight) in [
                ("default", "Open", 1),
                ("batch", "Open", 4),
                ("gpu", "Closed", 2),
            ] {
                c.put(
                    Obj::Queue(QueueRow {
                        name: s(q),
                        state: s(state),
                        weight,
                        reclaimable: Some(true),
                        running: if state == "Open" {
                            rng.random_range(0..8)
                        } else {
                            0
                        },
                        pending: rng.random_range(0..4),
                    }),
                    next_rv(),
                );
            }
        }
        // Istio.
        if *name == "prod-eu" || *name == "prod-us" {
            c.put(
                Obj::DestinationRule(DestinationRuleRow {
                    namespace: s("shop"),
                    name: s("web"),
                    host: s("web.shop.svc.cluster.local"),
                    subsets: MEMBERS[..3].iter().map(|m| s(m.0)).collect(),
                }),
                next_rv(),
            );
            c.put(
                Obj::VirtualService(VirtualServiceRow {
                    namespace: s("shop"),
                    name: s("web"),
                    hosts: vec![s("web.shop.svc.cluster.local")],
                    http: vec![vec![
                        RouteDest {
                            host: s("web.shop.svc.cluster.local"),
                            subset: Some(s("prod-eu")),
                            weight: Some(80),
                        },
                        RouteDest {
                            host: s("web.shop.svc.cluster.local"),
                            subset: Some(s("prod-us")),
                            weight: Some(20),
                        },
                    ]],
                }),
                next_rv(),
            );
        }
        clusters.push(c);
    }
    // Warning events.
    let warn =
        |ns: &str, name: &str, reason: &str, object: &str, msg: &str, ago: i64, count: i32| {
            Obj::Event(WarningEvent {
                namespace: s(ns),
                name: s(name),
                reason: s(reason),
                message: s(msg),
                object: s(object),
                count,
                last_seen: now - ago,
            })
        };
    let ap = &mut clusters[3];
    ap.put(
        warn(
            "shop",
            "checkout.17a1",
            "BackOff",
            "Pod/checkout",
            "Back-off restarting failed container checkout",
            40,
            42,
        ),
        2000,
    );
    let us = &mut clusters[2];
    us.put(
        warn(
            "batch",
            "report.17a2",
            "FailedScheduling",
            "Pod/report-28731",
            "0/4 nodes are available: 4 Insufficient nvidia.com/gpu.",
            120,
            9,
        ),
        2001,
    );
    us.put(
        warn(
            "batch",
            "etl.17a3",
            "BackoffLimitExceeded",
            "Job/etl-nightly",
            "Job has reached the specified backoff limit",
            7000,
            1,
        ),
        2002,
    );
    let edge = &mut clusters[4];
    edge.put(
        warn(
            "default",
            "edge-03.17a4",
            "NodeNotReady",
            "Node/edge-03",
            "Node edge-03 status is now: NodeNotReady",
            600,
            3,
        ),
        2003,
    );
    let eu = &mut clusters[1];
    eu.put(
        warn(
            "shop",
            "web.17a0",
            "Unhealthy",
            "Pod/web",
            "Readiness probe failed: HTTP probe failed with statuscode: 503",
            2 * 3600,
            4,
        ),
        2004,
    );
    (clusters, rng)
}
