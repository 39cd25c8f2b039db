//! Every operation a server can expose, under the name it is listed by,
//! with a word index for discovery mode's `search_operations`: built once at
//! start-up, searched in-process.

use std::collections::HashMap;

use crate::tools::listed_names;
use crate::Tool;

/// The operations, their listed names and their index.
pub struct Catalog {
    tools: Vec<Tool>,
    names: Vec<String>,
    /// The APIs a bare name shared by several APIs means (the core API).
    preferred: Vec<&'static str>,
    /// Per tool: each word it is found by, with the weight of where it
    /// occurs (the name counts most, then the path, the parameters, and the
    /// description least).
    words: Vec<HashMap<String, f32>>,
}

/// Weights of where a word occurs.
const NAME: f32 = 4.0;
const PATH: f32 = 2.0;
const PARAMETER: f32 = 1.0;
const DESCRIPTION: f32 = 0.5;

impl Catalog {
    /// The catalog of `tools`, each under its listed name among them all;
    /// a bare name several APIs share means the one of `preferred`.
    pub fn new(tools: Vec<Tool>, preferred: &[&'static str]) -> Self {
        let names = listed_names(&tools);
        let words = tools.iter().map(index).collect();
        Catalog {
            tools,
            names,
            preferred: preferred.to_vec(),
            words,
        }
    }

    /// How many operations it holds.
    pub fn len(&self) -> usize {
        self.tools.len()
    }

    /// The tool at `index`, and its listed name.
    pub fn get(&self, index: usize) -> (&str, &Tool) {
        (&self.names[index], &self.tools[index])
    }

    /// Every tool with its listed name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Tool)> {
        self.names.iter().map(String::as_str).zip(&self.tools)
    }

    /// The tool `name` calls: its listed name, or any name it answers to
    /// when exactly one tool does, or exactly one of the preferred APIs'
    /// (`listConference` is api_v2010's, not Insights').
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(index) = self.names.iter().position(|listed| listed == name) {
            return Some(index);
        }
        let fitting: Vec<usize> = (0..self.tools.len())
            .filter(|&i| self.tools[i].answers_to(name))
            .collect();
        let preferred: Vec<usize> = fitting
            .iter()
            .copied()
            .filter(|&i| self.preferred.contains(&self.tools[i].domain))
            .collect();
        match (fitting.as_slice(), preferred.as_slice()) {
            ([index], _) | (_, [index]) => Some(*index),
            _ => None,
        }
    }

    /// The operations of `api`, in order.
    pub fn of_api<'a>(&'a self, api: &'a str) -> impl Iterator<Item = usize> + 'a {
        (0..self.tools.len()).filter(move |&index| self.tools[index].domain == api)
    }

    /// The APIs, in order.
    pub fn apis(&self) -> Vec<&'static str> {
        let mut apis: Vec<&'static str> = self.tools.iter().map(|tool| tool.domain).collect();
        apis.dedup();
        apis
    }

    /// The best `limit` matches for `query` (within `api` if given), best
    /// first: the sum over the query's words of the weight each has in the
    /// operation, with a bonus per query word found at all, so operations
    /// that have every word come first.
    pub fn search(&self, query: &str, api: Option<&str>, limit: usize) -> Vec<usize> {
        let wanted: Vec<String> = words(query).collect();
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(f32, usize)> = self
            .words
            .iter()
            .enumerate()
            .filter(|(index, _)| api.is_none_or(|api| self.tools[*index].domain == api))
            .filter_map(|(index, found)| {
                let mut score = 0.0;
                for word in &wanted {
                    if let Some(weight) = found.get(word) {
                        score += weight + 10.0;
                    }
                }
                (score > 0.0).then_some((score, index))
            })
            .collect();
        // Best first; among equals, the core API's, then the shorter (more
        // general) name: `listConference` before `listConferenceRecording`.
        let rank = |index: usize| {
            let tool = &self.tools[index];
            (!self.preferred.contains(&tool.domain), tool.name.len(), index)
        };
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| rank(a.1).cmp(&rank(b.1))));
        scored.into_iter().take(limit).map(|(_, index)| index).collect()
    }
}

/// A tool's words with their weights (the highest where a word occurs in
/// several places).
fn index(tool: &Tool) -> HashMap<String, f32> {
    let mut found = HashMap::new();
    let mut add = |text: &str, weight: f32| {
        for word in words(text) {
            let entry = found.entry(word).or_insert(0.0f32);
            *entry = entry.max(weight);
        }
    };
    add(tool.name, NAME);
    add(tool.operation_id, NAME);
    add(tool.path, PATH);
    add(tool.domain, PATH);
    if let Some(properties) = tool.input_schema().get("properties").and_then(|p| p.as_object()) {
        for name in properties.keys() {
            add(name, PARAMETER);
        }
    }
    add(tool.description, DESCRIPTION);
    found
}

/// The words of `text`: split at anything not a letter or digit and at
/// lower-to-upper case changes (`listConference`, `/Conferences.json`),
/// lower-cased, a plural `s` dropped, short and common words left out.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for ch in text.chars() {
        let boundary = !ch.is_alphanumeric() || (ch.is_uppercase() && previous_lower);
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        if ch.is_alphanumeric() {
            current.extend(ch.to_lowercase());
        }
        previous_lower = ch.is_lowercase() || ch.is_ascii_digit();
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
        .into_iter()
        .filter(|word| word.len() > 1 && !STOP.contains(&word.as_str()))
        .map(|word| stem(&word))
}

const STOP: &[&str] = &[
    "the", "an", "of", "to", "for", "and", "or", "in", "on", "by", "is", "be", "it", "json", "this", "that", "with",
    "from", "as", "are", "at", "its", "your",
];

/// `conferences` → `conference`, `statuses` → `status`; `status` and
/// `address` stay.
fn stem(word: &str) -> String {
    if let Some(base) = word.strip_suffix("ies").filter(|b| b.len() > 2) {
        return format!("{base}y");
    }
    let sibilant = |base: &&str| base.ends_with("ss") || base.ends_with("us") || base.ends_with('x');
    if let Some(base) = word.strip_suffix("es").filter(sibilant) {
        return base.to_owned();
    }
    match word.strip_suffix('s') {
        Some(base) if base.len() > 2 && !base.ends_with('s') && !base.ends_with('u') => base.to_owned(),
        _ => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn tool(domain: &'static str, name: &'static str, path: &'static str, description: &'static str) -> Tool {
        Tool {
            name,
            operation_id: name,
            domain,
            description,
            input_schema: r#"{"properties":{"FriendlyName":{},"Status":{}}}"#,
            output_schema: None,
            method: "GET",
            path,
        }
    }

    #[test]
    fn words_split_names_paths_and_plurals_alike() {
        let found: Vec<String> = words("listConference /2010-04-01/Accounts/{AccountSid}/Conferences.json").collect();
        assert_eq!(
            found,
            [
                "list",
                "conference",
                "2010",
                "04",
                "01",
                "account",
                "account",
                "sid",
                "conference"
            ]
        );
        let found: Vec<String> = words("statuses status addresses categories").collect();
        assert_eq!(found, ["status", "status", "address", "category"]);
    }

    #[test]
    fn the_operation_named_by_every_word_comes_first() {
        let catalog = Catalog::new(
            vec![
                tool(
                    "api_v2010",
                    "listParticipant",
                    "/Conferences/{Sid}/Participants.json",
                    "Participants of a conference",
                ),
                tool(
                    "api_v2010",
                    "listConference",
                    "/Conferences.json",
                    "Retrieve a list of conferences",
                ),
                tool(
                    "api_v2010",
                    "fetchConference",
                    "/Conferences/{Sid}.json",
                    "Fetch a conference",
                ),
                tool("video_v1", "listRoom", "/Rooms", "Rooms, like conferences"),
                tool("insights_v1", "listConference", "/Conferences", "Conference summaries"),
            ],
            &["api_v2010"],
        );
        let found: Vec<&str> = catalog
            .search("conferences list", None, 3)
            .into_iter()
            .map(|i| catalog.get(i).0)
            .collect();
        // Every word somewhere beats one word in the name.
        assert_eq!(
            found,
            [
                "api_v2010_listConference",
                "insights_v1_listConference",
                "listParticipant"
            ]
        );
        assert_eq!(catalog.search("rooms", Some("api_v2010"), 5), Vec::<usize>::new());
        assert_eq!(catalog.search("the of", None, 5), Vec::<usize>::new());
        // A bare name two APIs share is the core API's.
        assert_eq!(catalog.find("listConference"), Some(1));
        assert_eq!(catalog.find("insights_v1_listConference"), Some(4));
        assert_eq!(catalog.apis(), ["api_v2010", "video_v1", "insights_v1"]);
        let elsewhere = Catalog::new(catalog.tools.clone(), &["video_v1"]);
        assert_eq!(
            elsewhere.find("listConference"),
            None,
            "two APIs have it, neither preferred"
        );
    }
}
