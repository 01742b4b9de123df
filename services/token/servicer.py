"""TokenService servicer: proto <-> domain."""

from __future__ import annotations

from google.protobuf import json_format

from prism.token.v1 import token_pb2, token_pb2_grpc
from services.token.signing import TokenSigner


class TokenServicer(token_pb2_grpc.TokenServiceServicer):
    def __init__(self, signer: TokenSigner) -> None:
        self.signer = signer

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
