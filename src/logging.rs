//! Logs go to a daily file in the private state dir (`logs/fleetdeck.log.YYYY-MM-DD`, 0600);
//! nothing is printed while the TUI runs.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

use crate::config::paths::{private_dir, private_file};

/// Appends to today's file (UTC), opened 0600; a new file when the day changes.
struct DailyPrivate {
    dir: PathBuf,
    day: String,
    file: Option<File>,
}

fn today() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

impl DailyPrivate {
    fn file(&mut self) -> io::Result<&mut File> {
        let day = today();
        if self.file.is_none() || day != self.day {
            let path = self.dir.join(format!("fleetdeck.log.{day}"));
            self.file = Some(private_file(&path)?);
            self.day = day;
        }
        Ok(self.file.as_mut().expect("opened"))
    }
}

impl Write for DailyPrivate {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// Keep the returned guard alive for the whole run, or buffered lines are lost. The state dir
/// and the log dir are made 0700.
pub fn init(log_dir: &Path) -> anyhow::Result<WorkerGuard> {
    if let Some(state) = log_dir.parent() {
        private_dir(state)?;
    }
    private_dir(log_dir)?;
    let mut writer = DailyPrivate {
        dir: log_dir.to_path_buf(),
        day: String::new(),
        file: None,
    };
    writer.file()?;
    let (writer, guard) = tracing_appender::non_blocking(writer);
    let user = std::env::var("FLEETDECK_LOG").ok();
    tracing_subscriber::fmt()
        .with_env_filter(filter(user.as_deref()))
        .with_writer(writer)
        .with_ansi(false)
        .init();
    Ok(guard)
}

/// The user's filter (`FLEETDECK_LOG`), with the HTTP and TLS stacks' internals capped at warn
/// whatever it says: their debug and trace output floods the log and may carry request details
/// or an exec plugin's stdout, i.e. credentials.
pub fn filter(user: Option<&str>) -> EnvFilter {
    let base = user
        .and_then(|u| EnvFilter::try_new(u).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    [
        "kube=warn",
        "kube_client=warn",
        "kube_runtime=warn",
        "hyper=warn",
        "hyper_util=warn",
        "h2=warn",
        "rustls=warn",
        "tower=warn",
        "tower_http=warn",
        "tokio_util=warn",
    ]
    .iter()
    .fold(base, |f, d| {
        f.add_directive(d.parse().expect("static directive"))
    })
}

#[cfg(test)]
mod tests {
    use super::filter;

    #[test]
    fn http_internals_stay_capped_even_at_trace() {
        let f = filter(Some("trace")).to_string();
        for d in [
            "kube_runtime=warn",
            "kube_client=warn",
            "hyper=warn",
            "h2=warn",
        ] {
            assert!(f.contains(d), "{f}");
        }
        assert!(f.contains("trace"), "{f}");
        assert!(
            filter(Some("not a [valid filter"))
                .to_string()
                .contains("info")
        );
    }
}
