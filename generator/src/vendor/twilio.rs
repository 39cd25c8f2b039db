//! Twilio's profile: its hosts, its `{AccountSid}` default, its core API and
//! the runtime's `twilio` plug-in (regions, edges, error body, `TWILIO_*`
//! variables, webhook signatures, client SDK tokens, TwiML).

pub mod twiml;

use super::{ExtraFeature, RuntimePlugin, Vendor};

pub(super) const TWILIO: Vendor = Vendor {
    name: "Twilio",
    domain: "twilio.com",
    file_prefix: Some("twilio_"),
    // As in Twilio's official libraries; a setter still sets it (a subaccount).
    account_parameter: Some("AccountSid"),
    // Twilio's specs declare Basic, yet API keys and OAuth tokens work everywhere.
    credentials_everywhere: true,
    // 1,407 operations would swamp an agent; everyone starts with api_v2010.
    core_api: Some("api_v2010"),
    runtime: RuntimePlugin {
        module: "twilio",
        plugin: "Twilio",
        exports: &["TwilioError"],
        mcp_environment: "MCP_ENVIRONMENT",
    },
    variables: "TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN",
    from_env_docs: " A client configured from the environment: `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` \
                    (or `TWILIO_API_KEY` and `TWILIO_API_SECRET`), and `TWILIO_REGION`, `TWILIO_EDGE` and \
                    `TWILIO_BASE_URL` (a mock server, in tests) where set.",
    tool_cli_environment:
        "credentials: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET);\n\
                           TWILIO_REGION and TWILIO_EDGE choose a region and edge;\n\
                           TWILIO_BASE_URL sends requests elsewhere (http:// only to loopback)",
    extra_features: &[
        ExtraFeature {
            name: "webhooks",
            comment: "Validation of Twilio's webhook signatures: `webhook::RequestValidator`.",
            item: "webhook",
            docs: " Validation of Twilio's webhook requests (`X-Twilio-Signature`).",
        },
        ExtraFeature {
            name: "tokens",
            comment: "Access tokens for Twilio's client SDKs and TaskRouter capability tokens: `jwt`.",
            item: "jwt",
            docs: " Access tokens (Voice, Video, Conversations, Sync, TaskRouter, Live grants) and TaskRouter \
               capability tokens, signed as Twilio's official libraries sign them.",
        },
        ExtraFeature {
            name: "twiml",
            comment: "TwiML builders for answering Voice, Messaging and Fax webhooks: `twiml`.",
            item: "twiml",
            docs: " Typed TwiML builders (Voice with SSML, Messaging, Fax), written byte for byte as Twilio's \
               official libraries write them.",
        },
    ],
};
