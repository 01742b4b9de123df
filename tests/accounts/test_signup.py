"""Local sign-up with email verification, and spec 001's DISABLE_LOCAL_SIGNUP / DISABLE_LOCAL_SIGNIN.

Without PRISM_SMTP_URL (the shared suite) the verification link is written to the directory's log;
with it, a real SMTP server on 127.0.0.1 receives the message. Either way the test follows the link.
"""

from __future__ import annotations

import uuid

import grpc
import httpx
from sqlalchemy import create_engine, update

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime import clock
from prism.runtime.database import sync_url
from services.directory.tables import email_verifications
from tests.support.directory import api, create_org, internal_metadata, login
from tests.support.html import Elements
from tests.support.mail import Inbox, link_in, logged_email, token_of

PASSWORD = "correct horse battery"
NO_SMTP = "no SMTP server configured (PRISM_SMTP_URL)"


def _email() -> str:
    return f"ada-{uuid.uuid4().hex[:8]}@example.com"


def _sign_up(suite, org: str, **overrides) -> httpx.Response:
    body = {"org": org, "username": "ada", "email": _email(), "password": PASSWORD, "display_name": "Ada Lovelace"}
    body.update(overrides)
    return api(suite, "POST", "/api/v1/auth/signup", json=body)


def _error(response: httpx.Response) -> dict:
    return response.json()["error"]


def directory_database(suite):
    """The directory's own database, for the one thing a test cannot wait for: time passing."""
    url = suite.env.get("PRISM_DATABASE_URL") or f"sqlite:///{suite.data_dir / 'directory.sqlite3'}"
    return create_engine(sync_url(url))


def test_sign_up_then_verify_the_logged_link(suite):
    admin = create_org(suite, "Signup")
    email = _email()
    response = _sign_up(suite, admin.slug, email=email)
    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert user["name"] == f"organizations/{admin.slug}/users/{user['user_id']}"
    assert (user["username"], user["email"], user["display_name"]) == ("ada", email, "Ada Lovelace")
    assert user["role"] == "user" and user["email_verified"] is False
    assert "password" not in user  # input only

    record = logged_email(suite, email)
    assert record["level"] == "warning" and record["component"] == "directory"
    assert record["message"].startswith(NO_SMTP)
    assert f"To: {email}" in record["message"]
    link = link_in(record["message"])
    assert link.startswith(f"{suite.base_url}/verify-email?token=")
    assert len(token_of(link)) >= 43  # 256 random bits

    token = login(suite, admin.slug, "ada", PASSWORD)  # signing in does not wait for the verification
    got = api(suite, "GET", f"/api/v1/{user['name']}", token)
    assert got.status_code == 200 and got.json()["user"]["email_verified"] is False

    verified = api(suite, "POST", "/api/v1/auth/verify-email", json={"token": token_of(link)})
    assert verified.status_code == 200, verified.text
    assert verified.json()["user"]["user_id"] == user["user_id"]
    assert verified.json()["user"]["email_verified"] is True
    seen_by_admin = api(suite, "GET", f"/api/v1/{user['name']}", admin).json()["user"]
    assert seen_by_admin["email_verified"] is True and seen_by_admin["email"] == email

    again = api(suite, "POST", "/api/v1/auth/verify-email", json={"token": token_of(link)})
    assert again.status_code == 404
    assert _error(again)["reason"] == "VERIFICATION_LINK_INVALID"
    assert "already used" in _error(again)["message"]

    events = api(
        suite,
        "GET",
        f"/api/v1/organizations/{admin.slug}/auditEvents",
        admin,
        params={"action_prefix": "directory.user"},
    ).json()["audit_events"]
    mine = {e["action"]: e for e in events if e["target"] == user["name"]}
    assert set(mine) == {"directory.user.signed_up", "directory.user.email_verified"}
    assert {e["actor"] for e in mine.values()} == {user["user_id"]}
    assert mine["directory.user.signed_up"]["details"] == {"username": "ada", "role": "user"}


def test_sign_up_rules(suite):
    admin = create_org(suite, "Rules")
    assert _sign_up(suite, admin.slug).status_code == 200

    taken = _sign_up(suite, admin.slug)
    assert taken.status_code == 409
    assert _error(taken)["field"] == "username" and "is taken" in _error(taken)["message"]
    admin_name = _sign_up(suite, admin.slug, username="admin")  # the organization's first admin has it
    assert admin_name.status_code == 409

    for overrides, field in (
        ({"username": ""}, "username"),
        ({"username": "no spaces"}, "username"),
        ({"email": ""}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"email": "two@@example.com"}, "email"),
        ({"email": "a@b.example\r\nBcc: x@evil.example"}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "x" * 1025}, "password"),
        ({"display_name": "n" * 201}, "display_name"),
    ):
        refused = _sign_up(suite, admin.slug, **{"username": f"u-{uuid.uuid4().hex[:6]}", **overrides})
        assert refused.status_code == 400, (overrides, refused.text)
        assert _error(refused)["field"] == field, overrides

    for org in ("no-such-org", "Not A Slug", ""):
        unknown = _sign_up(suite, org)
        assert unknown.status_code in (400, 404), unknown.text
        if org == "no-such-org":
            assert unknown.status_code == 404
            assert _error(unknown)["message"] == "organization 'no-such-org' does not exist"

    # the role of a sign-up is always `user`: the request has no field to ask for more
    sneaky = _sign_up(suite, admin.slug, username="mallory", role="admin")
    assert sneaky.status_code == 400


def test_an_expired_verification_link_is_refused(suite):
    admin = create_org(suite, "Expiry")
    email = _email()
    user = _sign_up(suite, admin.slug, email=email).json()["user"]
    token = token_of(link_in(logged_email(suite, email)["message"]))
    with directory_database(suite).begin() as connection:
        connection.execute(
            update(email_verifications)
            .where(email_verifications.c.user_id == user["user_id"])
            .values(expires_at=clock.now_micros() - 1)
        )
    refused = api(suite, "POST", "/api/v1/auth/verify-email", json={"token": token})
    assert refused.status_code == 400
    assert _error(refused)["reason"] == "VERIFICATION_LINK_EXPIRED"
    assert "has expired" in _error(refused)["message"]
    assert api(suite, "GET", f"/api/v1/{user['name']}", admin).json()["user"]["email_verified"] is False

    missing = api(suite, "POST", "/api/v1/auth/verify-email", json={"token": ""})
    assert missing.status_code == 400 and _error(missing)["field"] == "token"
    forged = api(suite, "POST", "/api/v1/auth/verify-email", json={"token": "A" * 43})
    assert forged.status_code == 404 and _error(forged)["reason"] == "VERIFICATION_LINK_INVALID"


def test_sign_up_through_a_real_smtp_server(start_prism):
    with Inbox() as inbox:
        suite = start_prism(extra_env={"PRISM_SMTP_URL": inbox.url, "PRISM_SMTP_FROM": "Prism <id@example.test>"})
        admin = create_org(suite, "Mail")
        email = _email()
        user = _sign_up(suite, admin.slug, email=email).json()["user"]

        message = inbox.wait_for(email)
        organization = api(suite, "GET", f"/api/v1/organizations/{admin.slug}", admin).json()["organization"]
        assert message["To"] == email and message["From"] == "Prism <id@example.test>"
        assert message["Subject"] == f"Confirm your email address for {organization['display_name']}"
        assert message["Message-ID"] and message["Date"]
        link = link_in(message.get_content())
        assert link.startswith(f"{suite.base_url}/verify-email?token=")

        # follow the link as a person does: the page (GET changes nothing), then its button
        with httpx.Client(timeout=20) as browser:
            shown = browser.get(link)
            assert shown.status_code == 200 and "Confirm my email address" in shown.text
            assert api(suite, "GET", f"/api/v1/{user['name']}", admin).json()["user"]["email_verified"] is False
            page = Elements(shown.text)
            form = {"csrf": page.hidden("csrf"), "token": page.hidden("token")}
            confirmed = browser.post(f"{suite.base_url}/verify-email", data=form)
        assert confirmed.status_code == 200, confirmed.text
        assert "Email address confirmed" in confirmed.text and email in confirmed.text
        assert api(suite, "GET", f"/api/v1/{user['name']}", admin).json()["user"]["email_verified"] is True
        assert NO_SMTP not in suite.logs()


def test_an_unreachable_smtp_server_does_not_fail_sign_up(start_prism):
    closed = f"smtp://127.0.0.1:{_closed_port()}"
    suite = start_prism(extra_env={"PRISM_SMTP_URL": closed})
    admin = create_org(suite, "Nomail")
    email = _email()
    response = _sign_up(suite, admin.slug, email=email)
    assert response.status_code == 200, response.text

    def failure() -> list[dict]:
        return [
            r
            for r in suite.log_records()
            if r.get("logger") == "prism.mail" and r.get("level") == "error" and email in r.get("message", "")
        ]

    suite.wait_until(lambda: failure(), timeout=30, what="the logged delivery failure")
    assert "could not send an email" in failure()[0]["message"]


def _closed_port() -> int:
    from tests.support.suite import free_port

    return free_port()  # nothing listens there once the probe socket is closed


# -- spec 001: DISABLE_LOCAL_SIGNUP and DISABLE_LOCAL_SIGNIN -----------------------------------


def test_disable_local_signup(start_prism):
    suite = start_prism(extra_env={"DISABLE_LOCAL_SIGNUP": "true"})
    admin = create_org(suite, "Closed")  # existing local users still sign in (create_org does)

    refused = _sign_up(suite, admin.slug)
    assert refused.status_code == 403
    assert _error(refused)["reason"] == "LOCAL_SIGNUP_DISABLED"
    assert _error(refused)["message"] == "local sign-up is disabled on this server (DISABLE_LOCAL_SIGNUP)"

    page = httpx.get(f"{suite.base_url}/signup?org={admin.slug}", timeout=20)
    assert page.status_code == 403
    assert "disabled on this server" in page.text
    assert 'id="signup-form"' not in page.text and 'name="password"' not in page.text

    # invitations: a new local account is refused; an existing account can still accept
    team = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/teams", admin, json={"team_id": "ops"})
    assert team.status_code == 201, team.text
    created = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/invitations",
        admin,
        json={"email": _email(), "team": "ops", "team_role": "owner"},
    )
    assert created.status_code == 201, created.text
    token = token_of(created.json()["url"])
    invitation_page = httpx.get(created.json()["url"], timeout=20)
    assert invitation_page.status_code == 200
    assert 'id="create-account-form"' not in invitation_page.text
    assert 'id="existing-account-form"' in invitation_page.text

    accept = {"token": token, "username": "newbie", "password": PASSWORD}
    no_account = api(suite, "POST", "/api/v1/auth/invitations:accept", json={**accept, "create_account": True})
    assert no_account.status_code == 403 and _error(no_account)["reason"] == "LOCAL_SIGNUP_DISABLED"
    existing = {"token": token, "username": admin.username, "password": admin.password, "create_account": False}
    joined = api(suite, "POST", "/api/v1/auth/invitations:accept", json=existing)
    assert joined.status_code == 200, joined.text
    assert joined.json()["user"]["user_id"] == admin.user_id
    members = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/teams/ops/members", admin).json()["members"]
    assert [(m["user_id"], m["role"]) for m in members] == [(admin.user_id, "owner")]
    assert login(suite, admin.slug, admin.username, admin.password)


def test_disable_local_signin_refuses_accepting_with_a_password(start_prism):
    suite = start_prism(extra_env={"DISABLE_LOCAL_SIGNIN": "true"})
    created = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        timeout=20,
        json={"organization": {"display_name": "Sso Only"}, "admin_username": "admin", "admin_password": PASSWORD},
    )
    assert created.status_code == 201, created.text
    # nobody can sign in with a password here, so the invitation comes from inside (as the CLI of an
    # operator with the internal secret would)
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        invitation = directory_pb2_grpc.DirectoryServiceStub(channel).CreateInvitation(
            directory_pb2.CreateInvitationRequest(
                parent="organizations/sso-only", invitation=directory_pb2.Invitation(email=_email())
            ),
            metadata=internal_metadata(suite),
            timeout=20,
        )
    token = token_of(invitation.url)
    page = httpx.get(invitation.url, timeout=20)
    assert page.status_code == 200
    assert 'id="existing-account-form"' not in page.text and 'id="create-account-form"' in page.text

    existing = {"token": token, "username": "admin", "password": PASSWORD, "create_account": False}
    refused = api(suite, "POST", "/api/v1/auth/invitations:accept", json=existing)
    assert refused.status_code == 403
    assert _error(refused)["reason"] == "LOCAL_SIGNIN_DISABLED"
    assert "DISABLE_LOCAL_SIGNIN" in _error(refused)["message"]
    lookup = api(suite, "POST", "/api/v1/auth/invitations:lookup", json={"token": token})
    assert lookup.status_code == 200 and lookup.json()["invitation"]["state"] == "PENDING"  # still usable
