//! Carrying out the UI's requests off the UI task: YAML fetches, plans, plan runs. Each result
//! goes back as a [`Reply`] with the request's id.

use std::sync::Arc;

use tokio::sync::mpsc;

use crate::actions::{self, AuditLog};
use crate::sources::Executor;
use crate::ui::{Reply, Request};

#[derive(Clone)]
pub struct Worker {
    pub exec: Arc<dyn Executor>,
    pub contexts: Vec<String>,
    pub readonly: bool,
    pub audit: AuditLog,
    pub tx: mpsc::UnboundedSender<Reply>,
    /// Plans being applied right now (the process waits for them before it exits).
    pub applying: Arc<std::sync::atomic::AtomicUsize>,
}

/// The full object as YAML for the viewer: managedFields dropped, Secret data never shown.
pub fn yaml_for_view(mut v: serde_json::Value) -> String {
    if let Some(meta) = v["metadata"].as_object_mut() {
        meta.remove("managedFields");
    }
    if v["kind"] == "Secret" {
        for field in ["data", "stringData"] {
            if let Some(m) = v[field].as_object_mut() {
                for val in m.values_mut() {
                    *val = serde_json::Value::String("<hidden>".into());
                }
            }
        }
    }
    actions::diff::to_yaml(&v)
}

impl Worker {
    pub fn spawn(&self, req: Request) {
        if matches!(req, Request::Execute { .. }) {
            // Counted from now: an exit right after the key waits for it too.
            self.applying
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        let me = self.clone();
        tokio::spawn(async move {
            let reply = me.run(req).await;
            let _ = me.tx.send(reply);
        });
    }

    /// Carry out `req` (an `Execute` must have been counted in `applying` by [`Worker::spawn`]).
    async fn run(&self, req: Request) -> Reply {
        match req {
            Request::Yaml { id, obj } => Reply::Yaml {
                id,
                text: self
                    .exec
                    .get(obj.cluster, obj.kind, &obj.key)
                    .await
                    .map(yaml_for_view)
                    .map_err(|e| e.to_string()),
            },
            Request::Object { id, obj } => Reply::Object {
                id,
                object: self
                    .exec
                    .get(obj.cluster, obj.kind, &obj.key)
                    .await
                    .map_err(|e| e.to_string()),
            },
            Request::Plan { id, verb } => Reply::Planned {
                id,
                plan: verb
                    .plan(&*self.exec, &self.contexts)
                    .await
                    .map_err(|e| e.to_string()),
            },
            Request::Audit { id } => Reply::Audit {
                id,
                entries: self.audit.read_all().map_err(|e| {
                    format!(
                        "cannot read the audit log {}: {e}",
                        self.audit.path().display()
                    )
                }),
            },
            Request::Execute { id, plan } => {
                use std::sync::atomic::Ordering;
                let now = crate::runtime::fleet::clock();
                let r = actions::run(&*self.exec, &plan, self.readonly, true, &self.audit, now)
                    .await
                    .map(|report| {
                        format!(
                            "{report} · plan {} · audit: {}",
                            plan.id,
                            self.audit.path().display()
                        )
                    })
                    .map_err(|e| e.to_string());
                if let Err(e) = &r {
                    tracing::warn!(plan = %plan.id, title = %plan.title, error = %e, "plan failed");
                }
                self.applying.fetch_sub(1, Ordering::SeqCst);
                Reply::Executed { id, result: r }
            }
        }
    }
}

/// Wait (at most `limit`) until no plan is being applied: quitting, a hangup or a lost terminal
/// must not cut a plan off half way, with a step applied and neither audited nor reverted.
pub async fn wait_for_plans(applying: &std::sync::atomic::AtomicUsize, limit: std::time::Duration) {
    let deadline = tokio::time::Instant::now() + limit;
    while applying.load(std::sync::atomic::Ordering::SeqCst) > 0 {
        if tokio::time::Instant::now() >= deadline {
            tracing::warn!("exiting with a plan still being applied");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
