//! The demo fleet's members: nodes (the edge member's KubeEdge side is `edge.rs`), the Deployments
//! Karmada put there and local ones with their pods, Volcano queues and PodGroups, Istio routes;
//! and the fleet's warning events.

use rand::Rng;
use rand::rngs::SmallRng;

use super::objects::{self as o, MemberSpec, PodSpec, WarningSpec};
use super::world::{
    Builder, DemoCluster, EDGE_MEMBER, LOCAL, MEMBERS, TEMPLATES, Template, suffix,
};
use crate::fleet::{Kind, Ts};

/// One member: nodes, the Deployments Karmada put there plus local ones, their pods, queues and
/// Istio objects.
pub(super) fn member(
    ci: usize,
    m: &MemberSpec,
    b: &mut Builder,
    rng: &mut SmallRng,
    now: Ts,
) -> DemoCluster {
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
    let offline = super::edge::OFFLINE;
    if edge_member {
        super::edge::build(&mut c, b, now);
    }
    let mut deployments: Vec<(&str, i64)> = TEMPLATES
        .iter()
        .filter_map(|t| {
            t.placement
                .iter()
                .find(|(c, _)| *c == name)
                .map(|(_, r)| (t.name, *r))
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
            if dep == "edge-agent" && offline.contains(&(r as usize + 1)) {
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
        super::volcano::build(b, &mut c, name, rng, now);
    }
    // Istio: each prod member's istiod holds the routes of the services it serves. web goes
    // 80/20 to prod-eu/prod-us; search to all four members; cart has a canary route and a
    // default one. Subsets name their cluster by `topology.istio.io/cluster`.
    let prod = &["prod-eu", "prod-us", "prod-ap"];
    let services: [(&str, &[&str], &[o::Route]); 3] = [
        (
            "web",
            &["prod-eu", "prod-us"],
            &[("primary", &[("prod-eu", 80), ("prod-us", 20)])],
        ),
        (
            "search",
            prod,
            &[(
                "primary",
                &[
                    ("prod-eu", 40),
                    ("prod-us", 30),
                    ("prod-ap", 20),
                    ("edge-cn", 10),
                ],
            )],
        ),
        (
            "cart",
            &["prod-eu", "prod-us"],
            &[
                ("canary", &[("prod-us", 100)]),
                ("default", &[("prod-eu", 50), ("prod-us", 50)]),
            ],
        ),
    ];
    for (svc, on, routes) in services {
        if !on.contains(&name) {
            continue;
        }
        let host = format!("{svc}.shop.svc.cluster.local");
        let subsets: Vec<&str> = MEMBERS.iter().map(|m| m.name).collect();
        // search and cart fail over from eu to us by locality; web has no traffic policy; cart
        // lacks the outlier detection Istio needs to fail over (the mesh pane warns).
        let failover = (svc != "web").then_some(("eu-west-1", "us-east-1"));
        let dr = o::destination_rule("shop", svc, &host, &subsets, failover, svc == "search");
        b.put(&mut c, Kind::DestinationRule, dr);
        let vs = o::virtual_service("shop", svc, &host, routes);
        b.put(&mut c, Kind::VirtualService, vs);
    }
    c
}

/// Warning events: a crash loop, unschedulable and failed batch pods, an edge node gone, a
/// failing readiness probe (two Event objects for the same pod and reason: folded in triage).
pub(super) fn warnings(clusters: &mut [DemoCluster], b: &mut Builder, now: Ts) {
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

/// The StatefulSet of template `t` on member `c` when Karmada placed it there: its pods
/// (`db-0`, `db-1`: ordinal names, no randomness) and the StatefulSet, all ready.
pub(super) fn stateful(c: &mut DemoCluster, b: &mut Builder, t: &Template, now: Ts) {
    let Some(&(_, replicas)) = t.placement.iter().find(|(m, _)| *m == c.context) else {
        return;
    };
    for i in 0..replicas {
        let p = PodSpec {
            ns: "shop",
            name: &format!("{}-{i}", t.name),
            node: &format!("{}-worker-{}", c.context, i + 1),
            phase: "Running",
            created: now - 20 * 86400,
            reason: None,
            restarts: 0,
        };
        b.put(c, Kind::Pod, o::pod(&p));
    }
    let s = o::workload(t.kind, "shop", t.name, replicas, replicas, now - 30 * 86400);
    b.put(c, Kind::StatefulSet, s);
}
