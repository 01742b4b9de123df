"""Access tokens signed in memory with the organization's active key (RFC 9068 `at+jwt`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidArgument, Unavailable
from prism.runtime.issuer import issuer_for
from prism.runtime.jws import random_id
from prism.runtime.keysets import KeySetCache
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.settings import PlatformSettings

REGISTERED_CLAIMS = frozenset({"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "org"})


@dataclass(frozen=True)
class MintedToken:
    token: str
    expires_in: int
    kid: str
    jti: str


class TokenSigner:
    def __init__(self, settings: PlatformSettings, keys: KeySetCache, clock: Clock) -> None:
        self.settings = settings
        self.keys = keys
        self.clock = clock
        self._issuers: dict[str, str] = {}

    async def mint_access_token(
        self,
        *,
        organization: str,
        subject: str,
        client_id: str = "",
        scopes: list[str] | tuple[str, ...] = (),
        audience: list[str] | tuple[str, ...] = (),
        lifetime_seconds: int = 0,
        extra_claims: dict[str, Any] | None = None,
        jti: str = "",
    ) -> MintedToken:
        if not SLUG_PATTERN.match(organization):
            raise InvalidArgument(f"organization has an invalid slug {organization!r}", field="organization")
        if not subject:
            raise InvalidArgument("subject is required", field="subject")
        if lifetime_seconds < 0:
            raise InvalidArgument("lifetime_seconds must not be negative", field="lifetime_seconds")
        extra = extra_claims or {}
        if extra and not REGISTERED_CLAIMS.isdisjoint(extra):
            clash = ", ".join(sorted(REGISTERED_CLAIMS.intersection(extra)))
            raise InvalidArgument(f"extra_claims cannot set {clash}", field="extra_claims")
        key, now = await self._active_key(organization)
        lifetime = min(lifetime_seconds or self.settings.access_tokens_max_age, self.settings.access_tokens_max_age)
        issued = now // MICROS
        issuer = self.issuer(organization)
        jti = jti or random_id()
        claims = {
            **extra,
            "iss": issuer,
            "sub": subject,
            "aud": (audience[0] if len(audience) == 1 else list(audience)) if audience else issuer,
            "exp": issued + lifetime,
            "iat": issued,
            "jti": jti,
            "client_id": client_id or subject,
            "scope": " ".join(scopes),
            "org": organization,
        }
        return MintedToken(key.signer.sign(claims, typ="at+jwt"), lifetime, key.kid, jti)

    def issuer(self, organization: str) -> str:
        issuer = self._issuers.get(organization)
        if issuer is None:
            issuer = self._issuers[organization] = issuer_for(self.settings, organization)
        return issuer

    async def _active_key(self, organization: str):
        keys = self.keys.sets.get(organization)  # the hot path: already in memory
        if keys is None or keys.stale:
            keys = await self.keys.get(organization)
        now = self.clock.now_micros()
        key = keys.active(now)
        if key is None or key.signer is None:
            raise Unavailable(f"no signing key of {organization!r} is available to the token service")
        return key, now

    async def mint_id_token(
        self, *, organization: str, subject: str, client_id: str, lifetime_seconds: int, claims: dict[str, Any]
    ) -> str:
        """An OpenID Connect ID token (`typ` JWT) for `client_id`; `claims` add to the registered ones."""
        key, now = await self._active_key(organization)
        issued = now // MICROS
        body = {
            **claims,
            "iss": self.issuer(organization),
            "sub": subject,
            "aud": client_id,
            "azp": client_id,
            "exp": issued + lifetime_seconds,
            "iat": issued,
            "org": organization,
        }
        return key.signer.sign(body, typ="JWT")
