"""Organization SSO providers in tests: unique email domains and the internal read of secrets."""

from __future__ import annotations

import uuid

import grpc

from prism.directory.v1 import directory_pb2 as pb
from prism.directory.v1 import directory_pb2_grpc
from tests.support.directory import internal_metadata


def unique_domain() -> str:
    """A domain no other test claims (email patterns are unique across the whole suite)."""
    return f"acme-{uuid.uuid4().hex[:8]}.com"


def provider_secrets(suite, organization: str, metadata) -> list[pb.SsoProvider]:
    with grpc.insecure_channel(suite.addresses["directory"]) as channel:
        stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        request = pb.GetSsoProviderSecretsRequest(organization=organization)
        return list(stub.GetSsoProviderSecrets(request, metadata=metadata, timeout=10).sso_providers)


def provider_secret(suite, organization: str, slug: str) -> str:
    (found,) = [p for p in provider_secrets(suite, organization, internal_metadata(suite)) if p.slug == slug]
    return found.client_secret
