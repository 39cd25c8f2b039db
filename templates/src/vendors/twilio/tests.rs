//! Tests of Twilio's plug-in on the generic client: hosts in regions and
//! edges, next-page links to other regions, OAuth with Twilio's endpoint.

use super::Twilio;
use crate::{Client, Credentials, Error};

const SID: &str = "AC0123456789abcdefABCDEF0123456789";

mod regions {
    use super::*;
    use crate::page::resolve_link;
    use crate::twilio::regional_host;
    use reqwest::Url;

    #[test]
    fn hosts_take_the_configured_region_and_edge() {
        let table = [
            ("api.twilio.com", None, None, "api.twilio.com"),
            ("api.twilio.com", Some("ie1"), None, "api.ie1.twilio.com"),
            ("api.twilio.com", None, Some("dublin"), "api.dublin.us1.twilio.com"),
            (
                "api.twilio.com",
                Some("ie1"),
                Some("dublin"),
                "api.dublin.ie1.twilio.com",
            ),
            ("api.ie1.twilio.com", Some("au1"), None, "api.au1.twilio.com"),
            ("api.ie1.twilio.com", None, Some("sydney"), "api.sydney.ie1.twilio.com"),
            (
                "api.dublin.ie1.twilio.com",
                Some("au1"),
                None,
                "api.dublin.au1.twilio.com",
            ),
            (
                "api.dublin.ie1.twilio.com",
                None,
                Some("sydney"),
                "api.sydney.ie1.twilio.com",
            ),
            ("api.dublin.ie1.twilio.com", None, None, "api.dublin.ie1.twilio.com"),
            (
                "messaging.twilio.com",
                Some("ie1"),
                Some("dublin"),
                "messaging.dublin.ie1.twilio.com",
            ),
        ];
        for (host, region, edge, want) in table {
            assert_eq!(regional_host(host, region, edge), want, "{host} {region:?} {edge:?}");
        }
    }

    fn regional(region: &str, edge: &str) -> Client {
        Client::builder(Credentials::account(SID, "t"))
            .plugin(Twilio::default())
            .region(region)
            .edge(edge)
            .build()
            .unwrap()
    }

    #[test]
    fn every_api_host_moves_but_other_hosts_do_not() {
        let client = regional("ie1", "dublin");
        let base = |server| client.base_for(server).unwrap().to_string();
        assert_eq!(base("https://api.twilio.com"), "https://api.dublin.ie1.twilio.com/");
        assert_eq!(
            base("https://messaging.twilio.com"),
            "https://messaging.dublin.ie1.twilio.com/"
        );
        assert_eq!(base("https://api.example.com"), "https://api.example.com/");
        let plain = Client::builder(Credentials::account(SID, "t"))
            .plugin(Twilio::default())
            .build()
            .unwrap();
        assert_eq!(
            plain.base_for("https://api.twilio.com").unwrap().as_str(),
            "https://api.twilio.com/"
        );
    }

    #[test]
    fn a_link_to_another_region_or_edge_keeps_its_own_unless_configured() {
        // What twilio-python does with a next-page link that names a region
        // or edge: the configured ones go over the link's own.
        let server = "https://api.twilio.com";
        let current = Url::parse("https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json").unwrap();
        let link = "https://api.sydney.au1.twilio.com/2010-04-01/Accounts/AC1/Calls.json?Page=1";
        let plain = Client::builder(Credentials::account(SID, "t"))
            .plugin(Twilio::default())
            .build()
            .unwrap();
        let url = resolve_link(&plain, server, &current, link).unwrap();
        assert_eq!(url.host_str(), Some("api.sydney.au1.twilio.com"));
        assert_eq!(url.query(), Some("Page=1"));
        let in_ie1 = Client::builder(Credentials::account(SID, "t"))
            .plugin(Twilio::default())
            .region("ie1")
            .build()
            .unwrap();
        let url = resolve_link(&in_ie1, server, &current, link).unwrap();
        assert_eq!(url.host_str(), Some("api.sydney.ie1.twilio.com"));
        assert_eq!(
            regional_host("api.sydney.au1.twilio.com", Some("ie1"), None),
            "api.sydney.ie1.twilio.com"
        );
        // A base URL (a mock) takes every request, next pages included.
        let mock = Client::builder(Credentials::account(SID, "t"))
            .plugin(Twilio::default())
            .base_url("http://127.0.0.1:9")
            .allow_insecure_http(true)
            .build()
            .unwrap();
        let url = resolve_link(&mock, server, &current, link).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/2010-04-01/Accounts/AC1/Calls.json?Page=1"
        );
    }

    #[test]
    fn next_page_links_stay_on_the_configured_region() {
        let client = regional("ie1", "dublin");
        let server = "https://messaging.twilio.com";
        let current = Url::parse("https://messaging.dublin.ie1.twilio.com/v1/Services").unwrap();
        for link in [
            "https://messaging.dublin.ie1.twilio.com/v1/Services?Page=1",
            "https://messaging.twilio.com/v1/Services?Page=1",
            "https://messaging.ie1.twilio.com/v1/Services?Page=1",
        ] {
            let url = resolve_link(&client, server, &current, link).unwrap();
            assert_eq!(
                url.as_str(),
                "https://messaging.dublin.ie1.twilio.com/v1/Services?Page=1",
                "{link}"
            );
        }
        for link in [
            "https://voice.ie1.twilio.com/v1/Services",
            "https://messaging.ie1.twilio.com.evil.example/v1",
        ] {
            let result = resolve_link(&client, server, &current, link);
            assert!(
                matches!(result, Err(Error::UnsafePageLink { .. })),
                "{link}: {result:?}"
            );
        }
    }
}

mod oauth {
    use super::*;
    use crate::Call;
    use reqwest::Method;
    use wiremock::matchers::{body_string_contains, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn server(expires_in: u64, token_fetches: u64) -> MockServer {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/token"))
            .and(body_string_contains("grant_type=client_credentials"))
            .and(body_string_contains("client_id=OQ123"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"access_token": "tok-1", "token_type": "Bearer", "expires_in": expires_in}),
            ))
            .expect(token_fetches)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/v1/Things"))
            .and(header("authorization", "Bearer tok-1"))
            .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
            .expect(2)
            .mount(&server)
            .await;
        server
    }

    async fn two_calls(server: &MockServer) {
        let client = Client::builder(Credentials::oauth("OQ123", "oauth-secret"))
            .plugin(Twilio::default())
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap();
        for _ in 0..2 {
            let call = Call::new(
                &client,
                "ListThing",
                Method::GET,
                "https://api.twilio.com",
                "/v1/Things",
            );
            call.send::<serde_json::Value>().await.unwrap();
        }
        assert!(!format!("{client:?}").contains("oauth-secret"));
    }

    #[tokio::test]
    async fn one_token_is_fetched_and_sent_as_bearer() {
        two_calls(&server(3600, 1).await).await;
    }

    #[tokio::test]
    async fn a_token_about_to_expire_is_replaced() {
        two_calls(&server(30, 2).await).await;
    }

    #[tokio::test]
    async fn a_refused_token_request_is_an_api_error_without_the_secret() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/v1/token"))
            .respond_with(
                ResponseTemplate::new(401)
                    .set_body_json(serde_json::json!({"code": 20003, "message": "Authenticate", "status": 401})),
            )
            .mount(&server)
            .await;
        let client = Client::builder(Credentials::oauth("OQ123", "oauth-secret"))
            .plugin(Twilio::default())
            .base_url(server.uri())
            .allow_insecure_http(true)
            .build()
            .unwrap();
        let call = Call::new(
            &client,
            "ListThing",
            Method::GET,
            "https://api.twilio.com",
            "/v1/Things",
        );
        let error = call.send::<serde_json::Value>().await.unwrap_err();
        assert!(matches!(&error, Error::Api { status: 401, .. }), "{error}");
        assert!(!format!("{error:?} {error}").contains("oauth-secret"));
    }
}
