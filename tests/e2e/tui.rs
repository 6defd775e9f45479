//! Scenario 3: the TUI in tmux: drill down, filter, help, quit.

use super::*;

/// The cart pods of a member, by name, from its apiserver.
async fn pods_named(client: &Client, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> = Api::<Pod>::namespaced(client.clone(), "shop")
        .list(&ListParams::default())
        .await
        .expect("list pods")
        .iter()
        .map(|p| p.name_any())
        .filter(|n| n.starts_with(prefix))
        .collect();
    v.sort();
    v
}

/// A user in a terminal: the overview turns Ready, `:member1 pods` opens member1's pods, `/cart`
/// leaves its cart pods only, `?` shows the keys, `q` quits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the loopback fleet: scripts/e2e.sh runs it"]
async fn tui_drill_down_filter_help_and_quit() {
    let Some(sc) = Scenario::begin("tui") else {
        return;
    };
    let env = &sc.env;
    let m1 = env.client(&env.kubeconfig, "member1").await;
    let m2 = env.client(&env.kubeconfig, "member2").await;
    let cart = pods_named(&m1, "cart-").await;
    let frontend = pods_named(&m1, "frontend-").await;
    let others_cart: Vec<String> = pods_named(&m2, "cart-")
        .await
        .into_iter()
        .filter(|n| !cart.contains(n))
        .collect();
    assert!(
        !cart.is_empty() && !frontend.is_empty(),
        "seeded pods on member1"
    );

    let dir = tempfile::tempdir().unwrap();
    let kc = env.kubeconfig.display().to_string();
    let tui = Tui::start("tui", dir.path(), &["--kubeconfig", &kc]);
    let (screen, took) = tui
        .wait_for(
            "all contexts Ready on the overview",
            Duration::from_secs(30),
            |s| tmux::all_in_state(s, &env.contexts, "Ready"),
        )
        .await;
    tui.show("overview", &screen);
    sc.step(format!(
        "overview shows every context Ready after {took:.1?}"
    ));

    // `?`: the help, generated from the keymap.
    tui.keys(&["?"]);
    tui.wait_for("the help overlay", Duration::from_secs(10), |s| {
        s.contains(" Help ")
            && s.contains("Keys here: Fleet [table]")
            && s.contains("cordon")
            && s.contains("Everywhere [global]")
    })
    .await;
    tui.keys(&["Escape"]);
    tui.wait_for("the help closed", Duration::from_secs(10), |s| {
        !s.contains("Keys here:") && s.contains(" Fleet (")
    })
    .await;
    sc.step("`?` showed the help, esc closed it");

    // `:` palette → member1's pods.
    tui.keys(&[":"]);
    tui.wait_for("the palette", Duration::from_secs(10), |s| {
        s.contains(" Go to ")
    })
    .await;
    tui.type_text("member1 pods");
    tui.wait_for(
        "the palette offers member1 › pods",
        Duration::from_secs(10),
        |s| s.contains("member1 › pods"),
    )
    .await;
    tui.keys(&["Enter"]);
    let (screen, _) = tui
        .wait_for("member1's pods tab", Duration::from_secs(10), |s| {
            s.contains("member1 › Pods (")
        })
        .await;
    assert!(
        screen.contains(&cart[0]) || screen.contains(&frontend[0]),
        "{screen}"
    );

    // `/cart`.
    tui.keys(&["/"]);
    tui.type_text("cart");
    tui.keys(&["Enter"]);
    let (screen, _) = tui
        .wait_for("the cart filter applied", Duration::from_secs(10), |s| {
            s.contains("filter: cart") && cart.iter().all(|n| s.contains(n.as_str()))
        })
        .await;
    tui.show("member1 pods, filter cart", &screen);
    for f in &frontend {
        assert!(
            !screen.contains(f.as_str()),
            "{f} shown with filter cart:\n{screen}"
        );
    }
    for o in &others_cart {
        assert!(
            !screen.contains(o.as_str()),
            "member2's {o} shown on member1:\n{screen}"
        );
    }
    assert!(!screen.contains("frontend-"), "{screen}");
    assert!(
        screen.contains(&format!("member1 › Pods ({}/", cart.len())),
        "row count of the filtered table:\n{screen}"
    );
    sc.step(format!(
        "`:member1 pods` + `/cart` shows exactly member1's {} cart pods",
        cart.len()
    ));

    // `q` quits, with status 0.
    tui.keys(&["q"]);
    let (screen, took) = tui
        .wait_for("fleetdeck to exit", Duration::from_secs(10), |s| {
            s.contains(tmux::EXITED)
        })
        .await;
    tui.show("after q", &screen);
    assert!(screen.contains(&format!("{}0]", tmux::EXITED)), "{screen}");
    sc.step(format!("`q` quit (exit status 0) after {took:.1?}"));
}
