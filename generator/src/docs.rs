//! Spec prose → rustdoc that no rustdoc or clippy doc lint can fault. The
//! Markdown is parsed once (with the extensions rustdoc reads) and written
//! back from its events by `pulldown-cmark-to-cmark`, so lists, quotes and
//! code come out with normalised indentation whatever the spec's spacing.
//! On the way: every code block becomes a fenced `text` block (or keeps a
//! named non-Rust language), so nothing from a spec is compiled as a
//! doctest; bare URLs become autolinks; HTML becomes literal text (rustdoc
//! would check its tags); links whose target is not a URL or an anchor
//! (rustdoc would try them as paths) keep their text only; and literal
//! brackets, angle brackets and emphasis characters are escaped by the
//! writer.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, TextMergeStream};

/// Cleans one description.
pub fn clean(text: &str) -> String {
    let text = text.trim();
    // rustdoc's extensions, less smart punctuation (it would rewrite quotes).
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    let events = rewrite(TextMergeStream::new(Parser::new_ext(text, options)));
    let fence = pulldown_cmark_to_cmark::calculate_code_block_token_count(&events).unwrap_or(3);
    let writer = pulldown_cmark_to_cmark::Options {
        code_block_token_count: fence.max(3),
        increment_ordered_list_bullets: true,
        ..Default::default()
    };
    let mut out = String::with_capacity(text.len() + 16);
    if pulldown_cmark_to_cmark::cmark_with_options(events, &mut out, options, writer).is_err() {
        // The writer refuses only events no parser produces; keep the words.
        return literal(text);
    }
    // Blank lines inside list items come out as the item's indentation.
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

/// The parser's events, made safe for rustdoc (see the module docs).
fn rewrite<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // Inside a code block, a link or an image: text stays as it is.
    let (mut in_code, mut in_link) = (false, 0usize);
    // Links dropped for their target: their ends are dropped too.
    let mut dropped: Vec<bool> = Vec::new();
    // Lines of the HTML block being read (the parser gives one per event).
    let mut html_lines = 0;
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code = true;
                out.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    language(&kind).into(),
                ))));
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = is_url(&dest_url) || dest_url.starts_with('#');
                dropped.push(!keep);
                if keep {
                    in_link += 1;
                    out.push(Event::Start(Tag::Link {
                        link_type: if link_type == LinkType::Email {
                            LinkType::Inline
                        } else {
                            link_type
                        },
                        dest_url,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                if dropped.pop() != Some(true) {
                    in_link = in_link.saturating_sub(1);
                    out.push(Event::End(TagEnd::Link));
                }
            }
            Event::Start(Tag::Image { .. }) => {
                in_link += 1;
                out.push(event);
            }
            Event::End(TagEnd::Image) => {
                in_link = in_link.saturating_sub(1);
                out.push(event);
            }
            // HTML is shown as written, not interpreted.
            Event::Start(Tag::HtmlBlock) => {
                html_lines = 0;
                out.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::HtmlBlock) => out.push(Event::End(TagEnd::Paragraph)),
            Event::Html(html) => {
                for line in html.trim_end().lines() {
                    if html_lines > 0 {
                        out.push(Event::SoftBreak);
                    }
                    html_lines += 1;
                    autolink(line.trim().to_owned().into(), &mut out);
                }
            }
            Event::InlineHtml(html) if in_code || in_link > 0 => out.push(Event::Text(html)),
            Event::InlineHtml(html) => autolink(html, &mut out),
            Event::Text(text) if in_code || in_link > 0 => out.push(Event::Text(text)),
            Event::Text(text) => autolink(text, &mut out),
            // A line break kept as one without trailing spaces.
            Event::HardBreak => {
                out.push(Event::InlineHtml("<br>".into()));
                out.push(Event::SoftBreak);
            }
            event => out.push(event),
        }
    }
    out
}

/// `text` with each bare `http(s)://` URL made an autolink.
fn autolink<'a>(text: CowStr<'a>, out: &mut Vec<Event<'a>>) {
    let mut rest: &str = &text;
    if !rest.contains("http") {
        out.push(Event::Text(text));
        return;
    }
    while let Some(start) = rest.find("https://").into_iter().chain(rest.find("http://")).min() {
        let url = &rest[start..];
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '\'' | '{' | '}' | '|' | '^'))
            .unwrap_or(url.len());
        let url = trim_url(&url[..end]);
        if url.len() <= "https://".len() {
            out.push(Event::Text(rest[..start + url.len()].to_owned().into()));
            rest = &rest[start + url.len()..];
            continue;
        }
        if start > 0 {
            out.push(Event::Text(rest[..start].to_owned().into()));
        }
        out.push(Event::Start(Tag::Link {
            link_type: LinkType::Autolink,
            dest_url: url.to_owned().into(),
            title: "".into(),
            id: "".into(),
        }));
        out.push(Event::Text(url.to_owned().into()));
        out.push(Event::End(TagEnd::Link));
        rest = &rest[start + url.len()..];
    }
    if !rest.is_empty() {
        out.push(Event::Text(rest.to_owned().into()));
    }
}

/// A URL found in prose, less the punctuation that ends its sentence (and a
/// closing parenthesis it did not open).
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(inner) if inner.matches('(').count() < inner.matches(')').count() + 1 => inner,
            _ => trimmed,
        };
        let trimmed = trimmed.strip_suffix(']').unwrap_or(trimmed);
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

/// Whether rustdoc reads a link target as a URL: one with a slash (a
/// scheme's `//` or a path) or a `mailto:`; anything else it would try to
/// resolve as a Rust path (`npm:ws:20171108`, `SNYK-JAVA-…`).
fn is_url(target: &str) -> bool {
    target.contains('/') || target.starts_with("mailto:")
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

/// A cleaned description as the lines of a doc comment, each with the
/// space that follows `///`.
pub fn comment_lines(docs: &str) -> impl Iterator<Item = String> + '_ {
    // A lone carriage return (old Mac line ends) is a line break too: rustc
    // refuses a bare CR in a doc comment.
    // Tabs become spaces (clippy's `tabs_in_doc_comments`).
    docs.lines().flat_map(|line| line.split('\r')).map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.replace('\t', "    "))
        }
    })
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
                "Use `DateCreated<=YYYY-MM-DD` or \\[x\\] \\<Say>",
            ),
            ("```\nlet x = 1;\n```", "```text\nlet x = 1;\n```"),
            (
                "* `RETURN` - does not add,\nreturns the metadata\n10. ten\nmore\n*   wide\nlazy\n* a\n b\n\nafter",
                "* `RETURN` - does not add,\n  returns the metadata\n\n10. ten\n    more\n\n* wide\n  lazy\n* a\n  b\n\nafter",
            ),
            ("```json\n{\"a\": [1]}\n```", "```json\n{\"a\": [1]}\n```"),
            (
                "Example:\n\n    let x = [1];\n\nDone <here>.",
                "Example:\n\n```text\nlet x = [1];\n```\n\nDone \\<here>.",
            ),
            (
                "One of: [`email`](https://www.twilio.com/docs/verify/email), `sms`.",
                "One of: [`email`](https://www.twilio.com/docs/verify/email), `sms`.",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }

    #[test]
    fn structure_is_normalised() {
        let cases = [
            // Clippy's doc_overindented_list_items.
            ("* a\n     b\n*    c", "* a\n  b\n* c"),
            (
                "1. one\n   * nested\n        deeper",
                "1. one\n   * nested\n     deeper",
            ),
            // HTML is text (rustdoc would check its tags), its URLs linked.
            (
                "<p>See <a href=\"https://x.io/a\">this</a></p>",
                "\\<p>See \\<a href=\"<https://x.io/a>\">this\\</a>\\</p>",
            ),
            ("<div>\n  one\n</div>", "\\<div>\none\n\\</div>"),
            // A target rustdoc would resolve as a path keeps its text only.
            ("[ws](npm:ws:2017) and [doc](SNYK-1)", "ws and doc"),
            (
                "[a](/docs/a) [b](#b) [c](mailto:c@x.io)",
                "[a](/docs/a) [b](#b) [c](mailto:c@x.io)",
            ),
            // A hard break without trailing spaces.
            ("one  \ntwo", "one<br>\ntwo"),
            // A fence longer than any backtick run in the block.
            ("~~~\n```\n~~~", "````text\n```\n````"),
            // A URL that ends a sentence or a parenthesis.
            ("(see https://x.io/a_(b).)", "(see <https://x.io/a_(b)>.)"),
            ("| a | b |\n|---|---|\n| 1 | 2 |", "|a|b|\n|-|-|\n|1|2|"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }
}
