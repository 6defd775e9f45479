//! Short, human error messages from kube errors, without credentials: an exec plugin's stdout
//! (which may hold a token) is never rendered, only its exit status and first stderr line.

use std::error::Error as StdError;

use kube::client::AuthError;

use crate::sources::ApiError;

/// `https://127.0.0.1:16443/path` → `127.0.0.1:16443`.
pub fn host_port(server: &str) -> String {
    let rest = server.split_once("://").map(|x| x.1).unwrap_or(server);
    let hp = rest.split('/').next().unwrap_or(rest);
    // Drop any userinfo (`user:pass@host`).
    hp.rsplit_once('@').map(|x| x.1).unwrap_or(hp).to_string()
}

fn strip_os_error(s: &str) -> String {
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if !s.starts_with("TLS") => f.to_lowercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn auth_message(a: &AuthError) -> String {
    match a {
        AuthError::AuthExecRun { cmd, out } => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let first = stderr.lines().map(str::trim).find(|l| !l.is_empty());
            match first {
                Some(l) => format!(
                    "auth exec '{cmd}' failed ({}): {}",
                    out.status,
                    shorten(l, 160)
                ),
                None => format!("auth exec '{cmd}' failed ({})", out.status),
            }
        }
        other => format!("auth: {}", shorten(&other.to_string(), 200)),
    }
}

/// One line for the fleet table: `connection refused (127.0.0.1:16444)`,
/// `401 Unauthorized: Unauthorized`, `timed out (10.0.0.1:6443)`.
pub fn describe(err: &kube::Error, target: &str) -> String {
    if let kube::Error::Api(st) = err {
        return status_line(st.code, &st.reason, &st.message);
    }
    if let kube::Error::Auth(a) = err {
        return auth_message(a);
    }
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    let mut innermost = err.to_string();
    while let Some(e) = cur {
        if let Some(a) = e.downcast_ref::<AuthError>() {
            return auth_message(a);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as K;
            let what = match io.kind() {
                K::ConnectionRefused => "connection refused".to_string(),
                K::TimedOut => "timed out".to_string(),
                K::ConnectionReset => "connection reset".to_string(),
                K::ConnectionAborted => "connection aborted".to_string(),
                K::HostUnreachable => "host unreachable".to_string(),
                K::NetworkUnreachable => "network unreachable".to_string(),
                _ => {
                    innermost = io.to_string();
                    cur = e.source();
                    continue;
                }
            };
            return format!("{what} ({target})");
        }
        innermost = e.to_string();
        cur = e.source();
    }
    let msg = lower_first(&strip_os_error(&innermost));
    format!("{} ({target})", shorten(&msg, 200))
}

fn status_line(code: u16, reason: &str, message: &str) -> String {
    let message = shorten(message, 300);
    match (reason.is_empty(), message.is_empty()) {
        (_, true) if !reason.is_empty() => format!("{code} {reason}"),
        (true, true) => format!("HTTP {code}"),
        _ if message == reason => format!("{code} {reason}"),
        _ => format!("{code} {reason}: {message}").replace("  ", " "),
    }
}

/// A kube error as an [`ApiError`], keeping the apiserver's Status (code, reason, message).
pub fn api_error(err: kube::Error, target: &str) -> ApiError {
    match err {
        kube::Error::Api(st) => ApiError {
            code: Some(st.code),
            reason: if st.reason.is_empty() {
                "Error".into()
            } else {
                st.reason.clone()
            },
            message: if st.message.is_empty() {
                format!("HTTP {}", st.code)
            } else {
                st.message.clone()
            },
        },
        other => ApiError::other(describe(&other, target)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_port_from_urls() {
        assert_eq!(host_port("https://127.0.0.1:16444"), "127.0.0.1:16444");
        assert_eq!(
            host_port("https://k.example:6443/prefix/"),
            "k.example:6443"
        );
        assert_eq!(host_port("https://u:p@k.example"), "k.example");
        assert_eq!(host_port("k.example:6443"), "k.example:6443");
    }

    #[test]
    fn status_errors_keep_the_apiserver_message() {
        let st = kube::core::Status::failure(
            "clusters.cluster.karmada.io \"member1\" is forbidden: User \"viewer\" cannot update resource \"clusters\"",
            "Forbidden",
        )
        .with_code(403);
        let e = api_error(kube::Error::Api(Box::new(st)), "x:1");
        assert_eq!(e.code, Some(403));
        assert!(e.is_forbidden());
        assert_eq!(e.reason, "Forbidden");
        assert!(
            e.message
                .starts_with("clusters.cluster.karmada.io \"member1\" is forbidden")
        );
        let st = kube::core::Status::failure("Unauthorized", "Unauthorized").with_code(401);
        assert_eq!(
            describe(&kube::Error::Api(Box::new(st)), "x:1"),
            "401 Unauthorized"
        );
    }

    #[test]
    fn io_errors_are_short() {
        let io = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        let e = kube::Error::Service(Box::new(io));
        assert_eq!(
            describe(&e, "127.0.0.1:16444"),
            "connection refused (127.0.0.1:16444)"
        );
    }

    #[test]
    fn exec_plugin_stdout_is_never_shown() {
        use std::os::unix::process::ExitStatusExt;
        let out = std::process::Output {
            status: std::process::ExitStatus::from_raw(256),
            stdout: br#"{"status":{"token":"sekrit-token"}}"#.to_vec(),
            stderr: b"\nerror: please log in again\nmore\n".to_vec(),
        };
        let e = kube::Error::Auth(AuthError::AuthExecRun {
            cmd: "aws".into(),
            out: Box::new(out),
        });
        let msg = describe(&e, "x:1");
        assert!(!msg.contains("sekrit"), "{msg}");
        assert!(
            msg.contains("aws") && msg.contains("please log in again"),
            "{msg}"
        );
    }
}
