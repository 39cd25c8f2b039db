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
            let check = match (sid_shape(pattern), any_sid_shape(pattern), prefixed_shape(pattern)) {
                (Some(sid), _, _) => PatternCheck::Sid {
                    prefixes: sid.prefixes,
                    hex_len: sid.hex_len,
                    lower_only: sid.lower_only,
                    anchored: sid.anchored,
                },
                (_, Some((letters, upper_only, hex_len)), _) => PatternCheck::AnySid {
                    letters,
                    upper_only,
                    hex_len,
                },
                (_, _, Some(prefix)) => PatternCheck::Prefixed { prefix },
                _ if regex::Regex::new(pattern).is_ok() => PatternCheck::Regex,
                _ => PatternCheck::Backtracking,
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
            let docs = match sid_shape(pattern).filter(|sid| sid.anchored) {
                Some(SidShape { prefixes, hex_len, .. }) => {
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

/// A prefixed hex ID pattern, checked by hand rather than with a regex engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidShape {
    /// The letters it may start with.
    pub prefixes: Vec<String>,
    /// How many hex digits follow.
    pub hex_len: usize,
    /// `[0-9a-f]` rather than `[0-9a-fA-F]`.
    pub lower_only: bool,
    /// `^…$`; unanchored patterns match anywhere in the value.
    pub anchored: bool,
}

/// `^AC[0-9a-fA-F]{32}$` → `AC`, 32: Twilio's SID shape with a fixed
/// prefix, or a choice of prefixes (`^(SM|MM)[0-9a-fA-F]{32}$`), lower-case
/// digits only (`[0-9a-f]`), or unanchored (`OR[0-9a-f]{32}`).
pub fn sid_shape(pattern: &str) -> Option<SidShape> {
    let (body, anchored) = match pattern.strip_prefix('^').and_then(|p| p.strip_suffix('$')) {
        Some(body) => (body, true),
        None if !pattern.starts_with('^') && !pattern.ends_with('$') => (pattern, false),
        None => return None,
    };
    let (prefix, rest) = body.split_at(body.find('[')?);
    let (lower_only, count) = match (rest.strip_prefix("[0-9a-fA-F]{"), rest.strip_prefix("[0-9a-f]{")) {
        (Some(count), _) => (false, count),
        (None, Some(count)) => (true, count),
        (None, None) => return None,
    };
    let count = count.strip_suffix('}')?;
    let prefixes: Vec<String> = match prefix.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
        Some(choices) => choices.split('|').map(str::to_owned).collect(),
        None => vec![prefix.to_owned()],
    };
    let valid = |p: &String| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphabetic());
    let hex_len = count.parse().ok()?;
    prefixes.iter().all(valid).then_some(SidShape {
        prefixes,
        hex_len,
        lower_only,
        anchored,
    })
}

/// `^[A-Z]{2}[0-9a-fA-F]{32}$` → (2, upper only, 32); `^[a-zA-Z]{2}…` → (2, any case, 32).
pub fn any_sid_shape(pattern: &str) -> Option<(usize, bool, usize)> {
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let (class, rest) = body.split_at(body.find(']')? + 1);
    let upper_only = match class {
        "[A-Z]" => true,
        "[a-zA-Z]" | "[A-Za-z]" => false,
        _ => return None,
    };
    let (letters, rest) = rest.strip_prefix('{')?.split_once('}')?;
    let hex_len = rest.strip_prefix("[0-9a-fA-F]{")?.strip_suffix('}')?;
    Some((letters.parse().ok()?, upper_only, hex_len.parse().ok()?))
}

/// `^aia_asst_.+$` → `aia_asst_`: a start of letters, digits and `_`, then anything.
pub fn prefixed_shape(pattern: &str) -> Option<String> {
    let prefix = pattern.strip_prefix('^')?.strip_suffix(".+$")?;
    let plain = !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    plain.then(|| prefix.to_owned())
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
        let shape = |prefixes: &[&str], lower_only, anchored| SidShape {
            prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
            hex_len: 32,
            lower_only,
            anchored,
        };
        assert_eq!(sid_shape("^AC[0-9a-fA-F]{32}$"), Some(shape(&["AC"], false, true)));
        assert_eq!(
            sid_shape("^(SM|MM)[0-9a-fA-F]{32}$"),
            Some(shape(&["SM", "MM"], false, true))
        );
        assert_eq!(sid_shape("OR[0-9a-f]{32}"), Some(shape(&["OR"], true, false)));
        assert_eq!(sid_shape("^AC[0-9a-f]{32}$"), Some(shape(&["AC"], true, true)));
        assert_eq!(sid_shape("^AC[0-9a-f]{32}"), None);
        assert_eq!(sid_shape("^(SM|)[0-9a-fA-F]{32}$"), None);
        assert_eq!(any_sid_shape("^[A-Z]{2}[0-9a-fA-F]{32}$"), Some((2, true, 32)));
        assert_eq!(any_sid_shape("^[a-zA-Z]{2}[0-9a-fA-F]{32}$"), Some((2, false, 32)));
        assert_eq!(any_sid_shape("^[a-z]{2}[0-9a-fA-F]{32}$"), None);
        assert_eq!(any_sid_shape("^[A-Z]{2}[0-9a-f]{32}$"), None);
        assert_eq!(prefixed_shape("^aia_asst_.+$"), Some("aia_asst_".into()));
        assert_eq!(prefixed_shape("^a.b.+$"), None);
        assert_eq!(prefixed_shape("^.+$"), None);
        assert_eq!(sid_shape("^(S.|MM)[0-9a-fA-F]{32}$"), None);
        assert_eq!(sid_shape("^[a-zA-Z]{2}[0-9a-fA-F]{32}$"), None);
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
