//! The editor tests' harness: the app over the demo fleet, every request it makes carried out
//! by the real worker (`runtime::intents`) against the demo's executor, the demo's changes fed
//! back into the model.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use fleetdeck::actions::AuditLog;
use fleetdeck::config::keymap::Keymap;
use fleetdeck::config::theme::{ColorMode, Theme};
use fleetdeck::fleet::{FleetEvent, FleetModel, Kind, ObjKey};
use fleetdeck::runtime::fleet::start_demo;
use fleetdeck::runtime::intents::Worker;
use fleetdeck::sources::demo::DemoSim;
use fleetdeck::ui::render::to_text;
use fleetdeck::ui::{App, Reply, Request};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::common::{H, NOW, SEED, W, code, key};

/// The app and the demo fleet behind it, every request answered by the worker.
pub struct Live {
    rt: tokio::runtime::Runtime,
    pub app: App,
    pub worker: Worker,
    replies: mpsc::UnboundedReceiver<Reply>,
    events: mpsc::Receiver<FleetEvent>,
    _dir: tempfile::TempDir,
}

impl Live {
    pub fn new(readonly: bool) -> Live {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let fleet = rt.block_on(async { start_demo(SEED, NOW, false) });
        // The same seed builds the same fleet: the model starts synced.
        let sim = DemoSim::new(SEED, NOW);
        let mut model = FleetModel::new(sim.contexts());
        model.apply_all(sim.initial_events());
        let theme = Theme::preset("dark", ColorMode::NoColor).unwrap();
        let app = App::new(model, theme, Keymap::default(), readonly, NOW);
        let dir = tempfile::tempdir().unwrap();
        let (tx, replies) = mpsc::unbounded_channel();
        let worker = Worker {
            exec: fleet.exec,
            contexts: fleet.contexts,
            readonly,
            audit: AuditLog::new(dir.path().join("audit.log")),
            tx,
            applying: Arc::new(AtomicUsize::new(0)),
        };
        Live {
            rt,
            app,
            worker,
            replies,
            events: fleet.events,
            _dir: dir,
        }
    }

    /// A key; what it asked for is carried out (and what the replies ask for, in turn).
    pub fn key(&mut self, ev: KeyEvent) -> Vec<Request> {
        let reqs = self.app.on_key(ev);
        self.pump(reqs.clone());
        reqs
    }

    pub fn typed(&mut self, s: &str) {
        for c in s.chars() {
            self.key(key(c));
        }
    }

    pub fn pump(&mut self, mut reqs: Vec<Request>) {
        while !reqs.is_empty() {
            let mut next = Vec::new();
            for r in reqs {
                {
                    let _in = self.rt.enter();
                    self.worker.spawn(r);
                }
                let replies = &mut self.replies;
                let reply = self
                    .rt
                    .block_on(async {
                        tokio::time::timeout(Duration::from_secs(20), replies.recv()).await
                    })
                    .expect("a reply")
                    .expect("worker alive");
                self.settle();
                next.extend(self.app.on_reply(reply));
            }
            reqs = next;
        }
    }

    /// What the demo fleet changed reaches the model.
    pub fn settle(&mut self) {
        self.rt
            .block_on(async { tokio::time::sleep(Duration::from_millis(20)).await });
        while let Ok(ev) = self.events.try_recv() {
            self.app.model_mut().apply(ev);
        }
    }

    pub fn screen(&mut self) -> String {
        to_text(&mut self.app, W, H)
    }

    pub fn policy(&self, kind: Kind, key: &ObjKey) -> Value {
        self.rt
            .block_on(self.worker.exec.get(0, kind, key))
            .unwrap()
    }

    /// Someone else changes the policy on the control plane.
    pub fn meddle(&self, kind: Kind, key: &ObjKey, ops: Value) {
        self.rt
            .block_on(self.worker.exec.patch(0, kind, key, &ops, false))
            .unwrap();
    }

    /// A filter typed over the focused table.
    pub fn filter(&mut self, words: &str) {
        self.key(key('/'));
        self.key(ctrl('u'));
        self.typed(words);
        self.key(code(KeyCode::Enter));
    }

    /// The propagation pane, shop/cart's row, `E`: the editor on PropagationPolicy shop/cart.
    pub fn edit_cart(&mut self) {
        self.app.open("propagation").unwrap();
        self.filter("deployment cart");
        let reqs = self.key(key('E'));
        assert!(
            matches!(&reqs[..], [Request::Object { obj, .. }]
                if obj.kind == Kind::PropagationPolicy && obj.key == cart()),
            "{reqs:?}"
        );
        assert_eq!(self.app.overlays(), ["editor"]);
    }

    /// The cursor to line `l` (1-based), column 1.
    pub fn goto_line(&mut self, l: usize) {
        self.key(ctrl_home());
        for _ in 1..l {
            self.key(code(KeyCode::Down));
        }
        self.key(code(KeyCode::Home));
    }

    /// A new line `text` after the line holding `after`.
    pub fn add_after(&mut self, after: &str, text: &str) {
        let l = self.line_of(after);
        self.goto_line(l);
        self.key(code(KeyCode::End));
        self.key(code(KeyCode::Enter));
        self.typed(text);
    }

    /// The line of the editor's text holding `s` (1-based, from the line numbers on screen).
    pub fn line_of(&mut self, s: &str) -> usize {
        let screen = self.screen();
        let line = screen
            .lines()
            .find(|l| l.contains(s))
            .unwrap_or_else(|| panic!("no {s:?} on screen:\n{screen}"));
        line.trim_start_matches(['│', ' '])
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no line number in {line:?}"))
    }
}

pub fn cart() -> ObjKey {
    ObjKey::new(Some("shop"), "cart")
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn ctrl_home() -> KeyEvent {
    // The text area's "top of the text" (alt-<).
    KeyEvent::new(KeyCode::Char('<'), KeyModifiers::ALT)
}

pub fn names(v: &Value) -> Value {
    v["spec"]["placement"]["clusterAffinity"]["clusterNames"].clone()
}
