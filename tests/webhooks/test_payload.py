"""The JSON body of a delivery, built from an audit event as its AuditService returns it."""

from __future__ import annotations

from google.protobuf import struct_pb2, timestamp_pb2

from prism.audit.v1 import audit_pb2
from services.webhooks.intake import payload


def test_whole_numbers_in_details_stay_integers():
    details = struct_pb2.Struct()
    details.update({"revoked": 3, "ratio": 0.5, "nested": {"count": 10}, "list": [1, 2.5]})
    event = audit_pb2.AuditEvent(
        id="e1",
        action="stepup.sudo.revoked",
        organization="acme",
        time=timestamp_pb2.Timestamp(seconds=1_700_000_000),
        outcome=audit_pb2.OUTCOME_SUCCESS,
        details=details,
    )
    body = payload(event)
    # a Struct carries every number as a double: a receiver must still get 3, not 3.0
    assert body["details"] == {"revoked": 3, "ratio": 0.5, "nested": {"count": 10}, "list": [1, 2.5]}
    assert type(body["details"]["revoked"]) is int and type(body["details"]["nested"]["count"]) is int
    assert body["occurred_at"] == "2023-11-14T22:13:20.000000Z" and body["outcome"] == "success"
