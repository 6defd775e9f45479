//! End-to-end scenarios against a real fleet: a Karmada control plane and member clusters, each a
//! real kube-apiserver on loopback (`scripts/fleet`, see docs/testing.md). Each scenario asserts
//! what a user would see (the binary's JSON, the screen in a terminal) or what lands in the
//! apiserver, against the apiservers' own answers read through a separate kube client.
//!
//! Run them with `scripts/e2e.sh` (brings the fleet up and down, runs them with `--ignored` and
//! checks that every one of them ran). In a plain `cargo test` they show as ignored. Run by hand
//! without the fleet's environment, each prints "skipped: run scripts/e2e.sh". They change the
//! shared fleet and put it back, so they run one at a time.

#[path = "common/bin.rs"]
mod bin;
#[path = "e2e/support.rs"]
mod support;
#[path = "e2e/tmux.rs"]
mod tmux;

#[path = "e2e/reference.rs"]
mod reference;

#[path = "e2e/action.rs"]
mod action;
#[path = "e2e/edge_queues.rs"]
mod edge_queues;
#[path = "e2e/headless.rs"]
mod headless;
#[path = "e2e/mesh.rs"]
mod mesh;
#[path = "e2e/outage.rs"]
mod outage;
#[path = "e2e/policy_editor.rs"]
mod policy_editor;
#[path = "e2e/propagation.rs"]
mod propagation;
#[path = "e2e/snapshot.rs"]
mod snapshot;
#[path = "e2e/tui.rs"]
mod tui;
#[path = "e2e/weights.rs"]
mod weights;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::time::{Duration, Instant};

use k8s_openapi::api::core::v1::{Event, Node, Pod};
use kube::api::{Api, DeleteParams, DynamicObject, ListParams, PostParams};
use kube::core::{ApiResource, GroupVersionKind};
use kube::{Client, ResourceExt};
use serde_json::{Value, json};

use fleetdeck::fleet::{ClusterId, ClusterState, FleetModel, Kind, ObjKey};
use fleetdeck::runtime::fleet::{Fleet, drain, start_kube};
use fleetdeck::sources::kube::kubeconfig::KubeconfigOpts;
use reference::*;
use support::{Scenario, say, with_cleanup};
use tmux::Tui;

const UNSCHEDULABLE: &str = "cluster.karmada.io/unschedulable";
/// The warning window of the overview (fleetdeck::views::summary::WARNING_WINDOW_SECS).
const WARNING_WINDOW_SECS: i64 = 3600;
