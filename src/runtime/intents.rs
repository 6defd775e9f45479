//! Carrying out UI intents off the UI task: fetches, plans, executions. Results come back as
//! [`UiMsg`]s.

use tokio::sync::mpsc;

use crate::actions::{self, AuditLog, cordon};
use crate::fleet::{Kind, ObjKey};
use crate::sources::Backend;
use crate::ui::{Intent, UiMsg};

#[derive(Clone)]
pub struct Executor {
    pub backend: Backend,
    pub contexts: Vec<String>,
    pub readonly: bool,
    pub audit: AuditLog,
    pub tx: mpsc::UnboundedSender<UiMsg>,
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

impl Executor {
    pub fn spawn(&self, intent: Intent, title: String) {
        let me = self.clone();
        tokio::spawn(async move {
            let msg = me.run(intent, title).await;
            let _ = me.tx.send(msg);
        });
    }

    async fn run(&self, intent: Intent, title: String) -> UiMsg {
        match intent {
            Intent::FetchYaml { cluster, kind, key } => UiMsg::Yaml {
                title,
                text: self
                    .backend
                    .get(cluster, kind, &key)
                    .await
                    .map(yaml_for_view)
                    .map_err(|e| e.to_string()),
            },
            Intent::PlanCordon {
                control_plane,
                member,
                cordon,
            } => {
                let context = self
                    .contexts
                    .get(control_plane)
                    .cloned()
                    .unwrap_or_default();
                let key = ObjKey::cluster_scoped(&member);
                let r = match self
                    .backend
                    .get(control_plane, Kind::KarmadaCluster, &key)
                    .await
                {
                    Ok(obj) => cordon::plan_cordon(control_plane, &context, &obj, cordon)
                        .map_err(|e| format!("cannot plan: {e}")),
                    Err(e) => Err(format!("cannot read Cluster {member} on {context}: {e}")),
                };
                UiMsg::Planned(r)
            }
            Intent::Execute(plan) => {
                let now = crate::runtime::fleet::clock();
                let r = actions::execute(&self.backend, &plan, self.readonly, &self.audit, now)
                    .await
                    .map(|e| {
                        format!(
                            "applied: {} on {} ({}) · audit: {}",
                            e.change,
                            e.context,
                            e.object,
                            self.audit.path().display()
                        )
                    })
                    .map_err(|e| e.to_string());
                if let Err(e) = &r {
                    tracing::warn!(context = %plan.context, object = %plan.object_ref(), error = %e, "action failed");
                }
                UiMsg::Executed(r)
            }
        }
    }
}
