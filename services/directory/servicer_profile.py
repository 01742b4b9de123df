"""DirectoryService RPCs of a user's own resources: custom domains, GPG keys, linked social accounts.

A mixin of DirectoryServicer (proto <-> use cases, nothing else), kept apart by concern.
"""

from __future__ import annotations

from prism.directory.v1 import directory_pb2 as pb
from services.directory.convert import timestamp
from services.directory.dns_proof import record_name, record_value
from services.directory.domains import Domain
from services.directory.gpg_keys import GpgKey
from services.directory.social_accounts import SocialAccount


class ProfileResourcesServicer:
    uc: object  # DirectoryUseCases, set by DirectoryServicer

    # custom domains
    async def CreateDomain(self, request, context):
        domain = await self.uc.domains.create(request.parent, request.domain.domain)
        return pb.CreateDomainResponse(domain=domain_message(domain))

    async def ListDomains(self, request, context):
        found, token = await self.uc.domains.list(request.parent, request.page_size, request.page_token)
        return pb.ListDomainsResponse(domains=[domain_message(d) for d in found], next_page_token=token)

    async def GetDomain(self, request, context):
        return pb.GetDomainResponse(domain=domain_message(await self.uc.domains.get(request.name)))

    async def VerifyDomain(self, request, context):
        return pb.VerifyDomainResponse(domain=domain_message(await self.uc.domains.verify(request.name)))

    async def DeleteDomain(self, request, context):
        await self.uc.domains.delete(request.name)
        return pb.DeleteDomainResponse()

    async def GetAppVerifiedDomain(self, request, context):
        found = await self.uc.domains.app_verified_domain(request.organization, request.client_id)
        return pb.GetAppVerifiedDomainResponse(verified_domain=found)

    # GPG keys
    async def CreateGpgKey(self, request, context):
        key = await self.uc.gpg_keys.create(request.parent, request.gpg_key.armored_key)
        return pb.CreateGpgKeyResponse(gpg_key=gpg_key_message(key))

    async def ListGpgKeys(self, request, context):
        found, token = await self.uc.gpg_keys.list(request.parent, request.page_size, request.page_token)
        return pb.ListGpgKeysResponse(gpg_keys=[gpg_key_message(k) for k in found], next_page_token=token)

    async def GetGpgKey(self, request, context):
        return pb.GetGpgKeyResponse(gpg_key=gpg_key_message(await self.uc.gpg_keys.get(request.name)))

    async def DeleteGpgKey(self, request, context):
        await self.uc.gpg_keys.delete(request.name)
        return pb.DeleteGpgKeyResponse()

    # linked social accounts
    async def ListSocialAccounts(self, request, context):
        found = await self.uc.social_accounts.list(request.parent)
        return pb.ListSocialAccountsResponse(social_accounts=[social_account_message(a) for a in found])

    async def DeleteSocialAccount(self, request, context):
        await self.uc.social_accounts.delete(request.name)
        return pb.DeleteSocialAccountResponse()


def domain_message(d: Domain) -> pb.Domain:
    return pb.Domain(
        name=f"organizations/{d.organization}/users/{d.user_id}/domains/{d.domain}",
        uid=d.id,
        domain=d.domain,
        verified=d.verified,
        verification_record=record_name(d.domain),
        verification_value=record_value(d.token),
        create_time=timestamp(d.created_at_micros),
        verify_time=timestamp(d.verified_at_micros),
    )


def gpg_key_message(k: GpgKey) -> pb.GpgKey:
    return pb.GpgKey(
        name=f"organizations/{k.organization}/users/{k.user_id}/gpgKeys/{k.key.key_id}",
        armored_key=k.key.armored,
        key_id=k.key.key_id,
        fingerprint=k.key.fingerprint,
        algorithm=k.key.algorithm,
        user_ids=[pb.GpgUserId(name=n, email=e) for n, e in k.key.user_ids],
        key_create_time=timestamp(k.key.created_at_micros),
        expire_time=timestamp(k.key.expires_at_micros),
        create_time=timestamp(k.created_at_micros),
    )


def social_account_message(a: SocialAccount) -> pb.SocialAccount:
    return pb.SocialAccount(
        name=f"organizations/{a.organization}/users/{a.user_id}/socialAccounts/{a.provider}",
        provider=a.provider,
        provider_user_id=a.provider_user_id,
    )


def profile_claims(domains: list[Domain], keys: list[GpgKey], accounts: list[SocialAccount]) -> dict:
    """The `domains`, `gpg_keys` and `social_accounts` fields of GetUserClaimsResponse."""
    return {
        "domains": [pb.DomainClaim(id=d.id, domain=d.domain, verified=d.verified) for d in domains],
        "gpg_keys": [
            pb.GpgKeyClaim(id=k.key.key_id, fingerprint=k.key.fingerprint, key_id=k.key.key_id, name=k.name)
            for k in keys
        ],
        "social_accounts": [
            pb.SocialAccountClaim(id=a.provider, provider=a.provider, provider_user_id=a.provider_user_id)
            for a in accounts
        ],
    }
