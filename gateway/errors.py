"""PrismError -> HTTP. The one place the gateway turns errors into responses.

Management API errors are Google-style JSON (`{"error": {"code", "status", "reason", "message",
"field"}}`); OAuth endpoints use RFC 6749 JSON (`{"error", "error_description"}`). Nothing else
in the gateway builds an error body, and no stack trace ever reaches a client.
"""

from __future__ import annotations

import logging

from google.rpc import error_details_pb2
from grpclib.exceptions import GRPCError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

from prism.runtime.errors import (
    OAUTH_ERROR_KEY,
    Internal,
    InvalidArgument,
    MethodNotAllowed,
    NotFound,
    PrismError,
    error_class_for_grpc_code,
)

log = logging.getLogger("prism.gateway.errors")

_HTTP_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    501: "UNIMPLEMENTED",
    409: "ALREADY_EXISTS",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


def error_from_grpc(exc: GRPCError) -> PrismError:
    """Rebuild the service's PrismError from a grpclib error and its decoded status details."""
    reason = None
    field = None
    metadata: dict[str, str] = {}
    for detail in exc.details or ():
        if isinstance(detail, error_details_pb2.ErrorInfo):
            reason = detail.reason
            metadata = dict(detail.metadata)
        elif isinstance(detail, error_details_pb2.BadRequest) and detail.field_violations:
            field = detail.field_violations[0].field
    cls = error_class_for_grpc_code(exc.status.name, reason, metadata.pop(OAUTH_ERROR_KEY, None))
    message = exc.message or exc.status.name.lower()
    if cls is Internal:
        message = "internal error"
    return cls(message, reason=reason, field=field, metadata=metadata, debug=f"grpc {exc.status.name}: {exc.message}")


def api_error_response(error: PrismError) -> JSONResponse:
    body = {
        "code": error.http_status,
        "status": _HTTP_STATUS_NAMES.get(error.http_status, error.grpc_code),
        "reason": error.reason,
        "message": error.message,
    }
    if error.field:
        body["field"] = error.field
    if error.metadata:
        body["metadata"] = error.metadata
    headers = {}
    if error.http_status in (401, 403):
        headers["WWW-Authenticate"] = bearer_challenge(error)
    headers.update(_retry_after(error))
    return JSONResponse({"error": body}, status_code=error.http_status, headers=headers)


def _quoted(value: str) -> str:
    """An RFC 6750 §3 attribute value: printable ASCII without `"` or `\\` (a person reads the JSON body)."""
    cleaned = "".join(c if " " <= c <= "~" and c not in '"\\' else "'" if c == '"' else "?" for c in value)
    return f'"{cleaned}"'


def bearer_challenge(error: PrismError) -> str:
    """RFC 6750 §3: `invalid_token` for a 401; `insufficient_scope` for a 403, with the missing scope when
    an app's token lacked one (authz's refusal carries it as the `scope` metadata of INSUFFICIENT_SCOPE)."""
    code = "invalid_token" if error.http_status == 401 else "insufficient_scope"
    challenge = f"Bearer error={_quoted(code)}, error_description={_quoted(error.message)}"
    scope = error.metadata.get("scope") if error.reason == "INSUFFICIENT_SCOPE" else None
    return f"{challenge}, scope={_quoted(scope)}" if scope else challenge


def _retry_after(error: PrismError) -> dict[str, str]:
    seconds = getattr(error, "retry_after_seconds", None) or error.metadata.get("retry_after_seconds")
    return {"Retry-After": str(seconds)} if seconds else {}


def oauth_error_response(error: PrismError) -> JSONResponse:
    body = {"error": error.oauth_error, "error_description": error.message}
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache", **_retry_after(error)}
    if error.oauth_error == "invalid_client":
        headers["WWW-Authenticate"] = 'Basic realm="prism"'
    elif error.http_status == 401:
        headers["WWW-Authenticate"] = f'Bearer error="{error.oauth_error}", error_description="{error.message}"'
    return JSONResponse(body, status_code=error.http_status, headers=headers)


def _log(request: Request, error: PrismError) -> None:
    level = logging.ERROR if error.http_status >= 500 else logging.INFO
    log.log(
        level,
        "%s %s -> %d %s",
        request.method,
        request.url.path,
        error.http_status,
        error.reason,
        extra={"debug": error.debug},
    )


def page_error_response(error: PrismError):
    """An error of a page people see (authorize, sign-in, consent, logout, apps): HTML, never JSON."""
    from gateway.pages import render

    titles = {400: "This request cannot be completed", 401: "Sign-in required", 403: "Not allowed"}
    titles.update({404: "Not found", 503: "Prism is unavailable right now"})
    return render(
        "error.html",
        status=error.http_status,
        title=titles.get(error.http_status, "Something went wrong"),
        message=error.message,
        code=error.oauth_error,
        headers=_retry_after(error),
    )


async def handle_prism_error(request: Request, error: PrismError):
    _log(request, error)
    if getattr(request.state, "page", False):
        return page_error_response(error)
    path = request.url.path
    oauth_paths = ("/oauth/token", "/oauth/introspect", "/oauth/revoke")
    if path.startswith("/api/oauth/") or "/oauth/2fa/" in path or path.endswith(oauth_paths):
        return oauth_error_response(error)
    return api_error_response(error)


async def handle_http_exception(request: Request, exc: HTTPException) -> JSONResponse:
    if exc.status_code == 404:
        error: PrismError = NotFound(f"no such endpoint: {request.method} {request.url.path}", reason="UNKNOWN_PATH")
    elif exc.status_code == 405:
        error = MethodNotAllowed(f"method {request.method} is not allowed on {request.url.path}")
    else:
        error = InvalidArgument(exc.detail or "bad request")
    return await handle_prism_error(request, error)


async def handle_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return await handle_prism_error(request, Internal("internal error", debug=repr(exc)))


EXCEPTION_HANDLERS = {
    PrismError: handle_prism_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
