//! Every Rust name is decided here, from the spec's (wire) name, with
//! collisions resolved before anything is emitted.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// A name in both of its forms: the Rust identifier and the spec's spelling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    /// Identifier used in generated Rust.
    pub rust: String,
    /// Spelling on the wire and in the spec.
    pub wire: String,
}

/// Strict, reserved and edition-dependent keywords: never usable as plain
/// identifiers (`gen` is reserved since the 2024 edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits a wire name into words: Twilio's inequality suffixes become words
/// (`DateCreated<` → `DateCreated before`), any other non-alphanumeric or
/// non-ASCII character separates words.
fn words(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 8);
    for ch in wire.chars() {
        match ch {
            '<' => out.push_str(" before "),
            '>' => out.push_str(" after "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// `snake_case` identifier for fields, parameters, methods and modules.
pub fn snake(wire: &str) -> String {
    let mut name = snake_words(wire);
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// The `snake_case` words of `wire`, not made an identifier (no `n_` before a
/// digit, no `_` after a keyword): a cargo feature may be `2fa` or `type`.
pub fn snake_words(wire: &str) -> String {
    words(wire).to_snake_case()
}

/// `UpperCamelCase` identifier for types and variants.
pub fn camel(wire: &str) -> String {
    let mut name = words(wire).to_upper_camel_case();
    if name.is_empty() {
        name = "Value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// What the crate root re-exports from the runtime crate; validated types,
/// which live at the root too, never take these names.
pub const RUNTIME_ROOT_EXPORTS: &[&str] = &[
    "ApiError",
    "ApiResponse",
    "ByteStream",
    "Credentials",
    "Error",
    "FilePart",
    "Page",
    "Paginator",
    "ResumeLink",
    "Retry",
    "ToParam",
    "TransportError",
    "ValidationError",
];

/// What else the crate root defines or re-exports (the client, the agent
/// tools' items).
pub const ROOT_ITEMS: &[&str] = &["Client", "ClientBuilder", "Tool", "ToolError"];

/// A scope in which every name is unique. Claims are first come, first
/// served, so callers claim in a deterministic order.
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A scope where `reserved` names are already taken (runtime items,
    /// builder methods).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `base` if free, else `base_2`/`Base2`, `…3`, …: the first free one.
    pub fn claim(&mut self, base: String) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        let separator = if base.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let base = base.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or_default()
    }

    /// Claims the snake-case form of `wire` and keeps both forms.
    pub fn snake(&mut self, wire: &str) -> Name {
        Name {
            rust: self.claim(snake(wire)),
            wire: wire.to_owned(),
        }
    }

    /// Claims the camel-case form of `wire` and keeps both forms.
    pub fn camel(&mut self, wire: &str) -> Name {
        Name {
            rust: self.claim(camel(wire)),
            wire: wire.to_owned(),
        }
    }
}

/// Names an API's module cannot take, because the generated crate already
/// uses them: its features (`default`, `tools`, `mcp`, `tracing`, `blocking`, …), its
/// folders and root items (`src/bin/`, the split layout's `apis/common/`,
/// `runtime`, `validated`), and the crates its code names by path (a root
/// module `serde_json` would make every `serde_json::` path ambiguous).
const RESERVED_MODULES: &[&str] = &[
    "alloc",
    "bin",
    "blocking",
    "common",
    "core",
    "default",
    "futures",
    "http2",
    "mcp",
    "openapi_client_runtime",
    "runtime",
    "serde",
    "serde_json",
    "std",
    "time",
    "tokio",
    "tools",
    "tracing",
    "validated",
    "webhooks",
];

/// The Rust module of a spec file: `twilio_api_v2010.json` → `api_v2010`,
/// `tools.yaml` → `tools_api` (see [`RESERVED_MODULES`]).
pub fn domain_module(file_stem: &str) -> String {
    let stem = crate::vendor::strip_file_prefix(file_stem);
    let module = snake(stem);
    if RESERVED_MODULES.contains(&module.as_str()) {
        format!("{module}_api")
    } else {
        module
    }
}

/// A component schema's type name, without the domain prefix Twilio puts on
/// every name (`api.v2010.account.conference` → `AccountConference`) and
/// without `_enum_` in enum names (`conference_enum_status` → `ConferenceStatus`).
pub fn component_type(component: &str, domain_module: &str) -> String {
    camel(&without_module(component, domain_module).replace("_enum_", "_"))
}

/// The Rust names of a spec's components (in order): [`component_type`],
/// shortened by [`without_repeated_owners`] where no other component's
/// name becomes the same.
pub fn component_types<'c>(components: impl Iterator<Item = &'c str> + Clone, domain_module: &str) -> Vec<String> {
    let short = |component: &str| {
        let rest = without_module(component, domain_module);
        camel(&without_repeated_owners(rest).replace("_enum_", "_"))
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for component in components.clone() {
        *counts.entry(short(component)).or_default() += 1;
        let long = component_type(component, domain_module);
        if long != short(component) {
            *counts.entry(long).or_default() += 1;
        }
    }
    components
        .map(|component| {
            let name = short(component);
            match counts[&name] {
                1 => name,
                _ => component_type(component, domain_module),
            }
        })
        .collect()
}

/// The component's name without the dotted prefix its module already says.
fn without_module<'c>(component: &'c str, domain_module: &str) -> &'c str {
    let mut rest = component;
    for part in domain_module.split('_') {
        rest = match rest.strip_prefix(part).and_then(|r| r.strip_prefix('.')) {
            Some(stripped) => stripped,
            None => break,
        };
    }
    rest
}

/// Words that name no type on their own: a component or shared name made
/// only of them (`Schema`, `SuccessSchema`, `DefaultSuccessTemplate`,
/// `Response`) says nothing of what it holds.
const GENERIC_WORDS: [&str; 16] = [
    "Schema", "Success", "Error", "Default", "Template", "Response", "Request", "Body", "Model", "Object", "Data",
    "Result", "Item", "Value", "Payload", "Content",
];

/// Whether `name` (UpperCamelCase) is made only of words that name no type:
/// a type shared under it would be named from its first use instead.
pub fn is_generic(name: &str) -> bool {
    let mut rest = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if rest.is_empty() {
        return true;
    }
    while !rest.is_empty() {
        let Some(word) = GENERIC_WORDS.iter().find(|w| rest.starts_with(**w)) else {
            return false;
        };
        rest = &rest[word.len()..];
    }
    true
}

/// How a type a `title` names is called: after its title, unless the title
/// only repeats the member's name (pydantic titles every property: `kind`
/// → `Kind`, which two models' `kind`s would share) or is generic.
pub fn titled(title: &str, member: &str) -> Option<String> {
    let name = camel(title);
    let repeats = !member.is_empty() && name == camel(member);
    (!repeats && !is_generic(&name)).then_some(name)
}

/// A dotted component name without its chain of owners where each owner
/// only repeats the start of the next (Twilio Video's
/// `room.room_participant.room_participant_subscribe_rule` →
/// `room_participant_subscribe_rule`).
pub fn without_repeated_owners(component: &str) -> &str {
    let parts: Vec<&str> = component.split('.').collect();
    let mut start = 0;
    for (index, pair) in parts.windows(2).enumerate() {
        let repeats = pair[1].strip_prefix(pair[0]).is_some_and(|rest| rest.starts_with('_'));
        if repeats && start == index {
            start = index + 1;
        } else {
            break;
        }
    }
    let offset: usize = parts[..start].iter().map(|p| p.len() + 1).sum();
    &component[offset..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spec_file_never_becomes_a_module_the_crate_already_uses() {
        assert_eq!(domain_module("twilio_api_v2010"), "api_v2010");
        assert_eq!(domain_module("tools"), "tools_api");
        assert_eq!(domain_module("twilio_bin"), "bin_api");
        assert_eq!(domain_module("Default"), "default_api");
        assert_eq!(domain_module("serde-json"), "serde_json_api");
        assert_eq!(domain_module("toolset"), "toolset");
    }

    #[test]
    fn generic_names_and_titles_give_way() {
        for generic in [
            "Schema",
            "SuccessSchema",
            "DefaultSuccessTemplate",
            "Response2",
            "ErrorSchema",
            "Data",
        ] {
            assert!(is_generic(generic), "{generic}");
        }
        for specific in [
            "ResponseMeta",
            "Conference",
            "SchemaVersion",
            "DataPoint",
            "UserResponse",
        ] {
            assert!(!is_generic(specific), "{specific}");
        }
        assert_eq!(titled("Kind", "kind"), None);
        assert_eq!(
            titled("conversations.list success schema", ""),
            Some("ConversationsListSuccessSchema".into())
        );
        assert_eq!(titled("Success schema", ""), None);
        assert_eq!(titled("Payment method", "method"), Some("PaymentMethod".into()));
    }

    #[test]
    fn owner_chains_that_repeat_themselves_are_cut() {
        let cases = [
            (
                "room.room_participant.room_participant_subscribe_rule",
                "room_participant_subscribe_rule",
            ),
            ("room.room_recording", "room_recording"),
            ("account.conference.participant", "account.conference.participant"),
            ("service.service_user.user_channel", "service_user.user_channel"),
            ("plain", "plain"),
        ];
        for (component, want) in cases {
            assert_eq!(without_repeated_owners(component), want, "{component}");
        }
    }

    #[test]
    fn collision_table() {
        let table = [
            ("DateCreated", "date_created", "DateCreated"),
            ("DateCreated<", "date_created_before", "DateCreatedBefore"),
            ("DateCreated>", "date_created_after", "DateCreatedAfter"),
            ("StartTime>", "start_time_after", "StartTimeAfter"),
            ("type", "type_", "Type"),
            ("Self", "self_", "Self_"),
            ("gen", "gen_", "Gen"),
            ("in-progress", "in_progress", "InProgress"),
            ("3gp", "n_3gp", "V3gp"),
            ("<", "before", "Before"),
            ("$", "value", "Value"),
            ("🎉", "value", "Value"),
            ("PageSize", "page_size", "PageSize"),
            ("api.v2010.account", "api_v2010_account", "ApiV2010Account"),
        ];
        for (wire, want_snake, want_camel) in table {
            assert_eq!(snake(wire), want_snake, "snake({wire:?})");
            assert_eq!(camel(wire), want_camel, "camel({wire:?})");
        }
    }

    #[test]
    fn namespace_makes_colliding_names_unique_and_stable() {
        let mut fields = Namespace::with_reserved(&["send"]);
        let claimed: Vec<_> = ["a-b", "a_b", "A B", "send", "$", "🎉"]
            .iter()
            .map(|wire| fields.snake(wire).rust)
            .collect();
        assert_eq!(claimed, ["a_b", "a_b_2", "a_b_3", "send_2", "value", "value_2"]);
        let mut types = Namespace::default();
        assert_eq!(types.claim("Conference".into()), "Conference");
        assert_eq!(types.claim("Conference".into()), "Conference2");
    }

    #[test]
    fn twilio_component_names_drop_the_domain_prefix() {
        assert_eq!(
            component_type("api.v2010.account.conference", "api_v2010"),
            "AccountConference"
        );
        assert_eq!(
            component_type("conference_enum_status", "api_v2010"),
            "ConferenceStatus"
        );
        assert_eq!(component_type("messaging.v1.service", "messaging_v1"), "Service");
        assert_eq!(domain_module("twilio_api_v2010"), "api_v2010");
    }
}
