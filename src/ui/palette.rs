//! The `:` command palette: fuzzy search over panes, clusters, resource kinds and objects.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::state::{PaletteItem, PaletteTarget};
use crate::fleet::FleetModel;
use crate::views::{self, Tab};

pub const MAX_RESULTS: usize = 50;

/// Everything the palette can jump to.
pub fn items(model: &FleetModel) -> Vec<PaletteItem> {
    let mut out = vec![
        PaletteItem {
            label: "pane: fleet overview".into(),
            target: PaletteTarget::Fleet,
        },
        PaletteItem {
            label: "pane: help".into(),
            target: PaletteTarget::Help,
        },
    ];
    for (id, c) in model.clusters.iter().enumerate() {
        out.push(PaletteItem {
            label: format!("cluster: {}", c.context),
            target: PaletteTarget::Cluster(id),
        });
        for tab in views::tabs(c) {
            out.push(PaletteItem {
                label: format!("{} › {}", c.context, tab.title().to_lowercase()),
                target: PaletteTarget::Tab(id, tab),
            });
        }
    }
    for (id, c) in model.clusters.iter().enumerate() {
        let objects = c
            .nodes
            .keys()
            .map(|k| (Tab::Nodes, "node", k))
            .chain(
                c.deployments
                    .keys()
                    .map(|k| (Tab::Deployments, "deploy", k)),
            )
            .chain(
                c.karmada_clusters
                    .keys()
                    .map(|k| (Tab::KarmadaClusters, "karmada-cluster", k)),
            )
            .chain(c.queues.keys().map(|k| (Tab::Queues, "queue", k)))
            .chain(c.pods.keys().map(|k| (Tab::Pods, "pod", k)));
        for (tab, kind, key) in objects {
            out.push(PaletteItem {
                label: format!("{kind} {key} @ {}", c.context),
                target: PaletteTarget::Object(id, tab, key.clone()),
            });
        }
    }
    out
}

/// Best matches for `query`, best first, with the matched character indices.
pub fn matches(model: &FleetModel, query: &str) -> Vec<(PaletteItem, Vec<usize>)> {
    let all = items(model);
    if query.trim().is_empty() {
        return all
            .into_iter()
            .take(MAX_RESULTS)
            .map(|i| (i, vec![]))
            .collect();
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(i64, PaletteItem, Vec<usize>)> = all
        .into_iter()
        .filter_map(|item| {
            matcher
                .fuzzy_indices(&item.label, query)
                .map(|(score, idx)| (score, item, idx))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| a.1.label.len().cmp(&b.1.label.len()))
    });
    scored
        .into_iter()
        .take(MAX_RESULTS)
        .map(|(_, i, idx)| (i, idx))
        .collect()
}
