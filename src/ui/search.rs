//! The palette's search, bounded by the screen: objects are matched on their names borrowed from
//! the model (nothing is formatted or allocated per object), the best [`LIMIT`] are kept, and
//! only those are formatted, re-ranked with skim's fuzzy score and highlighted. A query that
//! extends the last one searches only what the last one matched.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::fleet::{ClusterId, FleetModel, Keyed, Kind, RowId};
use crate::kinds::{Registered, with_kind};

/// Results kept (the palette shows what fits of them).
pub const LIMIT: usize = 50;

/// An object of the fleet by position: cluster, kind, store slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Hit {
    pub cluster: u32,
    pub kind: Kind,
    pub id: RowId,
}

/// Case-insensitive subsequence match of `q` (lowercase) over the concatenation of `segs`;
/// None when `q` is not a subsequence. Higher is better: consecutive matches and matches at a
/// word start score more, gaps and length less.
pub fn score(q: &[char], segs: &[&str]) -> Option<i32> {
    if q.is_empty() {
        return Some(0);
    }
    // Longer labels rank lower; bytes are close enough to characters for that.
    let len = segs.iter().map(|s| s.len()).sum::<usize>() as i32;
    let (mut qi, mut s) = (0usize, 0i32);
    let mut prev_matched = false;
    let mut prev: char = ' ';
    let mut gap = 0i32;
    let mut started = false;
    for seg in segs {
        for ch in seg.chars() {
            let lc = if ch.is_ascii() {
                ch.to_ascii_lowercase()
            } else {
                ch.to_lowercase().next().unwrap_or(ch)
            };
            if lc == q[qi] {
                s += 16;
                if prev_matched {
                    s += 12;
                }
                if matches!(prev, ' ' | '-' | '/' | '.' | ':' | '_' | '›' | '@') {
                    s += 10;
                }
                s -= gap.min(12);
                gap = 0;
                started = true;
                prev_matched = true;
                qi += 1;
                if qi == q.len() {
                    return Some(s - len / 4);
                }
            } else {
                prev_matched = false;
                if started {
                    gap += 1;
                }
            }
            prev = lc;
        }
    }
    None
}

/// The query as lowercase characters.
pub fn query(q: &str) -> Vec<char> {
    q.trim().to_lowercase().chars().collect()
}

/// The label segments of an object: `pod`, ` `, `ns/`, `name`, ` @ `, `context`.
fn segments<'m>(kind: Kind, ns: Option<&'m str>, name: &'m str, ctx: &'m str) -> [&'m str; 6] {
    [
        kind.singular(),
        " ",
        ns.unwrap_or(""),
        if ns.is_some() { "/" } else { "" },
        name,
        ctx,
    ]
}

/// An object's palette label.
pub fn label(m: &FleetModel, h: Hit) -> Option<String> {
    let c = m.clusters.get(h.cluster as usize)?;
    with_kind!(h.kind, K => {
        let row = c.store::<K>().row(h.id)?;
        let (ns, name) = row.key_parts();
        Some(match ns {
            Some(ns) => format!("{} {ns}/{name} @ {}", h.kind.singular(), c.context),
            None => format!("{} {name} @ {}", h.kind.singular(), c.context),
        })
    })
}

/// The kinds whose objects the palette lists (warning events have no names worth typing).
fn searched(kind: Kind) -> bool {
    kind != Kind::Event
}

/// Score the objects `among` (or every object, when None) against `q`; the matches.
pub fn scan(m: &FleetModel, q: &[char], among: Option<&[Hit]>) -> Vec<(i32, Hit)> {
    let mut out = Vec::new();
    let push = |c: &crate::fleet::Cluster,
                cluster: ClusterId,
                kind: Kind,
                id: RowId,
                out: &mut Vec<(i32, Hit)>| {
        with_kind!(kind, K => {
            if let Some(row) = c.store::<K>().row(id) {
                let (ns, name) = row.key_parts();
                if let Some(s) = score(q, &segments(kind, ns, name, &c.context)) {
                    out.push((s, Hit { cluster: cluster as u32, kind, id }));
                }
            }
        })
    };
    match among {
        Some(hits) => {
            for h in hits {
                if let Some(c) = m.clusters.get(h.cluster as usize) {
                    push(c, h.cluster as usize, h.kind, h.id, &mut out);
                }
            }
        }
        None => {
            for (cid, c) in m.clusters.iter().enumerate() {
                for kind in Kind::ALL.iter().copied().filter(|k| searched(*k)) {
                    scan_kind(c, cid, kind, q, &mut out);
                }
            }
        }
    }
    out
}

fn scan_kind(
    c: &crate::fleet::Cluster,
    cid: ClusterId,
    kind: Kind,
    q: &[char],
    out: &mut Vec<(i32, Hit)>,
) {
    fn go<K: Registered>(
        c: &crate::fleet::Cluster,
        cid: ClusterId,
        q: &[char],
        out: &mut Vec<(i32, Hit)>,
    ) {
        for (id, row) in c.store::<K>().rows() {
            let (ns, name) = row.key_parts();
            if let Some(s) = score(q, &segments(K::KIND, ns, name, &c.context)) {
                out.push((
                    s,
                    Hit {
                        cluster: cid as u32,
                        kind: K::KIND,
                        id,
                    },
                ));
            }
        }
    }
    with_kind!(kind, K => go::<K>(c, cid, q, out))
}

/// The best `n` of `scored` (score, then shorter label), best first.
pub fn best<T: Copy>(
    mut scored: Vec<(i32, T)>,
    n: usize,
    len: impl Fn(&T) -> usize,
) -> Vec<(i32, T)> {
    let key = |x: &(i32, T)| (std::cmp::Reverse(x.0), len(&x.1));
    if scored.len() > n {
        scored.select_nth_unstable_by_key(n, key);
        scored.truncate(n);
    }
    scored.sort_by_key(key);
    scored
}

/// skim's score and the matched character positions of `label`, for the final order and the
/// highlight.
pub fn skim(label: &str, q: &str) -> Option<(i64, Vec<usize>)> {
    if q.trim().is_empty() {
        return Some((0, vec![]));
    }
    SkimMatcherV2::default()
        .ignore_case()
        .fuzzy_indices(label, q.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_scores_prefer_tight_word_starts() {
        let q = query("web");
        let tight = score(&q, &["pod", " ", "shop", "/", "web-1", "prod-eu"]).unwrap();
        let loose = score(&q, &["pod", " ", "shop", "/", "wxexb", "prod-eu"]).unwrap();
        assert!(tight > loose, "{tight} {loose}");
        assert!(score(&query("zzz"), &["pod web"]).is_none());
        assert!(score(&query("POD"), &["pod"]).is_some());
    }

    #[test]
    fn best_keeps_the_top_n_in_order() {
        let v = vec![(1, 10usize), (5, 3), (5, 1), (3, 2)];
        let b = best(v, 2, |x| *x);
        assert_eq!(b, vec![(5, 1), (5, 3)]);
    }
}
