//! Sources feed the fleet model: one kube session per cluster, or the demo simulator.
//! Both also answer on-demand requests (the YAML view, planners, plans) through the
//! [`Executor`] trait.

pub mod demo;
pub mod kube;
pub mod parse;

use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

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
    /// The cluster's connection is down: said at once, not after a timeout.
    pub fn unreachable(context: &str, why: &str) -> Self {
        ApiError {
            code: None,
            reason: "Unreachable".into(),
            message: format!("cluster {context} unreachable: {why}"),
        }
    }
    pub fn is_conflict(&self) -> bool {
        self.code == Some(409)
    }
    /// A JSON patch did not apply (422): a `test` op failed or a path it names is gone, so the
    /// object no longer holds what was planned on. The apiserver says only "the server rejected
    /// our request due to an error in our request" (the JSON patch error is in the status
    /// details' causes, which the client does not keep); schema errors read "... is invalid".
    pub fn is_test_failed(&self) -> bool {
        let m = self.message.to_lowercase();
        self.code == Some(422)
            && (m.contains("test failed")
                || m.contains("testing value")
                || m.contains("value did not match")
                || m.trim() == "the server rejected our request due to an error in our request")
    }
    pub fn is_forbidden(&self) -> bool {
        self.code == Some(403)
    }
    pub fn is_not_found(&self) -> bool {
        self.code == Some(404)
    }
}

pub type BoxFut<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The executor trait: where on-demand reads and writes go, for the kube sessions and the demo
/// fleet alike.
pub trait Executor: Send + Sync {
    /// The full object, fetched now.
    fn get<'a>(
        &'a self,
        cluster: ClusterId,
        kind: Kind,
        key: &'a ObjKey,
    ) -> BoxFut<'a, Result<Value, ApiError>>;

    /// Every object of `kind` on `cluster` (all namespaces), fetched now.
    fn list(&self, cluster: ClusterId, kind: Kind) -> BoxFut<'_, Result<Vec<Value>, ApiError>>;

    /// Apply a JSON patch (RFC 6902, `application/json-patch+json`): the object as the server
    /// has it after the patch. `dry_run`: the server checks everything and stores nothing.
    fn patch<'a>(
        &'a self,
        cluster: ClusterId,
        kind: Kind,
        key: &'a ObjKey,
        ops: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>>;

    /// Create `obj` (POST) in `namespace` of the API `api` (any kind, watched or not): the
    /// object as the server stored it (its name when `metadata.generateName` was given).
    /// `dry_run`: the server checks everything and stores nothing.
    fn create<'a>(
        &'a self,
        cluster: ClusterId,
        api: &'a crate::kinds::ApiSpec,
        namespace: &'a str,
        obj: &'a Value,
        dry_run: bool,
    ) -> BoxFut<'a, Result<Value, ApiError>>;

    /// Who acts on `cluster`, for the audit log (a user name, never a credential).
    fn user(&self, cluster: ClusterId) -> String;
}
