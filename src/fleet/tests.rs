use std::sync::Arc;

use super::*;

fn pod(ns: &str, name: &str, phase: PodPhase) -> Obj {
    Obj::Pod(PodRow {
        namespace: Arc::from(ns),
        name: Arc::from(name),
        phase,
        reason: None,
        ready: 1,
        containers: 1,
        restarts: 0,
        node: Some(Arc::from("node-1")),
        created: 100,
    })
}

fn ready_cluster(m: &mut FleetModel, id: ClusterId) {
    m.apply(FleetEvent::Link {
        cluster: id,
        link: Link::Up,
    });
    for kind in [Kind::Pod, Kind::Node] {
        m.apply(FleetEvent::Relist {
            cluster: id,
            kind,
            objs: vec![],
        });
    }
}

#[test]
fn apply_inserts_and_updates_in_place() {
    let mut m = FleetModel::new(["a"]);
    ready_cluster(&mut m, 0);
    let g0 = m.generation();
    assert!(m.apply(FleetEvent::Apply {
        cluster: 0,
        obj: pod("shop", "web-1", PodPhase::Pending)
    }));
    assert!(m.generation() > g0);
    // The same object again is no change: no redraw.
    let g1 = m.generation();
    assert!(!m.apply(FleetEvent::Apply {
        cluster: 0,
        obj: pod("shop", "web-1", PodPhase::Pending)
    }));
    assert_eq!(m.generation(), g1);
    assert!(m.apply(FleetEvent::Apply {
        cluster: 0,
        obj: pod("shop", "web-1", PodPhase::Running)
    }));
    let c = &m.clusters[0];
    assert_eq!(c.store::<crate::kinds::pod::Pod>().len(), 1);
    assert_eq!(
        c.store::<crate::kinds::pod::Pod>()[&ObjKey::new(Some("shop"), "web-1")].phase,
        PodPhase::Running
    );
}

#[test]
fn delete_removes_only_that_object() {
    let mut m = FleetModel::new(["a"]);
    ready_cluster(&mut m, 0);
    for n in ["web-1", "web-2"] {
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: pod("shop", n, PodPhase::Running),
        });
    }
    assert!(m.apply(FleetEvent::Delete {
        cluster: 0,
        kind: Kind::Pod,
        key: ObjKey::new(Some("shop"), "web-1")
    }));
    assert!(!m.apply(FleetEvent::Delete {
        cluster: 0,
        kind: Kind::Pod,
        key: ObjKey::new(Some("shop"), "web-1")
    }));
    let names: Vec<_> = m.clusters[0]
        .store::<crate::kinds::pod::Pod>()
        .keys()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(names, ["shop/web-2"]);
}

#[test]
fn relist_replaces_the_whole_kind() {
    let mut m = FleetModel::new(["a", "b"]);
    ready_cluster(&mut m, 0);
    ready_cluster(&mut m, 1);
    for n in ["old-1", "old-2"] {
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: pod("shop", n, PodPhase::Running),
        });
    }
    m.apply(FleetEvent::Apply {
        cluster: 1,
        obj: pod("shop", "other", PodPhase::Running),
    });
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::Pod,
        objs: vec![pod("shop", "new-1", PodPhase::Running)],
    });
    let names: Vec<_> = m.clusters[0]
        .store::<crate::kinds::pod::Pod>()
        .keys()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(names, ["shop/new-1"]);
    // Another cluster is untouched.
    assert_eq!(m.clusters[1].store::<crate::kinds::pod::Pod>().len(), 1);
}

#[test]
fn outage_then_recovery_drops_objects_deleted_meanwhile() {
    let mut m = FleetModel::new(["a"]);
    ready_cluster(&mut m, 0);
    for n in ["keep", "gone"] {
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: pod("shop", n, PodPhase::Running),
        });
    }
    assert_eq!(m.clusters[0].state(), ClusterState::Ready);
    m.apply(FleetEvent::Link {
        cluster: 0,
        link: Link::Unreachable {
            error: "connection refused".into(),
            retry_at: 50,
            attempt: 1,
        },
    });
    assert_eq!(
        m.clusters[0].state(),
        ClusterState::Unreachable {
            error: "connection refused".into(),
            retry_at: 50
        }
    );
    // Last known objects stay visible during the outage.
    assert_eq!(m.clusters[0].store::<crate::kinds::pod::Pod>().len(), 2);
    m.apply(FleetEvent::Link {
        cluster: 0,
        link: Link::Up,
    });
    assert_eq!(
        m.clusters[0].state(),
        ClusterState::Syncing(vec![Kind::Node, Kind::Pod])
    );
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::Pod,
        objs: vec![pod("shop", "keep", PodPhase::Running)],
    });
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::Node,
        objs: vec![],
    });
    assert_eq!(m.clusters[0].state(), ClusterState::Ready);
    let names: Vec<_> = m.clusters[0]
        .store::<crate::kinds::pod::Pod>()
        .keys()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(names, ["shop/keep"]);
}

#[test]
fn failing_watch_degrades_and_absent_api_does_not() {
    let mut m = FleetModel::new(["a"]);
    ready_cluster(&mut m, 0);
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::Queue,
        sync: KindSync::Absent,
    });
    assert_eq!(m.clusters[0].state(), ClusterState::Ready);
    assert!(!m.clusters[0].has_kind(Kind::Queue));
    m.apply(FleetEvent::KindState {
        cluster: 0,
        kind: Kind::Deployment,
        sync: KindSync::Failed("403 forbidden".into()),
    });
    assert_eq!(
        m.clusters[0].state(),
        ClusterState::Degraded(vec![(Kind::Deployment, "403 forbidden".into())])
    );
}

#[test]
fn namespaces_are_interned_across_rows() {
    let mut m = FleetModel::new(["a"]);
    for n in 0..100 {
        m.apply(FleetEvent::Apply {
            cluster: 0,
            obj: pod("shop", &format!("p{n}"), PodPhase::Running),
        });
    }
    let pods: Vec<_> = m.clusters[0]
        .store::<crate::kinds::pod::Pod>()
        .values()
        .collect();
    assert!(Arc::ptr_eq(&pods[0].namespace, &pods[99].namespace));
    assert!(m.interned_strings() <= 3);
}

#[test]
fn events_for_unknown_clusters_are_ignored() {
    let mut m = FleetModel::new(["a"]);
    assert!(!m.apply(FleetEvent::Apply {
        cluster: 7,
        obj: pod("shop", "x", PodPhase::Running)
    }));
}

#[test]
fn tallies_follow_every_change_and_match_a_recount() {
    use crate::sources::demo::DemoSim;
    let mut sim = DemoSim::new(7, 1_750_000_000);
    let mut m = FleetModel::new(sim.contexts());
    m.apply_all(sim.initial_events());
    for t in 0..300 {
        m.apply_all(sim.tick(1_750_000_000 + t));
        for c in &m.clusters {
            assert_eq!(
                c.pod_tally(),
                PodTally::of(c.store::<crate::kinds::pod::Pod>().values())
            );
            assert_eq!(
                c.node_tally(),
                NodeTally::of(c.store::<crate::kinds::node::Node>().values())
            );
        }
    }
    // Deletes and a relist that drops rows.
    let key = m.clusters[1]
        .store::<crate::kinds::pod::Pod>()
        .keys()
        .next()
        .unwrap();
    m.apply(FleetEvent::Delete {
        cluster: 1,
        kind: Kind::Pod,
        key,
    });
    m.apply(FleetEvent::Relist {
        cluster: 2,
        kind: Kind::Pod,
        objs: vec![pod("x", "y", PodPhase::Failed)],
    });
    for c in &m.clusters {
        assert_eq!(
            c.pod_tally(),
            PodTally::of(c.store::<crate::kinds::pod::Pod>().values())
        );
    }
    assert_eq!(m.clusters[2].pod_tally().failed, 1);
}

#[test]
fn kind_generations_move_only_with_their_kind() {
    let mut m = FleetModel::new(["a"]);
    ready_cluster(&mut m, 0);
    let (p, n) = (
        m.clusters[0].kind_generation(Kind::Pod),
        m.clusters[0].kind_generation(Kind::Node),
    );
    m.apply(FleetEvent::Apply {
        cluster: 0,
        obj: pod("shop", "web-1", PodPhase::Running),
    });
    assert!(m.clusters[0].kind_generation(Kind::Pod) > p);
    assert_eq!(m.clusters[0].kind_generation(Kind::Node), n);
    // A relist with the same contents changes nothing.
    let g = m.generation();
    m.apply(FleetEvent::Relist {
        cluster: 0,
        kind: Kind::Pod,
        objs: vec![pod("shop", "web-1", PodPhase::Running)],
    });
    assert_eq!(m.generation(), g);
}
