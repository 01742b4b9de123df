"""Interoperability: the certified Node.js relying party `openid-client` (v6, by panva) against Prism, unmodified.

The relying party (tests/oauth/openid_client_rp.mjs) is configured from discovery alone and does
its own checks: issuer identity, ID token signature (against the discovered jwks_uri), aud, nonce,
state, the RFC 9207 `iss` response parameter, PKCE and the userinfo `sub`. This test plays the
person: it follows the authorization URL the library built through the sign-in and consent pages
with a cookie-keeping user agent, and hands the callback URL back to the library.

Strict clients need the issuer to be the discovery document's base URL, so the suite runs with
`PRISM_ISSUER_STYLE=path`. Node and openid-client come from `scripts/bootstrap.sh --dev`
(package.json); without them the test fails rather than skips.
"""

from __future__ import annotations

import base64
import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from tests.support.directory import create_org
from tests.support.oidc import CALLBACK, LOGOUT_TARGET, Browser, add_user, callback_params, register_app

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("openid_client_rp.mjs")
SCOPE = "openid profile email offline_access"
ANSWER_TIMEOUT_SECONDS = 30


class RelyingParty:
    """The node process running openid_client_rp.mjs: one JSON request per line in, one answer per line out."""

    def __init__(self, node: str, stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._stderr = open(stderr_path, "wb")  # noqa: SIM115 - closed by close()
        self.process = subprocess.Popen(
            [node, str(SCRIPT)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _diagnostics(self) -> str:
        return self.stderr_path.read_text(errors="replace")[-4000:]

    def ask(self, op: str, **args) -> dict:
        """The whole answer: {"ok": true, "result": ...} or {"ok": false, "error": ...}."""
        assert self.process.poll() is None, f"the node relying party exited:\n{self._diagnostics()}"
        self.process.stdin.write(json.dumps({"op": op, **args}) + "\n")
        self.process.stdin.flush()
        try:
            line = self._lines.get(timeout=ANSWER_TIMEOUT_SECONDS)
        except queue.Empty:
            raise AssertionError(f"no answer from the node relying party to {op!r}:\n{self._diagnostics()}") from None
        assert line is not None, f"the node relying party exited during {op!r}:\n{self._diagnostics()}"
        return json.loads(line)

    def call(self, op: str, **args):
        """The result of an op that must succeed (openid-client's refusal is shown in full otherwise)."""
        answer = self.ask(op, **args)
        assert answer["ok"], f"openid-client refused {op!r}: {json.dumps(answer['error'], indent=2)}"
        return answer["result"]

    def refused(self, op: str, **args) -> dict:
        answer = self.ask(op, **args)
        assert not answer["ok"], f"openid-client accepted {op!r}: {answer['result']}"
        return answer["error"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()  # the script ends at the end of its input
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stderr.close()


def node_or_fail() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is not installed: this test needs Node.js 20+ (bash scripts/bootstrap.sh --dev installs it)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        pytest.fail(f"openid-client v6 needs Node.js 20 or newer, found {version}")
    if not (REPO / "node_modules" / "openid-client" / "package.json").is_file():
        pytest.fail(
            "node_modules/openid-client is missing: run `bash scripts/bootstrap.sh --dev` "
            "(or `npm install --no-package-lock` at the repository root)"
        )
    return node


@pytest.fixture
def rp(tmp_path):
    party = RelyingParty(node_or_fail(), tmp_path / "openid-client.stderr.log")
    versions = party.call("version")
    pinned = json.loads((REPO / "package.json").read_text())["devDependencies"]["openid-client"]
    assert versions["openid-client"] == pinned, versions
    yield party
    party.close()


@pytest.fixture
def prism(start_prism):
    return start_prism(extra_env={"PRISM_ISSUER_STYLE": "path"})


def b64url(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return urlunsplit(parts._replace(query=urlencode(query)))


def sign_in_and_consent(browser: Browser, url: str, username: str, password: str) -> str:
    """Follows the authorization URL as the person would; the callback URL the app is sent to."""
    page = browser.get(url)
    if 'id="password"' in page.text:
        page = browser.sign_in(page, username, password)
    if 'id="approve"' in page.text:
        page = browser.consent(page)
    callback_params(page)  # a redirect to the registered callback
    return page.headers["location"]


def discover(rp: RelyingParty, suite, name: str, issuer: str, app, **options) -> dict:
    metadata = rp.call(
        "discover", name=name, issuer=issuer, client_id=app.client_id, client_secret=app.client_secret, **options
    )
    assert metadata["issuer"] == issuer
    assert metadata["jwks_uri"] == f"{issuer}/jwks"
    assert metadata["authorization_endpoint"].startswith(suite.base_url)
    assert "S256" in metadata["code_challenge_methods_supported"]
    return metadata


def test_confidential_client_signs_in_refreshes_and_signs_out(prism, rp):
    admin = create_org(prism)
    issuer = f"{prism.base_url}/api/v1/organizations/{admin.slug}"
    app = register_app(prism, admin)
    username, password, user_id = add_user(prism, admin, display_name="Alice Example")
    metadata = discover(rp, prism, "web", issuer, app)
    assert metadata["end_session_endpoint"]

    request = rp.call("authorize", name="web", redirect_uri=CALLBACK, scope=SCOPE)
    sent = {k: v[0] for k, v in parse_qs(urlsplit(request["url"]).query).items()}
    assert request["url"].startswith(metadata["authorization_endpoint"] + "?")
    assert sent["code_challenge_method"] == "S256" and sent["scope"] == SCOPE
    assert sent["state"] == request["state"] and sent["nonce"] == request["nonce"]

    browser = Browser(prism)
    try:
        callback = sign_in_and_consent(browser, request["url"], username, password)
        returned = {k: v[0] for k, v in parse_qs(urlsplit(callback).query).items()}
        assert returned["iss"] == issuer and returned["state"] == request["state"]

        # the library's own checks are live: a forged issuer or state is refused before the code is spent
        forged_iss = rp.refused("callback", name="web", url=with_query(callback, iss="https://evil.example.com"))
        assert forged_iss["code"] == "OAUTH_INVALID_RESPONSE" and '"iss"' in forged_iss["cause"]["message"], forged_iss
        forged_state = rp.refused("callback", name="web", url=with_query(callback, state="not-the-state"))
        assert '"state"' in forged_state["cause"]["message"], forged_state

        tokens = rp.call("callback", name="web", url=callback)
        claims = tokens["claims"]
        assert claims["iss"] == issuer and claims["sub"] == user_id and claims["aud"] == app.client_id
        assert claims["nonce"] == request["nonce"]
        assert claims["name"] == "Alice Example" and claims["preferred_username"] == username
        assert claims["email"] == f"{username}@example.com"
        assert tokens["token_type"].lower() == "bearer" and tokens["expires_in"] > 0
        assert tokens["refresh_token"] and tokens["scope"] == SCOPE
        assert tokens["jwks_kids"], "openid-client did not fetch jwks_uri to verify the ID token"
        header = json.loads(b64url(tokens["id_token"].split(".")[0]))
        assert header["kid"] in tokens["jwks_kids"]

        info = rp.call("userinfo", name="web", access_token=tokens["access_token"], sub=user_id)
        assert info["sub"] == user_id and info["name"] == "Alice Example"
        assert info["email"] == f"{username}@example.com"

        refreshed = rp.call("refresh", name="web", refresh_token=tokens["refresh_token"])
        assert refreshed["refresh_token"] and refreshed["refresh_token"] != tokens["refresh_token"]
        assert refreshed["access_token"] != tokens["access_token"]
        assert refreshed["claims"]["sub"] == user_id and refreshed["claims"]["iss"] == issuer
        again = rp.call("userinfo", name="web", access_token=refreshed["access_token"], sub=user_id)
        assert again["sub"] == user_id
        # the same app configured with HTTP Basic instead of the library's default client_secret_post
        discover(rp, prism, "web-basic", issuer, app, auth="client_secret_basic")
        latest = rp.call("refresh", name="web-basic", refresh_token=refreshed["refresh_token"])
        assert latest["refresh_token"] not in (tokens["refresh_token"], refreshed["refresh_token"])
        assert latest["claims"]["sub"] == user_id

        logout = rp.call(
            "end_session",
            name="web",
            id_token_hint=latest["id_token"],
            post_logout_redirect_uri=LOGOUT_TARGET,
            state="bye",
        )["url"]
        assert logout.startswith(metadata["end_session_endpoint"] + "?")
        out = browser.get(logout)
        assert out.status_code in (302, 303), f"{out.status_code}: {out.text[:2000]}"
        location = urlsplit(out.headers["location"])
        assert urlunsplit(location._replace(query="")) == LOGOUT_TARGET
        assert parse_qs(location.query) == {"state": ["bye"]}

        # the session is over: the next authorization asks for the password again
        next_request = rp.call("authorize", name="web", redirect_uri=CALLBACK, scope=SCOPE)
        page = browser.get(next_request["url"])
        assert page.status_code == 200 and 'id="password"' in page.text, page.text[:2000]
    finally:
        browser.close()


def test_public_client_with_pkce_and_no_secret(prism, rp):
    admin = create_org(prism)
    issuer = f"{prism.base_url}/api/v1/organizations/{admin.slug}"
    app = register_app(prism, admin, client_type="CLIENT_TYPE_PUBLIC", display_name="SPA")
    assert not app.client_secret
    username, password, user_id = add_user(prism, admin, display_name="Bob Example")
    metadata = discover(rp, prism, "spa", issuer, app)
    assert "none" in metadata["token_endpoint_auth_methods_supported"]

    request = rp.call("authorize", name="spa", redirect_uri=CALLBACK, scope=SCOPE)
    browser = Browser(prism)
    try:
        callback = sign_in_and_consent(browser, request["url"], username, password)
    finally:
        browser.close()
    tokens = rp.call("callback", name="spa", url=callback)
    claims = tokens["claims"]
    assert claims["iss"] == issuer and claims["sub"] == user_id and claims["aud"] == app.client_id
    assert claims["nonce"] == request["nonce"] and claims["name"] == "Bob Example"
    info = rp.call("userinfo", name="spa", access_token=tokens["access_token"], sub=user_id)
    assert info["sub"] == user_id and info["email"] == f"{username}@example.com"
    assert tokens["refresh_token"] and tokens["jwks_kids"]
    refreshed = rp.call("refresh", name="spa", refresh_token=tokens["refresh_token"])  # client_id only, no secret
    assert refreshed["refresh_token"] != tokens["refresh_token"] and refreshed["claims"]["sub"] == user_id
