//! The interactive loop: model events, keys, intents' results and signals in; a frame out only
//! when something changed (at most ~30 frames/s, plus a 1 s tick for ages).

use std::io::Write;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::crossterm::{execute, queue};
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;

use super::fleet::{Fleet, clock, drain};
use super::intents::Executor;
use crate::ui::state::{Intent, Overlay};
use crate::ui::{App, render};

const FRAME: Duration = Duration::from_millis(33);

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
    exec: Executor,
    mut ui_rx: mpsc::UnboundedReceiver<crate::ui::UiMsg>,
) -> anyhow::Result<()> {
    let mut terminal = ratatui::init(); // raw mode, alternate screen, panic hook that restores
    let result = event_loop(&mut terminal, &mut fleet, &mut app, &exec, &mut ui_rx).await;
    ratatui::restore();
    result
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    fleet: &mut Fleet,
    app: &mut App,
    exec: &Executor,
    ui_rx: &mut mpsc::UnboundedReceiver<crate::ui::UiMsg>,
) -> anyhow::Result<()> {
    let (in_tx, mut in_rx) = mpsc::unbounded_channel();
    spawn_input_thread(in_tx);
    let mut hup = signal(SignalKind::hangup())?;
    let mut term = signal(SignalKind::terminate())?;
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut last_frame = Instant::now() - FRAME;
    let mut frames: u64 = 0;
    loop {
        if app.dirty && last_frame.elapsed() >= FRAME {
            let mut out = std::io::stdout();
            queue!(out, BeginSynchronizedUpdate)?;
            terminal.draw(|f| render::draw(f, app))?;
            execute!(out, EndSynchronizedUpdate)?;
            out.flush()?;
            app.dirty = false;
            last_frame = Instant::now();
            frames += 1;
        }
        let next_frame = tokio::time::Instant::from_std(last_frame + FRAME);
        tokio::select! {
            Some(ev) = fleet.events.recv() => {
                if drain(&mut app.model, ev, &mut fleet.events) {
                    app.dirty = true;
                }
            }
            Some(input) = in_rx.recv() => match input {
                Input::Key(k) => {
                    for intent in app.on_key(k) {
                        let title = match (&intent, &app.overlay) {
                            (Intent::FetchYaml { .. }, Some(Overlay::Yaml(y))) => y.title.clone(),
                            _ => String::new(),
                        };
                        exec.spawn(intent, title);
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
            Some(msg) = ui_rx.recv() => app.on_msg(msg),
            _ = tick.tick() => {
                app.now = clock();
                app.dirty = true;
            }
            _ = hup.recv() => { tracing::info!("SIGHUP; exiting"); break; }
            _ = term.recv() => { tracing::info!("SIGTERM; exiting"); break; }
            _ = tokio::time::sleep_until(next_frame), if app.dirty => {}
        }
        if app.quit {
            break;
        }
    }
    tracing::info!(frames, "ui loop ended");
    Ok(())
}
