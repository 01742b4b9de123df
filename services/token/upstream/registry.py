"""Which upstream providers an organization's sign-in offers: its own (organization SSO, kept by the
directory) and the platform's (authProviders.config.yml). An organization's provider shadows a
platform provider of the same slug, and its email patterns route people to it from the sign-in
page (spec 001: "organization SSO overrides platform SSO for matching users"). An organization's
provider is OpenID Connect or SAML, built here from what the directory keeps (which checked it with
the same rules as the platform's file when an admin saved it)."""

from __future__ import annotations

import fnmatch
import time

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.grpc_status import from_aio_error
from prism.runtime.internal_auth import internal_metadata
from prism.runtime.saml_config import DEFAULT_SAML_MAPPING, SamlProvider
from services.token.upstream.config import OidcProvider, UpstreamProvider

CACHE_SECONDS = 5.0  # an admin's change to an organization's providers shows within this


class ProviderRegistry:
    def __init__(
        self, platform: dict[str, UpstreamProvider], directory: grpc.aio.Channel, internal_secret: str
    ) -> None:
        self.platform = platform
        self._directory = directory_pb2_grpc.DirectoryServiceStub(directory)
        self._metadata = internal_metadata("token", internal_secret)
        self._cache: dict[str, tuple[float, dict[str, UpstreamProvider]]] = {}

    async def for_organization(self, organization: str) -> dict[str, UpstreamProvider]:
        """Slug -> provider: the organization's own first, then the platform's it does not shadow."""
        own = await self._own(organization)
        return {**own, **{slug: p for slug, p in self.platform.items() if slug not in own}}

    async def route(self, organization: str, email: str) -> UpstreamProvider | None:
        """The organization's provider whose email patterns match `email`, if any."""
        if "@" not in email:
            return None
        address = email.strip().lower()
        for provider in (await self._own(organization)).values():
            if any(fnmatch.fnmatchcase(address, pattern) for pattern in provider.email_patterns):
                return provider
        return None

    async def _own(self, organization: str) -> dict[str, UpstreamProvider]:
        now = time.monotonic()
        cached = self._cache.get(organization)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            answer = await self._directory.GetSsoProviderSecrets(
                directory_pb2.GetSsoProviderSecretsRequest(organization=organization),
                metadata=self._metadata,
                timeout=10,
                wait_for_ready=True,
            )
        except grpc.aio.AioRpcError as error:
            raise from_aio_error(error) from None
        own = {p.slug: _provider(organization, p) for p in answer.sso_providers}
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[organization] = (now + CACHE_SECONDS, own)
        return own


def _provider(organization: str, p: directory_pb2.SsoProvider) -> UpstreamProvider:
    if p.type == "saml":
        return SamlProvider(
            slug=p.slug,
            label=p.label or p.slug,
            icon=p.icon,
            entry_point=p.entry_point,
            idp_certs=tuple(p.idp_certificates),
            idp_entity_id=p.idp_entity_id,
            sp_entity_id=p.sp_entity_id,
            audience=p.audience,
            mapping={**DEFAULT_SAML_MAPPING, **dict(p.attributes_mapping)},
            organization=organization,
            email_patterns=tuple(p.email_patterns),
        )
    mapping = {"email": "email", "firstName": "given_name", "lastName": "family_name", **dict(p.attributes_mapping)}
    return OidcProvider(
        slug=p.slug,
        label=p.label or p.slug,
        icon=p.icon,
        client_id=p.client_id,
        client_secret=p.client_secret,
        authorization_endpoint=p.authorization_endpoint,
        token_endpoint=p.token_endpoint,
        jwks_uri=p.jwks_uri,
        scopes=p.scopes or "openid email",
        issuer=p.issuer,
        mapping=mapping,
        organization=organization,
        email_patterns=tuple(p.email_patterns),
    )
