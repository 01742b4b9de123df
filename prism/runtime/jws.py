"""Compact JWS signing straight on `cryptography` keys (RFC 7515), for the hot path.

Signing a token is the most frequent thing Prism does; this module adds nothing but JSON and
base64url around the library's own sign call. Verification of foreign tokens uses joserfc.
"""

from __future__ import annotations

import binascii
import json
import json.encoder
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

ALGORITHMS = ("RS256", "PS256", "ES256", "EdDSA")
_SHA256 = hashes.SHA256()
_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
_PKCS1 = padding.PKCS1v15()
_ECDSA = ec.ECDSA(hashes.SHA256())


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _b64(data: bytes) -> bytes:
    return binascii.b2a_base64(data, newline=False).translate(_URLSAFE).rstrip(b"=")


def _make_json_encoder():
    """Compact JSON with one encoder built once (json.dumps builds a new one on every call)."""
    c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
    if c_make_encoder is None:  # pragma: no cover - only without CPython's _json accelerator
        encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
        return lambda value: encode(value).encode()
    encoder = c_make_encoder(None, None, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(encoder(value, 0)).encode()


_json = _make_json_encoder()


def random_id(nbytes: int = 16) -> str:
    """A random URL-safe identifier (for `jti`)."""
    import os

    return _b64(os.urandom(nbytes)).decode()


class Signer:
    """One private key, ready to sign compact JWS with its algorithm and key id."""

    __slots__ = ("algorithm", "kid", "_key", "_sign", "_headers")

    def __init__(self, algorithm: str, kid: str, private_key) -> None:
        self.algorithm = algorithm
        self.kid = kid
        self._key = private_key
        self._headers: dict[str, bytes] = {}  # encoded protected header per `typ`: it never changes
        if algorithm == "RS256":
            self._sign = lambda data: private_key.sign(data, _PKCS1, _SHA256)
        elif algorithm == "PS256":
            self._sign = lambda data: private_key.sign(data, _PSS, _SHA256)
        elif algorithm == "ES256":
            self._sign = self._sign_es256
        elif algorithm == "EdDSA":
            self._sign = private_key.sign
        else:
            raise ValueError(f"unsupported algorithm {algorithm!r}")

    def _sign_es256(self, data: bytes) -> bytes:
        r, s = decode_dss_signature(self._key.sign(data, _ECDSA))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    @classmethod
    def from_pkcs8(cls, algorithm: str, kid: str, der: bytes) -> Signer:
        return cls(algorithm, kid, serialization.load_der_private_key(der, password=None))

    def sign(self, claims: dict[str, Any], typ: str = "JWT") -> str:
        header = self._headers.get(typ)
        if header is None:
            header = self._headers[typ] = _b64(_json({"alg": self.algorithm, "kid": self.kid, "typ": typ})) + b"."
        signing_input = header + _b64(_json(claims))
        return (signing_input + b"." + _b64(self._sign(signing_input))).decode()


def generate_private_key(algorithm: str, rsa_bits: int = 2048):
    if algorithm in ("RS256", "PS256"):
        return rsa.generate_private_key(public_exponent=65537, key_size=rsa_bits)
    if algorithm == "ES256":
        return ec.generate_private_key(ec.SECP256R1())
    if algorithm == "EdDSA":
        return ed25519.Ed25519PrivateKey.generate()
    raise ValueError(f"unsupported algorithm {algorithm!r}")


def pkcs8(private_key) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
