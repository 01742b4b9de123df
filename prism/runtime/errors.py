"""The one closed error hierarchy of Prism.

A `PrismError` carries a machine-readable `reason`, a `message` that is safe to show a client,
optional `field` (which input was wrong) and `metadata`, and `debug` detail that is logged but
never sent. It is mapped once to gRPC status (`prism.runtime.grpc_status`) and once, in the
gateway, to HTTP / OAuth JSON (`gateway.errors`). No other code invents an error string.
"""

from __future__ import annotations

from typing import ClassVar


class PrismError(Exception):
    grpc_code: ClassVar[str] = "INTERNAL"  # name of a grpc.StatusCode
    http_status: ClassVar[int] = 500
    oauth_error: ClassVar[str] = "server_error"  # RFC 6749 error code when shown on an OAuth endpoint
    default_reason: ClassVar[str] = "INTERNAL"

    def __init__(
        self,
        message: str,
        *,
        reason: str | None = None,
        field: str | None = None,
        metadata: dict[str, str] | None = None,
        debug: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason or self.default_reason
        self.field = field
        self.metadata = dict(metadata or {})
        self.debug = debug

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.reason}: {self.message!r})"


class InvalidArgument(PrismError):
    grpc_code = "INVALID_ARGUMENT"
    http_status = 400
    oauth_error = "invalid_request"
    default_reason = "INVALID_ARGUMENT"


class InvalidGrant(InvalidArgument):
    """RFC 6749 §5.2 `invalid_grant`: the presented grant (code, refresh token, subject token) is not good."""

    oauth_error = "invalid_grant"
    default_reason = "INVALID_GRANT"


class UnsupportedGrantType(InvalidArgument):
    oauth_error = "unsupported_grant_type"
    default_reason = "UNSUPPORTED_GRANT_TYPE"


class InvalidScope(InvalidArgument):
    oauth_error = "invalid_scope"
    default_reason = "INVALID_SCOPE"


class FailedPrecondition(PrismError):
    grpc_code = "FAILED_PRECONDITION"
    http_status = 400
    oauth_error = "invalid_request"
    default_reason = "FAILED_PRECONDITION"


class Unauthenticated(PrismError):
    grpc_code = "UNAUTHENTICATED"
    http_status = 401
    oauth_error = "invalid_token"
    default_reason = "UNAUTHENTICATED"


class InvalidClient(Unauthenticated):
    """RFC 6749 `invalid_client`: unknown client, wrong secret, or no client authentication."""

    oauth_error = "invalid_client"
    default_reason = "INVALID_CLIENT"


class PermissionDenied(PrismError):
    grpc_code = "PERMISSION_DENIED"
    http_status = 403
    oauth_error = "access_denied"
    default_reason = "PERMISSION_DENIED"


class NotFound(PrismError):
    grpc_code = "NOT_FOUND"
    http_status = 404
    oauth_error = "invalid_request"
    default_reason = "NOT_FOUND"


class UnauthorizedClient(PermissionDenied):
    """RFC 6749 `unauthorized_client`: the client may not use this grant type."""

    http_status = 400
    oauth_error = "unauthorized_client"
    default_reason = "UNAUTHORIZED_CLIENT"


class MethodNotAllowed(PrismError):
    grpc_code = "UNIMPLEMENTED"  # only raised at the HTTP edge
    http_status = 405
    oauth_error = "invalid_request"
    default_reason = "METHOD_NOT_ALLOWED"


class Unimplemented(PrismError):
    grpc_code = "UNIMPLEMENTED"
    http_status = 501
    oauth_error = "invalid_request"
    default_reason = "UNIMPLEMENTED"


class AlreadyExists(PrismError):
    grpc_code = "ALREADY_EXISTS"
    http_status = 409
    oauth_error = "invalid_request"
    default_reason = "ALREADY_EXISTS"


class PayloadTooLarge(PrismError):
    grpc_code = "INVALID_ARGUMENT"
    http_status = 413
    oauth_error = "invalid_request"
    default_reason = "PAYLOAD_TOO_LARGE"


class UnsupportedMediaType(PrismError):
    grpc_code = "INVALID_ARGUMENT"
    http_status = 415
    oauth_error = "invalid_request"
    default_reason = "UNSUPPORTED_MEDIA_TYPE"


class TooManyRequests(PrismError):
    grpc_code = "RESOURCE_EXHAUSTED"
    http_status = 429
    oauth_error = "slow_down"
    default_reason = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after_seconds: int = 1, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.retry_after_seconds = retry_after_seconds
        self.metadata.setdefault("retry_after_seconds", str(retry_after_seconds))


class Unavailable(PrismError):
    grpc_code = "UNAVAILABLE"
    http_status = 503
    oauth_error = "temporarily_unavailable"
    default_reason = "UNAVAILABLE"


class Internal(PrismError):
    """An unexpected failure. Its message is generic; what happened goes in `debug`."""


_BY_GRPC_CODE: dict[str, type[PrismError]] = {
    cls.grpc_code: cls
    for cls in (
        Internal,
        InvalidArgument,
        FailedPrecondition,
        Unauthenticated,
        PermissionDenied,
        NotFound,
        AlreadyExists,
        TooManyRequests,
        Unavailable,
    )
}
_BY_GRPC_CODE["DEADLINE_EXCEEDED"] = Unavailable
_BY_GRPC_CODE["UNIMPLEMENTED"] = Unimplemented


_OAUTH_CLASSES = (InvalidGrant, UnsupportedGrantType, InvalidScope, InvalidClient, UnauthorizedClient)
_BY_REASON: dict[str, type[PrismError]] = {cls.default_reason: cls for cls in _OAUTH_CLASSES}
_BY_OAUTH_ERROR: dict[str, type[PrismError]] = {cls.oauth_error: cls for cls in _OAUTH_CLASSES}
# ErrorInfo metadata key that carries an RFC 6749 error code across gRPC, whatever the reason says
OAUTH_ERROR_KEY = "oauth_error"


def oauth_error_metadata(error: PrismError) -> dict[str, str]:
    """What ErrorInfo must carry so the OAuth error code survives a custom reason (CODE_REPLAYED, ...)."""
    return {OAUTH_ERROR_KEY: error.oauth_error} if isinstance(error, _OAUTH_CLASSES) else {}


def error_class_for_grpc_code(
    code_name: str, reason: str | None = None, oauth_error: str | None = None
) -> type[PrismError]:
    """The PrismError class a gRPC status (code and ErrorInfo reason) maps back to; unknown codes are Internal."""
    by_reason = _BY_OAUTH_ERROR.get(oauth_error or "") or _BY_REASON.get(reason or "")
    if by_reason is not None and by_reason.grpc_code == code_name:
        return by_reason
    return _BY_GRPC_CODE.get(code_name, Internal)
