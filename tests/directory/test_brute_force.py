"""Brute-force protection of password sign-ins (services/directory/throttle.py).

Failures are counted per account and per client address, atomically in the database; growing
delays, then a lock-out; a locked account, an unknown user and a wrong password look exactly
alike; an admin's `:unlock` is the way back. These suites run with their own settings so that
their failures do not lock the shared suite's 127.0.0.1.
"""

from __future__ import annotations

import datetime
import json
import time

import grpc
import pytest

from prism.directory.v1 import directory_pb2 as pb
from prism.directory.v1 import directory_pb2_grpc
from tests.support.cli import prism_cli
from tests.support.databases import database_url
from tests.support.directory import OrgAdmin, api, create_org, internal_metadata
from tests.support.suite import start_suite

LOGIN = "/api/v1/auth/login"
FIRST_DELAY = 3  # seconds: the guarded suite's PRISM_SIGNIN_FIRST_DELAY_SECONDS


@pytest.fixture(scope="module")
def guarded(backend, tmp_path_factory):
    """A suite whose per-address limit is out of the way, so that only per-account counting shows.

    Its first delay is 3 s rather than 1 s, so that a test reads a delay's lock before it ends even on a
    loaded machine."""
    directory = tmp_path_factory.mktemp(f"brute-force-{backend}")
    with database_url(backend, directory) as url:
        env = {"PRISM_SIGNIN_MAX_FAILURES_PER_ADDRESS": "1000000", "PRISM_SIGNIN_FIRST_DELAY_SECONDS": str(FIRST_DELAY)}
        running = start_suite(directory, database_url=url, extra_env=env)
        yield running
        running.stop()


def _login(suite, org: str, username: str, password: str):
    return api(suite, "POST", LOGIN, json={"org": org, "username": username, "password": password})


def _create_user(suite, admin: OrgAdmin, username: str, password: str) -> str:
    body = {"username": username, "password": password}
    created = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/users", admin, json=body)
    assert created.status_code == 201, created.text
    return created.json()["user"]["user_id"]


def _user(suite, admin: OrgAdmin, user_id: str) -> dict:
    answer = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{user_id}", admin)
    assert answer.status_code == 200, answer.text
    return answer.json()["user"]


def _micros(stamp: str) -> int:
    moment = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return int(moment.timestamp() * 1_000_000)


def _same_refusal(*answers) -> None:
    """Every answer is the one refusal: same status, same headers that matter, same body byte for byte."""
    for answer in answers:
        assert answer.status_code == 401, answer.text
        assert answer.json() == {
            "error": {
                "code": 401,
                "status": "UNAUTHENTICATED",
                "reason": "BAD_CREDENTIALS",
                "message": "invalid organization, username or password",
            }
        }
    assert len({a.content for a in answers}) == 1
    assert len({a.headers["www-authenticate"] for a in answers}) == 1
    assert len({a.headers["content-type"] for a in answers}) == 1


def test_fifty_concurrent_wrong_passwords_are_all_counted_and_lock_the_account(guarded):
    suite = guarded
    admin = create_org(suite, "Brute")
    victim = _create_user(suite, admin, "victim", "victim-password")

    # straight to the directory, which counts: 50 argon2 checks can outlast the token service's deadline
    # on a busy machine, and a guess cut short by it is counted all the same
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        metadata = internal_metadata(suite, "token")
        guesses = [
            stub.VerifyPassword.future(
                pb.VerifyPasswordRequest(
                    organization=admin.slug, username="victim", password=f"guess-{i}", client_address="203.0.113.9"
                ),
                metadata=metadata,
                timeout=300,
            )
            for i in range(50)
        ]
        for guess in guesses:
            assert guess.exception().code() == grpc.StatusCode.UNAUTHENTICATED
        assert {g.exception().details() for g in guesses} == {"invalid organization, username or password"}

    seen = _user(suite, admin, victim)
    assert seen["failed_sign_ins"] == 50  # counted atomically: not one lost to a race
    locked_until = _micros(seen["locked_until"])
    lockout = 900 * 1_000_000  # PRISM_SIGNIN_LOCKOUT_SECONDS' default
    assert time.time() * 1_000_000 + lockout - 60_000_000 < locked_until <= time.time() * 1_000_000 + lockout

    # locked: the right password is refused exactly like an unknown user and a wrong password
    locked = _login(suite, admin.slug, "victim", "victim-password")
    unknown = _login(suite, admin.slug, "nobody-at-all", "victim-password")
    wrong = _login(suite, admin.slug, admin.username, "not-the-password")
    _same_refusal(locked, unknown, wrong)
    assert _user(suite, admin, victim)["failed_sign_ins"] == 51  # refused attempts count too

    records = [
        r
        for r in suite.log_records()
        if r.get("logger") == "prism.directory.throttle" and r.get("organization") == admin.slug
    ]
    assert [r["key"] for r in records] == [f"user:{admin.slug}:victim"]  # once, when the lock-out started
    assert "victim-password" not in suite.logs() and "guess-7" not in suite.logs()

    unlocked = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/users/{victim}:unlock", admin, json={})
    assert unlocked.status_code == 200, unlocked.text
    assert unlocked.json()["user"]["username"] == "victim"
    seen = _user(suite, admin, victim)
    assert seen["failed_sign_ins"] == 0 and "locked_until" not in seen
    assert _login(suite, admin.slug, "victim", "victim-password").status_code == 200
    events = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin).json()["audit_events"]
    unlock_events = [e for e in events if e["action"] == "directory.user.unlocked"]
    assert len(unlock_events) == 1 and unlock_events[0]["actor"] == admin.user_id


def test_delays_grow_after_the_free_failures(guarded):
    suite = guarded
    admin = create_org(suite, "Slow")
    user_id = _create_user(suite, admin, "slow", "slow-password")
    for _ in range(3):  # PRISM_SIGNIN_FREE_FAILURES' default: these cost nothing
        _same_refusal(_login(suite, admin.slug, "slow", "wrong-password"))
    seen = _user(suite, admin, user_id)
    assert seen["failed_sign_ins"] == 3 and "locked_until" not in seen

    # each further failure locks for twice as long as the one before, from its own moment:
    # FIRST_DELAY after the 4th, twice that after the 5th (counted whether it came during the delay or after)
    second = 1_000_000
    _same_refusal(_login(suite, admin.slug, "Slow", "wrong-password"))  # names count case-insensitively
    fourth = _micros(_user(suite, admin, user_id)["locked_until"])
    _same_refusal(_login(suite, admin.slug, "slow", "wrong-password"))
    fifth = _micros(_user(suite, admin, user_id)["locked_until"])
    assert fifth - fourth >= FIRST_DELAY * second
    # during the delay the right password is refused like any wrong one (and counted: 4 × FIRST_DELAY now)
    _same_refusal(_login(suite, admin.slug, "slow", "slow-password"))
    seen = _user(suite, admin, user_id)
    assert seen["failed_sign_ins"] == 6
    sixth = _micros(seen["locked_until"])
    assert sixth - fifth >= 2 * FIRST_DELAY * second
    assert sixth <= time.time() * second + 4 * FIRST_DELAY * second

    time.sleep(max(0.0, sixth / 1_000_000 - time.time()) + 0.05)
    assert _login(suite, admin.slug, "slow", "slow-password").status_code == 200
    seen = _user(suite, admin, user_id)
    assert seen["failed_sign_ins"] == 0 and "locked_until" not in seen  # a success forgets the failures


def test_disabled_and_unknown_users_are_refused_alike(guarded):
    suite = guarded
    admin = create_org(suite, "Alike")
    user_id = _create_user(suite, admin, "quiet", "quiet-password")
    path = f"/api/v1/organizations/{admin.slug}/users/{user_id}"
    disabled = api(suite, "PATCH", path, admin, params={"update_mask": "disabled"}, json={"disabled": True})
    assert disabled.status_code == 200 and disabled.json()["user"]["disabled"] is True
    _same_refusal(
        _login(suite, admin.slug, "quiet", "quiet-password"),
        _login(suite, admin.slug, "quiet", "wrong-password"),
        _login(suite, admin.slug, "nobody", "quiet-password"),
        _login(suite, "no-such-organization", "quiet", "quiet-password"),
    )
    enabled = api(suite, "PATCH", path, admin, params={"update_mask": "disabled"}, json={"disabled": False})
    assert enabled.status_code == 200 and enabled.json()["user"]["disabled"] is False
    assert _login(suite, admin.slug, "quiet", "quiet-password").status_code == 200


def test_one_address_trying_many_names_is_locked_out(start_prism):
    suite = start_prism(extra_env={"PRISM_SIGNIN_MAX_FAILURES_PER_ADDRESS": "5"})
    admin = create_org(suite, "Spray")
    _create_user(suite, admin, "bob", "bob-password")
    sprayed = [_login(suite, admin.slug, f"user{i}", "password1") for i in range(5)]
    _same_refusal(*sprayed)
    # every account is fine, but this address is locked out: even bob's right password is refused
    _same_refusal(_login(suite, admin.slug, "bob", "bob-password"), *sprayed)
    records = [r for r in suite.log_records() if r.get("logger") == "prism.directory.throttle"]
    assert [r["key"] for r in records] == ["address:127.0.0.1"]

    # the directory's own view (the token service passes the address on): another address still signs in
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        metadata = internal_metadata(suite, "token")

        def verify(address: str):
            request = pb.VerifyPasswordRequest(
                organization=admin.slug, username="bob", password="bob-password", client_address=address
            )
            return stub.VerifyPassword(request, metadata=metadata, timeout=10)

        with pytest.raises(grpc.RpcError) as refused:
            verify("127.0.0.1")
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert refused.value.details() == "invalid organization, username or password"
        assert verify("192.0.2.7").user.username == "bob"


def test_cli_shows_and_lifts_a_lock_out(guarded, tmp_path):
    suite = guarded
    admin = create_org(suite, "Cli Lock")
    user_id = _create_user(suite, admin, "carol", "carol-password")
    for i in range(10):  # PRISM_SIGNIN_MAX_FAILURES_PER_ACCOUNT's default
        _login(suite, admin.slug, "carol", f"guess-{i}")
    _same_refusal(_login(suite, admin.slug, "carol", "carol-password"))

    logged_in = prism_cli(
        suite, tmp_path, "auth", "login", "--org", admin.slug, "--username", "admin", "--password", admin.password
    )
    assert logged_in.returncode == 0, logged_in.stderr
    shown = prism_cli(suite, tmp_path, "--output", "json", "users", "get", "carol")
    assert shown.returncode == 0, shown.stderr
    user = json.loads(shown.stdout)
    assert user["user_id"] == user_id and user["failed_sign_ins"] == 11 and user["locked_until"]

    unlocked = prism_cli(suite, tmp_path, "users", "unlock", "carol")  # by username
    assert unlocked.returncode == 0, unlocked.stderr
    assert unlocked.stdout == "unlocked carol\n"
    assert _login(suite, admin.slug, "carol", "carol-password").status_code == 200
    again = prism_cli(suite, tmp_path, "--output", "json", "users", "unlock", user_id)  # by id
    assert again.returncode == 0 and json.loads(again.stdout)["failed_sign_ins"] == 0
    unknown = prism_cli(suite, tmp_path, "users", "unlock", "nobody")
    assert unknown.returncode == 1
    assert unknown.stderr == f"error: no user with id or username 'nobody' in {admin.slug}\n"
