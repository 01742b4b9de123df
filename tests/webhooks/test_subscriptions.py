"""Who may subscribe to what: tenant isolation, user webhooks, validation and the SSRF rules."""

from __future__ import annotations

import time

import pytest

from prism.runtime.errors import InvalidArgument
from services.webhooks.receivers import validate_url
from tests.support.directory import api, create_org, login
from tests.support.oidc import add_user
from tests.webhooks.helpers import create_webhook


def test_an_organizations_webhook_never_gets_another_organizations_events(webhooks_suite, receiver):
    suite = webhooks_suite
    org_a, org_b = create_org(suite, "Alpha"), create_org(suite, "Beta")
    hook = create_webhook(suite, org_a, f"organizations/{org_a.slug}", receiver.url, ["gateway.login.succeeded"])
    name = hook["webhook"]["name"]
    user_b, password_b, _ = add_user(suite, org_b)
    user_a, password_a, id_a = add_user(suite, org_a)
    login(suite, org_b.slug, user_b, password_b)
    login(suite, org_a.slug, user_a, password_a)

    receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), what="org A's login")
    time.sleep(1.0)  # org B's login happened first; give it every chance to arrive wrongly
    assert {r.json["organization"] for r in receiver.delivered()} == {org_a.slug}
    assert [r.json["actor"] for r in receiver.delivered()] == [id_a]

    # org B's admin cannot see, change, list or subscribe in org A (the same refusal for any name)
    for method, path, body in (
        ("GET", f"/api/v1/{name}", None),
        ("PATCH", f"/api/v1/{name}?update_mask=active", {"active": False}),
        ("DELETE", f"/api/v1/{name}", None),
        ("GET", f"/api/v1/{name}/deliveries", None),
        ("GET", f"/api/v1/organizations/{org_a.slug}/webhooks", None),
        ("POST", f"/api/v1/organizations/{org_a.slug}/webhooks", {"url": receiver.url, "event_types": ["*"]}),
    ):
        response = api(suite, method, path, org_b, json=body)
        assert response.status_code == 403, (method, path, response.text)
    # and org B's own list is empty
    listed = api(suite, "GET", f"/api/v1/organizations/{org_b.slug}/webhooks", org_b)
    assert listed.status_code == 200 and listed.json().get("webhooks", []) == []


def test_a_users_webhook_gets_only_that_users_events(webhooks_suite, receiver):
    suite = webhooks_suite
    admin = create_org(suite)
    alice, alice_pw, alice_id = add_user(suite, admin)
    bob, bob_pw, bob_id = add_user(suite, admin)
    alice_token = login(suite, admin.slug, alice, alice_pw)
    parent = f"organizations/{admin.slug}/users/{alice_id}"
    hook = create_webhook(suite, alice_token, parent, receiver.url, ["gateway.login.*"])
    assert hook["webhook"]["name"].startswith(f"{parent}/webhooks/")

    login(suite, admin.slug, bob, bob_pw)
    login(suite, admin.slug, alice, alice_pw)
    receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), what="alice's login")
    time.sleep(1.0)
    assert {r.json["actor"] for r in receiver.delivered()} == {alice_id}

    # only alice manages alice's webhooks: not bob, not even an admin (only_self)
    bob_token = login(suite, admin.slug, bob, bob_pw)
    for who in (bob_token, admin):
        assert api(suite, "GET", f"/api/v1/{parent}/webhooks", who).status_code == 403
        assert api(suite, "GET", f"/api/v1/{hook['webhook']['name']}", who).status_code == 403
    # a user cannot make an organization webhook (admins only)
    refused = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/webhooks",
        alice_token,
        json={"url": receiver.url, "event_types": ["*"]},
    )
    assert refused.status_code == 403
    mine = api(suite, "GET", f"/api/v1/{parent}/webhooks", alice_token)
    assert [w["name"] for w in mine.json()["webhooks"]] == [hook["webhook"]["name"]]


def test_private_addresses_and_bad_input_are_refused_clearly(webhooks_suite):
    suite = webhooks_suite
    admin = create_org(suite)
    path = f"/api/v1/organizations/{admin.slug}/webhooks"
    cases = [
        ({"url": "https://10.1.2.3/hook", "event_types": ["*"]}, "private or local address"),
        ({"url": "https://169.254.169.254/latest", "event_types": ["*"]}, "private or local address"),
        ({"url": "https://[::1]:8443/hook", "event_types": ["*"]}, "private or local address"),
        ({"url": "https://localhost/hook", "event_types": ["*"]}, "PRISM_WEBHOOKS_ALLOWED_HOSTS"),
        ({"url": "https://user:pw@example.com/hook", "event_types": ["*"]}, "credentials"),
        ({"url": "ftp://example.com/hook", "event_types": ["*"]}, "https"),
        ({"url": "https://example.com/hook", "event_types": []}, "at least one event type"),
        ({"url": "https://example.com/hook", "event_types": ["gateway.login"]}, None),
        ({"url": "https://example.com/hook", "event_types": ["nosuch.thing.*"]}, "known source"),
        ({"url": "https://example.com/hook", "event_types": ["gateway.*.x"]}, "not valid"),
    ]
    for body, message in cases:
        response = api(suite, "POST", path, admin, json=body)
        if message is None:
            assert response.status_code == 201, response.text
            continue
        assert response.status_code == 400, (body, response.text)
        assert message in response.json()["error"]["message"], response.text

    created = api(suite, "POST", path, admin, json={"url": "https://example.com/a", "event_types": ["token.*"]}).json()
    name = created["webhook"]["name"]
    patched = api(suite, "PATCH", f"/api/v1/{name}?update_mask=url", admin, json={"url": "https://192.168.0.9/x"})
    assert patched.status_code == 400 and "private or local address" in patched.text
    patched = api(suite, "PATCH", f"/api/v1/{name}?update_mask=secret", admin, json={})
    assert patched.status_code == 400 and "cannot be changed" in patched.text
    patched = api(
        suite,
        "PATCH",
        f"/api/v1/{name}?update_mask=active,event_types",
        admin,
        json={"active": False, "event_types": ["keys.*"]},
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["webhook"]["active"] is False and patched.json()["webhook"]["event_types"] == ["keys.*"]
    assert api(suite, "DELETE", f"/api/v1/{name}", admin).status_code == 200
    assert api(suite, "GET", f"/api/v1/{name}", admin).status_code == 404


def test_https_is_required_unless_plain_http_is_allowed():
    with pytest.raises(InvalidArgument, match="must use https"):
        validate_url("http://hooks.example.com/x", allow_http=False, allowed_hosts=frozenset())
    assert validate_url("https://hooks.example.com/x", allow_http=False, allowed_hosts=frozenset())
    with pytest.raises(InvalidArgument, match="private or local"):
        validate_url("https://127.0.0.1/x", allow_http=True, allowed_hosts=frozenset())
    assert validate_url("http://127.0.0.1:9/x", allow_http=True, allowed_hosts=frozenset({"127.0.0.1"}))
