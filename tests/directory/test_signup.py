"""PRISM_ORG_SIGNUP: open sign-up by default; with `admin`, only platform admins create organizations."""

from __future__ import annotations

from tests.support.directory import api, login


def _create(suite, name: str, token: str | None = None):
    body = {"organization": {"display_name": name}, "admin_username": "admin", "admin_password": "password1"}
    return api(suite, "POST", "/api/v1/organizations", token, json=body)


def test_admin_only_signup(start_prism):
    suite = start_prism(extra_env={"PRISM_ORG_SIGNUP": "admin", "PRISM_PLATFORM_ORGANIZATION": "platform"})
    refused = _create(suite, "Early Bird")
    assert refused.status_code == 403
    assert refused.json()["error"]["reason"] == "SIGNUP_RESTRICTED"
    assert "PRISM_ORG_SIGNUP=admin" in refused.json()["error"]["message"]

    assert _create(suite, "Platform").status_code == 201  # bootstrap: the platform organization, once
    assert _create(suite, "Platform").status_code == 403  # not a second time, not by anyone
    root = login(suite, "platform", "admin", "password1")
    assert _create(suite, "Customer One", root).status_code == 201

    customer = login(suite, "customer-one", "admin", "password1")
    assert _create(suite, "Customer Two", customer).status_code == 403  # an ordinary admin is no platform admin
    listed = api(suite, "GET", "/api/v1/organizations", root).json()
    assert [o["slug"] for o in listed["organizations"]] == ["platform", "customer-one"]
    assert [o["slug"] for o in api(suite, "GET", "/api/v1/organizations", customer).json()["organizations"]] == [
        "customer-one"
    ]
    everything = api(suite, "GET", "/api/v1/organizations/-/auditEvents", root)
    assert everything.status_code == 200
    assert {e["organization"] for e in everything.json()["audit_events"]} >= {"platform", "customer-one"}
    assert api(suite, "GET", "/api/v1/organizations/-/auditEvents", customer).status_code == 403
    # platform admins administer the platform, not the tenants' resources
    assert api(suite, "GET", "/api/v1/organizations/customer-one/projects", root).status_code == 403
