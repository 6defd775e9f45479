//! The interactive loop: model events, keys, intents' results and signals in; a frame out only
//! when something changed: within 33 ms of a key (at most ~30 frames/s), at most 10 frames/s
//! for changes that come from the clusters, plus a 1 s tick for ages.

use std::io::Write;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use super::fleet::{Fleet, clock, drain};
use super::intents::Worker;
use crate::ui::{App, Reply, render};

/// The shortest gap between frames: a key shows within this.
const FRAME: Duration = Duration::from_millis(33);
/// The shortest gap between frames drawn for model changes alone: under churn the screen
/// updates 10 times a second, not 30, which is a third of the CPU.
const MODEL_FRAME: Duration = Duration::from_millis(100);

enum Input {
    Key(event::KeyEvent),
    Resize,
    /// The terminal went away (SSH drop, closed pty): quit rather than run on orphaned.
    Gone,
}

fn spawn_input_thread(tx: mpsc::UnboundedSender<Input>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let ev = match event::read() {
                    Ok(Event::Key(k)) => Input::Key(k),
                    Ok(Event::Resize(..)) => Input::Resize,
                    Ok(_) => continue,
                    Err(_) => Input::Gone,
                };
                let gone = matches!(ev, Input::Gone);
                if tx.send(ev).is_err() || gone {
                    return;
                }
            }
        })
        .expect("spawn input thread");
}

pub async fn run(
    mut fleet: Fleet,
    mut app: App,
    worker: Worker,
    mut ui_rx: mpsc::UnboundedReceiver<Reply>,
) -> anyhow::Result<()> {
    let mut terminal = ratatui::init(); // raw mode, alternate screen, panic hook that restores
    let result = event_loop(&mut terminal, &mut fleet, &mut app, &worker, &mut ui_rx).await;
    ratatui::restore();
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    fleet: &mut Fleet,
    app: &mut App,
    worker: &Worker,
    ui_rx: &mut mpsc::UnboundedReceiver<Reply>,
) -> anyhow::Result<()> {
    let (in_tx, mut in_rx) = mpsc::unbounded_channel();
    spawn_input_thread(in_tx);
    let mut hup = signal(SignalKind::hangup())?;
    let mut term = signal(SignalKind::terminate())?;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last_frame = Instant::now() - FRAME;
    let mut frames: u64 = 0;
    let mut trim = super::memory::TrimAfterRelists::default();
    // Changed by the clusters (not by the user): drawn at most every MODEL_FRAME.
    let mut model_dirty = false;
    loop {
        let since = last_frame.elapsed();
        if (app.dirty && since >= FRAME) || (model_dirty && since >= MODEL_FRAME) {
            let mut out = std::io::stdout();
            queue!(out, BeginSynchronizedUpdate)?;
            terminal.draw(|f| render::draw(f, app))?;
            execute!(out, EndSynchronizedUpdate)?;
            out.flush()?;
            app.dirty = false;
            model_dirty = false;
            last_frame = Instant::now();
            frames += 1;
        }
        let gap = if app.dirty { FRAME } else { MODEL_FRAME };
        let next_frame = tokio::time::Instant::from_std(last_frame + gap);
        tokio::select! {
            Some(ev) = fleet.events.recv() => {
                if drain(app.model_mut(), ev, &mut fleet.events) {
                    model_dirty = true;
                }
            }
            Some(input) = in_rx.recv() => match input {
                Input::Key(k) => {
                    for req in app.on_key(k) {
                        worker.spawn(req);
                    }
                }
                Input::Resize => {
                    terminal.autoresize()?;
                    app.dirty = true;
                }
                Input::Gone => {
                    tracing::info!("terminal gone; exiting");
                    break;
                }
            },
            Some(reply) = ui_rx.recv() => {
                for req in app.on_reply(reply) {
                    worker.spawn(req);
                }
            }
            _ = tick.tick() => {
                app.set_now(clock());
                trim.tick(app.model().relists());
            }
            _ = hup.recv() => { tracing::info!("SIGHUP; exiting"); break; }
            _ = term.recv() => { tracing::info!("SIGTERM; exiting"); break; }
            _ = tokio::time::sleep_until(next_frame), if app.dirty || model_dirty => {}
        }
        if app.quit_requested() {
            break;
        }
    }
    tracing::info!(frames, "ui loop ended");
    Ok(())
}
