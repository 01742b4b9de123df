"""The keys service as deployed: JWKS over HTTP, WatchKeys, who gets private keys, storage at rest."""

from __future__ import annotations

import asyncio
import base64
import os
import stat
import time

import grpc
import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import inspect, select, text

from prism.keys.v1 import keys_pb2, keys_pb2_grpc
from prism.runtime.keyset import public_jwk
from prism.token.v1 import token_pb2, token_pb2_grpc
from services.keys import tables
from tests.support.directory import create_org, internal_metadata
from tests.support.keys import access_secret, header, jwks_kids, keys_engine


async def _first(stream):
    async for response in stream:
        stream.cancel()
        return response
    raise AssertionError("the stream ended without a message")


def test_jwks_endpoint_caches_and_validates(suite):
    admin = create_org(suite)
    slug = admin.slug
    response = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/jwks", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "public, max-age=3600"  # the publish-before-sign margin
    etag = response.headers["etag"]
    (key,) = response.json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert set(key) == {"kty", "n", "e", "kid", "alg", "use"}  # nothing private
    again = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/jwks", headers={"if-none-match": etag}, timeout=10)
    assert again.status_code == 304 and again.headers["etag"] == etag and again.content == b""
    missing = httpx.get(f"{suite.base_url}/api/v1/organizations/no-such-org-{slug}/jwks", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["reason"] == "NOT_FOUND"
    bad = httpx.get(f"{suite.base_url}/api/v1/organizations/Bad_Slug/jwks", timeout=10)
    assert bad.status_code == 400


async def test_only_the_token_secret_unlocks_private_keys(suite):
    admin = create_org(suite)
    slug = admin.slug
    request = keys_pb2.WatchKeysRequest(organizations=[slug])
    async with grpc.aio.insecure_channel(suite.addresses["keys"]) as channel:
        stub = keys_pb2_grpc.KeysServiceStub(channel)
        public = await _first(stub.WatchKeys(request))
        assert public.organization == slug and public.keys
        assert all(k.private_key_pkcs8 == b"" for k in public.keys)

        private = await _first(
            stub.WatchKeys(
                request, metadata=(("x-prism-signing-key-access", access_secret(suite)), ("x-prism-component", "test"))
            )
        )
        (key,) = private.keys
        loaded = serialization.load_der_private_key(key.private_key_pkcs8, password=None)
        import json

        assert public_jwk(loaded) == {
            k: v for k, v in json.loads(key.key.public_jwk_json).items() if k not in ("kid", "alg", "use")
        }

        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await _first(stub.WatchKeys(request, metadata=(("x-prism-signing-key-access", "guess"),)))
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED


def test_no_component_but_token_receives_private_keys(suite):
    create_org(suite)  # make sure every component is up and subscribed
    suite.wait_until(
        lambda: (
            {"gateway", "authz", "token"}
            <= {
                r.get("peer_component")
                for r in suite.log_records()
                if r.get("message") == "WatchKeys subscriber connected"
            }
        ),
        timeout=15,
        what="every component's WatchKeys subscription",
    )
    subscriptions = [
        r
        for r in suite.log_records()
        if r.get("message") == "WatchKeys subscriber connected" and r.get("component") == "keys"
    ]
    by_peer: dict[str, set[bool]] = {}
    for record in subscriptions:
        by_peer.setdefault(record["peer_component"], set()).add(record["private"])
    assert by_peer["gateway"] == {False}
    assert by_peer["authz"] == {False}
    assert by_peer["token"] == {True}
    assert {peer for peer, private in by_peer.items() if True in private} <= {"token", "test"}


async def test_watchers_see_a_rotation_within_a_second(suite):
    admin = create_org(suite)
    slug = admin.slug
    first_kids = jwks_kids(suite, slug)
    async with grpc.aio.insecure_channel(suite.addresses["keys"]) as channel:
        stream = keys_pb2_grpc.KeysServiceStub(channel).WatchKeys(keys_pb2.WatchKeysRequest())
        await asyncio.sleep(0.3)  # subscribed
        started = time.monotonic()
        rotated = await asyncio.to_thread(
            httpx.post,
            f"{suite.base_url}/api/v1/organizations/{slug}/keys:rotate",
            json={},
            headers=admin.headers,
            timeout=10,
        )
        assert rotated.status_code == 200, rotated.text
        new_kid = rotated.json()["key"]["kid"]
        async for change in stream:
            if change.organization == slug and new_kid in [k.key.kid for k in change.keys]:
                break
        elapsed = time.monotonic() - started
        stream.cancel()
    assert elapsed < 3.0, f"the rotation took {elapsed:.2f}s to reach the watcher"  # pushed: well under 1 s when idle
    assert set(jwks_kids(suite, slug)) == {new_kid, *first_kids}  # the gateway's copy followed too


def test_database_holds_no_plaintext_private_key(suite):
    admin = create_org(suite)
    slug = admin.slug
    jwks_kids(suite, slug)

    async def private_ders():
        async with grpc.aio.insecure_channel(suite.addresses["keys"]) as channel:
            stub = keys_pb2_grpc.KeysServiceStub(channel)
            change = await _first(
                stub.WatchKeys(
                    keys_pb2.WatchKeysRequest(organizations=[slug]),
                    metadata=(("x-prism-signing-key-access", access_secret(suite)), ("x-prism-component", "test")),
                )
            )
            return [k.private_key_pkcs8 for k in change.keys]

    ders = asyncio.run(private_ders())
    needles = []
    for der in ders:
        key = serialization.load_der_private_key(der, password=None)
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        needles += [der, pem, base64.b64encode(der), der[-64:], b"PRIVATE KEY"]
    engine = keys_engine(suite)
    try:
        with engine.connect() as connection:
            rows = (
                connection.execute(select(tables.signing_keys).where(tables.signing_keys.c.organization == slug))
                .mappings()
                .all()
            )
            assert rows
            for row in rows:
                sealed = row["private_key_sealed"]
                with pytest.raises(ValueError):
                    serialization.load_der_private_key(sealed, password=None)
            for table in inspect(connection).get_table_names():  # nowhere in any table
                if not table.startswith("keys_"):
                    continue
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    blob = b"".join(v if isinstance(v, bytes) else str(v).encode() for v in row)
                    for needle in needles:
                        assert needle not in blob, f"private key material found in {table}"
    finally:
        engine.dispose()
    kek = suite.data_dir / "secrets" / "key-encryption-key"
    assert stat.S_IMODE(os.stat(kek).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(kek.parent).st_mode) == 0o700


async def test_token_service_signs_with_the_new_key_within_a_second_of_a_forced_rotation(suite):
    admin = create_org(suite)
    slug = admin.slug
    async with grpc.aio.insecure_channel(suite.addresses["token"]) as channel:
        token = token_pb2_grpc.TokenServiceStub(channel)
        request = token_pb2.MintAccessTokenRequest(organization=slug, subject="user-1", scopes=["openid"])
        before = await token.MintAccessToken(request, metadata=internal_metadata(suite), timeout=10)
        rotated = await asyncio.to_thread(
            httpx.post,
            f"{suite.base_url}/api/v1/organizations/{slug}/keys:rotate",
            json={"force": True},
            headers=admin.headers,
            timeout=10,
        )
        new_kid = rotated.json()["key"]["kid"]
        started = time.monotonic()
        while True:
            minted = await token.MintAccessToken(request, metadata=internal_metadata(suite), timeout=10)
            if minted.kid == new_kid:
                break
            assert time.monotonic() - started < 3.0, "the token service kept signing with the withdrawn key"
            await asyncio.sleep(0.05)
    assert before.kid != new_kid
    assert header(minted.access_token) == {"alg": "RS256", "kid": new_kid, "typ": "at+jwt"}


@pytest.mark.parametrize("algorithm", ["PS256", "ES256", "EdDSA"])
async def test_organization_can_switch_algorithm_end_to_end(suite, algorithm):
    from joserfc import jwt
    from joserfc.jwk import KeySet

    admin = create_org(suite)
    slug = admin.slug
    rotated = await asyncio.to_thread(
        httpx.post,
        f"{suite.base_url}/api/v1/organizations/{slug}/keys:rotate",
        json={"force": True, "algorithm": algorithm},
        headers=admin.headers,
        timeout=10,
    )
    assert rotated.status_code == 200, rotated.text
    kid = rotated.json()["key"]["kid"]
    async with grpc.aio.insecure_channel(suite.addresses["token"]) as channel:
        token = token_pb2_grpc.TokenServiceStub(channel)
        request = token_pb2.MintAccessTokenRequest(organization=slug, subject="svc", audience=["api"])
        deadline = time.monotonic() + 2
        while (
            minted := await token.MintAccessToken(request, metadata=internal_metadata(suite), timeout=10)
        ).kid != kid:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
    key_set = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/jwks", timeout=10).json()
    decoded = jwt.decode(minted.access_token, KeySet.import_key_set(key_set), algorithms=[algorithm])
    assert decoded.header["alg"] == algorithm
    assert decoded.claims["org"] == slug and decoded.claims["aud"] == "api"
    assert decoded.claims["iss"] == f"https://{slug}.id.prism.local"


async def test_sign_rpc_for_low_volume_callers(suite):
    from google.protobuf import struct_pb2
    from joserfc import jwt
    from joserfc.jwk import KeySet

    admin = create_org(suite)
    slug = admin.slug
    claims = struct_pb2.Struct()
    claims.update({"sub": "robot", "exp": 4_000_000_000, "roles": ["a", "b"]})
    async with grpc.aio.insecure_channel(suite.addresses["keys"]) as channel:
        stub = keys_pb2_grpc.KeysServiceStub(channel)
        signed = await stub.Sign(
            keys_pb2.SignRequest(parent=f"organizations/{slug}", claims=claims),
            metadata=internal_metadata(suite),
            timeout=10,
        )
        with pytest.raises(grpc.aio.AioRpcError) as empty:
            await stub.Sign(
                keys_pb2.SignRequest(parent=f"organizations/{slug}"), metadata=internal_metadata(suite), timeout=10
            )
        with pytest.raises(grpc.aio.AioRpcError) as unknown:
            await stub.Sign(
                keys_pb2.SignRequest(parent="organizations/no-such-org-zz", claims=claims),
                metadata=internal_metadata(suite),
                timeout=10,
            )
    key_set = httpx.get(f"{suite.base_url}/api/v1/organizations/{slug}/jwks", timeout=10).json()
    decoded = jwt.decode(signed.jws, KeySet.import_key_set(key_set), algorithms=["RS256"])
    assert decoded.header == {"alg": "RS256", "kid": signed.kid, "typ": "JWT"}
    assert decoded.claims == {"sub": "robot", "exp": 4_000_000_000, "roles": ["a", "b"]}  # integers stay integers
    assert empty.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert unknown.value.code() == grpc.StatusCode.NOT_FOUND
