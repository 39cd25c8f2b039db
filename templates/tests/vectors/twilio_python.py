"""Reference vectors from Twilio's official Python library (twilio==9.13.0 on
PyPI): access tokens and TaskRouter capability tokens signed at a fixed
clock, and TwiML documents. The runtime's tests (tests/twilio_python.rs)
build the same inputs with the Rust API and compare.

Run: python twilio_python.py > twilio_python.json (the tests also rerun it,
with twilio 9.13.0 from PyPI, and fail if the committed file differs).
Inputs are this project's; the outputs are what twilio-python produces.
"""

import json
import sys
import time

import twilio
from twilio.twiml.fax_response import FaxResponse
from twilio.twiml.messaging_response import Body, Media, Message, MessagingResponse
from twilio.twiml.voice_response import (
    Client,
    Conference,
    Connect,
    Dial,
    Gather,
    Number,
    Pay,
    Prompt,
    Queue,
    Say,
    Sip,
    Start,
    Stop,
    Stream,
    VoiceResponse,
)
from twilio.jwt.access_token import AccessToken
from twilio.jwt.access_token.grants import (
    ChatGrant,
    PlaybackGrant,
    SyncGrant,
    TaskRouterGrant,
    VideoGrant,
    VoiceGrant,
)
from twilio.jwt.taskrouter.capabilities import (
    TaskQueueCapabilityToken,
    WorkerCapabilityToken,
    WorkspaceCapabilityToken,
)

NOW = 1764900000
ACCOUNT = "AC" + "0123456789abcdef" * 2
KEY = "SK" + "fedcba9876543210" * 2
SECRET = "the-api-key-secret"
AUTH_TOKEN = "the-auth-token"
WORKSPACE = "WS" + "00112233445566778899aabbccddeeff"
WORKER = "WK" + "ffeeddccbbaa99887766554433221100"
QUEUE = "WQ" + "0f1e2d3c4b5a69788796a5b4c3d2e1f0"

time.time = lambda: NOW + 0.75  # the libraries truncate to whole seconds


def access_tokens():
    def token(**kwargs):
        grants = kwargs.pop("grants", [])
        t = AccessToken(ACCOUNT, KEY, SECRET, **kwargs)
        for g in grants:
            t.add_grant(g)
        return t.to_jwt()

    return {
        "voice": token(
            identity="alice",
            grants=[
                VoiceGrant(
                    incoming_allow=True,
                    outgoing_application_sid="AP" + "1" * 32,
                    outgoing_application_params={"agent": "bob", "tier": 2},
                    push_credential_sid="CR" + "2" * 32,
                    endpoint_id="alice-laptop",
                )
            ],
        ),
        "voice_outgoing_only": token(
            identity="bob", grants=[VoiceGrant(outgoing_application_sid="AP" + "3" * 32)]
        ),
        "video_room": token(identity="carol", grants=[VideoGrant(room="daily-standup")]),
        "video_any_room": token(identity="dave", grants=[VideoGrant()]),
        "chat": token(
            identity="erin",
            grants=[
                ChatGrant(
                    service_sid="IS" + "4" * 32,
                    endpoint_id="erin:web",
                    deployment_role_sid="RL" + "5" * 32,
                    push_credential_sid="CR" + "6" * 32,
                )
            ],
        ),
        "sync": token(
            identity="frank", grants=[SyncGrant(service_sid="IS" + "7" * 32, endpoint_id="frank:ios")]
        ),
        "taskrouter": token(
            identity="grace",
            grants=[TaskRouterGrant(workspace_sid=WORKSPACE, worker_sid=WORKER, role="worker")],
        ),
        "playback": token(
            grants=[PlaybackGrant(grant={"requestCredentials": None, "playbackUrl": "https://example.com/p", "playerStreamerSid": "VJ" + "8" * 32})]
        ),
        "all_grants_region_ttl": token(
            identity="héloïse",
            region="au1",
            ttl=600,
            grants=[VoiceGrant(incoming_allow=True), VideoGrant(), ChatGrant(service_sid="IS" + "9" * 32), SyncGrant()],
        ),
        "explicit_nbf": token(identity="ivan", nbf=NOW - 30, grants=[VideoGrant()]),
        "no_nbf": token(identity="judy", nbf=None, grants=[VideoGrant()]),
        "valid_until": token(identity="ken", valid_until=NOW + 120, grants=[VideoGrant()]),
        "no_identity_no_grants": token(),
    }


def capability_tokens():
    worker = WorkerCapabilityToken(ACCOUNT, AUTH_TOKEN, WORKSPACE, WORKER)
    worker_all = WorkerCapabilityToken(ACCOUNT, AUTH_TOKEN, WORKSPACE, WORKER, ttl=7200)
    worker_all.allow_update_activities()
    worker_all.allow_update_reservations()
    worker_all.allow_update_self()
    worker_all.allow_delete_subresources()
    queue = TaskQueueCapabilityToken(ACCOUNT, AUTH_TOKEN, WORKSPACE, QUEUE)
    queue.allow_fetch_subresources()
    workspace = WorkspaceCapabilityToken(ACCOUNT, AUTH_TOKEN, WORKSPACE)
    workspace.allow_update_subresources()
    workspace.allow_delete_self()
    return {
        "worker": worker.to_jwt(),
        "worker_everything": worker_all.to_jwt(),
        "task_queue": queue.to_jwt(),
        "workspace": workspace.to_jwt(),
    }


def twiml_documents():
    """One document per case; the Rust test builds each under the same name."""
    docs = {}

    r = VoiceResponse()
    r.say("Hello, world!")
    docs["say"] = r

    r = VoiceResponse()
    r.say("Bonjour & <bienvenue> \"chez\" nous", voice="Polly.Celine", language="fr-FR", loop=2)
    docs["say_escaped_text"] = r

    r = VoiceResponse()
    r.play("https://example.com/ding.mp3?a=1&b=2", loop=0)
    r.play(digits="wwww3")
    docs["play"] = r

    r = VoiceResponse()
    r.pause(length=3)
    r.hangup()
    docs["pause_hangup"] = r

    r = VoiceResponse()
    g = Gather(input="speech dtmf", action="/menu", method="POST", timeout=5, num_digits=1,
               speech_timeout="auto", hints="sales, support", profanity_filter=True, barge_in=False,
               action_on_empty_result=True, language="en-GB", finish_on_key="#")
    g.say("Press 1 for sales.")
    g.pause(length=1)
    g.play("https://example.com/menu.wav")
    r.append(g)
    r.redirect("/voice/fallback", method="GET")
    docs["gather"] = r

    r = VoiceResponse()
    d = Dial(caller_id="+15005550006", timeout=20, record="record-from-answer-dual",
             recording_status_callback_event="in-progress completed", answer_on_bridge=True,
             hangup_on_star=False, time_limit=600, trim="trim-silence")
    d.number("+15558675310", send_digits="wwww1928", status_callback_event="initiated ringing answered completed",
             status_callback="https://example.com/status", status_callback_method="POST",
             machine_detection="DetectMessageEnd", machine_detection_timeout=30)
    d.number("+15558675311")
    r.append(d)
    docs["dial_numbers"] = r

    r = VoiceResponse()
    r.dial("+15558675310")
    docs["dial_text"] = r

    r = VoiceResponse()
    d = Dial()
    c = Client(url="https://example.com/client", method="GET")
    c.identity("alice")
    c.parameter(name="FirstName", value="Alice")
    d.append(c)
    d.client("bob")
    r.append(d)
    docs["dial_client"] = r

    r = VoiceResponse()
    d = Dial()
    d.conference("Room 1234", start_conference_on_enter=True, end_conference_on_exit=False, muted=False,
                 beep="onEnter", wait_url="", record="record-from-start", region="ie1",
                 status_callback_event="start end join leave", max_participants=10,
                 jitter_buffer_size="small", participant_label="agent")
    r.append(d)
    docs["dial_conference"] = r

    r = VoiceResponse()
    d = Dial()
    s = Sip(username="admin", password="p@ss\"word", url="https://example.com/sip", machine_detection="Enable")
    s.uri("sip:alice@example.com", priority=1, weight=2)
    s.uri("sip:bob@example.com", priority=2)
    h = s.headers()
    h.header(name="X-Custom", value="1")
    d.append(s)
    d.sim("DE8caa2afb9d5279926619c458dc7098a8")
    d.queue("support", url="https://example.com/about.xml", reservation_sid="WR0123456789abcdef0123456789abcdef")
    r.append(d)
    docs["dial_sip_sim_queue"] = r

    r = VoiceResponse()
    d = Dial()
    a = d.application(customer_id="customer-1", copy_parent_to=True)
    a.application_sid("AP0123456789abcdef0123456789abcdef")
    a.parameter(name="Tier", value="gold")
    d.whats_app("+15558675310", status_callback_event="initiated completed")
    r.append(d)
    docs["dial_application_whatsapp"] = r

    r = VoiceResponse()
    r.enqueue("support", wait_url="/wait", wait_url_method="GET", action="/after", max_queue_size=50)
    e = r.enqueue(workflow_sid="WW0123456789abcdef0123456789abcdef")
    e.task('{"selected_language":"es"}', priority=5, timeout=200)
    docs["enqueue"] = r

    r = VoiceResponse()
    r.leave()
    r.echo()
    r.reject(reason="busy")
    docs["leave_echo_reject"] = r

    r = VoiceResponse()
    r.record(action="/recorded", method="POST", max_length=20, finish_on_key="*", play_beep=True,
             transcribe=False, trim="do-not-trim", recording_status_callback_event="completed absent",
             recording_channels="dual")
    docs["record"] = r

    r = VoiceResponse()
    s = Say(voice="Polly.Joanna")
    s.prosody("Slow and quiet.", rate="slow", volume="soft")
    s.break_(strength="x-strong", time="500ms")
    s.emphasis("really", level="strong")
    s.say_as("12345", interpret_as="digits")
    s.say_as("20261205", interpret_as="date", format="yyyymmdd")
    s.sub("W3C", alias="World Wide Web Consortium")
    s.phoneme("pecan", alphabet="ipa", ph="pɪˈkɑːn")
    s.lang("Bonjour", xml_lang="fr-FR")
    s.p("A paragraph.")
    s.s("A sentence.")
    s.w("read", role="amazon:VBD")
    r.append(s)
    docs["say_ssml"] = r

    r = VoiceResponse()
    s = Say()
    p = s.prosody(pitch="+10%")
    p.emphasis("nested", level="moderate")
    r.append(s)
    docs["ssml_nested"] = r

    r = VoiceResponse()
    c = Connect(action="/connect-done")
    st = c.stream(url="wss://example.com/audio", name="call-audio", track="both_tracks")
    st.parameter(name="CallerName", value="Ann & Bob")
    r.append(c)
    docs["connect_stream"] = r

    r = VoiceResponse()
    c = Connect()
    cr = c.conversation_relay(url="wss://example.com/relay", welcome_greeting="Hi! How can I help?",
                              tts_provider="ElevenLabs", voice="UgBBYS2sOqTuMpoF3BR0", dtmf_detection=True,
                              interruptible="speech", language="en-US")
    cr.language(code="es-ES", tts_provider="Google", voice="es-ES-Neural2-B")
    cr.parameter(name="customer", value="42")
    r.append(c)
    docs["connect_conversation_relay"] = r

    r = VoiceResponse()
    c = Connect()
    c.room("DailyStandup", participant_identity="alice")
    r.append(c)
    c = Connect()
    va = c.virtual_agent(connector_name="project", language="en-US", sentiment_analysis=True)
    va.config(name="language", value="en-US")
    r.append(c)
    c = Connect()
    c.conversation(service_instance_sid="IS0123456789abcdef0123456789abcdef", inbound_timeout=30)
    r.append(c)
    docs["connect_room_agent_conversation"] = r

    r = VoiceResponse()
    c = Connect()
    c.ai_session(ai_connector="connector-1", ai_session_configuration="config-1")
    r.append(c)
    c = Connect()
    c.conversation_relay_session(connector="relay", session_configuration="cfg")
    r.append(c)
    c = Connect()
    c.autopilot("UA0123456789abcdef0123456789abcdef")
    r.append(c)
    docs["connect_sessions"] = r

    r = VoiceResponse()
    s = Start(action="/started")
    s.stream(url="wss://example.com/fork", track="inbound_track")
    s.siprec(name="rec", connector_name="siprec1", track="both_tracks")
    t = s.transcription(status_callback_url="https://example.com/t", language_code="en-US",
                        transcription_engine="google", partial_results=True, inbound_track_label="caller")
    t.config(name="k", value="v")
    s.recording(recording_status_callback="/rec", track="both", channels="dual", trim="trim-silence",
                recording_status_callback_event="in-progress completed")
    r.append(s)
    docs["start"] = r

    r = VoiceResponse()
    s = Stop()
    s.stream(name="call-audio")
    s.siprec(name="rec")
    s.transcription(name="t1")
    r.append(s)
    docs["stop"] = r

    r = VoiceResponse()
    p = Pay(charge_amount="10.50", currency="usd", payment_connector="Stripe_Connector", input="dtmf",
            valid_card_types="visa mastercard amex", security_code=True, postal_code="false", timeout=10,
            max_attempts=2, token_type="one-time", description="Order #42", action="/paid")
    pr = Prompt(for_="payment-card-number", attempt="1 2")
    pr.say("Please enter your card number.")
    p.append(pr)
    pr = Prompt(for_="expiration-date", error_type="timeout invalid-date", card_type="visa amex")
    pr.play("https://example.com/expiry.mp3")
    pr.pause(length=1)
    p.append(pr)
    p.parameter(name="order", value="42")
    r.append(p)
    docs["pay"] = r

    r = VoiceResponse()
    rf = r.refer(action="/referred", method="POST")
    rf.sip("sip:alice@example.com")
    docs["refer"] = r

    r = VoiceResponse()
    r.sms("Your code is 1234", to="+15558675310", from_="+15005550006", status_callback="/sms-status")
    r.queue("support")
    docs["sms_queue"] = r

    r = VoiceResponse()
    r.hangup()
    r.add_child("Custom", "text", some_attr="x")
    docs["generic_child"] = r

    r = VoiceResponse()
    r.say("Tabs\tand\nnew lines", voice="alice\tvoice\r\n")
    docs["whitespace"] = r

    r = VoiceResponse()
    r.say("Ünïcödé ☎ 日本語", language="ja-JP")
    docs["unicode"] = r

    r = VoiceResponse()
    docs["empty_voice"] = r

    r = MessagingResponse()
    r.message("Thanks for your message!")
    docs["message"] = r

    r = MessagingResponse()
    m = Message(to="+15558675310", from_="+15005550006", action="/status", method="POST")
    m.body("Here's a picture & a <caption>")
    m.media("https://example.com/cat.jpg")
    m.media("https://example.com/dog.jpg")
    r.append(m)
    r.redirect("https://example.com/next", method="POST")
    docs["message_media"] = r

    r = FaxResponse()
    r.receive(action="/fax-received", method="POST", media_type="image/tiff", page_size="a4", store_media=False)
    docs["fax_receive"] = r

    return {name: str(doc) for name, doc in docs.items()}


def main():
    vectors = {
        "twilio_python": twilio.__version__,
        "now": NOW,
        "access_tokens": access_tokens(),
        "capability_tokens": capability_tokens(),
        "twiml": twiml_documents(),
    }
    json.dump(vectors, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
