"""The caller a verified Prism access token describes (verification: prism.runtime.own_tokens)."""

from __future__ import annotations

from dataclasses import dataclass

from prism.runtime.keysets import KeySetCache
from prism.runtime.own_tokens import OwnTokenVerifier
from prism.runtime.settings import PlatformSettings


@dataclass(frozen=True)
class VerifiedToken:
    subject: str
    organization: str
    client_id: str
    scopes: tuple[str, ...]
    expires_at: int
    claims: dict


class TokenVerifier:
    def __init__(self, settings: PlatformSettings, keys: KeySetCache, leeway_seconds: int) -> None:
        self._verifier = OwnTokenVerifier(settings, keys, leeway_seconds)

    async def verify(self, token: str) -> VerifiedToken:
        claims = await self._verifier.verify(token)
        scope = claims.get("scope", "")
        return VerifiedToken(
            claims["sub"],
            claims["org"],
            str(claims.get("client_id", "")),
            tuple(scope.split()) if isinstance(scope, str) else (),
            claims["exp"],
            claims,
        )
