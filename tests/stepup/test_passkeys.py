"""Passkeys for step-up (spec 002: "prompts for TOTP or passkey"): registered on the account security
page in headless Chromium with its virtual WebAuthn authenticator, then used for the five steps.

WebAuthn needs a secure context and an RP ID that is a domain, so this suite's PRISM_PUBLIC_URL is
http://localhost:<port> (Chromium treats localhost as secure, and it is the RP ID).
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.chromium import AppCallback, authenticator_credentials, chromium, virtual_authenticator
from tests.support.databases import database_url
from tests.support.directory import api, create_org
from tests.support.oidc import register_app
from tests.support.suite import free_port, start_suite


@pytest.fixture(scope="module")
def localhost_suite(backend, tmp_path_factory):
    directory = tmp_path_factory.mktemp(f"passkeys-{backend}")
    port = free_port()
    with database_url(backend, directory) as url:
        running = start_suite(
            directory, database_url=url, port=port, extra_env={"PRISM_PUBLIC_URL": f"http://localhost:{port}"}
        )
        running.public_url = f"http://localhost:{port}"
        yield running
        running.stop()


def _wait(driver, css: str, seconds: float = 30):
    return WebDriverWait(driver, seconds).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _sign_in_and_add_passkey(driver, suite, admin, name: str) -> None:
    driver.get(f"{suite.public_url}/account/security?org={admin.slug}")
    _wait(driver, "#username").send_keys(admin.username)  # signed out: the sign-in comes first
    driver.find_element(By.ID, "password").send_keys(admin.password)
    driver.find_element(By.ID, "sign-in").click()
    _wait(driver, "#passkeys-section")
    assert driver.find_element(By.ID, "passkey-count").text == "0"
    field = driver.find_element(By.ID, "passkey-name")
    field.clear()
    field.send_keys(name)
    WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "add-passkey").is_enabled())
    driver.find_element(By.ID, "add-passkey").click()
    notice = _wait(driver, "#notice")
    assert notice.text == f"Your passkey {name} is ready.", driver.page_source[:3000]
    assert [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, ".passkey-name")] == [name]


def _challenge(suite, admin, app, redirect_uri: str, action: str, nonce: str = "n-1") -> str:
    answer = httpx.post(
        f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/2fa/challenges",
        json={"redirect_uri": redirect_uri, "action": action, "nonce": nonce},
        auth=(app.client_id, app.client_secret),
        timeout=20,
    )
    assert answer.status_code == 200, answer.text
    url = answer.json()["url"]
    assert url.startswith(suite.public_url)
    return url


def _back_in_app(driver, callback: AppCallback, state: str) -> dict[str, str]:
    WebDriverWait(driver, 30).until(lambda d: any(f"state={state}" in hit for hit in callback.hits))
    hit = next(h for h in callback.hits if f"state={state}" in h)
    return {k: v[0] for k, v in parse_qs(urlsplit(hit).query).items()}


def _verify(suite, admin, app, code: str, redirect_uri: str) -> httpx.Response:
    return httpx.post(
        f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/2fa/verify",
        data={"code": code, "redirect_uri": redirect_uri},
        auth=(app.client_id, app.client_secret),
        timeout=20,
    )


def test_the_five_steps_with_a_passkey_registered_on_the_security_page(localhost_suite):
    suite = localhost_suite
    admin = create_org(suite, "Vault")
    with AppCallback() as callback, chromium() as driver:
        authenticator = virtual_authenticator(driver)
        _sign_in_and_add_passkey(driver, suite, admin, "Work laptop")
        held = authenticator_credentials(driver, authenticator)
        assert len(held) == 1 and held[0]["rpId"] == "localhost"
        listed = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}/passkeys", admin)
        assert listed.status_code == 200, listed.text
        (passkey,) = listed.json()["passkeys"]
        assert passkey["display_name"] == "Work laptop" and passkey["transports"] == ["internal"]
        assert passkey["name"].startswith(f"organizations/{admin.slug}/users/{admin.user_id}/passkeys/")
        assert int(passkey["created_at"]) > 0 and int(passkey.get("last_used_at", 0)) == 0
        factors = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}/factors", admin)
        assert factors.json()["passkeys"] == 1

        redirect_uri = callback.url("/2fa-callback")
        app = register_app(suite, admin, display_name="Treasury", redirect_uris=[redirect_uri])
        url = _challenge(suite, admin, app, redirect_uri, "Send $5,000 to ACME")  # step 1
        driver.get(f"{url}&state=st-1")  # step 2 (already signed in in this browser)
        use = _wait(driver, "#use-passkey")  # step 3: the action, the tick, the passkey
        assert driver.find_element(By.ID, "action").text == "Send $5,000 to ACME"
        assert not driver.find_elements(By.ID, "code")  # no TOTP, no backup codes: the passkey only
        assert not use.is_enabled()  # blind clicking is not possible
        driver.find_element(By.ID, "acknowledged").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "use-passkey").is_enabled())
        use.click()
        back = _back_in_app(driver, callback, "st-1")  # step 4
        assert "error" not in back and back["code"]
        proof = _verify(suite, admin, app, back["code"], redirect_uri)  # step 5
        assert proof.status_code == 200, proof.text
        assert proof.json() == {
            "user_id": admin.user_id,
            "client_id": app.client_id,
            "verified_at": proof.json()["verified_at"],
            "action": "Send $5,000 to ACME",
            "nonce": "n-1",
            "method": "passkey",
        }
        assert authenticator_credentials(driver, authenticator)[0]["signCount"] >= 1
        listed = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}/passkeys", admin)
        assert int(listed.json()["passkeys"][0]["last_used_at"]) > 0


def _capture_assertion(driver, url: str, state: str) -> str:
    """The assertion the page's script makes for this challenge, kept from being submitted."""
    driver.get(f"{url}&state={state}")
    _wait(driver, "#use-passkey")
    driver.execute_script("HTMLFormElement.prototype.requestSubmit = function () {};")
    driver.find_element(By.ID, "acknowledged").click()
    driver.find_element(By.ID, "use-passkey").click()
    WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "passkey-assertion").get_attribute("value"))
    return driver.find_element(By.ID, "passkey-assertion").get_attribute("value")


def _submit_assertion(driver, url: str, state: str, assertion: str) -> None:
    driver.get(f"{url}&state={state}")
    _wait(driver, "#use-passkey")
    driver.execute_script("document.getElementById('passkey-assertion').value = arguments[0];", assertion)
    driver.find_element(By.ID, "acknowledged").click()
    driver.find_element(By.ID, "confirm").click()


def test_an_assertion_for_another_challenge_or_a_replayed_one_is_refused(localhost_suite):
    suite = localhost_suite
    admin = create_org(suite, "Vault")
    with AppCallback() as callback, chromium() as driver:
        virtual_authenticator(driver)
        _sign_in_and_add_passkey(driver, suite, admin, "Phone")
        redirect_uri = callback.url("/2fa-callback")
        app = register_app(suite, admin, display_name="Treasury", redirect_uris=[redirect_uri])
        first = _challenge(suite, admin, app, redirect_uri, "Pay invoice 1")
        assertion = _capture_assertion(driver, first, "st-a")

        other = _challenge(suite, admin, app, redirect_uri, "Pay invoice 2")
        _submit_assertion(driver, other, "st-b", assertion)  # made for the first challenge
        refused = _back_in_app(driver, callback, "st-b")
        assert refused["error"] == "access_denied" and "code" not in refused

        _submit_assertion(driver, first, "st-c", assertion)  # where it belongs: accepted, once
        accepted = _back_in_app(driver, callback, "st-c")
        assert _verify(suite, admin, app, accepted["code"], redirect_uri).json()["method"] == "passkey"

        third = _challenge(suite, admin, app, redirect_uri, "Pay invoice 3")
        _submit_assertion(driver, third, "st-d", assertion)  # replayed
        replayed = _back_in_app(driver, callback, "st-d")
        assert replayed["error"] == "access_denied" and "code" not in replayed

    events = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin).json()["audit_events"]
    failed = [e for e in events if e["action"] == "stepup.challenge.failed"]
    assert len(failed) == 2, failed


def test_tenants_and_other_users_cannot_touch_someone_elses_passkeys(localhost_suite):
    suite = localhost_suite
    owner, stranger = create_org(suite, "Vault"), create_org(suite, "Other")
    mine = f"/api/v1/organizations/{owner.slug}/users/{owner.user_id}/passkeys"
    assert api(suite, "GET", mine, owner).json().get("passkeys", []) == []
    assert api(suite, "GET", mine, stranger).status_code == 403  # another organization
    started = api(suite, "POST", f"{mine}:startRegistration", stranger, json={})
    assert started.status_code == 403
    forged = api(suite, "POST", mine, owner, json={"credential": '{"response": {}}', "display_name": "x"})
    assert forged.status_code == 400 and "credential" in forged.text
    unknown = api(suite, "DELETE", f"{mine}/00000000-0000-0000-0000-000000000000", owner)
    assert unknown.status_code == 404
    options = api(suite, "POST", f"{mine}:startRegistration", owner, json={"account_name": "admin"})
    assert options.status_code == 200, options.text
    assert '"rp": {"name": "Prism", "id": "localhost"}' in options.json()["options"]
