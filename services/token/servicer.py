"""TokenService servicer: proto <-> domain."""

from __future__ import annotations

from google.protobuf import json_format, struct_pb2

from prism.runtime.client_address import client_address
from prism.runtime.errors import InvalidArgument, UnsupportedGrantType
from prism.runtime.resource_names import SLUG_PATTERN, parse
from prism.token.v1 import token_pb2, token_pb2_grpc
from services.token.assume import Assumptions
from services.token.authorization import AuthorizationFlow
from services.token.grants import REGISTRY
from services.token.grants.context import GrantContext
from services.token.introspection import OwnTokens
from services.token.logins import Logins
from services.token.oidc import OpenIdEndpoints
from services.token.signing import MintedToken, TokenSigner
from services.token.upstream.flow import UpstreamLogins


class TokenServicer(token_pb2_grpc.TokenServiceServicer):
    def __init__(
        self,
        signer: TokenSigner,
        logins: Logins,
        assumptions: Assumptions,
        grants: GrantContext,
        flow: AuthorizationFlow,
        introspection: OwnTokens,
        openid: OpenIdEndpoints,
        upstream: UpstreamLogins,
    ) -> None:
        self.signer = signer
        self.logins = logins
        self.assumptions = assumptions
        self.grants = grants
        self.flow = flow
        self.introspection = introspection
        self.openid = openid
        self.upstream = upstream

    async def Authorize(self, request, context):
        _organization(request.organization)
        step = await self.flow.authorize(request.organization, dict(request.parameters), request.session)
        return token_pb2.AuthorizeResponse(step=step)

    async def SignIn(self, request, context):
        _organization(request.organization)
        session, expires_in, step = await self.flow.sign_in(
            request.organization, request.request_id, request.username, request.password, client_address(context)
        )
        return token_pb2.SignInResponse(session=session, session_expires_in=expires_in, step=step)

    async def GetLoginOptions(self, request, context):
        _organization(request.organization)
        return await self.upstream.options(request.organization)

    async def StartUpstreamLogin(self, request, context):
        _organization(request.organization)
        redirect, binding = await self.upstream.start(
            request.organization, request.provider, request.request_id, request.invitation, request.login_hint[:320]
        )
        return token_pb2.StartUpstreamLoginResponse(redirect=redirect, binding=binding)

    async def FinishUpstreamLogin(self, request, context):
        organization, session, expires_in, step = await self.upstream.finish(
            dict(request.parameters), request.binding, request.invitation
        )
        return token_pb2.FinishUpstreamLoginResponse(
            organization=organization, session=session, session_expires_in=expires_in, step=step
        )

    async def GetSamlMetadata(self, request, context):
        _organization(request.organization)
        xml = await self.upstream.saml_metadata(request.organization, request.provider)
        return token_pb2.GetSamlMetadataResponse(metadata_xml=xml)

    async def VerifySignInMfa(self, request, context):
        _organization(request.organization)
        session, expires_in, step = await self.flow.verify_mfa(
            request.organization,
            request.request_id,
            request.ticket,
            request.code,
            request.password,
            client_address(context),
            passkey_assertion=request.passkey_assertion,
        )
        return token_pb2.VerifySignInMfaResponse(session=session, session_expires_in=expires_in, step=step)

    async def StartSignInPasskey(self, request, context):
        _organization(request.organization)
        options = await self.logins.second_factor.passkey_options(request.ticket, request.organization)
        return token_pb2.StartSignInPasskeyResponse(options=options)

    async def DecideConsent(self, request, context):
        _organization(request.organization)
        step = await self.flow.decide(request.organization, request.request_id, request.session, request.approved)
        return token_pb2.DecideConsentResponse(step=step)

    async def UserInfo(self, request, context):
        _organization(request.organization)
        claims = await self.openid.userinfo(request.organization, request.access_token)
        struct = struct_pb2.Struct()
        struct.update(claims)
        return token_pb2.UserInfoResponse(claims=struct)

    async def EndSession(self, request, context):
        _organization(request.organization)
        redirect = await self.openid.end_session(request.organization, dict(request.parameters), request.session)
        return token_pb2.EndSessionResponse(redirect=redirect)

    async def GetSession(self, request, context):
        _organization(request.organization)
        user_id, username, token = await self.openid.page_session(request.organization, request.session)
        return token_pb2.GetSessionResponse(user_id=user_id, username=username, access_token=token)

    async def CheckRevoked(self, request, context):
        revoked = await self.introspection.revoked_among(list(request.token_ids))
        return token_pb2.CheckRevokedResponse(revoked_token_ids=revoked)

    async def IntrospectToken(self, request, context):
        claims = await self.introspection.introspect(
            request.organization, request.client_id, request.client_secret, request.token
        )
        if claims is None:
            return token_pb2.IntrospectTokenResponse(active=False)
        struct = struct_pb2.Struct()
        struct.update(claims)
        return token_pb2.IntrospectTokenResponse(active=True, claims=struct)

    async def RevokeToken(self, request, context):
        await self.introspection.revoke(request.organization, request.client_id, request.client_secret, request.token)
        return token_pb2.RevokeTokenResponse()

    async def Token(self, request, context):
        _organization(request.organization)
        handler = REGISTRY.get(request.grant_type)
        if handler is None:
            raise UnsupportedGrantType(f"grant_type {request.grant_type!r} is not supported")
        return await handler(self.grants, request)

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
        minted, challenge, organization, subject = await self.logins.with_password(
            request.org, request.username, request.password, request.totp, client_address(context)
        )
        if challenge is not None:
            return token_pb2.LoginWithPasswordResponse(
                mfa=token_pb2.MfaRequired(
                    ticket=challenge.ticket,
                    enroll=challenge.enroll,
                    secret=challenge.secret,
                    otpauth_uri=challenge.otpauth_uri,
                    expires_in=challenge.expires_in,
                )
            )
        return token_pb2.LoginWithPasswordResponse(token=self._issued(minted, organization, subject))

    async def CompleteLoginMfa(self, request, context):
        minted, organization, subject = await self.logins.complete_mfa(
            request.ticket, request.code, request.password, client_address(context), request.passkey_assertion
        )
        return token_pb2.CompleteLoginMfaResponse(token=self._issued(minted, organization, subject))

    async def LoginAnonymously(self, request, context):
        minted, organization, subject = await self.logins.anonymously(request.org)
        return token_pb2.LoginAnonymouslyResponse(token=self._issued(minted, organization, subject))

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

    async def AssumeServiceAccount(self, request, context):
        minted, subject = await self.assumptions.assume(request.org, request.service_account, request.token)
        return token_pb2.AssumeServiceAccountResponse(token=self._issued(minted, request.org, subject))

    async def ExchangeToken(self, request, context):
        if request.subject_token_type not in SUBJECT_TOKEN_TYPES:
            raise InvalidArgument(
                f"subject_token_type must be one of {', '.join(SUBJECT_TOKEN_TYPES)}", field="subject_token_type"
            )
        if request.requested_token_type and request.requested_token_type != ACCESS_TOKEN_TYPE:
            raise InvalidArgument(f"only {ACCESS_TOKEN_TYPE} can be requested", field="requested_token_type")
        if not request.audience:
            raise InvalidArgument(
                "audience is required: the canonical name of the service account to act as", field="audience"
            )
        minted, subject = await self.assumptions.assume(request.organization, request.audience, request.subject_token)
        return token_pb2.ExchangeTokenResponse(token=self._issued(minted, request.organization, subject))

    async def ExplainAssumption(self, request, context):
        parts = parse("organizations/{org}/projects/{project}/serviceAccounts/{sa}", request.parent, field="parent")
        if not request.token:
            raise InvalidArgument("token is required", field="token")
        domain = self.signer.settings.identity_domain
        canonical = f"{parts['sa']}@service-accounts.{parts['project']}.{domain}"
        verdict = await self.assumptions.judge(parts["org"], canonical, request.token)
        methods = [
            token_pb2.MethodExplanation(
                method=m.method,
                configuration=m.configuration,
                accepted=m.accepted,
                steps=[token_pb2.ExplanationStep(check=c, passed=p, detail=d) for c, p, d in m.steps],
            )
            for m in verdict.methods
        ]
        if not verdict.methods and verdict.reason:
            methods.append(
                token_pb2.MethodExplanation(
                    method="",
                    configuration="",
                    accepted=False,
                    steps=[token_pb2.ExplanationStep(check="policy", passed=False, detail=verdict.reason)],
                )
            )
        return token_pb2.ExplainAssumptionResponse(
            accepted=verdict.accepted, methods=methods, claims_json=self.assumptions.claims_json(verdict)
        )


def _organization(slug: str) -> None:
    if not SLUG_PATTERN.match(slug):
        raise InvalidArgument("organization has an invalid slug", field="organization")


ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token"
SUBJECT_TOKEN_TYPES = ("urn:ietf:params:oauth:token-type:jwt", ACCESS_TOKEN_TYPE)
