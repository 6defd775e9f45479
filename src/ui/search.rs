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
    if q.iter().all(char::is_ascii) {
        let qb: Vec<u8> = q.iter().map(|c| *c as u8).collect();
        return score_ascii(&qb, segs);
    }
    score_chars(q, segs)
}

fn is_boundary(c: u8) -> bool {
    matches!(c, b' ' | b'-' | b'/' | b'.' | b':' | b'_' | b'@')
}

/// [`score`] for an ASCII query (lowercase bytes): a byte loop, ASCII letters folded. Bytes of
/// non-ASCII characters never equal an ASCII byte, so this is exact for any label.
pub fn score_ascii(q: &[u8], segs: &[&str]) -> Option<i32> {
    let mut st = Scan::default();
    for seg in segs {
        if st.feed(q, seg.as_bytes()) {
            let len = segs.iter().map(|s| s.len()).sum::<usize>() as i32;
            return Some(st.score - len / 4);
        }
    }
    None
}

/// Where a greedy match of the query stands after some of the label.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scan {
    /// Query bytes matched.
    pub qi: usize,
    pub score: i32,
    /// Label bytes seen.
    pos: usize,
    /// Label position of the last match + 1 (0: none yet).
    last: usize,
    /// The byte before the next one (0 at the start).
    prev: u8,
}

impl Scan {
    /// Match on through `b`; true once the whole query is matched.
    #[inline]
    pub fn feed(&mut self, q: &[u8], b: &[u8]) -> bool {
        for &byte in b {
            let lc = byte.to_ascii_lowercase();
            if lc == q[self.qi] {
                self.score += 16;
                if self.last != 0 && self.last == self.pos {
                    self.score += 12;
                }
                if self.pos == 0 || is_boundary(self.prev) {
                    self.score += 10;
                }
                if self.last != 0 {
                    self.score -= ((self.pos - self.last) as i32).min(12);
                }
                self.last = self.pos + 1;
                self.qi += 1;
                if self.qi == q.len() {
                    return true;
                }
            }
            self.prev = lc;
            self.pos += 1;
        }
        false
    }
}

fn score_chars(q: &[char], segs: &[&str]) -> Option<i32> {
    // Longer labels rank lower; bytes are close enough to characters for that.
    let len = segs.iter().map(|s| s.len()).sum::<usize>() as i32;
    let (mut qi, mut s) = (0usize, 0i32);
    let mut prev_matched = false;
    let mut prev: char = ' ';
    let mut gap = 0i32;
    let mut started = false;
    for seg in segs {
        for ch in seg.chars() {
            let lc = ch.to_lowercase().next().unwrap_or(ch);
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

/// The label segments of an object: `pod`, ` `, `ns`, `/`, `name`, ` @ `, `context`.
fn segments<'m>(kind: Kind, ns: Option<&'m str>, name: &'m str, ctx: &'m str) -> [&'m str; 7] {
    [
        kind.singular(),
        " ",
        ns.unwrap_or(""),
        if ns.is_some() { "/" } else { "" },
        name,
        " @ ",
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
    match among {
        Some(hits) => {
            // Hits come grouped by store (a scan goes store by store): score each run at once.
            let mut rest = hits;
            while let Some(h) = rest.first() {
                let n = rest
                    .iter()
                    .take_while(|x| x.cluster == h.cluster && x.kind == h.kind)
                    .count();
                if let Some(c) = m.clusters.get(h.cluster as usize) {
                    let ids = rest[..n].iter().map(|x| x.id);
                    scan_store(c, h.cluster as usize, h.kind, q, ids, &mut out);
                }
                rest = &rest[n..];
            }
        }
        None => {
            for (cid, c) in m.clusters.iter().enumerate() {
                for kind in Kind::ALL.iter().copied().filter(|k| searched(*k)) {
                    let ids = c.kind_ids(kind).into_iter();
                    scan_store(c, cid, kind, q, ids, &mut out);
                }
            }
        }
    }
    out
}

/// Score the rows `ids` of one store.
fn scan_store(
    c: &crate::fleet::Cluster,
    cid: ClusterId,
    kind: Kind,
    q: &[char],
    ids: impl Iterator<Item = RowId>,
    out: &mut Vec<(i32, Hit)>,
) {
    fn go<K: Registered>(
        c: &crate::fleet::Cluster,
        cid: ClusterId,
        q: &[char],
        ids: impl Iterator<Item = RowId>,
        out: &mut Vec<(i32, Hit)>,
    ) {
        let store = c.store::<K>();
        let ascii: Option<Vec<u8>> = q
            .iter()
            .all(char::is_ascii)
            .then(|| q.iter().map(|c| *c as u8).collect());
        let kind = K::KIND.singular();
        // The label starts with the same `kind ` for every row of the store: match it once.
        let mut start = Scan::default();
        let done = ascii
            .as_ref()
            .is_some_and(|qb| start.feed(qb, kind.as_bytes()) || start.feed(qb, b" "));
        for id in ids {
            let Some(row) = store.row(id) else { continue };
            let (ns, name) = row.key_parts();
            let len =
                kind.len() + 1 + ns.map_or(0, |n| n.len() + 1) + name.len() + 3 + c.context.len();
            let hit = match &ascii {
                Some(_) if done => Some(start.score - len as i32 / 4),
                Some(qb) => {
                    let mut st = start;
                    let matched = match ns {
                        Some(ns) => st.feed(qb, ns.as_bytes()) || st.feed(qb, b"/"),
                        None => false,
                    } || st.feed(qb, name.as_bytes())
                        || st.feed(qb, b" @ ")
                        || st.feed(qb, c.context.as_bytes());
                    matched.then(|| st.score - len as i32 / 4)
                }
                // A query beyond ASCII: the general path.
                None => score_chars(q, &segments(K::KIND, ns, name, &c.context)),
            };
            if let Some(s) = hit {
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
    with_kind!(kind, K => go::<K>(c, cid, q, ids, out))
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
        // The ASCII and the general path agree on what matches and how it ranks.
        for (q, segs) in [
            ("web", vec!["pod", " ", "shop", "/", "web-1", "prod-eu"]),
            ("sw1", vec!["pod", " ", "shop", "/", "web-1", "prod-eu"]),
            ("eu", vec!["Pod", " ", "Shop", "/", "WEB-1", "prod-EU"]),
            ("zz", vec!["pod", " ", "shop"]),
        ] {
            let q = query(q);
            let qb: Vec<u8> = q.iter().map(|c| *c as u8).collect();
            assert_eq!(
                score_ascii(&qb, &segs).is_some(),
                score_chars(&q, &segs).is_some(),
                "{q:?}"
            );
        }
        assert!(score(&query("é"), &["café"]).is_some());
    }

    #[test]
    fn best_keeps_the_top_n_in_order() {
        let v = vec![(1, 10usize), (5, 3), (5, 1), (3, 2)];
        let b = best(v, 2, |x| *x);
        assert_eq!(b, vec![(5, 1), (5, 3)]);
    }
}
