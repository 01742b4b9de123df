"""The pages of local accounts: /signup, /verify-email, /invitations/accept.

They render safely (escaped, script-free, security headers), keep CSRF on every POST, never change
anything on GET, and work in a real browser (headless Chromium accepts an invitation).
"""

from __future__ import annotations

import re

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from gateway.pages import render
from tests.accounts.test_signup import PASSWORD
from tests.support.chromium import chromium
from tests.support.directory import api, create_org, login
from tests.support.html import EVIL, Elements, assert_escaped, parse_page
from tests.support.mail import link_in, logged_email, token_of


def _signup_context(**overrides):
    context = {
        "title": "Create your account",
        "org": "acme",
        "disabled": False,
        "action": "/signup?org=acme",
        "csrf": "csrf-s",
        "sign_in": "/login?org=acme",
        "error": None,
        "form": {},
    }
    context.update(overrides)
    return context


def _invitation_context(**overrides):
    context = {
        "title": "Join Acme",
        "organization": EVIL,
        "org": "acme",
        "team": f"Ops {EVIL}",
        "team_role": "owner",
        "email": "guest@example.com",
        "role": "admin",
        "expires": "2030-01-01 00:00 UTC",
        "action": "/invitations/accept",
        "csrf": "csrf-i",
        "token": "tok-123",
        "can_create": True,
        "can_sign_in": True,
        "error": None,
        "mode": "",
        "form": {},
    }
    context.update(overrides)
    return context


# -- rendering ---------------------------------------------------------------------------------


def test_signup_page():
    html, page = parse_page(render("signup.html", **_signup_context()))
    (form,) = page.all("form")
    assert (form["method"], form["action"]) == ("post", "/signup?org=acme")
    assert page.hidden("csrf") == "csrf-s"
    for element_id, kind in (
        ("username", "text"),
        ("email", "email"),
        ("display_name", "text"),
        ("password", "password"),
    ):
        tag, attrs = page.by_id(element_id)
        assert (tag, attrs["name"], attrs["type"]) == ("input", element_id, kind)
        assert page.all("label", **{"for": element_id})
    assert page.by_id("password")[1]["autocomplete"] == "new-password"
    assert page.by_id("password")[1]["minlength"] == "8"
    assert page.by_id("sign-up")[0] == "button"
    assert page.by_id("sign-in")[1]["href"] == "/login?org=acme"
    assert not page.all("div", role="alert")


def test_signup_page_keeps_what_was_typed_but_the_password():
    form = {"username": EVIL, "email": "a@example.com", "display_name": "Ada"}
    html, page = parse_page(render("signup.html", status=409, **_signup_context(form=form, error=f"taken {EVIL}")))
    assert_escaped(html)
    assert page.by_id("username")[1]["value"] == EVIL
    assert page.by_id("email")[1]["value"] == "a@example.com"
    assert "value" not in page.by_id("password")[1]
    assert page.by_id("error")[1]["role"] == "alert"


def test_signup_page_when_disabled():
    response = render("signup.html", status=403, **_signup_context(disabled=True, title="Sign-up is disabled"))
    html, page = parse_page(response)
    assert response.status_code == 403
    assert not page.all("form") and 'name="password"' not in html
    assert page.by_id("signup-disabled")[1]["role"] == "alert" and "disabled on this server" in html
    assert page.by_id("sign-in")[1]["href"] == "/login?org=acme"


def test_verify_email_page():
    html, page = parse_page(
        render("verify_email.html", title="Confirm your email address", action="/verify-email", csrf="c", token=EVIL)
    )
    assert_escaped(html)
    (form,) = page.all("form")
    assert (form["method"], form["action"]) == ("post", "/verify-email")
    assert page.hidden("token") == EVIL and page.hidden("csrf") == "c"
    assert page.by_id("verify")[1]["type"] == "submit"


def test_link_error_page():
    response = render("link_error.html", status=400, title="This link does not work", message=EVIL)
    html, page = parse_page(response)
    assert_escaped(html)
    assert response.status_code == 400 and page.by_id("message")[1]["role"] == "alert"


def test_invitation_page_offers_both_ways_in():
    html, page = parse_page(render("invitation.html", **_invitation_context()))
    assert_escaped(html)
    assert "Ops &lt;script&gt;" in html
    forms = {f["id"]: f for f in page.all("form")}
    assert set(forms) == {"create-account-form", "existing-account-form"}
    assert {f["action"] for f in forms.values()} == {"/invitations/accept"}
    assert [a["value"] for a in page.all("input", type="hidden", name="token")] == ["tok-123", "tok-123"]
    assert [a["value"] for a in page.all("input", type="hidden", name="mode")] == ["create", "existing"]
    for element_id, name in (
        ("create-username", "username"),
        ("create-display-name", "display_name"),
        ("create-password", "password"),
        ("existing-username", "username"),
        ("existing-password", "password"),
    ):
        assert page.by_id(element_id)[1]["name"] == name
        assert page.all("label", **{"for": element_id})
    assert page.by_id("create-password")[1]["autocomplete"] == "new-password"
    assert page.by_id("existing-password")[1]["autocomplete"] == "current-password"
    assert page.by_id("email")[0] == "dd" and "guest@example.com" in html
    assert page.by_id("role")
    assert page.by_id("create-account")[0] == "button" and page.by_id("sign-in-accept")[0] == "button"


def test_invitation_page_after_an_error_and_with_local_accounts_switched_off():
    context = _invitation_context(error="wrong password", mode="existing", form={"username": "linus"}, team="")
    html, page = parse_page(render("invitation.html", status=401, **context))
    assert page.by_id("existing-username")[1]["value"] == "linus"
    assert page.by_id("create-username")[1]["value"] == ""
    assert page.by_id("error")[1]["role"] == "alert"
    assert 'id="team"' not in html

    _, only_existing = parse_page(render("invitation.html", **_invitation_context(can_create=False, role="user")))
    assert [f["id"] for f in only_existing.all("form")] == ["existing-account-form"]
    assert not only_existing.all("dd", id="role")
    html, neither = parse_page(render("invitation.html", **_invitation_context(can_create=False, can_sign_in=False)))
    assert not neither.all("form")
    assert neither.by_id("no-local-accounts")


# -- the pages served ------------------------------------------------------------------------------


def _hidden(response: httpx.Response, name: str) -> str:
    return Elements(response.text).hidden(name)


def test_signup_page_flow(suite):
    admin = create_org(suite, "Pages")
    with httpx.Client(base_url=suite.base_url, timeout=20) as browser:
        shown = browser.get(f"/signup?org={admin.slug}")
        assert shown.status_code == 200 and 'id="signup-form"' in shown.text
        assert shown.headers["content-security-policy"].startswith("default-src 'none'")
        csrf = _hidden(shown, "csrf")
        form = {"csrf": csrf, "username": "ada", "email": "ada@example.com", "display_name": "", "password": "short"}

        forged = browser.post(f"/signup?org={admin.slug}", data={**form, "csrf": "forged"})
        assert forged.status_code == 403 and "this form has expired" in forged.text
        other_org = create_org(suite, "Elsewhere")
        crossed = browser.post(f"/signup?org={other_org.slug}", data=form)  # the token is bound to its organization
        assert crossed.status_code == 403

        weak = browser.post(f"/signup?org={admin.slug}", data=form)
        assert weak.status_code == 400 and "at least 8 characters" in weak.text
        assert Elements(weak.text).by_id("username")[1]["value"] == "ada"

        done = browser.post(f"/signup?org={admin.slug}", data={**form, "password": PASSWORD})
        assert done.status_code == 200, done.text
        assert "Check your email" in done.text and "ada@example.com" in done.text

        taken = browser.post(f"/signup?org={admin.slug}", data={**form, "password": PASSWORD})
        assert taken.status_code == 409 and "is taken" in taken.text

        link = link_in(logged_email(suite, "ada@example.com")["message"])
        assert browser.get(link).status_code == 200
        assert browser.get(link).status_code == 200  # opening the link twice uses nothing up
        confirm = {"csrf": _hidden(browser.get(link), "csrf"), "token": token_of(link)}
        confirmed = browser.post("/verify-email", data=confirm)
        assert confirmed.status_code == 200 and "Email address confirmed" in confirmed.text
        again = browser.post("/verify-email", data=confirm)
        assert again.status_code == 404 and "already used" in again.text

    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    (ada,) = [u for u in users if u["username"] == "ada"]
    assert ada["email_verified"] is True and ada["display_name"] == "ada"
    assert login(suite, admin.slug, "ada", PASSWORD)


def test_pages_for_unknown_organizations_and_links(suite):
    unknown = httpx.get(f"{suite.base_url}/signup?org=no-such-org", timeout=20)
    assert unknown.status_code == 404 and "text/html" in unknown.headers["content-type"]
    bad_link = httpx.get(f"{suite.base_url}/invitations/accept?token=nonsense", timeout=20)
    assert bad_link.status_code == 404 and "This invitation cannot be used" in bad_link.text
    assert "not valid" in bad_link.text
    no_token = httpx.get(f"{suite.base_url}/invitations/accept", timeout=20)
    assert no_token.status_code == 400


def test_invitation_page_with_an_existing_account(suite):
    admin = create_org(suite, "Join")
    created = api(suite, "POST", f"/api/v1/organizations/{admin.slug}/invitations", admin, json={"email": "j@x.org"})
    url = created.json()["url"]
    with httpx.Client(timeout=20) as browser:
        shown = browser.get(url)
        assert shown.status_code == 200 and "j@x.org" in shown.text
        form = {"csrf": _hidden_of(shown, 1, "csrf"), "token": token_of(url), "mode": "existing", "username": "admin"}
        wrong = browser.post(f"{suite.base_url}/invitations/accept", data={**form, "password": "nope nope"})
        assert wrong.status_code == 401 and "invalid organization, username or password" in wrong.text
        assert Elements(wrong.text).by_id("existing-username")[1]["value"] == "admin"
        joined = browser.post(f"{suite.base_url}/invitations/accept", data={**form, "password": admin.password})
        assert joined.status_code == 200 and "You joined" in joined.text
        assert f'href="/login?org={admin.slug}"' in joined.text
        spent = browser.get(url)
        assert spent.status_code == 400 and "already been accepted" in spent.text


def _hidden_of(response: httpx.Response, index: int, name: str) -> str:
    return Elements(response.text).all("input", type="hidden", name=name)[index]["value"]


def test_chromium_accepts_an_invitation_with_a_new_account(suite):
    admin = create_org(suite, "Browser")
    body = {"team_id": "design", "display_name": "Design"}
    assert api(suite, "POST", f"/api/v1/organizations/{admin.slug}/teams", admin, json=body).status_code == 201
    created = api(
        suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/invitations",
        admin,
        json={"email": "chrome@example.com", "team": "design", "team_role": "member"},
    )
    url = created.json()["url"]
    with chromium() as driver:
        driver.get(url)
        wait = WebDriverWait(driver, 30)
        wait.until(expected_conditions.presence_of_element_located((By.ID, "create-account-form")))
        assert driver.find_element(By.ID, "team").text.startswith("Design")
        assert driver.find_element(By.ID, "email").text == "chrome@example.com"
        driver.find_element(By.ID, "create-username").send_keys("chrome")
        driver.find_element(By.ID, "create-display-name").send_keys("Chrome Person")
        driver.find_element(By.ID, "create-password").send_keys("short")
        driver.find_element(By.ID, "create-account").click()
        # the browser itself refuses a password under 8 characters (minlength): nothing was sent
        assert driver.current_url == url
        driver.find_element(By.ID, "create-password").send_keys(" but now long enough")
        driver.find_element(By.ID, "create-account").click()
        wait.until(lambda d: d.title.startswith("Welcome"))
        message = driver.find_element(By.ID, "message").text
        assert message == f"You joined the team design of {admin.slug} as chrome. Sign in to continue."
        assert re.search(rf"/login\?org={admin.slug}$", driver.find_element(By.ID, "link").get_attribute("href"))

    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    (user,) = [u for u in users if u["username"] == "chrome"]
    assert (user["display_name"], user["email"], user["email_verified"]) == (
        "Chrome Person",
        "chrome@example.com",
        True,
    )
    members = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/teams/design/members", admin).json()["members"]
    assert {m["user_id"]: m["role"] for m in members}[user["user_id"]] == "member"
    assert login(suite, admin.slug, "chrome", "short but now long enough")
