//! The names Karmada gives the objects it derives from a template: the execution space of a
//! member (`karmada-es-<cluster>`) and the Work it writes there (karmada-io/karmada
//! pkg/util/names/names.go `GenerateWorkName`): the template's lowercased name, a dash, and the
//! FNV-1a 32 hash of `namespace-name-kind` (lowercased; `name-kind` for a cluster-scoped
//! template) printed in decimal and re-encoded with apimachinery's `rand.SafeEncodeString`.
//! Karmada hashes with `DeepHashObject` (kr/pretty), which prints a string as it is: the bytes
//! hashed are the string's own.

/// apimachinery's `rand` alphabet (no vowels, no 0, 1 or 3).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `karmada-es-<cluster>`: the namespace of a member's Works on the control plane.
pub fn execution_space(cluster: &str) -> String {
    format!("karmada-es-{cluster}")
}

fn fnv1a32(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5, |h: u32, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// apimachinery `rand.SafeEncodeString`: each character mapped into [`ALPHANUMS`].
fn safe_encode(s: &str) -> String {
    s.chars()
        .map(|c| ALPHANUMS[c as usize % ALPHANUMS.len()] as char)
        .collect()
}

/// The Work Karmada's binding controller names for a template of `kind` `namespace/name`
/// (`namespace` empty for a cluster-scoped one).
pub fn work_name(kind: &str, name: &str, namespace: &str) -> String {
    let name = name.replace(':', ".").to_lowercase();
    let hashed = if namespace.is_empty() {
        format!("{name}-{kind}")
    } else {
        format!("{namespace}-{name}-{kind}")
    }
    .to_lowercase();
    format!("{name}-{}", safe_encode(&fnv1a32(&hashed).to_string()))
}

/// `karmada-es-<cluster>/<work name>`.
pub fn work_ref(cluster: &str, kind: &str, name: &str, namespace: &str) -> String {
    format!(
        "{}/{}",
        execution_space(cluster),
        work_name(kind, name, namespace)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_and_the_encoding_are_the_standard_ones() {
        // FNV-1a 32 test vectors.
        assert_eq!(fnv1a32(""), 0x811c_9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
        assert_eq!(fnv1a32("foobar"), 0xbf9c_f968);
        // Digits land on 4-9 and b, c, d, f (48 % 27 = 21: '0' → '4').
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
    }

    #[test]
    fn the_work_of_karmadas_own_nginx_sample() {
        // Karmada's quick start propagates Deployment default/nginx to member1 and member2;
        // its docs list both Works as `nginx-687f7fb96f` in karmada-es-member1/2.
        assert_eq!(
            work_name("Deployment", "nginx", "default"),
            "nginx-687f7fb96f"
        );
        assert_eq!(
            work_ref("member1", "Deployment", "nginx", "default"),
            "karmada-es-member1/nginx-687f7fb96f"
        );
    }

    #[test]
    fn names_are_lowercased_colons_replaced_and_cluster_scoped_ones_hash_name_and_kind() {
        let w = work_name("ClusterRole", "system:Reader", "");
        assert!(w.starts_with("system.reader-"), "{w}");
        assert_eq!(
            w,
            format!(
                "system.reader-{}",
                safe_encode(&fnv1a32("system.reader-clusterrole").to_string())
            )
        );
        assert_ne!(
            work_name("Deployment", "web", "shop"),
            work_name("Deployment", "web", "")
        );
    }
}
