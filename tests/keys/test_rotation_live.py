"""Rotation across real processes, on short real-time settings."""

from __future__ import annotations

import subprocess
import sys
import time

import grpc
import httpx
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, InvalidKeyIdError
from joserfc.jwk import KeySet
from joserfc.jwt import JWTClaimsRegistry

from prism.token.v1 import token_pb2, token_pb2_grpc
from tests.support.directory import create_org, internal_metadata, login
from tests.support.keys import jwks, jwks_kids
from tests.support.suite import free_port

FAST = {
    "PRISM_KEYS_PUBLISH_MARGIN_SECONDS": "3",
    "ACCESS_TOKENS_MAX_AGE": "10",  # well past the margin: the old key's last tokens outlive the switch
    "PRISM_KEYS_REMOVAL_GRACE_SECONDS": "0",
    "PRISM_KEYS_SCHEDULER_INTERVAL_SECONDS": "0.2",
}


def _mint(suite, slug: str) -> token_pb2.MintAccessTokenResponse:
    with grpc.insecure_channel(suite.addresses["token"]) as channel:
        return token_pb2_grpc.TokenServiceStub(channel).MintAccessToken(
            token_pb2.MintAccessTokenRequest(organization=slug, subject="svc-1"),
            metadata=internal_metadata(suite),
            timeout=10,
        )


def _verify(token: str, key_set: dict) -> None:
    decoded = jwt.decode(token, KeySet.import_key_set(key_set), algorithms=["RS256"])
    JWTClaimsRegistry(leeway=0).validate(decoded.claims)


def test_publish_before_sign_and_removal_after_expiry(start_prism):
    suite = start_prism(extra_env=FAST)
    admin = create_org(suite)
    slug = admin.slug
    old = _mint(suite, slug)
    rotated_at = time.monotonic()  # before the request: the service rotates somewhere within it
    rotated = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{slug}/keys:rotate", json={}, headers=admin.headers, timeout=10
    )
    assert rotated.status_code == 200, rotated.text
    new_kid = rotated.json()["key"]["kid"]

    # well within the margin the gateway publishes the new key, while the token service still signs with the old one
    suite.wait_until(lambda: new_kid in jwks_kids(suite, slug), timeout=2, what="the new key in the JWKS")
    assert _mint(suite, slug).kid == old.kid
    _verify(old.access_token, jwks(suite, slug))
    # once the margin has passed, the token service signs with the new key (following within a second)
    suite.wait_until(lambda: _mint(suite, slug).kid == new_kid, timeout=5, what="signing with the new key")
    assert time.monotonic() - rotated_at >= 3 - 0.05
    # the token signed before the rotation keeps verifying against the published set until it expires
    _verify(old.access_token, jwks(suite, slug))
    # the old key leaves the set once every token it signed has expired
    suite.wait_until(lambda: old.kid not in jwks_kids(suite, slug), timeout=20, what="removal of the retired key")
    try:
        _verify(old.access_token, jwks(suite, slug))
        raise AssertionError("a token of a removed key still verified")
    except (InvalidKeyIdError, ExpiredTokenError):
        pass
    actions = [
        e["action"]
        for e in httpx.get(
            f"{suite.base_url}/api/v1/organizations/{slug}/auditEvents",
            params={"action_prefix": "keys."},
            # the admin's first token expired with the short ACCESS_TOKENS_MAX_AGE: a fresh login
            headers={"authorization": f"Bearer {login(suite, slug, admin.username, admin.password)}"},
            timeout=10,
        ).json()["audit_events"]
    ]
    for action in ("keys.key.rotated", "keys.key.activated", "keys.key.retired", "keys.key.removed"):
        assert action in actions


def test_two_keys_replicas_make_one_scheduled_rotation(start_prism):
    # a key signs for 8.64 s; its successor is published 3 s (the margin) before that
    env = {**FAST, "ACCESS_TOKENS_MAX_AGE": "60", "JWKS_ROTATION_DAYS": "0.0001"}
    suite = start_prism(extra_env=env)
    replica_address = f"127.0.0.1:{free_port()}"
    replica = subprocess.Popen(
        [sys.executable, "-m", "prism", "serve", "keys"],
        env={**suite.env, **env, "PRISM_LISTEN_ADDRESS": replica_address},
        stderr=subprocess.PIPE,
    )
    try:
        admin = create_org(suite)
        slug = admin.slug
        first = jwks_kids(suite, slug)
        created = time.monotonic()
        suite.wait_until(lambda: len(jwks_kids(suite, slug)) == 2, timeout=12, what="the scheduled successor")
        # observe until just before the successor's own successor would be due (8.64 s later)
        while time.monotonic() - created < 9.0:
            time.sleep(0.2)
        kids = jwks_kids(suite, slug)
        assert len(kids) == 2 and first[0] in kids
        events = httpx.get(
            f"{suite.base_url}/api/v1/organizations/{slug}/auditEvents",
            params={"action_prefix": "keys.key.rotated"},
            headers=admin.headers,
            timeout=10,
        ).json()["audit_events"]
        assert [e["details"]["reason"] for e in events] == ["scheduled"]
        assert replica.poll() is None  # the second replica was running (and scheduling) throughout
    finally:
        replica.terminate()
        _, stderr = replica.communicate(timeout=30)
    assert b"Traceback" not in stderr, stderr.decode()
