"""Re-authentication for factor changes (services/stepup/reauth.py): on the account security page and
through the REST API, adding or removing factors needs a recent proof on the browser session."""

from __future__ import annotations

import httpx

from tests.accounts.test_security_page import _codes, _post, _signed_in
from tests.support import mfa
from tests.support.directory import api, create_org
from tests.support.oidc import Browser, add_user


def _audit(suite, admin, prefix: str) -> list[dict]:
    answer = api(
        suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin, params={"action_prefix": prefix}
    )
    assert answer.status_code == 200, answer.text
    return answer.json().get("audit_events", [])


def _enrol(browser: Browser, slug: str, page: httpx.Response) -> tuple[str, httpx.Response]:
    secret = mfa.secret_of(page.text)
    mfa.settle()
    done = _post(browser, slug, page, op="totp", code=mfa.code(secret, -1))
    assert done.status_code == 200 and "Your authenticator app is set up." in done.text, done.text[:2000]
    return secret, done


def test_a_factor_change_needs_a_proof_and_totp_can_be_replaced(suite):
    admin = create_org(suite, "Reauth")
    username, password, user_id = add_user(suite, admin)
    browser = Browser(suite)
    try:
        page = _signed_in(suite, browser, admin.slug, username, password)
        assert (
            'id="reauth-section"' not in page.text and 'id="reauth-until"' in page.text
        )  # first factor: fresh sign-in
        secret, done = _enrol(browser, admin.slug, page)
        assert 'id="reauth-section"' in done.text and 'id="reauth-code"' in done.text
        refused = _post(browser, admin.slug, done, op="backup-codes")
        assert refused.status_code == 400 and "confirm it is you first" in refused.text and not _codes(refused)

        wrong = _post(browser, admin.slug, done, op="reauth", password="not-the-password")
        assert wrong.status_code == 401 and "that password is not right" in wrong.text
        empty = _post(browser, admin.slug, done, op="reauth")
        assert empty.status_code == 400 and "give your password" in empty.text
        proven = _post(browser, admin.slug, done, op="reauth", code=mfa.code(secret, 0))
        assert proven.status_code == 200 and "Thanks, it is you" in proven.text, proven.text[:2000]
        assert 'id="reauth-section"' not in proven.text and 'id="totp-replace"' in proven.text
        replay = _post(browser, admin.slug, proven, op="reauth", code=mfa.code(secret, 0))
        assert replay.status_code == 401  # the same code does not prove it twice

        made = _post(browser, admin.slug, proven, op="backup-codes")
        assert made.status_code == 200 and len(_codes(made)) == 10

        # replacing the authenticator: a new secret, confirmed by its own code; the old one stops working
        offered = _post(browser, admin.slug, made, op="totp-replace")
        assert offered.status_code == 200 and 'id="totp-qr"' in offered.text
        new_secret = mfa.secret_of(offered.text)
        assert new_secret != secret
        swapped = _post(browser, admin.slug, offered, op="totp", code=mfa.code(new_secret, 1))
        assert swapped.status_code == 200 and "Your new authenticator app is set up" in swapped.text, swapped.text[
            :2000
        ]
        assert 'id="totp-qr"' not in swapped.text
        enrolled = [e for e in _audit(suite, admin, "stepup.factor.") if e["target"].endswith(user_id)]
        assert {e["action"] for e in enrolled} == {"stepup.factor.enrolled", "stepup.factor.removed"}
        assert any(e["action"] == "stepup.reauthenticated" for e in _audit(suite, admin, "stepup.reauthenticated"))
    finally:
        browser.close()

    # another browser session of the same user is not re-authenticated by this one's proof
    other = Browser(suite)
    try:
        page = _signed_in(suite, other, admin.slug, username, password)
        assert 'id="reauth-section"' in page.text
        old = _post(other, admin.slug, page, op="reauth", code=mfa.code(secret, 1))
        assert old.status_code == 401  # the replaced authenticator's codes no longer work
        by_password = _post(other, admin.slug, page, op="reauth", password=password)
        assert by_password.status_code == 200 and 'id="regenerate-backup-codes"' in by_password.text
    finally:
        other.close()


def test_the_rest_api_enforces_it_and_keeps_to_the_own_account(suite):
    admin = create_org(suite, "Reauth")
    other_org = create_org(suite, "Other")
    name = f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}"
    # a CLI token (no browser session) just issued counts as its own proof (its login took the password)
    made = api(suite, "POST", f"{name}:regenerateBackupCodes", admin, json={})
    assert made.status_code == 200 and len(made.json()["codes"]) == 10
    status = api(suite, "POST", f"{name}:startReauthentication", admin, json={})
    assert status.status_code == 200 and int(status.json()["allowed_until"]) > 0
    assert status.json()["methods"] == ["password", "backup"]
    # re-authentication itself belongs to a browser session
    sessionless = api(suite, "POST", f"{name}:reauthenticate", admin, json={"password": admin.password})
    assert sessionless.status_code == 400 and "browser session" in sessionless.json()["error"]["message"]
    # tenant isolation: another organization's admin cannot prove anything for this user, nor change factors
    for path in (":reauthenticate", ":startReauthentication", ":regenerateBackupCodes"):
        body = {"password": admin.password} if path == ":reauthenticate" else {}
        foreign = api(suite, "POST", f"{name}{path}", other_org, json=body)
        assert foreign.status_code in (403, 404), (path, foreign.text)
    deleted = api(suite, "DELETE", f"{name}/passkeys/00000000-0000-0000-0000-000000000000", other_org)
    assert deleted.status_code in (403, 404)
