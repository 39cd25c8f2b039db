//! A shortest string matching a pattern, for documentation and contract tests:
//! literals as they are, the first branch of an alternation, the first
//! character of a class, the minimum of a repetition (at least once).

use regex_syntax::hir::{Class, Hir, HirKind};

/// A string `pattern` matches, or `None` if the pattern does not parse.
pub fn matching_example(pattern: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    write(&hir, &mut out);
    let check = regex::Regex::new(pattern).ok()?;
    check.is_match(&out).then_some(out)
}

fn write(hir: &Hir, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            if let Some(range) = class.ranges().first() {
                out.push(range.start());
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(range) = class.ranges().first() {
                out.push(char::from(range.start()));
            }
        }
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min.max(1) {
                write(&repetition.sub, out);
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| write(part, out)),
        HirKind::Alternation(branches) => {
            if let Some(first) = branches.first() {
                write(first, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::matching_example;

    #[test]
    fn examples_match_their_patterns() {
        for (pattern, want) in [
            ("^(SM|MM)[0-9a-fA-F]{32}$", "SM00000000000000000000000000000000"),
            ("^[0-9]{4,6}$", "0000"),
            ("^\\+[1-9]\\d{1,14}$", "+10"),
            ("^AC[0-9a-fA-F]{32}$", "AC00000000000000000000000000000000"),
        ] {
            assert_eq!(matching_example(pattern).as_deref(), Some(want), "{pattern}");
        }
    }
}
