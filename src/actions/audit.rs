//! The audit log: one JSON line per applied (or reverted) step, in the private state dir.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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
    /// The plan's verb (`drain-cluster`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verb: String,
    /// On an `applied` line: how to undo the step, for `restore` (weights and taints only:
    /// no verb patches Secrets, so nothing secret is written here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo: Option<AuditUndo>,
}

/// The object a step changed and the JSON patch ops that undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct AuditUndo {
    /// `VirtualService`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    pub name: String,
    /// `test` (the ops carry their own guard) or `resourceVersion`.
    pub guard: String,
    pub ops: Vec<serde_json::Value>,
}

impl AuditEntry {
    /// The steps of plan `id` that stand applied (applied and not reverted since).
    pub fn standing<'a>(entries: &'a [AuditEntry], id: &str) -> Vec<&'a AuditEntry> {
        let of_plan: Vec<&AuditEntry> = entries.iter().filter(|e| e.plan == id).collect();
        of_plan
            .iter()
            .filter(|e| e.result == "applied")
            .filter(|e| {
                !of_plan
                    .iter()
                    .any(|r| r.step == e.step && r.result == "reverted")
            })
            .copied()
            .collect()
    }
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
