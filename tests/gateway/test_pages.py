"""The sign-in pages render safely: escaped, script-free, with security headers and the element ids handlers rely on."""

from __future__ import annotations

import jinja2
import pytest

from gateway.pages import qr_svg, render
from gateway.scope_words import ALL_SCOPES, SCOPE_WORDS, describe
from prism.runtime.scopes import KNOWN_SCOPES
from tests.support.html import EVIL, assert_escaped, parse_page

# Spec 002's scopes table, in its order.
SPEC_002_SCOPES = (
    "openid",
    "profile",
    "profile:write",
    "email",
    "apps:read",
    "apps:write",
    "teams:read",
    "teams:write",
    "teams:create",
    "teams:delete",
    "domains:read",
    "domains:write",
    "gpg:read",
    "gpg:write",
    "social:read",
    "social:write",
    "webhooks:read",
    "webhooks:write",
    "admin:users:read",
    "admin:users:write",
    "admin:users:delete",
    "admin:config:read",
    "admin:config:write",
    "admin:invites:read",
    "admin:invites:create",
    "admin:invites:delete",
    "admin:webhooks:read",
    "admin:webhooks:write",
    "admin:webhooks:delete",
    "offline_access",
)


def _login_context(**overrides):
    context = {
        "title": "Sign in",
        "org": "acme",
        "app_name": EVIL,
        "action": "/api/v1/organizations/acme/login",
        "csrf": "csrf-token-1",
        "request_id": "req-123",
        "username": "",
        "error": None,
        "providers": [],
    }
    context.update(overrides)
    return context


def test_login_page():
    response = render("login.html", **_login_context(error=f"Wrong password {EVIL}"), status=401)
    assert response.status_code == 401
    html, page = parse_page(response)
    assert_escaped(html)
    assert "Sign in to continue to" in html
    form = page.all("form")
    assert len(form) == 1 and form[0]["method"] == "post" and form[0]["action"] == "/api/v1/organizations/acme/login"
    assert page.hidden("csrf") == "csrf-token-1"
    assert page.hidden("request") == "req-123"
    _, username = page.by_id("username")
    assert username["name"] == "username" and username["autocomplete"] == "username"
    _, password = page.by_id("password")
    assert password["name"] == "password"
    assert password["type"] == "password"
    assert password["autocomplete"] == "current-password"
    tag, sign_in = page.by_id("sign-in")
    assert tag == "button" and sign_in["type"] == "submit"
    assert page.all("label", **{"for": "username"}) and page.all("label", **{"for": "password"})
    alerts = page.all("div", role="alert")
    assert len(alerts) == 1
    assert "Wrong password" in html
    assert "or continue with" not in html


def test_login_page_prefill_and_providers():
    providers = [
        {"name": "GitHub", "url": "https://prism.example/federation/github?x=1&y=2"},
        {"name": EVIL, "url": "/b"},
    ]
    html, page = parse_page(
        render("login.html", **_login_context(app_name=None, username='al"ice', providers=providers))
    )
    assert "Sign in to continue to" not in html
    assert page.by_id("username")[1]["value"] == 'al"ice'
    assert "or continue with" in html
    links = [a["href"] for a in page.all("a")]
    assert "https://prism.example/federation/github?x=1&y=2" in links and "/b" in links
    assert "?x=1&amp;y=2" in html
    assert_escaped(html)
    assert not page.all("div", role="alert")


def test_login_page_offers_sign_up_and_says_when_local_sign_in_is_off():
    html, page = parse_page(render("login.html", **_login_context(signup_url="/signup?org=acme")))
    assert page.by_id("login-form") and "/signup?org=acme" in [a["href"] for a in page.all("a")]
    html, page = parse_page(render("login.html", **_login_context(local_signin=False, signup_url=None)))
    assert not page.all("form") and 'id="password"' not in html
    assert "disabled on this server" in html


def test_mfa_pages():
    context = {
        "title": "Set up two-factor authentication",
        "app_name": EVIL,
        "action": "/mfa?org=acme",
        "csrf": "csrf-token-1",
        "request_id": "req-123",
        "ticket": "ticket-1",
        "enroll": True,
        "otpauth_uri": f"otpauth://totp/Prism:alice?secret=ABCD&issuer={EVIL}",
        "qr_svg": qr_svg("otpauth://totp/Prism:alice?secret=ABCD"),
        "secret_grouped": "ABCD EFGH",
        "error": f"bad code {EVIL}",
        "passkey_options": "",
    }
    html, page = parse_page(render("mfa.html", **context))
    assert_escaped(html)
    assert page.hidden("ticket") == "ticket-1" and page.hidden("request") == "req-123"
    qr = html.split('id="totp-qr"', 1)[1].split("</div>", 1)[0]
    assert "<svg" in qr and page.by_id("totp-secret")  # the QR code inline, the key for typing
    assert page.by_id("password")[1]["autocomplete"] == "current-password"
    assert page.by_id("code")[1]["autocomplete"] == "one-time-code"
    html, page = parse_page(render("mfa.html", **{**context, "enroll": False, "qr_svg": "", "error": ""}))
    assert 'id="totp-qr"' not in html and 'id="password"' not in html and page.by_id("code")
    assert not page.all("div", role="alert")


def test_login_page_optional_variables_may_be_omitted():
    context = _login_context()
    for optional in ("app_name", "username", "error", "providers"):
        del context[optional]
    parse_page(render("login.html", **context))


def test_missing_required_variable_is_an_error_not_an_empty_field():
    context = _login_context()
    del context["csrf"]
    with pytest.raises(jinja2.UndefinedError):
        render("login.html", **context)


def test_consent_page():
    scopes = [(scope, describe(scope)) for scope in ("openid", "profile", "email", "offline_access", EVIL)]
    response = render(
        "consent.html",
        app_name=EVIL,
        app_description=f"Does things {EVIL}",
        scopes=scopes,
        user="alice",
        redirect_host="app.example.com",
        action="/api/v1/organizations/acme/consent",
        csrf="csrf-2",
        request_id="req-9",
        verified_domain=f"example.com{EVIL}",
    )
    html, page = parse_page(response)
    assert_escaped(html)
    text = "".join(page.text)
    assert f'Access "{EVIL}"' in text
    assert "You will be redirected to" in html and "app.example.com" in html
    assert "alice" in html
    assert page.by_id("verified-domain")[0] == "p" and f"verified: example.com{EVIL}" in text
    for scope in ("openid", "profile", "email", "offline_access"):
        assert describe(scope) in text
        assert f'<span class="mono">{scope}</span>' in html
    forms = page.all("form")
    assert (
        len(forms) == 1 and forms[0]["method"] == "post" and forms[0]["action"] == "/api/v1/organizations/acme/consent"
    )
    assert page.hidden("csrf") == "csrf-2"
    assert page.hidden("request") == "req-9"
    tag, approve = page.by_id("approve")
    assert (tag, approve["name"], approve["value"]) == ("button", "decision", "approve")
    tag, deny = page.by_id("deny")
    assert (tag, deny["name"], deny["value"]) == ("button", "decision", "deny")
    assert ">Allow</button>" in html and ">Deny</button>" in html


def test_consent_page_without_description():
    html, _ = parse_page(
        render(
            "consent.html",
            app_name="Notes",
            app_description="",
            scopes=[("openid", describe("openid"))],
            user="bob",
            redirect_host="notes.example",
            action="/c",
            csrf="x",
            verified_domain="",
            request_id="r",
        )
    )
    assert 'id="app-description"' not in html


def test_error_page():
    response = render(
        "error.html",
        status=400,
        title="Invalid request",
        message=f"Unknown redirect_uri {EVIL}",
        code="invalid_request",
    )
    assert response.status_code == 400
    html, page = parse_page(response)
    assert_escaped(html)
    assert "cannot send you back to the application" in html
    assert page.by_id("error-code")[0] == "code"
    assert "invalid_request" in html
    html, _ = parse_page(render("error.html", title="Oops", message="Something broke", code=None))
    assert 'id="error-code"' not in html


def test_message_page():
    html, page = parse_page(
        render(
            "message.html",
            title="You are signed out",
            message=EVIL,
            link={"url": "https://app.example/?a=1&b=2", "text": "Return"},
        )
    )
    assert_escaped(html)
    assert "You are signed out" in html
    assert page.by_id("link")[1]["href"] == "https://app.example/?a=1&b=2"
    html, _ = parse_page(render("message.html", title="You are signed out", message="Bye", link=None))
    assert 'id="link"' not in html
    parse_page(render("message.html", title="You are signed out", message="Bye"))


def test_caller_headers_are_added():
    response = render("message.html", title="t", message="m", headers={"X-Request-Id": "abc"})
    assert response.headers["x-request-id"] == "abc"
    assert response.headers["cache-control"] == "no-store"


def test_scope_words_cover_spec_002():
    assert ALL_SCOPES[: len(SPEC_002_SCOPES)] == SPEC_002_SCOPES
    assert set(ALL_SCOPES) == set(SCOPE_WORDS)
    assert set(ALL_SCOPES) >= KNOWN_SCOPES
    assert "urn:prism:roles" in ALL_SCOPES
    assert describe("urn:prism:roles") == "Your roles in this organization's projects"
    for scope in (*SPEC_002_SCOPES, "urn:prism:roles"):
        words = describe(scope)
        assert words and words == SCOPE_WORDS[scope] and not words.startswith("Access ")
    assert len(set(SCOPE_WORDS.values())) == len(SCOPE_WORDS)


def test_unknown_scope_fallback():
    assert describe("billing:read") == 'Access "billing:read"'
    assert describe(EVIL) == f'Access "{EVIL}"'
