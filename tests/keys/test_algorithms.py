"""Every algorithm signs with Prism's signer and verifies with joserfc and with an independent verifier."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from joserfc import jwt
from joserfc.jwk import KeySet

from prism.runtime import jws
from prism.runtime.keyset import public_jwk, thumbprint

ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"]


def _b64d(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def independent_verify(token: str, jwk: dict) -> dict:
    """Verification written straight from RFC 7515/7518/8037 on `cryptography`, sharing no Prism code."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(_b64d(header_b64))
    assert header["kid"] == jwk["kid"] and header["alg"] == jwk["alg"]
    data = f"{header_b64}.{payload_b64}".encode()
    signature = _b64d(signature_b64)
    if jwk["kty"] == "RSA":
        key = rsa.RSAPublicNumbers(
            int.from_bytes(_b64d(jwk["e"]), "big"), int.from_bytes(_b64d(jwk["n"]), "big")
        ).public_key()
        pad = padding.PKCS1v15() if header["alg"] == "RS256" else padding.PSS(padding.MGF1(hashes.SHA256()), 32)
        key.verify(signature, data, pad, hashes.SHA256())
    elif jwk["kty"] == "EC":
        key = ec.EllipticCurvePublicNumbers(
            int.from_bytes(_b64d(jwk["x"]), "big"), int.from_bytes(_b64d(jwk["y"]), "big"), ec.SECP256R1()
        ).public_key()
        assert len(signature) == 64
        der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
        key.verify(der, data, ec.ECDSA(hashes.SHA256()))
    else:
        ed25519.Ed25519PublicKey.from_public_bytes(_b64d(jwk["x"])).verify(signature, data)
    return json.loads(_b64d(payload_b64))


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_signer_output_verifies_everywhere(algorithm):
    private_key = jws.generate_private_key(algorithm)
    jwk = public_jwk(private_key)
    kid = thumbprint(jwk)
    jwk = {**jwk, "kid": kid, "alg": algorithm, "use": "sig"}
    signer = jws.Signer.from_pkcs8(algorithm, kid, jws.pkcs8(private_key))
    claims = {"sub": "user-1", "iss": "https://org-1.id.prism.local", "exp": 4_000_000_000, "name": "Zoë"}
    token = signer.sign(claims, typ="at+jwt")

    decoded = jwt.decode(token, KeySet.import_key_set({"keys": [jwk]}), algorithms=[algorithm])
    assert decoded.claims == claims
    assert decoded.header == {"alg": algorithm, "kid": kid, "typ": "at+jwt"}
    assert independent_verify(token, jwk) == claims

    header, payload, signature = token.split(".")
    forged = f"{header}.{base64.urlsafe_b64encode(b'{}').rstrip(b'=').decode()}.{signature}"
    with pytest.raises(InvalidSignature):
        independent_verify(forged, jwk)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_thumbprint_matches_joserfc(algorithm):
    from joserfc.jwk import JWKRegistry

    jwk = public_jwk(jws.generate_private_key(algorithm))
    assert thumbprint(jwk) == JWKRegistry.import_key(jwk).thumbprint()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"JWKS_ALG": "EdDSA", "JWKS_KTY": "RSA"}, "JWKS_ALG=EdDSA needs JWKS_KTY=OKP, not RSA"),
        ({"JWKS_SIZE": "1024"}, "JWKS_SIZE=1024 is not allowed: RSA keys must have 2048 to 8192 bits"),
        ({"JWKS_ALG": "ES256", "JWKS_SIZE": "2048"}, "does not fit ES256"),
        ({"JWKS_ALG": "HS256"}, "JWKS_ALG"),
        ({"JWKS_ROTATION_DAYS": "0.01"}, "must be more than twice PRISM_KEYS_PUBLISH_MARGIN_SECONDS"),
    ],
)
def test_bad_combinations_are_refused_at_start(tmp_path, env, message):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PRISM_", "JWKS_"))}
    result = subprocess.run(
        [sys.executable, "-m", "prism", "serve", "keys"],
        env={**clean, "PRISM_DATA_DIR": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "keys.sqlite3").exists()  # refused before touching anything
