"""GPG public keys (real keys made with pgpy), linked social accounts, and the ID token claims of both
and of domains when the app lists them in `oidc_fields`; tenant isolation."""

from __future__ import annotations

import datetime
import warnings

import grpc
import pytest
from pgpy import PGPUID, PGPKey
from pgpy.constants import EllipticCurveOID, HashAlgorithm, KeyFlags, PubKeyAlgorithm

from prism.directory.v1 import directory_pb2 as pb
from prism.directory.v1 import directory_pb2_grpc
from tests.support.directory import api, create_org, internal_metadata, login
from tests.support.oidc import Browser, add_user, claims_of, code_flow, redeem, register_app

warnings.filterwarnings("ignore", module="pgpy")


def _key(name="Alice Doe", email="alice@example.com", created=None, expires_in=None) -> PGPKey:
    kwargs = {"created": created} if created else {}
    key = PGPKey.new(PubKeyAlgorithm.EdDSA, EllipticCurveOID.Ed25519, **kwargs)
    uid_options = {"usage": {KeyFlags.Sign}, "hashes": [HashAlgorithm.SHA256]}
    if expires_in is not None:
        uid_options["key_expiration"] = expires_in
    key.add_uid(PGPUID.new(name, email=email), **uid_options)
    return key


def _error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    return response.json()["error"]


@pytest.fixture
def person(profile_suite):
    admin = create_org(profile_suite, "Gpg")
    username, password, user_id = add_user(profile_suite, admin)
    token = login(profile_suite, admin.slug, username, password)
    return admin, user_id, token, f"/api/v1/organizations/{admin.slug}/users/{user_id}/gpgKeys"


def test_add_list_get_remove_a_real_key(profile_suite, person):
    admin, user_id, token, base = person
    key = _key()
    fingerprint = str(key.fingerprint).replace(" ", "")
    created = api(profile_suite, "POST", base, token, json={"armored_key": str(key.pubkey)})
    assert created.status_code == 201, created.text
    body = created.json()["gpg_key"]
    assert body["fingerprint"] == fingerprint and body["key_id"] == fingerprint[-16:]
    assert body["name"] == f"organizations/{admin.slug}/users/{user_id}/gpgKeys/{fingerprint[-16:]}"
    assert body["algorithm"] == "EdDSA"
    assert body["user_ids"] == [{"name": "Alice Doe", "email": "alice@example.com"}]
    assert "BEGIN PGP PUBLIC KEY BLOCK" in body["armored_key"] and body["key_create_time"]
    assert "expire_time" not in body

    assert [k["key_id"] for k in api(profile_suite, "GET", base, token).json()["gpg_keys"]] == [body["key_id"]]
    assert api(profile_suite, "GET", f"{base}/{body['key_id'].lower()}", token).json()["gpg_key"] == body
    duplicate = _error(api(profile_suite, "POST", base, token, json={"armored_key": str(key.pubkey)}), 409)
    assert fingerprint in duplicate["message"]
    assert api(profile_suite, "DELETE", f"{base}/{body['key_id']}", token).status_code == 200
    assert api(profile_suite, "GET", base, token).json().get("gpg_keys", []) == []
    _error(api(profile_suite, "DELETE", f"{base}/{body['key_id']}", token), 404)
    _error(api(profile_suite, "GET", f"{base}/not-a-key-id", token), 400)


def test_garbage_private_and_expired_keys_are_refused(profile_suite, person):
    _, _, token, base = person
    post = lambda text: api(profile_suite, "POST", base, token, json={"armored_key": text})  # noqa: E731
    assert "required" in _error(post(""), 400)["message"]
    assert "not an ASCII-armoured PGP public key" in _error(post("ssh-ed25519 AAAAC3Nza alice@laptop"), 400)["message"]
    damaged = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n"
    error = _error(post(damaged), 400)
    assert error["field"] == "gpg_key.armored_key" and "could not be read" in error["message"]
    assert "private key" in _error(post(str(_key())), 400)["message"]
    old = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30)
    expired = _key(created=old, expires_in=datetime.timedelta(days=1))
    assert "expired" in _error(post(str(expired.pubkey)), 400)["message"]
    fresh = _key(expires_in=datetime.timedelta(days=365))
    created = post(str(fresh.pubkey))
    assert created.status_code == 201 and created.json()["gpg_key"]["expire_time"]


def test_keys_are_isolated_between_users_and_organizations(profile_suite, person):
    admin, _, token, base = person
    body = api(profile_suite, "POST", base, token, json={"armored_key": str(_key().pubkey)}).json()["gpg_key"]
    other_name, other_password, other_id = add_user(profile_suite, admin)
    other = login(profile_suite, admin.slug, other_name, other_password)
    assert api(profile_suite, "GET", base, other).status_code == 403
    assert api(profile_suite, "DELETE", f"/api/v1/{body['name']}", other).status_code == 403
    # the same key cannot be claimed by a second account of the organization
    other_base = f"/api/v1/organizations/{admin.slug}/users/{other_id}/gpgKeys"
    _error(api(profile_suite, "POST", other_base, other, json={"armored_key": body["armored_key"]}), 409)
    stranger = create_org(profile_suite, "Gpg Stranger")
    assert api(profile_suite, "GET", base, stranger).status_code == 403
    assert api(profile_suite, "GET", f"/api/v1/{body['name']}", stranger).status_code == 403
    # ...but another organization is another tenant
    s_name, s_password, s_id = add_user(profile_suite, stranger)
    s_token = login(profile_suite, stranger.slug, s_name, s_password)
    s_base = f"/api/v1/organizations/{stranger.slug}/users/{s_id}/gpgKeys"
    assert api(profile_suite, "POST", s_base, s_token, json={"armored_key": body["armored_key"]}).status_code == 201
    assert api(profile_suite, "GET", base, admin).json()["gpg_keys"][0]["key_id"] == body["key_id"]


def _external_user(suite, slug: str, subject: str) -> pb.User:
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        request = pb.ResolveExternalUserRequest(
            organization=slug, provider="corp", subject=subject, email=f"{subject}@corp.test", create=True
        )
        return stub.ResolveExternalUser(request, metadata=internal_metadata(suite), timeout=10).user


def _claims(suite, slug: str, user_id: str, *fields: str) -> pb.GetUserClaimsResponse:
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        request = pb.GetUserClaimsRequest(organization=slug, user_id=user_id, profile_fields=fields)
        return stub.GetUserClaims(request, metadata=internal_metadata(suite), timeout=10)


def test_social_accounts_list_and_the_last_sign_in_method_is_kept(profile_suite):
    admin = create_org(profile_suite, "Social")
    user = _external_user(profile_suite, admin.slug, "sub-4711")
    base = f"/api/v1/organizations/{admin.slug}/users/{user.user_id}/socialAccounts"
    listed = api(profile_suite, "GET", base, admin)
    assert listed.status_code == 200, listed.text
    assert listed.json()["social_accounts"] == [
        {"name": f"{base[8:]}/corp", "provider": "corp", "provider_user_id": "sub-4711"}
    ]
    refused = _error(api(profile_suite, "DELETE", f"{base}/corp", admin), 400)
    assert refused["reason"] == "LAST_SIGN_IN_METHOD" and "only way to sign in" in refused["message"]
    assert len(api(profile_suite, "GET", base, admin).json()["social_accounts"]) == 1
    _error(api(profile_suite, "DELETE", f"{base}/github", admin), 404)
    # a local user has none; another user or organization sees nothing of this one's
    username, password, local_id = add_user(profile_suite, admin)
    local = login(profile_suite, admin.slug, username, password)
    mine = f"/api/v1/organizations/{admin.slug}/users/{local_id}/socialAccounts"
    assert api(profile_suite, "GET", mine, local).json().get("social_accounts", []) == []
    assert api(profile_suite, "GET", base, local).status_code == 403
    assert api(profile_suite, "DELETE", f"{base}/corp", local).status_code == 403
    assert api(profile_suite, "GET", base, create_org(profile_suite, "Social Stranger")).status_code == 403
    claims = _claims(profile_suite, admin.slug, user.user_id, "social_accounts")
    assert [(a.id, a.provider, a.provider_user_id) for a in claims.social_accounts] == [("corp", "corp", "sub-4711")]
    assert list(_claims(profile_suite, admin.slug, user.user_id).social_accounts) == []  # read only when asked
    with pytest.raises(grpc.RpcError) as unknown:
        _claims(profile_suite, admin.slug, user.user_id, "passwords")
    assert unknown.value.code() == grpc.StatusCode.INVALID_ARGUMENT and "passwords" in unknown.value.details()


def test_id_token_claims_follow_oidc_fields(profile_suite, dns_server):
    admin = create_org(profile_suite, "Claims")
    username, password, user_id = add_user(profile_suite, admin)
    token = login(profile_suite, admin.slug, username, password)
    user_base = f"/api/v1/organizations/{admin.slug}/users/{user_id}"
    key = _key(name="Claire", email="claire@example.com")
    gpg = api(profile_suite, "POST", f"{user_base}/gpgKeys", token, json={"armored_key": str(key.pubkey)}).json()
    domain = api(profile_suite, "POST", f"{user_base}/domains", token, json={"domain": "claims-example.com"}).json()
    api(profile_suite, "POST", f"{user_base}/domains", token, json={"domain": "pending-example.com"})
    dns_server.txt["_prism-challenge.claims-example.com"] = [domain["domain"]["verification_value"]]
    assert api(profile_suite, "POST", f"/api/v1/{domain['domain']['name']}:verify", token, json={}).status_code == 200
    scopes = ["openid", "profile", "domains:read", "gpg:read", "social:read"]
    fields = ["domains", "gpg_keys", "social_accounts"]
    with_fields = register_app(profile_suite, admin, allowed_scopes=scopes, oidc_fields=fields)
    without = register_app(profile_suite, admin, allowed_scopes=scopes)

    def id_token(app, scope: str) -> dict:
        browser = Browser(profile_suite)
        try:
            answer = code_flow(profile_suite, browser, app, username, password, scope=scope)
        finally:
            browser.close()
        redeemed = redeem(profile_suite, app, answer["code"], answer["verifier"])
        assert redeemed.status_code == 200, redeemed.text
        return claims_of(redeemed.json()["id_token"])

    claims = id_token(with_fields, " ".join(scopes))
    assert claims["domains"] == [
        {"id": domain["domain"]["uid"], "domain": "claims-example.com", "verified": True},
        {"id": claims["domains"][1]["id"], "domain": "pending-example.com", "verified": False},
    ]
    key_id = gpg["gpg_key"]["key_id"]
    assert claims["gpg_keys"] == [
        {"id": key_id, "fingerprint": gpg["gpg_key"]["fingerprint"], "key_id": key_id, "name": "Claire"}
    ]
    assert claims["social_accounts"] == []  # a local account links none
    # the scope alone is not enough, nor the field without its scope
    assert not {"domains", "gpg_keys", "social_accounts"} & set(id_token(without, " ".join(scopes)))
    assert not {"domains", "gpg_keys", "social_accounts"} & set(id_token(with_fields, "openid profile"))
