//! Headless snapshot: the same sources, model, views and panes as the TUI, printed once.

use std::time::{Duration, Instant};

use super::fleet::{Fleet, clock, drain};
use crate::config::keymap::Keymap;
use crate::config::theme::Theme;
use crate::ui::App;
use crate::ui::render::to_text;
use crate::views::{self, SnapshotJson};

pub struct SnapshotOpts {
    pub wait: Duration,
    /// A registered pane (`fleet`, `warnings`, `cluster:CTX[:KIND]`, `all:KIND`); None: the
    /// overview (and, with `json`, the fleet summary).
    pub pane: Option<String>,
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

pub async fn run(
    mut fleet: Fleet,
    opts: SnapshotOpts,
    theme: Theme,
    keymap: Keymap,
) -> anyhow::Result<String> {
    let (model, sync_ms) = settle(&mut fleet, opts.wait).await;
    let now = clock();
    let Some(pane) = opts.pane else {
        if opts.json {
            let out = SnapshotJson {
                clusters: views::fleet_overview(&model, now),
                sync_ms,
            };
            return Ok(serde_json::to_string_pretty(&out)? + "\n");
        }
        let mut app = App::new(model, theme, keymap, false, now);
        return Ok(to_text(&mut app, opts.width, opts.height));
    };
    let mut app = App::new(model, theme, keymap, false, now);
    app.open(&pane).map_err(|e| anyhow::anyhow!(e))?;
    if opts.json {
        let mut out = serde_json::json!({"pane": app.pane_name(), "rows": app.rows_json()});
        if let Some(s) = app.summary_json() {
            out["summary"] = s;
        }
        return Ok(serde_json::to_string_pretty(&out)? + "\n");
    }
    Ok(to_text(&mut app, opts.width, opts.height))
}
