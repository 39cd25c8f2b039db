//! Lists the account's completed conferences created since a date, across
//! pages. Hand-written (not generated).
//!
//! ```text
//! TWILIO_ACCOUNT_SID=AC… TWILIO_AUTH_TOKEN=… cargo run -p twilio-client --example list_conferences
//! ```
//! Set `TWILIO_BASE_URL` to send the requests elsewhere (a mock server, a proxy).

use twilio_client::api_v2010::ConferenceStatus;
use twilio_client::{Client, Credentials};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let credentials = Credentials::from_env()?;
    let mut builder = Client::builder(credentials);
    if let Ok(base) = std::env::var("TWILIO_BASE_URL") {
        builder = builder
            .base_url(&base)
            .allow_insecure_http(base.starts_with("http://127.0.0.1"));
    }
    let client = builder.build()?;
    let since = time::Date::from_calendar_date(2024, time::Month::January, 1)?;
    let conferences = client
        .api_v2010()
        .list_conference() // the credentials' account; `.account_sid(…)` picks a subaccount
        .status(ConferenceStatus::Completed)
        .date_created_after(since)
        .page_size(100)
        .paginate()
        .limit(500)
        .collect()
        .await?;
    for conference in conferences {
        let sid = conference.sid.map(|s| s.to_string()).unwrap_or_default();
        let name = conference.friendly_name.unwrap_or_default();
        println!("{sid}  {name}  {:?}", conference.date_created);
    }
    Ok(())
}
