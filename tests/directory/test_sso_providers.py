"""Organization SSO providers: the admins' CRUD over REST, the write-only client secret sealed at
rest, validation, slugs unique per organization and email patterns unique across organizations,
tenant isolation and the token service's internal read with secrets (the CLI: test_sso_providers_cli.py)."""

from __future__ import annotations

import asyncio
import json

import grpc
import pytest
from sqlalchemy import select

from prism.directory.v1 import directory_pb2 as pb
from prism.directory.v1 import directory_pb2_grpc
from prism.runtime.caller import Caller, bind, unbind
from prism.runtime.errors import PermissionDenied
from services.directory.tables import sso_providers
from services.directory.usecases.sso_providers import SsoProviderUseCases
from tests.accounts.test_signup import directory_database
from tests.support.directory import OrgAdmin, api, create_org, internal_metadata, login
from tests.support.sso import provider_secret, provider_secrets, unique_domain

RESERVED = (
    "`prism` is reserved for Prism's own local (password) accounts; an SSO provider named so would make its "
    "users look local and force them into TOTP enrolment they cannot complete — choose another slug, e.g. "
    "`prism-saas`"
)
DEFAULT_MAPPING = {"email": "email", "firstName": "given_name", "lastName": "family_name"}


def _path(admin: OrgAdmin, slug: str = "") -> str:
    base = f"/api/v1/organizations/{admin.slug}/ssoProviders"
    return f"{base}/{slug}" if slug else base


def _fields(**overrides) -> dict:
    fields = {
        "slug": "acme",
        "client_id": "prism-client",
        "client_secret": "s3cret-value",
        "authorization_endpoint": "https://idp.acme.test/authorize",
        "token_endpoint": "https://idp.acme.test/token",
        "jwks_uri": "https://idp.acme.test/jwks",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


def _create(suite, admin: OrgAdmin, **overrides):
    return api(suite, "POST", _path(admin), admin, json=_fields(**overrides))


def _update(suite, admin: OrgAdmin, provider: str, mask: str, **fields):
    return api(suite, "PATCH", _path(admin, provider), admin, params={"update_mask": mask}, json=fields)


def _error(response) -> tuple[int, str, str, str]:
    error = response.json()["error"]
    return response.status_code, error["reason"], error.get("field", ""), error["message"]


def test_create_get_list_update_delete(suite):
    admin = create_org(suite, "Sso Crud")
    domain = unique_domain()
    created = _create(
        suite,
        admin,
        label="Acme Corp",
        icon="https://cdn.acme.test/logo.svg",
        email_patterns=[f"*@{domain.upper()}", f"*@*.{domain}"],
        scopes="openid email profile",
        issuer="https://idp.acme.test",
        attributes_mapping={"firstName": "first_name"},
    )
    assert created.status_code == 201, created.text
    provider = created.json()["sso_provider"]
    create_time = provider.pop("create_time")
    assert create_time.endswith("Z")
    assert provider == {
        "name": f"organizations/{admin.slug}/ssoProviders/acme",
        "slug": "acme",
        "type": "oidc",
        "label": "Acme Corp",
        "icon": "https://cdn.acme.test/logo.svg",
        "email_patterns": [f"*@{domain}", f"*@*.{domain}"],  # lowercased
        "client_id": "prism-client",
        "client_secret_set": True,  # the secret itself is input only: never in an answer
        "authorization_endpoint": "https://idp.acme.test/authorize",
        "token_endpoint": "https://idp.acme.test/token",
        "jwks_uri": "https://idp.acme.test/jwks",
        "scopes": "openid email profile",
        "issuer": "https://idp.acme.test",
        "attributes_mapping": {**DEFAULT_MAPPING, "firstName": "first_name"},
        # the SAML fields, empty for an OIDC provider (idp_metadata is input only: never in an answer)
        "entry_point": "",
        "idp_certificates": [],
        "idp_entity_id": "",
        "sp_entity_id": "",
        "audience": "",
    }
    provider["create_time"] = create_time

    got = api(suite, "GET", _path(admin, "acme"), admin)
    assert got.status_code == 200 and got.json() == {"sso_provider": provider}
    listed = api(suite, "GET", _path(admin), admin)
    assert listed.status_code == 200 and listed.json() == {"sso_providers": [provider], "next_page_token": ""}

    changed = _update(
        suite,
        admin,
        "acme",
        "label,email_patterns,client_secret,scopes,issuer,attributes_mapping",
        label="Acme SSO",
        email_patterns=[f"*@{domain}"],
        client_secret="rotated-secret",
        scopes="",  # back to the default
        issuer="",  # optional: cleared
        attributes_mapping={},  # back to the defaults
        client_id="not-in-the-mask",
    )
    assert changed.status_code == 200, changed.text
    after = {
        **provider,
        "label": "Acme SSO",
        "email_patterns": [f"*@{domain}"],
        "scopes": "openid email",
        "issuer": "",
        "attributes_mapping": DEFAULT_MAPPING,
    }
    assert changed.json() == {"sso_provider": after}
    assert api(suite, "GET", _path(admin, "acme"), admin).json() == {"sso_provider": after}
    assert provider_secret(suite, admin.slug, "acme") == "rotated-secret"

    deleted = api(suite, "DELETE", _path(admin, "acme"), admin)
    assert (deleted.status_code, deleted.json()) == (200, {})
    gone = api(suite, "GET", _path(admin, "acme"), admin)
    assert _error(gone) == (404, "NOT_FOUND", "name", "SSO provider 'acme' does not exist")
    assert _error(api(suite, "DELETE", _path(admin, "acme"), admin))[0] == 404
    assert api(suite, "GET", _path(admin), admin).json() == {"sso_providers": [], "next_page_token": ""}
    assert provider_secrets(suite, admin.slug, internal_metadata(suite)) == []

    def audited():
        events = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin).json()["audit_events"]
        return [e for e in events if e["action"].startswith("directory.sso_provider.")]

    suite.wait_until(lambda: len(audited()) == 3, timeout=10, what="the three audit events")
    events = {e["action"]: e for e in audited()}
    assert set(events) == {f"directory.sso_provider.{a}" for a in ("created", "updated", "deleted")}
    assert {e["target"] for e in events.values()} == {f"organizations/{admin.slug}/ssoProviders/acme"}
    assert events["directory.sso_provider.updated"]["details"]["fields"] == [
        "attributes_mapping",
        "client_secret",
        "email_patterns",
        "issuer",
        "label",
        "scopes",
    ]
    logged = json.dumps(list(events.values()))
    assert "s3cret-value" not in logged and "rotated-secret" not in logged


def test_defaults(suite):
    admin = create_org(suite, "Sso Defaults")
    created = _create(suite, admin, slug="okta_main")
    assert created.status_code == 201, created.text
    provider = created.json()["sso_provider"]
    assert (provider["label"], provider["scopes"], provider["issuer"], provider["icon"]) == (
        "okta_main",
        "openid email",
        "",
        "",
    )
    assert (provider["type"], provider["email_patterns"], provider["attributes_mapping"]) == (
        "oidc",
        [],
        DEFAULT_MAPPING,
    )


def test_the_client_secret_is_write_only_and_sealed_at_rest(suite):
    admin = create_org(suite, "Sso Secret")
    assert _create(suite, admin, client_secret="plain-text-never-stored").status_code == 201
    for response in (
        api(suite, "GET", _path(admin, "acme"), admin),
        api(suite, "GET", _path(admin), admin),
        _update(suite, admin, "acme", "label", label="Acme"),
    ):
        assert response.status_code == 200, response.text
        assert "plain-text-never-stored" not in response.text
    with directory_database(suite).connect() as connection:
        stored = connection.execute(
            select(sso_providers.c.client_secret, sso_providers.c.key_id).where(
                sso_providers.c.organization == admin.slug
            )
        ).one()
    assert b"plain-text-never-stored" not in bytes(stored.client_secret) and len(stored.key_id) == 16
    assert provider_secret(suite, admin.slug, "acme") == "plain-text-never-stored"

    empty = _update(suite, admin, "acme", "client_secret", client_secret="")
    assert _error(empty)[:3] == (400, "INVALID_ARGUMENT", "sso_provider.client_secret")
    assert provider_secret(suite, admin.slug, "acme") == "plain-text-never-stored"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"slug": ""}, "slug", "slug is required"),
        ({"slug": "Acme"}, "slug", "slug 'Acme' is not valid: use 1 to 63 lowercase letters, digits, - or _"),
        ({"slug": "-acme"}, "slug", "is not valid"),
        ({"slug": "a" * 64}, "slug", "is not valid"),
        ({"slug": "prism"}, "slug", RESERVED),
        ({"type": "saml"}, "client_id", "are OpenID Connect settings; a saml provider takes idp_metadata"),
        ({"type": "oauth2"}, "type", "type must be oidc or saml, not 'oauth2'"),
        ({"entry_point": "https://idp.acme.test/sso"}, "entry_point", "entry_point is a SAML setting; give type saml"),
        ({"client_id": None}, "client_id", "client_id is required"),
        ({"client_secret": None}, "client_secret", "client_secret is required"),
        ({"authorization_endpoint": None}, "authorization_endpoint", "authorization_endpoint is required"),
        ({"token_endpoint": "ftp://idp.acme.test/token"}, "token_endpoint", "token_endpoint must be an http(s) URL"),
        ({"jwks_uri": "idp.acme.test/jwks"}, "jwks_uri", "jwks_uri must be an http(s) URL"),
        ({"jwks_uri": None}, "jwks_uri", "jwks_uri is required"),
        ({"issuer": "acme"}, "issuer", "issuer must be an http(s) URL"),
        ({"icon": "javascript:alert(1)"}, "icon", "icon must be an http(s) URL"),
        ({"scopes": "email profile"}, "scopes", "scopes must include openid"),
        (
            {"attributes_mapping": {"groups": "groups"}},
            "attributes_mapping",
            "attributes_mapping maps only firstName, lastName and email to claim names, not groups",
        ),
        ({"email_patterns": ["acme.com"]}, "email_patterns", "email pattern 'acme.com' must contain exactly one @"),
        ({"email_patterns": ["*@*@acme.com"]}, "email_patterns", "must contain exactly one @"),
        ({"email_patterns": ["*@acme"]}, "email_patterns", "must end with a domain such as acme.com"),
        ({"email_patterns": ["*@ac*me.com"]}, "email_patterns", "must end with a domain such as acme.com"),
        ({"email_patterns": ["@acme.com"]}, "email_patterns", "has an invalid part before @"),
        (
            {"email_patterns": [f"*@d{i}.acme-many.test" for i in range(21)]},
            "email_patterns",
            "at most 20 email patterns",
        ),
        ({"label": "x" * 201}, "label", "label is longer than 200 characters"),
    ],
)
def test_validation(suite, overrides, field, message):
    admin = create_org(suite, "Sso Invalid")
    response = _create(suite, admin, **overrides)
    status, reason, named, text = _error(response)
    assert (status, reason, named) == (400, "INVALID_ARGUMENT", f"sso_provider.{field}")
    assert message in text, text
    assert api(suite, "GET", _path(admin), admin).json()["sso_providers"] == []


def test_update_validates_and_refuses_fields_outside_the_mask_list(suite):
    admin = create_org(suite, "Sso Update")
    assert _create(suite, admin).status_code == 201
    assert _error(_update(suite, admin, "acme", "slug", slug="other"))[:3] == (
        400,
        "INVALID_ARGUMENT",
        "update_mask",
    )
    assert _error(_update(suite, admin, "acme", "", label="x"))[:3] == (400, "INVALID_ARGUMENT", "update_mask")
    bad = _update(suite, admin, "acme", "token_endpoint", token_endpoint="")
    assert _error(bad)[:3] == (400, "INVALID_ARGUMENT", "sso_provider.token_endpoint")
    missing = _update(suite, admin, "nope", "label", label="x")
    assert _error(missing)[:3] == (404, "NOT_FOUND", "sso_provider.name")


def test_a_slug_is_unique_in_its_organization(suite):
    admin, other = create_org(suite, "Sso Dup"), create_org(suite, "Sso Dup Other")
    assert _create(suite, admin).status_code == 201
    again = _create(suite, admin, client_id="another")
    assert _error(again) == (
        409,
        "ALREADY_EXISTS",
        "sso_provider.slug",
        "SSO provider 'acme' already exists in this organization",
    )
    assert _create(suite, other).status_code == 201  # another organization may use the same slug


def test_an_email_pattern_belongs_to_one_provider_across_organizations(suite):
    first, second = create_org(suite, "Sso Pattern A"), create_org(suite, "Sso Pattern B")
    domain = unique_domain()
    assert _create(suite, first, email_patterns=[f"*@{domain}"]).status_code == 201

    for admin, slug in ((second, "acme"), (first, "acme-two")):
        taken = _create(suite, admin, slug=slug, email_patterns=["*@other.test", f"*@{domain.upper()}"])
        status, reason, field, message = _error(taken)
        assert (status, reason, field) == (409, "ALREADY_EXISTS", "sso_provider.email_patterns")
        assert f"'*@{domain}'" in message and first.slug not in message and "organization" not in message.split(";")[0]
    # a subdomain pattern is another pattern
    assert _create(suite, second, email_patterns=[f"*@*.{domain}"]).status_code == 201
    claim = _update(suite, second, "acme", "email_patterns", email_patterns=[f"*@{domain}"])
    assert _error(claim)[:3] == (409, "ALREADY_EXISTS", "sso_provider.email_patterns")
    # a provider keeps its own patterns when it changes them
    kept = _update(suite, first, "acme", "email_patterns", email_patterns=[f"*@{domain}", f"*@mail.{domain}"])
    assert kept.status_code == 200, kept.text
    # once released, the pattern can be claimed
    assert api(suite, "DELETE", _path(first, "acme"), first).status_code == 200
    claimed = _update(suite, second, "acme", "email_patterns", email_patterns=[f"*@{domain}"])
    assert claimed.status_code == 200 and claimed.json()["sso_provider"]["email_patterns"] == [f"*@{domain}"]


def test_pages(suite):
    admin = create_org(suite, "Sso Pages")
    for slug in ("a1", "a2", "a3"):
        assert _create(suite, admin, slug=slug).status_code == 201
    first = api(suite, "GET", _path(admin), admin, params={"page_size": 2}).json()
    assert [p["slug"] for p in first["sso_providers"]] == ["a1", "a2"] and first["next_page_token"]
    second = api(suite, "GET", _path(admin), admin, params={"page_size": 2, "page_token": first["next_page_token"]})
    assert [p["slug"] for p in second.json()["sso_providers"]] == ["a3"] and second.json()["next_page_token"] == ""


def test_another_organization_gets_the_same_refusal_for_real_and_made_up_names(suite):
    owner, intruder = create_org(suite, "Sso Owner"), create_org(suite, "Sso Intruder")
    assert _create(suite, owner).status_code == 201
    for slug in ("acme", "made-up"):
        for method, path, body, params in (
            ("GET", _path(owner), None, None),
            ("POST", _path(owner), _fields(slug="stolen"), None),
            ("GET", _path(owner, slug), None, None),
            ("PATCH", _path(owner, slug), {"jwks_uri": "https://evil.test/jwks"}, {"update_mask": "jwks_uri"}),
            ("DELETE", _path(owner, slug), None, None),
        ):
            refused = api(suite, method, path, intruder, json=body, params=params)
            assert refused.status_code == 403, (method, path, refused.text)
            assert refused.json()["error"]["message"] == "you cannot act in another organization"
    (kept,) = api(suite, "GET", _path(owner), owner).json()["sso_providers"]
    assert (kept["slug"], kept["jwks_uri"]) == ("acme", "https://idp.acme.test/jwks")
    # and over gRPC, with the intruder's token
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        for call, request in (
            ("GetSsoProvider", pb.GetSsoProviderRequest(name=f"organizations/{owner.slug}/ssoProviders/acme")),
            ("ListSsoProviders", pb.ListSsoProvidersRequest(parent=f"organizations/{owner.slug}")),
        ):
            with pytest.raises(grpc.RpcError) as error:
                getattr(stub, call)(request, metadata=intruder.metadata, timeout=10)
            assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED, call


def test_only_admins_manage_providers(suite):
    admin = create_org(suite, "Sso Admins")
    assert _create(suite, admin).status_code == 201
    user = {"username": "plain", "password": "plain-password-1"}
    assert api(suite, "POST", f"/api/v1/organizations/{admin.slug}/users", admin, json=user).status_code == 201
    plain = login(suite, admin.slug, "plain", "plain-password-1")
    for method, path, body in (
        ("GET", _path(admin), None),
        ("GET", _path(admin, "acme"), None),
        ("POST", _path(admin), _fields(slug="mine")),
        ("DELETE", _path(admin, "acme"), None),
    ):
        refused = api(suite, method, path, plain, json=body)
        assert refused.status_code == 403, (method, path, refused.text)
    assert api(suite, "GET", f"{_path(admin)}", "not-a-token").status_code == 401
    assert api(suite, "GET", f"{_path(admin)}").status_code == 401


def test_the_internal_read_returns_secrets_to_services_only(suite):
    admin, other = create_org(suite, "Sso Internal"), create_org(suite, "Sso Internal Other")
    domain = unique_domain()
    one = _create(suite, admin, slug="one", client_secret="secret-one", email_patterns=[f"*@{domain}"])
    assert one.status_code == 201, one.text
    assert _create(suite, admin, slug="two", client_secret="secret-two").status_code == 201
    assert _create(suite, other, slug="one", client_secret="other-secret").status_code == 201

    found = provider_secrets(suite, admin.slug, internal_metadata(suite, "token"))
    assert [(p.slug, p.client_secret, p.client_secret_set) for p in found] == [
        ("one", "secret-one", True),
        ("two", "secret-two", True),
    ]
    assert found[0].name == f"organizations/{admin.slug}/ssoProviders/one"
    assert list(found[0].email_patterns) == [f"*@{domain}"]
    assert dict(found[0].attributes_mapping) == DEFAULT_MAPPING
    assert provider_secrets(suite, "no-such-org", internal_metadata(suite)) == []

    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        request = pb.GetSsoProviderSecretsRequest(organization=admin.slug)
        with pytest.raises(grpc.RpcError) as refused:  # the organization's own admin
            stub.GetSsoProviderSecrets(request, metadata=admin.metadata, timeout=10)
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        with pytest.raises(grpc.RpcError) as anonymous:
            stub.GetSsoProviderSecrets(request, timeout=10)
        assert anonymous.value.code() == grpc.StatusCode.UNAUTHENTICATED
        wrong = (("x-prism-internal", "guessed"), ("x-prism-component", "token"))
        with pytest.raises(grpc.RpcError) as guessed:
            stub.GetSsoProviderSecrets(request, metadata=wrong, timeout=10)
        assert guessed.value.code() in (grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED)


def test_the_use_case_itself_refuses_callers_other_than_services():
    """The use case's own guard, behind authz's: an admin caller never reads secrets."""
    use_cases = SsoProviderUseCases(transactions=None, repository=None, sealer=None)
    token = bind(Caller(subject="u1", organization="acme", kind="user", role="admin"))
    try:
        with pytest.raises(PermissionDenied):
            asyncio.run(use_cases.with_secrets("acme"))
    finally:
        unbind(token)
