//! What Karmada propagates to one member: the propagation rows whose binding targets it
//! (`spec.clusters` or the aggregated status) or is still evicting from it (its old replicas
//! run there until their replacements are up elsewhere).

use super::propagation::PropRow;
use crate::fleet::FleetModel;
use crate::kinds::karmada_cluster::KarmadaCluster;

/// Whether `r` puts anything on `member`.
pub fn reaches(r: &PropRow, member: &str) -> bool {
    r.targets.iter().any(|t| &*t.cluster == member)
        || r.evictions.iter().any(|e| &*e.cluster == member)
}

/// The rows that reach `member`, in their order, each with `member`'s target first (the
/// TARGETS column shows it before it is cut).
pub fn to_member(rows: &[PropRow], member: &str) -> Vec<PropRow> {
    rows.iter()
        .filter(|r| reaches(r, member))
        .map(|r| {
            let mut r = r.clone();
            if let Some(i) = r.targets.iter().position(|t| &*t.cluster == member) {
                r.targets[..=i].rotate_right(1);
            }
            r
        })
        .collect()
}

/// Every member cluster some Karmada control plane of the fleet knows (its `Cluster`
/// objects), by name, once each.
pub fn karmada_members(m: &FleetModel) -> Vec<String> {
    let mut v: Vec<String> = m
        .clusters
        .iter()
        .filter(|c| c.is_karmada_control_plane())
        .flat_map(|c| {
            c.store::<KarmadaCluster>()
                .values()
                .map(|k| k.name.to_string())
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::fleet::{FleetEvent, Kind, KindSync};
    use crate::kinds::project_json;
    use crate::views::propagation::rows;

    fn binding(m: &mut FleetModel, name: &str, targets: &[&str], evicting: &[&str]) {
        let v = json!({"apiVersion": "work.karmada.io/v1alpha2", "kind": "ResourceBinding",
            "metadata": {"name": format!("{name}-deployment"), "namespace": "shop"},
            "spec": {"resource": {"apiVersion": "apps/v1", "kind": "Deployment",
                    "namespace": "shop", "name": name},
                "clusters": targets.iter().map(|c| json!({"name": c, "replicas": 1}))
                    .collect::<Vec<_>>(),
                "gracefulEvictionTasks": evicting.iter()
                    .map(|c| json!({"fromCluster": c, "reason": "TaintUntolerated"}))
                    .collect::<Vec<_>>()}});
        let obj = project_json(Kind::ResourceBinding, &v).unwrap();
        m.apply(FleetEvent::Apply { cluster: 0, obj });
    }

    #[test]
    fn a_member_gets_what_targets_it_or_is_still_evicting_from_it() {
        let mut m = FleetModel::new(["cp"]);
        m.apply(FleetEvent::KindState {
            cluster: 0,
            kind: Kind::KarmadaCluster,
            sync: KindSync::Synced,
        });
        binding(&mut m, "web", &["m1", "m2"], &[]);
        binding(&mut m, "cart", &["m2"], &[]);
        binding(&mut m, "reports", &["m3"], &["m1"]);
        let all = rows(&m);
        let names = |member: &str| -> Vec<String> {
            let mut v: Vec<String> = to_member(&all, member)
                .iter()
                .map(|r| r.name.to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(names("m1"), ["reports", "web"]);
        assert_eq!(names("m2"), ["cart", "web"]);
        let web = to_member(&all, "m2")
            .into_iter()
            .find(|r| &*r.name == "web")
            .unwrap();
        let order: Vec<&str> = web.targets.iter().map(|t| &*t.cluster).collect();
        assert_eq!(order, ["m2", "m1"], "the member's target first");
        assert_eq!(names("m4"), Vec::<String>::new());
        for c in ["m1", "m2"] {
            let obj = project_json(
                Kind::KarmadaCluster,
                &json!({"apiVersion": "cluster.karmada.io/v1alpha1", "kind": "Cluster",
                    "metadata": {"name": c}}),
            )
            .unwrap();
            m.apply(FleetEvent::Apply { cluster: 0, obj });
        }
        assert_eq!(karmada_members(&m), ["m1", "m2"]);
    }
}
