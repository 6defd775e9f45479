//! `fleetdeck act VERB`: any action headless, for runbooks and scripts. Without `--yes` it
//! prints the plan and changes nothing; `--dry-run` also has the server dry-run every step;
//! `--yes` applies (server dry-run of every step first, one audit line per step).
//! Exit codes: 0 done, 2 refused (read-only, invalid input), 3 conflict, 4 forbidden, 1 else.

use std::sync::Arc;

use serde_json::{Value, json};

use super::fleet::{self, clock};
use crate::actions::{self, ActionError, AuditLog, Plan, Verb, diff};
use crate::cli::{ActArgs, ActVerb, Global};
use crate::config::paths::Paths;
use crate::fleet::{ClusterId, Kind, ObjKey};
use crate::sources::Executor;
use crate::sources::kube::KubeBackend;
use crate::sources::kube::kubeconfig::{self, KubeconfigOpts};

/// What came out: the text (or JSON) to print and the exit code.
pub struct Outcome {
    pub out: String,
    pub code: i32,
}

struct Fleet {
    exec: Arc<dyn Executor>,
    contexts: Vec<String>,
    /// Contexts that serve Karmada's `Cluster` API.
    control_planes: Vec<ClusterId>,
    /// Contexts that could not be reached, with why.
    down: Vec<(String, String)>,
}

async fn connect(g: &Global) -> anyhow::Result<Fleet> {
    if g.demo {
        let mut f = fleet::start_demo(g.seed, clock(), false);
        let (model, _) = super::snapshot::settle(&mut f, std::time::Duration::from_secs(5)).await;
        let control_planes = model
            .clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_karmada_control_plane())
            .map(|(i, _)| i)
            .collect();
        return Ok(Fleet {
            exec: f.exec,
            contexts: f.contexts,
            control_planes,
            down: vec![],
        });
    }
    let loaded = kubeconfig::load(&KubeconfigOpts {
        file: g.kubeconfig.clone(),
        contexts: g.context.clone(),
    })?;
    let backend = KubeBackend::connect_only(&loaded).await;
    let contexts = backend.contexts();
    let control_planes = (0..contexts.len())
        .filter(|i| backend.serves(*i, Kind::KarmadaCluster))
        .collect();
    let down = (0..contexts.len())
        .filter_map(|i| {
            let e = backend.get_slot_error(i)?;
            Some((contexts[i].clone(), e))
        })
        .collect();
    Ok(Fleet {
        exec: Arc::new(backend),
        contexts,
        control_planes,
        down,
    })
}

/// The one Karmada control plane among the contexts.
fn control_plane(f: &Fleet) -> Result<ClusterId, ActionError> {
    match f.control_planes.as_slice() {
        [one] => Ok(*one),
        [] => {
            let mut msg =
                "no context serves Karmada's Cluster API (cluster.karmada.io); pass the control plane's with --context".to_string();
            for (c, why) in &f.down {
                msg.push_str(&format!("\n  {c}: {why}"));
            }
            // Some contexts could not be asked: maybe passing, not the input's fault (exit 1).
            if f.down.is_empty() {
                Err(ActionError::Invalid(msg))
            } else {
                Err(ActionError::Other(msg))
            }
        }
        many => Err(ActionError::Invalid(format!(
            "several contexts serve Karmada's Cluster API ({}): pick one with --context",
            many.iter()
                .map(|i| f.contexts[*i].as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// The one context `--context` names (a node verb needs exactly one).
fn one_context(f: &Fleet, only: Option<&[String]>) -> Result<ClusterId, ActionError> {
    let names = only.unwrap_or_default();
    match names {
        [one] => f.contexts.iter().position(|c| c == one).ok_or_else(|| {
            ActionError::Invalid(format!(
                "--context {one}: no such context (contexts: {})",
                f.contexts.join(", ")
            ))
        }),
        [] => Err(ActionError::Invalid(
            "a node is named within one context: pass --context CONTEXT".into(),
        )),
        many => Err(ActionError::Invalid(format!(
            "--context names {} contexts ({}): a node verb needs exactly one",
            many.len(),
            many.join(", ")
        ))),
    }
}

/// `a=3,b=1` → [(a, 3), (b, 1)].
pub fn parse_weights(s: &str) -> Result<Vec<(String, i64)>, ActionError> {
    let bad = |why: String| ActionError::Invalid(format!("--weights {s:?}: {why}"));
    let mut out: Vec<(String, i64)> = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (k, w) = part
            .split_once('=')
            .ok_or_else(|| bad(format!("{part:?} is not NAME=WEIGHT")))?;
        let w: i64 = w
            .trim()
            .parse()
            .map_err(|_| bad(format!("{:?} is not a whole number", w.trim())))?;
        let k = k.trim().to_string();
        if out.iter().any(|(x, _)| *x == k) {
            return Err(bad(format!("{k} is given twice")));
        }
        out.push((k, w));
    }
    if out.is_empty() {
        return Err(bad("no weights given".into()));
    }
    Ok(out)
}

fn verb(
    f: &Fleet,
    v: &ActVerb,
    only: Option<&[String]>,
    audit: &AuditLog,
) -> Result<Verb, ActionError> {
    // --context: the demo fleet has every context; a kubeconfig only those.
    let clusters = || -> Vec<ClusterId> {
        (0..f.contexts.len())
            .filter(|i| only.is_none_or(|o| o.contains(&f.contexts[*i])))
            .collect()
    };
    Ok(match v {
        ActVerb::QueueClose { name } | ActVerb::QueueOpen { name } => Verb::QueueState {
            clusters: clusters(),
            queue: name.clone(),
            open: matches!(v, ActVerb::QueueOpen { .. }),
        },
        ActVerb::QueueWeight { name, weight } => Verb::QueueWeights {
            clusters: clusters(),
            weights: vec![(name.clone(), *weight)],
        },
        ActVerb::DrainCluster { name, to, cordon } => Verb::Drain {
            clusters: clusters(),
            control_planes: f.control_planes.clone(),
            member: name.clone(),
            to: to.clone(),
            cordon: *cordon,
        },
        ActVerb::Restore { plan_id } => Verb::Restore {
            plan_id: plan_id.clone(),
            entries: audit.read_all().map_err(|e| {
                ActionError::Other(format!(
                    "cannot read the audit log {}: {e}",
                    audit.path().display()
                ))
            })?,
        },
        ActVerb::SetRouteWeights { vs, route, weights } => {
            let (ns, name) = vs.split_once('/').ok_or_else(|| {
                ActionError::Invalid(format!("--vs {vs:?}: expected NAMESPACE/NAME"))
            })?;
            Verb::SetRouteWeights {
                clusters: clusters(),
                vs: ObjKey::new(Some(ns), name),
                route: crate::actions::routes::RouteSel::parse(route),
                weights: parse_weights(weights)?,
            }
        }
        ActVerb::SetWeights {
            policy,
            weights,
            pin,
        } => {
            let (kind, key) = match policy.split_once('/') {
                Some((ns, name)) => (Kind::PropagationPolicy, ObjKey::new(Some(ns), name)),
                None => (
                    Kind::ClusterPropagationPolicy,
                    ObjKey::cluster_scoped(policy),
                ),
            };
            Verb::SetWeights {
                control_plane: control_plane(f)?,
                kind,
                policy: key,
                weights: parse_weights(weights)?,
                pin: *pin,
            }
        }
        ActVerb::ApplyPolicy { file } => Verb::ApplyPolicy {
            cluster: control_plane(f)?,
            edited: read_policy_file(file)?,
            base: None,
        },
        ActVerb::CordonNode { name } | ActVerb::UncordonNode { name } => Verb::CordonNode {
            cluster: one_context(f, only)?,
            node: name.clone(),
            cordon: matches!(v, ActVerb::CordonNode { .. }),
        },
        ActVerb::CordonCluster { name } | ActVerb::UncordonCluster { name } => Verb::Cordon {
            control_plane: control_plane(f)?,
            member: name.clone(),
            cordon: matches!(v, ActVerb::CordonCluster { .. }),
        },
    })
}

/// The YAML document of `act apply-policy -f FILE` (`-`: standard input), parsed.
fn read_policy_file(file: &std::path::Path) -> Result<serde_json::Value, ActionError> {
    let name = file.display();
    let text = if file.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(file)
    }
    .map_err(|e| ActionError::Invalid(format!("cannot read {name}: {e}")))?;
    crate::actions::apply_policy::parse_yaml(&text)
        .map_err(|e| ActionError::Invalid(format!("{name}: {e}; nothing was sent")))
}

fn plan_text(p: &Plan) -> String {
    let mut s = format!("plan {}: {}\n", p.id, p.title);
    for line in &p.summary {
        s.push_str(&format!("  → {line}\n"));
    }
    let n = p.steps.len();
    for (i, st) in p.steps.iter().enumerate() {
        s.push_str(&format!(
            "\nstep {}/{n}: {} on {} ({}), {}\n  {}\n{}\n",
            i + 1,
            st.object_ref(),
            st.context,
            if st.create.is_some() && st.resource_version.is_empty() {
                "a new object".to_string()
            } else if st.create.is_some() {
                format!(
                    "planned on the queue's resourceVersion {}",
                    st.resource_version
                )
            } else if st.guarded_by_tests() {
                "guarded by test ops on the planned values".to_string()
            } else {
                format!("resourceVersion {}", st.resource_version)
            },
            if st.create.is_some() {
                "create"
            } else {
                "JSON patch"
            },
            st.change,
            diff::render(&st.diff(3))
        ));
    }
    s
}

fn json_out(
    p: Option<&Plan>,
    applied: bool,
    checked: bool,
    result: &str,
    err: Option<&ActionError>,
) -> String {
    let mut v = json!({
        "plan_id": p.map(|p| p.id.clone()),
        "verb": p.map(|p| p.verb.clone()),
        "title": p.map(|p| p.title.clone()),
        "applied": applied,
        "dry_run": checked,
        "noop": p.and_then(|p| p.noop.clone()),
        "steps": p.map(|p| p.steps_json()).unwrap_or_default(),
        "preview": p.and_then(|p| p.preview.clone()).unwrap_or(Value::Null),
        "result": result,
        "error": err.map(|e| e.to_string()),
        "exit_code": err.map_or(0, ActionError::exit_code),
    });
    if let (Some(Value::Object(extra)), Some(o)) =
        (p.and_then(|p| p.extra.clone()), v.as_object_mut())
    {
        o.extend(extra);
    }
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// Run `act` to the end.
pub async fn run(g: &Global, args: &ActArgs, paths: &Paths) -> Outcome {
    let fail = |p: Option<&Plan>, e: ActionError| Outcome {
        code: e.exit_code(),
        out: if args.json {
            json_out(p, false, false, "", Some(&e))
        } else {
            format!("fleetdeck: {e}\n")
        },
    };
    let what = args.verb.describe();
    if let Err(e) = actions::check_writable(g.readonly, &what) {
        return fail(None, e);
    }
    let f = match connect(g).await {
        Ok(f) => f,
        Err(e) => return fail(None, ActionError::Invalid(format!("{e:#}"))),
    };
    let audit = AuditLog::new(paths.audit_log());
    let v = match verb(&f, &args.verb, g.context.as_deref(), &audit) {
        Ok(v) => v,
        Err(e) => return fail(None, e),
    };
    let plan = match v.plan(&*f.exec, &f.contexts).await {
        Ok(p) => p,
        Err(e) => return fail(None, e),
    };
    if let Some(why) = &plan.noop {
        let text = format!("nothing to do: {why}");
        return Outcome {
            code: 0,
            out: if args.json {
                json_out(Some(&plan), false, false, &text, None)
            } else {
                let summary: String = plan.summary.iter().map(|l| format!("  → {l}\n")).collect();
                format!("plan {}: {}\n{summary}{text}\n", plan.id, plan.title)
            },
        };
    }
    if !args.yes && !args.dry_run {
        let text = "not applied: add --yes to apply (--dry-run has the server check every step)";
        return Outcome {
            code: 0,
            out: if args.json {
                json_out(Some(&plan), false, false, text, None)
            } else {
                format!("{}\n{text}\n", plan_text(&plan))
            },
        };
    }
    match actions::run(&*f.exec, &plan, g.readonly, args.yes, &audit, clock()).await {
        Ok(report) => {
            let text = if report.applied {
                format!("{report} · audit: {}", audit.path().display())
            } else {
                "server dry-run of every step passed; nothing was applied (add --yes to apply)"
                    .into()
            };
            Outcome {
                code: 0,
                out: if args.json {
                    json_out(Some(&plan), report.applied, true, &text, None)
                } else {
                    format!("{}\n{text}\n", plan_text(&plan))
                },
            }
        }
        Err(e) => {
            // Applied, but not audited: say applied.
            let applied = matches!(e, ActionError::Audit(_));
            let mut o = fail(Some(&plan), e.clone());
            if args.json {
                o.out = json_out(Some(&plan), applied, applied, "", Some(&e));
            } else {
                o.out = format!("{}\n{}", plan_text(&plan), o.out);
            }
            o
        }
    }
}
