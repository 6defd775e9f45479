//! The watch-event → fleet-event mapping, driven by a scripted watcher stream.

use futures::channel::mpsc as fmpsc;
use kube::core::Status;
use serde_json::json;

use super::*;
use crate::fleet::ObjKey;
use crate::kinds::KindDef;
use crate::kinds::namespace::{Namespace, NamespaceL};

type Item = Result<Event<NamespaceL>, watcher::Error>;

fn ns(name: &str) -> NamespaceL {
    serde_json::from_value(json!({"metadata": {"name": name, "resourceVersion": "1",
        "managedFields": [{"manager": "m"}]}, "status": {"phase": "Active"}}))
    .unwrap()
}

fn forbidden() -> watcher::Error {
    let st = Status::failure(
        "namespaces is forbidden: User \"viewer\" cannot list resource \"namespaces\"",
        "Forbidden",
    )
    .with_code(403);
    watcher::Error::InitialListFailed(kube::Error::Api(Box::new(st)))
}

fn refused() -> watcher::Error {
    let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
    watcher::Error::WatchFailed(kube::Error::Service(Box::new(io)))
}

struct Rig {
    items: fmpsc::UnboundedSender<Item>,
    events: mpsc::Receiver<FleetEvent>,
    trouble: mpsc::Receiver<()>,
    task: tokio::task::JoinHandle<()>,
}

fn rig(quiet: Duration) -> Rig {
    let (items, stream) = fmpsc::unbounded::<Item>();
    let (tx, events) = mpsc::channel(64);
    let (ttx, trouble) = mpsc::channel(1);
    let cx = KindCx {
        cluster: 3,
        kind: Kind::Namespace,
        context: "c".into(),
        tx,
        trouble: ttx,
    };
    let task = tokio::spawn(async move {
        let _ = drive(
            &cx,
            stream,
            "10.0.0.1:6443",
            |o| Obj::Namespace(Namespace::project(o)),
            quiet,
        )
        .await;
    });
    Rig {
        items,
        events,
        trouble,
        task,
    }
}

impl Rig {
    fn push(&self, item: Item) {
        self.items.unbounded_send(item).unwrap();
    }
    async fn next(&mut self) -> FleetEvent {
        tokio::time::timeout(Duration::from_secs(10), self.events.recv())
            .await
            .expect("an event")
            .expect("open")
    }
    /// Nothing more within `d`.
    async fn quiet_for(&mut self, d: Duration) {
        if let Ok(ev) = tokio::time::timeout(d, self.events.recv()).await {
            panic!("unexpected {ev:?}");
        }
    }
}

fn state(sync: KindSync) -> FleetEvent {
    FleetEvent::KindState {
        cluster: 3,
        kind: Kind::Namespace,
        sync,
    }
}

fn names(ev: &FleetEvent) -> Vec<String> {
    let FleetEvent::Relist { objs, .. } = ev else {
        panic!("not a relist: {ev:?}")
    };
    objs.iter().map(|o| o.key().name.to_string()).collect()
}

#[tokio::test]
async fn list_relist_errors_and_recovery() {
    let mut r = rig(Duration::from_millis(300));
    // Initial list: Listing, then one Relist with everything.
    r.push(Ok(Event::Init));
    r.push(Ok(Event::InitApply(ns("a"))));
    r.push(Ok(Event::InitApply(ns("b"))));
    r.push(Ok(Event::InitDone));
    assert_eq!(r.next().await, state(KindSync::Listing));
    assert_eq!(names(&r.next().await), ["a", "b"]);

    // A relist that fails (403) twice: Listing, then one Failed that stays while retrying.
    r.push(Ok(Event::Init));
    r.push(Err(forbidden()));
    assert_eq!(r.next().await, state(KindSync::Listing));
    let failed = r.next().await;
    let FleetEvent::KindState {
        sync: KindSync::Failed(msg),
        ..
    } = &failed
    else {
        panic!("{failed:?}")
    };
    assert!(
        msg.starts_with("list: 403 Forbidden: namespaces is forbidden"),
        "{msg}"
    );
    assert!(r.trouble.try_recv().is_ok(), "the session is told");
    r.push(Ok(Event::Init));
    r.push(Err(forbidden()));
    r.quiet_for(Duration::from_millis(200)).await;
    // The relist that finally works purges what is gone (b).
    r.push(Ok(Event::Init));
    r.push(Ok(Event::InitApply(ns("a"))));
    r.push(Ok(Event::InitDone));
    assert_eq!(names(&r.next().await), ["a"]);

    // A broken watch stream: Failed; a quiet poll afterwards means it resumed: Synced.
    r.push(Err(refused()));
    assert_eq!(
        r.next().await,
        state(KindSync::Failed(
            "watch: connection refused (10.0.0.1:6443)".into()
        ))
    );
    assert_eq!(r.next().await, state(KindSync::Synced));

    // Apply and Delete pass through.
    r.push(Ok(Event::Apply(ns("c"))));
    let FleetEvent::Apply { cluster: 3, obj } = r.next().await else {
        panic!()
    };
    assert_eq!(&*obj.key().name, "c");
    r.push(Ok(Event::Delete(ns("a"))));
    assert_eq!(
        r.next().await,
        FleetEvent::Delete {
            cluster: 3,
            kind: Kind::Namespace,
            key: ObjKey::cluster_scoped("a"),
        }
    );

    // An error then an event: Synced before the event.
    r.push(Err(refused()));
    r.push(Ok(Event::Apply(ns("d"))));
    assert!(matches!(
        r.next().await,
        FleetEvent::KindState {
            sync: KindSync::Failed(_),
            ..
        }
    ));
    assert_eq!(r.next().await, state(KindSync::Synced));
    assert!(matches!(r.next().await, FleetEvent::Apply { .. }));

    // The stream ends: the watcher stops.
    drop(r.items);
    tokio::time::timeout(Duration::from_secs(5), r.task)
        .await
        .unwrap()
        .unwrap();
}
