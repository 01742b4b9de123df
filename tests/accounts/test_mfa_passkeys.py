"""Passkeys as the second factor of a forced-MFA sign-in (MFA_FORCE_LOCAL), and re-authentication with a
passkey on the account security page, in headless Chromium with its virtual WebAuthn authenticator.

WebAuthn needs a secure context and a domain as RP ID: PRISM_PUBLIC_URL is http://localhost:<port>.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import mfa
from tests.support.chromium import authenticator_credentials, chromium, virtual_authenticator
from tests.support.databases import database_url
from tests.support.directory import api
from tests.support.suite import free_port, start_suite


@pytest.fixture(scope="module")
def mfa_localhost_suite(backend, tmp_path_factory):
    directory = tmp_path_factory.mktemp(f"mfa-passkeys-{backend}")
    port = free_port()
    with database_url(backend, directory) as url:
        running = start_suite(
            directory,
            database_url=url,
            port=port,
            extra_env={"PRISM_PUBLIC_URL": f"http://localhost:{port}", **mfa.MFA_ON},
        )
        running.public_url = f"http://localhost:{port}"
        yield running
        running.stop()


def _wait(driver, css: str, seconds: float = 30):
    return WebDriverWait(driver, seconds).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _password(driver, suite, admin) -> None:
    driver.get(f"{suite.public_url}/account/security?org={admin.slug}")
    _wait(driver, "#username").send_keys(admin.username)
    driver.find_element(By.ID, "password").send_keys(admin.password)
    driver.find_element(By.ID, "sign-in").click()
    _wait(driver, "#mfa-form")


def _logins(suite, admin) -> list[dict]:
    answer = api(
        suite,
        "GET",
        f"/api/v1/organizations/{admin.slug}/auditEvents",
        admin.token,
        params={"action_prefix": "gateway.login.succeeded"},
    )
    assert answer.status_code == 200, answer.text
    return answer.json().get("audit_events", [])


def test_a_passkey_finishes_an_mfa_sign_in_and_reauthenticates(mfa_localhost_suite):
    suite = mfa_localhost_suite
    mfa.settle(20)
    admin = mfa.create_enrolled_org(suite, "Keys", step=-1)
    with chromium() as driver:
        authenticator = virtual_authenticator(driver)
        # 1. password + TOTP (no passkey yet: no "Use a passkey"), then a proof to add the passkey
        _password(driver, suite, admin)
        assert not driver.find_elements(By.ID, "use-passkey")
        driver.find_element(By.ID, "code").send_keys(mfa.code(admin.secret, 0))
        driver.find_element(By.ID, "verify").click()
        _wait(driver, "#reauth-section")  # a factor exists: changes need a proof on this session
        assert not driver.find_elements(By.ID, "add-passkey")
        driver.find_element(By.ID, "reauth-code").send_keys(mfa.code(admin.secret, 1))
        driver.find_element(By.ID, "reauth-confirm").click()
        _wait(driver, "#reauth-until")
        driver.find_element(By.ID, "passkey-name").clear()
        driver.find_element(By.ID, "passkey-name").send_keys("Laptop")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "add-passkey").is_enabled())
        driver.find_element(By.ID, "add-passkey").click()
        assert _wait(driver, "#notice").text == "Your passkey Laptop is ready.", driver.page_source[:3000]

        # 2. a new sign-in: the MFA page offers the passkey, which finishes it (amr pwd pop mfa)
        driver.delete_all_cookies()
        _password(driver, suite, admin)
        button = _wait(driver, "#use-passkey")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "use-passkey").is_enabled())
        button.click()
        _wait(driver, "#passkeys-section")
        assert driver.find_element(By.ID, "user").text == admin.username
        assert authenticator_credentials(driver, authenticator)[0]["signCount"] >= 1
        latest = _logins(suite, admin)[0]
        assert latest["details"]["claims"]["amr"] == ["pwd", "pop", "mfa"], latest

        # 3. re-authentication with the passkey on this new session
        assert driver.find_elements(By.ID, "reauth-section")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "reauth-use-passkey").is_enabled())
        driver.find_element(By.ID, "reauth-use-passkey").click()
        _wait(driver, "#reauth-until")
        assert driver.find_elements(By.CSS_SELECTOR, ".remove-passkey")

        # 4. an assertion is bound to its ticket: captured on the page, it does not finish another sign-in
        driver.delete_all_cookies()
        _password(driver, suite, admin)
        _wait(driver, "#use-passkey")
        driver.execute_script("HTMLFormElement.prototype.requestSubmit = function () {};")
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "use-passkey").is_enabled())
        driver.find_element(By.ID, "use-passkey").click()
        WebDriverWait(driver, 20).until(lambda d: d.find_element(By.ID, "passkey-assertion").get_attribute("value"))
        assertion = driver.find_element(By.ID, "passkey-assertion").get_attribute("value")
        ticket = mfa.login(suite, admin.slug, admin.username, admin.password).json()["mfa"]["ticket"]
        elsewhere = mfa.finish(suite, ticket, "", passkey_assertion=assertion)
        assert elsewhere.status_code == 401, elsewhere.text
        assert elsewhere.json()["error"]["reason"] == "PASSKEY_CHALLENGE_MISMATCH"
        # on its own page it still works once
        driver.execute_script("document.getElementById('mfa-passkey-form').submit();")
        _wait(driver, "#passkeys-section")
