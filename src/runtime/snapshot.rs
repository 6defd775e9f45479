//! Headless snapshot: the same sources, model, views and panes as the TUI, printed once.

use std::time::{Duration, Instant};

use super::fleet::{Fleet, clock, drain};
use crate::config::keymap::Keymap;
use crate::config::theme::Theme;
use crate::ui::App;
use crate::ui::render::to_text;
use crate::ui::state::{ClusterView, Screen};
use crate::views::{self, SnapshotJson, SortSpec, Tab};

pub struct SnapshotOpts {
    pub wait: Duration,
    pub pane: String,
    pub width: u16,
    pub height: u16,
    pub json: bool,
}

/// Wait until every cluster is Ready, Degraded or Unreachable (or the wait runs out).
pub async fn settle(fleet: &mut Fleet, wait: Duration) -> (crate::fleet::FleetModel, u64) {
    let start = Instant::now();
    let mut model = fleet.model();
    let deadline = tokio::time::Instant::now() + wait;
    while !model.all_settled() {
        match tokio::time::timeout_at(deadline, fleet.events.recv()).await {
            Ok(Some(ev)) => {
                drain(&mut model, ev, &mut fleet.events);
            }
            Ok(None) | Err(_) => break,
        }
    }
    // Take in whatever already arrived with the last list.
    while let Ok(ev) = fleet.events.try_recv() {
        model.apply(ev);
    }
    (model, start.elapsed().as_millis() as u64)
}

fn tab_by_name(name: &str) -> Option<Tab> {
    [
        Tab::Nodes,
        Tab::Deployments,
        Tab::Pods,
        Tab::Events,
        Tab::KarmadaClusters,
        Tab::Policies,
        Tab::Bindings,
        Tab::Queues,
        Tab::Routes,
    ]
    .into_iter()
    .find(|t| {
        t.title().to_lowercase().replace(' ', "-") == name.to_lowercase()
            || format!("{t:?}").to_lowercase() == name.to_lowercase()
    })
}

pub async fn run(
    mut fleet: Fleet,
    opts: SnapshotOpts,
    theme: Theme,
    keymap: Keymap,
) -> anyhow::Result<String> {
    let (model, sync_ms) = settle(&mut fleet, opts.wait).await;
    let now = clock();
    if opts.json {
        let out = SnapshotJson {
            clusters: views::fleet_overview(&model, now),
            sync_ms,
        };
        return Ok(serde_json::to_string_pretty(&out)? + "\n");
    }
    let mut app = App::new(model, theme, keymap, false, now);
    if opts.pane != "fleet" {
        // cluster:CONTEXT[:TAB]
        let mut parts = opts.pane.splitn(3, ':');
        let (Some("cluster"), Some(ctx)) = (parts.next(), parts.next()) else {
            anyhow::bail!(
                "unknown pane {:?}: use `fleet` or `cluster:CONTEXT[:TAB]`",
                opts.pane
            );
        };
        let (id, _) = app
            .model
            .cluster_by_context(ctx)
            .ok_or_else(|| anyhow::anyhow!("no context {ctx:?} in this fleet"))?;
        let tab = match parts.next() {
            Some(t) => tab_by_name(t).ok_or_else(|| {
                anyhow::anyhow!("unknown tab {t:?} (nodes, deployments, pods, warnings, ...)")
            })?,
            None => Tab::Nodes,
        };
        app.screen = Screen::Cluster(ClusterView {
            id,
            tab,
            selected: 0,
            sort: SortSpec::default(),
            filter: String::new(),
        });
    }
    Ok(to_text(&mut app, opts.width, opts.height))
}
