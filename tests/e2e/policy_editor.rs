//! Scenario: the policy editor on the real fleet, through the TUI. The propagation pane shows
//! `shop/cart`; `E` opens `shop/cart-duplicated` in the editor; while it is open someone else
//! labels the policy; the user deletes member3 from the cluster list and saves: a conflict, with
//! what changed meanwhile shown and nothing overwritten; reload keeps the edit on top of the
//! other change; save again: the diff and the impact (cart loses member3), `y`: the apiserver
//! holds both changes, one audit line.

use super::*;
use support::resource as api;

fn audit_lines(state_dir: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(state_dir.join("audit.log"))
        .map(|t| {
            t.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn policy_editor_conflict_reload_and_apply_through_the_tui() {
    let Some(sc) = Scenario::begin("policy-editor") else {
        return;
    };
    let env = sc.env.clone();
    let karmada = env.client(&env.kubeconfig, "karmada").await;
    let ar = api(
        "policy.karmada.io",
        "v1alpha1",
        "PropagationPolicy",
        "propagationpolicies",
    );
    let pps = Api::<DynamicObject>::namespaced_with(karmada.clone(), "shop", &ar);
    let original = pps.get("cart-duplicated").await.unwrap();
    let names =
        |o: &DynamicObject| o.data["spec"]["placement"]["clusterAffinity"]["clusterNames"].clone();
    assert!(
        names(&original)
            .as_array()
            .unwrap()
            .contains(&json!("member3")),
        "{:?}",
        original.data
    );
    let kc = env.kubeconfig.display().to_string();
    let dir = tempfile::tempdir().unwrap();
    let body = async {
        let tui = Tui::start("editor", dir.path(), &["--kubeconfig", &kc]);
        tui.wait_for("all contexts Ready", Duration::from_secs(30), |s| {
            tmux::all_in_state(s, &sc.env.contexts, "Ready")
        })
        .await;
        tui.keys(&[":"]);
        tui.wait_for("the palette", Duration::from_secs(10), |s| {
            s.contains(" Go to ")
        })
        .await;
        tui.type_text("propagation");
        tui.keys(&["Enter"]);
        tui.wait_for("the propagation pane", Duration::from_secs(10), |s| {
            s.contains("Propagation: bindings") && s.contains("shop/cart")
        })
        .await;
        tui.keys(&["/"]);
        tui.type_text("cart");
        tui.keys(&["Enter"]);
        tui.wait_for("only cart", Duration::from_secs(10), |s| {
            s.contains("shop/cart") && !s.contains("shop/frontend")
        })
        .await;
        tui.keys(&["E"]);
        let (screen, _) = tui
            .wait_for(
                "the editor on cart-duplicated",
                Duration::from_secs(10),
                |s| {
                    s.contains("Edit PropagationPolicy shop/cart-duplicated @ karmada")
                        && s.contains("- member3")
                },
            )
            .await;
        tui.show("editor", &screen);
        sc.step("E on shop/cart opened shop/cart-duplicated in the editor");

        // Someone else changes the policy meanwhile.
        let patch = json!({"metadata": {"labels": {"e2e-meanwhile": "yes"}}});
        pps.patch(
            "cart-duplicated",
            &kube::api::PatchParams::default(),
            &kube::api::Patch::Merge(&patch),
        )
        .await
        .unwrap();
        let theirs = pps.get("cart-duplicated").await.unwrap();

        // Delete the line `- member3`: search it, clear the line, join it to the previous.
        tui.keys(&["C-f"]);
        tui.type_text("member3");
        tui.keys(&["Enter"]);
        tui.keys(&["Home", "C-k", "BSpace"]);
        tui.wait_for("member3 gone from the text", Duration::from_secs(10), |s| {
            !s.contains("- member3") && s.contains("modified")
        })
        .await;
        tui.keys(&["C-s"]);
        let (screen, _) = tui
            .wait_for("the conflict view", Duration::from_secs(15), |s| {
                s.contains("Conflict: the policy changed meanwhile")
                    && s.contains("metadata.labels")
            })
            .await;
        tui.show("conflict", &screen);
        let now = pps.get("cart-duplicated").await.unwrap();
        assert_eq!(
            now.resource_version(),
            theirs.resource_version(),
            "nothing overwritten"
        );
        assert!(audit_lines(&tui.state_dir).is_empty());
        sc.step("save after a change meanwhile: the conflict view, nothing sent");

        tui.keys(&["y"]);
        tui.wait_for("the editor reloaded", Duration::from_secs(10), |s| {
            s.contains("reloaded") && s.contains("e2e-meanwhile") && !s.contains("- member3")
        })
        .await;
        tui.keys(&["C-s"]);
        let (screen, _) = tui
            .wait_for(
                "the confirm with the impact",
                Duration::from_secs(15),
                |s| s.contains("Confirm change") && s.contains("loses member3"),
            )
            .await;
        tui.show("confirm", &screen);
        tui.keys(&["y"]);
        tui.wait_for("applied", Duration::from_secs(15), |s| {
            s.contains("applied: edit spec.placement.clusterAffinity on karmada")
        })
        .await;
        let now = pps.get("cart-duplicated").await.unwrap();
        let mut want = names(&original);
        want.as_array_mut().unwrap().retain(|n| n != "member3");
        assert_eq!(names(&now), want);
        assert_eq!(
            now.labels().get("e2e-meanwhile").map(String::as_str),
            Some("yes")
        );
        let audit = audit_lines(&tui.state_dir);
        assert_eq!(audit.len(), 1, "{audit:?}");
        assert_eq!(audit[0]["verb"], "apply-policy");
        sc.step("reload kept the edit over the other change; applied, one audit line");
    };
    let cleanup = support::put_back(&pps, "cart-duplicated", &original);
    with_cleanup(body, cleanup).await;
}
