"""The captcha gate of step-up (spec 002 "Captcha gate", issue 8), against the real suite: a local
HTTP server plays the providers' verify URL; the proof of work is solved by headless Chromium."""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import grpc
import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from tests.stepup.test_challenges import _challenge, _confirm, _oauth, _signed_in_page, _verify
from tests.support.chromium import AppCallback, chromium
from tests.support.directory import api, internal_metadata
from tests.support.oidc import register_app

DEFAULTS = {
    "require_captcha_for_2fa": False,
    "captcha_provider": "none",
    "captcha_site_key": "",
    "captcha_secret_key": "",
    "captcha_verify_url": "",
    "pow_difficulty": 18,
}
WIDGET_FIELDS = {
    "turnstile": "cf-turnstile-response",
    "hcaptcha": "h-captcha-response",
    "recaptcha": "g-recaptcha-response",
}
ORIGINS = {
    "turnstile": "https://challenges.cloudflare.com",
    "hcaptcha": "https://*.hcaptcha.com",
    "recaptcha": "https://www.gstatic.com",
}


class Verifier:
    """Plays a provider's siteverify URL: records each form it receives, answers `self.answer`."""

    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self.answer: dict = {"success": True, "hostname": "127.0.0.1"}
        self.status = 200
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length", "0"))
                form = parse_qs(self.rfile.read(length).decode())
                owner.received.append({k: v[0] for k, v in form.items()} | {"_path": self.path})
                body = json.dumps(owner.answer).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/siteverify"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site(world, platform_admin):
    """Sets site settings for one test; every captcha setting is back to its default afterwards."""
    suite = world[0]

    def change(**values) -> None:
        changed = api(
            suite,
            "PATCH",
            "/api/v1/siteSettings",
            platform_admin.token,
            params={"update_mask": ",".join(values)},
            json=values,
        )
        assert changed.status_code == 200, changed.text

    yield change
    change(**DEFAULTS)


@pytest.fixture
def verifier():
    server = Verifier()
    yield server
    server.close()


def _page(world, **fields):
    suite, admin, app, _, browser = world
    created = _challenge(suite, admin, app, **fields)
    assert created.status_code == 200, created.text
    page = _signed_in_page(suite, admin, browser, created.json()["url"], "st")
    info = browser.get(
        f"/api/v1/organizations/{admin.slug}/oauth/2fa/info", challenge_id=created.json()["challenge_id"]
    )
    assert info.status_code == 200, info.text
    return page, info.json()


def _refusal(answer: httpx.Response) -> str:
    assert answer.status_code == 303, answer.text[:1000]
    return parse_qs(urlsplit(answer.headers["location"]).query)["error_description"][0]


def _audited(world, action: str) -> list[dict]:
    suite, admin = world[0], world[1]
    events = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin.token).json()
    return [e for e in events["audit_events"] if e["action"] == action]


def _directive(policy: str, name: str) -> str:
    return next(part.strip() for part in policy.split(";") if part.strip().startswith(name + " "))


def _solve(puzzle: str, bits: int, start: int = 0) -> str:
    nonce = start
    while int.from_bytes(hashlib.sha256(f"{puzzle}:{nonce}".encode()).digest(), "big") >> (256 - bits):
        nonce += 1
    return str(nonce)


def _solves(puzzle: str, nonce: str, bits: int) -> bool:
    return int.from_bytes(hashlib.sha256(f"{puzzle}:{nonce}".encode()).digest(), "big") >> (256 - bits) == 0


@pytest.mark.parametrize("provider", ["turnstile", "hcaptcha", "recaptcha"])
def test_a_provider_gets_the_secret_token_and_address_and_its_no_refuses(world, site, verifier, provider):
    suite, admin, app, codes, browser = world
    site(
        require_captcha_for_2fa=True,
        captcha_provider=provider,
        captcha_site_key=f"site-key-{provider}",
        captcha_secret_key=f"secret-of-{provider}",
        captcha_verify_url=verifier.url,
    )
    page, info = _page(world)
    assert (info["captcha_required"], info["captcha_provider"], info["captcha_site_key"]) == (
        True,
        provider,
        f"site-key-{provider}",
    )
    assert f'data-sitekey="site-key-{provider}"' in page.text and "secret-of" not in page.text
    policy = page.headers["content-security-policy"]
    assert ORIGINS[provider] in _directive(policy, "script-src") and ORIGINS[provider] in _directive(
        policy, "frame-src"
    )
    assert not [origin for name, origin in ORIGINS.items() if name != provider and origin in policy]  # only its own

    unsolved = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0])
    assert unsolved.status_code == 400 and "captcha" in unsolved.text  # nothing consumed, nothing sent out
    assert verifier.received == []

    verifier.answer = {"success": False, "error-codes": ["invalid-input-response"]}
    refused = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="tok-bad")
    assert _refusal(refused) == "Captcha verification failed"
    assert verifier.received == [
        {"secret": f"secret-of-{provider}", "response": "tok-bad", "remoteip": "127.0.0.1", "_path": "/siteverify"}
    ]
    gone = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="tok-bad")
    assert gone.status_code == 404  # the refusal burnt the challenge, as a wrong code does
    (event,) = _audited(world, "stepup.captcha.failed")
    assert event["details"]["reason"] == "CAPTCHA_FAILED" and event["details"]["provider"] == provider
    assert "secret-of" not in json.dumps(event)

    verifier.answer = {"success": True, "hostname": "127.0.0.1"}
    page, _ = _page(world)  # the widget's own form field is taken too; the factor was never checked: still good
    back = _confirm(browser, page, codes[0], **{WIDGET_FIELDS[provider]: "tok-good"})
    assert verifier.received[-1]["response"] == "tok-good"
    assert _verify(suite, admin, app, back["code"]).json()["method"] == "backup"


def test_a_provider_down_or_another_hostname_never_approves(world, site, verifier):
    suite, admin, app, codes, browser = world
    site(
        require_captcha_for_2fa=True,
        captcha_provider="turnstile",
        captcha_site_key="k",
        captcha_verify_url=verifier.url,
    )
    page, _ = _page(world)
    unset = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="t")
    assert unset.status_code in (400, 412) and "captcha_secret_key" in unset.text  # misconfigured: said so
    site(captcha_secret_key="s")
    verifier.status, verifier.answer = 500, {"error": "down"}
    down = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="t")
    assert down.status_code == 503 and "captcha provider" in down.text
    verifier.status, verifier.answer = 200, {"success": True, "hostname": "evil.example"}
    page, _ = _page(world)
    assert _refusal(browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="t")) == (
        "Captcha verification failed"
    )
    site(captcha_verify_url="http://127.0.0.1:9/siteverify")  # nobody listens
    page, _ = _page(world)
    closed = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="t")
    assert closed.status_code == 503
    reasons = {e["details"]["reason"] for e in _audited(world, "stepup.captcha.failed")}
    assert reasons == {"CAPTCHA_FAILED", "CAPTCHA_UNAVAILABLE"}


def test_a_pow_solution_is_bound_to_its_challenge(world, site):
    suite, admin, app, codes, browser = world
    site(require_captcha_for_2fa=True, captcha_provider="pow", pow_difficulty=12)
    page_a, info_a = _page(world)
    page_b, info_b = _page(world)
    assert info_a["captcha_provider"] == "pow" and info_a["pow_difficulty"] == 12
    assert info_a["pow_challenge"] and info_a["pow_challenge"] != info_b["pow_challenge"]
    assert info_a["pow_challenge"] in page_a.text
    assert "https:" not in _directive(page_a.headers["content-security-policy"], "script-src")  # no outside script

    nonce = _solve(info_a["pow_challenge"], 12)
    while _solves(info_b["pow_challenge"], nonce, 12):  # a nonce that solves A's puzzle only
        nonce = _solve(info_a["pow_challenge"], 12, int(nonce) + 1)
    other = browser.submit(page_b, decision="confirm", acknowledged="yes", code=codes[0], captcha_token=nonce)
    assert _refusal(other) == "Captcha verification failed"  # A's solution does not open B
    page_c, _ = _page(world)
    garbage = browser.submit(page_c, decision="confirm", acknowledged="yes", code=codes[0], captcha_token="x y")
    assert _refusal(garbage) == "Captcha verification failed"
    page_d, info_d = _page(world)
    unsolved = next(str(n) for n in range(10**6) if not _solves(info_d["pow_challenge"], str(n), 12))
    wrong = browser.submit(page_d, decision="confirm", acknowledged="yes", code=codes[0], captcha_token=unsolved)
    assert _refusal(wrong) == "Captcha verification failed"
    assert len(_audited(world, "stepup.captcha.failed")) == 3

    back = _confirm(browser, page_a, codes[0], pow_nonce=nonce)  # the spec's `pow_nonce` name works as well
    assert _verify(suite, admin, app, back["code"]).json()["method"] == "backup"
    again = browser.submit(page_a, decision="confirm", acknowledged="yes", code=codes[1], captcha_token=nonce)
    assert again.status_code == 404  # spent with its challenge


def test_none_is_a_no_op_and_the_sudo_path_asks_no_captcha(world, site):
    suite, admin, app, codes, browser = world
    site(require_captcha_for_2fa=True, captcha_provider="none")
    page, info = _page(world, require_captcha=True)
    assert info["captcha_required"] is False and 'id="captcha"' not in page.text
    back = _confirm(browser, page, codes[0], remember="yes")  # no token, no refusal; a sudo window opens
    assert _verify(suite, admin, app, back["code"]).json()["method"] == "backup"
    site(captcha_provider="pow", pow_difficulty=8)
    page, info = _page(world)
    assert info["captcha_required"] is True and 'id="sudo-active"' in page.text and 'id="captcha"' not in page.text
    answer = browser.submit(page, decision="confirm", acknowledged="yes")  # within the window: no captcha
    assert answer.status_code == 303, answer.text[:1000]
    code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
    assert _verify(suite, admin, app, code).json()["method"] == "sudo"


def test_an_app_adds_the_gate_but_cannot_lift_the_sites(world, site):
    suite, admin, app, codes, browser = world
    site(require_captcha_for_2fa=False, captcha_provider="pow", pow_difficulty=8)
    page, info = _page(world)
    assert info["captcha_required"] is False and info["pow_challenge"] == ""
    assert _verify(suite, admin, app, _confirm(browser, page, codes[0])["code"]).status_code == 200
    page, info = _page(world, require_captcha=True)  # the app asks for one on its high-stakes action
    assert info["captcha_required"] is True and 'id="captcha"' in page.text
    assert browser.submit(page, decision="confirm", acknowledged="yes", code=codes[1]).status_code == 400
    back = _confirm(browser, page, codes[1], captcha_token=_solve(info["pow_challenge"], 8))
    assert _verify(suite, admin, app, back["code"]).status_code == 200
    site(require_captcha_for_2fa=True)
    page, info = _page(world, require_captcha=False)  # the app cannot switch the site's gate off
    assert info["captcha_required"] is True
    refused = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[2])
    assert refused.status_code == 400 and "captcha" in refused.text


def test_only_prisms_services_read_the_captcha_secret(world, site):
    suite, admin = world[0], world[1]
    site(captcha_secret_key="the-secret")
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        request = directory_pb2.GetCaptchaSecretRequest(name="siteSettings")
        found = stub.GetCaptchaSecret(request, metadata=internal_metadata(suite), timeout=10)
        assert found.captcha_secret_key == "the-secret"
        with pytest.raises(grpc.RpcError) as refused:  # an organization's admin
            stub.GetCaptchaSecret(request, metadata=admin.metadata, timeout=10)
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        with pytest.raises(grpc.RpcError) as anonymous:
            stub.GetCaptchaSecret(request, timeout=10)
        assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
    shown = api(suite, "GET", "/api/v1/siteSettings", admin.token)
    assert "the-secret" not in shown.text


def test_in_chromium_the_page_solves_the_proof_of_work(world, site):
    suite, admin, _, codes, _ = world
    site(require_captcha_for_2fa=True, captcha_provider="pow", pow_difficulty=14)
    with AppCallback() as callback, chromium() as driver:
        app = register_app(suite, admin, display_name="Treasury", redirect_uris=[callback.url("/2fa-callback")])
        body = {"redirect_uri": callback.url("/2fa-callback"), "action": "Send $9,000 to ACME", "nonce": "n-2"}
        url = httpx.post(
            f"{_oauth(suite, admin)}/challenges", json=body, auth=(app.client_id, app.client_secret), timeout=20
        ).json()["url"]

        def wait(css: str):
            return WebDriverWait(driver, 30).until(
                expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
            )

        driver.get(f"{url}&state=st-pow")
        wait("#username").send_keys(admin.username)
        driver.find_element(By.ID, "password").send_keys(admin.password)
        driver.find_element(By.ID, "sign-in").click()
        wait("#code").send_keys(codes[0])
        driver.find_element(By.ID, "verify").click()
        wait("#captcha")
        driver.find_element(By.ID, "code").send_keys(codes[1])
        driver.find_element(By.ID, "acknowledged").click()
        WebDriverWait(driver, 90).until(lambda d: d.find_element(By.ID, "confirm").is_enabled())  # solved
        assert driver.find_element(By.ID, "captcha-status").text == "Browser checked."
        nonce = driver.find_element(By.ID, "captcha_token").get_attribute("value")
        assert nonce.isdigit()
        driver.find_element(By.ID, "confirm").click()
        WebDriverWait(driver, 30).until(lambda d: any("/2fa-callback?" in hit for hit in callback.hits))
        query = parse_qs(urlsplit(next(h for h in callback.hits if "/2fa-callback?" in h)).query)
        assert query["state"] == ["st-pow"] and "code" in query, query
        proof = httpx.post(
            f"{_oauth(suite, admin)}/verify",
            data={"code": query["code"][0], "redirect_uri": callback.url("/2fa-callback")},
            auth=(app.client_id, app.client_secret),
            timeout=20,
        ).json()
        assert proof["action"] == "Send $9,000 to ACME" and proof["method"] == "backup"
