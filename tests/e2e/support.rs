//! What every scenario of `tests/e2e.rs` needs: the fleet's environment (or a clear skip),
//! one-at-a-time execution, timing, kube clients for reference reads, `scripts/fleet`, etcdctl,
//! bounded polling and cleanup that runs even when an assertion fails.

use std::future::Future;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures::FutureExt;
use kube::Client;
use kube::config::{KubeConfigOptions, Kubeconfig};

/// The variables `scripts/e2e.sh` (or `eval "$(scripts/fleet env)"`) exports.
const REQUIRED: [&str; 8] = [
    "FLEET_KUBECONFIG",
    "FLEET_KUBECONFIG_READONLY",
    "FLEET_DIR",
    "FLEET_SCRIPT",
    "FLEET_CONTEXTS",
    "FLEET_ETCDCTL",
    "ETCDCTL_ENDPOINTS",
    "FLEET_ETCD_PREFIX_TEMPLATE",
];

/// Poll interval for screens and API reads.
pub const POLL: Duration = Duration::from_millis(200);

/// Straight to the terminal: libtest captures `eprintln!` of passing tests, and a skip must be
/// visible in a plain `cargo test` too.
pub fn say(msg: impl AsRef<str>) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", msg.as_ref());
    let _ = err.flush();
}

#[derive(Clone, Debug)]
pub struct FleetEnv {
    pub kubeconfig: PathBuf,
    pub kubeconfig_readonly: PathBuf,
    pub dir: PathBuf,
    pub script: PathBuf,
    pub etcdctl: PathBuf,
    /// `karmada member1 member2 member3`.
    pub contexts: Vec<String>,
    /// `/{cluster}`: where a cluster's objects live in etcd.
    pub etcd_prefix_template: String,
}

impl FleetEnv {
    /// None when no fleet variable is set at all; a panic when only some are (a half-set-up
    /// environment must not look like a pass).
    fn from_env() -> Option<FleetEnv> {
        let vals: Vec<(&str, Option<String>)> = REQUIRED
            .iter()
            .map(|k| (*k, std::env::var(k).ok().filter(|v| !v.is_empty())))
            .collect();
        if vals.iter().all(|(_, v)| v.is_none()) {
            return None;
        }
        let missing: Vec<&str> = vals
            .iter()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| *k)
            .collect();
        assert!(
            missing.is_empty(),
            "incomplete fleet environment, missing {missing:?}: run scripts/e2e.sh, or \
             `eval \"$(scripts/fleet env)\"` against a running fleet"
        );
        let get = |k: &str| {
            vals.iter()
                .find(|(n, _)| *n == k)
                .and_then(|(_, v)| v.clone())
                .unwrap()
        };
        let env = FleetEnv {
            kubeconfig: get("FLEET_KUBECONFIG").into(),
            kubeconfig_readonly: get("FLEET_KUBECONFIG_READONLY").into(),
            dir: get("FLEET_DIR").into(),
            script: get("FLEET_SCRIPT").into(),
            etcdctl: get("FLEET_ETCDCTL").into(),
            contexts: get("FLEET_CONTEXTS")
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            etcd_prefix_template: get("FLEET_ETCD_PREFIX_TEMPLATE"),
        };
        for p in [&env.kubeconfig, &env.kubeconfig_readonly, &env.script] {
            assert!(
                p.exists(),
                "{} does not exist: is the fleet up?",
                p.display()
            );
        }
        assert!(
            env.contexts.iter().any(|c| c == "karmada")
                && env.contexts.iter().any(|c| c == "member1")
                && env.contexts.iter().any(|c| c == "member2"),
            "FLEET_CONTEXTS={:?}: the scenarios need karmada, member1 and member2",
            env.contexts
        );
        Some(env)
    }

    /// `scripts/fleet ARGS...` (blocking); panics with its output if it fails.
    pub fn fleet(&self, args: &[&str]) {
        let t = Instant::now();
        let out = Command::new(&self.script)
            .args(args)
            .env("FLEET_DIR", &self.dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.script.display()));
        say(format!(
            "  $ fleet {} ({:.1}s, {})",
            args.join(" "),
            t.elapsed().as_secs_f64(),
            out.status
        ));
        assert!(
            out.status.success(),
            "fleet {args:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// `scripts/fleet ARGS...` off the async runtime's worker.
    pub async fn fleet_async(&self, args: &[&str]) {
        let me = self.clone();
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            me.fleet(&args)
        })
        .await
        .expect("fleet script task");
    }

    /// The etcd key of a namespaced object of `cluster`, e.g. `/member2/pods/shop/NAME`.
    pub fn etcd_key(&self, cluster: &str, resource: &str, ns: &str, name: &str) -> String {
        let prefix = self.etcd_prefix_template.replace("{cluster}", cluster);
        format!("{}/{resource}/{ns}/{name}", prefix.trim_end_matches('/'))
    }

    /// `etcdctl del KEY`: how many keys were deleted.
    pub fn etcd_del(&self, key: &str) -> u64 {
        let out = Command::new(&self.etcdctl)
            .args(["del", key])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.etcdctl.display()));
        assert!(
            out.status.success(),
            "etcdctl del {key}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let n = String::from_utf8_lossy(&out.stdout).trim().to_string();
        say(format!("  $ etcdctl del {key} -> {n}"));
        n.parse().unwrap_or(0)
    }

    /// A kube client for one context of a kubeconfig: the reference path, independent of
    /// fleetdeck's sessions and watchers.
    pub async fn client(&self, kubeconfig: &Path, context: &str) -> Client {
        let kc = Kubeconfig::read_from(kubeconfig)
            .unwrap_or_else(|e| panic!("read {}: {e}", kubeconfig.display()));
        let opts = KubeConfigOptions {
            context: Some(context.to_string()),
            ..Default::default()
        };
        let config = kube::Config::from_custom_kubeconfig(kc, &opts)
            .await
            .unwrap_or_else(|e| panic!("kubeconfig context {context}: {e}"));
        Client::try_from(config).unwrap_or_else(|e| panic!("client for {context}: {e}"))
    }

    /// The kubeconfig user of a context (what the audit log records), never a credential.
    pub fn kubeconfig_user(&self, kubeconfig: &Path, context: &str) -> String {
        let kc = Kubeconfig::read_from(kubeconfig).unwrap();
        kc.contexts
            .iter()
            .find(|c| c.name == context)
            .and_then(|c| c.context.as_ref())
            .and_then(|c| c.user.clone())
            .unwrap_or_else(|| panic!("context {context} has no user"))
    }
}

/// The scenarios change the shared fleet (stop member2, cordon member1): one at a time even
/// when run without `--test-threads=1`.
static SERIAL: Mutex<()> = Mutex::new(());

/// One running scenario: holds the fleet, prints its timing when it ends.
pub struct Scenario {
    pub env: FleetEnv,
    name: &'static str,
    start: Instant,
    _serial: MutexGuard<'static, ()>,
}

impl Scenario {
    /// The scenario, or None after printing a skip line when the fleet is not there.
    pub fn begin(name: &'static str) -> Option<Scenario> {
        let Some(env) = FleetEnv::from_env() else {
            say(format!(
                "e2e {name}: skipped: run scripts/e2e.sh (no FLEET_* environment, so no fleet to test against)"
            ));
            return None;
        };
        let serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
        say(format!("e2e {name}: start"));
        Some(Scenario {
            env,
            name,
            start: Instant::now(),
            _serial: serial,
        })
    }

    /// A timing line for one step.
    pub fn step(&self, what: impl AsRef<str>) {
        say(format!(
            "  [{:6.1}s] {}",
            self.start.elapsed().as_secs_f64(),
            what.as_ref()
        ));
    }
}

impl Drop for Scenario {
    fn drop(&mut self) {
        let verdict = if std::thread::panicking() {
            "FAILED"
        } else {
            "passed"
        };
        say(format!(
            "e2e {}: {verdict} in {:.1}s",
            self.name,
            self.start.elapsed().as_secs_f64()
        ));
    }
}

/// Run `body`; run `cleanup` afterwards whether `body` passed or panicked; then re-raise.
pub async fn with_cleanup(body: impl Future<Output = ()>, cleanup: impl Future<Output = ()>) {
    let r = AssertUnwindSafe(body).catch_unwind().await;
    if r.is_err() {
        say("  (scenario failed; cleaning up)");
    }
    cleanup.await;
    if let Err(p) = r {
        std::panic::resume_unwind(p);
    }
}

/// Poll `f` every [`POLL`] until it gives Some, for at most `limit`. Panics naming `what`, with
/// `last` (the last thing seen) when it never does.
pub async fn poll<T, F, Fut>(what: &str, limit: Duration, mut f: F) -> (T, Duration)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let t = Instant::now();
    loop {
        let last = match f().await {
            Ok(v) => return (v, t.elapsed()),
            Err(last) => last,
        };
        if t.elapsed() >= limit {
            panic!("timed out after {limit:?} waiting for {what}; last seen:\n{last}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// The dynamic API resource of a group/version/kind with its plural.
pub fn resource(group: &str, version: &str, kind: &str, plural: &str) -> kube::core::ApiResource {
    use kube::core::{ApiResource, GroupVersionKind};
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural)
}

/// Single-quote for `sh -c`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `fleetdeck ARGS...` with its state under `dir`, off the async runtime's workers;
/// (exit code, stdout, stderr).
pub async fn fleetdeck(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let a: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = super::bin::fleetdeck(&dir, &a);
        (
            out.status.code().unwrap_or(-1),
            super::bin::stdout(&out),
            super::bin::stderr(&out),
        )
    })
    .await
    .unwrap()
}

/// Put `original` back (its spec, labels, everything the user sets) over whatever `name` is
/// now: a replace carrying the live resourceVersion.
pub async fn put_back(
    api: &kube::Api<kube::api::DynamicObject>,
    name: &str,
    original: &kube::api::DynamicObject,
) {
    let mut back = original.clone();
    let live = api.get(name).await.unwrap();
    back.metadata.resource_version = live.metadata.resource_version;
    back.metadata.managed_fields = None;
    api.replace(name, &kube::api::PostParams::default(), &back)
        .await
        .unwrap();
}

/// `fleetdeck --kubeconfig KC [--context C] snapshot --pane PANE --json [--wait-sync S]` with its
/// state under `dir`: the JSON it printed (exit 0 asserted).
pub async fn pane_json(
    dir: &std::path::Path,
    kubeconfig: &str,
    context: Option<&str>,
    pane: &str,
    wait_sync: Option<&str>,
) -> serde_json::Value {
    let mut args = vec!["--kubeconfig", kubeconfig];
    if let Some(c) = context {
        args.extend(["--context", c]);
    }
    args.extend(["snapshot", "--pane", pane, "--json"]);
    if let Some(w) = wait_sync {
        args.extend(["--wait-sync", w]);
    }
    let (code, out, err) = fleetdeck(dir, &args).await;
    assert_eq!(code, 0, "{args:?}: {out}{err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}
