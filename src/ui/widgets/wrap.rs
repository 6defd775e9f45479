//! Wrapping toned text to a width: whole words where they fit, continuation rows indented by
//! 2, words longer than a row cut where it ends.

use unicode_width::UnicodeWidthStr;

use crate::kinds::Tone;

/// The longest prefix of `s` at most `room` columns wide (one character at least), and the
/// rest.
fn split_at_width(s: &str, room: usize) -> (&str, &str) {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        used += c.to_string().width();
        if used > room && i > 0 {
            return s.split_at(i);
        }
    }
    (s, "")
}

/// `segs` wrapped to `width` (8 at least): the rows, each a list of toned pieces.
pub fn wrap<'a>(
    segs: impl IntoIterator<Item = (&'a str, Tone)>,
    width: usize,
) -> Vec<Vec<(String, Tone)>> {
    let width = width.max(8);
    let mut rows: Vec<Vec<(String, Tone)>> = vec![vec![]];
    let mut used = 0;
    // Nothing on the current row yet.
    let mut fresh = true;
    let newline = |rows: &mut Vec<Vec<(String, Tone)>>, used: &mut usize, fresh: &mut bool| {
        rows.push(vec![("  ".into(), Tone::Normal)]);
        *used = 2;
        *fresh = true;
    };
    for (text, tone) in segs {
        for word in text.split_inclusive(' ') {
            let mut word = word;
            if !fresh && used + word.trim_end().width() > width {
                newline(&mut rows, &mut used, &mut fresh);
            }
            if fresh && rows.len() > 1 {
                word = word.trim_start();
            }
            if word.is_empty() {
                continue;
            }
            while used + word.trim_end().width() > width {
                let (cut, rest) = split_at_width(word, width - used);
                rows.last_mut().unwrap().push((cut.to_string(), tone));
                newline(&mut rows, &mut used, &mut fresh);
                word = rest;
            }
            used += word.width();
            fresh = false;
            rows.last_mut().unwrap().push((word.to_string(), tone));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(t: &str) -> (&str, Tone) {
        (t, Tone::Normal)
    }

    fn text(rows: Vec<Vec<(String, Tone)>>) -> Vec<String> {
        rows.into_iter()
            .map(|r| r.into_iter().map(|(s, _)| s).collect())
            .collect()
    }

    #[test]
    fn wraps_at_words_with_a_hanging_indent_and_cuts_long_words() {
        let rows = wrap(
            [seg("prod-eu: 4 assigned · "), seg("applied · Healthy")],
            20,
        );
        assert_eq!(
            text(rows),
            ["prod-eu: 4 assigned ", "  · applied · ", "  Healthy"]
        );
        let rows = wrap([seg("Work karmada-es-prod-eu/web-6c47d997fc")], 16);
        assert_eq!(
            text(rows),
            ["Work ", "  karmada-es-pro", "  d-eu/web-6c47d", "  997fc"]
        );
    }
}
