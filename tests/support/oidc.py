"""Driving the code flow against a running suite: apps, users, PKCE, and a cookie-keeping HTTP user agent.

`Browser` follows the sign-in and consent pages the way a person's browser does (cookies, hidden
form fields), without rendering them; the Chromium tests drive the same pages for real.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from tests.support.directory import OrgAdmin, api

CALLBACK = "https://app.example.com/callback"
LOGOUT_TARGET = "https://app.example.com/signed-out"


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


@dataclass(frozen=True)
class RegisteredApp:
    client_id: str
    client_secret: str
    slug: str


def register_app(suite, admin: OrgAdmin, **fields) -> RegisteredApp:
    body = {
        "display_name": "Billing",
        "redirect_uris": [CALLBACK],
        "post_logout_redirect_uris": [LOGOUT_TARGET],
        "grant_types": ["authorization_code", "refresh_token"],
        "allowed_scopes": ["openid", "profile", "email", "offline_access", "teams:read", "apps:read"],
        **fields,
    }
    created = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/apps", admin, json=body)
    assert created.status_code == 201, created.text
    return RegisteredApp(created.json()["app"]["client_id"], created.json()["client_secret"], admin.slug)


def add_user(suite, admin: OrgAdmin, **fields) -> tuple[str, str, str]:
    """(username, password, user id) of a new user of the admin's organization."""
    username, password = f"user{uuid.uuid4().hex[:6]}", f"pw-{uuid.uuid4().hex}"
    body = {"username": username, "password": password, "email": f"{username}@example.com", **fields}
    created = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/users", admin, json=body)
    assert created.status_code == 201, created.text
    return username, password, created.json()["user"]["user_id"]


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action", ""), "fields": {}})
        elif tag in ("input", "button") and self.forms and attributes.get("name"):
            if attributes.get("type") == "hidden":
                self.forms[-1]["fields"][attributes["name"]] = attributes.get("value", "")


def hidden_fields(html: str) -> tuple[str, dict[str, str]]:
    parser = _Forms()
    parser.feed(html)
    assert parser.forms, f"no form in the page:\n{html[:2000]}"
    return parser.forms[0]["action"], parser.forms[0]["fields"]


class Browser:
    """A user agent with a cookie jar that stops at redirects to the app."""

    def __init__(self, suite) -> None:
        self.suite = suite
        self.client = httpx.Client(base_url=suite.base_url, follow_redirects=False, timeout=30)

    def close(self) -> None:
        self.client.close()

    def get(self, url: str, **params) -> httpx.Response:
        return self.client.get(url, params=params or None)

    def submit(self, page: httpx.Response, **fields) -> httpx.Response:
        action, hidden = hidden_fields(page.text)
        return self.client.post(urljoin(str(page.url), action), data={**hidden, **fields})

    def authorize(self, app: RegisteredApp, **params) -> httpx.Response:
        query = {"response_type": "code", "client_id": app.client_id, "redirect_uri": CALLBACK, **params}
        return self.get(f"/api/v1/organizations/{app.slug}/oauth/authorize", **query)

    def sign_in(self, page: httpx.Response, username: str, password: str) -> httpx.Response:
        assert page.status_code in (200, 401) and 'id="password"' in page.text, page.text[:2000]
        return self.submit(page, username=username, password=password)

    def consent(self, page: httpx.Response, decision: str = "approve") -> httpx.Response:
        assert page.status_code == 200 and 'id="approve"' in page.text, page.text[:2000]
        return self.submit(page, decision=decision)


def callback_params(response: httpx.Response) -> dict[str, str]:
    assert response.status_code in (302, 303), f"{response.status_code}: {response.text[:2000]}"
    location = response.headers["location"]
    assert location.startswith(CALLBACK), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def code_flow(suite, browser: Browser, app: RegisteredApp, username: str, password: str, **params) -> dict:
    """Authorize, sign in, consent (when asked): the callback's query parameters."""
    verifier, challenge = pkce_pair()
    query = {
        "scope": "openid profile email offline_access",
        "state": secrets.token_urlsafe(8),
        "nonce": secrets.token_urlsafe(8),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **params,
    }
    page = browser.authorize(app, **query)
    if 'id="password"' in page.text:
        page = browser.sign_in(page, username, password)
    if 'id="approve"' in page.text:
        page = browser.consent(page)
    answer = callback_params(page)
    answer["verifier"] = verifier
    answer["sent_state"] = query["state"]
    answer["sent_nonce"] = query["nonce"]
    return answer


def redeem(suite, app: RegisteredApp, code: str, verifier: str, **extra) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier}
    data.update(extra)
    auth = (app.client_id, app.client_secret) if app.client_secret else None
    if not app.client_secret:
        data["client_id"] = app.client_id
    return httpx.post(f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/token", data=data, auth=auth, timeout=30)


def token_request(suite, app: RegisteredApp, **data) -> httpx.Response:
    auth = (app.client_id, app.client_secret) if app.client_secret else None
    if not app.client_secret:
        data["client_id"] = app.client_id
    return httpx.post(f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/token", data=data, auth=auth, timeout=30)


ERROR_CODE = re.compile(r'id="error-code"[^>]*>([^<]+)<')


def s256() -> dict[str, str]:
    return {"code_challenge": pkce_pair()[1], "code_challenge_method": "S256"}


def claims_of(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def introspect(suite, app, token: str) -> dict:
    answer = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{app.slug}/oauth/introspect",
        data={"token": token},
        auth=(app.client_id, app.client_secret),
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return answer.json()
