"""The account security page (/account/security): a user's own TOTP enrolment and backup codes, as
plain HTML forms (passkeys on the same page: tests/stepup/test_passkeys.py, in Chromium)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.support import mfa
from tests.support.directory import api, create_org
from tests.support.oidc import CALLBACK, Browser, add_user, register_app


def _signed_in(suite, browser: Browser, slug: str, username: str, password: str) -> httpx.Response:
    first = browser.get(f"/account/security?org={slug}")
    assert first.status_code == 303 and first.headers["location"].startswith("/login?"), first.text[:500]
    login = browser.get(first.headers["location"])
    back = browser.sign_in(login, username, password)
    assert back.status_code == 303, back.text[:1000]
    page = browser.get(back.headers["location"])
    assert page.status_code == 200 and 'id="totp-section"' in page.text, page.text[:2000]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    return page


def _post(browser: Browser, slug: str, page: httpx.Response, **fields) -> httpx.Response:
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    return browser.client.post(f"/account/security?org={slug}", data={"csrf": csrf, **fields})


def _codes(page: httpx.Response) -> list[str]:
    listed = re.search(r'<ol id="backup-codes".*?</ol>', page.text, re.S)
    return re.findall(r"<code>([a-z0-9-]+)</code>", listed.group(0)) if listed else []


def test_totp_enrolment_with_the_qr_code_and_a_code(suite):
    admin = create_org(suite, "Sec")
    username, password, user_id = add_user(suite, admin)
    browser = Browser(suite)
    try:
        page = _signed_in(suite, browser, admin.slug, username, password)
        assert 'id="totp-qr"' in page.text and "<svg" in page.text and 'id="totp-status">not set up' in page.text
        secret = mfa.secret_of(page.text)
        assert re.search(r'data-otpauth="otpauth://totp/[^"]*secret=' + secret, page.text)
        mfa.settle()
        wrong = _post(browser, admin.slug, page, op="totp", code="000000" if mfa.code(secret) != "000000" else "111111")
        assert wrong.status_code == 401 and 'id="error"' in wrong.text and "not valid" in wrong.text
        done = _post(browser, admin.slug, wrong, op="totp", code=mfa.code(secret))
        assert done.status_code == 200, done.text[:2000]
        assert "Your authenticator app is set up." in done.text and 'id="totp-status">set up' in done.text
        assert 'id="totp-qr"' not in done.text  # the secret is not shown again
        factors = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{user_id}/factors", admin)
        assert factors.json()["totp_enrolled"] is True
        # now that a factor exists, changing factors needs a proof on this session (re-authentication)
        assert 'id="reauth-section"' in done.text and 'id="totp-replace"' not in done.text
        assert 'id="regenerate-backup-codes"' not in done.text and 'id="passkey-form"' not in done.text
        again = _post(browser, admin.slug, done, op="totp", code=mfa.code(secret, 1))
        assert again.status_code == 400 and "confirm it is you first" in again.text
    finally:
        browser.close()


def test_backup_codes_are_shown_once_and_work_for_a_step_up(suite):
    admin = create_org(suite, "Sec")
    browser = Browser(suite)
    try:
        page = _signed_in(suite, browser, admin.slug, admin.username, admin.password)
        assert 'id="backup-remaining">0 left' in page.text and not _codes(page)
        made = _post(browser, admin.slug, page, op="backup-codes")
        codes = _codes(made)
        assert made.status_code == 200 and len(codes) == 10 and len(set(codes)) == 10
        assert "Store these codes now." in made.text and 'id="backup-remaining">10 left' in made.text
        later = browser.get(f"/account/security?org={admin.slug}")
        assert not _codes(later) and not any(code in later.text for code in codes)  # shown once
        assert 'id="backup-remaining">10 left' in later.text

        app = register_app(suite, admin, display_name="Payments")
        created = httpx.post(
            f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/2fa/challenges",
            json={"redirect_uri": CALLBACK, "action": "Close the account", "nonce": "n-7"},
            auth=(app.client_id, app.client_secret),
            timeout=20,
        )
        confirm = browser.get(created.json()["url"].removeprefix(suite.base_url) + "&state=s-7")
        assert confirm.status_code == 200 and 'id="stepup-form"' in confirm.text, confirm.text[:2000]
        answer = browser.submit(confirm, decision="confirm", acknowledged="yes", code=codes[3])
        assert answer.status_code == 303, answer.text[:1000]
        back = {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}
        proof = httpx.post(
            f"{suite.base_url}/api/v1/organizations/{admin.slug}/oauth/2fa/verify",
            data={"code": back["code"], "redirect_uri": CALLBACK},
            auth=(app.client_id, app.client_secret),
            timeout=20,
        )
        assert proof.json()["method"] == "backup" and proof.json()["action"] == "Close the account"
        after = browser.get(f"/account/security?org={admin.slug}")
        assert 'id="backup-remaining">9 left' in after.text
    finally:
        browser.close()


def test_the_page_needs_a_session_and_its_forms_need_the_csrf_token(suite):
    admin = create_org(suite, "Sec")
    browser = Browser(suite)
    try:
        page = _signed_in(suite, browser, admin.slug, admin.username, admin.password)
        forged = browser.client.post(f"/account/security?org={admin.slug}", data={"csrf": "x", "op": "backup-codes"})
        assert forged.status_code == 403 and "Store these codes now." not in forged.text
        unknown = _post(browser, admin.slug, page, op="drop-everything")
        assert unknown.status_code == 400 and "op must be one of" in unknown.text
        bad = _post(browser, admin.slug, page, op="passkey", credential="not json", display_name="Key")
        assert bad.status_code == 400 and 'id="error"' in bad.text and "WebAuthn credential" in bad.text
    finally:
        browser.close()
    fresh = Browser(suite)
    try:
        assert fresh.get(f"/account/security?org={admin.slug}").status_code == 303  # no session: sign in first
    finally:
        fresh.close()
