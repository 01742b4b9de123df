"""The benchmarks' peer, panva's oidc-provider (bench/peer), starts and serves what the benchmarks ask of it.

No timings here: only that a client_credentials token is an at+jwt signed with the chosen algorithm and
verifies against the peer's JWKS, that its opaque tokens introspect as active (its JWTs cannot be
introspected at all), and that discovery and JWKS answer. Node and oidc-provider come from
`scripts/bootstrap.sh --dev` (package.json); without them the test fails rather than skips.
"""

from __future__ import annotations

import time

import httpx
import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from bench.peer.oidc_provider import API_RESOURCE, OPAQUE_RESOURCE, start_oidc_provider


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")  # joserfc on RFC 9864; still what both servers sign with
@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "EdDSA"])
def test_peer_issues_verifiable_jwt_access_tokens_and_introspects_opaque_ones(algorithm):
    with start_oidc_provider(algorithm=algorithm) as peer, httpx.Client(timeout=10) as http:
        assert peer.process.poll() is None and peer.pid == peer.process.pid
        discovery = http.get(peer.discovery_url)
        assert discovery.status_code == 200
        metadata = discovery.json()
        assert metadata["issuer"] == peer.issuer == peer.base_url
        assert metadata["token_endpoint"] == peer.token_endpoint
        assert metadata["introspection_endpoint"] == peer.introspection_endpoint
        assert "client_credentials" in metadata["grant_types_supported"]
        assert "client_secret_basic" in metadata["token_endpoint_auth_methods_supported"]

        jwks = http.get(peer.jwks_uri)
        assert jwks.status_code == 200
        key_set_json = jwks.json()
        assert {key["alg"] for key in key_set_json["keys"]} == {"RS256", "ES256", "EdDSA"}
        assert all("d" not in key for key in key_set_json["keys"]), "the JWKS must hold public keys only"

        basic = (peer.client_id, peer.client_secret)
        answer = http.post(peer.token_endpoint, data={"grant_type": "client_credentials"}, auth=basic)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["token_type"] == "Bearer" and body["expires_in"] > 0
        decoded = jwt.decode(body["access_token"], KeySet.import_key_set(key_set_json), algorithms=[algorithm])
        assert decoded.header["alg"] == algorithm and decoded.header["typ"] == "at+jwt"
        claims, now = decoded.claims, time.time()
        assert claims["iss"] == peer.issuer and claims["aud"] == API_RESOURCE
        assert claims["client_id"] == claims["sub"] == peer.client_id
        assert claims["exp"] > now >= claims["iat"] - 5 and claims["jti"]

        # oidc-provider refuses to introspect any JWT (resource servers verify those themselves) ...
        refused = http.post(peer.introspection_endpoint, data={"token": body["access_token"]}, auth=basic)
        assert refused.status_code == 400 and refused.json()["error"] == "unsupported_token_type", refused.text
        # ... so the introspection case uses an opaque token, asked for with its resource indicator
        opaque = http.post(
            peer.token_endpoint, data={"grant_type": "client_credentials", "resource": OPAQUE_RESOURCE}, auth=basic
        )
        assert opaque.status_code == 200, opaque.text
        token = opaque.json()["access_token"]
        assert token.count(".") == 0, "an opaque token, not a JWT"
        introspected = http.post(peer.introspection_endpoint, data={"token": token}, auth=basic)
        assert introspected.status_code == 200, introspected.text
        active = introspected.json()
        assert active["active"] is True and active["client_id"] == peer.client_id and active["aud"] == OPAQUE_RESOURCE
        inactive = http.post(peer.introspection_endpoint, data={"token": token + "x"}, auth=basic)
        assert inactive.json() == {"active": False}

        wrong = http.post(peer.token_endpoint, data={"grant_type": "client_credentials"}, auth=(peer.client_id, "no"))
        assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
        process = peer.process
    assert process.returncode == 0, "SIGTERM stops the peer cleanly"
