//! Spec prose → rustdoc that builds with `-D warnings`: bare URLs become
//! autolinks, stray brackets and angle brackets are escaped, and every code
//! block — fenced or indented, as pulldown-cmark finds them — becomes a
//! `text` block, so nothing from a spec is ever compiled as a doctest.

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

/// Cleans one description; code spans (`` `…` ``) are kept as they are.
pub fn clean(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    let mut block: Option<(String, String)> = None;
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) if block.is_none() => {
                prose(&text[copied..range.start], &mut out);
                copied = range.end;
                block = Some((language(&kind), String::new()));
            }
            Event::Text(code) => {
                if let Some((_, content)) = &mut block {
                    content.push_str(&code);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((language, content)) = block.take() {
                    if !out.is_empty() && !out.ends_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(&format!("```{language}\n{}\n```\n", content.trim_end()));
                }
            }
            _ => {}
        }
    }
    prose(&text[copied..], &mut out);
    out.trim_end().to_owned()
}

/// The language a block keeps: a named non-Rust one, else `text`.
fn language(kind: &CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => {
            let name = info.split([',', ' ']).next().unwrap_or_default();
            let plain = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
            if plain && !matches!(name, "rust" | "ignore" | "no_run" | "should_panic" | "compile_fail") {
                name.to_owned()
            } else {
                "text".to_owned()
            }
        }
        CodeBlockKind::Indented => "text".to_owned(),
    }
}

/// Prose between code blocks, line by line. A list item's lazy
/// continuation lines are indented under its text (rustdoc reads them the
/// same; clippy's `doc_lazy_continuation` asks for it).
fn prose(text: &str, out: &mut String) {
    let mut item_indent: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let line = line.trim_end();
        match (list_marker_width(line), item_indent) {
            (Some(width), _) => item_indent = Some(width),
            (None, _) if line.trim().is_empty() => item_indent = None,
            (None, Some(width)) => {
                // Less indented than the item's text: a lazy continuation.
                let indent = line.len() - line.trim_start().len();
                out.push_str(&" ".repeat(width.saturating_sub(indent)));
            }
            _ => {}
        }
        clean_line(line, out);
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
}

/// Where a list item's text starts: its marker and the spaces after it
/// (`* ` → 2, `*   ` → 4, `10. ` → 4).
fn list_marker_width(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let marker = match rest[digits..].chars().next() {
        Some('*' | '-' | '+') if digits == 0 => 1,
        Some('.' | ')') if digits > 0 && digits < 10 => digits + 1,
        _ => return None,
    };
    let spaces = rest[marker..].chars().take_while(|c| *c == ' ').count();
    // One to four spaces; five or more make the text an indented code block.
    (1..=4).contains(&spaces).then_some(indent + marker + spaces)
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

/// `text` as literal Markdown: every character Markdown or rustdoc would
/// read as syntax (links, emphasis, code, HTML) is backslash-escaped.
pub fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~') {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// `text` as one Markdown code span, whatever backticks it holds: the fence
/// is one backtick longer than its longest run of them, with a space inside
/// when the text starts or ends with one (CommonMark strips that pair).
pub fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::{clean, code_span};

    #[test]
    fn a_code_span_holds_any_backticks() {
        assert_eq!(code_span("repos"), "`repos`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        // What pulldown-cmark reads back is the text itself.
        for text in ["a`b", "`x``", "``", "plain"] {
            let span = code_span(text);
            let code = pulldown_cmark::Parser::new(&span).find_map(|event| match event {
                pulldown_cmark::Event::Code(code) => Some(code.to_string()),
                _ => None,
            });
            assert_eq!(code.as_deref(), Some(text), "{}", code_span(text));
        }
    }

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
                "* `RETURN` - does not add,\nreturns the metadata\n10. ten\nmore\n*   wide\nlazy\n* a\n b\n\nafter",
                "* `RETURN` - does not add,\n  returns the metadata\n10. ten\n    more\n*   wide\n    lazy\n* a\n  b\n\nafter",
            ),
            ("```json\n{\"a\": [1]}\n```", "```json\n{\"a\": [1]}\n```"),
            (
                "Example:\n\n    let x = [1];\n\nDone <here>.",
                "Example:\n\n```text\nlet x = [1];\n```\n\nDone &lt;here&gt;.",
            ),
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
