//! Unit tests of the module's plumbing, and sessions against fake (dead or hung) servers:
//! no apiserver needed.

use std::time::Duration;

use tokio::sync::mpsc;

use super::session::backoff;
use super::*;
use crate::fleet::{ClusterState, FleetModel, Link};

#[test]
fn backoff_doubles_to_a_cap() {
    let secs: Vec<u64> = (1..=8).map(|a| backoff(a).as_secs()).collect();
    assert_eq!(secs, [1, 2, 4, 8, 16, 30, 30, 30]);
}

#[test]
fn the_volcano_command_api_is_created_not_watched() {
    use crate::actions::queues::COMMAND;
    let ar = COMMAND.resource(None);
    assert_eq!(
        (
            ar.api_version.as_str(),
            ar.kind.as_str(),
            ar.plural.as_str()
        ),
        ("bus.volcano.sh/v1alpha1", "Command", "commands")
    );
    assert_eq!(
        DynamicObject::url_path(&ar, Some("default")),
        "/apis/bus.volcano.sh/v1alpha1/namespaces/default/commands"
    );
    assert!(Kind::ALL.iter().all(|k| k.api().kind != "Command"));
}

#[test]
fn api_resources_of_every_kind() {
    let ar = api_resource(Kind::Deployment, None);
    assert_eq!(
        (ar.api_version.as_str(), ar.plural.as_str()),
        ("apps/v1", "deployments")
    );
    let ar = api_resource(Kind::Pod, Some("v1beta1"));
    assert_eq!(
        ar.api_version, "v1",
        "core kinds ignore the discovered version"
    );
    let ar = api_resource(Kind::VirtualService, Some("v1alpha3"));
    assert_eq!(ar.api_version, "networking.istio.io/v1alpha3");
    let ar = api_resource(Kind::KarmadaCluster, None);
    assert_eq!(
        (
            ar.api_version.as_str(),
            ar.kind.as_str(),
            ar.plural.as_str()
        ),
        ("cluster.karmada.io/v1alpha1", "Cluster", "clusters")
    );
    let ar = api_resource(Kind::ResourceBinding, None);
    assert_eq!(ar.api_version, "work.karmada.io/v1alpha2");
    for kind in Kind::ALL.iter().copied() {
        let ar = api_resource(kind, None);
        assert!(!ar.plural.is_empty() && !ar.kind.is_empty());
        let url = DynamicObject::url_path(&ar, kind.namespaced().then_some("ns"));
        assert!(url.ends_with(&ar.plural), "{url}");
    }
    assert!(Kind::PropagationPolicy.namespaced() && !Kind::ClusterPropagationPolicy.namespaced());
}

fn kubeconfig_for(servers: &[(&str, String)]) -> kubeconfig::Loaded {
    let mut y = String::from("apiVersion: v1\nkind: Config\nclusters:\n");
    for (name, server) in servers {
        y += &format!(
            "- name: {name}\n  cluster: {{server: \"{server}\", insecure-skip-tls-verify: true}}\n"
        );
    }
    y += "users:\n- name: me\n  user: {token: sekrit-token}\ncontexts:\n";
    for (name, _) in servers {
        y += &format!("- name: {name}\n  context: {{cluster: {name}, user: me}}\n");
    }
    let path = std::path::Path::new("/virtual/config");
    let kc = kube::config::Kubeconfig::from_yaml(&y).unwrap();
    kubeconfig::merge(vec![(path.to_path_buf(), kc)], None).unwrap()
}

fn clock() -> i64 {
    1_700_000_000
}

/// One dead server (nothing listens) and one hung server (accepts, never answers): both become
/// Unreachable on their own, with short messages and no credential; spawn never waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_and_hung_servers_are_unreachable() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = closed.local_addr().unwrap().port();
    drop(closed);
    let hung = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hung_port = hung.local_addr().unwrap().port();
    let _keep = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = hung.accept().await {
            held.push(s);
        }
    });
    let loaded = kubeconfig_for(&[
        ("dead", format!("https://127.0.0.1:{dead_port}")),
        ("hung", format!("https://127.0.0.1:{hung_port}")),
    ]);
    let (tx, mut rx) = mpsc::channel(1024);
    let backend = spawn(&loaded, tx, clock);
    assert_eq!(backend.user(0), "me");
    let e = backend
        .get(0, Kind::Node, &ObjKey::cluster_scoped("n"))
        .await;
    assert!(e.unwrap_err().message.contains("not connected"));

    let mut model = FleetModel::new(loaded.context_names());
    // The order the clusters turned unreachable in (no wall-clock bounds: benches hold speed).
    let mut order: Vec<usize> = Vec::new();
    let mut seen = [None, None];
    let mut dead_attempts = Vec::new();
    while seen.iter().any(Option::is_none) {
        let ev = tokio::time::timeout(Duration::from_secs(15), rx.recv())
            .await
            .expect("events within 15 s")
            .unwrap();
        if let FleetEvent::Link {
            cluster,
            link: Link::Unreachable {
                attempt, retry_at, ..
            },
        } = &ev
        {
            if seen[*cluster].is_none() {
                seen[*cluster] = Some(());
                order.push(*cluster);
                if *cluster == 0 {
                    // Down now: an on-demand request fails at once, naming the cluster.
                    let e = backend
                        .get(0, Kind::Node, &ObjKey::cluster_scoped("n"))
                        .await
                        .unwrap_err();
                    assert!(e.message.starts_with("cluster dead unreachable:"), "{e}");
                }
            }
            if *cluster == 0 {
                dead_attempts.push((*attempt, *retry_at - clock()));
            }
        }
        model.apply(ev);
    }
    assert_eq!(
        order,
        [0, 1],
        "the refused one first, the hung one after its timeout"
    );
    let error = |id: usize| match model.clusters[id].state() {
        ClusterState::Unreachable { error, .. } => error,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        error(0),
        format!("connection refused (127.0.0.1:{dead_port})")
    );
    assert_eq!(error(1), format!("timed out (127.0.0.1:{hung_port})"));
    assert!(!error(0).contains("sekrit") && !error(1).contains("sekrit"));
    // Meanwhile the dead one retried with backoff: 1 s, then 2 s, then 4 s.
    assert!(dead_attempts.len() >= 2, "{dead_attempts:?}");
    assert_eq!(dead_attempts[..2], [(1, 1), (2, 2)]);
    drop(rx);
}
