//! The demo's stand-in for karmada-scheduler and the execution controller: when a policy
//! changes, its Divided/Weighted templates are divided again by Karmada's split, the bindings'
//! `spec.clusters` and aggregated status follow, and so do the members' Deployments.

use serde_json::{Value, json};

use super::{DemoSim, objects};
use crate::fleet::{FleetEvent, Kind, Obj, ObjKey, Ts};
use crate::karmada::placement::{Mode, Placement, split};
use crate::karmada::preview::binds;
use crate::kinds::project_json;

impl DemoSim {
    /// Divide again the templates the policy `key` binds (the control plane is cluster 0).
    pub(super) fn reschedule(
        &mut self,
        kind: Kind,
        key: &ObjKey,
        now: Ts,
        out: &mut Vec<FleetEvent>,
    ) {
        let Some(policy) = self.clusters[0].get(kind, key).cloned() else {
            return;
        };
        let placement: Placement =
            serde_json::from_value(policy["spec"]["placement"].clone()).unwrap_or_default();
        if placement.mode() != Mode::Static {
            return;
        }
        let rows: Vec<_> = self.clusters[0]
            .objs
            .iter()
            .filter(|((k, _), _)| *k == Kind::KarmadaCluster)
            .filter_map(|(_, v)| match project_json(Kind::KarmadaCluster, v) {
                Ok(Obj::KarmadaCluster(c)) => Some(c),
                _ => None,
            })
            .collect();
        let facts: Vec<_> = rows.iter().map(|c| c.facts()).collect();
        let candidates = placement.candidates(&facts);
        let weights: Vec<i64> = candidates.iter().map(|c| c.weight).collect();
        let bindings: Vec<(ObjKey, Value, crate::kinds::binding::BindingRow)> = self.clusters[0]
            .objs
            .iter()
            .filter(|((k, _), _)| *k == Kind::ResourceBinding)
            .filter_map(|((_, k), v)| match project_json(Kind::ResourceBinding, v) {
                Ok(Obj::ResourceBinding(b)) => Some((k.clone(), v.clone(), b)),
                _ => None,
            })
            .filter(|(_, _, b)| binds(b, key.namespace.as_deref(), &key.name))
            .collect();
        for (_, mut v, b) in bindings {
            let placed = split(&candidates, &weights, b.replicas, &b.uid);
            let health = |c: &str| {
                b.aggregated
                    .iter()
                    .find(|s| &*s.cluster == c)
                    .map_or("Healthy".to_string(), |s| s.health.to_string())
            };
            v["spec"]["clusters"] = json!(
                placed
                    .iter()
                    .map(|(c, r)| json!({"name": &**c, "replicas": r}))
                    .collect::<Vec<_>>()
            );
            // A member keeps what it reflected; a new one applies the latest template seen.
            let old = v["status"]["aggregatedStatus"].as_array().cloned();
            let old = old.unwrap_or_default();
            let latest = old
                .iter()
                .filter_map(|i| i["status"]["resourceTemplateGeneration"].as_i64())
                .max();
            let reflected = |c: &str| {
                let had = old.iter().find(|i| i["clusterName"] == c);
                match (had.map(|i| &i["status"]), latest) {
                    (Some(s), _) if !s.is_null() => s.clone(),
                    (_, Some(g)) => json!({"resourceTemplateGeneration": g}),
                    _ => Value::Null,
                }
            };
            v["status"]["aggregatedStatus"] = json!(
                placed
                    .iter()
                    .map(|(c, _)| {
                        let mut i = json!({"clusterName": &**c, "applied": true,
                            "health": health(c)});
                        let st = reflected(c);
                        if !st.is_null() {
                            i["status"] = st;
                        }
                        i
                    })
                    .collect::<Vec<_>>()
            );
            // A new spec, at once observed by the scheduler.
            let generation = v["metadata"]["generation"].as_i64().unwrap_or(1) + 1;
            v["metadata"]["generation"] = json!(generation);
            v["status"]["schedulerObservedGeneration"] = json!(generation);
            self.put(0, Kind::ResourceBinding, v, out);
            let (_, ns, name) = b.template();
            let (ns, name) = (ns.unwrap_or("").to_string(), name.to_string());
            for m in 1..self.clusters.len() {
                let ctx = self.clusters[m].context.clone();
                let want = placed.iter().find(|(c, _)| **c == *ctx).map_or(0, |x| x.1);
                let dkey = ObjKey::new(Some(&ns), &name);
                let had = self.clusters[m].get(Kind::Deployment, &dkey).cloned();
                match (had, want) {
                    (Some(_), 0) => self.delete(m, Kind::Deployment, dkey, out),
                    (Some(mut d), n) => {
                        d["spec"]["replicas"] = json!(n);
                        for f in [
                            "replicas",
                            "readyReplicas",
                            "updatedReplicas",
                            "availableReplicas",
                        ] {
                            d["status"][f] = json!(n);
                        }
                        self.put(m, Kind::Deployment, d, out);
                    }
                    (None, 0) => {}
                    (None, n) => {
                        let d = objects::deployment(&ns, &name, n, n, now);
                        self.put(m, Kind::Deployment, d, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::demo::world::CONTROL_PLANE;

    #[test]
    fn a_weight_change_moves_the_bindings_and_the_members_deployments() {
        let mut sim = DemoSim::new(1, 1_750_000_000);
        let cp = sim.find(CONTROL_PLANE);
        let key = ObjKey::new(Some("shop"), "web");
        let path = "/spec/placement/replicaScheduling/weightPreference/staticWeightList/0/weight";
        // prod-eu 2 → 0 is not a valid rule weight; 2 → 1 gives 8 replicas at 1:1:1.
        let ops = json!([{"op": "replace", "path": path, "value": 1}]);
        let (_, events) = sim
            .patch(cp, Kind::PropagationPolicy, &key, &ops, false)
            .unwrap();
        assert!(
            events.len() > 2,
            "the binding and the member Deployments follow"
        );
        let b = sim
            .get_json(
                cp,
                Kind::ResourceBinding,
                &ObjKey::new(Some("shop"), "web-deployment"),
            )
            .unwrap();
        let placed: Vec<i64> = b["spec"]["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["replicas"].as_i64().unwrap())
            .collect();
        assert_eq!(placed.iter().sum::<i64>(), 8);
        assert!(placed.iter().all(|r| *r == 3 || *r == 2), "{b}");
        let eu = sim.find("prod-eu");
        let d = sim
            .get_json(eu, Kind::Deployment, &ObjKey::new(Some("shop"), "web"))
            .unwrap();
        let on_eu = b["spec"]["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "prod-eu")
            .unwrap()["replicas"]
            .clone();
        assert_eq!(d["spec"]["replicas"], on_eu);
        // A dry run changes nothing.
        let before = sim
            .get_json(
                cp,
                Kind::ResourceBinding,
                &ObjKey::new(Some("shop"), "web-deployment"),
            )
            .unwrap();
        let ops = json!([{"op": "replace", "path": path, "value": 7}]);
        sim.patch(cp, Kind::PropagationPolicy, &key, &ops, true)
            .unwrap();
        assert_eq!(
            sim.get_json(
                cp,
                Kind::ResourceBinding,
                &ObjKey::new(Some("shop"), "web-deployment")
            )
            .unwrap(),
            before
        );
    }
}
