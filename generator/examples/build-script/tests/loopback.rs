//! The included client against a loopback server: what it sends, what it
//! decodes, and what it refuses before sending anything.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use build_script_example::petstore::{NewPet, PetTag};
use build_script_example::{Client, Credentials, Error, PetId};

/// Serves `replies` in order, one per connection; each request comes back
/// as its head and body.
fn serve(replies: Vec<&'static str>) -> (String, mpsc::Receiver<(String, String)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let base = format!("http://{}/v1", listener.local_addr().expect("its address"));
    let (seen, requests) = mpsc::channel();
    std::thread::spawn(move || {
        for (stream, reply) in listener.incoming().map_while(Result::ok).zip(replies) {
            let mut reader = BufReader::new(stream.try_clone().expect("a second handle"));
            let (mut head, mut length) = (String::new(), 0);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((_, value)) = line.to_ascii_lowercase().split_once("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = seen.send((head, String::from_utf8_lossy(&body).into_owned()));
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
            let _ = (&stream).write_all(answer.as_bytes());
        }
    });
    (base, requests)
}

fn client(base: &str) -> Client {
    Client::builder(Credentials::none())
        .base_url(base)
        .allow_insecure_http(true)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn lists_pets_with_a_limit() {
    let (base, requests) = serve(vec![
        r#"[{"id": "PT0001", "name": "Rex", "tag": "dog", "born": "2020-02-29"}]"#,
    ]);
    let pets = client(&base)
        .petstore()
        .list_pets()
        .limit(5)
        .send()
        .await
        .expect("the pets");
    assert_eq!(pets.len(), 1);
    assert_eq!(pets[0].name, "Rex");
    let born = time::Date::from_calendar_date(2020, time::Month::February, 29).expect("a date");
    assert_eq!(pets[0].born, Some(born));
    let (head, _) = requests.recv().expect("one request");
    assert!(head.starts_with("GET /v1/pets?limit=5 HTTP/1.1"), "{head}");
}

#[tokio::test]
async fn creates_a_pet_from_a_typed_body() {
    let (base, requests) = serve(vec![r#"{"id": "PT0002", "name": "Tom", "tag": "cat"}"#]);
    let mut body = NewPet::new("Tom");
    body.tag = Some(PetTag::Cat);
    let pet = client(&base).petstore().create_pet(body).send().await.expect("the pet");
    assert_eq!(pet.id, "PT0002");
    let (head, body) = requests.recv().expect("one request");
    assert!(head.starts_with("POST /v1/pets HTTP/1.1"), "{head}");
    let sent: serde_json::Value = serde_json::from_str(&body).expect("a JSON body");
    assert_eq!(sent, serde_json::json!({"name": "Tom", "tag": "cat"}));
}

#[tokio::test]
async fn refuses_a_bad_id_or_limit_before_sending() {
    let (base, requests) = serve(vec![r#"{"id": "PT0001", "name": "Rex"}"#]);
    let client = client(&base);
    let error = "PT12".parse::<PetId>().expect_err("a bad id");
    assert!(error.to_string().contains("^PT[0-9]{4}$"), "{error}");
    let error = client
        .petstore()
        .list_pets()
        .limit(101)
        .send()
        .await
        .expect_err("a bad limit");
    assert!(matches!(error, Error::InvalidParameter { .. }), "{error:?}");
    let id: PetId = "PT0001".parse().expect("a good id");
    let pet = client.petstore().get_pet(id).send().await.expect("the pet");
    assert_eq!(pet.tag, None);
    // The first request the server saw is the valid one.
    let (head, _) = requests.recv().expect("one request");
    assert!(head.starts_with("GET /v1/pets/PT0001 HTTP/1.1"), "{head}");
}
