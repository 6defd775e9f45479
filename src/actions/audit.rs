//! The audit log: one JSON line per applied (or reverted) step, in the private state dir.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct AuditEntry {
    pub time: String,
    /// The plan the step belongs to.
    pub plan: String,
    /// `1/2`: which step of how many.
    pub step: String,
    pub user: String,
    pub context: String,
    pub object: String,
    pub change: String,
    /// `applied`, `reverted`, or `revert failed: WHY`.
    pub result: String,
}

#[derive(Debug, Clone)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        AuditLog { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a line could be appended now (the dir and the file made private, opened).
    pub fn check(&self) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::config::paths::private_dir(dir)?;
        }
        crate::config::paths::private_file(&self.path).map(drop)
    }

    /// Append one line; the file is created 0600 (it names users and objects).
    pub fn append(&self, entry: &AuditEntry) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            crate::config::paths::private_dir(dir)?;
        }
        let mut f = crate::config::paths::private_file(&self.path)?;
        let line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
        // One write call per line, so concurrent writers do not interleave within a line.
        f.write_all(format!("{line}\n").as_bytes())
    }

    pub fn read_all(&self) -> std::io::Result<Vec<AuditEntry>> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(e),
        };
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).map_err(std::io::Error::other))
            .collect()
    }
}
