"""The HTML pages render safely: escaped, script-free, with security headers and the element ids handlers rely on."""

from __future__ import annotations

from html.parser import HTMLParser

import jinja2
import pytest
from starlette.datastructures import FormData

from gateway.pages import render
from gateway.scope_words import ALL_SCOPES, SCOPE_WORDS, describe
from prism.runtime.scopes import KNOWN_SCOPES

EVIL = "<script>alert(1)</script>"

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

EXPECTED_HEADERS = {
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "content-security-policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: https:; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}


class _Elements(HTMLParser):
    """Every start tag with its attributes, to look elements up by id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def by_id(self, element_id: str) -> tuple[str, dict[str, str | None]]:
        found = [element for element in self.elements if element[1].get("id") == element_id]
        assert len(found) == 1, f"expected exactly one element with id={element_id!r}, found {len(found)}"
        return found[0]

    def all(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def hidden(self, name: str) -> str | None:
        found = self.all("input", type="hidden", name=name)
        assert len(found) == 1, f"expected one hidden input {name!r}"
        return found[0].get("value")


def _page(response) -> tuple[str, _Elements]:
    html = response.body.decode()
    assert response.media_type == "text/html"
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers[name] == value, name
    assert "form-action" not in response.headers["content-security-policy"]
    # no JavaScript of any kind: the CSP forbids it and the pages must not need it
    assert "<script" not in html.lower()
    assert "javascript:" not in html.lower()
    elements = _Elements(html)
    for _tag, attrs in elements.elements:
        assert not [name for name in attrs if name.startswith("on")], attrs
    assert elements.all("title")
    return html, elements


def _assert_escaped(html: str) -> None:
    assert EVIL not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


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
    html, page = _page(response)
    _assert_escaped(html)
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
    html, page = _page(render("login.html", **_login_context(app_name=None, username='al"ice', providers=providers)))
    assert "Sign in to continue to" not in html
    assert page.by_id("username")[1]["value"] == 'al"ice'
    assert "or continue with" in html
    links = [a["href"] for a in page.all("a")]
    assert "https://prism.example/federation/github?x=1&y=2" in links and "/b" in links
    assert "?x=1&amp;y=2" in html
    _assert_escaped(html)
    assert not page.all("div", role="alert")


def test_login_page_optional_variables_may_be_omitted():
    context = _login_context()
    for optional in ("app_name", "username", "error", "providers"):
        del context[optional]
    _page(render("login.html", **context))


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
    )
    html, page = _page(response)
    _assert_escaped(html)
    text = "".join(page.text)
    assert f'Access "{EVIL}"' in text
    assert "You will be redirected to" in html and "app.example.com" in html
    assert "alice" in html
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
    html, _ = _page(
        render(
            "consent.html",
            app_name="Notes",
            app_description="",
            scopes=[("openid", describe("openid"))],
            user="bob",
            redirect_host="notes.example",
            action="/c",
            csrf="x",
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
    html, page = _page(response)
    _assert_escaped(html)
    assert "cannot send you back to the application" in html
    assert page.by_id("error-code")[0] == "code"
    assert "invalid_request" in html
    html, _ = _page(render("error.html", title="Oops", message="Something broke", code=None))
    assert 'id="error-code"' not in html


def test_message_page():
    html, page = _page(
        render(
            "message.html",
            title="You are signed out",
            message=EVIL,
            link={"url": "https://app.example/?a=1&b=2", "text": "Return"},
        )
    )
    _assert_escaped(html)
    assert "You are signed out" in html
    assert page.by_id("link")[1]["href"] == "https://app.example/?a=1&b=2"
    html, _ = _page(render("message.html", title="You are signed out", message="Bye", link=None))
    assert 'id="link"' not in html
    _page(render("message.html", title="You are signed out", message="Bye"))


def _apps_context(**overrides):
    context = {
        "org": "acme",
        "user": "alice",
        "apps": [
            {
                "display_name": EVIL,
                "client_id": "app_123",
                "client_type": "confidential",
                "redirect_uris": ["https://app.example/callback", "https://app.example/cb?x=<b>"],
            },
            {"display_name": "SPA", "client_id": "app_456", "client_type": "public", "redirect_uris": []},
        ],
        "csrf": "csrf-3",
        "action": "/api/v1/organizations/acme/apps/new",
        "error": None,
        "all_scopes": [(scope, describe(scope)) for scope in ALL_SCOPES],
        "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
        "form": {},
    }
    context.update(overrides)
    return context


APP_FORM_IDS = {
    "display_name": "input",
    "description": "textarea",
    "redirect_uris": "textarea",
    "public": "input",
    "oidc_fields": "input",
    "post_logout_redirect_uris": "textarea",
    "access_token_lifetime_seconds": "input",
    "refresh_token_lifetime_seconds": "input",
    "create-app": "button",
}


def _checked(page: _Elements, name: str) -> set[str]:
    return {attrs["value"] for attrs in page.all("input", type="checkbox", name=name) if "checked" in attrs}


def test_apps_page_with_defaults():
    html, page = _page(render("apps.html", **_apps_context()))
    _assert_escaped(html)
    assert "&lt;b&gt;" in html
    assert "app_123" in html and "app_456" in html
    assert "No applications yet" not in html
    forms = page.all("form")
    assert (
        len(forms) == 1 and forms[0]["method"] == "post" and forms[0]["action"] == "/api/v1/organizations/acme/apps/new"
    )
    assert page.hidden("csrf") == "csrf-3"
    for element_id, tag in APP_FORM_IDS.items():
        found_tag, attrs = page.by_id(element_id)
        assert found_tag == tag, element_id
        if element_id != "create-app":
            assert attrs["name"] == element_id
            assert page.all("label", **{"for": element_id}), f"no label for {element_id}"
    assert "required" in page.by_id("display_name")[1]
    public = page.by_id("public")[1]
    assert (public["type"], public["value"]) == ("checkbox", "1") and "checked" not in public
    assert "Public client (runs in the browser; uses PKCE, gets no secret)" in html
    for element_id in ("access_token_lifetime_seconds", "refresh_token_lifetime_seconds"):
        attrs = page.by_id(element_id)[1]
        assert (attrs["type"], attrs["min"]) == ("number", "0")
    tag, button = page.by_id("create-app")
    assert button["type"] == "submit" and ">Create application</button>" in html
    for scope in ALL_SCOPES:
        attrs = page.by_id("scope-" + scope.replace(":", "-"))[1]
        assert (attrs["name"], attrs["value"], attrs["type"]) == ("allowed_scopes", scope, "checkbox")
    assert page.by_id("scope-admin-webhooks-delete")[1]["value"] == "admin:webhooks:delete"
    assert _checked(page, "allowed_scopes") == {"openid", "profile", "email", "offline_access"}
    assert {a["value"] for a in page.all("input", name="grant_types")} == {
        "authorization_code",
        "refresh_token",
        "client_credentials",
    }
    assert _checked(page, "grant_types") == {"authorization_code", "refresh_token"}
    assert not page.all("div", role="alert")


def test_apps_page_refills_the_form_after_an_error():
    form = {
        "display_name": EVIL,
        "description": "</textarea><b>x</b>",
        "redirect_uris": "https://a.example/cb\nhttps://b.example/cb",
        "public": "1",
        "allowed_scopes": ["openid", "teams:read"],
        "grant_types": ["client_credentials"],
        "oidc_fields": "teams, role",
        "post_logout_redirect_uris": "https://a.example/bye",
        "access_token_lifetime_seconds": "600",
        "refresh_token_lifetime_seconds": "",
    }
    html, page = _page(render("apps.html", status=400, **_apps_context(apps=[], error="Bad redirect URI", form=form)))
    _assert_escaped(html)
    assert "</textarea><b>" not in html
    assert "No applications yet" in html
    assert page.all("div", role="alert")
    assert page.by_id("display_name")[1]["value"] == EVIL
    assert "checked" in page.by_id("public")[1]
    assert page.by_id("oidc_fields")[1]["value"] == "teams, role"
    assert page.by_id("access_token_lifetime_seconds")[1]["value"] == "600"
    assert "https://a.example/cb\nhttps://b.example/cb</textarea>" in html
    assert _checked(page, "allowed_scopes") == {"openid", "teams:read"}
    assert _checked(page, "grant_types") == {"client_credentials"}


def test_apps_page_accepts_starlette_form_data():
    form = FormData([("display_name", "X"), ("allowed_scopes", "email"), ("allowed_scopes", "profile")])
    _, page = _page(render("apps.html", **_apps_context(form=form)))
    assert _checked(page, "allowed_scopes") == {"email", "profile"}
    assert _checked(page, "grant_types") == set()


def test_app_created_confidential():
    app = {"display_name": EVIL, "client_id": "app_789", "client_type": "confidential"}
    html, page = _page(
        render("app_created.html", org="acme", app=app, client_secret="s3cr3t&<>", back="/orgs/acme/apps")
    )
    _assert_escaped(html)
    assert page.by_id("client-id")[0] == "code"
    assert page.by_id("client-secret")[0] == "code"
    assert "app_789" in html and "s3cr3t&amp;&lt;&gt;" in html
    assert "shown only once" in html
    assert page.by_id("back")[1]["href"] == "/orgs/acme/apps"


def test_app_created_public():
    app = {"display_name": "SPA", "client_id": "app_000", "client_type": "public"}
    html, page = _page(render("app_created.html", org="acme", app=app, client_secret="", back="/apps"))
    page.by_id("client-id")
    assert 'id="client-secret"' not in html
    assert "no client secret" in html and "PKCE" in html


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
