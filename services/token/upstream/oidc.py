"""The relying-party side of an upstream OpenID Connect provider (authorization code + PKCE).

`authorization_url` sends the person there with `state`, `nonce` and an S256 code challenge;
`identity` exchanges the code at the token endpoint (client_secret_basic) and verifies the ID
token: RS256 only (spec 001), a key of the provider's `jwks_uri` — a JWK Set, or an object mapping
kids to PEM certificates as Google's v1 endpoint serves —, the issuer, the audience (and `azp`
when there are several), the times (60 s of clock skew) and the nonce. Key sets are cached for ten
minutes and fetched again at once for an unknown kid (a provider's rotation).
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from prism.runtime.secrets import pkce_s256
from services.token.upstream.config import OidcProvider

LEEWAY_SECONDS = 60
KEYS_CACHE_SECONDS = 600
TIMEOUT_SECONDS = 10.0


class UpstreamError(Exception):
    """The provider's answer cannot be trusted or used; `reason` is a short code for the audit event."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Identity:
    subject: str
    email: str
    email_verified: bool
    given_name: str
    family_name: str
    claims: dict  # everything the provider said, for the audit event (operators write attributesMapping from it)


def authorization_url(
    provider: OidcProvider, *, redirect_uri: str, state: str, nonce: str, verifier: str, login_hint: str = ""
) -> str:
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": provider.scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": pkce_s256(verifier),
        "code_challenge_method": "S256",
    }
    if login_hint:  # the address the person typed on Prism's page (organization SSO routing)
        query["login_hint"] = login_hint
    separator = "&" if "?" in provider.authorization_endpoint else "?"
    return provider.authorization_endpoint + separator + urlencode(query)


class UpstreamOidc:
    def __init__(self) -> None:
        self._keys: dict[str, tuple[float, KeySet]] = {}
        self._http = httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False)

    async def close(self) -> None:
        await self._http.aclose()

    async def identity(
        self, provider: OidcProvider, *, code: str, verifier: str, redirect_uri: str, nonce: str
    ) -> Identity:
        id_token = await self._exchange(provider, code, verifier, redirect_uri)
        claims = await self._verified(provider, id_token, nonce)
        mapping = provider.mapping

        def mapped(name: str) -> str:
            value = claims.get(mapping.get(name, ""), "")
            return value if isinstance(value, str) else ""

        return Identity(
            subject=claims["sub"],
            email=mapped("email"),
            email_verified=claims.get("email_verified") is True,
            given_name=mapped("firstName"),
            family_name=mapped("lastName"),
            claims=claims,
        )

    async def _exchange(self, provider: OidcProvider, code: str, verifier: str, redirect_uri: str) -> str:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        }
        try:
            response = await self._http.post(
                provider.token_endpoint,
                data=form,
                auth=(provider.client_id, provider.client_secret),
                headers={"Accept": "application/json"},
            )
        except httpx.HTTPError as exc:
            raise UpstreamError("TOKEN_ENDPOINT_UNREACHABLE", f"{provider.label} did not answer: {exc}") from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        if response.status_code != 200:
            error = body.get("error", f"HTTP {response.status_code}") if isinstance(body, dict) else "bad answer"
            raise UpstreamError("CODE_REFUSED", f"{provider.label} refused the sign-in code ({error})")
        id_token = body.get("id_token") if isinstance(body, dict) else None
        if not isinstance(id_token, str):
            raise UpstreamError("NO_ID_TOKEN", f"{provider.label} sent no ID token (is `openid` among the scopes?)")
        return id_token

    async def _verified(self, provider: OidcProvider, id_token: str, nonce: str) -> dict:
        try:
            header = json.loads(base64.urlsafe_b64decode(id_token.split(".")[0] + "=="))
        except (ValueError, IndexError):
            raise UpstreamError("BAD_ID_TOKEN", "the ID token is not a JWT") from None
        if not isinstance(header, dict) or header.get("alg") != "RS256":
            raise UpstreamError("BAD_ALGORITHM", "the ID token must be signed with RS256")
        kid = header.get("kid")
        keys = await self._key_set(provider, refresh=False)
        if kid is not None and not any(k.kid == kid for k in keys.keys):
            keys = await self._key_set(provider, refresh=True)
        candidates = [k for k in keys.keys if kid is None or k.kid == kid]
        payload = None
        for key in candidates:
            try:
                payload = jws.deserialize_compact(id_token, key, algorithms=["RS256"]).payload
                break
            except JoseError:
                continue
        if payload is None:
            raise UpstreamError("BAD_SIGNATURE", f"no key of {provider.label}'s jwks_uri verifies the ID token")
        try:
            claims = json.loads(payload)
        except ValueError:
            raise UpstreamError("BAD_ID_TOKEN", "the ID token's claims are not JSON") from None
        _check_claims(provider, claims, nonce)
        return claims

    async def _key_set(self, provider: OidcProvider, *, refresh: bool) -> KeySet:
        cached = self._keys.get(provider.jwks_uri)
        if cached is not None and cached[0] > time.monotonic() and not refresh:
            return cached[1]
        try:
            response = await self._http.get(provider.jwks_uri, headers={"Accept": "application/json"})
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise UpstreamError("JWKS_UNAVAILABLE", f"{provider.label}'s jwks_uri could not be read: {exc}") from None
        keys = _parse_keys(document)
        if not keys.keys:
            raise UpstreamError("JWKS_UNAVAILABLE", f"{provider.label}'s jwks_uri holds no RSA key")
        self._keys[provider.jwks_uri] = (time.monotonic() + KEYS_CACHE_SECONDS, keys)
        return keys


def _parse_keys(document) -> KeySet:
    """A JWK Set, or {kid: PEM certificate} (spec 001: "an object mapping kids to PEM certificate strings")."""
    if isinstance(document, dict) and isinstance(document.get("keys"), list):
        rsa = [k for k in document["keys"] if isinstance(k, dict) and k.get("kty") == "RSA"]
        return KeySet.import_key_set({"keys": rsa})
    keys = []
    if isinstance(document, dict):
        for kid, pem in document.items():
            if not isinstance(pem, str) or "BEGIN CERTIFICATE" not in pem:
                continue
            certificate = x509.load_pem_x509_certificate(pem.encode())
            public = certificate.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            keys.append(RSAKey.import_key(public, {"kid": kid, "use": "sig"}))
    return KeySet(keys)


def _check_claims(provider: OidcProvider, claims: dict, nonce: str) -> None:
    now = time.time()
    if claims.get("iss") != provider.expected_issuer:
        raise UpstreamError(
            "BAD_ISSUER", f"the ID token's issuer {claims.get('iss')!r} is not {provider.expected_issuer!r}"
        )
    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if provider.client_id not in audiences:
        raise UpstreamError("BAD_AUDIENCE", "the ID token was not issued to this client_id")
    if len(audiences) > 1 and claims.get("azp") != provider.client_id:
        raise UpstreamError("BAD_AUDIENCE", "the ID token names several audiences but another authorized party")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or exp + LEEWAY_SECONDS < now:
        raise UpstreamError("EXPIRED", "the ID token has expired")
    if isinstance(iat, int | float) and iat - LEEWAY_SECONDS > now:
        raise UpstreamError("NOT_YET_VALID", "the ID token was issued in the future")
    if claims.get("nonce") != nonce:
        raise UpstreamError("BAD_NONCE", "the ID token's nonce does not match this sign-in")
    if not isinstance(claims.get("sub"), str) or not claims["sub"] or len(claims["sub"]) > 255:
        raise UpstreamError("BAD_ID_TOKEN", "the ID token has no usable subject")
