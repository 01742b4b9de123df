"""Whether an organization exists, asked of the directory service (the keys service owns no orgs)."""

from __future__ import annotations

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.channels import internal_channel
from prism.runtime.errors import NotFound, Unavailable
from prism.runtime.internal_auth import internal_metadata


class DirectoryOrganizations:
    def __init__(self, address: str, internal_secret: str) -> None:
        self._channel = internal_channel(address)
        self._metadata = internal_metadata("keys", internal_secret)
        self._stub = directory_pb2_grpc.DirectoryServiceStub(self._channel)

    async def exists(self, slug: str) -> None:
        try:
            await self._stub.GetOrganization(
                directory_pb2.GetOrganizationRequest(name=f"organizations/{slug}"),
                metadata=self._metadata,
                timeout=5,
                wait_for_ready=True,
            )
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                raise NotFound(f"organization {slug!r} does not exist", field="parent") from None
            raise Unavailable("the directory service is unavailable", debug=str(error)) from None

    async def close(self) -> None:
        await self._channel.close()
