//! Applying an edited (Cluster)PropagationPolicy, from the policy editor or `act apply-policy -f`:
//! the YAML parsed (an error names line and column), the edit checked (kind, name, namespace),
//! then one step: a JSON patch from the live object to the edited one, guarded by the
//! resourceVersion the edit was based on (a stale one is a conflict, nothing is sent), or the
//! create of a new policy. The dry-run's answer is compared with what was sent (a 1.20
//! apiserver prunes unknown CRD fields silently: [`super::plan::Step::missing_in`]). The plan's
//! summary holds the impact (`policy_impact.rs`).
//!
//! The file (or editor text) is the whole object, as `kubectl replace` takes it: a spec field
//! it lacks is removed (the diff shows it). Labels and annotations are the exception when the
//! file has none at all: the live ones are kept (Karmada adds its own).

use serde_json::{Value, json};

use super::plan::{Create, Plan, Step};
use crate::fleet::{ClusterId, Kind, ObjKey};

pub const APPLY_POLICY: &str = "apply-policy";

const API_VERSION: &str = "policy.karmada.io/v1alpha1";

/// Metadata the server sets: not edited, not compared.
const SERVER_META: [&str; 8] = [
    "managedFields",
    "uid",
    "creationTimestamp",
    "generation",
    "selfLink",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "resourceVersion",
];

/// The object as the editor shows it: managedFields, status and the server-set metadata
/// dropped; resourceVersion kept (the version the edit is based on).
pub fn editable(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("status");
    }
    if let Some(m) = v["metadata"].as_object_mut() {
        for k in SERVER_META.iter().filter(|k| **k != "resourceVersion") {
            m.remove(*k);
        }
    }
    v
}

/// What is compared and patched: [`editable`] without the resourceVersion.
fn desired(v: &Value) -> Value {
    let mut v = editable(v);
    if let Some(m) = v["metadata"].as_object_mut() {
        m.remove("resourceVersion");
    }
    v
}

/// A YAML parse error: where, 1-based, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// YAML text → JSON value (serde-saphyr, the project's one YAML stack).
pub fn parse_yaml(text: &str) -> Result<Value, YamlError> {
    serde_saphyr::from_str::<Value>(text).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
        // The message alone: no snippet, no "error: line L column C:" prefix.
        let full = e.without_snippet().to_string();
        let full = full.strip_prefix("error: ").unwrap_or(&full);
        let message = match full.strip_prefix("line ") {
            Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m),
            None => full,
        }
        .split(" at line ")
        .next()
        .unwrap_or("")
        .trim()
        // serde-saphyr's advice to its callers, not to the user.
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or("")
        .to_string();
        YamlError {
            line: line.max(1),
            column: column.max(1),
            message,
        }
    })
}

/// A prefilled PropagationPolicy for a template that has none: it selects the template and
/// places it on `members` (the Ready Karmada Clusters), replicas duplicated.
pub fn prefill(
    api_version: &str,
    kind: &str,
    namespace: Option<&str>,
    name: &str,
    members: &[String],
) -> Value {
    let mut meta = json!({"name": format!("{name}-propagation")});
    let mut selector = json!({"apiVersion": api_version, "kind": kind, "name": name});
    let policy_kind = match namespace {
        Some(ns) => {
            meta["namespace"] = json!(ns);
            selector["namespace"] = json!(ns);
            "PropagationPolicy"
        }
        None => "ClusterPropagationPolicy",
    };
    json!({
        "apiVersion": API_VERSION,
        "kind": policy_kind,
        "metadata": meta,
        "spec": {
            "resourceSelectors": [selector],
            "placement": {
                "clusterAffinity": {"clusterNames": members},
                "replicaScheduling": {"replicaSchedulingType": "Duplicated"},
            },
        },
    })
}

/// Why an edit cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyError {
    Invalid(String),
    /// The object changed (or went) since the edit's base: nothing was sent.
    Conflict(String),
}

/// The policy an edit is of: its kind and key, checked.
pub fn target(edited: &Value) -> Result<(Kind, ObjKey), ApplyError> {
    let bad = |m: String| Err(ApplyError::Invalid(m));
    if !edited.is_object() {
        return bad("the document is not a mapping (expected a PropagationPolicy)".into());
    }
    let kind = match edited["kind"].as_str() {
        Some("PropagationPolicy") => Kind::PropagationPolicy,
        Some("ClusterPropagationPolicy") => Kind::ClusterPropagationPolicy,
        Some(k) => {
            return bad(format!(
                "kind: expected PropagationPolicy or ClusterPropagationPolicy, got {k}"
            ));
        }
        None => {
            return bad(
                "kind: missing (expected PropagationPolicy or ClusterPropagationPolicy)".into(),
            );
        }
    };
    match edited["apiVersion"].as_str() {
        Some(API_VERSION) => {}
        other => {
            return bad(format!(
                "apiVersion: expected {API_VERSION}, got {}",
                other.unwrap_or("nothing")
            ));
        }
    }
    let m = &edited["metadata"];
    let name = match m["name"].as_str() {
        Some(n) if !n.is_empty() => n,
        _ => return bad("metadata.name: missing".into()),
    };
    let ns = m["namespace"].as_str().filter(|s| !s.is_empty());
    match (kind, ns) {
        (Kind::PropagationPolicy, None) => {
            return bad("metadata.namespace: a PropagationPolicy needs one".into());
        }
        (Kind::ClusterPropagationPolicy, Some(ns)) => {
            return bad(format!(
                "metadata.namespace: a ClusterPropagationPolicy is cluster-scoped (remove namespace {ns})"
            ));
        }
        _ => {}
    }
    if !edited["spec"].is_object() {
        return bad("spec: missing or not a mapping".into());
    }
    if let Err(e) =
        serde_json::from_value::<crate::kinds::policy::PolicySpec>(edited["spec"].clone())
    {
        return bad(format!("spec: {e}"));
    }
    Ok((kind, ObjKey::new(ns, name)))
}

/// The JSON patch ops turning `from` into `to`.
fn ops(from: &Value, to: &Value) -> Vec<Value> {
    match serde_json::to_value(json_patch::diff(from, to)) {
        Ok(Value::Array(v)) => v,
        _ => Vec::new(),
    }
}

/// The edit with the live labels/annotations kept where the edit has none at all.
fn with_kept_meta(edited: &Value, live: &Value) -> Value {
    let mut e = desired(edited);
    for k in ["labels", "annotations"] {
        if e["metadata"].get(k).is_none()
            && let Some(v) = live["metadata"].get(k)
            && let Some(m) = e["metadata"].as_object_mut()
        {
            m.insert(k.to_string(), v.clone());
        }
    }
    e
}

/// Pure: the edited object (parsed), the object the edit was based on (the editor's; None for a
/// file), the live object (None: there is none) → the plan (without impact) or why not.
pub fn plan_apply_policy(
    cluster: ClusterId,
    context: &str,
    edited: &Value,
    base: Option<&Value>,
    live: Option<&Value>,
) -> Result<Plan, ApplyError> {
    let (kind, key) = target(edited)?;
    let what = format!("{} {key}", kind.api().kind);
    if let Some(b) = base {
        let (bk, bkey) = target(b)?;
        if (bk, &bkey) != (kind, &key) {
            return Err(ApplyError::Invalid(format!(
                "the editor holds {} {bkey}: renaming or changing its kind is not supported (create a new policy instead)",
                bk.api().kind
            )));
        }
    }
    let base_rv = base
        .unwrap_or(edited)
        .pointer("/metadata/resourceVersion")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    let Some(live) = live else {
        if let Some(rv) = base_rv {
            return Err(ApplyError::Conflict(format!(
                "conflict: {what} on {context} was deleted since resourceVersion {rv}; nothing was sent"
            )));
        }
        return Ok(create_plan(cluster, context, kind, key, edited));
    };
    let live_rv = live["metadata"]["resourceVersion"].as_str().unwrap_or("");
    if let Some(rv) = base_rv
        && rv != live_rv
    {
        let meanwhile = match base {
            Some(b) => super::merge::changed_paths(&desired(b), &desired(live)).join(", "),
            None => String::new(),
        };
        let meanwhile = if meanwhile.is_empty() {
            String::new()
        } else {
            format!(" (changed meanwhile: {meanwhile})")
        };
        return Err(ApplyError::Conflict(format!(
            "conflict: {what} on {context} changed since resourceVersion {rv} (now {live_rv}){meanwhile}; nothing was sent"
        )));
    }
    let before = desired(live);
    let after = with_kept_meta(edited, live);
    let mut plan = Plan::new(APPLY_POLICY, format!("Apply the edited {what}"));
    let fwd = ops(&before, &after);
    if fwd.is_empty() {
        plan.noop = Some(format!("{what} already holds this"));
        return Ok(plan);
    }
    // `spec.placement.clusterAffinity`: where the ops fall, three levels deep at most.
    let mut paths: Vec<String> = Vec::new();
    for o in &fwd {
        let p = o["path"].as_str().unwrap_or("");
        let short: Vec<&str> = p.split('/').skip(1).take(3).collect();
        let short = short.join(".").replace("~1", "/").replace("~0", "~");
        if !paths.contains(&short) {
            paths.push(short);
        }
    }
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind,
        key,
        resource_version: live_rv.to_string(),
        undo: ops(&after, &before),
        ops: fwd,
        change: format!("edit {}", paths.join(", ")),
        before: super::diff::to_yaml(&before),
        after: super::diff::to_yaml(&after),
        create: None,
    });
    Ok(plan)
}

fn create_plan(cluster: ClusterId, context: &str, kind: Kind, key: ObjKey, edited: &Value) -> Plan {
    let object = desired(edited);
    let what = format!("{} {key}", kind.api().kind);
    let mut plan = Plan::new(APPLY_POLICY, format!("Create {what}"));
    plan.steps.push(Step {
        cluster,
        context: context.to_string(),
        kind,
        resource_version: String::new(),
        ops: Vec::new(),
        undo: Vec::new(),
        change: format!("create {what}"),
        before: String::new(),
        after: super::diff::to_yaml(&object),
        create: Some(Create {
            api: *kind.api(),
            namespace: key.namespace.as_deref().unwrap_or("").to_string(),
            object,
        }),
        key,
    });
    plan
}

#[cfg(test)]
#[path = "apply_policy_tests.rs"]
mod tests;
