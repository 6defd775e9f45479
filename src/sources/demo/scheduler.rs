//! The demo's stand-in for Karmada's detector, karmada-scheduler and the execution controller:
//! when a policy is created or changes, the templates it selects that have no binding get one;
//! its Duplicated templates go to every admitted cluster and its Divided/Weighted ones are
//! divided again by Karmada's split (dynamic weights are left as they are); the bindings'
//! `spec.clusters` and aggregated status follow, and so do the members' Deployments.

use serde_json::{Value, json};

use super::{DemoSim, objects};
use crate::fleet::{FleetEvent, Kind, Obj, ObjKey, Ts};
use crate::karmada::placement::Placement;
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
        self.adopt(kind, key, &policy, out);
        let placement: Placement =
            serde_json::from_value(policy["spec"]["placement"].clone()).unwrap_or_default();
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
            // Dynamic weights, Aggregated: left as they are (the demo has no estimator).
            let Ok(placed) = placement.place(&candidates, b.replicas, &b.uid) else {
                return;
            };
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
            if v["status"]["conditions"]
                .as_array()
                .is_none_or(Vec::is_empty)
            {
                v["status"]["conditions"] = json!([
                    {"type": "Scheduled", "status": "True", "reason": "Success",
                        "message": "Binding has been scheduled successfully."},
                    {"type": "FullyApplied", "status": "True", "reason": "FullyAppliedSuccess",
                        "message": "All works have been successfully applied"}]);
            }
            // A new spec, at once observed by the scheduler.
            let generation = v["metadata"]["generation"].as_i64().unwrap_or(1) + 1;
            v["metadata"]["generation"] = json!(generation);
            v["status"]["schedulerObservedGeneration"] = json!(generation);
            v["status"]["lastScheduledTime"] = objects::ts(now);
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

impl DemoSim {
    /// Karmada's detector: a binding for every template Deployment on the control plane that
    /// the policy selects and no binding claims yet (the scheduler fills it in).
    fn adopt(&mut self, kind: Kind, key: &ObjKey, policy: &Value, out: &mut Vec<FleetEvent>) {
        let selectors = policy["spec"]["resourceSelectors"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let selects = |d: &Value| {
            let m = &d["metadata"];
            let ns = m["namespace"].as_str();
            if kind == Kind::PropagationPolicy && ns != key.namespace.as_deref() {
                return false;
            }
            selectors.iter().any(|s| {
                s["kind"] == "Deployment"
                    && s["apiVersion"].as_str().is_none_or(|a| a == "apps/v1")
                    && s["name"].as_str() == m["name"].as_str()
                    && s["namespace"].as_str().is_none_or(|n| Some(n) == ns)
            })
        };
        let templates: Vec<Value> = self.clusters[0]
            .objs
            .iter()
            .filter(|((k, _), v)| *k == Kind::Deployment && selects(v))
            .map(|(_, v)| v.clone())
            .collect();
        for d in templates {
            let m = &d["metadata"];
            let ns = m["namespace"].as_str().unwrap_or("");
            let name = m["name"].as_str().unwrap_or("");
            let bkey = ObjKey::new(Some(ns), &format!("{name}-deployment"));
            if self.clusters[0].get(Kind::ResourceBinding, &bkey).is_some() {
                continue;
            }
            let labels = match &key.namespace {
                Some(pns) => json!({"propagationpolicy.karmada.io/namespace": &**pns,
                    "propagationpolicy.karmada.io/name": &*key.name}),
                None => json!({"clusterpropagationpolicy.karmada.io/name": &*key.name}),
            };
            let b = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
                "metadata": {"name": &*bkey.name, "namespace": ns, "labels": labels, "generation": 1},
                "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment", "namespace": ns,
                        "name": name, "uid": m["uid"]},
                    "replicas": d["spec"]["replicas"], "clusters": []},
                "status": {"schedulerObservedGeneration": 1}});
            self.put(0, Kind::ResourceBinding, b, out);
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

    #[test]
    fn a_new_policy_binds_its_template_and_a_duplicated_edit_moves_it() {
        let mut sim = DemoSim::new(1, 1_750_000_000);
        let cp = sim.find(CONTROL_PLANE);
        let p = crate::actions::apply_policy::prefill(
            "apps/v1",
            "Deployment",
            Some("shop"),
            "notify",
            &["prod-eu".into(), "prod-us".into()],
        );
        let api = *Kind::PropagationPolicy.api();
        let (_, events) = sim.create(cp, &api, "shop", &p, false).unwrap();
        assert!(!events.is_empty());
        let b = sim
            .get_json(
                cp,
                Kind::ResourceBinding,
                &ObjKey::new(Some("shop"), "notify-deployment"),
            )
            .unwrap();
        assert_eq!(
            b["spec"]["clusters"],
            json!([{"name": "prod-eu", "replicas": 2}, {"name": "prod-us", "replicas": 2}])
        );
        assert_eq!(
            b["metadata"]["labels"]["propagationpolicy.karmada.io/name"],
            "notify-propagation"
        );
        let us = sim.find("prod-us");
        let d = sim
            .get_json(us, Kind::Deployment, &ObjKey::new(Some("shop"), "notify"))
            .unwrap();
        assert_eq!(d["spec"]["replicas"], 2);
        // A second create of the same name: 409.
        let e = sim.create(cp, &api, "shop", &p, false).unwrap_err();
        assert_eq!(e.code, Some(409));
        // cart (Duplicated on prod-eu, prod-us) gains prod-ap and loses prod-us.
        let key = ObjKey::new(Some("shop"), "cart");
        let ops = json!([{"op": "replace", "path": "/spec/placement/clusterAffinity/clusterNames",
            "value": ["prod-eu", "prod-ap"]}]);
        sim.patch(cp, Kind::PropagationPolicy, &key, &ops, false)
            .unwrap();
        let b = sim
            .get_json(
                cp,
                Kind::ResourceBinding,
                &ObjKey::new(Some("shop"), "cart-deployment"),
            )
            .unwrap();
        assert_eq!(
            b["spec"]["clusters"],
            json!([{"name": "prod-ap", "replicas": 3}, {"name": "prod-eu", "replicas": 3}])
        );
        let cart = ObjKey::new(Some("shop"), "cart");
        assert!(sim.get_json(us, Kind::Deployment, &cart).is_err());
        let ap = sim.find("prod-ap");
        assert_eq!(
            sim.get_json(ap, Kind::Deployment, &cart).unwrap()["spec"]["replicas"],
            3
        );
    }
}
