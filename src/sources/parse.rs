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

/// Unix seconds → RFC 3339 in UTC (civil-from-days, Howard Hinnant; no date crate needed).
pub fn format_rfc3339(t: i64) -> String {
    let days = t.div_euclid(86400);
    let secs = t.rem_euclid(86400);
    let z = days + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// RFC 3339 → unix seconds (0 when absent or unparsable).
pub fn rfc3339(s: &str) -> i64 {
    // 2024-05-01T12:34:56Z or with fractional seconds / offset.
    let b = s.as_bytes();
    if b.len() < 19 {
        return 0;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok());
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return 0;
    };
    // days from civil (Howard Hinnant)
    let y2 = if mo <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    let mut t = days * 86400 + h * 3600 + mi * 60 + se;
    // offset like +02:00 at the end
    let tail = &s[19..];
    let tail = tail.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
    if let Some(sign) = tail.chars().next()
        && (sign == '+' || sign == '-')
        && tail.len() >= 6
        && let (Ok(oh), Ok(om)) = (tail[1..3].parse::<i64>(), tail[4..6].parse::<i64>())
    {
        let off = oh * 3600 + om * 60;
        t -= if sign == '+' { off } else { -off };
    }
    t
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
