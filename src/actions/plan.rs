//! A planned mutation: what will change, object by object, shown before anything is sent.
//!
//! A [`Plan`] is one or more [`Step`]s, each a JSON patch on one object of one cluster, planned on
//! the resourceVersion it read: the patch carries that resourceVersion, so an object changed by
//! someone else since is a 409 Conflict, never overwritten. A step may instead be guarded by
//! `test` ops on the values it was planned from (Istio route weights): the server refuses it
//! when one of them changed. Each step also carries the ops that
//! undo it, for reverting a plan that fails half way.
//!
//! A step may instead create an object ([`Create`]: a Volcano `Command` that closes a queue).
//! Such a step has no guard (the object is new, named by `generateName`) and no undo: the
//! controller that acts on it deletes it, so it cannot be taken back (the opposite verb can).

use serde_json::{Value, json};

use super::diff::{DiffLine, diff_lines};
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::kinds::ApiSpec;

/// An object a step creates (POST): its API (a kind fleetdeck does not watch), namespace and
/// body (with `metadata.generateName`).
#[derive(Clone, Debug, PartialEq)]
pub struct Create {
    pub api: ApiSpec,
    pub namespace: String,
    pub object: Value,
}

impl Create {
    /// `commands.bus.volcano.sh`.
    pub fn resource(&self) -> String {
        format!("{}.{}", self.api.plural, self.api.group)
    }

    /// Its `metadata.name`, else its `generateName` (a Volcano Command's).
    pub fn name(&self) -> &str {
        let m = &self.object["metadata"];
        m["name"]
            .as_str()
            .or(m["generateName"].as_str())
            .unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub cluster: ClusterId,
    pub context: String,
    pub kind: Kind,
    /// The object changed, or for a create step the object it acts on (the Queue).
    pub key: ObjKey,
    /// The resourceVersion the step was planned on.
    pub resource_version: String,
    /// JSON patch ops (the resourceVersion guard is added by [`Step::patch`]).
    pub ops: Vec<Value>,
    /// Ops that put back what `ops` change.
    pub undo: Vec<Value>,
    /// One line for the audit log: `spec.taints += cluster.karmada.io/unschedulable:NoSchedule`.
    pub change: String,
    /// The changed part of the object before and after, as YAML.
    pub before: String,
    pub after: String,
    /// Create this object instead of patching (`ops` and `undo` are then empty).
    pub create: Option<Create>,
}

/// The op that makes a patch conditional on the object's resourceVersion: the apiserver answers
/// 409 Conflict when the object has changed since.
pub fn rv_guard(rv: &str) -> Value {
    json!({"op": "replace", "path": "/metadata/resourceVersion", "value": rv})
}

impl Step {
    /// `clusters.cluster.karmada.io/member1`.
    pub fn object_ref(&self) -> String {
        match &self.create {
            Some(c) if c.namespace.is_empty() => format!("{}/{}", c.resource(), c.name()),
            Some(c) => format!("{}/{}/{}", c.resource(), c.namespace, c.name()),
            None => format!("{}/{}", self.kind.name(), self.key),
        }
    }

    /// Whether `other` changes the same object (same cluster, kind and key).
    pub fn same_object(&self, other: &Step) -> bool {
        self.cluster == other.cluster && self.kind == other.kind && self.key == other.key
    }

    /// The JSON patch sent: the resourceVersion guard, then the ops.
    pub fn patch(&self) -> Value {
        let mut ops: Vec<Value> = Some(&self.resource_version)
            .filter(|rv| !rv.is_empty())
            .map(|rv| rv_guard(rv))
            .into_iter()
            .collect();
        ops.extend(self.ops.iter().cloned());
        Value::Array(ops)
    }

    /// Guarded by its own `test` ops (on the values it plans from) rather than by the
    /// resourceVersion: a change elsewhere in the object does not stop it.
    pub fn guarded_by_tests(&self) -> bool {
        self.resource_version.is_empty()
    }

    /// The patch that undoes this step, guarded by the resourceVersion its apply returned (or,
    /// for a step guarded by tests, by `test` ops on the values it set): a revert never
    /// overwrites a change made since.
    pub fn undo_patch(&self, applied_rv: &str) -> Value {
        let mut ops = if self.guarded_by_tests() {
            vec![]
        } else {
            vec![rv_guard(applied_rv)]
        };
        ops.extend(self.undo.iter().cloned());
        Value::Array(ops)
    }

    /// The diff of the changed part, with `context` unchanged lines around each change.
    pub fn diff(&self, context: usize) -> Vec<DiffLine> {
        diff_lines(&self.before, &self.after, context)
    }

    /// Where the server's answer (a dry-run, say) does not hold what the ops set: a field the
    /// server dropped (an apiserver prunes fields a CRD does not declare, silently). None when
    /// every `add`/`replace` value and every `remove` is there. Fields the server added (its
    /// defaults) are fine; the path named is the deepest one that is missing or different.
    pub fn missing_in(&self, answer: &Value) -> Option<String> {
        if let Some(c) = &self.create {
            let body = c.object.as_object().into_iter().flatten();
            return body
                .filter(|(k, _)| !matches!(k.as_str(), "metadata" | "apiVersion" | "kind"))
                .find_map(|(k, v)| first_missing(v, answer.get(k.as_str()), &format!("/{k}")));
        }
        for op in &self.ops {
            let path = op["path"].as_str().unwrap_or("");
            let got = answer.pointer(path);
            match op["op"].as_str() {
                Some("add" | "replace") => {
                    if let Some(p) = first_missing(&op["value"], got, path) {
                        return Some(p);
                    }
                }
                Some("remove") if got.is_some() => return Some(path.to_string()),
                _ => {}
            }
        }
        None
    }
}

/// The first place under `at` where `got` lacks what `sent` holds (a mapping may have more keys:
/// the server's defaults; a list must hold as many items).
fn first_missing(sent: &Value, got: Option<&Value>, at: &str) -> Option<String> {
    let Some(got) = got else {
        return Some(at.to_string());
    };
    match (sent, got) {
        (Value::Object(s), Value::Object(g)) => s.iter().find_map(|(k, v)| {
            let k_esc = k.replace('~', "~0").replace('/', "~1");
            first_missing(v, g.get(k), &format!("{at}/{k_esc}"))
        }),
        (Value::Array(s), Value::Array(g)) if s.len() == g.len() => s
            .iter()
            .zip(g)
            .enumerate()
            .find_map(|(i, (v, w))| first_missing(v, Some(w), &format!("{at}/{i}"))),
        _ if sent == got => None,
        _ => Some(at.to_string()),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Names the plan in the audit log (every step's line) and on screen.
    pub id: String,
    /// The `act` verb: `cordon-cluster`.
    pub verb: String,
    /// `Cordon Karmada member prod-ap`.
    pub title: String,
    pub steps: Vec<Step>,
    /// Why there is nothing to do (already so), when `steps` is empty.
    pub noop: Option<String>,
    /// What the verb previews besides the steps (`act --json`'s `preview`).
    pub preview: Option<Value>,
    /// The preview for people, a line each (`Deployment shop/web (8 replicas): prod-eu 4→2`):
    /// shown above the diffs.
    pub summary: Vec<String>,
    /// Verb-specific keys added to `act --json`'s top level (`cannot_drain`, `shares`).
    pub extra: Option<Value>,
}

impl Plan {
    pub fn new(verb: &str, title: impl Into<String>) -> Plan {
        Plan {
            id: String::new(),
            verb: verb.to_string(),
            title: title.into(),
            steps: Vec::new(),
            noop: None,
            preview: None,
            summary: Vec::new(),
            extra: None,
        }
    }

    pub fn is_noop(&self) -> bool {
        self.steps.is_empty()
    }

    /// The steps as `act --json` prints them.
    pub fn steps_json(&self) -> Vec<Value> {
        self.steps
            .iter()
            .map(|s| {
                if let Some(c) = &s.create {
                    return json!({
                        "context": s.context,
                        "kind": c.api.kind,
                        "namespace": c.namespace,
                        "name": c.name(),
                        "resource_version": s.resource_version,
                        "guard": "none",
                        "target": {"kind": s.kind.api().kind, "name": &*s.key.name},
                        "create": c.object,
                        "change": s.change,
                        "diff": super::diff::render(&s.diff(3)),
                    });
                }
                json!({
                    "context": s.context,
                    "kind": s.kind.api().kind,
                    "namespace": s.key.namespace.as_deref(),
                    "name": &*s.key.name,
                    "resource_version": s.resource_version,
                    "guard": if s.guarded_by_tests() { "test" } else { "resourceVersion" },
                    "patch_type": "json",
                    "patch": s.patch(),
                    "change": s.change,
                    "diff": super::diff::render(&s.diff(3)),
                })
            })
            .collect()
    }
}

/// A fresh plan id: `p-` and 8 hex digits.
pub fn new_plan_id() -> String {
    use std::hash::BuildHasher;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    // RandomState's keys are random per process: the id is not guessable from the clock.
    let h = std::collections::hash_map::RandomState::new().hash_one(seed);
    format!("p-{:08x}", h as u32)
}

/// A fetched object's name and resourceVersion, once its `kind` is checked (`expected` names
/// it in the error).
pub fn name_and_rv<'a>(
    current: &'a Value,
    kind: &str,
    expected: &'static str,
) -> Result<(&'a str, &'a str), PlanError> {
    let got = current["kind"].as_str().unwrap_or("");
    if got != kind {
        return Err(PlanError::WrongKind {
            expected,
            got: got.to_string(),
        });
    }
    let m = &current["metadata"];
    let name = m["name"]
        .as_str()
        .ok_or(PlanError::Missing("metadata.name"))?;
    let rv = m["resourceVersion"]
        .as_str()
        .ok_or(PlanError::Missing("metadata.resourceVersion"))?;
    Ok((name, rv))
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("the object has no {0}")]
    Missing(&'static str),
    #[error("expected a {expected}, got {got}")]
    WrongKind { expected: &'static str, got: String },
}
