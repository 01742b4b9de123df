"""Custom domains: add, prove by DNS TXT (a real DNS server on 127.0.0.1), list, remove; tenant isolation."""

from __future__ import annotations

import pytest

from tests.support.directory import OrgAdmin, api, create_org, login
from tests.support.oidc import add_user


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    return response.json()["error"]


@pytest.fixture
def person(profile_suite):
    admin = create_org(profile_suite, "Domains")
    username, password, user_id = add_user(profile_suite, admin)
    token = login(profile_suite, admin.slug, username, password)
    return admin, user_id, token, f"/api/v1/organizations/{admin.slug}/users/{user_id}/domains"


def _verify(suite, who, name: str):
    return api(suite, "POST", f"/api/v1/{name}:verify", who, json={})


def test_verification_succeeds_only_with_the_right_txt_record(profile_suite, dns_server, person):
    admin, user_id, token, base = person
    created = api(profile_suite, "POST", base, token, json={"domain": "Shop-Example.COM."})
    assert created.status_code == 201, created.text
    domain = created.json()["domain"]
    assert domain["domain"] == "shop-example.com"
    assert domain["name"] == f"organizations/{admin.slug}/users/{user_id}/domains/shop-example.com"
    assert domain["verified"] is False
    assert domain["verification_record"] == "_prism-challenge.shop-example.com"
    value = domain["verification_value"]
    assert value.startswith("prism-verification=") and len(value) > 40

    dns_server.txt.pop("_prism-challenge.shop-example.com", None)
    missing = _error(_verify(profile_suite, token, domain["name"]), 400)
    assert missing["reason"] == "DOMAIN_TXT_MISSING"
    assert "_prism-challenge.shop-example.com" in missing["message"] and value in missing["message"]

    dns_server.txt["_prism-challenge.shop-example.com"] = []  # the name exists, but has no TXT
    assert _error(_verify(profile_suite, token, domain["name"]), 400)["reason"] == "DOMAIN_TXT_MISSING"

    dns_server.txt["_prism-challenge.shop-example.com"] = ["v=spf1 -all", "prism-verification=someone-elses-token"]
    wrong = _error(_verify(profile_suite, token, domain["name"]), 400)
    assert wrong["reason"] == "DOMAIN_TXT_MISMATCH" and value in wrong["message"]
    assert api(profile_suite, "GET", f"/api/v1/{domain['name']}", token).json()["domain"]["verified"] is False

    dns_server.txt["_prism-challenge.shop-example.com"] = ["v=spf1 -all", value]
    verified = _verify(profile_suite, token, domain["name"])
    assert verified.status_code == 200, verified.text
    assert verified.json()["domain"]["verified"] is True and verified.json()["domain"]["verify_time"]
    assert "_prism-challenge.shop-example.com" in dns_server.queries

    listed = api(profile_suite, "GET", base, token).json()["domains"]
    assert [(d["domain"], d["verified"]) for d in listed] == [("shop-example.com", True)]
    assert api(profile_suite, "DELETE", f"/api/v1/{domain['name']}", token).status_code == 200
    assert api(profile_suite, "GET", base, token).json().get("domains", []) == []
    assert _error(api(profile_suite, "DELETE", f"/api/v1/{domain['name']}", token), 404)


@pytest.mark.parametrize(
    "bad",
    ["", "*.example.com", "192.0.2.1", "::1", "localhost", "exa mple.com", "-bad.example.com", "example.123", "a..b"],
)
def test_domain_names_are_validated(profile_suite, person, bad):
    _, _, token, base = person
    error = _error(api(profile_suite, "POST", base, token, json={"domain": bad}), 400)
    assert error["field"] == "domain.domain" and error["message"]


def test_idna_names_and_duplicates(profile_suite, person):
    _, _, token, base = person
    created = api(profile_suite, "POST", base, token, json={"domain": "Bücher.example"})
    assert created.status_code == 201, created.text
    assert created.json()["domain"]["domain"] == "xn--bcher-kva.example"
    again = _error(api(profile_suite, "POST", base, token, json={"domain": "xn--bcher-kva.example"}), 409)
    assert "already added" in again["message"]


def test_one_verified_owner_per_domain_per_organization(profile_suite, dns_server):
    record = "_prism-challenge.owned-example.com"
    first_admin = create_org(profile_suite, "Owner")
    other_org = create_org(profile_suite, "Elsewhere")
    values = []
    names = []
    for admin in (first_admin, first_admin, other_org):
        username, password, user_id = add_user(profile_suite, admin)
        token = login(profile_suite, admin.slug, username, password)
        base = f"/api/v1/organizations/{admin.slug}/users/{user_id}/domains"
        domain = api(profile_suite, "POST", base, token, json={"domain": "owned-example.com"}).json()["domain"]
        values.append(domain["verification_value"])
        names.append((token, domain["name"]))
    dns_server.txt[record] = values  # all three published their token
    assert _verify(profile_suite, names[0][0], names[0][1]).status_code == 200
    taken = _error(_verify(profile_suite, names[1][0], names[1][1]), 409)
    assert taken["reason"] == "DOMAIN_ALREADY_VERIFIED" and "another account" in taken["message"]
    # another organization is another tenant: its user proves the same domain for themself
    assert _verify(profile_suite, names[2][0], names[2][1]).status_code == 200


def test_tenant_isolation_and_who_may_do_what(profile_suite, person):
    admin, user_id, token, base = person
    name = api(profile_suite, "POST", base, token, json={"domain": "mine-example.com"}).json()["domain"]["name"]
    # another user of the organization sees and touches nothing
    other_name, other_password, _ = add_user(profile_suite, admin)
    other = login(profile_suite, admin.slug, other_name, other_password)
    assert api(profile_suite, "GET", base, other).status_code == 403
    assert api(profile_suite, "POST", base, other, json={"domain": "x-example.com"}).status_code == 403
    assert _verify(profile_suite, other, name).status_code == 403
    assert api(profile_suite, "DELETE", f"/api/v1/{name}", other).status_code == 403
    # an admin of another organization neither
    stranger = create_org(profile_suite, "Stranger")
    assert isinstance(stranger, OrgAdmin)
    assert api(profile_suite, "GET", base, stranger).status_code == 403
    assert api(profile_suite, "GET", f"/api/v1/{name}", stranger).status_code == 403
    assert api(profile_suite, "DELETE", f"/api/v1/{name}", stranger).status_code == 403
    # the organization's admin may see and remove, but never add or verify in the user's name
    assert api(profile_suite, "POST", base, admin, json={"domain": "admin-example.com"}).status_code == 403
    assert _verify(profile_suite, admin, name).status_code == 403
    assert [d["domain"] for d in api(profile_suite, "GET", base, admin).json()["domains"]] == ["mine-example.com"]
    assert api(profile_suite, "DELETE", f"/api/v1/{name}", admin).status_code == 200
    assert api(profile_suite, "GET", base, token).json().get("domains", []) == []
