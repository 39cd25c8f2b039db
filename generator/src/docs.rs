//! Spec prose → rustdoc that builds with `-D warnings`: bare URLs become
//! autolinks, stray brackets and angle brackets are escaped, code fences
//! become `text` so they are never compiled as doctests.

/// Cleans one description; code spans (`` `…` ``) are kept as they are.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut in_fence = false;
    for (index, line) in text.trim().lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            out.push_str(if in_fence { "```" } else { "```text" });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push_str(line);
        } else {
            clean_line(line.trim_end(), &mut out);
        }
    }
    if in_fence {
        out.push_str("\n```");
    }
    out
}

/// One pass over a line: code spans (`` `…` ``) are copied as they are;
/// Markdown links may contain code spans in their text.
fn clean_line(line: &str, out: &mut String) {
    let mut in_code = false;
    let mut i = 0;
    while let Some(ch) = line[i..].chars().next() {
        let rest = &line[i..];
        if ch == '`' {
            in_code = !in_code;
        }
        if in_code || ch == '`' {
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            if line[..i].ends_with("](") {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            i += url.len();
            continue;
        }
        match ch {
            '[' if !is_link_start(rest) => out.push_str("\\["),
            ']' if !rest[1..].starts_with('(') => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
        i += ch.len_utf8();
    }
}

/// `[text](` starts a Markdown link; anything else is a literal bracket.
fn is_link_start(rest: &str) -> bool {
    match rest.find(']') {
        Some(close) => rest[close..].starts_with("](") && !rest[1..close].contains('['),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn prose_is_made_rustdoc_safe() {
        let cases = [
            (
                "The [Account](https://www.twilio.com/docs/iam/api/account) that created it.",
                "The [Account](https://www.twilio.com/docs/iam/api/account) that created it.",
            ),
            (
                "See https://www.ietf.org/rfc/rfc2822.txt.",
                "See <https://www.ietf.org/rfc/rfc2822.txt>.",
            ),
            (
                "Use `DateCreated<=YYYY-MM-DD` or [x] <Say>",
                "Use `DateCreated<=YYYY-MM-DD` or \\[x\\] &lt;Say&gt;",
            ),
            ("```\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
            (
                "One of: [`email`](https://www.twilio.com/docs/verify/email), `sms`.",
                "One of: [`email`](https://www.twilio.com/docs/verify/email), `sms`.",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want);
        }
    }
}
