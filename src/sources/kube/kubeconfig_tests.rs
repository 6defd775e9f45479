use std::io::Write;

use super::*;

const FILE_A: &str = r#"apiVersion: v1
kind: Config
current-context: a1
clusters:
- name: ca
  cluster:
    server: https://a.example:6443
    certificate-authority: certs/ca.crt
- name: shared
  cluster:
    server: https://shared-from-a.example:6443
users:
- name: ua
  user:
    token: sekrit-a
    client-key: keys/a.key
contexts:
- name: a1
  context: {cluster: ca, user: ua}
- name: shared-ctx
  context: {cluster: shared, user: ua, namespace: from-a}
"#;

const FILE_B: &str = r#"apiVersion: v1
kind: Config
current-context: b1
clusters:
- name: cb
  cluster: {server: "https://b.example:6443"}
- name: shared
  cluster: {server: "https://shared-from-b.example:6443"}
users:
- name: ub
  user: {token: sekrit-b}
contexts:
- name: b1
  context: {cluster: cb, user: ub}
- name: shared-ctx
  context: {cluster: cb, user: ub, namespace: from-b}
- name: b2
  context: {cluster: ca, user: ub}
"#;

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let p = dir.path().join(name);
    let mut f = std::fs::File::create(&p).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    p
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn merges_two_files_first_wins_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.yaml", FILE_A);
    let b = write(&dir, "b.yaml", FILE_B);
    let l = load_files(&[a.clone(), b.clone()], None).unwrap();
    // All contexts, first file first, duplicates dropped (the first definition wins).
    assert_eq!(l.context_names(), names(&["a1", "shared-ctx", "b1", "b2"]));
    assert_eq!(l.kubeconfig.current_context.as_deref(), Some("a1"));
    let shared = l
        .kubeconfig
        .contexts
        .iter()
        .find(|c| c.name == "shared-ctx");
    let shared = shared.unwrap().context.as_ref().unwrap();
    assert_eq!(shared.namespace.as_deref(), Some("from-a"));
    assert_eq!(
        l.server_of("shared-ctx").as_deref(),
        Some("https://shared-from-a.example:6443")
    );
    // b2 (second file) uses a cluster only the first file defines: fine after the merge.
    assert_eq!(l.server_of("b2").as_deref(), Some("https://a.example:6443"));
    assert_eq!(l.user_of("b1").as_deref(), Some("ub"));
    assert_eq!(l.context_files["b1"], b);
    assert_eq!(l.context_files["shared-ctx"], a);
    // Relative paths are resolved against the file's directory.
    let ca = l.kubeconfig.clusters[0].cluster.as_ref().unwrap();
    assert_eq!(
        ca.certificate_authority.as_deref(),
        dir.path().join("certs/ca.crt").to_str()
    );
    let ua = l.kubeconfig.auth_infos[0].auth_info.as_ref().unwrap();
    assert_eq!(
        ua.client_key.as_deref(),
        dir.path().join("keys/a.key").to_str()
    );

    // Reverse precedence: the other file wins.
    let l = load_files(&[b, a], None).unwrap();
    assert_eq!(l.context_names(), names(&["b1", "shared-ctx", "b2", "a1"]));
    assert_eq!(l.kubeconfig.current_context.as_deref(), Some("b1"));
    assert_eq!(
        l.server_of("shared-ctx").as_deref(),
        Some("https://b.example:6443")
    );
}

#[test]
fn context_subset_keeps_the_given_order() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.yaml", FILE_A);
    let b = write(&dir, "b.yaml", FILE_B);
    let sel = names(&["b1", "a1", "b1"]);
    let l = load_files(&[a.clone(), b], Some(&sel)).unwrap();
    assert_eq!(l.context_names(), names(&["b1", "a1"]));

    // Through `load` with --kubeconfig (the environment is not consulted).
    let l = load(&KubeconfigOpts {
        file: Some(a),
        contexts: Some(names(&["shared-ctx"])),
    })
    .unwrap();
    assert_eq!(l.context_names(), names(&["shared-ctx"]));
}

#[test]
fn unknown_context_lists_the_available_ones() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.yaml", FILE_A);
    let err = load(&KubeconfigOpts {
        file: Some(a),
        contexts: Some(names(&["a1", "nope"])),
    })
    .unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, KubeconfigError::UnknownContext { .. }));
    assert!(msg.contains("\"nope\""), "{msg}");
    assert!(msg.contains("available: a1, shared-ctx"), "{msg}");
}

#[test]
fn broken_yaml_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(&dir, "good.yaml", FILE_A);
    // Line 6 has an unterminated flow mapping.
    let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: x\n  cluster:\n    server: {https://x\ncontexts: []\n";
    let bad = write(&dir, "broken.yaml", text);
    let err = load_files(&[good, bad.clone()], None).unwrap_err();
    let msg = err.to_string();
    let KubeconfigError::Parse { path, line, .. } = &err else {
        panic!("expected a parse error, got {err:?}");
    };
    assert_eq!(path, &bad);
    assert!(line.is_some(), "{msg}");
    assert!(msg.contains(&bad.display().to_string()), "{msg}");
    assert!(msg.contains(&format!("line {}", line.unwrap())), "{msg}");
    assert!((6..=7).contains(&line.unwrap()), "{msg}");

    // A type error (a list where a mapping belongs) also has a line.
    let text =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: x\n  cluster:\n    - server: https://x\n";
    let bad = write(&dir, "wrong-type.yaml", text);
    let err = load_files(&[bad], None).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("wrong-type.yaml"), "{msg}");
    assert!(
        msg.contains("line 6, column 5: expected mapping start"),
        "{msg}"
    );
}

#[test]
fn missing_cluster_or_user_names_the_file_and_context() {
    let dir = tempfile::tempdir().unwrap();
    let text = "apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts:\n- name: lost\n  context: {cluster: gone, user: nobody}\n";
    let p = write(&dir, "lost.yaml", text);
    // Named with --context: an error.
    let err = load_files(std::slice::from_ref(&p), Some(&names(&["lost"]))).unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(err, KubeconfigError::MissingCluster { .. }),
        "{msg}"
    );
    assert!(msg.contains("lost.yaml"), "{msg}");
    assert!(msg.contains("context \"lost\""), "{msg}");
    assert!(msg.contains("cluster \"gone\""), "{msg}");
    // Every context shown: the broken one becomes a row with that reason, the rest still load.
    let l = load_files(std::slice::from_ref(&p), None).unwrap();
    assert_eq!(l.context_names(), names(&["lost"]));
    assert_eq!(l.problems["lost"], msg);

    let text = "apiVersion: v1\nkind: Config\nclusters:\n- name: here\n  cluster: {server: https://h}\ncontexts:\n- name: anon\n  context: {cluster: here}\n- name: lost\n  context: {cluster: here, user: nobody}\n";
    let p = write(&dir, "nouser.yaml", text);
    let err = load_files(std::slice::from_ref(&p), Some(&names(&["lost"]))).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, KubeconfigError::MissingUser { .. }), "{msg}");
    assert!(
        msg.contains("nouser.yaml") && msg.contains("\"nobody\""),
        "{msg}"
    );
    let all = load_files(std::slice::from_ref(&p), None).unwrap();
    assert_eq!(all.context_names(), names(&["anon", "lost"]));
    assert!(!all.problems.contains_key("anon"));
    assert_eq!(all.problems["lost"], msg);
    // Only the selected contexts are checked; a context without a user is fine.
    let l = load_files(&[p], Some(&names(&["anon"]))).unwrap();
    assert_eq!(l.context_names(), names(&["anon"]));
    assert_eq!(l.user_of("anon"), None);
}

#[test]
fn missing_file_and_empty_config_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(&KubeconfigOpts {
        file: Some(dir.path().join("absent.yaml")),
        contexts: None,
    })
    .unwrap_err();
    assert!(matches!(err, KubeconfigError::Read { .. }), "{err}");
    assert!(err.to_string().contains("absent.yaml"));

    let p = write(&dir, "empty.yaml", "");
    let err = load_files(&[p], None).unwrap_err();
    assert!(matches!(err, KubeconfigError::NoContexts(_)), "{err}");
}

#[test]
fn errors_never_carry_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(&dir, "a.yaml", FILE_A);
    let err = load_files(&[a], Some(&names(&["zzz"]))).unwrap_err();
    assert!(!err.to_string().contains("sekrit"));
    assert!(!format!("{err:?}").contains("sekrit"));
}
