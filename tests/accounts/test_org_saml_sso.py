"""Organization SSO through SAML (spec 001, issue 10): an organization's own SAML provider, kept by the
directory, receives the people whose email matches its pattern from the sign-in page; they sign in at
a real SAML IdP (pysaml2) in headless Chromium and become members of that organization at their first
sign-in. The provider's SP metadata is served per organization, and a provider with a bad certificate
or bad metadata is refused at creation (REST and CLI) with a message naming what is wrong."""

from __future__ import annotations

import time
import uuid
from urllib.parse import urlsplit

import httpx
import pytest
from lxml import etree
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.support.chromium import chromium
from tests.support.cli import prism_cli
from tests.support.directory import OrgAdmin, api, create_org
from tests.support.saml_idp import GIVEN_NAME, MAIL, SURNAME, start_saml_idp

SLUG = "corp-saml"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
MAPPING = {"email": MAIL, "firstName": GIVEN_NAME, "lastName": SURNAME}


@pytest.fixture(scope="module")
def org_saml(suite, tmp_path_factory):
    """(suite, globex's admin, initech's admin, the IdP, globex's email domain): globex has its own SAML
    provider `corp-saml` (from the IdP's metadata) for `*@{domain}`; initech is another organization."""
    domain = f"globex-{uuid.uuid4().hex[:8]}.example"
    with start_saml_idp(tmp_path_factory.mktemp("org-saml-idp")) as idp:
        globex, initech = create_org(suite, "Globex"), create_org(suite, "Initech")
        created = api(
            suite,
            "POST",
            _path(globex),
            globex,
            json={
                "slug": SLUG,
                "type": "saml",
                "label": "Globex SAML",
                "email_patterns": [f"*@{domain}"],
                "idp_metadata": idp.metadata_xml(),
                "attributes_mapping": MAPPING,
            },
        )
        assert created.status_code == 201, created.text
        metadata = httpx.get(f"{suite.base_url}/api/v1/login/{SLUG}/metadata", params={"org": globex.slug}, timeout=10)
        assert metadata.status_code == 200, metadata.text
        idp.trust(metadata.text)  # what Globex's IdP admin does with the SP metadata
        yield suite, globex, initech, idp, domain


def _path(admin: OrgAdmin, slug: str = "") -> str:
    base = f"/api/v1/organizations/{admin.slug}/ssoProviders"
    return f"{base}/{slug}" if slug else base


def _wait_for(driver, css: str):
    return WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))


def _events(suite, admin, action: str) -> list[dict]:
    deadline = time.monotonic() + 10
    while True:
        answer = api(
            suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin, params={"action_prefix": action}
        )
        found = [e for e in answer.json().get("audit_events", []) if e["details"].get("provider") == SLUG]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def test_the_provider_is_stored_with_what_its_metadata_says(org_saml):
    suite, globex, _, idp, domain = org_saml
    provider = api(suite, "GET", _path(globex, SLUG), globex).json()["sso_provider"]
    assert provider["type"] == "saml" and provider["label"] == "Globex SAML"
    assert provider["entry_point"] == idp.sso_url and provider["idp_entity_id"] == idp.entity_id
    assert [c.split() for c in provider["idp_certificates"]] == [idp.cert_pem.split()]
    assert provider["email_patterns"] == [f"*@{domain}"] and provider["attributes_mapping"] == MAPPING
    assert "idp_metadata" not in provider  # write only: what was read from it is kept
    assert not provider.get("client_id") and not provider.get("client_secret_set")


def _entity_id(url: str, organization: str, expected: str) -> str:
    """The entityID of the SP metadata, once it is `expected` (the token service caches an organization's
    providers for a few seconds) or after 15 s."""
    deadline, found = time.monotonic() + 15, ""
    while found != expected and time.monotonic() < deadline:
        answer = httpx.get(url, params={"org": organization}, timeout=10)
        found = etree.fromstring(answer.content).get("entityID") if answer.status_code == 200 else ""
        if found != expected:
            time.sleep(0.5)
    return found


def test_sp_metadata_is_served_per_organization_provider(org_saml):
    suite, globex, initech, idp, _ = org_saml
    url = f"{suite.base_url}/api/v1/login/{SLUG}/metadata"
    answer = httpx.get(url, params={"org": globex.slug}, timeout=10)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/samlmetadata+xml")
    root = etree.fromstring(answer.content)
    assert root.get("entityID") == f"{url}?org={globex.slug}"  # its own entity id: not shared with other orgs
    acs = root.find(f".//{{{MD}}}AssertionConsumerService")
    assert acs.get("Location") == f"{suite.base_url}/api/v1/login/callback"
    # initech has no such provider (and there is no platform one): nothing to serve
    assert httpx.get(url, params={"org": initech.slug}, timeout=10).status_code == 404

    # a provider of the same slug in another organization, without metadata (entry point and certificate)
    made = api(
        suite,
        "POST",
        _path(initech),
        initech,
        json={"slug": SLUG, "type": "saml", "entry_point": idp.sso_url, "idp_certificates": [idp.cert_pem]},
    )
    assert made.status_code == 201, made.text
    try:
        assert _entity_id(url, initech.slug, f"{url}?org={initech.slug}") == f"{url}?org={initech.slug}"
        given = api(
            suite,
            "PATCH",
            _path(initech, SLUG),
            initech,
            params={"update_mask": "sp_entity_id"},
            json={"sp_entity_id": "urn:initech:prism"},
        )
        assert given.status_code == 200, given.text
        assert _entity_id(url, initech.slug, "urn:initech:prism") == "urn:initech:prism"
    finally:
        api(suite, "DELETE", _path(initech, SLUG), initech)
        # wait out the token service's few seconds of cache, so that later tests see initech without it
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if httpx.get(url, params={"org": initech.slug}, timeout=10).status_code == 404:
                break
            time.sleep(0.5)


def test_people_are_routed_by_email_and_become_members_at_first_sign_in(org_saml):
    suite, globex, initech, _, domain = org_saml
    email = f"gina.lee@{domain}"
    with chromium() as driver:
        driver.get(f"{suite.base_url}/login?org={initech.slug}")
        _wait_for(driver, "#username")
        assert not driver.find_elements(By.ID, f"sso-{SLUG}")  # another organization's provider is not offered
        driver.get(f"{suite.base_url}/login?org={globex.slug}")
        assert _wait_for(driver, f"#sso-{SLUG}").text.strip() == "Globex SAML"
        _wait_for(driver, "#username").send_keys(email)  # the email first: routed, no password asked
        driver.find_element(By.ID, "sign-in").click()
        # at the IdP (another site; Prism's own page has a field named username too, so wait for the move)
        WebDriverWait(driver, 30).until(lambda d: urlsplit(d.current_url).hostname == "localhost")
        assert urlsplit(driver.current_url).path == "/sso"
        field = _wait_for(driver, "input[name=username]")
        field.send_keys(email)
        driver.find_element(By.ID, "idp-submit").click()
        # the IdP's cross-site POST to the ACS, Prism's same-site rebound, then signed in (the Apps page)
        WebDriverWait(driver, 30).until(expected_conditions.title_contains("Administrators only"))
        assert urlsplit(driver.current_url).path == "/apps"
    users = api(suite, "GET", f"/api/v1/organizations/{globex.slug}/users", globex).json()["users"]
    gina = next(u for u in users if u["email"] == email)
    assert gina["kind"] == "external" and gina["provider"] == SLUG and gina["display_name"] == "Gina Lee"
    assert gina["role"] == "user" and gina["email_verified"] is True
    succeeded = _events(suite, globex, "gateway.login.succeeded")
    assert succeeded and succeeded[0]["actor"] == gina["user_id"]
    details = succeeded[0]["details"]
    assert details["provider_scope"] == "organization" and details["created"] is True
    assert details["claims"][MAIL] == email and details["claims"]["name_id"] == f"id-{email}"
    # the other organization made no account
    others = api(suite, "GET", f"/api/v1/organizations/{initech.slug}/users", initech).json()["users"]
    assert [u["username"] for u in others] == ["admin"]


def test_another_organization_cannot_see_or_change_the_provider(org_saml):
    suite, globex, initech, _, _ = org_saml
    foreign = f"/api/v1/organizations/{globex.slug}/ssoProviders/{SLUG}"
    assert api(suite, "GET", foreign, initech).status_code in (403, 404)
    patched = api(
        suite,
        "PATCH",
        foreign,
        initech,
        params={"update_mask": "entry_point"},
        json={"entry_point": "https://evil.test/"},
    )
    assert patched.status_code in (403, 404)
    assert (
        api(suite, "GET", _path(globex, SLUG), globex)
        .json()["sso_provider"]["entry_point"]
        .startswith("http://localhost")
    )


BAD_CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUSomething\n-----END CERTIFICATE-----\n"
SP_ONLY = (
    f'<md:EntityDescriptor xmlns:md="{MD}" entityID="https://sp.test">'
    f'<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE md [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<md:EntityDescriptor xmlns:md="{MD}" entityID="https://idp.test">&x;</md:EntityDescriptor>'
)


def _idp_metadata_with(idp, certificate_body: str) -> str:
    body = "".join(line for line in idp.cert_pem.splitlines() if "-----" not in line)
    return idp.metadata_xml().replace(body, certificate_body)


@pytest.mark.parametrize(
    ("case", "field", "words"),
    [
        ("garbage certificate", "idp_certificates", "idp_certificates is not a valid X.509 certificate"),
        ("not a certificate", "idp_certificates", "idp_certificates must be a PEM certificate or its base64 body"),
        ("no certificate", "idp_certificates", "idp_certificates (the IdP's signing certificate, PEM) is required"),
        ("no entry point", "entry_point", "entry_point (the IdP's single sign-on URL"),
        ("ftp entry point", "entry_point", "entry_point must be an http(s) URL"),
        ("not xml", "idp_metadata", "idp_metadata is unusable: not well-formed XML"),
        ("doctype", "idp_metadata", "idp_metadata is unusable: a DOCTYPE is not allowed"),
        ("sp metadata", "idp_metadata", "has no IDPSSODescriptor"),
        ("bad certificate in metadata", "idp_metadata", "its X509Certificate is not a valid X.509 certificate"),
        ("oidc fields", "client_secret", "client_secret is an OpenID Connect setting"),
        ("unknown mapping", "attributes_mapping", "attributes_mapping maps only firstName, lastName and email"),
    ],
)
def test_a_bad_saml_provider_is_refused_with_a_clear_message(org_saml, case, field, words):
    suite, _, _, idp, _ = org_saml
    admin = create_org(suite, "Bad Saml")
    body = {"slug": "bad-saml", "type": "saml", "entry_point": idp.sso_url, "idp_certificates": [idp.cert_pem]}
    body.update(
        {
            "garbage certificate": {"idp_certificates": [BAD_CERT]},
            "not a certificate": {"idp_certificates": ["this is not a certificate!"]},
            "no certificate": {"idp_certificates": []},
            "no entry point": {"entry_point": ""},
            "ftp entry point": {"entry_point": "ftp://idp.test/sso"},
            "not xml": {"idp_metadata": "<EntityDescriptor", "entry_point": "", "idp_certificates": []},
            "doctype": {"idp_metadata": XXE, "entry_point": "", "idp_certificates": []},
            "sp metadata": {"idp_metadata": SP_ONLY, "entry_point": "", "idp_certificates": []},
            "bad certificate in metadata": {"idp_metadata": _idp_metadata_with(idp, "QUJD"), "idp_certificates": []},
            "oidc fields": {"client_secret": "s3cret"},
            "unknown mapping": {"attributes_mapping": {"groups": "memberOf"}},
        }[case]
    )
    response = api(suite, "POST", _path(admin), admin, json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["reason"], error.get("field")) == ("INVALID_ARGUMENT", f"sso_provider.{field}")
    assert words in error["message"], error["message"]
    assert api(suite, "GET", _path(admin), admin).json()["sso_providers"] == []


def test_an_update_is_checked_the_same_way(org_saml):
    suite, _, _, idp, _ = org_saml
    admin = create_org(suite, "Saml Update")
    made = api(
        suite,
        "POST",
        _path(admin),
        admin,
        json={"slug": "upd", "type": "saml", "entry_point": idp.sso_url, "idp_certificates": [idp.cert_pem]},
    )
    assert made.status_code == 201, made.text
    assert made.json()["sso_provider"]["idp_entity_id"] == ""  # not configured: the certificate vouches

    def patch(mask: str, **fields):
        return api(suite, "PATCH", _path(admin, "upd"), admin, params={"update_mask": mask}, json=fields)

    refused = patch("idp_certificates", idp_certificates=[BAD_CERT])
    assert refused.status_code == 400 and "not a valid X.509 certificate" in refused.json()["error"]["message"]
    refused = patch("client_secret", client_secret="x")
    assert refused.status_code == 400 and "is an OpenID Connect setting" in refused.json()["error"]["message"]
    # new metadata replaces the entry point, certificates and IdP entity id it gives
    updated = patch("idp_metadata,audience", idp_metadata=idp.metadata_xml(), audience="urn:acme:prism")
    assert updated.status_code == 200, updated.text
    provider = updated.json()["sso_provider"]
    assert provider["idp_entity_id"] == idp.entity_id and provider["audience"] == "urn:acme:prism"
    assert provider["entry_point"] == idp.sso_url and len(provider["idp_certificates"]) == 1


def test_cli_creates_a_saml_provider_and_refuses_a_bad_certificate(org_saml, tmp_path):
    suite, _, _, idp, _ = org_saml
    admin = create_org(suite, "Saml Cli")
    logged_in = prism_cli(
        suite, tmp_path, "auth", "login", "--org", admin.slug, "--username", "admin", "--password", admin.password
    )
    assert logged_in.returncode == 0, logged_in.stderr
    bad = tmp_path / "bad.pem"
    bad.write_text(BAD_CERT)
    refused = prism_cli(
        suite, tmp_path, "sso-providers", "create", "--slug", "corp", "--type", "saml",
        "--entry-point", idp.sso_url, "--idp-cert", str(bad),
    )  # fmt: skip
    assert refused.returncode != 0
    assert "idp_certificates is not a valid X.509 certificate" in refused.stderr + refused.stdout

    metadata = tmp_path / "idp.xml"
    metadata.write_text(idp.metadata_xml())
    created = prism_cli(
        suite, tmp_path, "sso-providers", "create", "--slug", "corp", "--type", "saml",
        "--idp-metadata", str(metadata), "--email-pattern", f"*@cli-{uuid.uuid4().hex[:8]}.example",
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    shown = dict(line.split(None, 1) for line in created.stdout.strip().splitlines() if len(line.split(None, 1)) == 2)
    assert shown["type"] == "saml" and shown["entry_point"] == idp.sso_url and shown["idp_entity_id"] == idp.entity_id

    # spec 001's file format, as for the platform: the metadata file is read by the CLI
    config = tmp_path / "authProviders.config.yml"
    config.write_text(
        "providers:\n"
        "  corp-file:\n"
        "    type: saml\n"
        "    config:\n"
        "      idp_metadata_filepath: idp.xml\n"
        "      issuer: urn:acme:sp\n"
    )
    from_file = prism_cli(suite, tmp_path, "sso-providers", "create", "--from-file", str(config))
    assert from_file.returncode == 0, from_file.stderr
    provider = api(suite, "GET", _path(admin, "corp-file"), admin).json()["sso_provider"]
    assert provider["type"] == "saml" and provider["sp_entity_id"] == "urn:acme:sp"
    assert provider["entry_point"] == idp.sso_url and provider["attributes_mapping"]["email"].endswith("emailaddress")
