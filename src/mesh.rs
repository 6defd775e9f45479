//! Istio's traffic rules across the fleet, pure and shared by the panes and the planners:
//! which member cluster a route destination goes to, how a drain moves a cluster's weight to
//! a route's other destinations, and the traffic share per cluster across every route.

use std::collections::BTreeMap;

use crate::fleet::Str;
use crate::kinds::istio::{CLUSTER_LABEL, Subset};

/// A DestinationRule as the rules read it: its namespace, host and subsets (name, the
/// `topology.istio.io/cluster` label).
#[derive(Clone, Copy, Debug)]
pub struct DrView<'a> {
    pub namespace: &'a str,
    pub host: &'a str,
    pub subsets: &'a [Subset],
}

/// A DestinationRule's subsets from its JSON (name, cluster label).
pub fn subsets_of(dr: &serde_json::Value) -> Vec<Subset> {
    dr["spec"]["subsets"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| Subset {
                    name: Str::from(s["name"].as_str().unwrap_or("")),
                    cluster: s["labels"][CLUSTER_LABEL].as_str().map(Str::from),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The member cluster a destination (host, subset) of a route in namespace `ns` goes to: the
/// `topology.istio.io/cluster` label of its DestinationRule subset (the rule's host matching in
/// full or by its short name), else a subset or a host label naming a known cluster.
pub fn dest_cluster<'a>(
    drs: impl IntoIterator<Item = DrView<'a>>,
    known: impl Fn(&str) -> bool,
    ns: &str,
    host: &str,
    subset: Option<&str>,
) -> Option<String> {
    let short = host.split('.').next().unwrap_or("");
    if let Some(sub) = subset {
        for dr in drs {
            let h = dr.host.split('.').next().unwrap_or("");
            if dr.namespace == ns
                && (dr.host == host || h == short)
                && let Some(Subset {
                    cluster: Some(cl), ..
                }) = dr.subsets.iter().find(|s| &*s.name == sub)
            {
                return Some(cl.to_string());
            }
        }
    }
    subset
        .filter(|s| known(s))
        .or_else(|| host.split('.').find(|p| known(p)))
        .map(str::to_string)
}

/// Why a route cannot be drained.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undrainable {
    /// Every destination with weight is in the drained cluster.
    OnlyThere,
    /// `--to Y`, and the route has no destination in Y.
    NoneIn(String),
}

impl std::fmt::Display for Undrainable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Undrainable::OnlyThere => write!(f, "all its destinations are in the drained cluster"),
            Undrainable::NoneIn(y) => write!(f, "it has no destination in {y}"),
        }
    }
}

/// The weights after moving all of the `drained` destinations' weight to the others — to
/// those marked in `to` when given — in proportion to their weights (equally when they all
/// have 0), the total kept exactly (largest remainders, ties to the earlier destination).
/// Unchanged when the drained destinations have no weight.
pub fn drain_weights(
    w: &[i64],
    drained: &[bool],
    to: Option<(&[bool], &str)>,
) -> Result<Vec<i64>, Undrainable> {
    let moved: i64 = (0..w.len()).filter(|&j| drained[j]).map(|j| w[j]).sum();
    if moved == 0 {
        return Ok(w.to_vec());
    }
    let takers: Vec<usize> = match to {
        Some((mark, y)) => {
            let t: Vec<usize> = (0..w.len()).filter(|&j| mark[j] && !drained[j]).collect();
            if t.is_empty() {
                return Err(Undrainable::NoneIn(y.to_string()));
            }
            t
        }
        None => (0..w.len()).filter(|&j| !drained[j]).collect(),
    };
    if takers.is_empty() {
        return Err(Undrainable::OnlyThere);
    }
    let base: i64 = takers.iter().map(|&j| w[j]).sum();
    let weight = |j: usize| if base == 0 { 1 } else { w[j] };
    let denom = if base == 0 { takers.len() as i64 } else { base };
    let mut new: Vec<i64> = (0..w.len())
        .map(|j| if drained[j] { 0 } else { w[j] })
        .collect();
    let mut rems: Vec<(i64, usize)> = Vec::new();
    let mut given = 0;
    for &j in &takers {
        let num = i128::from(moved) * i128::from(weight(j));
        let q = (num / i128::from(denom)) as i64;
        new[j] += q;
        given += q;
        rems.push(((num % i128::from(denom)) as i64, j));
    }
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, j) in rems.into_iter().take((moved - given) as usize) {
        new[j] += 1;
    }
    Ok(new)
}

/// One route for the roll-up: each destination's cluster (None: cannot be told) and weight.
pub struct RouteShare<'a> {
    pub clusters: &'a [Option<String>],
    pub weights: &'a [i64],
}

/// Where a destination's cluster cannot be told.
pub const UNKNOWN: &str = "?";

/// The traffic share per cluster across routes: each route counts once, its traffic split by
/// its weights; a cluster's share is the mean over the routes of its percent (destinations of
/// unknown cluster under [`UNKNOWN`]). Routes with no weight at all do not count.
pub fn rollup<'a>(routes: impl IntoIterator<Item = RouteShare<'a>>) -> BTreeMap<String, f64> {
    let mut sum: BTreeMap<String, f64> = BTreeMap::new();
    let mut n = 0usize;
    for r in routes {
        let total: i64 = r.weights.iter().sum();
        if total <= 0 {
            continue;
        }
        n += 1;
        for (c, w) in r.clusters.iter().zip(r.weights) {
            let k = c.clone().unwrap_or_else(|| UNKNOWN.to_string());
            *sum.entry(k).or_default() += 100.0 * *w as f64 / total as f64;
        }
    }
    for v in sum.values_mut() {
        *v = (*v / n.max(1) as f64 * 100.0).round() / 100.0;
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drain_moves_weight_in_proportion_and_keeps_the_total() {
        let d = |w: &[i64], x: &[bool]| drain_weights(w, x, None);
        assert_eq!(d(&[80, 20], &[true, false]), Ok(vec![0, 100]));
        // 40 moved over 30:20:10 → 20, 13.3, 6.7 → 20/13/7 (largest remainders).
        assert_eq!(
            d(&[40, 30, 20, 10], &[true, false, false, false]),
            Ok(vec![0, 50, 33, 17])
        );
        assert_eq!(d(&[50, 0, 0], &[true, false, false]), Ok(vec![0, 25, 25]));
        assert_eq!(d(&[0, 100], &[true, false]), Ok(vec![0, 100]));
        assert_eq!(d(&[100], &[true]), Err(Undrainable::OnlyThere));
        assert_eq!(d(&[60, 40], &[true, true]), Err(Undrainable::OnlyThere));
        let to = [false, false, true, false];
        assert_eq!(
            drain_weights(
                &[40, 30, 20, 10],
                &[true, false, false, false],
                Some((&to, "ap"))
            ),
            Ok(vec![0, 30, 60, 10])
        );
        let none = [false, false];
        assert_eq!(
            drain_weights(&[50, 50], &[true, false], Some((&none, "ap"))),
            Err(Undrainable::NoneIn("ap".into()))
        );
    }

    #[test]
    fn drain_properties() {
        use rand::rngs::SmallRng;
        use rand::{Rng, SeedableRng};
        let mut rng = SmallRng::seed_from_u64(7);
        for _ in 0..2000 {
            let n = rng.random_range(2..7);
            let w: Vec<i64> = (0..n).map(|_| rng.random_range(0..1000)).collect();
            let x: Vec<bool> = (0..n).map(|_| rng.random_bool(0.4)).collect();
            let Ok(new) = drain_weights(&w, &x, None) else {
                continue;
            };
            assert_eq!(
                new.iter().sum::<i64>(),
                w.iter().sum::<i64>(),
                "{w:?} {x:?}"
            );
            for j in 0..n {
                if x[j] {
                    assert_eq!(new[j], 0);
                } else {
                    assert!(new[j] >= w[j], "a taker never loses: {w:?} {x:?} {new:?}");
                }
            }
            // Proportions kept within rounding: a heavier taker never ends lighter.
            for a in 0..n {
                for b in 0..n {
                    if !x[a] && !x[b] && w[a] > w[b] {
                        assert!(new[a] >= new[b], "{w:?} {x:?} {new:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn destination_cluster_by_subset_label_then_names() {
        let subsets = vec![
            Subset {
                name: "eu".into(),
                cluster: Some("prod-eu".into()),
            },
            Subset {
                name: "blue".into(),
                cluster: None,
            },
        ];
        let drs = [DrView {
            namespace: "shop",
            host: "web",
            subsets: &subsets,
        }];
        let known = |n: &str| ["prod-eu", "prod-us"].contains(&n);
        let f = |ns, host, sub| dest_cluster(drs, known, ns, host, sub);
        assert_eq!(
            f("shop", "web.shop.svc.cluster.local", Some("eu")),
            Some("prod-eu".into())
        );
        assert_eq!(
            f("other", "web", Some("eu")),
            None,
            "another namespace's rule"
        );
        assert_eq!(f("shop", "web", Some("prod-us")), Some("prod-us".into()));
        assert_eq!(
            f("shop", "web.prod-us.global", None),
            Some("prod-us".into())
        );
        assert_eq!(f("shop", "web", Some("blue")), None);
    }

    #[test]
    fn rollup_is_the_mean_share_over_routes() {
        let c1 = [Some("a".to_string()), Some("b".to_string())];
        let c2 = [Some("b".to_string()), None];
        let r = rollup([
            RouteShare {
                clusters: &c1,
                weights: &[80, 20],
            },
            RouteShare {
                clusters: &c2,
                weights: &[1, 1],
            },
        ]);
        assert_eq!(r["a"], 40.0);
        assert_eq!(r["b"], 35.0);
        assert_eq!(r[UNKNOWN], 25.0);
    }
}
