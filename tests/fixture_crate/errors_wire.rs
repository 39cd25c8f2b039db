//! Copied into the crate generated from all fixtures and run there: an
//! error status keeps its body, and the operation's documented error type
//! decodes it by status.

mod loopback;

use fixture_client::errors::{GetThingError, PutThingError};
use fixture_client::{Credentials, Error};
use loopback::{client_with, serve, Reply};

#[tokio::test]
async fn documented_error_bodies_decode_by_status() {
    let (url, _seen) = serve(vec![
        Reply::new(404, "application/json", r#"{"missing":"t1"}"#),
        Reply::new(422, "application/json", r#"{"title":"bad id","status":422}"#),
        Reply::new(503, "application/problem+json", r#"{"title":"down"}"#),
        Reply::new(404, "text/html", "<h1>gone</h1>"),
        Reply::new(409, "application/json", r#"{"current_version":7}"#),
    ]);
    let client = client_with(&url, Credentials::none());
    let things = client.errors();

    let error = things.get_thing("t1").send().await.unwrap_err();
    assert!(matches!(&error, Error::Http { status: 404, .. }), "{error}");
    match GetThingError::from_error(&error) {
        Some(GetThingError::NotFound(body)) => assert_eq!(body.missing.as_deref(), Some("t1")),
        other => panic!("{other:?}"),
    }
    // A JSON send is a `Send + 'static` future too: spawned, it decodes the same.
    let error = tokio::spawn(things.get_thing("t1").send()).await.expect("joined").unwrap_err();
    match GetThingError::from_error(&error) {
        Some(GetThingError::ClientError(problem)) => assert_eq!(problem.status, Some(422)),
        other => panic!("{other:?}"),
    }
    // deleteThing documents the same bodies: one shared type.
    let error = things.delete_thing("t1").send().await.unwrap_err();
    match GetThingError::from_error(&error) {
        Some(GetThingError::Other(problem)) => assert_eq!(problem.title.as_deref(), Some("down")),
        other => panic!("{other:?}"),
    }
    // Not the documented shape: the body is still there, undecoded.
    let error = things.get_thing("t1").send().await.unwrap_err();
    assert_eq!(GetThingError::from_error(&error), None);
    assert_eq!(error.status_and_body(), Some((404, &b"<h1>gone</h1>"[..])));

    let error = things.put_thing("t1").send().await.unwrap_err();
    match PutThingError::from_error(&error) {
        Some(PutThingError::Conflict(body)) => assert_eq!(body.current_version, Some(7)),
        other => panic!("{other:?}"),
    }
}
