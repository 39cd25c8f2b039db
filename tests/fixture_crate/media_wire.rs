//! Copied into the crate generated from all fixtures and run there against a
//! loopback server: multipart with files, raw bytes and text bodies, binary,
//! streamed and text responses, and the same bytes through `call_tool`.

mod loopback;

use fixture_client::FilePart;
use loopback::{client, serve, Reply, Seen};
use serde_json::json;

/// The boundary of a multipart request, from its content type.
fn boundary(seen: &Seen) -> String {
    let content_type = seen.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    boundary.to_owned()
}

/// The parts of a multipart body: (headers, content) each.
fn parts(seen: &Seen) -> Vec<(String, Vec<u8>)> {
    let delimiter = format!("--{}", boundary(seen));
    let body = &seen.body;
    let mut parts = Vec::new();
    let positions: Vec<usize> = (0..body.len())
        .filter(|&i| body[i..].starts_with(delimiter.as_bytes()))
        .collect();
    for pair in positions.windows(2) {
        let part = &body[pair[0] + delimiter.len() + 2..pair[1] - 2];
        let split = part.windows(4).position(|w| w == b"\r\n\r\n").expect("part head");
        let head = String::from_utf8(part[..split].to_vec()).expect("utf-8 head");
        parts.push((head, part[split + 4..].to_vec()));
    }
    let last = *positions.last().expect("closing delimiter");
    assert_eq!(&body[last..], format!("{delimiter}--\r\n").as_bytes());
    parts
}

#[tokio::test]
async fn a_multipart_upload_sends_files_and_fields_as_parts() {
    let (url, seen) = serve(vec![Reply::new(201, "application/json", r#"{"id":"u1"}"#)]);
    let stored = client(&url)
        .media()
        .upload_file(FilePart::new(vec![0u8, 159, 146, 150]).file_name("a \"b\".bin").content_type("image/png"))
        .attachments([b"one".as_slice(), b"two".as_slice()])
        .title("Q3 report")
        .tags(["x", "y"])
        .meta(json!({"owner": "ann"}))
        .send()
        .await
        .expect("uploaded");
    assert_eq!(stored.id.as_deref(), Some("u1"));
    let seen = seen.recv().expect("request");
    assert_eq!(seen.request_line, "POST /v1/Uploads HTTP/1.1");
    let parts = parts(&seen);
    let expect = [
        ("Content-Disposition: form-data; name=\"file\"; filename=\"a %22b%22.bin\"\r\nContent-Type: image/png", &[0u8, 159, 146, 150][..]),
        ("Content-Disposition: form-data; name=\"attachments\"\r\nContent-Type: application/octet-stream", b"one"),
        ("Content-Disposition: form-data; name=\"attachments\"\r\nContent-Type: application/octet-stream", b"two"),
        ("Content-Disposition: form-data; name=\"title\"", b"Q3 report"),
        ("Content-Disposition: form-data; name=\"tags\"", b"x"),
        ("Content-Disposition: form-data; name=\"tags\"", b"y"),
        ("Content-Disposition: form-data; name=\"meta\"", br#"{"owner":"ann"}"#),
    ];
    let got: Vec<(&str, &[u8])> = parts.iter().map(|(h, b)| (h.as_str(), b.as_slice())).collect();
    assert_eq!(got, expect);
}

#[tokio::test]
async fn an_all_of_multipart_body_sends_the_fields_of_every_part_once() {
    let (url, seen) = serve(vec![Reply::new(204, "application/json", "")]);
    // `Name` is required by the component part and declared by both: one
    // argument, typed by the first part (a string), sent once.
    client(&url)
        .media()
        .add_document("Q3", FilePart::new(b"%PDF".to_vec()).file_name("q3.pdf"))
        .comment("draft")
        .send()
        .await
        .expect("stored");
    let seen = seen.recv().expect("request");
    assert_eq!(seen.request_line, "POST /v1/Documents HTTP/1.1");
    let parts = parts(&seen);
    let expect = [
        ("Content-Disposition: form-data; name=\"Name\"", &b"Q3"[..]),
        (
            "Content-Disposition: form-data; name=\"File\"; filename=\"q3.pdf\"\r\nContent-Type: application/octet-stream",
            b"%PDF",
        ),
        ("Content-Disposition: form-data; name=\"Comment\"", b"draft"),
    ];
    let got: Vec<(&str, &[u8])> = parts.iter().map(|(h, b)| (h.as_str(), b.as_slice())).collect();
    assert_eq!(got, expect);
}

#[tokio::test]
async fn a_multipart_body_that_is_one_file_is_sent_as_the_part_file() {
    let (url, seen) = serve(vec![Reply::new(204, "application/json", "")]);
    client(&url)
        .media()
        .attach(FilePart::new(b"%PDF".to_vec()).file_name("q3.pdf"))
        .send()
        .await
        .expect("stored");
    let parts = parts(&seen.recv().expect("request"));
    let head = "Content-Disposition: form-data; name=\"file\"; filename=\"q3.pdf\"\r\nContent-Type: application/octet-stream";
    let got: Vec<(&str, &[u8])> = parts.iter().map(|(h, b)| (h.as_str(), b.as_slice())).collect();
    assert_eq!(got, [(head, &b"%PDF"[..])]);
}

#[tokio::test]
async fn raw_bytes_and_text_bodies_go_as_they_are() {
    let (url, seen) = serve(vec![
        Reply::empty_json(204),
        Reply::new(200, "text/csv", "a,b\n1,2\n"),
        Reply::empty_json(204),
    ]);
    let client = client(&url);
    client.media().put_blob("report.pdf", b"%PDF-1.7".to_vec()).send().await.expect("stored");
    let csv = client.media().create_note().body("first note").send().await.expect("notes");
    assert_eq!(csv, "a,b\n1,2\n");
    client.media().post_image(vec![0x89, b'P', b'N', b'G']).send().await.expect("stored");

    let put = seen.recv().expect("put");
    assert_eq!(put.request_line, "PUT /v1/Blobs/report.pdf HTTP/1.1");
    assert_eq!(put.header("content-type"), Some("application/octet-stream"));
    assert_eq!(put.body, b"%PDF-1.7");
    let note = seen.recv().expect("note");
    assert_eq!(note.header("content-type"), Some("text/plain"));
    assert_eq!(note.header("accept"), Some("text/csv"));
    assert_eq!(note.body, b"first note");
    let image = seen.recv().expect("image");
    // `image/*` is a range, not a type: the bytes go as octet-stream.
    assert_eq!(image.header("content-type"), Some("application/octet-stream"));
    assert_eq!(image.body, [0x89, b'P', b'N', b'G']);
}

#[tokio::test]
async fn a_download_comes_as_bytes_or_as_a_stream() {
    let pdf: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let (url, seen) = serve(vec![
        Reply::new(200, "application/pdf", pdf.clone()),
        Reply::new(200, "application/pdf", pdf.clone()),
        Reply::new(404, "application/json", r#"{"code":20404,"message":"not found","status":404}"#),
    ]);
    let client = client(&url);
    let bytes = tokio::spawn(client.media().get_blob("r.pdf").send()).await.expect("joined").expect("bytes");
    assert_eq!(bytes, pdf);
    assert_eq!(seen.recv().expect("get").header("accept"), Some("application/pdf, image/png"));

    // A send is a `Send + 'static` future: it can be spawned.
    let spawned = tokio::spawn(client.media().get_blob("r.pdf").send_stream());
    let mut stream = spawned.await.expect("joined").expect("stream");
    assert_eq!(stream.status(), 200);
    let mut streamed = Vec::new();
    while let Some(chunk) = stream.chunk().await.expect("chunk") {
        streamed.extend(chunk);
    }
    assert_eq!(streamed, pdf);

    let missing = client.media().get_blob("gone.pdf").send_stream().await.unwrap_err();
    assert!(matches!(&missing, fixture_client::Error::Http { status: 404, .. }), "{missing}");
}

#[cfg(feature = "tools")]
#[tokio::test]
async fn tools_send_files_and_bodies_and_return_downloads_in_base64() {
    let (url, seen) = serve(vec![
        Reply::new(201, "application/json", "{}"),
        Reply::empty_json(204),
        Reply::new(200, "application/pdf", "%PDF"),
    ]);
    let client = client(&url);
    let args = json!({
        "file": {"base64": "AJ+Slg==", "file_name": "f.bin", "content_type": "image/png"},
        "title": "Q3 report",
    });
    client.call_tool("uploadFile", args).await.expect("uploaded");
    let parts = parts(&seen.recv().expect("upload"));
    assert_eq!(parts[0].1, [0u8, 159, 146, 150]);
    assert!(parts[0].0.contains("filename=\"f.bin\""), "{}", parts[0].0);
    assert_eq!(parts[1].1, b"Q3 report");

    let args = json!({"name": "n", "body": "plain text file"});
    client.call_tool("putBlob", args).await.expect("stored");
    assert_eq!(seen.recv().expect("put").body, b"plain text file");

    let download = client.call_tool("getBlob", json!({"name": "n"})).await.expect("download");
    assert_eq!(download, json!({"size": 4, "base64": "JVBERg=="}));
}
