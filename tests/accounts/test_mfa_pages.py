"""MFA_FORCE_LOCAL on the sign-in pages, in headless Chromium: enrolment from the QR code's secret,
then a code on every later sign-in, before the app receives its authorization code."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import mfa
from tests.support.chromium import AppCallback, chromium
from tests.support.oidc import add_user, pkce_pair, register_app


def _wait_for(driver, css: str):
    return WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _authorize(driver, suite, slug: str, client_id: str, redirect_uri: str) -> None:
    _, challenge = pkce_pair()
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile",
        "state": "state-1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    driver.get(f"{suite.base_url}/api/v1/organizations/{slug}/oauth/authorize?{urlencode(query)}")


def _sign_in(driver, username: str, password: str) -> None:
    _wait_for(driver, "#username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()


def _callbacks(callback: AppCallback) -> list[str]:
    return [hit for hit in callback.hits if "/callback" in hit]  # not the browser's /favicon.ico


def _code_from(driver, callback: AppCallback) -> str:
    _wait_for(driver, "#app")
    query = parse_qs(urlsplit(_callbacks(callback)[-1]).query)
    assert query["state"] == ["state-1"]
    return query["code"][0]


def test_first_sign_in_enrols_later_ones_ask_for_a_code(mfa_suite):
    admin = mfa.create_enrolled_org(mfa_suite)
    username, password, _ = add_user(mfa_suite, admin)
    with AppCallback() as callback, chromium() as driver:
        app = register_app(mfa_suite, admin, redirect_uris=[callback.url("/callback")])

        _authorize(driver, mfa_suite, admin.slug, app.client_id, callback.url("/callback"))
        _sign_in(driver, username, password)
        qr = _wait_for(driver, "#totp-qr")
        assert qr.find_element(By.TAG_NAME, "svg") is not None  # the QR code, drawn inline
        secret = mfa.secret_of(driver.find_element(By.ID, "totp-secret").text)
        assert f"secret={secret}" in qr.get_attribute("data-otpauth")  # the QR code holds the same secret
        assert "Set up two-factor authentication" in driver.find_element(By.TAG_NAME, "h1").text
        assert not _callbacks(callback)  # the app has nothing yet
        driver.find_element(By.ID, "password").send_keys(password)  # enrolment confirms the password
        driver.find_element(By.ID, "code").send_keys(mfa.code(secret))
        driver.find_element(By.ID, "verify").click()
        _wait_for(driver, "#approve").click()
        assert _code_from(driver, callback)

        driver.delete_all_cookies()  # a later sign-in, in a fresh browser
        _authorize(driver, mfa_suite, admin.slug, app.client_id, callback.url("/callback"))
        hits = len(_callbacks(callback))
        _sign_in(driver, username, password)
        _wait_for(driver, "#code")
        assert not driver.find_elements(By.ID, "totp-qr") and not driver.find_elements(By.ID, "password")
        wrong = "000000" if mfa.code(secret) != "000000" else "111111"
        driver.find_element(By.ID, "code").send_keys(wrong)
        driver.find_element(By.ID, "verify").click()
        assert "not valid" in _wait_for(driver, "#error").text
        assert len(_callbacks(callback)) == hits  # refused: still no code for the app
        driver.find_element(By.ID, "code").send_keys(mfa.code(secret, 1))  # a step after the enrolment's
        driver.find_element(By.ID, "verify").click()
        assert _code_from(driver, callback)  # consent was remembered; the code arrives after the TOTP
