"""Assuming a service account with a token of a trusted issuer (spec 000 steps 5-7, RFC 8693).

The directory says which assumption methods the target service account has; the presented token
must come from one of their trust configurations (exact `iss`), verify against its key set, pass
the time checks, and satisfy every rule of one method. The caller learns only "unauthorized" or
"service account does not allow OpenID assumption"; the log and the audit event say which check
failed, with both identities.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.errors import InvalidArgument, PermissionDenied, Unauthenticated
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.service_app import Transactions
from services.token.federation.assertions import (
    Judgement,
    check_claims,
    check_header,
    check_rules,
    check_signature,
    unverified,
)
from services.token.federation.fetch import FetchFailed, FetchRefused
from services.token.federation.remote_keys import RemoteKeySets
from services.token.signing import MintedToken, TokenSigner
from services.token.single_use import record_once
from services.token.tables import assertion_uses

log = logging.getLogger("prism.token.assume")
UNAUTHORIZED = "unauthorized"
NOT_ALLOWED = "service account does not allow OpenID assumption"
MAX_TOKEN_LENGTH = 16384


@dataclass(frozen=True)
class MethodVerdict:
    method: str
    configuration: str
    steps: list[tuple[str, bool, str]]
    accepted: bool


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    unauthorized: bool  # the token itself failed (as opposed to the rules)
    reason: str
    methods: list[MethodVerdict]
    claims: dict
    configuration: directory_pb2.OpenIdConfiguration | None = None


class Assumptions:
    def __init__(
        self,
        transactions: Transactions,
        signer: TokenSigner,
        directory: grpc.aio.Channel,
        internal_secret: str,
        remote_keys: RemoteKeySets,
        lifetime_seconds: int,
    ) -> None:
        self.transactions = transactions
        self.signer = signer
        self.remote_keys = remote_keys
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("token", internal_secret)
        self.lifetime = lifetime_seconds

    async def _policy(self, organization: str, service_account: str) -> directory_pb2.GetAssumptionPolicyResponse:
        try:
            return await self._directory.GetAssumptionPolicy(
                directory_pb2.GetAssumptionPolicyRequest(organization=organization, service_account=service_account),
                metadata=self._metadata,
                timeout=10,
                wait_for_ready=True,
            )
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None

    async def judge(self, organization: str, service_account: str, token: str) -> Verdict:
        policy = await self._policy(organization, service_account)
        if not policy.exists or not policy.entries:
            why = "the service account does not exist" if not policy.exists else "it has no assumption method"
            return Verdict(False, False, why, [], {})
        parsed = unverified(token)
        if parsed is None:
            return Verdict(False, True, "the token is not a JWT", [], {})
        header, claims = parsed
        issuer = claims.get("iss")
        trusted = [e for e in policy.entries if e.configuration.issuer == issuer]
        if not trusted:
            issuers = sorted({e.configuration.issuer for e in policy.entries})
            return Verdict(False, True, f"issuer {issuer!r} is not trusted (trusted: {', '.join(issuers)})", [], claims)
        verdicts: list[MethodVerdict] = []
        verified: dict[str, Judgement] = {}
        for entry in trusted:
            configuration = entry.configuration
            base = verified.get(configuration.name)
            if base is None:
                base = verified[configuration.name] = await self._verify(token, header, claims, configuration)
            judgement = Judgement(list(base.steps))
            if base.passed:
                check_rules(judgement, entry.method, claims)
            verdicts.append(
                MethodVerdict(entry.method.name, configuration.configuration_id, judgement.steps, judgement.passed)
            )
        accepted = next((v for v in verdicts if v.accepted), None)
        if accepted is not None:
            configuration = next(e.configuration for e in trusted if e.method.name == accepted.method)
            return Verdict(True, False, "", verdicts, claims, configuration)
        token_failed = all(not verified[e.configuration.name].passed for e in trusted)
        first = next(Judgement(v.steps).first_failure for v in verdicts)
        return Verdict(False, token_failed, first, verdicts, claims)

    async def _verify(
        self, token: str, header: dict, claims: dict, configuration: directory_pb2.OpenIdConfiguration
    ) -> Judgement:
        judgement = Judgement()
        if not check_header(judgement, header):
            return judgement
        try:
            keys = await self.remote_keys.key_set(configuration.jwks_url, header.get("kid"))
        except (FetchRefused, FetchFailed) as exc:
            judgement.check("key set", False, f"{configuration.jwks_url}: {exc}")
            return judgement
        except Exception as exc:  # the own keys service, for instance, says the organization is unknown
            judgement.check("key set", False, f"{configuration.jwks_url}: {getattr(exc, 'message', exc)}")
            return judgement
        if check_signature(judgement, token, header, keys):
            check_claims(judgement, claims, configuration)
        return judgement

    async def assume(self, organization: str, service_account: str, token: str) -> tuple[MintedToken, str]:
        if not organization or not SLUG_PATTERN.match(organization):
            raise InvalidArgument("org must be an organization slug", field="org")
        if not service_account:
            raise InvalidArgument("service_account is required: the target's canonical name", field="service_account")
        if not token:
            raise InvalidArgument("token is required", field="token")
        if len(token) > MAX_TOKEN_LENGTH:
            raise InvalidArgument("token is too long", field="token")
        verdict = await self.judge(organization, service_account, token)
        source = {"iss": verdict.claims.get("iss"), "sub": verdict.claims.get("sub")}
        if verdict.accepted and verdict.configuration.single_use_jti:
            if not await self._first_use(verdict.configuration, verdict.claims):
                verdict = Verdict(False, True, "token id: this jti was already used", verdict.methods, verdict.claims)
        if not verdict.accepted:
            await self._audit(organization, service_account, source, Outcome.DENIED, reason=verdict.reason)
            log.info(
                "refused assumption of %s: %s",
                service_account,
                verdict.reason,
                extra={"organization": organization, "source_issuer": source["iss"], "source_subject": source["sub"]},
            )
            if verdict.unauthorized:
                raise Unauthenticated(UNAUTHORIZED, reason="ASSUMPTION_UNAUTHORIZED")
            raise PermissionDenied(NOT_ALLOWED, reason="ASSUMPTION_NOT_ALLOWED")
        minted = await self.signer.mint_access_token(
            organization=organization,
            subject=service_account,
            client_id=service_account,
            lifetime_seconds=self.lifetime,
            extra_claims={"act": {"iss": source["iss"], "sub": source["sub"]}},
        )
        await self._audit(
            organization, service_account, source, Outcome.SUCCESS, configuration=verdict.configuration.name
        )
        return minted, service_account

    async def _first_use(self, configuration: directory_pb2.OpenIdConfiguration, claims: dict) -> bool:
        now = int(time.time())
        values = {
            "configuration": configuration.name,
            "jti": str(claims["jti"])[:512],
            "expires_at": int(claims.get("exp", now)),
        }
        return await record_once(
            self.transactions, assertion_uses, values, expired=assertion_uses.c.expires_at < now - 120
        )

    async def _audit(self, organization: str, target: str, source: dict, outcome: Outcome, **details) -> None:
        async with self.transactions.begin() as uow:
            await uow.audit(
                AuditEvent(
                    action="token.assumption." + ("succeeded" if outcome == Outcome.SUCCESS else "refused"),
                    target=target,
                    actor=f"{source.get('iss')}#{source.get('sub')}",
                    organization=organization,
                    outcome=outcome,
                    details={"source": source, "target": target, **details},
                )
            )

    @staticmethod
    def claims_json(verdict: Verdict) -> str:
        return json.dumps(verdict.claims, sort_keys=True)
