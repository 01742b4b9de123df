"""Spec 002's sudo mode: after a factor the user may skip further factors (never the acknowledgement)
for one app on one browser session, until the TTL, a revoke, or a logout."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx

from tests.stepup.test_challenges import _challenge, _confirm, _oauth, _signed_in_page, _verify
from tests.support import mfa
from tests.support.directory import api
from tests.support.oidc import Browser, register_app


def _sudo_confirm(browser: Browser, page: httpx.Response) -> dict[str, str]:
    """Confirm without a code: a proof when a sudo window is open, access_denied otherwise."""
    answer = browser.submit(page, decision="confirm", acknowledged="yes")
    assert answer.status_code == 303, answer.text[:1000]
    return {k: v[0] for k, v in parse_qs(urlsplit(answer.headers["location"]).query).items()}


def test_sudo_window_is_bound_to_user_session_and_app(world):
    suite, admin, app, codes, browser = world
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    assert 'id="remember"' in page.text and 'id="sudo-active"' not in page.text
    back = _confirm(browser, page, codes[0], remember="yes")
    assert _verify(suite, admin, app, back["code"]).json()["method"] == "backup"

    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    assert 'id="sudo-active"' in page.text and 'id="code"' not in page.text  # no factor asked
    unticked = browser.submit(page, decision="confirm")
    assert unticked.status_code == 400  # the acknowledgement is still required
    back = _sudo_confirm(browser, page)
    proof = _verify(suite, admin, app, back["code"]).json()
    assert proof["method"] == "sudo" and proof["user_id"] == admin.user_id

    other_app = register_app(suite, admin, display_name="Other app")  # not across apps
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, other_app).json()["url"], "s")
    assert 'id="sudo-active"' not in page.text
    assert _sudo_confirm(browser, page)["error"] == "access_denied"

    elsewhere = Browser(suite)  # not across sessions: the same user in another browser
    try:
        page = _signed_in_page(suite, admin, elsewhere, _challenge(suite, admin, app).json()["url"], "s", codes[1])
        assert 'id="sudo-active"' not in page.text
        assert _sudo_confirm(elsewhere, page)["error"] == "access_denied"
    finally:
        elsewhere.close()

    # not across users: a colleague signs in on the same app
    made = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/users",
        admin.token,
        json={"username": "colleague", "password": "password-of-colleague"},
    )
    assert made.status_code == 201
    colleague = Browser(suite)
    try:
        first = colleague.get(_challenge(suite, admin, app).json()["url"] + "&state=s")
        login = colleague.get(first.headers["location"])
        enrol = colleague.submit(login, username="colleague", password="password-of-colleague")
        secret = mfa.secret_of(enrol.text)
        back_here = colleague.submit(enrol, password="password-of-colleague", code=mfa.code(secret))
        page = colleague.get(back_here.headers["location"])
        assert 'id="sudo-active"' not in page.text
        assert _sudo_confirm(colleague, page)["error"] == "access_denied"
    finally:
        colleague.close()


def test_revoke_and_logout_end_the_window(world):
    suite, admin, app, codes, browser = world
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    _confirm(browser, page, codes[2], remember="yes")
    revoked = httpx.post(
        f"{_oauth(suite, admin)}/sudo/revoke",
        json={"client_id": app.client_id},
        headers={"authorization": f"Bearer {admin.token}"},
        timeout=20,
    )
    assert revoked.status_code == 200 and revoked.json() == {"revoked": 1}
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    assert 'id="sudo-active"' not in page.text

    _confirm(browser, page, codes[3], remember="yes")  # a new window ...
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    assert 'id="sudo-active"' in page.text
    logout = browser.get(f"/api/v1/organizations/{admin.slug}/oauth/end_session")
    assert logout.status_code in (200, 302, 303)
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s", codes[4])
    assert 'id="sudo-active"' not in page.text  # ... gone with the session it belonged to
    assert _sudo_confirm(browser, page)["error"] == "access_denied"
    no_token = httpx.post(f"{_oauth(suite, admin)}/sudo/revoke", json={"client_id": app.client_id}, timeout=20)
    assert no_token.status_code == 401


def test_a_ttl_of_zero_turns_sudo_mode_off(world, platform_admin):
    suite, admin, app, codes, browser = world
    page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
    _confirm(browser, page, codes[5], remember="yes")
    root = platform_admin  # its admins change the site settings

    def ttl(minutes: int) -> None:
        changed = api(
            suite,
            "PATCH",
            "/api/v1/siteSettings",
            root.token,
            params={"update_mask": "sudo_mode_ttl_minutes"},
            json={"sudo_mode_ttl_minutes": minutes},
        )
        assert changed.status_code == 200, changed.text

    ttl(0)
    try:
        page = _signed_in_page(suite, admin, browser, _challenge(suite, admin, app).json()["url"], "s")
        assert 'id="sudo-active"' not in page.text and 'id="remember"' not in page.text  # the open window too
        assert _sudo_confirm(browser, page)["error"] == "access_denied"
    finally:
        ttl(15)
