"""Builds the token service from its settings."""

from __future__ import annotations

import grpc

from prism.runtime.audit import AuditOutbox
from prism.runtime.channels import internal_channel
from prism.runtime.clock import SYSTEM_CLOCK, Clock
from prism.runtime.database import Database
from prism.runtime.keysets import KeySetCache, aio_stream_opener
from prism.runtime.secrets import signing_key_access_secret
from prism.runtime.service_app import DataServiceApp, Registration, Transactions, authz_authorizer, service_name
from prism.token.v1 import token_pb2, token_pb2_grpc
from services.token import tables
from services.token.assume import Assumptions
from services.token.authorization import AuthorizationFlow
from services.token.federation.fetch import SafeFetcher
from services.token.federation.remote_keys import RemoteKeySets
from services.token.grants.context import GrantContext
from services.token.introspection import OwnTokens
from services.token.issuance import Issuer
from services.token.logins import Logins
from services.token.mfa import SecondFactor
from services.token.oidc import OpenIdEndpoints
from services.token.refresh import RefreshTokens
from services.token.servicer import TokenServicer
from services.token.sessions import Sessions
from services.token.settings import TokenSettings
from services.token.signing import TokenSigner
from services.token.upstream.config import UpstreamProvider, load_providers
from services.token.upstream.flow import UpstreamLogins
from services.token.upstream.oidc import UpstreamOidc
from services.token.upstream.registry import ProviderRegistry

SETTINGS = TokenSettings


class TokenApp(DataServiceApp):
    def __init__(
        self,
        transactions: Transactions,
        signer: TokenSigner,
        logins: Logins,
        assumptions: Assumptions,
        grants: GrantContext,
        channels: tuple[grpc.aio.Channel, ...],
        authorizer,
        clock: Clock,
        providers: dict[str, UpstreamProvider],
    ) -> None:
        sessions = Sessions(transactions, clock, grants.settings.session_lifetime_seconds)
        grants.refresh = RefreshTokens(transactions, clock, grants.settings.refresh_token_reuse_grace_seconds)
        grants.issuance = Issuer(grants, grants.refresh)
        own_tokens = OwnTokens(transactions, grants)
        flow = AuthorizationFlow(transactions, grants, sessions, logins)
        self.upstream_oidc = UpstreamOidc()
        registry = ProviderRegistry(providers, grants.directory, grants.internal_secret)
        flow.registry = registry
        upstream = UpstreamLogins(
            transactions,
            flow,
            registry,
            self.upstream_oidc,
            grants.directory,
            grants.internal_secret,
            grants.settings,
        )
        registration = Registration(
            token_pb2_grpc.add_TokenServiceServicer_to_server,
            TokenServicer(
                signer,
                logins,
                assumptions,
                grants,
                flow,
                own_tokens,
                OpenIdEndpoints(grants, own_tokens, sessions),
                upstream,
            ),
            service_name(token_pb2, "TokenService"),
        )
        super().__init__(transactions, [registration], authorizer)
        self.signer = signer
        self.channels = channels
        self.fetcher = assumptions.remote_keys.fetcher

    async def start(self) -> None:
        await super().start()
        self.signer.keys.start()

    async def stop(self) -> None:
        await self.signer.keys.stop()
        for channel in self.channels:
            await channel.close()
        await self.fetcher.close()
        await self.upstream_oidc.close()
        await super().stop()


async def build(settings: TokenSettings, clock: Clock = SYSTEM_CLOCK) -> TokenApp:
    database = Database.from_settings(settings)
    transactions = Transactions(database, AuditOutbox(tables.audit_events, "token"))
    secret = signing_key_access_secret(settings.signing_key_access_secret, settings.data_dir, settings.environment)
    keys_channel = internal_channel(settings.keys_address)
    directory_channel = internal_channel(settings.directory_address)
    stepup_channel = internal_channel(settings.stepup_address)
    keys = KeySetCache(
        aio_stream_opener(keys_channel, component="token", access_secret=secret), private=True, clock=clock
    )
    signer = TokenSigner(settings, keys, clock)
    second_factor = SecondFactor(
        transactions, stepup_channel, settings.internal_secret_value(), settings.mfa_force_local, clock
    )
    logins = Logins(transactions, signer, directory_channel, settings.internal_secret_value(), settings, second_factor)
    fetcher = SafeFetcher(
        allowed_hosts=settings.allowed_hosts,
        timeout_seconds=2.0,
        max_bytes=64 * 1024,
        ca_file=settings.federation_ca_file,
    )
    remote_keys = RemoteKeySets(fetcher, keys, settings.public_url, stale_limit=settings.federation_stale_seconds)
    assumptions = Assumptions(
        transactions,
        signer,
        directory_channel,
        settings.internal_secret_value(),
        remote_keys,
        settings.login_token_lifetime_seconds,
    )
    grants = GrantContext(settings, signer, directory_channel, settings.internal_secret_value(), transactions)
    return TokenApp(
        transactions,
        signer,
        logins,
        assumptions,
        grants,
        (keys_channel, directory_channel, stepup_channel),
        authz_authorizer(settings, "token"),
        clock,
        load_providers(settings.auth_providers_config),
    )
