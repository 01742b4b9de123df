"""TokenService servicer: proto <-> domain."""

from __future__ import annotations

from google.protobuf import json_format

from prism.token.v1 import token_pb2, token_pb2_grpc
from services.token.logins import Logins
from services.token.signing import MintedToken, TokenSigner


class TokenServicer(token_pb2_grpc.TokenServiceServicer):
    def __init__(self, signer: TokenSigner, logins: Logins) -> None:
        self.signer = signer
        self.logins = logins

    def _issued(self, minted: MintedToken, organization: str, subject: str) -> token_pb2.IssuedToken:
        return token_pb2.IssuedToken(
            access_token=minted.token,
            token_type="Bearer",
            expires_in=minted.expires_in,
            organization=organization,
            subject=subject,
            issuer=self.logins.issuer(organization),
        )

    async def LoginWithPassword(self, request, context):
        minted, organization, subject = await self.logins.with_password(request.org, request.username, request.password)
        return token_pb2.LoginWithPasswordResponse(token=self._issued(minted, organization, subject))

    async def LoginWithApiKey(self, request, context):
        minted, organization, subject = await self.logins.with_api_key(request.api_key)
        return token_pb2.LoginWithApiKeyResponse(token=self._issued(minted, organization, subject))

    async def MintAccessToken(self, request, context):
        extra = json_format.MessageToDict(request.extra_claims) if request.HasField("extra_claims") else {}
        minted = await self.signer.mint_access_token(
            organization=request.organization,
            subject=request.subject,
            client_id=request.client_id,
            scopes=list(request.scopes),
            audience=list(request.audience),
            lifetime_seconds=request.lifetime_seconds,
            extra_claims=extra,
        )
        return token_pb2.MintAccessTokenResponse(
            access_token=minted.token, expires_in=minted.expires_in, kid=minted.kid, token_id=minted.jti
        )
