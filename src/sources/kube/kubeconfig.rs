//! Kubeconfig loading like kubectl: `--kubeconfig FILE`, else `$KUBECONFIG` (several files,
//! merged: the first file to set a context/cluster/user/current-context wins), else
//! `~/.kube/config`. Each file is read with kube's own reader (`Kubeconfig::read_from`), its
//! errors wrapped so that they name the file and the line.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use kube::config::Kubeconfig;

/// Where to load from, from the command line.
#[derive(Clone, Debug, Default)]
pub struct KubeconfigOpts {
    /// `--kubeconfig FILE`.
    pub file: Option<PathBuf>,
    /// `--context a,b`: a subset of the contexts (default: all, in file order).
    pub contexts: Option<Vec<String>>,
}

#[derive(Debug, thiserror::Error)]
pub enum KubeconfigError {
    #[error(
        "no kubeconfig: {} does not exist (pass --kubeconfig FILE, set KUBECONFIG, or try --demo)",
        .0.display()
    )]
    NotFound(PathBuf),
    #[error("no kubeconfig: none of the files in KUBECONFIG exist ({0})")]
    NoneInEnv(String),
    #[error("no kubeconfig: cannot find the home directory (pass --kubeconfig FILE)")]
    NoHome,
    #[error("cannot read kubeconfig {}: {source}", .path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid kubeconfig {}{}: {message}", .path.display(), location(*.line, *.column))]
    Parse {
        path: PathBuf,
        line: Option<u64>,
        column: Option<u64>,
        message: String,
    },
    #[error("cannot merge kubeconfig {}: {message}", .path.display())]
    Merge { path: PathBuf, message: String },
    #[error("kubeconfig {}: context \"{context}\" has no cluster", .path.display())]
    NoCluster { path: PathBuf, context: String },
    #[error(
        "kubeconfig {}: context \"{context}\" refers to cluster \"{cluster}\", which is not defined in any kubeconfig file",
        .path.display()
    )]
    MissingCluster {
        path: PathBuf,
        context: String,
        cluster: String,
    },
    #[error(
        "kubeconfig {}: context \"{context}\" refers to user \"{user}\", which is not defined in any kubeconfig file",
        .path.display()
    )]
    MissingUser {
        path: PathBuf,
        context: String,
        user: String,
    },
    #[error("unknown context \"{name}\" (available: {})", .available.join(", "))]
    UnknownContext {
        name: String,
        available: Vec<String>,
    },
    #[error("no contexts in kubeconfig ({})", files(.0))]
    NoContexts(Vec<PathBuf>),
}

fn location(line: Option<u64>, column: Option<u64>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    }
}

fn files(paths: &[PathBuf]) -> String {
    let v: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    v.join(", ")
}

/// The merged kubeconfig and the contexts to show, in order (cluster id = index).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub kubeconfig: Kubeconfig,
    pub contexts: Vec<String>,
    /// The files read, in precedence order.
    pub files: Vec<PathBuf>,
    /// Which file defined each context.
    pub context_files: HashMap<String, PathBuf>,
    /// Contexts that cannot work (a missing cluster or user), with the reason naming the file.
    /// With every context shown (no `--context`), such a context is one Unreachable row, as kubectl
    /// only complains when a broken context is used; named with `--context`, it is an error.
    pub problems: HashMap<String, String>,
}

impl Loaded {
    pub fn context_names(&self) -> Vec<String> {
        self.contexts.clone()
    }

    fn context(&self, name: &str) -> Option<&kube::config::Context> {
        let c = self.kubeconfig.contexts.iter().find(|c| c.name == name)?;
        c.context.as_ref()
    }

    /// The kubeconfig user name of a context (for the audit log; never a credential).
    pub fn user_of(&self, context: &str) -> Option<String> {
        self.context(context)?.user.clone()
    }

    /// The `server` URL of a context's cluster.
    pub fn server_of(&self, context: &str) -> Option<String> {
        let cluster = &self.context(context)?.cluster;
        let c = self
            .kubeconfig
            .clusters
            .iter()
            .find(|c| &c.name == cluster)?;
        c.cluster.as_ref()?.server.clone()
    }
}

/// The files to read, in precedence order.
fn sources(opts: &KubeconfigOpts) -> Result<Vec<PathBuf>, KubeconfigError> {
    if let Some(f) = &opts.file {
        return Ok(vec![f.clone()]);
    }
    if let Some(v) = std::env::var_os("KUBECONFIG") {
        let mut paths: Vec<PathBuf> = Vec::new();
        for p in std::env::split_paths(&v) {
            if !p.as_os_str().is_empty() && !paths.contains(&p) {
                paths.push(p);
            }
        }
        if !paths.is_empty() {
            // Like kubectl: files of KUBECONFIG that do not exist are skipped.
            let existing: Vec<PathBuf> = paths.iter().filter(|p| p.exists()).cloned().collect();
            if existing.is_empty() {
                return Err(KubeconfigError::NoneInEnv(files(&paths)));
            }
            return Ok(existing);
        }
    }
    let home = directories::BaseDirs::new().ok_or(KubeconfigError::NoHome)?;
    let p = home.home_dir().join(".kube").join("config");
    if !p.exists() {
        return Err(KubeconfigError::NotFound(p));
    }
    Ok(vec![p])
}

/// Read and parse one kubeconfig file with kube's own reader (which also makes the paths in it
/// absolute, against the file's directory, as kubectl does), its errors naming the file and the
/// line.
pub fn read_file(path: &Path) -> Result<Kubeconfig, KubeconfigError> {
    Kubeconfig::read_from(path).map_err(|e| match e {
        kube::config::KubeconfigError::ReadConfig(source, _) => KubeconfigError::Read {
            path: path.to_path_buf(),
            source,
        },
        other => parse_error(path, other),
    })
}

fn parse_error(path: &Path, e: kube::config::KubeconfigError) -> KubeconfigError {
    match e {
        kube::config::KubeconfigError::Parse(err) => {
            let loc = err.location();
            // The message alone: the location is rendered in front of it.
            let full = err.to_string();
            let first = full.lines().map(str::trim).find(|l| !l.is_empty());
            let message = strip_location(first.unwrap_or("syntax error")).to_string();
            KubeconfigError::Parse {
                path: path.to_path_buf(),
                line: loc.map(|l| l.line()),
                column: loc.map(|l| l.column()),
                message,
            }
        }
        other => KubeconfigError::Parse {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message: other.to_string(),
        },
    }
}

/// `error: line 6 column 5: expected mapping start` → `expected mapping start`.
fn strip_location(msg: &str) -> &str {
    let msg = msg.strip_prefix("error: ").unwrap_or(msg);
    match msg.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((loc, rest)) if loc.contains("column") => rest,
        _ => msg,
    }
}

/// Load, merge and select contexts.
pub fn load(opts: &KubeconfigOpts) -> Result<Loaded, KubeconfigError> {
    load_files(&sources(opts)?, opts.contexts.as_deref())
}

/// Read, parse and merge these files (precedence order), then select the contexts.
pub fn load_files(
    paths: &[PathBuf],
    selected: Option<&[String]>,
) -> Result<Loaded, KubeconfigError> {
    let mut docs = Vec::with_capacity(paths.len());
    for p in paths {
        docs.push((p.clone(), read_file(p)?));
    }
    merge(docs, selected)
}

/// Merge parsed files (precedence order) with kubectl's rules and select the contexts.
pub fn merge(
    docs: Vec<(PathBuf, Kubeconfig)>,
    selected: Option<&[String]>,
) -> Result<Loaded, KubeconfigError> {
    let files: Vec<PathBuf> = docs.iter().map(|(p, _)| p.clone()).collect();
    let mut context_files = HashMap::new();
    let mut merged = Kubeconfig::default();
    for (path, kc) in docs {
        for c in &kc.contexts {
            context_files
                .entry(c.name.clone())
                .or_insert_with(|| path.clone());
        }
        merged = merged.merge(kc).map_err(|e| KubeconfigError::Merge {
            path: path.clone(),
            message: e.to_string(),
        })?;
    }
    let all: Vec<String> = merged.contexts.iter().map(|c| c.name.clone()).collect();
    if all.is_empty() {
        return Err(KubeconfigError::NoContexts(files));
    }
    let contexts = match selected {
        None => all.clone(),
        Some(names) => {
            let mut out: Vec<String> = Vec::new();
            for n in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                if !all.iter().any(|a| a == n) {
                    return Err(KubeconfigError::UnknownContext {
                        name: n.to_string(),
                        available: all,
                    });
                }
                if !out.iter().any(|o| o == n) {
                    out.push(n.to_string());
                }
            }
            if out.is_empty() {
                return Err(KubeconfigError::NoContexts(files));
            }
            out
        }
    };
    let mut loaded = Loaded {
        kubeconfig: merged,
        contexts,
        files,
        context_files,
        problems: HashMap::new(),
    };
    for name in loaded.contexts.clone() {
        match validate(&loaded, &name) {
            Ok(()) => {}
            Err(e) if selected.is_none() => {
                loaded.problems.insert(name, e.to_string());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(loaded)
}

/// A selected context must name a cluster (and user, if any) that some file defines.
fn validate(l: &Loaded, name: &str) -> Result<(), KubeconfigError> {
    let path = l
        .context_files
        .get(name)
        .cloned()
        .or_else(|| l.files.first().cloned())
        .unwrap_or_default();
    let context = name.to_string();
    let Some(ctx) = l.context(name) else {
        return Err(KubeconfigError::NoCluster { path, context });
    };
    if ctx.cluster.is_empty() {
        return Err(KubeconfigError::NoCluster { path, context });
    }
    if !l.kubeconfig.clusters.iter().any(|c| c.name == ctx.cluster) {
        return Err(KubeconfigError::MissingCluster {
            path,
            context,
            cluster: ctx.cluster.clone(),
        });
    }
    if let Some(user) = ctx.user.as_deref().filter(|u| !u.is_empty())
        && !l.kubeconfig.auth_infos.iter().any(|u| u.name == user)
    {
        return Err(KubeconfigError::MissingUser {
            path,
            context,
            user: user.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
#[path = "kubeconfig_tests.rs"]
mod tests;
