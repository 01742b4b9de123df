"""DirectoryService RPCs of upstream SSO: organizations' SSO providers and the external users they sign in.

A mixin of DirectoryServicer (proto <-> use cases, nothing else), kept apart by concern.
"""

from __future__ import annotations

from prism.directory.v1 import directory_pb2 as pb
from services.directory.usecases.sso_providers import SsoProviderDraft


class SsoServicer:
    uc: object  # DirectoryUseCases, set by DirectoryServicer
    to: object  # Converter, set by DirectoryServicer

    # organization SSO providers
    async def CreateSsoProvider(self, request, context):
        provider = await self.uc.sso_providers.create(request.parent, _sso_draft(request.sso_provider))
        return pb.CreateSsoProviderResponse(sso_provider=self.to.sso_provider(provider))

    async def GetSsoProvider(self, request, context):
        return pb.GetSsoProviderResponse(
            sso_provider=self.to.sso_provider(await self.uc.sso_providers.get(request.name))
        )

    async def ListSsoProviders(self, request, context):
        found, token = await self.uc.sso_providers.list(request.parent, request.page_size, request.page_token)
        return pb.ListSsoProvidersResponse(
            sso_providers=[self.to.sso_provider(p) for p in found], next_page_token=token
        )

    async def UpdateSsoProvider(self, request, context):
        provider = await self.uc.sso_providers.update(
            request.sso_provider.name, list(request.update_mask.paths), _sso_draft(request.sso_provider)
        )
        return pb.UpdateSsoProviderResponse(sso_provider=self.to.sso_provider(provider))

    async def DeleteSsoProvider(self, request, context):
        await self.uc.sso_providers.delete(request.name)
        return pb.DeleteSsoProviderResponse()

    # internal
    async def GetSsoProviderSecrets(self, request, context):
        found = await self.uc.sso_providers.with_secrets(request.organization)
        return pb.GetSsoProviderSecretsResponse(sso_providers=[self.to.sso_provider(p, secret) for p, secret in found])

    async def ResolveExternalUser(self, request, context):
        user, created = await self.uc.external_users.resolve(
            request.organization,
            request.provider,
            request.subject,
            email=request.email,
            email_verified=request.email_verified,
            given_name=request.given_name,
            family_name=request.family_name,
            create=request.create,
        )
        return pb.ResolveExternalUserResponse(user=self.to.user(user), created=created)


def _sso_draft(m: pb.SsoProvider) -> SsoProviderDraft:
    return SsoProviderDraft(
        slug=m.slug,
        type=m.type,
        label=m.label,
        icon=m.icon,
        email_patterns=tuple(m.email_patterns),
        client_id=m.client_id,
        client_secret=m.client_secret,
        authorization_endpoint=m.authorization_endpoint,
        token_endpoint=m.token_endpoint,
        jwks_uri=m.jwks_uri,
        scopes=m.scopes,
        issuer=m.issuer,
        attributes_mapping=tuple(sorted(m.attributes_mapping.items())),
        idp_metadata=m.idp_metadata,
        entry_point=m.entry_point,
        idp_certificates=tuple(m.idp_certificates),
        idp_entity_id=m.idp_entity_id,
        sp_entity_id=m.sp_entity_id,
        audience=m.audience,
    )
