//! Webhooks (OpenAPI 3.1's top-level `webhooks`): the requests an API sends
//! to its subscribers. Each webhook's JSON body becomes a type, so a server
//! that receives them decodes them with the same structs as responses. The
//! front-end has moved every inline webhook body under
//! `components/requestBodies`, so each is a `$ref` here.

use serde_json::Value;

use super::body::is_json;
use super::context::{follow, DomainCx};
use super::schema::Usage;
use crate::error::pointer_token;
use crate::ir::Webhook;
use crate::names::camel;

pub(super) fn webhooks(cx: &mut DomainCx<'_>) -> Vec<Webhook> {
    let spec = cx.spec;
    let Some(Value::Object(webhooks)) = spec.raw.get("webhooks") else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (name, item) in webhooks {
        for method in crate::load::METHODS {
            let pointer = format!("/webhooks/{}/{method}", pointer_token(name));
            let Some(reference) = item
                .get(method)
                .and_then(|op| op.get("requestBody"))
                .and_then(|body| body.get("$ref"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let bodies = spec.api.components.as_ref().map(|c| &c.request_bodies);
            let Some((body, body_pointer)) = follow(bodies, "#/components/requestBodies/", reference) else {
                let message = format!("webhook body `$ref` `{reference}` does not exist");
                cx.error(&format!("{pointer}/requestBody"), message, None);
                continue;
            };
            let Some((media, content)) = body.content.iter().find(|(media, _)| is_json(media)) else {
                // A form or text webhook: nothing to decode into a type.
                continue;
            };
            let Some(schema) = content.schema.as_ref() else {
                continue;
            };
            let owner = format!("{}Webhook", camel(name));
            let usage = Usage {
                owner_type: &owner,
                owner_noun: "webhook",
                member: "",
            };
            let schema_pointer = format!("{body_pointer}/content/{}/schema", pointer_token(media));
            let payload = cx.schema(schema, &schema_pointer, usage);
            found.push(Webhook {
                name: name.clone(),
                method: method.to_uppercase(),
                payload,
            });
        }
    }
    found
}
