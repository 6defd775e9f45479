//! Small parsers shared by sources and planners, over JSON values.

use serde_json::Value;

use crate::fleet::Taint;

/// `spec.taints` of a Karmada Cluster (or a Node).
pub fn taints(v: &Value) -> Vec<Taint> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| {
                    Some(Taint {
                        key: t["key"].as_str()?.to_string(),
                        value: t["value"].as_str().map(str::to_string),
                        effect: t["effect"].as_str().unwrap_or("").to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Unix seconds → RFC 3339 in UTC (`2023-11-14T22:13:20Z`).
pub fn format_rfc3339(t: i64) -> String {
    match jiff::Timestamp::from_second(t) {
        Ok(ts) => ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => String::new(),
    }
}

/// RFC 3339 → unix seconds (0 when absent or unparsable); fractions and offsets as RFC 3339
/// allows.
pub fn rfc3339(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_taints_with_and_without_value() {
        let t = taints(&json!([
            {"key": "cluster.karmada.io/unschedulable", "effect": "NoSchedule"},
            {"key": "team", "value": "a", "effect": "NoExecute"}
        ]));
        assert_eq!(t.len(), 2);
        assert_eq!(
            t[0].to_string(),
            "cluster.karmada.io/unschedulable:NoSchedule"
        );
        assert_eq!(t[1].to_string(), "team=a:NoExecute");
        assert!(taints(&Value::Null).is_empty());
    }

    #[test]
    fn parses_rfc3339() {
        assert_eq!(rfc3339("2023-11-14T22:13:20Z"), 1_700_000_000);
        assert_eq!(rfc3339("2023-11-14T22:13:20.123456Z"), 1_700_000_000);
        assert_eq!(rfc3339("2023-11-15T00:13:20+02:00"), 1_700_000_000);
        assert_eq!(rfc3339("garbage"), 0);
        for t in [0, 951_782_400, 1_700_000_000, 4_102_444_800] {
            assert_eq!(rfc3339(&format_rfc3339(t)), t);
        }
    }
}
