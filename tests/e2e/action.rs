//! Scenario 4: cordon/uncordon through the TUI; RBAC and --readonly refusals.

use super::*;

fn audit_lines(state_dir: &std::path::Path) -> Vec<Value> {
    match std::fs::read_to_string(state_dir.join("audit.log")) {
        Ok(t) => t
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("audit line {l:?}: {e}")))
            .collect(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
        Err(e) => panic!("audit log: {e}"),
    }
}

/// Nothing landed: member1's `Cluster` still has `before`'s resourceVersion, and this TUI wrote
/// no audit line.
async fn assert_untouched(karmada: &Client, before: &DynamicObject, tui: &Tui, when: &str) {
    let now = karmada_cluster(karmada, "member1").await;
    assert_eq!(
        now.resource_version(),
        before.resource_version(),
        "changed {when}"
    );
    assert!(audit_lines(&tui.state_dir).is_empty(), "audit line {when}");
}

/// Move the overview's selection to `ctx` (rows sort by health, so search for it). Each key's
/// effect is awaited on screen before the next: a screen read before a key was drawn must not
/// count.
async fn select_row(tui: &Tui, ctx: &str) {
    tui.keys(&["g"]);
    let (mut screen, _) = tui
        .wait_for("the first row selected", Duration::from_secs(5), |s| {
            let first = tmux::overview_states(s).into_iter().nth(1).map(|(c, _)| c);
            first.is_some() && tmux::selected_context(s) == first
        })
        .await;
    for _ in 0..12 {
        if tmux::selected_context(&screen).as_deref() == Some(ctx) {
            return;
        }
        let before = tmux::selected_context(&screen);
        tui.keys(&["Down"]);
        screen = tui
            .wait_for("the selection to move", Duration::from_secs(5), |s| {
                let now = tmux::selected_context(s);
                now.is_some() && now != before
            })
            .await
            .0;
    }
    panic!("could not select {ctx} in the overview:\n{}", tui.screen());
}

/// Start the TUI with `args`, wait for every context Ready, select member1's row.
async fn tui_on_member1(sc: &Scenario, name: &str, dir: &std::path::Path, args: &[&str]) -> Tui {
    let tui = Tui::start(name, dir, args);
    let (_, took) = tui
        .wait_for(
            "all contexts Ready on the overview",
            Duration::from_secs(30),
            |s| tmux::all_in_state(s, &sc.env.contexts, "Ready"),
        )
        .await;
    sc.step(format!("{name}: every context Ready after {took:.1?}"));
    select_row(&tui, "member1").await;
    tui
}

/// Cordon and uncordon member1 from the overview: the diff is shown, `y` applies, the taint is
/// in the Cluster object, one audit line each. With a viewer's token the apiserver forbids it,
/// with `--readonly` fleetdeck refuses it; neither changes anything nor writes an audit line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn action_cordon_member1_through_the_tui() {
    let Some(sc) = Scenario::begin("action") else {
        return;
    };
    let env = sc.env.clone();
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let body = async {
        let original = karmada_cluster(&karmada, "member1").await;
        assert!(
            !taints_of(&original)
                .iter()
                .any(|t| t.starts_with(UNSCHEDULABLE)),
            "member1 is cordoned before the test: {:?}",
            taints_of(&original)
        );
        let user = env.kubeconfig_user(&env.kubeconfig, "karmada");
        let kc = env.kubeconfig.display().to_string();

        // --- cordon: c, the diff, y.
        let dir = tempfile::tempdir().unwrap();
        let tui = tui_on_member1(&sc, "cordon", dir.path(), &["--kubeconfig", &kc]).await;
        tui.keys(&["c"]);
        let (screen, _) = tui
            .wait_for(
                "the confirm dialog with the diff",
                Duration::from_secs(10),
                |s| {
                    s.contains(" Confirm change ")
                        && s.contains("Cordon Karmada member member1")
                        && s.lines()
                            .any(|l| l.contains("+ ") && l.contains(UNSCHEDULABLE))
                },
            )
            .await;
        tui.show("confirm dialog", &screen);
        assert!(
            screen.contains("context: karmada   object: clusters.cluster.karmada.io/member1"),
            "{screen}"
        );
        assert_untouched(&karmada, &original, &tui, "before confirming").await;
        tui.keys(&["y"]);
        let (_, took) = tui
            .wait_for("the cordon applied", Duration::from_secs(15), |s| {
                s.contains(&format!(
                    "applied: spec.taints += {UNSCHEDULABLE}:NoSchedule on karmada"
                ))
            })
            .await;
        sc.step(format!("cordon applied {took:.1?} after `y`"));
        let now = karmada_cluster(&karmada, "member1").await;
        assert!(
            taints_of(&now).contains(&format!("{UNSCHEDULABLE}:NoSchedule")),
            "taint not in the Cluster object: {:?}",
            now.data["spec"]
        );
        let audit = audit_lines(&tui.state_dir);
        assert_eq!(audit.len(), 1, "{audit:?}");
        assert_eq!(audit[0]["context"], "karmada");
        assert_eq!(audit[0]["object"], "clusters.cluster.karmada.io/member1");
        assert_eq!(audit[0]["user"], json!(user));
        assert_eq!(
            audit[0]["change"],
            json!(format!("spec.taints += {UNSCHEDULABLE}:NoSchedule"))
        );
        // The watch brings it back to the screen.
        tui.wait_for("member1 shown cordoned", Duration::from_secs(10), |s| {
            s.contains("cordoned: Karmada schedules nothing new here")
                && s.contains(&format!("taints=[{UNSCHEDULABLE}:NoSchedule]"))
        })
        .await;

        // --- uncordon: u, y.
        tui.keys(&["u"]);
        tui.wait_for("the uncordon dialog", Duration::from_secs(10), |s| {
            s.contains("Uncordon Karmada member member1")
                && s.lines()
                    .any(|l| l.contains("- ") && l.contains(UNSCHEDULABLE))
        })
        .await;
        tui.keys(&["y"]);
        tui.wait_for("the uncordon applied", Duration::from_secs(15), |s| {
            s.contains(&format!(
                "applied: spec.taints -= {UNSCHEDULABLE}:NoSchedule on karmada"
            ))
        })
        .await;
        let now = karmada_cluster(&karmada, "member1").await;
        assert!(
            !taints_of(&now).iter().any(|t| t.starts_with(UNSCHEDULABLE)),
            "taint still there: {:?}",
            now.data["spec"]
        );
        assert_eq!(
            now.data["spec"], original.data["spec"],
            "spec back to what it was"
        );
        let audit = audit_lines(&tui.state_dir);
        assert_eq!(audit.len(), 2, "{audit:?}");
        assert_eq!(
            audit[1]["change"],
            json!(format!("spec.taints -= {UNSCHEDULABLE}:NoSchedule"))
        );
        assert_eq!(audit[1]["user"], json!(user));
        sc.step("uncordon applied; spec as before; 2 audit lines");
        drop(tui);

        // --- a viewer's kubeconfig: the apiserver forbids the change.
        let before = karmada_cluster(&karmada, "member1").await;
        let ro = env.kubeconfig_readonly.display().to_string();
        let dir = tempfile::tempdir().unwrap();
        let tui = tui_on_member1(&sc, "viewer", dir.path(), &["--kubeconfig", &ro]).await;
        tui.keys(&["c"]);
        tui.wait_for(
            "the confirm dialog (viewer)",
            Duration::from_secs(10),
            |s| s.contains(" Confirm change ") && s.contains("Cordon Karmada member member1"),
        )
        .await;
        tui.keys(&["y"]);
        let (screen, _) = tui
            .wait_for("a forbidden message", Duration::from_secs(15), |s| {
                s.contains("forbidden: ")
            })
            .await;
        tui.show("viewer", &screen);
        let line = screen
            .lines()
            .find(|l| l.contains("forbidden: "))
            .unwrap()
            .trim()
            .to_string();
        assert!(
            line.contains("cannot patch") && line.contains("viewer"),
            "not a clear forbidden message: {line}"
        );
        sc.step(format!("viewer: {line}"));
        assert_untouched(&karmada, &before, &tui, "by a viewer").await;
        drop(tui);

        // --- --readonly: fleetdeck refuses before asking the server anything.
        let dir = tempfile::tempdir().unwrap();
        let tui = tui_on_member1(
            &sc,
            "readonly",
            dir.path(),
            &["--kubeconfig", &kc, "--readonly"],
        )
        .await;
        tui.keys(&["c"]);
        let (screen, _) = tui
            .wait_for("the read-only refusal", Duration::from_secs(10), |s| {
                s.contains("read-only mode (--readonly): refusing to cordon karmada member member1")
            })
            .await;
        tui.show("--readonly", &screen);
        assert!(!screen.contains(" Confirm change "), "{screen}");
        assert!(screen.contains("[READONLY]"), "{screen}");
        assert_untouched(&karmada, &before, &tui, "in --readonly").await;
        sc.step("--readonly: refused, nothing changed");
        drop(tui);
    };
    let cleanup = async {
        // Whatever happened, member1 ends uncordoned (the seed restores the Cluster's spec).
        env.fleet_async(&["seed"]).await;
    };
    with_cleanup(body, cleanup).await;
}
