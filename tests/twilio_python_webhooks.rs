//! Webhook signatures against Twilio's official Python library on random
//! requests: for each, the signature the runtime computes is the one
//! twilio-python's `RequestValidator` computes, and both accept and refuse
//! the same requests (form and JSON, both algorithms, settings headers as
//! written by hand). The inputs are drawn by proptest from a fixed seed.

use std::io::Write as _;
use std::process::{Command, Stdio};

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Value};
use twilio_client::webhook::{body_hash, Algorithm, RequestValidator, Webhook};

/// Requests compared per run.
const CASES: usize = 2_000;

/// Reads the cases (JSON on stdin) and prints, for each, what
/// twilio-python computes and whether it accepts the runtime's signature
/// and a forged one.
const SCRIPT: &str = r#"
import json, sys
from twilio.request_validator import RequestValidator, get_signature_algorithm

class Pairs(dict):
    """Repeated keys, read as Flask's MultiDict is (`getall`)."""
    def __init__(self, pairs):
        super().__init__(pairs)
        self.pairs = pairs
    def getall(self, name):
        return [v for k, v in self.pairs if k == name]

out = []
for case in json.load(sys.stdin):
    validator = RequestValidator(case["token"])
    algorithm = get_signature_algorithm(case["settings"])
    params = case["body"] if case["json"] else Pairs([tuple(p) for p in case["params"]])
    try:
        signed = validator.compute_signature(case["url"], {} if case["json"] else params, algorithm)
    except ValueError:
        signed = None
    out.append({
        "signature": signed,
        "accepts": validator.validate(case["url"], params, case["ours"], algorithm),
        "accepts_forged": validator.validate(case["url"], params, case["forged"], algorithm),
    })
json.dump(out, sys.stdout)
"#;

fn text(max: usize) -> impl Strategy<Value = String> {
    let char = prop_oneof![
        4 => proptest::char::range(' ', '~'),
        1 => proptest::sample::select(vec!['\t', '\n', '&', '=', '+', '%', 'é', '€', '😀', '\u{fffd}']),
        1 => proptest::char::range('\u{a0}', '\u{2fff}'),
    ];
    proptest::collection::vec(char, 0..=max).prop_map(|c| c.into_iter().collect())
}

fn case() -> impl Strategy<Value = Value> {
    let url = (
        proptest::sample::select(vec!["https", "http"]),
        "[a-z][a-z0-9-]{0,8}(\\.[a-z]{2,4}){0,2}",
        proptest::sample::select(vec!["", ":443", ":80", ":8443"]),
        "(/[A-Za-z0-9._~-]{0,6}){0,3}",
        proptest::collection::vec(("[a-zA-Z_]{1,5}", text(6)), 0..3),
    )
        .prop_map(|(scheme, host, port, path, query)| {
            let query = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(query)
                .finish();
            let path = if path.is_empty() && !query.is_empty() {
                "/".to_owned()
            } else {
                path
            };
            format!(
                "{scheme}://{host}{port}{path}{}{query}",
                if query.is_empty() { "" } else { "?" }
            )
        });
    let settings = proptest::option::of(proptest::sample::select(vec![
        "algorithm=HMAC_SHA256",
        "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
        "algorithm=HMAC_SHA1",
        "algorithm=hmac_sha256",
        " algorithm = HMAC_SHA256 ",
        "key=only",
        "algorithm=",
        "algorithm=HMAC_MD5",
        "",
    ]));
    let params = proptest::collection::vec((text(8), text(12)), 0..6);
    (text(20), url, settings, any::<bool>(), params, text(40)).prop_map(
        |(token, url, settings, json, mut params, body)| {
            // Twilio repeats a key with several values; the same pair repeated is sent once.
            if let Some((name, _)) = params.first().cloned() {
                params.push((name, "another".to_owned()));
            }
            json!({"token": token, "url": url, "settings": settings, "json": json, "params": params, "body": body})
        },
    )
}

/// What the runtime makes of a case: its signature (none for an algorithm
/// it does not know), and whether it accepts that and a forged one.
fn ours(case: &mut Value) -> Value {
    let s = |key: &str| case[key].as_str().map(str::to_owned);
    let (token, settings, body) = (
        s("token").unwrap_or_default(),
        s("settings"),
        s("body").unwrap_or_default(),
    );
    let json = case["json"].as_bool() == Some(true);
    let mut url = s("url").unwrap_or_default();
    if json {
        let separator = if url.contains('?') { '&' } else { '?' };
        url = format!("{url}{separator}bodySHA256={}", body_hash(body.as_bytes()));
    }
    let params: Vec<(String, String)> = if json {
        Vec::new()
    } else {
        serde_json::from_value(case["params"].clone()).expect("pairs")
    };
    let validator = RequestValidator::new(token);
    let algorithm = Algorithm::from_settings(settings.as_deref()).ok();
    let signature = algorithm.map(|a| validator.compute_signature(&url, &params, a));
    let ours = signature.clone().unwrap_or_else(|| "unsigned".to_owned());
    let forged = format!("{}A", ours.trim_end_matches('='));
    let form = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&params)
        .finish();
    let accepts = |signature: &str| {
        let request = Webhook {
            url: &url,
            signature,
            signature_settings: settings.as_deref(),
            content_type: Some(if json {
                "application/json"
            } else {
                "application/x-www-form-urlencoded"
            }),
            body: if json { body.as_bytes() } else { form.as_bytes() },
        };
        validator.validate(&request).is_ok()
    };
    let verdict = json!({"signature": signature, "accepts": accepts(&ours), "accepts_forged": accepts(&forged)});
    case["url"] = json!(url);
    case["ours"] = json!(ours);
    case["forged"] = json!(forged);
    verdict
}

#[test]
fn webhook_signatures_match_twilio_python_on_random_requests() {
    let Some(python) = client_tests::installed_python("twilio-python", "the webhook comparison with twilio-python")
    else {
        return;
    };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = case();
    let mut cases: Vec<Value> = (0..CASES)
        .map(|_| strategy.new_tree(&mut runner).expect("a case").current())
        .collect();
    let verdicts: Vec<Value> = cases.iter_mut().map(ours).collect();

    let mut child = Command::new(&python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the virtual environment's Python runs");
    let input = serde_json::to_vec(&cases).expect("JSON");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("cases written");
    let output = child.wait_with_output().expect("Python ends");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let theirs: Vec<Value> = serde_json::from_slice(&output.stdout).expect("Python prints JSON");
    assert_eq!(theirs.len(), cases.len());
    let mut accepted = 0;
    for ((case, ours), theirs) in cases.iter().zip(&verdicts).zip(&theirs) {
        assert_eq!(ours, theirs, "runtime vs twilio-python on {case}");
        accepted += usize::from(ours["accepts"] == json!(true));
    }
    println!("webhook signatures: {CASES} random requests, the same verdict as twilio-python ({accepted} accepted)");
    assert!(accepted > CASES / 2, "only {accepted} signed requests were accepted");
}
