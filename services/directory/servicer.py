"""DirectoryService servicer: proto <-> domain, nothing else."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.issuer import issuer_for
from prism.runtime.resource_names import parse_organization_parent
from prism.runtime.settings import PlatformSettings
from services.directory.organizations import Organization
from services.directory.usecases import OrganizationUseCases


class DirectoryServicer(directory_pb2_grpc.DirectoryServiceServicer):
    def __init__(self, settings: PlatformSettings, organizations: OrganizationUseCases) -> None:
        self.settings = settings
        self.organizations = organizations

    def _organization(self, organization: Organization) -> directory_pb2.Organization:
        created = timestamp_pb2.Timestamp()
        created.FromMicroseconds(organization.created_at_micros)
        return directory_pb2.Organization(
            name=f"organizations/{organization.slug}",
            slug=organization.slug,
            display_name=organization.display_name,
            issuer=issuer_for(self.settings, organization.slug),
            uid=organization.id,
            create_time=created,
        )

    async def CreateOrganization(self, request, context):
        organization = await self.organizations.create(request.organization.display_name)
        return directory_pb2.CreateOrganizationResponse(organization=self._organization(organization))

    async def GetOrganization(self, request, context):
        slug = parse_organization_parent(request.name, field="name")
        organization = await self.organizations.get(slug)
        return directory_pb2.GetOrganizationResponse(organization=self._organization(organization))

    async def ListOrganizations(self, request, context):
        page = await self.organizations.list(request.page_size, request.page_token)
        return directory_pb2.ListOrganizationsResponse(
            organizations=[self._organization(o) for o in page.organizations],
            next_page_token=page.next_page_token,
        )
