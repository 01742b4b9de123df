"""Upstream SSO through a real SAML 2.0 IdP (pysaml2 signing with xmlsec1), in headless Chromium and
by hand: the good sign-in, and a tampered, an expired, a wrapped, an unsigned, another audience's and
a replayed response, each refused with a clear page, no session and a gateway.login.failed event."""

from __future__ import annotations

import base64
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from lxml import etree
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support import mfa
from tests.support.chromium import chromium
from tests.support.databases import database_url
from tests.support.directory import api
from tests.support.saml_idp import GIVEN_NAME, MAIL, SURNAME, start_saml_idp
from tests.support.suite import free_port, start_suite

SLUG = "corp-saml"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"


@pytest.fixture(scope="module")
def saml(tmp_path_factory, backend):
    """(suite, acme's admin, the IdP): Prism with the IdP (from its metadata file) as platform provider
    `corp-saml`; `acme` is the default organization, where a first sign-in creates the account."""
    directory = tmp_path_factory.mktemp(f"saml-{backend}")
    port = free_port()
    with start_saml_idp(directory / "idp") as idp:
        (directory / "idp-metadata.xml").write_text(idp.metadata_xml())
        config = directory / "authProviders.config.yml"
        config.write_text(
            "providers:\n"
            f"  {SLUG}:\n"
            "    type: saml\n"
            '    label: "Corp SAML"\n'
            "    config:\n"
            "      idp_metadata_filepath: idp-metadata.xml\n"  # relative to the providers file
            "    attributesMapping:\n"
            f'      email: "{MAIL}"\n'
            f'      firstName: "{GIVEN_NAME}"\n'
            f'      lastName: "{SURNAME}"\n'
        )
        env = {**mfa.MFA_ON, "AUTH_PROVIDERS_CONFIG": str(config), "PRISM_DEFAULT_ORGANIZATION": "acme"}
        with database_url(backend, directory) as url:
            suite = start_suite(directory / "suite", database_url=url, extra_env=env, port=port)
            try:
                acme = mfa.create_enrolled_org(suite, "Acme", exact=True)
                metadata = httpx.get(f"{suite.base_url}/api/v1/login/{SLUG}/metadata?org=acme", timeout=10)
                assert metadata.status_code == 200, metadata.text
                idp.trust(metadata.text)  # what an IdP admin does with Prism's SP metadata
                yield suite, acme, idp
            finally:
                suite.stop()


def _events(suite, admin, action: str, reason: str | None = None) -> list[dict]:
    deadline = time.monotonic() + 10
    while True:
        answer = api(
            suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin, params={"action_prefix": action}
        )
        found = [
            e
            for e in answer.json().get("audit_events", [])
            if e["details"].get("provider") == SLUG and (reason is None or e["details"].get("reason") == reason)
        ]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def _start(suite, admin) -> tuple[httpx.Client, str, str]:
    """A browser (an httpx client keeping cookies) that started a SAML sign-in: (it, SAMLRequest, RelayState)."""
    browser = httpx.Client(base_url=suite.base_url, follow_redirects=False, timeout=20)
    started = browser.get(f"/api/v1/login/{SLUG}?org={admin.slug}")
    assert started.status_code == 303, started.text
    query = parse_qs(urlsplit(started.headers["location"]).query)
    assert "prism_sso" in browser.cookies
    return browser, query["SAMLRequest"][0], query["RelayState"][0]


def _post(browser: httpx.Client, response: str, relay_state: str, rebound: bool = False) -> httpx.Response:
    form = {"SAMLResponse": response, "RelayState": relay_state, **({"prism_rebound": "1"} if rebound else {})}
    return browser.post("/api/v1/login/callback", data=form)


def _refused(answer: httpx.Response, words: str) -> None:
    assert answer.status_code == 401, answer.text
    assert answer.headers["content-type"].startswith("text/html") and words in answer.text
    assert not [c for c in answer.headers.get_list("set-cookie") if c.startswith("prism_session")]


def _edit(response: str, change) -> str:
    root = etree.fromstring(base64.b64decode(response))
    change(root)
    return base64.b64encode(etree.tostring(root)).decode()


def test_sign_in_through_the_saml_idp_in_a_browser(saml):
    suite, admin, _ = saml
    with chromium() as driver:
        driver.get(f"{suite.base_url}/login?org={admin.slug}")
        WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, f"sso-{SLUG}"))).click()
        field = WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.NAME, "username")))
        assert urlsplit(driver.current_url).hostname == "localhost"  # the IdP, on another site
        field.send_keys("ivy.chen")
        driver.find_element(By.ID, "idp-submit").click()
        # the IdP's cross-site POST, Prism's same-site rebound (carrying the binding cookie), then signed in
        WebDriverWait(driver, 30).until(expected_conditions.title_contains("Administrators only"))
        assert urlsplit(driver.current_url).path == "/apps"
    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    ivy = next(u for u in users if u["email"] == "ivy.chen@example.com")
    assert ivy["kind"] == "external" and ivy["provider"] == SLUG and ivy["display_name"] == "Ivy Chen"
    succeeded = _events(suite, admin, "gateway.login.succeeded")
    assert succeeded and succeeded[0]["actor"] == ivy["user_id"]
    claims = succeeded[0]["details"]["claims"]  # what the IdP asserted, for writing attributesMapping
    assert claims["name_id"] == "id-ivy.chen" and claims[MAIL] == "ivy.chen@example.com"
    assert [e for e in _events(suite, admin, "gateway.login.started")]


def test_sp_metadata_names_the_entity_and_the_acs(saml):
    suite, admin, _ = saml
    answer = httpx.get(f"{suite.base_url}/api/v1/login/{SLUG}/metadata", params={"org": admin.slug}, timeout=10)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/samlmetadata+xml")
    root = etree.fromstring(answer.content)
    assert root.get("entityID") == f"{suite.base_url}/api/v1/login/{SLUG}/metadata"
    acs = root.find(".//{urn:oasis:names:tc:SAML:2.0:metadata}AssertionConsumerService")
    assert acs.get("Location") == f"{suite.base_url}/api/v1/login/callback"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
    missing = httpx.get(f"{suite.base_url}/api/v1/login/nope/metadata", params={"org": admin.slug}, timeout=10)
    assert missing.status_code == 404


def test_a_good_response_signs_in_once_and_its_replay_is_refused(saml):
    suite, admin, idp = saml
    browser, request, relay = _start(suite, admin)
    _, response = idp.respond(request, "jack.ross")
    first = _post(browser, response, relay)
    assert first.status_code == 303 and first.headers["location"].startswith("/apps"), first.text
    assert [c for c in first.headers.get_list("set-cookie") if c.startswith("prism_session")]

    # the same POST again (the binding cookie went with the sign-in: it comes round through the rebound page)
    assert 'name="prism_rebound"' in _post(browser, response, relay).text
    replayed = _post(browser, response, relay, rebound=True)
    _refused(replayed, "already completed")
    assert _events(suite, admin, "gateway.login.failed", "SAML_REPLAYED")

    # the captured response, carried into a sign-in someone else started, answers another request
    other, _, other_relay = _start(suite, admin)
    _refused(_post(other, response, other_relay), "answers another sign-in request")
    assert _events(suite, admin, "gateway.login.failed", "SAML_IN_RESPONSE_TO")


@pytest.mark.parametrize(
    ("case", "reason", "words"),
    [
        ("tampered", "BAD_SIGNATURE", "signature does not verify"),
        ("expired", "SAML_EXPIRED", "expired at"),
        ("audience", "SAML_AUDIENCE", "https://other.example/sp"),
        ("unsigned", "SAML_UNSIGNED", "neither the response nor its assertion is signed"),
        ("wrapped", "SAML_ASSERTION_COUNT", "exactly one assertion"),
    ],
)
def test_bad_responses_are_refused_with_a_clear_event(saml, case, reason, words):
    suite, admin, idp = saml
    browser, request, relay = _start(suite, admin)
    if case == "expired":
        _, response = idp.respond(request, "kim.park", lifetime_minutes=-10)
    elif case == "audience":
        _, response = idp.respond(request, "kim.park", audience="https://other.example/sp")
    elif case == "unsigned":
        _, response = idp.respond(request, "kim.park", sign_assertion=False)
    else:
        _, response = idp.respond(request, "kim.park")
    if case == "tampered":  # another person's email in the signed assertion

        def swap(root):
            value = next(v for v in root.iter(f"{{{SAML}}}AttributeValue") if "@" in (v.text or ""))
            value.text = "admin@example.com"

        response = _edit(response, swap)
    if case == "wrapped":  # XML signature wrapping: an unsigned evil assertion beside the signed one

        def wrap(root):
            genuine = root.find(f"{{{SAML}}}Assertion")
            evil = etree.fromstring(etree.tostring(genuine))
            evil.set("ID", "_evil")
            evil.remove(evil.find("{http://www.w3.org/2000/09/xmldsig#}Signature"))
            root.insert(list(root).index(genuine), evil)

        response = _edit(response, wrap)
    _refused(_post(browser, response, relay), words)
    failed = _events(suite, admin, "gateway.login.failed", reason)
    assert failed, f"no gateway.login.failed event with reason {reason}"
    assert words in failed[0]["details"]["detail"]
    users = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/users", admin).json()["users"]
    assert not [u for u in users if u["email"] in ("kim.park@example.com", "admin@example.com")]


def test_a_cross_site_post_without_the_binding_cookie_is_rebounded_then_refused(saml):
    suite, admin, idp = saml
    victim_started, request, relay = _start(suite, admin)
    _, response = idp.respond(request, "lee.wong")
    stranger = httpx.Client(base_url=suite.base_url, follow_redirects=False, timeout=20)  # no prism_sso cookie
    rebound = _post(stranger, response, relay)
    assert rebound.status_code == 200 and 'name="prism_rebound" value="1"' in rebound.text
    assert "script-src 'sha256-" in rebound.headers["content-security-policy"]
    again = stranger.post(
        "/api/v1/login/callback", data={"SAMLResponse": response, "RelayState": relay, "prism_rebound": "1"}
    )
    _refused(again, "another browser")
    assert _events(suite, admin, "gateway.login.failed", "BROWSER_MISMATCH")
