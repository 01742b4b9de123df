"""What a user's grant issues: an access token, an ID token with its claims, a refresh token.

The claims follow spec 002: `role` always; profile and email claims with their scopes; the
`oidc_fields` an app opted into, each only with its scope (`teams` with `teams:read`, ...); with
`teams`, the flat claims Cloudflare Access policies select on (`in_team_<id>`, `role_in_team_<id>`).
UserInfo answers the same claims as the ID token, apart from the token's own registered ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from prism.directory.v1 import directory_pb2
from prism.runtime.errors import InvalidGrant
from prism.runtime.scopes import OIDC_FIELDS, granted_profile_fields
from prism.token.v1 import token_pb2
from services.token.grants.context import GrantContext
from services.token.refresh import RefreshTokens


@dataclass(frozen=True)
class UserGrant:
    """A user's grant to an app, as an authorization code or a refresh-token family carries it."""

    organization: str
    client_id: str
    user_id: str
    session_id: str
    scopes: tuple[str, ...]
    auth_time: int
    family_id: str


def user_claims(profile: directory_pb2.GetUserClaimsResponse, scopes, oidc_fields) -> dict:
    user = profile.user
    scopes = set(scopes)
    claims: dict = {"role": user.role or "user"}
    if "profile" in scopes:
        claims["name"] = user.display_name or user.username
        claims["preferred_username"] = user.username
    if "email" in scopes and user.email:
        claims["email"] = user.email
        claims["email_verified"] = False  # Prism does not verify addresses yet; never claim it did
    fields = {f for f in oidc_fields if OIDC_FIELDS.get(f) in scopes}
    if "teams" in fields:
        claims["teams"] = [{"id": t.id, "name": t.name, "role": t.role} for t in profile.teams]
        for team in profile.teams:
            claims[f"in_team_{team.id}"] = True
            claims[f"role_in_team_{team.id}"] = team.role
    if "apps" in fields:
        claims["apps"] = [
            {"id": a.id, "name": a.name, "client_id": a.client_id, "is_verified": a.is_verified} for a in profile.apps
        ]
    if "domains" in fields:
        claims["domains"] = [{"id": d.id, "domain": d.domain, "verified": d.verified} for d in profile.domains]
    if "gpg_keys" in fields:
        claims["gpg_keys"] = [
            {"id": k.id, "fingerprint": k.fingerprint, "key_id": k.key_id, "name": k.name} for k in profile.gpg_keys
        ]
    if "social_accounts" in fields:
        claims["social_accounts"] = [
            {"id": a.id, "provider": a.provider, "provider_user_id": a.provider_user_id}
            for a in profile.social_accounts
        ]
    return claims


class Issuer:
    def __init__(self, context: GrantContext, refresh: RefreshTokens) -> None:
        self.context = context
        self.refresh = refresh

    async def issue(
        self, app: directory_pb2.App, grant: UserGrant, *, access_jti: str, nonce: str = ""
    ) -> token_pb2.TokenResponse:
        wanted = granted_profile_fields(grant.scopes, app.oidc_fields)  # no admin:* scope opens one of them
        profile = await self.context.user_claims(grant.organization, grant.user_id, wanted)
        if profile is None:
            raise InvalidGrant("the user of this grant no longer exists", reason="USER_NOT_FOUND")
        settings = self.context.settings
        signer = self.context.signer
        if profile.user.role != "admin":  # spec 002: admin:* scopes are for admins only
            grant = replace(grant, scopes=tuple(s for s in grant.scopes if not s.startswith("admin:")))
        claims = user_claims(profile, grant.scopes, app.oidc_fields)
        lifetime = app.access_token_lifetime_seconds or settings.access_token_lifetime_seconds
        access = await signer.mint_access_token(
            organization=grant.organization,
            subject=grant.user_id,
            client_id=app.client_id,
            scopes=list(grant.scopes),
            lifetime_seconds=lifetime,
            extra_claims={"sid": grant.session_id, "auth_time": grant.auth_time, "role": claims["role"]},
            jti=access_jti,
        )
        answer = token_pb2.TokenResponse(
            access_token=access.token,
            token_type="Bearer",
            expires_in=access.expires_in,
            scope=" ".join(grant.scopes),
        )
        if "openid" in grant.scopes:
            id_claims = {**claims, "auth_time": grant.auth_time, "sid": grant.session_id}
            if nonce:
                id_claims["nonce"] = nonce
            answer.id_token = await signer.mint_id_token(
                organization=grant.organization,
                subject=grant.user_id,
                client_id=app.client_id,
                lifetime_seconds=settings.id_token_lifetime_seconds,
                claims=id_claims,
            )
        if "offline_access" in grant.scopes and "refresh_token" in app.grant_types:
            refresh_lifetime = app.refresh_token_lifetime_seconds or settings.refresh_token_lifetime_seconds
            answer.refresh_token = await self.refresh.issue(
                grant, access_jti=access.jti, access_expires_in=access.expires_in, lifetime_seconds=refresh_lifetime
            )
        return answer
