"""PrismError <-> gRPC status, with `google.rpc.ErrorInfo` (and `BadRequest` for a wrong field).

The service side turns an error into a status with details; any client (grpcio or grpclib) turns
the status details back into the same PrismError, so the gateway can render it without guessing.
"""

from __future__ import annotations

from google.protobuf import any_pb2
from google.rpc import code_pb2, error_details_pb2, status_pb2

from prism.runtime.errors import OAUTH_ERROR_KEY, PrismError, error_class_for_grpc_code, oauth_error_metadata

ERROR_DOMAIN = "prism.dev"
STATUS_DETAILS_KEY = "grpc-status-details-bin"


def to_status(error: PrismError) -> status_pb2.Status:
    metadata = {**error.metadata, **oauth_error_metadata(error)}
    info = error_details_pb2.ErrorInfo(reason=error.reason, domain=ERROR_DOMAIN, metadata=metadata)
    details = [info]
    if error.field:
        details.append(
            error_details_pb2.BadRequest(
                field_violations=[
                    error_details_pb2.BadRequest.FieldViolation(field=error.field, description=error.message)
                ]
            )
        )
    packed = []
    for detail in details:
        message = any_pb2.Any()
        message.Pack(detail)
        packed.append(message)
    return status_pb2.Status(code=code_pb2.Code.Value(error.grpc_code), message=error.message, details=packed)


def from_status(code_name: str, message: str, details: bytes | None) -> PrismError:
    """Rebuild the PrismError a service raised from a status code, message and serialized details."""
    reason = None
    field = None
    metadata: dict[str, str] = {}
    if details:
        status = status_pb2.Status()
        try:
            status.ParseFromString(details)
        except Exception:  # a malformed trailer is not worth failing the request over
            status = status_pb2.Status()
        for packed in status.details:
            if packed.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
                info = error_details_pb2.ErrorInfo()
                packed.Unpack(info)
                reason = info.reason
                metadata = dict(info.metadata)
            elif packed.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad = error_details_pb2.BadRequest()
                packed.Unpack(bad)
                if bad.field_violations:
                    field = bad.field_violations[0].field
    cls = error_class_for_grpc_code(code_name, reason, metadata.pop(OAUTH_ERROR_KEY, None))
    if cls.__name__ == "Internal":
        message = "internal error"
    return cls(message or code_name.lower(), reason=reason, field=field, metadata=metadata)


def from_aio_error(error) -> PrismError:
    """The PrismError a peer service raised, from a grpc.aio call's error (status details included)."""
    trailers = dict(error.trailing_metadata() or ())
    return from_status(error.code().name, error.details() or "", trailers.get(STATUS_DETAILS_KEY))
