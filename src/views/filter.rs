//! The `/` filter of every table: whitespace-separated terms that must all hold.
//! - `text`: some cell contains it (case-insensitive);
//! - `cluster:GLOB`: the row's cluster (context) matches the glob (`*`, `?`), e.g. `cluster:prod-*`;
//! - `!term`: the term does not hold.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// Lowercase needle.
    Text { needle: String, negate: bool },
    /// Lowercase glob over the cluster's context name.
    Cluster { glob: String, negate: bool },
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub terms: Vec<Term>,
}

impl Filter {
    /// None when the filter is empty (keeps everything).
    pub fn parse(text: &str) -> Option<Filter> {
        let terms: Vec<Term> = text
            .split_whitespace()
            .filter_map(|w| {
                let (negate, w) = match w.strip_prefix('!') {
                    Some(rest) => (true, rest),
                    None => (false, w),
                };
                let lower = w.to_lowercase();
                if let Some(glob) = lower.strip_prefix("cluster:") {
                    return Some(Term::Cluster {
                        glob: glob.to_string(),
                        negate,
                    });
                }
                (!lower.is_empty()).then_some(Term::Text {
                    needle: lower,
                    negate,
                })
            })
            .collect();
        (!terms.is_empty()).then_some(Filter { terms })
    }

    /// Whether the result can change with the clock: a text term that could be part of an age
    /// ("42s", "5m", "3d", "?").
    pub fn uses_clock(&self) -> bool {
        self.texts().any(|(needle, _)| {
            needle
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 's' | 'm' | 'h' | 'd' | '?'))
        })
    }

    /// The text terms: (needle, negate).
    pub fn texts(&self) -> impl Iterator<Item = (&str, bool)> {
        self.terms.iter().filter_map(|t| match t {
            Term::Text { needle, negate } => Some((needle.as_str(), *negate)),
            Term::Cluster { .. } => None,
        })
    }

    /// Whether the cluster terms keep a row of cluster `context`.
    pub fn keeps_cluster(&self, context: &str) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Cluster { glob, negate } => glob_match(glob, &context.to_lowercase()) != *negate,
            Term::Text { .. } => true,
        })
    }

    /// Whether every row `self` keeps is also kept by `before` (so `self` may filter the rows
    /// `before` kept instead of every row): the same terms, the last one typed further.
    pub fn narrows(&self, before: &Filter) -> bool {
        let n = before.terms.len();
        if n == 0 || self.terms.len() < n {
            return false;
        }
        let same = self.terms[..n - 1] == before.terms[..n - 1];
        let last = match (&before.terms[n - 1], &self.terms[n - 1]) {
            (
                Term::Text {
                    needle: a,
                    negate: false,
                },
                Term::Text {
                    needle: b,
                    negate: false,
                },
            ) => b.contains(a.as_str()),
            (a, b) => a == b,
        };
        same && last
    }
}

/// `*` any run, `?` one character; both lowercase already.
pub fn glob_match(glob: &str, text: &str) -> bool {
    let (g, t): (Vec<char>, Vec<char>) = (glob.chars().collect(), text.chars().collect());
    let (mut gi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == t[ti]) {
            gi += 1;
            ti += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some((gi, ti));
            gi += 1;
        } else if let Some((sg, st)) = star {
            gi = sg + 1;
            ti = st + 1;
            star = Some((sg, st + 1));
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_cluster_globs_and_negation() {
        let f = Filter::parse("cluster:prod-* !Running crash").unwrap();
        assert_eq!(f.terms.len(), 3);
        assert!(f.keeps_cluster("prod-eu"));
        assert!(!f.keeps_cluster("edge-cn"));
        assert_eq!(
            f.texts().collect::<Vec<_>>(),
            [("running", true), ("crash", false)]
        );
        assert!(Filter::parse("  ").is_none());
        let not = Filter::parse("!cluster:edge*").unwrap();
        assert!(not.keeps_cluster("prod-us") && !not.keeps_cluster("edge-cn"));
    }

    #[test]
    fn globs() {
        assert!(glob_match("prod-*", "prod-eu"));
        assert!(glob_match("*-eu", "prod-eu"));
        assert!(glob_match("p?od*", "prod"));
        assert!(!glob_match("prod", "prod-eu"));
        assert!(glob_match("*", ""));
    }

    #[test]
    fn typing_further_narrows() {
        let a = Filter::parse("svc-0").unwrap();
        let b = Filter::parse("svc-01").unwrap();
        assert!(b.narrows(&a));
        assert!(!a.narrows(&b));
        let c = Filter::parse("svc-0 x").unwrap();
        assert!(c.narrows(&a));
        assert!(
            !Filter::parse("!svc-01")
                .unwrap()
                .narrows(&Filter::parse("!svc-0").unwrap())
        );
        assert!(Filter::parse("5m").unwrap().uses_clock());
        assert!(!Filter::parse("web").unwrap().uses_clock());
    }
}
