//! How karmada-scheduler divides a Divided/Weighted template's replicas by static weights
//! (karmada-io/karmada pkg/util/helper/webstermethod.go and binding.go, since v1.16): replicas
//! are seated one by one by the Webster / Sainte-Laguë method, each going to the cluster with
//! the highest `weight / (2·seats + 1)` (compared as float64, as Go does); a tie goes to the
//! cluster with fewer replicas, then by name, ascending, or descending when the FNV-32a hash of
//! the template's uid is odd. The result is sorted by name, clusters with no replica dropped.
//!
//! Seating 10,000 replicas one by one is slow, so [`webster`] starts from the allocation the
//! divisor `W/n` gives (see [`start_seats`]) and seats, or takes back, only the difference one
//! by one: the one-by-one method gives the `n` best "seat entries" in a fixed total order, and
//! that start is a prefix of the same order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// FNV-32a, as Go's `hash/fnv`.
fn fnv32a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Whether ties by name go to the larger name (`tieBreakerByUID`: FNV-32a of the uid is odd).
pub fn names_descending(uid: &str) -> bool {
    !uid.is_empty() && fnv32a(uid) & 1 == 1
}

/// One cluster's next seat, ordered as karmada's heap orders them: the greatest is seated next.
struct Entry<'a> {
    priority: f64,
    seats: i64,
    name: &'a str,
    desc: bool,
    idx: usize,
}

impl Ord for Entry<'_> {
    fn cmp(&self, o: &Self) -> Ordering {
        // A higher priority first; a tie to fewer seats, then the name (see the module doc).
        self.priority
            .partial_cmp(&o.priority)
            .unwrap_or(Ordering::Equal)
            .then(o.seats.cmp(&self.seats))
            .then_with(|| {
                if self.desc {
                    self.name.cmp(o.name)
                } else {
                    o.name.cmp(self.name)
                }
            })
    }
}
impl PartialOrd for Entry<'_> {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl PartialEq for Entry<'_> {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry<'_> {}

fn priority(weight: i64, seats: i64) -> f64 {
    weight as f64 / (2 * seats + 1) as f64
}

/// Each cluster's seats with the divisor `W/n`: `round(n·w/W)` (halves up), exactly. The
/// entries (cluster, seat) this seats are those whose priority is at least `W/2n`: a prefix of
/// the order in which one-by-one seating takes them, so seating on (or taking back the last
/// seated) from here ends where seating one by one from zero does.
fn start_seats(replicas: i64, weights: &[i64], total: i64) -> Vec<i64> {
    weights
        .iter()
        .map(|&w| {
            let num = 2 * i128::from(replicas) * i128::from(w) + i128::from(total);
            (num / (2 * i128::from(total))) as i64
        })
        .collect()
}

/// Divide `replicas` over `weights` (cluster, weight) as karmada-scheduler does for static
/// weights: only clusters with weight > 0 take part; when none has any, all weigh 1. The
/// result is sorted by name, zeros dropped.
pub fn webster(replicas: i64, weights: &[(&str, i64)], uid: &str) -> Vec<(String, i64)> {
    webster_at(replicas, weights, uid)
        .into_iter()
        .map(|(i, s)| (weights[i].0.to_string(), s))
        .collect()
}

/// [`webster`] naming each cluster by its index in `weights` (no name is copied).
pub fn webster_at(replicas: i64, weights: &[(&str, i64)], uid: &str) -> Vec<(usize, i64)> {
    let mut parties: Vec<(&str, i64, usize)> = (weights.iter().enumerate())
        .filter(|(_, (_, w))| *w > 0)
        .map(|(i, (n, w))| (*n, *w, i))
        .collect();
    if parties.is_empty() {
        parties = (weights.iter().enumerate())
            .map(|(i, (n, _))| (*n, 1, i))
            .collect();
    }
    // A cluster listed twice counts once, with its highest weight.
    if !parties.is_sorted_by(|a, b| a.0 < b.0) {
        parties.sort_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(&a.1)));
        parties.dedup_by(|a, b| a.0 == b.0);
    }
    if parties.is_empty() || replicas <= 0 {
        return Vec::new();
    }
    let desc = names_descending(uid);
    let w: Vec<i64> = parties.iter().map(|p| p.1).collect();
    let total: i64 = w.iter().sum();
    let mut seats = start_seats(replicas, &w, total);
    let mut left = replicas - seats.iter().sum::<i64>();
    if left < 0 {
        // Too many: take back the seats seated last (the least of each cluster's last seat).
        let mut heap: BinaryHeap<std::cmp::Reverse<Entry>> = parties
            .iter()
            .enumerate()
            .filter(|(i, _)| seats[*i] > 0)
            .map(|(i, (name, weight, _))| {
                std::cmp::Reverse(Entry {
                    priority: priority(*weight, seats[i] - 1),
                    seats: seats[i] - 1,
                    name,
                    desc,
                    idx: i,
                })
            })
            .collect();
        while left < 0 {
            let Some(std::cmp::Reverse(mut e)) = heap.pop() else {
                break;
            };
            seats[e.idx] -= 1;
            left += 1;
            if e.seats > 0 {
                e.seats -= 1;
                e.priority = priority(w[e.idx], e.seats);
                heap.push(std::cmp::Reverse(e));
            }
        }
    }
    let mut heap: BinaryHeap<Entry> = parties
        .iter()
        .enumerate()
        .map(|(i, (name, weight, _))| Entry {
            priority: priority(*weight, seats[i]),
            seats: seats[i],
            name,
            desc,
            idx: i,
        })
        .collect();
    while left > 0 {
        let Some(mut e) = heap.pop() else { break };
        seats[e.idx] += 1;
        e.seats += 1;
        e.priority = priority(w[e.idx], e.seats);
        heap.push(e);
        left -= 1;
    }
    parties
        .iter()
        .zip(seats)
        .filter(|(_, s)| *s > 0)
        .map(|((_, _, i), s)| (*i, s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::SmallRng;
    use rand::{Rng, SeedableRng};

    /// The reference: every replica seated one by one, as karmada's heap does.
    fn one_by_one(replicas: i64, weights: &[(&str, i64)], uid: &str) -> Vec<(String, i64)> {
        let mut parties: Vec<(&str, i64)> =
            weights.iter().copied().filter(|(_, w)| *w > 0).collect();
        if parties.is_empty() {
            parties = weights.iter().map(|(n, _)| (*n, 1)).collect();
        }
        parties.sort();
        let desc = names_descending(uid);
        let mut seats = vec![0i64; parties.len()];
        for _ in 0..replicas.max(0) {
            let best = (0..parties.len())
                .max_by(|&a, &b| {
                    let ea = Entry {
                        priority: priority(parties[a].1, seats[a]),
                        seats: seats[a],
                        name: parties[a].0,
                        desc,
                        idx: a,
                    };
                    let eb = Entry {
                        priority: priority(parties[b].1, seats[b]),
                        seats: seats[b],
                        name: parties[b].0,
                        desc,
                        idx: b,
                    };
                    ea.cmp(&eb)
                })
                .unwrap();
            seats[best] += 1;
        }
        parties
            .iter()
            .zip(seats)
            .filter(|(_, s)| *s > 0)
            .map(|((n, _), s)| (n.to_string(), s))
            .collect()
    }

    fn split(replicas: i64, w: &[(&str, i64)]) -> Vec<i64> {
        webster(replicas, w, "")
            .into_iter()
            .map(|(_, r)| r)
            .collect()
    }

    const ABC: [(&str, i64); 3] = [("a", 3), ("b", 2), ("c", 1)];

    #[test]
    fn karmada_vectors() {
        assert_eq!(split(12, &ABC), [6, 4, 2]);
        assert_eq!(split(13, &ABC), [7, 4, 2]);
        assert_eq!(split(14, &ABC), [7, 5, 2]);
        // karmada#6424: 2 replicas at 2:1 is 1/1 (the largest-remainder split gave 2/0).
        assert_eq!(split(2, &[("a", 2), ("b", 1)]), [1, 1]);
    }

    #[test]
    fn ties_go_to_fewer_seats_then_by_name_as_the_uid_says() {
        // 1 replica over two equal weights: ascending names unless FNV-32a(uid) is odd.
        let even = (0..100)
            .map(|i| format!("uid-{i}"))
            .find(|u| !names_descending(u))
            .unwrap();
        let odd = (0..100)
            .map(|i| format!("uid-{i}"))
            .find(|u| names_descending(u))
            .unwrap();
        let w = [("m1", 1), ("m2", 1)];
        assert_eq!(webster(1, &w, &even), [("m1".to_string(), 1)]);
        assert_eq!(webster(1, &w, &odd), [("m2".to_string(), 1)]);
        assert_eq!(webster(1, &w, ""), [("m1".to_string(), 1)]);
        // Go's hash/fnv New32a of "a" is 0xe40c292c.
        assert_eq!(fnv32a("a"), 0xe40c_292c);
    }

    #[test]
    fn zeros_dropped_and_all_zero_means_equal() {
        assert_eq!(
            webster(4, &[("a", 0), ("b", 1), ("c", 1)], ""),
            [("b".to_string(), 2), ("c".to_string(), 2)]
        );
        assert_eq!(split(3, &[("a", 0), ("b", 0), ("c", 0)]), [1, 1, 1]);
        assert!(webster(0, &ABC, "").is_empty());
        assert!(webster(5, &[], "").is_empty());
    }

    #[test]
    fn same_as_seating_one_by_one_with_the_properties() {
        let mut rng = SmallRng::seed_from_u64(7);
        let names: Vec<String> = (0..50).map(|i| format!("member{i:02}")).collect();
        for round in 0..3000 {
            let m = rng.random_range(1..if round % 10 == 0 { 50 } else { 6 });
            let w: Vec<(&str, i64)> = (0..m)
                .map(|i| {
                    let weight = match rng.random_range(0..4) {
                        0 => 0,
                        1 => rng.random_range(1..4),
                        2 => rng.random_range(1..100),
                        _ => rng.random_range(1..100_000),
                    };
                    (names[i].as_str(), weight)
                })
                .collect();
            let n = rng.random_range(0..if round % 7 == 0 { 3000 } else { 40 });
            let uid = format!("uid-{round}");
            let got = webster(n, &w, &uid);
            assert_eq!(got, one_by_one(n, &w, &uid), "n={n} w={w:?}");
            // The sum is kept; weight 0 gets nothing unless all are 0.
            assert_eq!(got.iter().map(|x| x.1).sum::<i64>(), n.max(0));
            if w.iter().any(|x| x.1 > 0) {
                for (c, _) in &got {
                    assert!(w.iter().any(|(n, x)| n == c && *x > 0), "{c} has weight 0");
                }
            }
            // More weight never gives fewer replicas.
            if m >= 2 && n > 0 {
                let i = rng.random_range(0..m);
                let mut more = w.clone();
                more[i].1 += rng.random_range(1..50);
                let of =
                    |v: &[(String, i64)], c: &str| v.iter().find(|x| x.0 == c).map_or(0, |x| x.1);
                let after = webster(n, &more, &uid);
                assert!(
                    of(&after, w[i].0) >= of(&got, w[i].0),
                    "more weight on {} gave fewer: {got:?} → {after:?}",
                    w[i].0
                );
            }
        }
    }

    #[test]
    fn large_splits_are_exact_and_quick() {
        let names: Vec<String> = (0..50).map(|i| format!("c{i}")).collect();
        let w: Vec<(&str, i64)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), (i as i64 % 7) + 1))
            .collect();
        assert_eq!(webster(10_000, &w, "x"), one_by_one(10_000, &w, "x"));
    }
}
