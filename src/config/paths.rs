//! Where fleetdeck keeps things: XDG dirs through `directories`, overridable by environment.

use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub struct Paths {
    /// Themes (`themes/*.toml`) and `keymap.toml`.
    pub config_dir: PathBuf,
    /// Logs and the audit log.
    pub state_dir: PathBuf,
}

impl Paths {
    /// `FLEETDECK_CONFIG_DIR` / `FLEETDECK_STATE_DIR` override the XDG locations.
    pub fn resolve(env: &dyn Fn(&str) -> Option<String>) -> Self {
        let dirs = directories::ProjectDirs::from("dev", "fleetdeck", "fleetdeck");
        let home = env("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let config_dir = env("FLEETDECK_CONFIG_DIR")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.config_dir().to_path_buf()))
            .unwrap_or_else(|| home.join(".config/fleetdeck"));
        let state_dir = env("FLEETDECK_STATE_DIR")
            .filter(|s| !s.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                dirs.as_ref()
                    .and_then(|d| d.state_dir().map(|p| p.to_path_buf()))
            })
            .unwrap_or_else(|| home.join(".local/state/fleetdeck"));
        Paths {
            config_dir,
            state_dir,
        }
    }

    pub fn from_env() -> Self {
        Self::resolve(&|k| std::env::var(k).ok())
    }

    pub fn log_dir(&self) -> PathBuf {
        self.state_dir.join("logs")
    }

    pub fn audit_log(&self) -> PathBuf {
        self.state_dir.join("audit.log")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_xdg() {
        let p = Paths::resolve(&|k| match k {
            "FLEETDECK_CONFIG_DIR" => Some("/tmp/cfg".into()),
            "FLEETDECK_STATE_DIR" => Some("/tmp/state".into()),
            _ => None,
        });
        assert_eq!(p.config_dir, PathBuf::from("/tmp/cfg"));
        assert_eq!(p.audit_log(), PathBuf::from("/tmp/state/audit.log"));
        assert_eq!(p.log_dir(), PathBuf::from("/tmp/state/logs"));
    }
}
