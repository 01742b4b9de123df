"""The account security page (`/account/security`): the signed-in user's own second factors.

It shows what GetUserFactors and ListPasskeys say, and offers: an authenticator app (QR code of the
pending TOTP factor, confirmed with a code; or a replacement of the enrolled one), passkeys (added
with navigator.credentials.create() in /static/account-security.js, named, removed), and new backup
codes (shown once). Changing any of them needs a recent proof on this session ("Confirm it is you":
password, code or passkey; see services/stepup/reauth.py): until then the page shows that form. Like the Apps page
it calls the step-up service with a short access token of the session's user, so authz decides as
for the REST API (`only_self` for the user's own factors) and the audit log shows the same events.
"""

from __future__ import annotations

import datetime

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.oauth import read_form
from gateway.oidc import page
from gateway.pages import CONTENT_SECURITY_POLICY, qr_svg, render
from gateway.passkey_scripts import MFA_PASSKEY, SECURITY_PAGE, WEBAUTHN_JSON
from gateway.signed_in import sign_in_first, signed_in
from prism.runtime.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    Unauthenticated,
)
from prism.stepup.v1 import stepup_grpc, stepup_pb2

# what a person did wrong on one of the forms: shown above the page, which stays usable
_FORM_ERRORS = (InvalidArgument, AlreadyExists, Unauthenticated, FailedPrecondition, NotFound)
OPERATIONS = ("reauth", "totp", "totp-replace", "passkey", "delete-passkey", "backup-codes")


class _Account:
    def __init__(self, request: Request, organization: str, user_id: str, username: str, bearer: str) -> None:
        self.request = request
        self.organization = organization
        self.user_id = user_id
        self.username = username
        self.bearer = bearer
        self.name = f"organizations/{organization}/users/{user_id}"

    async def call(self, method: str, message):
        clients = self.request.app.state.clients
        stub = stepup_grpc.StepUpServiceStub(clients.channel("stepup"))
        return await clients.call("stepup", getattr(stub, method), message, authorization=self.bearer)


async def _signed_in(request: Request, organization: str) -> _Account | None:
    user = await signed_in(request, organization)
    return None if user is None else _Account(request, organization, user.user_id, user.username, user.bearer)


def _when(seconds: int) -> str:
    if not seconds:
        return "never"
    return datetime.datetime.fromtimestamp(seconds, tz=datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


async def _page(account: _Account, *, notice="", error="", codes=(), status=200, replace=False) -> Response:
    factors = await account.call("GetUserFactors", stepup_pb2.GetUserFactorsRequest(name=f"{account.name}/factors"))
    listed = await account.call("ListPasskeys", stepup_pb2.ListPasskeysRequest(parent=account.name))
    # factor changes need a recent proof on this session (the step-up service decides and enforces it)
    reauth = await account.call("StartReauthentication", stepup_pb2.StartReauthenticationRequest(name=account.name))
    unlocked = reauth.allowed_until > 0
    totp = None
    if unlocked and (replace or not factors.totp_enrolled):
        pending = await account.call(
            "StartTotpEnrollment",
            stepup_pb2.StartTotpEnrollmentRequest(name=account.name, account_name=account.username, replace=replace),
        )
        if not pending.enrolled:
            totp = {"qr": qr_svg(pending.otpauth_uri), "uri": pending.otpauth_uri, "secret": _grouped(pending.secret)}
    registration = ""
    if unlocked:
        try:
            registration = (
                await account.call(
                    "StartPasskeyRegistration",
                    stepup_pb2.StartPasskeyRegistrationRequest(parent=account.name, account_name=account.username),
                )
            ).options
        except FailedPrecondition as full:  # too many passkeys: the page says so instead of the button
            error = error or full.message
    browser = account.request.app.state.browser
    cookies: dict[str, str] = {}
    response = render(
        "account_security.html",
        status=status,
        title="Security of your account",
        org=account.organization,
        user=account.username,
        action=f"/account/security?org={account.organization}",
        csrf=browser.csrf(account.request, cookies, f"security|{account.organization}"),
        totp_enrolled=factors.totp_enrolled,
        totp=totp,
        unlocked=unlocked,
        unlocked_until=_when(reauth.allowed_until),
        reauth_methods=list(reauth.methods),
        reauth_options=reauth.passkey_options,
        passkeys=[
            {
                "id": passkey.name.rsplit("/", 1)[-1],
                "display_name": passkey.display_name,
                "transports": ", ".join(passkey.transports) or "unknown",
                "created": _when(passkey.created_at),
                "last_used": _when(passkey.last_used_at),
            }
            for passkey in listed.passkeys
        ],
        registration_options=registration,
        backup_codes_remaining=factors.backup_codes_remaining,
        codes=list(codes),
        notice=notice,
        error=error,
        headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY + "; script-src 'self'"},
    )
    browser.set_csrf_cookie(response, cookies)
    return response


def _sign_in(organization: str) -> Response:
    return sign_in_first(organization, f"/account/security?org={organization}")


async def security_page(request: Request) -> Response:
    """GET /account/security?org=…: the user's factors (sign-in first when needed)."""
    page(request)
    organization = request.app.state.browser.organization(request, query=True)
    account = await _signed_in(request, organization)
    if account is None:
        return _sign_in(organization)
    return await _page(account)


async def security_submit(request: Request) -> Response:
    """POST /account/security?org=…: one of the page's forms (`op`), then the page again."""
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request)
    browser.check_csrf(request, form.get("csrf", ""), f"security|{organization}")
    operation = form.get("op", "")
    if operation not in OPERATIONS:
        raise InvalidArgument(f"op must be one of {', '.join(OPERATIONS)}", field="op")
    account = await _signed_in(request, organization)
    if account is None:
        return _sign_in(organization)
    try:
        return await _perform(account, operation, form)
    except _FORM_ERRORS as problem:
        return await _page(account, error=problem.message, status=problem.http_status)


async def _perform(account: _Account, operation: str, form) -> Response:
    if operation == "reauth":
        await account.call(
            "Reauthenticate",
            stepup_pb2.ReauthenticateRequest(
                name=account.name,
                password=form.get("password", ""),
                code=form.get("code", "").strip(),
                passkey_assertion=form.get("passkey_assertion", ""),
            ),
        )
        return await _page(account, notice="Thanks, it is you: you can change your second factors for 10 minutes.")
    if operation == "totp-replace":
        return await _page(account, replace=True)
    if operation == "totp":
        enrolled = await account.call(
            "GetUserFactors", stepup_pb2.GetUserFactorsRequest(name=f"{account.name}/factors")
        )
        done = await account.call(
            "ConfirmTotpEnrollment",
            stepup_pb2.ConfirmTotpEnrollmentRequest(name=account.name, code=form.get("code", "").strip()),
        )
        if enrolled.totp_enrolled and done.enrolled_now:
            return await _page(account, notice="Your new authenticator app is set up; the old one no longer works.")
        return await _page(account, notice="Your authenticator app is set up.")
    if operation == "passkey":
        created = await account.call(
            "CreatePasskey",
            stepup_pb2.CreatePasskeyRequest(
                parent=account.name,
                credential=form.get("credential", ""),
                display_name=form.get("display_name", "").strip(),
            ),
        )
        return await _page(account, notice=f"Your passkey {created.passkey.display_name} is ready.")
    if operation == "delete-passkey":
        passkey = form.get("passkey", "")
        if not passkey or "/" in passkey:
            raise InvalidArgument("choose a passkey to remove", field="passkey")
        await account.call("DeletePasskey", stepup_pb2.DeletePasskeyRequest(name=f"{account.name}/passkeys/{passkey}"))
        return await _page(account, notice="The passkey is removed.")
    answer = await account.call("RegenerateBackupCodes", stepup_pb2.RegenerateBackupCodesRequest(name=account.name))
    return await _page(account, codes=answer.codes)


async def script(request: Request) -> Response:
    return Response(
        WEBAUTHN_JSON + SECURITY_PAGE,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


async def mfa_script(request: Request) -> Response:
    """The sign-in's second-factor page (/mfa): "Use a passkey" (its options come with the page)."""
    return Response(
        WEBAUTHN_JSON + MFA_PASSKEY,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def security_routes() -> list[Route]:
    return [
        Route("/account/security", security_page, methods=["GET"]),
        Route("/account/security", security_submit, methods=["POST"]),
        Route("/static/account-security.js", script, methods=["GET"]),
        Route("/static/mfa-passkey.js", mfa_script, methods=["GET"]),
    ]
