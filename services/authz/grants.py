"""What a subject may do in its organization, asked of the directory and kept for a moment."""

from __future__ import annotations

import time
from dataclasses import dataclass

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from prism.runtime.errors import Unavailable
from prism.runtime.internal_auth import internal_metadata


@dataclass(frozen=True)
class Grants:
    exists: bool
    role: str  # admin, user or service_account
    teams: frozenset[str]
    owned_teams: frozenset[str]
    project: str  # a service account's project
    platform_admin: bool


class DirectoryGrants:
    def __init__(self, channel: grpc.aio.Channel, internal_secret: str, ttl_seconds: float) -> None:
        self._stub = directory_pb2_grpc.DirectoryServiceStub(channel)
        self._metadata = internal_metadata("authz", internal_secret)
        self._ttl = ttl_seconds
        self._cache: dict[tuple[str, str], tuple[float, Grants]] = {}

    async def of(self, organization: str, subject: str, *, fresh: bool = False) -> Grants:
        """The subject's grants; cached ones unless `fresh` (a refusal is always decided on fresh ones)."""
        key = (organization, subject)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] > now and not fresh:
            return cached[1]
        try:
            answer = await self._stub.GetSubjectGrants(
                directory_pb2.GetSubjectGrantsRequest(organization=organization, subject=subject),
                metadata=self._metadata,
                timeout=5,
                wait_for_ready=True,
            )
        except grpc.aio.AioRpcError as error:
            raise Unavailable("the directory could not say what the caller may do", debug=str(error)) from None
        grants = Grants(
            answer.exists,
            answer.role,
            frozenset(answer.teams),
            frozenset(answer.owned_teams),
            answer.project,
            answer.platform_admin,
        )
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[key] = (now + self._ttl, grants)
        return grants
