"""Spec 002's step-up 2FA, its five steps and its threat model, against the real suite (MFA on)."""

from __future__ import annotations

import base64
import concurrent.futures
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import mfa
from tests.support.chromium import AppCallback, chromium
from tests.support.directory import api
from tests.support.oidc import CALLBACK, Browser, register_app


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _oauth(suite, admin) -> str:
    return f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/2fa"


def _challenge(suite, admin, app, **fields) -> httpx.Response:
    body = {"redirect_uri": CALLBACK, "action": "Confirm wire transfer of $1,000", "nonce": "order_abc123", **fields}
    return httpx.post(
        f"{_oauth(suite, admin)}/challenges", json=body, auth=(app.client_id, app.client_secret), timeout=20
    )


def _signed_in_page(suite, admin, browser: Browser, url: str, state: str, code: str = "") -> httpx.Response:
    page = browser.get(f"{url}&state={state}")
    if page.status_code == 303:  # not signed in yet: sign-in, then the second factor, then back here
        login = browser.get(page.headers["location"])
        step = browser.submit(login, username=admin.username, password=admin.password)
        assert 'id="code"' in step.text, step.text[:1000]
        back = browser.submit(step, code=code or mfa.code(admin.secret, 1))
        assert back.status_code == 303, back.text[:1000]
        page = browser.get(back.headers["location"])
    assert page.status_code == 200 and 'id="stepup-form"' in page.text, page.text[:2000]
    return page


def _confirm(browser: Browser, page: httpx.Response, code: str, **extra) -> dict[str, str]:
    answer = browser.submit(page, decision="confirm", acknowledged="yes", code=code, **extra)
    assert answer.status_code == 303, answer.text[:1000]
    location = answer.headers["location"]
    assert location.startswith(CALLBACK), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _verify(suite, admin, app, code: str, **form) -> httpx.Response:
    data = {"code": code, "redirect_uri": CALLBACK, **form}
    return httpx.post(f"{_oauth(suite, admin)}/verify", data=data, auth=(app.client_id, app.client_secret), timeout=20)


def test_the_five_steps_with_a_backup_code(world):
    suite, admin, app, codes, browser = world
    created = _challenge(suite, admin, app)  # step 1
    assert created.status_code == 200, created.text
    body = created.json()
    assert set(body) == {"challenge_id", "expires_at", "url"} and body["challenge_id"] in body["url"]
    page = _signed_in_page(suite, admin, browser, body["url"], "csrf-state-1")  # step 2
    assert "Confirm wire transfer of $1,000" in page.text and "Payments" in page.text  # step 3
    assert 'id="confirm" name="decision" value="confirm" type="submit" disabled' in page.text
    back = _confirm(browser, page, codes[0])  # step 4
    assert back["state"] == "csrf-state-1"
    proof = _verify(suite, admin, app, back["code"])  # step 5
    assert proof.status_code == 200, proof.text
    result = proof.json()
    assert set(result) == {"user_id", "client_id", "verified_at", "action", "nonce", "method"}
    assert result["user_id"] == admin.user_id and result["client_id"] == app.client_id
    assert result["action"] == "Confirm wire transfer of $1,000" and result["nonce"] == "order_abc123"
    assert result["method"] == "backup"
    again = _verify(suite, admin, app, back["code"])
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"  # a second redemption fails
    events = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin.token).json()
    actions = {e["action"] for e in events["audit_events"]}
    assert {"stepup.challenge.created", "stepup.challenge.confirmed"} <= actions


def test_totp_and_deny(world):
    suite, admin, app, codes, browser = world
    url = _challenge(suite, admin, app).json()["url"]
    page = _signed_in_page(suite, admin, browser, url, "s1", code=codes[9])  # signed in with a backup code
    back = _confirm(browser, page, mfa.code(admin.secret, 1))  # a step after the enrolment's
    assert _verify(suite, admin, app, back["code"]).json()["method"] == "totp"
    url = _challenge(suite, admin, app, action="Delete the project").json()["url"]
    page = _signed_in_page(suite, admin, browser, url, "s2")
    denied = browser.submit(page, decision="deny")
    assert denied.status_code == 303
    query = parse_qs(urlsplit(denied.headers["location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["s2"] and "code" not in query


def test_a_code_is_bound_to_client_redirect_and_verifier(world):
    suite, admin, app, codes, browser = world
    verifier = secrets.token_urlsafe(48)
    url = _challenge(suite, admin, app, code_challenge=_s256(verifier), code_challenge_method="S256").json()["url"]
    back = _confirm(browser, _signed_in_page(suite, admin, browser, url, "s"), codes[2])
    other = register_app(suite, admin, display_name="Other")
    stolen = httpx.post(
        f"{_oauth(suite, admin)}/verify",
        data={"code": back["code"], "redirect_uri": CALLBACK, "code_verifier": verifier},
        auth=(other.client_id, other.client_secret),
        timeout=20,
    )
    assert stolen.status_code == 400 and stolen.json()["error"] == "invalid_grant"
    elsewhere = _verify(
        suite, admin, app, back["code"], redirect_uri="https://app.example.com/other", code_verifier=verifier
    )
    assert elsewhere.status_code == 400
    no_verifier = _verify(suite, admin, app, back["code"])
    assert no_verifier.status_code == 400
    wrong_verifier = _verify(suite, admin, app, back["code"], code_verifier=secrets.token_urlsafe(48))
    assert wrong_verifier.status_code == 400
    assert _verify(suite, admin, app, back["code"], code_verifier=verifier).status_code == 200  # none of those burnt it


def test_twenty_concurrent_redemptions_give_one_proof(world):
    suite, admin, app, codes, browser = world
    url = _challenge(suite, admin, app).json()["url"]
    back = _confirm(browser, _signed_in_page(suite, admin, browser, url, "s"), codes[3])
    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda _: _verify(suite, admin, app, back["code"]).status_code, range(20)))
    assert sorted(statuses) == [200] + [400] * 19


def test_tampered_and_oversized_requests(world):
    suite, admin, app, codes, browser = world
    unregistered = _challenge(suite, admin, app, redirect_uri="https://evil.example/cb")
    assert unregistered.status_code == 400 and "redirect_uri" in unregistered.text
    assert _challenge(suite, admin, app, action="x" * 201).status_code == 400
    assert _challenge(suite, admin, app, nonce="x" * 257).status_code == 400
    assert _challenge(suite, admin, app, action="x" * 200, nonce="n" * 256).status_code == 200
    no_secret = httpx.post(
        f"{_oauth(suite, admin)}/challenges",
        json={"redirect_uri": CALLBACK, "action": "a", "client_id": app.client_id, "client_secret": "wrong"},
        timeout=20,
    )
    assert no_secret.status_code == 401 and no_secret.json()["error"] == "invalid_client"
    url = _challenge(suite, admin, app).json()["url"]
    page = _signed_in_page(suite, admin, browser, url, "s" * 513)
    too_long = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[4])
    assert too_long.status_code == 400  # state is length-capped
    page = _signed_in_page(suite, admin, browser, url, "s")
    unticked = browser.submit(page, decision="confirm", code=codes[4])
    assert unticked.status_code == 400 and "tick" in unticked.text  # no blind confirmation
    # the URL carries only the challenge id: changing anything else changes nothing pinned
    tampered = url.replace("challenge_id=", "action=Pay+the+attacker&redirect_uri=https://evil.example&challenge_id=")
    page = _signed_in_page(suite, admin, browser, tampered, "s")
    assert "Confirm wire transfer of $1,000" in page.text and "Pay the attacker" not in page.text
    back = _confirm(browser, page, codes[4])
    assert _verify(suite, admin, app, back["code"]).json()["action"] == "Confirm wire transfer of $1,000"


def test_a_wrong_code_burns_the_challenge_and_the_ninth_attempt_is_refused(world):
    suite, admin, app, codes, browser = world
    url = _challenge(suite, admin, app).json()["url"]
    page = _signed_in_page(suite, admin, browser, url, "s")
    failed = browser.submit(page, decision="confirm", acknowledged="yes", code="000000")
    assert failed.status_code == 303 and "error=access_denied" in failed.headers["location"]
    gone = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[5])  # same challenge again
    assert gone.status_code == 404
    for _ in range(7):  # attempts 2..8 in this window: each on a fresh challenge, each wrong
        page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
        assert browser.submit(page, decision="confirm", acknowledged="yes", code="000000").status_code == 303
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    ninth = browser.submit(page, decision="confirm", acknowledged="yes", code=codes[5])
    assert ninth.status_code == 429 and int(ninth.headers["retry-after"]) > 0


def test_the_sixty_first_challenge_in_a_minute_is_refused(world):
    suite, admin, app, _, _ = world
    statuses = [_challenge(suite, admin, app).status_code for _ in range(60)]
    assert statuses == [200] * 60
    refused = _challenge(suite, admin, app)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0


def test_in_chromium_confirm_waits_for_the_tick(world):
    suite, admin, _, codes, _ = world
    with AppCallback() as callback, chromium() as driver:
        app = register_app(suite, admin, display_name="Treasury", redirect_uris=[callback.url("/2fa-callback")])
        body = {"redirect_uri": callback.url("/2fa-callback"), "action": "Send $5,000 to ACME", "nonce": "n-1"}
        url = httpx.post(
            f"{_oauth(suite, admin)}/challenges", json=body, auth=(app.client_id, app.client_secret), timeout=20
        ).json()["url"]

        def wait(css: str):
            return WebDriverWait(driver, 30).until(
                expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
            )

        driver.get(f"{url}&state=st-9")
        wait("#username").send_keys(admin.username)  # signed out: the sign-in comes first
        driver.find_element(By.ID, "password").send_keys(admin.password)
        driver.find_element(By.ID, "sign-in").click()
        wait("#code").send_keys(codes[6])
        driver.find_element(By.ID, "verify").click()
        confirm = wait("#confirm")  # back on the confirmation page
        assert driver.find_element(By.ID, "action").text == "Send $5,000 to ACME"
        assert not confirm.is_enabled()  # blind clicking is not possible
        driver.find_element(By.ID, "code").send_keys(codes[7])
        driver.find_element(By.ID, "acknowledged").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "confirm").is_enabled())
        driver.find_element(By.ID, "confirm").click()
        WebDriverWait(driver, 30).until(lambda d: any("/2fa-callback?" in hit for hit in callback.hits))
        hit = next(h for h in callback.hits if "/2fa-callback?" in h)
        query = parse_qs(urlsplit(hit).query)
        assert query["state"] == ["st-9"]
        proof = httpx.post(
            f"{_oauth(suite, admin)}/verify",
            data={"code": query["code"][0], "redirect_uri": callback.url("/2fa-callback")},
            auth=(app.client_id, app.client_secret),
            timeout=20,
        ).json()
        assert proof["action"] == "Send $5,000 to ACME" and proof["method"] == "backup" and proof["nonce"] == "n-1"
