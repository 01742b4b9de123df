"""Pages of local accounts: sign-up, email verification, invitations.

- `/signup` (GET form, POST create): a local account in the organization the request is for
  (see gateway/browser.py), then "check your email". With DISABLE_LOCAL_SIGNUP the page says so (403).
- `/verify-email?token=` (GET shows a button, POST confirms): a GET never changes anything, so
  mail scanners that open links do not use them up.
- `/invitations/accept?token=` (GET shows the invitation, POST accepts it): with a new local account
  or an existing one of the organization, whichever the server allows.

Every form carries the CSRF token of its purpose; the directory decides everything (the settings
read here only choose which forms to show).
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from gateway.clients import client_address_of
from gateway.oauth import read_form
from gateway.oidc import login_options, page
from gateway.pages import render
from prism.directory.v1 import directory_grpc, directory_pb2
from prism.runtime.errors import (
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PermissionDenied,
    PrismError,
    TooManyRequests,
    Unauthenticated,
)
from prism.runtime.resource_names import organization_of

# errors about what a person typed: shown above the form they filled in, which keeps their input
_FORM_ERRORS = (InvalidArgument, AlreadyExists, Unauthenticated, PermissionDenied, TooManyRequests)
# errors about the link itself (unknown, used, expired, revoked): the form cannot help
_LINK_ERRORS = (NotFound, FailedPrecondition)


async def _directory(request: Request, method: str, message, *, client_address: str = ""):
    clients = request.app.state.clients
    stub = directory_grpc.DirectoryServiceStub(clients.channel("directory"))
    return await clients.call("directory", getattr(stub, method), message, client_address=client_address)


def _link_error(error: PrismError, title: str) -> Response:
    return render("link_error.html", status=error.http_status, title=title, message=error.message)


def _sign_in_link(organization: str) -> dict:
    return {"url": f"/login?org={organization}", "text": "Sign in"}


# -- sign-up -----------------------------------------------------------------------------------


def _signup_page(request: Request, organization: str, *, form=None, error=None, status=200) -> Response:
    browser = request.app.state.browser
    cookies: dict[str, str] = {}
    disabled = request.app.state.settings.disable_local_signup
    response = render(
        "signup.html",
        status=403 if disabled else status,
        title="Sign-up is disabled" if disabled else "Create your account",
        org=organization,
        disabled=disabled,
        action=f"/signup?org={organization}",
        csrf=browser.csrf(request, cookies, f"signup|{organization}"),
        sign_in=f"/login?org={organization}",
        error=error,
        form=form or {},
    )
    browser.set_csrf_cookie(response, cookies)
    return response


async def signup_page(request: Request) -> Response:
    page(request)
    organization = request.app.state.browser.organization(request, query=True)
    await request.app.state.public_keys.get(organization)  # NotFound (an error page) for an unknown organization
    return _signup_page(request, organization)


async def signup_submit(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request)
    browser.check_csrf(request, form.get("csrf", ""), f"signup|{organization}")
    if request.app.state.settings.disable_local_signup:
        return _signup_page(request, organization)
    kept = {name: form.get(name, "").strip() for name in ("username", "email", "display_name")}
    try:
        answer = await _directory(
            request,
            "SignUp",
            directory_pb2.SignUpRequest(org=organization, password=form.get("password", ""), **kept),
        )
    except _FORM_ERRORS as problem:
        return _signup_page(request, organization, form=kept, error=problem.message, status=problem.http_status)
    return render(
        "message.html",
        title="Check your email",
        message=(
            f"Your account {answer.user.username} is ready. We sent a link to {answer.user.email}: "
            "open it to confirm your email address. You can sign in now."
        ),
        link=_sign_in_link(organization),
    )


# -- email verification ------------------------------------------------------------------------


async def verify_email_page(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    cookies: dict[str, str] = {}
    response = render(
        "verify_email.html",
        title="Confirm your email address",
        action="/verify-email",
        csrf=browser.csrf(request, cookies, "verify-email"),
        token=request.query_params.get("token", ""),
    )
    browser.set_csrf_cookie(response, cookies)
    return response


async def verify_email_submit(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    form = await read_form(request)
    browser.check_csrf(request, form.get("csrf", ""), "verify-email")
    try:
        answer = await _directory(request, "VerifyEmail", directory_pb2.VerifyEmailRequest(token=form.get("token", "")))
    except (*_LINK_ERRORS, InvalidArgument) as problem:
        return _link_error(problem, "This link does not work")
    organization = organization_of(answer.user.name) or ""
    return render(
        "message.html",
        title="Email address confirmed",
        message=f"Thank you: {answer.user.email} is confirmed for your account {answer.user.username}.",
        link=_sign_in_link(organization),
    )


# -- invitations -------------------------------------------------------------------------------


async def _invitation_page(request: Request, token: str, *, form=None, error=None, mode="", status=200) -> Response:
    try:
        found = await _directory(request, "LookupInvitation", directory_pb2.LookupInvitationRequest(token=token))
    except (*_LINK_ERRORS, InvalidArgument) as problem:
        return _link_error(problem, "This invitation cannot be used")
    invitation = found.invitation
    settings = request.app.state.settings
    browser = request.app.state.browser
    cookies: dict[str, str] = {}
    options = await login_options(request, invitation.organization)
    providers = [
        {
            "slug": provider.slug,
            "name": provider.label,
            "icon": provider.icon,
            "url": f"/api/v1/login/{provider.slug}?org={invitation.organization}&invitation={quote(token, safe='')}",
        }
        for provider in options.providers
    ]
    response = render(
        "invitation.html",
        status=status,
        title=f"Join {found.organization_display_name}",
        organization=found.organization_display_name,
        org=invitation.organization,
        team=found.team_display_name,
        team_role=invitation.team_role,
        email=invitation.email,
        role=invitation.role,
        expires=invitation.expire_time.ToDatetime().strftime("%Y-%m-%d %H:%M UTC"),
        action="/invitations/accept",
        csrf=browser.csrf(request, cookies, f"invitation|{token}"),
        token=token,
        can_create=not settings.disable_local_signup,
        can_sign_in=not settings.disable_local_signin,
        providers=providers,
        error=error,
        mode=mode,
        form=form or {},
    )
    browser.set_csrf_cookie(response, cookies)
    return response


async def invitation_page(request: Request) -> Response:
    page(request)
    return await _invitation_page(request, request.query_params.get("token", ""))


async def invitation_submit(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    form = await read_form(request)
    token = form.get("token", "")
    browser.check_csrf(request, form.get("csrf", ""), f"invitation|{token}")
    mode = form.get("mode", "")
    if mode not in ("create", "existing"):
        raise InvalidArgument("choose whether to create an account or sign in with an existing one", field="mode")
    kept = {name: form.get(name, "").strip() for name in ("username", "display_name")}
    try:
        answer = await _directory(
            request,
            "AcceptInvitation",
            directory_pb2.AcceptInvitationRequest(
                token=token,
                create_account=mode == "create",
                username=kept["username"],
                password=form.get("password", ""),
                display_name=kept["display_name"] if mode == "create" else "",
            ),
            client_address=client_address_of(request),
        )
    except _FORM_ERRORS as problem:
        return await _invitation_page(
            request, token, form=kept, error=problem.message, mode=mode, status=problem.http_status
        )
    except _LINK_ERRORS as problem:
        return _link_error(problem, "This invitation cannot be used")
    invitation, user = answer.invitation, answer.user
    into = f"the team {invitation.team} of {invitation.organization}" if invitation.team else invitation.organization
    return render(
        "message.html",
        title="Welcome",
        message=f"You joined {into} as {user.username}. Sign in to continue.",
        link=_sign_in_link(invitation.organization),
    )


def account_routes() -> list[Route]:
    return [
        Route("/signup", signup_page, methods=["GET"]),
        Route("/signup", signup_submit, methods=["POST"]),
        Route("/verify-email", verify_email_page, methods=["GET"]),
        Route("/verify-email", verify_email_submit, methods=["POST"]),
        Route("/invitations/accept", invitation_page, methods=["GET"]),
        Route("/invitations/accept", invitation_submit, methods=["POST"]),
    ]
