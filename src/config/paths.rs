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

/// Create `dir` (and parents) if needed and make it private (0700): the state dir holds the
/// audit log and logs, which name users and objects. A shared directory (sticky or world-
/// writable, like /tmp) is refused rather than changed.
pub fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mode = std::fs::metadata(dir)?.permissions().mode();
    // A shared directory (/tmp, a group drop box) is not made private behind its users' backs.
    if mode & 0o1002 != 0 {
        return Err(std::io::Error::other(format!(
            "{} is a shared directory (mode {:o}): point FLEETDECK_STATE_DIR at a private one",
            dir.display(),
            mode & 0o7777
        )));
    }
    if mode & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Open `path` for appending, created 0600 (an existing file is made 0600 too).
pub fn private_file(path: &std::path::Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    if f.metadata()?.permissions().mode() & 0o077 != 0 {
        f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(f)
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
