//! Creates, as an apiserver answers them: a name from `generateName`, a uid, a resourceVersion;
//! 409 AlreadyExists for a name taken; `dry_run` stores nothing. A watched kind (a policy from
//! the editor) is stored as one and, for a policy, Karmada's detector and scheduler follow
//! (`scheduler.rs`); a Volcano Command is acted on (`volcano.rs`).

use serde_json::{Value, json};

use super::volcano::suffix;
use super::{DemoSim, objects};
use crate::fleet::{ClusterId, FleetEvent, Kind, ObjKey};
use crate::sources::ApiError;

impl DemoSim {
    /// Create `obj` as an apiserver would: a name from `generateName`, a uid, a
    /// resourceVersion; `dry_run` stores nothing. Volcano Commands are acted on
    /// (`volcano::act`): a closed queue reads Closing at once, then Closed at the next tick.
    pub fn create(
        &mut self,
        cluster: ClusterId,
        api: &crate::kinds::ApiSpec,
        namespace: &str,
        obj: &Value,
        dry_run: bool,
    ) -> Result<(Value, Vec<FleetEvent>), ApiError> {
        if cluster >= self.clusters.len() {
            return Err(ApiError::other("no such cluster"));
        }
        let mut new = obj.clone();
        let m = &mut new["metadata"];
        if m["name"].as_str().is_none_or(str::is_empty) {
            let Some(g) = m["generateName"].as_str().filter(|g| !g.is_empty()) else {
                return Err(ApiError {
                    code: Some(422),
                    reason: "Invalid".into(),
                    message: format!("{} is invalid: metadata.name: Required value", api.kind),
                });
            };
            m["name"] = json!(format!("{g}{}", suffix(self.rv + 1)));
        }
        if api.namespaced {
            m["namespace"] = json!(namespace);
        }
        // A watched kind (a policy from the editor) is stored as one; a name taken is 409.
        let watched = Kind::ALL.iter().copied().find(|k| k.api() == api);
        if let Some(kind) = watched {
            let key = ObjKey::new(
                new["metadata"]["namespace"].as_str(),
                new["metadata"]["name"].as_str().unwrap_or(""),
            );
            if self.clusters[cluster].get(kind, &key).is_some() {
                return Err(ApiError {
                    code: Some(409),
                    reason: "AlreadyExists".into(),
                    message: format!("{} {key} already exists", api.kind),
                });
            }
            super::project(kind, &new)?;
            if dry_run {
                return Ok((new, vec![]));
            }
            let mut out = Vec::new();
            new["metadata"]["uid"] = json!(format!("demo-{}-{}", api.plural, self.rv + 1));
            new["metadata"]["creationTimestamp"] = objects::ts(self.now);
            self.put(cluster, kind, new, &mut out);
            let stored = self.get_json(cluster, kind, &key)?;
            if matches!(
                kind,
                Kind::PropagationPolicy | Kind::ClusterPropagationPolicy
            ) {
                self.reschedule(kind, &key, self.now, &mut out);
            }
            return Ok((stored, out));
        }
        if dry_run {
            return Ok((new, vec![]));
        }
        self.rv += 1;
        new["metadata"]["uid"] = json!(format!("demo-{}-{}", api.plural, self.rv));
        new["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        new["metadata"]["creationTimestamp"] = objects::ts(self.now);
        let mut out = Vec::new();
        if api.kind == "Command" {
            self.commands.push((cluster, new.clone()));
            super::volcano::on_command(self, cluster, &new, &mut out);
        }
        Ok((new, out))
    }
}
