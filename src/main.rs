use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use tokio::sync::mpsc;

use fleetdeck::actions::AuditLog;
use fleetdeck::cli::{Cli, Command, Global};
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::paths::Paths;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::runtime::fleet::{self, Fleet};
use fleetdeck::runtime::intents::{self, Worker};
use fleetdeck::runtime::{act, snapshot, tui};
use fleetdeck::sources::kube::kubeconfig::KubeconfigOpts;
use fleetdeck::ui::App;

fn start(g: &Global, live: bool) -> anyhow::Result<Fleet> {
    if g.demo {
        Ok(fleet::start_demo(g.seed, fleet::clock(), live))
    } else {
        fleet::start_kube(&KubeconfigOpts {
            file: g.kubeconfig.clone(),
            contexts: g.context.clone(),
        })
    }
}

fn load_look(g: &Global, paths: &Paths, mode: ColorMode) -> anyhow::Result<(Theme, Keymap)> {
    let theme = Theme::load(&g.theme, Some(&paths.config_dir), mode)?;
    let keymap = Keymap::load(&g.keymap, Some(&paths.config_dir))?;
    Ok((theme, keymap))
}

#[tokio::main]
async fn main() {
    if let Err(e) = real_main().await {
        eprintln!("fleetdeck: {e:#}");
        std::process::exit(1);
    }
}

async fn real_main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let paths = Paths::from_env();
    let g = &cli.global;
    match cli.command {
        Some(Command::Info) => {
            println!("config dir: {}", paths.config_dir.display());
            println!("state dir:  {}", paths.state_dir.display());
            println!("log dir:    {}", paths.log_dir().display());
            println!("audit log:  {}", paths.audit_log().display());
            Ok(())
        }
        Some(Command::Act(args)) => {
            let _guard = fleetdeck::logging::init(&paths.log_dir()).ok();
            let outcome = act::run(g, &args, &paths).await;
            if outcome.code == 0 || args.json {
                print!("{}", outcome.out);
            } else {
                eprint!("{}", outcome.out);
            }
            drop(_guard);
            std::process::exit(outcome.code);
        }
        Some(Command::Snapshot(args)) => {
            let _guard = fleetdeck::logging::init(&paths.log_dir()).ok();
            let (theme, keymap) = load_look(g, &paths, ColorMode::NoColor)?;
            let fleet = start(g, false)?;
            let out = snapshot::run(
                fleet,
                snapshot::SnapshotOpts {
                    wait: Duration::from_secs_f64(args.wait_sync.max(0.0)),
                    pane: args.pane,
                    width: args.size.0,
                    height: args.size.1,
                    json: args.json,
                },
                theme,
                keymap,
            )
            .await?;
            print!("{out}");
            drop(_guard); // flush the log before leaving
            // Sessions may still be retrying unreachable clusters: do not wait for them.
            std::process::exit(0);
        }
        None => {
            let mode = ColorMode::detect(&|k| std::env::var(k).ok());
            let (theme, keymap) = load_look(g, &paths, mode)?;
            let _guard = fleetdeck::logging::init(&paths.log_dir()).with_context(|| {
                format!("cannot write logs under {}", paths.log_dir().display())
            })?;
            tracing::info!(demo = g.demo, readonly = g.readonly, "starting");
            let fleet = start(g, true)?;
            let model = fleet.model();
            let (ui_tx, ui_rx) = mpsc::unbounded_channel();
            let applying = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let worker = Worker {
                exec: fleet.exec.clone(),
                contexts: fleet.contexts.clone(),
                readonly: g.readonly,
                audit: AuditLog::new(paths.audit_log()),
                tx: ui_tx,
                applying: applying.clone(),
            };
            let app = App::new(model, theme, keymap, g.readonly, fleet::clock());
            let result = tui::run(fleet, app, worker, ui_rx).await;
            // A plan under way finishes (applied and audited, or reverted) before the exit.
            intents::wait_for_plans(&applying, Duration::from_secs(60)).await;
            if let Err(e) = &result {
                tracing::error!(error = %e, "ui failed");
            }
            tracing::info!("exiting");
            drop(_guard); // flush the log: process::exit runs no destructors
            result?;
            // Watch tasks may be mid-backoff: leave without waiting for them.
            std::process::exit(0);
        }
    }
}
