"""The authz service as internal callers use it: Check and Introspect, for Prism's services only."""

from __future__ import annotations

import grpc
import pytest

from prism.authz.v1 import authz_pb2, authz_pb2_grpc
from tests.support.directory import api, create_org, internal_metadata, login


def test_introspect_reports_the_bearer_and_refuses_garbage(suite):
    admin = create_org(suite)
    base = f"/api/v1/organizations/{admin.slug}"
    api(suite, "POST", f"{base}/users", admin, json={"username": "temp", "password": "password-t"})
    temp = login(suite, admin.slug, "temp", "password-t")
    with grpc.insecure_channel(suite.addresses["authz"]) as channel:
        authz = authz_pb2_grpc.AuthzServiceStub(channel)
        internal = internal_metadata(suite)
        active = authz.Introspect(authz_pb2.IntrospectRequest(token=admin.token), metadata=internal, timeout=10)
        assert active.active and active.caller.subject == admin.user_id
        assert active.caller.organization == admin.slug and active.caller.role == "admin"
        assert active.caller.kind == "user" and active.client_id == "prism-cli" and active.expire_time > 0
        for garbage in ("", "x.y.z", admin.token[:-6] + "AAAAAA"):
            assert not authz.Introspect(
                authz_pb2.IntrospectRequest(token=garbage), metadata=internal, timeout=10
            ).active
        # a deleted account's token stops being active
        user_id = authz.Introspect(
            authz_pb2.IntrospectRequest(token=temp), metadata=internal, timeout=10
        ).caller.subject
        assert api(suite, "DELETE", f"{base}/users/{user_id}", admin).status_code == 200
        import time

        time.sleep(2.2)  # past the grants cache
        assert not authz.Introspect(authz_pb2.IntrospectRequest(token=temp), metadata=internal, timeout=10).active

        decision = authz.Check(
            authz_pb2.CheckRequest(
                token=admin.token,
                permission="/prism.directory.v1.DirectoryService/ListProjects",
                resource="organizations/someone-else",
            ),
            metadata=internal,
            timeout=10,
        )
        assert not decision.allowed and decision.reason == "you cannot act in another organization"
        allowed = authz.Check(
            authz_pb2.CheckRequest(
                token=admin.token,
                permission="/prism.directory.v1.DirectoryService/ListProjects",
                resource=f"organizations/{admin.slug}",
            ),
            metadata=internal,
            timeout=10,
        )
        assert allowed.allowed and allowed.caller.subject == admin.user_id
        unknown = authz.Check(
            authz_pb2.CheckRequest(
                token=admin.token,
                permission="/prism.directory.v1.DirectoryService/NoSuchMethod",
                resource=f"organizations/{admin.slug}",
            ),
            metadata=internal,
            timeout=10,
        )
        assert not unknown.allowed and unknown.reason == "no policy allows this call"  # default deny

        # only Prism's own services may ask
        with pytest.raises(grpc.RpcError) as refused:
            authz.Introspect(authz_pb2.IntrospectRequest(token=admin.token), metadata=admin.metadata, timeout=10)
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        with pytest.raises(grpc.RpcError) as forged:
            authz.Introspect(
                authz_pb2.IntrospectRequest(token=admin.token), metadata=(("x-prism-internal", "guess"),), timeout=10
            )
        assert forged.value.code() == grpc.StatusCode.UNAUTHENTICATED
