//! Copied into the crate generated from all fixtures and run there: every
//! paging style pages for real against a loopback server that computes each
//! page from the request (five items, two per page), keeps the caller's
//! other parameters, ends at the last page, and a repeated cursor ends the
//! stream with an error instead of a loop.

mod loopback;

use std::collections::BTreeMap;

use fixture_client::Error;
use loopback::{client, serve_with, Reply, Seen};
use serde_json::{json, Value};

const ITEMS: usize = 5;
const PER_PAGE: usize = 2;

/// The request's path and query parameters.
fn request(seen: &Seen) -> (String, BTreeMap<String, String>) {
    let target = seen.request_line.split(' ').nth(1).expect("a target");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    // The values here need no decoding (letters, digits, `_`).
    let query = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect();
    (path.to_owned(), query)
}

/// The items from `start`, at most a page of them.
fn slice(start: usize) -> std::ops::Range<usize> {
    start.min(ITEMS)..(start + PER_PAGE).min(ITEMS)
}

fn json_reply(body: Value) -> Reply {
    Reply::new(200, "application/json", body.to_string())
}

/// Every request the server saw, in order: until it has served all it was
/// told to (it reports each after answering, so the client may be done
/// first), or no more came for five seconds.
fn requests(seen: std::sync::mpsc::Receiver<Seen>) -> Vec<BTreeMap<String, String>> {
    std::iter::from_fn(|| seen.recv_timeout(std::time::Duration::from_secs(5)).ok())
        .map(|s| request(&s).1)
        .collect()
}

#[tokio::test]
async fn spotify_pages_by_the_next_link_in_its_allof_paging_object() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let offset: usize = query.get("offset").map_or(0, |o| o.parse().expect("offset"));
        let host = seen.header("host").expect("host");
        let range = slice(offset);
        let next = (range.end < ITEMS).then(|| format!("http://{host}/spotify/playlists?offset={}&limit=2", range.end));
        let items: Vec<Value> = range.map(|i| json!({"id": format!("p{i}")})).collect();
        json_reply(json!({"href": "", "limit": 2, "next": next, "offset": offset, "previous": null, "total": ITEMS, "items": items}))
    });
    let playlists = client(&url)
        .paging_styles()
        .get_list_of_current_users_playlists()
        .paginate()
        .collect()
        .await
        .expect("every playlist");
    let ids: Vec<String> = playlists.into_iter().map(|p| p.id.expect("id")).collect();
    assert_eq!(ids, ["p0", "p1", "p2", "p3", "p4"]);
    assert_eq!(requests(seen).len(), 3);
}

#[tokio::test]
async fn a_page_one_field_in_pages_by_its_next_link() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let offset: usize = query.get("offset").map_or(0, |o| o.parse().expect("offset"));
        let host = seen.header("host").expect("host");
        let range = slice(offset);
        let next = (range.end < ITEMS).then(|| format!("http://{host}/spotify/browse/new-releases?offset={}", range.end));
        let items: Vec<Value> = range.map(|i| json!({"id": format!("a{i}")})).collect();
        let albums = json!({"href": "", "limit": 2, "next": next, "offset": offset, "previous": null, "total": ITEMS, "items": items});
        json_reply(json!({"albums": albums}))
    });
    let albums = client(&url).paging_styles().get_new_releases().paginate().collect().await.expect("albums");
    assert_eq!(albums.len(), ITEMS);
    assert_eq!(requests(seen).len(), 3);
}

#[tokio::test]
async fn slack_pages_by_the_cursor_in_response_metadata_keeping_other_parameters() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let start: usize = query.get("cursor").map_or(0, |c| c.trim_start_matches("dXNlcj").parse().expect("cursor"));
        let range = slice(start);
        let next = if range.end < ITEMS { format!("dXNlcj{}", range.end) } else { String::new() };
        let channels: Vec<Value> = range.map(|i| json!({"id": format!("C{i}")})).collect();
        json_reply(json!({"ok": true, "channels": channels, "response_metadata": {"next_cursor": next}}))
    });
    let channels = client(&url)
        .paging_styles()
        .conversations_list()
        .types("public_channel")
        .paginate()
        .collect()
        .await
        .expect("every channel");
    assert_eq!(channels.len(), ITEMS);
    assert_eq!(channels[4].id.as_deref(), Some("C4"));
    let requests = requests(seen);
    let cursors: Vec<Option<&str>> = requests.iter().map(|q| q.get("cursor").map(String::as_str)).collect();
    assert_eq!(cursors, [None, Some("dXNlcj2"), Some("dXNlcj4")]);
    assert!(requests.iter().all(|q| q.get("types").map(String::as_str) == Some("public_channel")));
}

#[tokio::test]
async fn github_pages_a_bare_array_by_the_link_header() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let page: usize = query.get("page").map_or(1, |p| p.parse().expect("page"));
        let host = seen.header("host").expect("host");
        let range = slice((page - 1) * PER_PAGE);
        let items: Vec<Value> = range.clone().map(|i| json!({"id": i})).collect();
        let last = format!("<http://{host}/github/repos?per_page=2&page=3>; rel=\"last\"");
        let link = match range.end < ITEMS {
            true => format!("<http://{host}/github/repos?per_page=2&page={}>; rel=\"next\", {last}", page + 1),
            false => format!("<http://{host}/github/repos?per_page=2&page=1>; rel=\"first\""),
        };
        json_reply(Value::from(items)).with_header("Link", link)
    });
    let repos = client(&url).paging_styles().repos_list_for_org().per_page(2).paginate().collect().await;
    let ids: Vec<i64> = repos.expect("every repo").into_iter().map(|r| r.id.expect("id")).collect();
    assert_eq!(ids, [0, 1, 2, 3, 4]);
    let pages: Vec<Option<String>> = requests(seen).into_iter().map(|mut q| q.remove("page")).collect();
    assert_eq!(pages, [None, Some("2".into()), Some("3".into())]);
}

#[tokio::test]
async fn google_pages_by_next_page_token() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let start: usize = query.get("pageToken").map_or(0, |t| t.parse().expect("token"));
        let range = slice(start);
        let files: Vec<Value> = range.clone().map(|i| json!({"id": i})).collect();
        match range.end < ITEMS {
            true => json_reply(json!({"files": files, "nextPageToken": range.end.to_string()})),
            false => json_reply(json!({"files": files})),
        }
    });
    let files = client(&url).paging_styles().files_list().paginate().collect().await.expect("every file");
    assert_eq!(files.len(), ITEMS);
    assert_eq!(requests(seen).len(), 3);
}

#[tokio::test]
async fn stripe_pages_by_has_more_and_the_last_id() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let start = query.get("starting_after").map_or(0, |id| {
            id.trim_start_matches("cus_").parse::<usize>().expect("an id") + 1
        });
        let range = slice(start);
        let data: Vec<Value> = range.clone().map(|i| json!({"id": format!("cus_{i}")})).collect();
        json_reply(json!({"object": "list", "url": "/v1/customers", "has_more": range.end < ITEMS, "data": data}))
    });
    let customers = client(&url).paging_styles().get_customers().paginate().collect().await;
    let ids: Vec<String> = customers.expect("every customer").into_iter().map(|c| c.id).collect();
    assert_eq!(ids, ["cus_0", "cus_1", "cus_2", "cus_3", "cus_4"]);
    let after: Vec<Option<String>> = requests(seen).into_iter().map(|mut q| q.remove("starting_after")).collect();
    assert_eq!(after, [None, Some("cus_1".into()), Some("cus_3".into())]);
}

#[tokio::test]
async fn offset_and_page_number_styles_end_on_an_empty_page() {
    let (url, seen) = serve_with(4, |seen| {
        let (_, query) = request(seen);
        let offset: usize = query.get("offset").map_or(0, |o| o.parse().expect("offset"));
        json_reply(Value::from(slice(offset).map(|i| json!({"id": i})).collect::<Vec<_>>()))
    });
    let records = client(&url).paging_styles().list_records().paginate().collect().await.expect("records");
    assert_eq!(records.len(), ITEMS);
    let offsets: Vec<Option<String>> = requests(seen).into_iter().map(|mut q| q.remove("offset")).collect();
    assert_eq!(offsets, [None, Some("2".into()), Some("4".into()), Some("5".into())]);

    // Pages counted from 0 (the parameter's minimum), the first one asked for by number.
    let (url, seen) = serve_with(4, |seen| {
        let (_, query) = request(seen);
        let page: usize = query.get("page").map_or(0, |p| p.parse().expect("page"));
        let records: Vec<Value> = slice(page * PER_PAGE).map(|i| json!({"id": i})).collect();
        json_reply(json!({"records": records}))
    });
    let records = client(&url).paging_styles().list_numbered().page(0).paginate().collect().await;
    assert_eq!(records.expect("records").len(), ITEMS);
    let pages: Vec<Option<String>> = requests(seen).into_iter().map(|mut q| q.remove("page")).collect();
    assert_eq!(pages, ["0", "1", "2", "3"].map(|p| Some(p.to_owned())));
}

#[tokio::test]
async fn x_pagination_names_the_cursor_where_the_shape_is_ambiguous() {
    let (url, seen) = serve_with(3, |seen| {
        let (_, query) = request(seen);
        let start: usize = query.get("after_id").map_or(0, |t| t.parse::<usize>().expect("id") + 1);
        let range = slice(start);
        let events: Vec<Value> = range.clone().map(|i| json!({"id": i})).collect();
        let last = (range.end < ITEMS).then(|| (range.end - 1).to_string());
        json_reply(json!({"events": events, "tags": ["a"], "paging": {"last_id": last}}))
    });
    let events = client(&url).paging_styles().list_events().paginate().collect().await.expect("events");
    assert_eq!(events.len(), ITEMS);
    assert_eq!(requests(seen).len(), 3);
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let (url, _seen) = serve_with(3, |_| {
        json_reply(json!({"ok": true, "channels": [{"id": "C"}], "response_metadata": {"next_cursor": "same"}}))
    });
    let error = client(&url).paging_styles().conversations_list().paginate().collect().await.unwrap_err();
    assert!(matches!(error, Error::PageLoop { .. }), "{error}");
}

#[tokio::test]
async fn a_limit_asks_for_small_pages_and_stops() {
    let (url, seen) = serve_with(2, |seen| {
        let (_, query) = request(seen);
        let start: usize = query.get("cursor").map_or(0, |c| c.parse().expect("cursor"));
        let range = slice(start);
        let channels: Vec<Value> = range.clone().map(|i| json!({"id": i.to_string()})).collect();
        json_reply(json!({"ok": true, "channels": channels, "response_metadata": {"next_cursor": range.end.to_string()}}))
    });
    let channels = client(&url).paging_styles().conversations_list().paginate().limit(3).collect().await;
    assert_eq!(channels.expect("three channels").len(), 3);
    let requests = requests(seen);
    assert_eq!(requests[0].get("limit").map(String::as_str), Some("3"));
    assert_eq!(requests.len(), 2);
}

#[cfg(feature = "tools")]
#[tokio::test]
async fn a_list_tool_caps_with_max_items_where_the_api_has_its_own_limit() {
    let (url, seen) = serve_with(2, |seen| {
        let (_, query) = request(seen);
        let start: usize = query.get("cursor").map_or(0, |c| c.parse().expect("cursor"));
        let range = slice(start);
        let channels: Vec<Value> = range.clone().map(|i| json!({"id": i.to_string()})).collect();
        json_reply(json!({"ok": true, "channels": channels, "response_metadata": {"next_cursor": range.end.to_string()}}))
    });
    let args = json!({"limit": 2, "maxItems": 3});
    let result = client(&url).call_tool("conversations_list", args).await.expect("a list");
    assert_eq!(result["items"].as_array().map(Vec::len), Some(3));
    let requests = requests(seen);
    // The API's `limit` (its page size) went to the API; `maxItems` capped the result.
    assert_eq!(requests[0].get("limit").map(String::as_str), Some("2"));
}
