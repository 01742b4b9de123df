"""The steps the authorization endpoint answers with (`token_pb2.AuthorizationStep`): the sign-in
page, the second-factor page, and an error sent back to the app's redirect URI with `state` and
`iss` (RFC 9207)."""

from __future__ import annotations

from prism.directory.v1 import directory_pb2
from prism.runtime.urls import with_query
from prism.token.v1 import token_pb2
from services.token.authorization_requests import RedirectError
from services.token.mfa import Challenge


def error_step(redirect_uri: str, issuer: str, state: str, error: RedirectError):
    query = {"error": error.error, "error_description": error.description, "state": state, "iss": issuer}
    return token_pb2.AuthorizationStep(redirect=with_query(redirect_uri, query))


def login_step(request_id: str, app: directory_pb2.App | None, hint: str, error: str):
    return token_pb2.AuthorizationStep(
        login=token_pb2.LoginStep(
            request_id=request_id if app else "", app_name=app.display_name if app else "", login_hint=hint, error=error
        )
    )


def mfa_step(request_id: str, app: directory_pb2.App | None, username: str, challenge: Challenge, error: str):
    return token_pb2.AuthorizationStep(
        mfa=token_pb2.MfaStep(
            request_id=request_id if app else "",
            ticket=challenge.ticket,
            app_name=app.display_name if app else "",
            username=username,
            enroll=challenge.enroll,
            secret=challenge.secret,
            otpauth_uri=challenge.otpauth_uri,
            error=error,
        )
    )
