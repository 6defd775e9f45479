//! Logs go to a daily-rolling file in the state dir; nothing is printed while the TUI runs.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Keep the returned guard alive for the whole run, or buffered lines are lost.
pub fn init(log_dir: &Path) -> anyhow::Result<WorkerGuard> {
    std::fs::create_dir_all(log_dir)?;
    let appender = tracing_appender::rolling::daily(log_dir, "fleetdeck.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter = EnvFilter::try_from_env("FLEETDECK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,kube=warn,hyper=warn,rustls=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .init();
    Ok(guard)
}

/// The user's filter (`FLEETDECK_LOG`), with kube's and hyper's internals capped whatever it says:
/// their debug output may carry request details or an exec plugin's stdout, i.e. credentials.
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
        "rustls=warn",
        "tower=warn",
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
    fn kube_internals_stay_capped_even_at_debug() {
        let f = filter(Some("debug")).to_string();
        for d in ["kube_runtime=warn", "kube_client=warn", "hyper=warn"] {
            assert!(f.contains(d), "{f}");
        }
        assert!(f.contains("debug"), "{f}");
        assert!(
            filter(Some("not a [valid filter"))
                .to_string()
                .contains("info")
        );
    }
}
