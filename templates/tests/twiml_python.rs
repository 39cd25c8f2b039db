//! The TwiML builders against what Twilio's official Python library writes
//! for the same documents: `vectors/twilio_python.json` (`twiml`), written by
//! `vectors/twilio_python.py` with twilio 9.13.0. Every document the script
//! prints is built here under the same name, and every one must match byte
//! for byte.
#![cfg(feature = "twiml")]

use std::collections::BTreeMap;

use openapi_client_runtime::twilio::twiml::*;
use serde_json::Value;

fn vectors() -> BTreeMap<String, String> {
    let all: Value = serde_json::from_str(include_str!("vectors/twilio_python.json")).expect("the vectors are JSON");
    serde_json::from_value(all["twiml"].clone()).expect("`twiml`: name → document")
}

fn voice(build: impl FnOnce(VoiceResponse) -> VoiceResponse) -> String {
    build(VoiceResponse::new()).to_xml()
}

fn voice_documents() -> Vec<(&'static str, String)> {
    vec![
        ("say", voice(|r| r.say(Say::new("Hello, world!")))),
        (
            "say_escaped_text",
            voice(|r| {
                r.say(
                    Say::new("Bonjour & <bienvenue> \"chez\" nous")
                        .voice("Polly.Celine")
                        .language("fr-FR")
                        .loop_(2),
                )
            }),
        ),
        (
            "play",
            voice(|r| {
                r.play(Play::new("https://example.com/ding.mp3?a=1&b=2").loop_(0))
                    .play(Play::default().digits("wwww3"))
            }),
        ),
        (
            "pause_hangup",
            voice(|r| r.pause(Pause::new().length(3)).hangup(Hangup::new())),
        ),
        (
            "gather",
            voice(|r| {
                r.gather(
                    Gather::new()
                        .input([GatherInput::Speech, GatherInput::Dtmf])
                        .action("/menu")
                        .method(Method::Post)
                        .timeout(5)
                        .num_digits(1)
                        .speech_timeout("auto")
                        .hints("sales, support")
                        .profanity_filter(true)
                        .barge_in(false)
                        .action_on_empty_result(true)
                        .language("en-GB")
                        .finish_on_key("#")
                        .say(Say::new("Press 1 for sales."))
                        .pause(Pause::new().length(1))
                        .play(Play::new("https://example.com/menu.wav")),
                )
                .redirect(Redirect::new("/voice/fallback").method(Method::Get))
            }),
        ),
        (
            "dial_numbers",
            voice(|r| {
                r.dial(
                    Dial::default()
                        .caller_id("+15005550006")
                        .timeout(20)
                        .record(DialRecord::RecordFromAnswerDual)
                        .recording_status_callback_event([RecordingEvent::InProgress, RecordingEvent::Completed])
                        .answer_on_bridge(true)
                        .hangup_on_star(false)
                        .time_limit(600)
                        .trim(Trim::TrimSilence)
                        .number(
                            Number::new("+15558675310")
                                .send_digits("wwww1928")
                                .status_callback_event([
                                    CallEvent::Initiated,
                                    CallEvent::Ringing,
                                    CallEvent::Answered,
                                    CallEvent::Completed,
                                ])
                                .status_callback("https://example.com/status")
                                .status_callback_method(Method::Post)
                                .machine_detection(MachineDetection::DetectMessageEnd)
                                .machine_detection_timeout(30),
                        )
                        .number(Number::new("+15558675311")),
                )
            }),
        ),
        ("dial_text", voice(|r| r.dial(Dial::new("+15558675310")))),
        (
            "dial_client",
            voice(|r| {
                r.dial(
                    Dial::default()
                        .client(
                            Client::default()
                                .url("https://example.com/client")
                                .method(Method::Get)
                                .identity(Identity::new("alice"))
                                .parameter(Parameter::new().name("FirstName").value("Alice")),
                        )
                        .client(Client::new("bob")),
                )
            }),
        ),
        (
            "dial_conference",
            voice(|r| {
                r.dial(
                    Dial::default().conference(
                        Conference::new("Room 1234")
                            .start_conference_on_enter(true)
                            .end_conference_on_exit(false)
                            .muted(false)
                            .beep(ConferenceBeep::OnEnter)
                            .wait_url("")
                            .record(ConferenceRecord::RecordFromStart)
                            .region(ConferenceRegion::Ie1)
                            .status_callback_event([
                                ConferenceEvent::Start,
                                ConferenceEvent::End,
                                ConferenceEvent::Join,
                                ConferenceEvent::Leave,
                            ])
                            .max_participants(10)
                            .jitter_buffer_size(JitterBufferSize::Small)
                            .participant_label("agent"),
                    ),
                )
            }),
        ),
        (
            "dial_sip_sim_queue",
            voice(|r| {
                r.dial(
                    Dial::default()
                        .sip(
                            Sip::default()
                                .username("admin")
                                .password("p@ss\"word")
                                .url("https://example.com/sip")
                                .machine_detection(MachineDetection::Enable)
                                .uri(SipUri::new("sip:alice@example.com").priority(1).weight(2))
                                .uri(SipUri::new("sip:bob@example.com").priority(2))
                                .headers(Headers::new().header(Header::new().name("X-Custom").value("1"))),
                        )
                        .sim(Sim::new("DE8caa2afb9d5279926619c458dc7098a8"))
                        .queue(
                            Queue::new("support")
                                .url("https://example.com/about.xml")
                                .reservation_sid("WR0123456789abcdef0123456789abcdef"),
                        ),
                )
            }),
        ),
        (
            "dial_application_whatsapp",
            voice(|r| {
                r.dial(
                    Dial::default()
                        .application(
                            Application::default()
                                .customer_id("customer-1")
                                .copy_parent_to("true")
                                .application_sid(ApplicationSid::new("AP0123456789abcdef0123456789abcdef"))
                                .parameter(Parameter::new().name("Tier").value("gold")),
                        )
                        .whatsapp(
                            WhatsApp::new("+15558675310")
                                .status_callback_event([CallEvent::Initiated, CallEvent::Completed]),
                        ),
                )
            }),
        ),
        (
            "enqueue",
            voice(|r| {
                r.enqueue(
                    Enqueue::new("support")
                        .wait_url("/wait")
                        .wait_url_method(Method::Get)
                        .action("/after")
                        .max_queue_size(50),
                )
                .enqueue(
                    Enqueue::default()
                        .workflow_sid("WW0123456789abcdef0123456789abcdef")
                        .task(Task::new(r#"{"selected_language":"es"}"#).priority(5).timeout(200)),
                )
            }),
        ),
        (
            "leave_echo_reject",
            voice(|r| {
                r.leave(Leave::new())
                    .echo(Echo::new())
                    .reject(Reject::new().reason(RejectReason::Busy))
            }),
        ),
        (
            "record",
            voice(|r| {
                r.record(
                    Record::new()
                        .action("/recorded")
                        .method(Method::Post)
                        .max_length(20)
                        .finish_on_key("*")
                        .play_beep(true)
                        .transcribe(false)
                        .trim(Trim::DoNotTrim)
                        .recording_status_callback_event([RecordingEvent::Completed, RecordingEvent::Absent])
                        .attribute("recordingChannels", "dual"),
                )
            }),
        ),
        (
            "say_ssml",
            voice(|r| {
                r.say(
                    Say::default()
                        .voice("Polly.Joanna")
                        .prosody(Prosody::new("Slow and quiet.").rate("slow").volume("soft"))
                        .ssml_break(Break::new().strength(BreakStrength::XStrong).time("500ms"))
                        .emphasis(Emphasis::new("really").level(EmphasisLevel::Strong))
                        .say_as(SayAs::new("12345").interpret_as(SayAsInterpretAs::Digits))
                        .say_as(
                            SayAs::new("20261205")
                                .interpret_as(SayAsInterpretAs::Date)
                                .format(SayAsFormat::Yyyymmdd),
                        )
                        .substitute(Sub::new("W3C").alias("World Wide Web Consortium"))
                        .phoneme(Phoneme::new("pecan").alphabet(PhonemeAlphabet::Ipa).ph("pɪˈkɑːn"))
                        .lang(Lang::new("Bonjour").xml_lang("fr-FR"))
                        .paragraph(Paragraph::new("A paragraph."))
                        .sentence(Sentence::new("A sentence."))
                        .word(Word::new("read").role("amazon:VBD")),
                )
            }),
        ),
        (
            "ssml_nested",
            voice(|r| {
                r.say(
                    Say::default().prosody(
                        Prosody::default()
                            .pitch("+10%")
                            .emphasis(Emphasis::new("nested").level(EmphasisLevel::Moderate)),
                    ),
                )
            }),
        ),
        (
            "connect_stream",
            voice(|r| {
                r.connect(
                    Connect::new().action("/connect-done").stream(
                        Stream::new()
                            .url("wss://example.com/audio")
                            .name("call-audio")
                            .track(StreamTrack::BothTracks)
                            .parameter(Parameter::new().name("CallerName").value("Ann & Bob")),
                    ),
                )
            }),
        ),
        (
            "connect_conversation_relay",
            voice(|r| {
                r.connect(
                    Connect::new().conversation_relay(
                        ConversationRelay::new()
                            .url("wss://example.com/relay")
                            .welcome_greeting("Hi! How can I help?")
                            .tts_provider("ElevenLabs")
                            .voice("UgBBYS2sOqTuMpoF3BR0")
                            .dtmf_detection(true)
                            .interruptible("speech")
                            .language("en-US")
                            .language_element(
                                Language::new()
                                    .code("es-ES")
                                    .tts_provider("Google")
                                    .voice("es-ES-Neural2-B"),
                            )
                            .parameter(Parameter::new().name("customer").value("42")),
                    ),
                )
            }),
        ),
        (
            "connect_room_agent_conversation",
            voice(|r| {
                r.connect(Connect::new().room(Room::new("DailyStandup").participant_identity("alice")))
                    .connect(
                        Connect::new().virtual_agent(
                            VirtualAgent::new()
                                .connector_name("project")
                                .language("en-US")
                                .sentiment_analysis(true)
                                .config(Config::new().name("language").value("en-US")),
                        ),
                    )
                    .connect(
                        Connect::new().conversation(
                            Conversation::new()
                                .service_instance_sid("IS0123456789abcdef0123456789abcdef")
                                .inbound_timeout(30),
                        ),
                    )
            }),
        ),
        (
            "connect_sessions",
            voice(|r| {
                r.connect(
                    Connect::new().ai_session(
                        AiSession::new()
                            .ai_connector("connector-1")
                            .ai_session_configuration("config-1"),
                    ),
                )
                .connect(
                    Connect::new().conversation_relay_session(
                        ConversationRelaySession::new()
                            .connector("relay")
                            .session_configuration("cfg"),
                    ),
                )
                .connect(Connect::new().autopilot(Autopilot::new("UA0123456789abcdef0123456789abcdef")))
            }),
        ),
        (
            "start",
            voice(|r| {
                r.start(
                    Start::new()
                        .action("/started")
                        .stream(
                            Stream::new()
                                .url("wss://example.com/fork")
                                .track(StreamTrack::InboundTrack),
                        )
                        .siprec(
                            Siprec::new()
                                .name("rec")
                                .connector_name("siprec1")
                                .track(StreamTrack::BothTracks),
                        )
                        .transcription(
                            Transcription::new()
                                .status_callback_url("https://example.com/t")
                                .language_code("en-US")
                                .transcription_engine(TranscriptionEngine::Google)
                                .partial_results(true)
                                .inbound_track_label("caller")
                                .config(Config::new().name("k").value("v")),
                        )
                        .recording(
                            Recording::new()
                                .recording_status_callback("/rec")
                                .track(RecordingTrack::Both)
                                .channels(RecordingChannels::Dual)
                                .trim(Trim::TrimSilence)
                                .recording_status_callback_event([
                                    RecordingEvent::InProgress,
                                    RecordingEvent::Completed,
                                ]),
                        ),
                )
            }),
        ),
        (
            "stop",
            voice(|r| {
                r.stop(
                    Stop::new()
                        .stream(Stream::new().name("call-audio"))
                        .siprec(Siprec::new().name("rec"))
                        .transcription(Transcription::new().name("t1")),
                )
            }),
        ),
        (
            "pay",
            voice(|r| {
                r.pay(
                    Pay::new()
                        .charge_amount("10.50")
                        .currency("usd")
                        .payment_connector("Stripe_Connector")
                        .input(PayInput::Dtmf)
                        .valid_card_types([CardType::Visa, CardType::Mastercard, CardType::Amex])
                        .security_code(true)
                        .postal_code("false")
                        .timeout(10)
                        .max_attempts(2)
                        .token_type(TokenType::OneTime)
                        .description("Order #42")
                        .action("/paid")
                        .prompt(
                            Prompt::new()
                                .for_(PromptFor::PaymentCardNumber)
                                .attempt("1 2")
                                .say(Say::new("Please enter your card number.")),
                        )
                        .prompt(
                            Prompt::new()
                                .for_(PromptFor::ExpirationDate)
                                .error_type([PromptError::Timeout, PromptError::InvalidDate])
                                .card_type([CardType::Visa, CardType::Amex])
                                .play(Play::new("https://example.com/expiry.mp3"))
                                .pause(Pause::new().length(1)),
                        )
                        .parameter(Parameter::new().name("order").value("42")),
                )
            }),
        ),
        (
            "refer",
            voice(|r| {
                r.refer(
                    Refer::new()
                        .action("/referred")
                        .method(Method::Post)
                        .sip(ReferSip::new("sip:alice@example.com")),
                )
            }),
        ),
        (
            "sms_queue",
            voice(|r| {
                r.sms(
                    Sms::new("Your code is 1234")
                        .to("+15558675310")
                        .from("+15005550006")
                        .status_callback("/sms-status"),
                )
                .queue(Queue::new("support"))
            }),
        ),
        (
            "generic_child",
            voice(|r| {
                r.hangup(Hangup::new())
                    .element(Element::new("Custom").attribute("someAttr", "x").text("text"))
            }),
        ),
        (
            "whitespace",
            voice(|r| r.say(Say::new("Tabs\tand\nnew lines").voice("alice\tvoice\r\n"))),
        ),
        (
            "unicode",
            voice(|r| r.say(Say::new("Ünïcödé ☎ 日本語").language("ja-JP"))),
        ),
        ("empty_voice", VoiceResponse::new().to_xml()),
    ]
}

fn other_documents() -> Vec<(&'static str, String)> {
    vec![
        (
            "message",
            MessagingResponse::new()
                .message(Message::new("Thanks for your message!"))
                .to_xml(),
        ),
        (
            "message_media",
            MessagingResponse::new()
                .message(
                    Message::default()
                        .to("+15558675310")
                        .from("+15005550006")
                        .action("/status")
                        .method(Method::Post)
                        .body(Body::new("Here's a picture & a <caption>"))
                        .media(Media::new("https://example.com/cat.jpg"))
                        .media(Media::new("https://example.com/dog.jpg")),
                )
                .redirect(Redirect::new("https://example.com/next").method(Method::Post))
                .to_xml(),
        ),
        (
            "fax_receive",
            FaxResponse::new()
                .receive(
                    Receive::new()
                        .action("/fax-received")
                        .method(Method::Post)
                        .media_type(ReceiveMediaType::ImageTiff)
                        .page_size(ReceivePageSize::A4)
                        .store_media(false),
                )
                .to_xml(),
        ),
    ]
}

#[test]
fn every_document_is_byte_for_byte_what_twilio_python_writes() {
    let expected = vectors();
    let built: BTreeMap<&str, String> = voice_documents().into_iter().chain(other_documents()).collect();
    assert!(expected.len() >= 25, "the script prints {} documents", expected.len());
    let names: Vec<&str> = expected.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        built.keys().copied().collect::<Vec<_>>(),
        "the same documents on both sides"
    );
    for (name, xml) in &expected {
        assert_eq!(&built[name.as_str()], xml, "document `{name}`");
    }
}

#[test]
fn an_enum_value_twilio_adds_later_is_written_as_given() {
    let xml = voice(|r| r.reject(Reject::new().reason(RejectReason::Other("congested".into()))));
    assert!(
        xml.ends_with("<Response><Reject reason=\"congested\" /></Response>"),
        "{xml}"
    );
}

#[test]
fn an_attribute_set_twice_keeps_the_last_value() {
    let say = Say::new("hi").voice("alice").voice("man").attribute("voice", "woman");
    assert_eq!(say.into_element().to_xml(), "<Say voice=\"woman\">hi</Say>");
}
