"""The Apps pages (list, New Application form, the once-shown secret) render safely and keep what was typed."""

from __future__ import annotations

from starlette.datastructures import FormData

from gateway.pages import render
from gateway.scope_words import ALL_SCOPES, describe
from tests.support.html import EVIL, Elements, assert_escaped, parse_page


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


def _checked(page: Elements, name: str) -> set[str]:
    return {attrs["value"] for attrs in page.all("input", type="checkbox", name=name) if "checked" in attrs}


def test_apps_page_with_defaults():
    html, page = parse_page(render("apps.html", **_apps_context()))
    assert_escaped(html)
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
    html, page = parse_page(
        render("apps.html", status=400, **_apps_context(apps=[], error="Bad redirect URI", form=form))
    )
    assert_escaped(html)
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
    _, page = parse_page(render("apps.html", **_apps_context(form=form)))
    assert _checked(page, "allowed_scopes") == {"email", "profile"}
    assert _checked(page, "grant_types") == set()


def test_app_created_confidential():
    app = {"display_name": EVIL, "client_id": "app_789", "client_type": "confidential"}
    html, page = parse_page(
        render("app_created.html", org="acme", app=app, client_secret="s3cr3t&<>", back="/orgs/acme/apps")
    )
    assert_escaped(html)
    assert page.by_id("client-id")[0] == "code"
    assert page.by_id("client-secret")[0] == "code"
    assert "app_789" in html and "s3cr3t&amp;&lt;&gt;" in html
    assert "shown only once" in html
    assert page.by_id("back")[1]["href"] == "/orgs/acme/apps"


def test_app_created_public():
    app = {"display_name": "SPA", "client_id": "app_000", "client_type": "public"}
    html, page = parse_page(render("app_created.html", org="acme", app=app, client_secret="", back="/apps"))
    page.by_id("client-id")
    assert 'id="client-secret"' not in html
    assert "no client secret" in html and "PKCE" in html
