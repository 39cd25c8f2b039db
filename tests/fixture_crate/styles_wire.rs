//! Copied into the crate generated from all fixtures and run there: each
//! query style puts on the wire what OpenAPI 3.0 says it does.

mod loopback;

use loopback::{client, serve, Reply};
use serde_json::json;

#[tokio::test]
async fn every_query_style_is_spelled_as_the_spec_says() {
    let (url, seen) = serve(vec![Reply::empty_json(204)]);
    let client = client(&url);
    client
        .styles()
        .list_charges()
        .created(json!({"gt": 10, "lte": 20}))
        // A `json!` object keeps its keys sorted.
        .page(json!({"size": 5, "after": "ch_1"}))
        .ids(["a", "b"])
        .words(["x y", "z"])
        .codes([1, 2])
        .expand(["data.customer", "data.invoice"])
        .x_trace_tags(["t1", "t2"])
        .include(["lines", "tax"])
        .color(json!({"R": 100, "G": 200}))
        .send()
        .await
        .expect("listed");
    let seen = seen.recv().expect("request");
    let expected = "GET /v1/Charges?created%5Bgt%5D=10&created%5Blte%5D=20&after=ch_1&size=5&ids=a%2Cb\
                    &words=x+y+z&codes=1%7C2&expand=data.customer&expand=data.invoice\
                    &include%5B0%5D=lines&include%5B1%5D=tax&color=G%2C200%2CR%2C100 HTTP/1.1";
    assert_eq!(seen.request_line, expected);
    assert_eq!(seen.header("x-trace-tags"), Some("t1,t2"));
}

#[tokio::test]
async fn setting_an_object_again_replaces_all_its_pairs() {
    let (url, seen) = serve(vec![Reply::empty_json(204)]);
    let client = client(&url);
    client
        .styles()
        .list_charges()
        .created(json!({"gt": 1, "lt": {"nested": [true]}}))
        .created(json!({"gte": 3}))
        .send()
        .await
        .expect("listed");
    assert_eq!(seen.recv().expect("request").request_line, "GET /v1/Charges?created%5Bgte%5D=3 HTTP/1.1");
}

#[tokio::test]
async fn form_fields_follow_their_encoding() {
    let (url, seen) = serve(vec![Reply::empty_json(204)]);
    let client = client(&url);
    client
        .styles()
        .create_charge()
        .amount(500)
        .metadata(json!({"order": "o-1", "note": "a&b"}))
        .expand(["customer"])
        .shipping(json!({"name": "Ann"}))
        .send()
        .await
        .expect("created");
    let body = String::from_utf8(seen.recv().expect("request").body).expect("utf-8");
    assert_eq!(
        body,
        "amount=500&metadata%5Bnote%5D=a%26b&metadata%5Border%5D=o-1&expand%5B0%5D=customer\
         &shipping=%7B%22name%22%3A%22Ann%22%7D"
    );
}
