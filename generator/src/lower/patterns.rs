//! Validated string types: one per distinct `pattern`, shared by the whole
//! crate, named from the places that use it.

use std::collections::{BTreeMap, BTreeSet};

use super::table::TypeTable;
use crate::ir::{PatternCheck, TypeId, TypeKind, Validated};
use crate::names::{camel, snake, Namespace, ROOT_ITEMS, RUNTIME_ROOT_EXPORTS};

#[derive(Debug)]
struct Entry {
    id: TypeId,
    votes: BTreeMap<String, usize>,
    uses: usize,
}

/// Every pattern seen while lowering, with the names its users suggest.
#[derive(Debug, Default)]
pub struct PatternRegistry {
    entries: BTreeMap<String, Entry>,
    /// Patterns no engine here compiles: their values go unchecked.
    unchecked: BTreeSet<String>,
}

impl PatternRegistry {
    /// Records one use of `pattern` by a property or parameter called
    /// `member` on something called `owner_noun` (`conference`); the type
    /// is named when every use is known ([`PatternRegistry::finish`]).
    pub fn record(&mut self, table: &mut TypeTable, pattern: &str, member: &str, owner_noun: &str) -> TypeId {
        let entry = self.entries.entry(pattern.to_owned()).or_insert_with(|| {
            let check = match sid_shape(pattern) {
                Some((prefixes, hex_len)) => PatternCheck::Sid { prefixes, hex_len },
                None if regex::Regex::new(pattern).is_ok() => PatternCheck::Regex,
                None => PatternCheck::Backtracking,
            };
            let kind = TypeKind::Validated(Validated {
                pattern: pattern.to_owned(),
                check,
            });
            Entry {
                id: table.root(String::new(), String::new(), kind),
                votes: BTreeMap::new(),
                uses: 0,
            }
        });
        entry.uses += 1;
        *entry.votes.entry(candidate(pattern, member, owner_noun)).or_default() += 1;
        entry.id
    }

    /// Records that `pattern` cannot be checked (warned about once).
    pub fn leave_unchecked(&mut self, pattern: &str) {
        self.unchecked.insert(pattern.to_owned());
    }

    /// Whether `pattern` was found uncheckable before.
    pub fn is_unchecked(&self, pattern: &str) -> bool {
        self.unchecked.contains(pattern)
    }

    /// Whether `pattern` has been recorded (and so was already checked).
    pub fn contains(&self, pattern: &str) -> bool {
        self.entries.contains_key(pattern)
    }

    /// Decides every type's name and docs: the most used candidate wins; the
    /// pattern used most often gets first pick, ties broken by name then pattern.
    pub fn finish(self, table: &mut TypeTable) {
        let mut order: Vec<(&String, &Entry)> = self.entries.iter().collect();
        order.sort_by(|a, b| b.1.uses.cmp(&a.1.uses).then_with(|| a.0.cmp(b.0)));
        // Every vendor's re-exports too: the vendor is known only after lowering.
        let vendors = crate::vendor::VENDORS.iter().flat_map(|vendor| vendor.runtime.exports);
        let reserved: Vec<&str> = RUNTIME_ROOT_EXPORTS
            .iter()
            .chain(vendors)
            .chain(ROOT_ITEMS)
            .copied()
            .collect();
        let mut namespace = Namespace::with_reserved(&reserved);
        for (pattern, entry) in order {
            let mut ranked: Vec<(&String, &usize)> = entry.votes.iter().collect();
            ranked.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
            let free = ranked
                .iter()
                .map(|(name, _)| (*name).clone())
                .find(|name| !namespace.contains(name));
            let preferred = free.unwrap_or_else(|| ranked.first().map(|(n, _)| (*n).clone()).unwrap_or_default());
            let name = namespace.claim(preferred);
            let places = if entry.uses == 1 {
                "1 place".to_owned()
            } else {
                format!("{} places", entry.uses)
            };
            let docs = match sid_shape(pattern) {
                Some((prefixes, hex_len)) => {
                    let prefixes = prefixes
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    format!("A SID: {prefixes} then {hex_len} hex digits (`{pattern}`); used in {places}.")
                }
                None => format!("A string matching `{pattern}`; used in {places}."),
            };
            if let Some(def) = table.get_mut(entry.id) {
                def.name = name;
                def.docs = docs;
            }
        }
    }
}

/// `^AC[0-9a-fA-F]{32}$` → (`[AC]`, 32): Twilio's SID shape with a fixed
/// prefix, or a choice of prefixes (`^(SM|MM)[0-9a-fA-F]{32}$`), all checked
/// by hand rather than with a regex engine.
pub fn sid_shape(pattern: &str) -> Option<(Vec<String>, usize)> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let (prefix, rest) = body.split_at(body.find('[')?);
    let count = rest.strip_prefix("[0-9a-fA-F]{")?.strip_suffix('}')?;
    let prefixes: Vec<String> = match prefix.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
        Some(choices) => choices.split('|').map(str::to_owned).collect(),
        None => vec![prefix.to_owned()],
    };
    let valid = |p: &String| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic());
    let hex_len = count.parse().ok()?;
    prefixes.iter().all(valid).then_some((prefixes, hex_len))
}

/// The name one use suggests: `account_sid` → `AccountSid`; a bare `sid` on a
/// conference → `ConferenceSid`; `call_sid_ending_conference` → `CallSid`.
fn candidate(pattern: &str, member: &str, owner_noun: &str) -> String {
    let member = snake(member);
    if sid_shape(pattern).is_some() {
        if member == "sid" {
            return format!("{}Sid", camel(owner_noun));
        }
        if let Some(end) = member.find("_sid") {
            return camel(&member[..end + 4]);
        }
    }
    camel(&member)
}

/// The singular noun of a path segment or schema name: `Conferences.json` →
/// `Conference`, `api.v2010.account.conference` → `conference`.
pub fn noun(text: &str) -> String {
    let last = text
        .trim_end_matches(".json")
        .rsplit(['.', '/'])
        .next()
        .unwrap_or_default();
    if let Some(stem) = last.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = last.strip_suffix("sses") {
        format!("{stem}ss")
    } else if last.ends_with("ss") || last.ends_with("us") {
        last.to_owned()
    } else {
        last.strip_suffix('s').unwrap_or(last).to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_patterns_are_recognised() {
        assert_eq!(sid_shape("^AC[0-9a-fA-F]{32}$"), Some((vec!["AC".into()], 32)));
        assert_eq!(
            sid_shape("^(SM|MM)[0-9a-fA-F]{32}$"),
            Some((vec!["SM".into(), "MM".into()], 32))
        );
        assert_eq!(sid_shape("^(SM|)[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_shape("^(S.|MM)[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_shape("^[a-zA-Z]{2}[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_shape("^AC[0-9a-f]{32}$"), None);
        assert_eq!(sid_shape("^\\+[0-9]+$"), None);
    }

    #[test]
    fn names_come_from_the_most_common_use() {
        let mut registry = PatternRegistry::default();
        let mut table = TypeTable::default();
        let t = &mut table;
        registry.record(t, "^AC[0-9a-fA-F]{32}$", "AccountSid", "Conference");
        registry.record(t, "^AC[0-9a-fA-F]{32}$", "account_sid", "conference");
        registry.record(t, "^AC[0-9a-fA-F]{32}$", "owner_account_sid", "call");
        registry.record(t, "^CA[0-9a-fA-F]{32}$", "call_sid_ending_conference", "conference");
        registry.record(t, "^CF[0-9a-fA-F]{32}$", "sid", "conference");
        registry.record(t, "^PN[0-9a-fA-F]{32}$", "account_sid", "x");
        registry.finish(t);
        let names: Vec<_> = table.finish().iter().map(|(_, def)| def.name.clone()).collect();
        assert_eq!(names, ["AccountSid", "CallSid", "ConferenceSid", "AccountSid2"]);
    }

    #[test]
    fn nouns_are_singular() {
        assert_eq!(noun("Conferences.json"), "Conference");
        assert_eq!(noun("api.v2010.account.conference"), "conference");
        assert_eq!(noun("Addresses"), "Address");
        assert_eq!(noun("Entities"), "Entity");
        assert_eq!(noun("Status"), "Status");
    }
}
