//! The real binary in a real terminal: a detached tmux session on a private socket, driven with
//! `send-keys` and read with `capture-pane` (the text a user would see).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use super::support::{poll, say, sh_quote};

pub const WIDTH: u16 = 160;
pub const HEIGHT: u16 = 45;

/// What the pane prints after fleetdeck exits (the session stays for capture-pane).
pub const EXITED: &str = "[fleetdeck exited with status ";

/// A fleetdeck TUI in its own tmux server (socket `-L`), killed on drop.
pub struct Tui {
    socket: String,
    session: String,
    /// The state dir the TUI writes its audit log and logs to.
    pub state_dir: PathBuf,
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Tui {
    /// Start `fleetdeck ARGS...` in a WIDTH×HEIGHT tmux pane, with its config and state under `dir`.
    pub fn start(name: &str, dir: &Path, args: &[&str]) -> Tui {
        assert!(
            tmux_available(),
            "tmux is needed for the TUI scenarios (scripts/e2e.sh installs it: apt-get install tmux)"
        );
        let state_dir = dir.join("state");
        let config_dir = dir.join("config");
        std::fs::create_dir_all(&state_dir).unwrap();
        std::fs::create_dir_all(&config_dir).unwrap();
        let mut cmd = format!(
            "env FLEETDECK_STATE_DIR={} FLEETDECK_CONFIG_DIR={} {}",
            sh_quote(&state_dir.display().to_string()),
            sh_quote(&config_dir.display().to_string()),
            sh_quote(env!("CARGO_BIN_EXE_fleetdeck")),
        );
        for a in args {
            cmd.push(' ');
            cmd.push_str(&sh_quote(a));
        }
        // Keep the pane after fleetdeck exits so the exit status can be read from the screen.
        cmd.push_str(&format!("; echo \"{EXITED}$?]\"; sleep 3600"));
        let tui = Tui {
            socket: format!("fleetdeck-e2e-{}-{name}", std::process::id()),
            session: name.to_string(),
            state_dir,
        };
        let out = tui.tmux(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            &WIDTH.to_string(),
            "-y",
            &HEIGHT.to_string(),
            &cmd,
        ]);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        say(format!(
            "  tmux session {name}: fleetdeck {}",
            args.join(" ")
        ));
        tui
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// The visible screen as text.
    pub fn screen(&self) -> String {
        let out = self.tmux(&["capture-pane", "-p", "-t", &self.session]);
        assert!(
            out.status.success(),
            "capture-pane: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Key names as tmux knows them: `Enter`, `Escape`, `Down`, `Tab`, `c`, `?`.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        let out = self.tmux(&args);
        assert!(
            out.status.success(),
            "send-keys {keys:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Type text literally.
    pub fn type_text(&self, text: &str) {
        let out = self.tmux(&["send-keys", "-t", &self.session, "-l", text]);
        assert!(
            out.status.success(),
            "send-keys -l {text:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Poll the screen every 200 ms until `pred` holds (at most `limit`); the screen then.
    pub async fn wait_for(
        &self,
        what: &str,
        limit: Duration,
        pred: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        poll(what, limit, || {
            let s = self.screen();
            let ok = pred(&s);
            async move { if ok { Ok(s) } else { Err(s) } }
        })
        .await
    }

    /// Print a screen when `E2E_SCREENS=1` (to see what the scenario saw).
    pub fn show(&self, label: &str, screen: &str) {
        if std::env::var("E2E_SCREENS").is_ok_and(|v| v == "1") {
            say(format!("  --- {} · {label}:\n{screen}", self.session));
        }
    }

    /// The fleetdeck log of this session (for failure reports).
    pub fn log_tail(&self, lines: usize) -> String {
        let path = self.state_dir.join("logs");
        let mut text = String::new();
        if let Ok(dir) = std::fs::read_dir(&path) {
            for f in dir.flatten() {
                text.push_str(&std::fs::read_to_string(f.path()).unwrap_or_default());
            }
        }
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if std::thread::panicking() {
            say(format!(
                "  --- screen of {} at failure:\n{}\n  --- log tail:\n{}",
                self.session,
                self.screen(),
                self.log_tail(30)
            ));
        }
        // Our own server (private socket): this ends fleetdeck if it still runs, and the sleep.
        let _ = self.tmux(&["kill-server"]);
    }
}

/// Overview rows: (context, state) from lines like `│member1      Ready   member …`.
pub fn overview_states(screen: &str) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for line in screen.lines() {
        let body = line.trim_start_matches('│');
        if body.len() == line.len() {
            continue;
        }
        let mut words = body.split_whitespace();
        if let (Some(ctx), Some(state)) = (words.next(), words.next()) {
            rows.push((ctx.to_string(), state.to_string()));
        }
    }
    rows
}

/// Whether every context has an overview row in state `state`.
pub fn all_in_state(screen: &str, contexts: &[String], state: &str) -> bool {
    let rows = overview_states(screen);
    contexts
        .iter()
        .all(|c| rows.iter().any(|(ctx, st)| ctx == c && st == state))
}

/// The context named in the first line of the Details box (the selected overview row).
pub fn selected_context(screen: &str) -> Option<String> {
    let mut lines = screen.lines();
    lines.find(|l| l.contains(" Details "))?;
    let first = lines.next()?;
    first
        .trim_start_matches('│')
        .split_whitespace()
        .next()
        .map(str::to_string)
}
