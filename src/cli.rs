//! Command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "fleetdeck",
    version,
    about = "A terminal cockpit for multi-cluster Kubernetes fleets (Karmada, KubeEdge, Volcano, Istio)"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Run against the built-in simulated fleet instead of a kubeconfig.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).
    #[arg(long, global = true, value_name = "FILE")]
    pub kubeconfig: Option<PathBuf>,
    /// Comma-separated contexts to show (default: all).
    #[arg(long, global = true, value_delimiter = ',', value_name = "A,B")]
    pub context: Option<Vec<String>>,
    /// Refuse every mutation.
    #[arg(long, global = true)]
    pub readonly: bool,
    /// Theme: dark, light, high-contrast, mono, or a file name in the config dir's themes/.
    #[arg(long, global = true, default_value = "dark")]
    pub theme: String,
    /// Keymap preset: default or vim (the config dir's keymap.toml merges over it).
    #[arg(long, global = true, default_value = "default")]
    pub keymap: String,
    /// Seed of the demo fleet.
    #[arg(long, global = true, default_value_t = 42, hide = true)]
    pub seed: u64,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Print one pane (or the fleet summary as JSON) once every cluster has synced.
    Snapshot(SnapshotArgs),
    /// Run an action headless: prints the plan; --dry-run has the server check it; --yes applies.
    /// Exit codes: 0 done, 2 refused (read-only, invalid input), 3 conflict, 4 forbidden, 1 else.
    Act(ActArgs),
    /// Print config, state and log paths.
    Info,
}

#[derive(Args, Debug)]
pub struct ActArgs {
    #[command(subcommand)]
    pub verb: ActVerb,
    /// Also send every step to the server as a dry-run (nothing is changed).
    #[arg(long, global = true)]
    pub dry_run: bool,
    /// Apply: server dry-run of every step, then apply, one audit line per step.
    #[arg(long, global = true)]
    pub yes: bool,
    /// Print the plan and the outcome as JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Subcommand, Debug, Clone)]
pub enum ActVerb {
    /// Cordon a Karmada member: taint its Cluster with cluster.karmada.io/unschedulable:NoSchedule
    /// (on the control plane's context: --context, or the only context that is one).
    CordonCluster { name: String },
    /// Uncordon a Karmada member: remove that taint.
    UncordonCluster { name: String },
    /// Cordon a node (spec.unschedulable: true, as kubectl cordon), e.g. a KubeEdge edge node;
    /// needs --context with exactly one context.
    CordonNode { name: String },
    /// Uncordon a node (remove spec.unschedulable); needs --context with exactly one context.
    UncordonNode { name: String },
    /// Set the static weights of a Divided/Weighted policy (the clusters not named keep theirs);
    /// the plan previews every bound template's replicas per cluster before → after.
    SetWeights {
        /// NS/NAME: a PropagationPolicy; NAME: a ClusterPropagationPolicy.
        #[arg(long, value_name = "[NS/]NAME")]
        policy: String,
        /// CLUSTER=WEIGHT,... (weights 0 or more; 0 takes the cluster's replicas away).
        #[arg(long, value_name = "C=W,...")]
        weights: String,
        /// Rewrite the rules as one per cluster, by name (needed when a labelSelector rule
        /// gives several clusters one weight and they are to differ).
        #[arg(long)]
        pin: bool,
    },
    /// Set the weights of one http route of an Istio VirtualService (the destinations not named
    /// keep theirs; a route totalling 100 must still total 100): a JSON patch of the weights
    /// only, with `test` ops on the values planned from.
    SetRouteWeights {
        /// The VirtualService (on the one context that has it, or --context).
        #[arg(long, value_name = "NS/NAME")]
        vs: String,
        /// The http route: its 0-based index in spec.http, or its name.
        #[arg(long, value_name = "I|NAME")]
        route: String,
        /// DEST=WEIGHT,... with DEST a destination's subset or host.
        #[arg(long, value_name = "DEST=W,...")]
        weights: String,
    },
    /// Drain a member cluster out of every Istio route of every context: each route's weight
    /// on the cluster's destinations moves to its other destinations in proportion to their
    /// weights (or to --to's), totals kept; one atomic plan, reversible with `restore`.
    DrainCluster {
        /// The cluster drained (a destination's cluster: its DestinationRule subset's
        /// topology.istio.io/cluster label, else a subset or host naming it).
        name: String,
        /// Move the weight only to destinations in this cluster.
        #[arg(long, value_name = "CLUSTER")]
        to: Option<String>,
        /// Also cordon the cluster in Karmada in the same plan.
        #[arg(long)]
        cordon: bool,
    },
    /// Close a Volcano queue as vcctl does: create a bus.volcano.sh Command (CloseQueue) that
    /// Volcano's controller carries out. Warns about Running/Inqueue PodGroups; `root` refused.
    QueueClose {
        /// The queue (on the one context that has it, or --context).
        name: String,
    },
    /// Open a Volcano queue (a Command OpenQueue).
    QueueOpen { name: String },
    /// Set a Volcano queue's weight (1–65535): a JSON patch of spec.weight guarded by the
    /// resourceVersion; the plan previews every open queue's share before → after.
    QueueWeight { name: String, weight: i64 },
    /// Apply a (Cluster)PropagationPolicy from a YAML file (the whole object, as `kubectl
    /// replace` takes it; labels/annotations the file lacks entirely are kept): a JSON patch from
    /// the live policy guarded by its resourceVersion, or a create when there is none. A
    /// `metadata.resourceVersion` in the file is the version the edit was based on: a stale one
    /// is a conflict (exit 3). Invalid YAML (line and column named) or a wrong kind: exit 2.
    /// Fields the server would drop (unknown to the CRD) are refused at the dry-run.
    ApplyPolicy {
        /// The YAML file (`-` for standard input).
        #[arg(short = 'f', long = "filename", value_name = "FILE")]
        file: std::path::PathBuf,
    },
    /// Undo a plan from the audit log where the objects still hold what it set (objects
    /// changed since are listed and left alone).
    Restore {
        /// The plan id (`p-…`), as the audit log and `act` print it.
        plan_id: String,
    },
}

impl ActVerb {
    /// For messages: `cordon karmada member member1`.
    pub fn describe(&self) -> String {
        match self {
            ActVerb::CordonCluster { name } => format!("cordon karmada member {name}"),
            ActVerb::UncordonCluster { name } => format!("uncordon karmada member {name}"),
            ActVerb::CordonNode { name } => format!("cordon node {name}"),
            ActVerb::UncordonNode { name } => format!("uncordon node {name}"),
            ActVerb::SetWeights { policy, .. } => format!("set the static weights of {policy}"),
            ActVerb::SetRouteWeights { vs, .. } => format!("set the route weights of {vs}"),
            ActVerb::DrainCluster { name, .. } => format!("drain {name} out of the mesh"),
            ActVerb::Restore { plan_id } => format!("restore plan {plan_id}"),
            ActVerb::ApplyPolicy { file } => format!("apply the policy in {}", file.display()),
            ActVerb::QueueClose { name } => format!("close Volcano queue {name}"),
            ActVerb::QueueOpen { name } => format!("open Volcano queue {name}"),
            ActVerb::QueueWeight { name, .. } => format!("set the weight of Volcano queue {name}"),
        }
    }
}

#[derive(Args, Debug)]
pub struct SnapshotArgs {
    /// Seconds to wait for every cluster to be Ready or Unreachable.
    #[arg(long, default_value_t = 20.0)]
    pub wait_sync: f64,
    /// A pane: `fleet`, `warnings`, `weights[:ID]`, `mesh`, `queues`, `edge[:CONTEXT[/GROUP]]`,
    /// `cluster:CONTEXT[:KIND]`, `all:KIND` (KIND: pods, nodes, deployments, events, namespaces,
    /// clusters, propagationpolicies, queues, ...).
    #[arg(long, value_name = "NAME")]
    pub pane: Option<String>,
    /// Screen size for the text rendering.
    #[arg(long, default_value = "160x48", value_parser = parse_size)]
    pub size: (u16, u16),
    /// JSON instead of text: with --pane, `{"pane": NAME, "rows": [...]}`; without, the fleet
    /// summary `{"clusters": [...], "sync_ms": N}`.
    #[arg(long)]
    pub json: bool,
}

fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once('x')
        .ok_or("expected WIDTHxHEIGHT, e.g. 160x48")?;
    let w: u16 = w.parse().map_err(|_| format!("bad width {w:?}"))?;
    let h: u16 = h.parse().map_err(|_| format!("bad height {h:?}"))?;
    if w < 20 || h < 5 {
        return Err("size too small (at least 20x5)".into());
    }
    Ok((w, h))
}
