"""Two replicas of a service on one database behave as one (no in-process shared state)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import grpc

from prism.directory.v1 import directory_pb2, directory_pb2_grpc
from tests.support.databases import database_url
from tests.support.suite import free_port


def _wait_serving(address: str) -> None:
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(address) as channel:
        grpc.channel_ready_future(channel).result(timeout=60)
        reply = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=10)
        assert reply.status == health_pb2.HealthCheckResponse.SERVING


def test_two_directory_replicas_share_one_database(backend, tmp_path):
    with database_url(backend, tmp_path) as url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PRISM_")}
        env["PRISM_DATA_DIR"] = str(tmp_path / "data")
        if url:
            env["PRISM_DATABASE_URL"] = url
        addresses = [f"127.0.0.1:{free_port()}" for _ in range(2)]
        replicas = [
            subprocess.Popen(
                [sys.executable, "-m", "prism", "serve", "directory"],
                env={**env, "PRISM_LISTEN_ADDRESS": address},
                stderr=subprocess.PIPE,
            )
            for address in addresses  # started together: both migrate the same empty database
        ]
        try:
            for address in addresses:
                _wait_serving(address)
            display = f"Shared {uuid.uuid4().hex[:6]}"
            secret = (tmp_path / "data" / "secrets" / "internal-secret").read_text().strip()
            internal = (("x-prism-internal", secret), ("x-prism-component", "test"))
            request = directory_pb2.CreateOrganizationRequest(
                organization=directory_pb2.Organization(display_name=display),
                admin_username="admin",
                admin_password="password1",
            )
            with grpc.insecure_channel(addresses[0]) as first, grpc.insecure_channel(addresses[1]) as second:
                one, other = (directory_pb2_grpc.DirectoryServiceStub(c) for c in (first, second))
                created = one.CreateOrganization(request, metadata=internal, timeout=10).organization
                name = directory_pb2.GetOrganizationRequest(name=created.name)
                assert other.GetOrganization(name, metadata=internal, timeout=10).organization == created
                try:
                    other.CreateOrganization(request, metadata=internal, timeout=10)
                    raise AssertionError("the second replica accepted a duplicate slug")
                except grpc.RpcError as error:
                    assert error.code() == grpc.StatusCode.ALREADY_EXISTS
        finally:
            for replica in replicas:
                replica.terminate()
            for replica in replicas:
                _, stderr = replica.communicate(timeout=30)
                assert b"Traceback" not in stderr, stderr.decode()
