"""Verification of Prism's own access tokens against the keys their organization publishes.

One verifier for every component that must trust a Prism token (authz for every call, the token
service for RFC 7662 introspection): the `kid` must be a key the organization still publishes, the
`alg` that key's own, the signature valid, `iss` the organization's issuer, `exp` present and not
past (with the given leeway), `nbf` not in the future, `sub` present.
"""

from __future__ import annotations

import base64
import json
import time

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import JWKRegistry

from prism.runtime.errors import NotFound, Unauthenticated
from prism.runtime.issuer import issuer_for
from prism.runtime.keysets import KeySetCache
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.settings import PlatformSettings


def _segment(token: str, index: int) -> dict:
    try:
        part = token.split(".")[index]
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (IndexError, ValueError, UnicodeDecodeError):
        raise Unauthenticated("the access token is malformed", reason="INVALID_TOKEN") from None
    if not isinstance(value, dict):
        raise Unauthenticated("the access token is malformed", reason="INVALID_TOKEN")
    return value


class OwnTokenVerifier:
    def __init__(self, settings: PlatformSettings, keys: KeySetCache, leeway_seconds: int = 0) -> None:
        self.settings = settings
        self.keys = keys
        self.leeway = leeway_seconds
        self._imported: dict[str, object] = {}

    async def verify(self, token: str, *, typ: str = "at+jwt", expired_ok: bool = False) -> dict:
        """The token's claims; Unauthenticated (with what is wrong) if it is not a valid Prism token.

        `typ` keeps the kinds apart: an ID token (`JWT`) is never accepted as an access token
        (`at+jwt`, RFC 9068 §4). `expired_ok` serves `id_token_hint`, which may have expired.
        """
        if token.count(".") != 2:
            raise Unauthenticated("the access token is malformed", reason="INVALID_TOKEN")
        header, payload = _segment(token, 0), _segment(token, 1)
        if str(header.get("typ", "")).lower() != typ.lower():
            raise Unauthenticated(f"the token is not of type {typ}", reason="INVALID_TOKEN")
        organization = payload.get("org")
        if not isinstance(organization, str) or not SLUG_PATTERN.match(organization):
            raise Unauthenticated("the access token names no organization", reason="INVALID_TOKEN")
        try:
            keys = await self.keys.get(organization)
        except NotFound:
            raise Unauthenticated("the access token's organization does not exist", reason="INVALID_TOKEN") from None
        kid = header.get("kid")
        key = next((k for k in keys.keys if k.kid == kid), None)
        if key is None or header.get("alg") != key.algorithm:
            raise Unauthenticated("the access token's signing key is unknown or withdrawn", reason="INVALID_TOKEN")
        imported = self._imported.get(key.kid)
        if imported is None:
            imported = self._imported[key.kid] = JWKRegistry.import_key(key.jwk)
        try:
            claims = jwt.decode(token, imported, algorithms=[key.algorithm]).claims
        except JoseError:
            raise Unauthenticated("the access token's signature is not valid", reason="INVALID_TOKEN") from None
        now = int(time.time())
        if claims.get("iss") != issuer_for(self.settings, organization):
            raise Unauthenticated("the access token was not issued by its organization", reason="INVALID_TOKEN")
        expires = claims.get("exp")
        if not isinstance(expires, int) or (expires + self.leeway < now and not expired_ok):
            raise Unauthenticated("the access token has expired; sign in again", reason="TOKEN_EXPIRED")
        not_before = claims.get("nbf")
        if isinstance(not_before, int) and not_before - self.leeway > now:
            raise Unauthenticated("the access token is not valid yet", reason="INVALID_TOKEN")
        subject = claims.get("sub")
        if not isinstance(subject, str) or not subject:
            raise Unauthenticated("the access token has no subject", reason="INVALID_TOKEN")
        return claims
