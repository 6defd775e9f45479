//! The detail's lines: items (a label, lines of toned segments, and what Enter on them opens).

use super::{Detail, ago, health_tone, mode_text};
use crate::fleet::Ts;
use crate::kinds::Tone;
use crate::kinds::policy::PolicyRow;

/// What an item leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Link {
    Template,
    Policy,
    Binding,
    /// `Detail::clusters[i]`.
    Cluster(usize),
}

/// A piece of a line and its tone.
#[derive(Clone, Debug, PartialEq)]
pub struct Seg {
    pub text: String,
    pub tone: Tone,
}

/// A group of lines; selectable when it has a link.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The section's label on its first item (`Template`, `Policy`, …), else empty.
    pub label: &'static str,
    pub lines: Vec<Vec<Seg>>,
    pub link: Option<Link>,
}

impl Item {
    /// The item's text, lines joined by newlines (tests).
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.iter().map(|s| s.text.as_str()).collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn seg(text: impl Into<String>, tone: Tone) -> Seg {
    Seg {
        text: text.into(),
        tone,
    }
}

fn plain(text: impl Into<String>) -> Seg {
    seg(text, Tone::Normal)
}

fn sep() -> Seg {
    seg(" · ", Tone::Dim)
}

/// `Divided/Weighted, static weights prod-eu=2 …` (the JSON's `scheduling`).
pub(super) fn scheduling(p: &PolicyRow) -> String {
    mode_text(p)
}

fn template(d: &Detail) -> Item {
    let (r, b) = (&d.row, &d.binding);
    let mut first = vec![plain(format!("{} {}", r.kind, r.object()))];
    // A kind checked by presence (a Namespace) has no replicas to speak of.
    if !r.targets.iter().any(|t| t.presence) {
        first.push(sep());
        first.push(plain(format!("{} replicas", b.replicas)));
    }
    let mut lines = vec![first];
    // The template's own generation (on the control plane) vs what the members applied.
    if let Some(t) = &r.template {
        let behind: Vec<String> = b
            .aggregated
            .iter()
            .filter(|a| a.template_generation > 0 && a.template_generation < t.generation)
            .map(|a| format!("{} at {}", a.cluster, a.template_generation))
            .collect();
        lines.push(match (behind.is_empty(), r.observed_generation) {
            (false, _) => vec![seg(
                format!(
                    "template generation {}, not yet applied on {}",
                    t.generation,
                    behind.join(", ")
                ),
                Tone::Warn,
            )],
            (true, Some(_)) => vec![seg(
                format!(
                    "template generation {}, applied on every member",
                    t.generation
                ),
                Tone::Dim,
            )],
            (true, None) => vec![seg(
                format!(
                    "template generation {} (members do not report theirs)",
                    t.generation
                ),
                Tone::Dim,
            )],
        });
    }
    let (g, seen) = (b.detail.generation, b.detail.observed_generation);
    if g > 0 && seen > 0 {
        lines.push(if seen < g {
            vec![seg(
                format!("binding generation {g} not yet observed by the scheduler (it saw {seen})"),
                Tone::Warn,
            )]
        } else {
            vec![seg(
                format!("binding generation {g}, observed by the scheduler"),
                Tone::Dim,
            )]
        });
    }
    Item {
        label: "Template",
        lines,
        link: Some(Link::Template),
    }
}

fn policy(d: &Detail) -> Item {
    let Some((kind, key)) = d.policy_ref() else {
        return Item {
            label: "Policy",
            lines: vec![vec![seg("none: the binding names no policy", Tone::Warn)]],
            link: None,
        };
    };
    let mut first = vec![plain(format!("{kind} {key}"))];
    let Some(p) = &d.policy else {
        first.push(seg(
            format!(" — not found on {}", d.row.context),
            Tone::Warn,
        ));
        return Item {
            label: "Policy",
            lines: vec![first],
            link: Some(Link::Policy),
        };
    };
    let mut lines = vec![first];
    let dim = |s: &str| seg(s, Tone::Dim);
    lines.push(vec![dim("selects "), plain(p.selectors.join(", "))]);
    let pl = &p.placement;
    let clusters = match pl.affinity().map(|a| a.describe()) {
        Some(a) if a != "all" => a,
        _ => "all (no clusterAffinity)".into(),
    };
    let mut affinity = vec![dim("clusters "), plain(clusters)];
    if pl.cluster_affinity.is_none() && pl.cluster_affinities.len() > 1 {
        affinity.push(dim(&format!(
            " (the first of {} affinity groups)",
            pl.cluster_affinities.len()
        )));
    }
    lines.push(affinity);
    if !pl.spread_constraints.is_empty() {
        let s: Vec<String> = pl.spread_constraints.iter().map(|s| s.describe()).collect();
        lines.push(vec![dim("spread "), plain(s.join(", "))]);
    }
    lines.push(vec![dim("replicas "), plain(mode_text(p))]);
    if !pl.cluster_tolerations.is_empty() {
        let t: Vec<String> = pl
            .cluster_tolerations
            .iter()
            .map(|t| t.describe())
            .collect();
        lines.push(vec![dim("tolerates "), plain(t.join(", "))]);
    }
    if let Some(f) = &p.failover {
        lines.push(vec![dim("failover "), plain(f.describe())]);
    }
    Item {
        label: "Policy",
        lines,
        link: Some(Link::Policy),
    }
}

fn binding(d: &Detail, now: Ts) -> Item {
    let b = &d.binding;
    let mut first = vec![plain(if b.namespace.is_empty() {
        format!("ClusterResourceBinding {}", b.name)
    } else {
        format!("{}/{}", b.namespace, b.name)
    })];
    if b.detail.last_scheduled > 0 {
        first.push(sep());
        first.push(seg(
            format!("scheduled {}", ago(b.detail.last_scheduled, now)),
            Tone::Dim,
        ));
    }
    let mut lines = vec![first];
    let mut fine = Vec::new();
    for c in &b.detail.conditions {
        let tone = if &*c.status == "True" {
            Tone::Ok
        } else {
            Tone::Warn
        };
        let mut s = format!("{} {}", c.type_, c.status);
        if !c.reason.is_empty() {
            s.push_str(&format!(" ({})", c.reason));
        }
        if c.message.is_empty() {
            if !fine.is_empty() {
                fine.push(sep());
            }
            fine.push(seg(s, tone));
        } else {
            lines.push(vec![seg(format!("{s}: {}", c.message), tone)]);
        }
    }
    if b.detail.conditions.is_empty() {
        fine.push(seg("no conditions yet", Tone::Warn));
    }
    if !fine.is_empty() {
        lines.insert(1, fine);
    }
    for e in &b.evictions {
        let mut s = format!("evicting from {}: {}", e.cluster, e.reason);
        if !e.producer.is_empty() {
            s.push_str(&format!(", by {}", e.producer));
        }
        if !e.message.is_empty() {
            s.push_str(&format!(" ({})", e.message));
        }
        lines.push(vec![seg(s, Tone::Warn)]);
    }
    Item {
        label: "Binding",
        lines,
        link: Some(Link::Binding),
    }
}

/// A target: assigned, applied, health, the member; then Karmada's Cluster and the Work.
fn target(d: &Detail, i: usize, label: &'static str) -> Item {
    let c = &d.clusters[i];
    let t = c.target.as_ref().expect("a target");
    let assigned = t.replicas.map_or("-".into(), |r| r.to_string());
    let mut first = vec![plain(format!("{}: ", c.name))];
    if !t.presence {
        first.push(plain(format!("{assigned} assigned")));
        first.push(sep());
    }
    first.push(match t.applied {
        Some(true) => seg("applied", Tone::Ok),
        Some(false) => seg("not applied", Tone::Err),
        None => seg("not reported", Tone::Warn),
    });
    if let Some(h) = &t.health {
        first.push(sep());
        first.push(seg(h.to_string(), health_tone(Some(h))));
    }
    first.push(sep());
    first.push(match (c.member.is_some(), t.member) {
        (_, Some(_)) if t.presence => seg(format!("{} on the member", d.row.kind), Tone::Ok),
        (_, Some(m)) => seg(
            format!("ready {}/{}", m.ready, m.desired),
            if m.ready >= t.replicas.unwrap_or(0) {
                Tone::Ok
            } else {
                Tone::Warn
            },
        ),
        (true, None) if matches!(&*d.row.kind, "Deployment" | "StatefulSet" | "Namespace") => {
            seg(format!("no {} on the member", d.row.kind), Tone::Warn)
        }
        (true, None) => seg(format!("{} not joined", d.row.kind), Tone::Dim),
        (false, None) => seg("karmada-only (not a context)", Tone::Dim),
    });
    let mut lines = vec![first];
    if !t.message.is_empty() {
        lines.push(vec![seg(t.message.to_string(), Tone::Warn)]);
    }
    let mut second = karmada(c.karmada.as_ref());
    second.push(sep());
    second.push(seg(format!("Work {}", d.work(&c.name)), Tone::Dim));
    lines.push(second);
    Item {
        label,
        lines,
        link: Some(Link::Cluster(i)),
    }
}

/// `Karmada Ready · taints a:NoSchedule`, `Karmada NotReady (ClusterNotReachable)`.
fn karmada(k: Option<&crate::kinds::karmada_cluster::KarmadaClusterRow>) -> Vec<Seg> {
    let Some(k) = k else {
        return vec![seg("no Karmada Cluster by this name", Tone::Warn)];
    };
    let mut v = vec![match (k.ready, &k.reason) {
        (Some(true), _) => seg("Karmada Ready", Tone::Ok),
        (_, Some(r)) => seg(format!("Karmada NotReady ({r})"), Tone::Err),
        _ => seg("Karmada NotReady", Tone::Err),
    }];
    if !k.taints.is_empty() {
        let t: Vec<String> = k.taints.iter().map(|t| t.to_string()).collect();
        v.push(sep());
        v.push(seg(format!("taints {}", t.join(",")), Tone::Warn));
    }
    v
}

/// A Karmada cluster without the workload, and why.
fn other(d: &Detail, i: usize, label: &'static str) -> Item {
    let c = &d.clusters[i];
    let mut line = vec![plain(format!("{}: ", c.name))];
    line.push(match c.karmada.as_ref().and_then(|k| k.ready) {
        Some(true) => seg("Ready", Tone::Ok),
        _ => seg("NotReady", Tone::Err),
    });
    for w in &c.why_not {
        line.push(sep());
        let tone = if w.starts_with("eligible") || w.starts_with("excluded") {
            Tone::Dim
        } else {
            Tone::Warn
        };
        line.push(seg(w.clone(), tone));
    }
    Item {
        label,
        lines: vec![line],
        link: Some(Link::Cluster(i)),
    }
}

pub(super) fn items(d: &Detail, now: Ts) -> Vec<Item> {
    let mut v = vec![template(d)];
    if !d.row.problems.is_empty() {
        v.push(Item {
            label: "Problems",
            lines: vec![vec![seg(d.row.problems.join(", "), Tone::Warn)]],
            link: None,
        });
    }
    v.push(policy(d));
    v.push(binding(d, now));
    let mut first_target = true;
    let mut first_other = true;
    for (i, c) in d.clusters.iter().enumerate() {
        if c.target.is_some() {
            let label = if first_target { "Targets" } else { "" };
            first_target = false;
            v.push(target(d, i, label));
        } else {
            let label = if first_other { "Not on" } else { "" };
            first_other = false;
            v.push(other(d, i, label));
        }
    }
    if first_target {
        v.push(Item {
            label: "Targets",
            lines: vec![vec![seg("none: nothing is scheduled yet", Tone::Warn)]],
            link: None,
        });
    }
    v
}
