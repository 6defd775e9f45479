//! Sources feed the fleet model: one kube session per cluster, or the demo simulator.
//! Both also answer the on-demand requests of the YAML view and the action executors.

pub mod demo;
pub mod kube;
pub mod parse;

use serde_json::Value;
use tokio::sync::{mpsc, oneshot};

use crate::fleet::{ClusterId, Kind, ObjKey};

/// An error from an apiserver (or the demo's stand-in), with the HTTP status where there is one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: Option<u16>,
    pub reason: String,
    pub message: String,
}

impl ApiError {
    pub fn other(msg: impl Into<String>) -> Self {
        ApiError {
            code: None,
            reason: "Error".into(),
            message: msg.into(),
        }
    }
    pub fn not_found(kind: Kind, key: &ObjKey) -> Self {
        ApiError {
            code: Some(404),
            reason: "NotFound".into(),
            message: format!("{} \"{key}\" not found", kind.name()),
        }
    }
    pub fn conflict(kind: Kind, key: &ObjKey) -> Self {
        ApiError {
            code: Some(409),
            reason: "Conflict".into(),
            message: format!(
                "Operation cannot be fulfilled on {} \"{}\": the object has been modified; please apply your changes to the latest version and try again",
                kind.name(),
                key.name
            ),
        }
    }
    pub fn is_conflict(&self) -> bool {
        self.code == Some(409)
    }
    pub fn is_forbidden(&self) -> bool {
        self.code == Some(403)
    }
}

/// Ask the demo task and wait for its answer.
async fn demo_call(
    tx: &mpsc::Sender<demo::DemoCmd>,
    cmd: impl FnOnce(oneshot::Sender<Result<Value, ApiError>>) -> demo::DemoCmd,
) -> Result<Value, ApiError> {
    let (reply, rx) = oneshot::channel();
    let stopped = || ApiError::other("demo fleet stopped");
    tx.send(cmd(reply)).await.map_err(|_| stopped())?;
    rx.await.map_err(|_| stopped())?
}

/// Where on-demand reads and writes go.
#[derive(Clone)]
pub enum Backend {
    Demo(mpsc::Sender<demo::DemoCmd>),
    Kube(kube::KubeBackend),
}

impl Backend {
    /// The full object, fetched now.
    pub async fn get(
        &self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
    ) -> Result<Value, ApiError> {
        match self {
            Backend::Demo(tx) => {
                demo_call(tx, |reply| demo::DemoCmd::Get {
                    cluster,
                    kind,
                    key: key.clone(),
                    reply,
                })
                .await
            }
            Backend::Kube(k) => k.get(cluster, kind, key).await,
        }
    }

    /// Replace (PUT) with the object's resourceVersion: a concurrent change gives 409.
    pub async fn replace(
        &self,
        cluster: ClusterId,
        kind: Kind,
        key: &ObjKey,
        obj: Value,
        dry_run: bool,
    ) -> Result<Value, ApiError> {
        match self {
            Backend::Demo(tx) => {
                demo_call(tx, |reply| demo::DemoCmd::Replace {
                    cluster,
                    kind,
                    key: key.clone(),
                    obj,
                    dry_run,
                    reply,
                })
                .await
            }
            Backend::Kube(k) => k.replace(cluster, kind, key, obj, dry_run).await,
        }
    }

    /// Who acts, for the audit log.
    pub fn user(&self, cluster: ClusterId) -> String {
        match self {
            Backend::Demo(_) => std::env::var("USER")
                .map(|u| format!("{u} (demo)"))
                .unwrap_or_else(|_| "demo".into()),
            Backend::Kube(k) => k.user(cluster),
        }
    }
}
