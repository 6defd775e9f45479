//! The edge pane's Details box: the selected node, or the selected group with the
//! EdgeApplications that target it.

use ratatui::text::{Line, Span};

use crate::config::theme::Slot;
use crate::ui::pane::Cx;
use crate::views::edge::{EdgeRow, EdgeView, GRACE_SECS, GroupRow, kubeedge_version};

/// The selected node.
pub fn node(r: &EdgeRow, cx: &Cx) -> Vec<Line<'static>> {
    let t = cx.theme;
    let ip = r.ip.map_or_else(|| "-".to_string(), |i| i.to_string());
    vec![
        Line::from(vec![
            Span::styled(format!("{}/{}  ", r.context, r.node), t.style(Slot::Accent)),
            Span::raw(format!(
                "group {} · {} · kubelet {} · {} · {ip}",
                r.group.as_deref().unwrap_or("-"),
                kubeedge_version(&r.kubelet)
                    .map_or_else(|| "not KubeEdge".to_string(), |v| format!("KubeEdge {v}")),
                r.kubelet,
                if r.arch.is_empty() { "-" } else { &r.arch },
            )),
        ]),
        Line::styled(
            format!(
                "heartbeat from the {} · stale after {GRACE_SECS}s without one · {} pod(s){}",
                if r.from_lease {
                    "node Lease"
                } else {
                    "Ready condition"
                },
                r.pods,
                if r.unschedulable { " · cordoned" } else { "" }
            ),
            t.style(Slot::Dim),
        ),
    ]
}

pub fn group(view: &EdgeView, g: &GroupRow, cx: &Cx) -> Vec<Line<'static>> {
    let t = cx.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{}/{}  ", g.context, g.name), t.style(Slot::Accent)),
        Span::raw(format!(
            "{}/{} ready (status) · {}/{} ready (labelled) · matchLabels {} · nodes {}",
            g.status_ready,
            g.status_total,
            g.label_ready,
            g.label_total,
            if g.match_labels.is_empty() {
                "-"
            } else {
                &g.match_labels
            },
            if g.nodes.is_empty() {
                "-".to_string()
            } else {
                g.nodes.join(",")
            }
        )),
    ])];
    let apps: Vec<_> = view
        .apps
        .iter()
        .filter(|a| a.cluster == g.cluster && a.groups.iter().any(|(n, _)| *n == g.name))
        .collect();
    if apps.is_empty() {
        lines.push(Line::styled(
            "no EdgeApplication targets it",
            t.style(Slot::Dim),
        ));
    }
    for a in apps {
        let groups: Vec<String> = a
            .groups
            .iter()
            .map(|(n, s)| format!("{n} {}", s.as_deref().unwrap_or("-")))
            .collect();
        lines.push(Line::from(format!(
            "EdgeApplication {}/{}: {}",
            a.namespace,
            a.name,
            groups.join(" · ")
        )));
    }
    lines
}
