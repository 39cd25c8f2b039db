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


def main():
    vectors = {
        "twilio_python": twilio.__version__,
        "now": NOW,
        "access_tokens": access_tokens(),
        "capability_tokens": capability_tokens(),
    }
    json.dump(vectors, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
