//! Calls every endpoint of `tests/fastapi/app.py` through the client
//! generated from its live `/openapi.json` (OpenAPI 3.1), and checks each
//! answer: `calls <base-url>`. Written as a user of the generated crate
//! would write it; copied into that crate as `examples/calls.rs`.

// Every operation here documents only FastAPI's 422: one enum, under each
// operation's own name.
use pet_clinic::pet_clinic::{
    Card, CardKind, Cash, CashKind, GetPetPetsPetIdGetError, NewPetEvent, Owner, PayPetsPetIdPaymentsPostError, Payment,
    PaymentMethod, PetIn, Species, Subscription,
};
use pet_clinic::{Client, Credentials, Error, FilePart};

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

/// Receives one webhook request on `listener` (answering 204) and returns
/// its body; fails after 20 s without one, rather than waiting for ever.
fn receive_one(listener: &TcpListener) -> std::io::Result<Vec<u8>> {
    listener.set_nonblocking(true)?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let stream = loop {
        match listener.accept() {
            Ok((stream, _)) => break stream,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                return Err(std::io::Error::new(std::io::ErrorKind::TimedOut, "no webhook request within 20 s"));
            }
            Err(e) => return Err(e),
        }
    };
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    reader.get_mut().write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")?;
    Ok(body)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::args().nth(1).ok_or("usage: calls <base-url>")?;
    // The test's server is plain HTTP on loopback.
    let client = Client::builder(Credentials::bearer("secret-token"))
        .base_url(&base_url)
        .allow_insecure_http(true)
        .build()?;
    let api = client.pet_clinic();

    // A form body.
    let login = api.login_login_post("ann", "pw").send().await?;
    assert_eq!(login.get("user").map(String::as_str), Some("ann"));
    assert_eq!(login.get("token").map(String::as_str), Some("secret-token"));
    println!("ok login (form body)");

    // A JSON body with an enum, an `Optional` nested model behind an alias,
    // a dict, a list, bounds; bearer security; 201 with a UUID and a datetime.
    // Required fields through `new`, optional ones set on the value.
    let mut pet = PetIn::new("Rex", Species::Dog, 12.5);
    pet.age = Some(3);
    pet.owner = Some(Owner::new("Ann Lee"));
    pet.tags = Some(vec!["good".into(), "loud".into()]);
    pet.attributes = Some([("color".to_owned(), "brown".to_owned())].into());
    // Subscribe to the `new-pet` webhook (OpenAPI 3.1 `webhooks`): its body
    // decodes into the generated `NewPetEvent`.
    let receiver = TcpListener::bind("127.0.0.1:0")?;
    let hook_url = format!("http://{}/hooks", receiver.local_addr()?);
    api.subscribe_subscriptions_post(Subscription::new(hook_url)).send().await?;
    let created = api.create_pet_pets_post(pet.clone()).send().await?;
    assert_eq!(created.name, "Rex");
    assert_eq!(created.species, Species::Dog);
    assert_eq!(created.owner.as_ref().map(|o| o.full_name.as_str()), Some("Ann Lee"));
    assert_eq!(created.attributes.as_ref().and_then(|a| a.get("color")).map(String::as_str), Some("brown"));
    assert_eq!(created.created_at.year(), 2024);
    assert_eq!(created.id.len(), 36, "a UUID: {}", created.id);
    println!("ok create_pet (JSON body, bearer, 201)");
    let event: NewPetEvent = serde_json::from_slice(&receive_one(&receiver)?)?;
    assert_eq!(event.pet, created);
    assert_eq!(event.happened_at, created.created_at);
    println!("ok new-pet webhook decoded (subscribe)");

    // The bearer token is checked by the server: a wrong one is refused.
    let stranger = Client::builder(Credentials::bearer("wrong"))
        .base_url(&base_url)
        .allow_insecure_http(true)
        .build()?;
    match stranger.pet_clinic().create_pet_pets_post(pet).send().await {
        Err(error @ Error::Http { status: 401, .. }) => println!("ok create_pet with a wrong token: {error}"),
        other => panic!("a wrong token must be refused with 401: {other:?}"),
    }

    // Query parameters (an optional enum, a bounded integer) and a header.
    let dogs = api
        .list_pets_pets_get()
        .species(Species::Dog)
        .limit(5)
        .x_request_id("req-1")
        .send()
        .await?;
    assert!(dogs.iter().any(|p| p.id == created.id));
    let cats = api.list_pets_pets_get().species(Species::Cat).send().await?;
    assert!(cats.is_empty());
    println!("ok list_pets (query, header)");
    // A bound the spec sets is checked before anything is sent.
    match api.list_pets_pets_get().limit(0).send().await {
        Err(Error::InvalidParameter { parameter: "limit", .. }) => println!("ok limit 0 refused before sending"),
        other => panic!("limit 0 is below the spec's minimum of 1: {other:?}"),
    }

    // A path parameter; a 404 and a 422 read as data.
    let fetched = api.get_pet_pets_pet_id_get(created.id.clone()).send().await?;
    assert_eq!(fetched, created);
    let missing = "00000000-0000-0000-0000-000000000000";
    match api.get_pet_pets_pet_id_get(missing).send().await {
        Err(error @ Error::Http { status: 404, .. }) => {
            assert!(GetPetPetsPetIdGetError::from_error(&error).is_none(), "404 has no body schema");
            println!("ok get_pet 404");
        }
        other => panic!("a missing pet is a 404: {other:?}"),
    }
    match api.get_pet_pets_pet_id_get("not-a-uuid").send().await {
        Err(error) => match GetPetPetsPetIdGetError::from_error(&error) {
            Some(GetPetPetsPetIdGetError::UnprocessableEntity(validation)) => {
                let detail = validation.detail.as_deref().unwrap_or_default();
                assert_eq!(detail.first().map(|d| d.msg.is_empty()), Some(false));
                println!("ok get_pet 422: {}", detail[0].msg);
            }
            None => panic!("a 422 decodes as HTTPValidationError: {error}"),
        },
        Ok(pet) => panic!("`not-a-uuid` is not a UUID, yet: {pet:?}"),
    }

    // A discriminated union in a JSON body: pydantic's `Field(discriminator="kind")`
    // is an enum of the variants, with `Other` for what the spec does not name.
    let mut payment = Payment::new(PaymentMethod::Cash(Box::new(Cash::new(CashKind::Cash, 40))));
    payment.note = Some("first visit".into());
    let receipt = api
        .pay_pets_pet_id_payments_post(created.id.clone(), payment)
        .send()
        .await?;
    assert_eq!((receipt.paid, receipt.method.as_str()), (40, "cash"));
    let card = Card::new(CardKind::Card, "4242", "12/30");
    let card = Payment::new(PaymentMethod::Card(Box::new(card)));
    let receipt = api.pay_pets_pet_id_payments_post(created.id.clone(), card).send().await?;
    assert_eq!((receipt.paid, receipt.method.as_str()), (100, "card"));
    let unknown = Payment::new(PaymentMethod::Other(serde_json::json!({"kind": "barter"})));
    let decoded: PaymentMethod = serde_json::from_value(serde_json::json!({"kind": "card", "number": "1", "expires": "x"}))?;
    assert!(matches!(decoded, PaymentMethod::Card(card) if card.number == "1"));
    match api.pay_pets_pet_id_payments_post(created.id.clone(), unknown).send().await {
        Err(error) => assert!(matches!(
            PayPetsPetIdPaymentsPostError::from_error(&error),
            Some(PayPetsPetIdPaymentsPostError::UnprocessableEntity(_))
        )),
        Ok(receipt) => panic!("an unknown payment kind is refused: {receipt:?}"),
    }
    println!("ok pay (discriminated union)");

    // A multipart body with a file, and a binary download.
    let upload = api
        .upload_photo_pets_pet_id_photo_post(created.id.clone(), FilePart::new(b"PNGDATA".to_vec()).file_name("rex.png"))
        .caption("at the park")
        .send()
        .await?;
    assert_eq!(serde_json::to_value(&upload)?, serde_json::json!({"filename": "rex.png", "size": 7, "caption": "at the park"}));
    println!("ok upload_photo (multipart, file)");
    let photo = api.download_photo_pets_pet_id_photo_get(created.id.clone()).send().await?;
    assert!(photo.starts_with(b"\x89PNG\r\n\x1a\n") && photo.len() == 24, "{photo:?}");
    println!("ok download_photo (binary)");

    // 204 No Content.
    api.delete_pet_pets_pet_id_delete(created.id.clone()).send().await?;
    assert!(api.list_pets_pets_get().send().await?.is_empty());
    println!("ok delete_pet (204)");
    Ok(())
}
