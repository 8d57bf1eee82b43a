//! Finding the line of a key in a table file.
//!
//! serde_yaml reports lines for parse errors but keeps no positions on parsed values, so the
//! checks that span several items (duplicates, missing inverses) find their line again in the
//! text. The tables keep one key per line (or one flow mapping per line), which makes a
//! textual search exact in practice; when nothing matches, the error has no line but still
//! names the file and key.

pub(crate) struct Locator<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Locator<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Locator {
            lines: text.lines().collect(),
        }
    }

    /// The first 1-based line at or after `from` holding `key:` (with `value`, when given).
    pub(crate) fn key(&self, from: usize, key: &str, value: Option<&str>) -> Option<usize> {
        self.nth_key(from, key, value, 0)
    }

    /// Like [`Locator::key`], skipping the first `skip` matches.
    pub(crate) fn nth_key(
        &self,
        from: usize,
        key: &str,
        value: Option<&str>,
        skip: usize,
    ) -> Option<usize> {
        let mut seen = 0;
        for (i, line) in self.lines.iter().enumerate().skip(from.saturating_sub(1)) {
            if line_has_key(strip_comment(line), key, value) {
                if seen == skip {
                    return Some(i + 1);
                }
                seen += 1;
            }
        }
        None
    }

    /// The first line at or after `from` holding `value` as a list item or mapping value.
    pub(crate) fn scalar(&self, from: usize, value: &str) -> Option<usize> {
        for (i, line) in self.lines.iter().enumerate().skip(from.saturating_sub(1)) {
            let line = strip_comment(line);
            let pieces = line.split(['[', ']', '{', '}', ',']);
            for piece in pieces {
                let piece = piece.trim().trim_start_matches("- ");
                let piece = piece.split_once(": ").map_or(piece, |(_, v)| v);
                if unquote(piece.trim()) == value {
                    return Some(i + 1);
                }
            }
        }
        None
    }
}

fn strip_comment(line: &str) -> &str {
    match line.find(" #") {
        Some(i) => &line[..i],
        None if line.trim_start().starts_with('#') => "",
        None => line,
    }
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner;
        }
    }
    s
}

fn line_has_key(line: &str, key: &str, value: Option<&str>) -> bool {
    let mut start = 0;
    while let Some(pos) = line[start..].find(key) {
        let at = start + pos;
        start = at + key.len();
        let before_ok = line[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '-' | '{' | ','));
        let rest = &line[at + key.len()..];
        let Some(after) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let Some(want) = value else { return true };
        // In a flow mapping (`{ type_id: 13, label: x }`) a value ends at `,` or `}`; in block
        // style it runs to the end of the line and may contain either.
        let end = after.find([',', '}']).unwrap_or(after.len());
        if unquote(after) == want || unquote(&after[..end]) == want {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name: contacts\nproperties:\n  - name: email # the key\n    type: string\n  - { name: \"phone\", type: string }\nassociations:\n  - to: companies\n  - to: companies\noptions: [a, 'b', c]\n";

    #[test]
    fn finds_block_and_flow_keys() {
        let l = Locator::new(TEXT);
        assert_eq!(l.key(1, "name", Some("contacts")), Some(1));
        assert_eq!(l.key(2, "name", Some("email")), Some(3));
        assert_eq!(l.key(1, "name", Some("phone")), Some(5));
        assert_eq!(l.key(1, "type", None), Some(4));
        assert_eq!(l.nth_key(6, "to", Some("companies"), 1), Some(8));
        assert_eq!(l.key(1, "to", Some("deals")), None);
        // `type` inside `hs_type` is not the key `type`.
        assert_eq!(
            Locator::new("hs_type: x\ntype: y").key(1, "type", None),
            Some(2)
        );
    }

    #[test]
    fn finds_scalars_in_flow_sequences() {
        let l = Locator::new(TEXT);
        assert_eq!(l.scalar(1, "b"), Some(9));
        assert_eq!(l.scalar(1, "email"), Some(3));
        assert_eq!(l.scalar(1, "nowhere"), None);
    }
}
