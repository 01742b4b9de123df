"""OpenID Connect at the edge: discovery, the authorization endpoint and its pages, UserInfo, logout.

The token service decides everything (services/token/authorization.py); these handlers parse
HTTP, keep the browser's cookies (gateway/browser.py) and render what it answers: a redirect, the
sign-in page or the consent page. Errors on these pages are HTML (gateway/errors.py), except
UserInfo's, which are RFC 6750 Bearer errors.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from google.protobuf import json_format
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from gateway.clients import client_address_of
from gateway.oauth import NO_STORE, parse_parameters, read_form
from gateway.pages import CONTENT_SECURITY_POLICY, qr_svg, render
from gateway.saml import REBOUND_FIELD, needs_rebound, rebound
from gateway.scope_words import describe
from prism.runtime.errors import InvalidArgument, PermissionDenied, PrismError, Unauthenticated
from prism.runtime.structs import plain
from prism.token.v1 import token_grpc, token_pb2


def page(request: Request) -> None:
    """Mark the request as a page: its errors are shown as HTML."""
    request.state.page = True


def _token_stub(request: Request):
    return token_grpc.TokenServiceStub(request.app.state.clients.channel("token"))


async def _call(request: Request, method: str, message):
    clients = request.app.state.clients
    return await clients.call(
        "token", getattr(_token_stub(request), method), message, client_address=client_address_of(request)
    )


# -- the authorization endpoint and its pages --------------------------------------------------


async def authorize(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request)
    if request.method == "POST":  # OpenID Connect Core §3.1.2.1 allows form POST
        parameters = await read_form(request)
    else:
        parameters = parse_parameters(request.url.query)
    answer = await _call(
        request,
        "Authorize",
        token_pb2.AuthorizeRequest(
            organization=organization, parameters=parameters, session=browser.session(request, organization)
        ),
    )
    return await _step(request, organization, answer.step, status=302)


async def login_options(request: Request, organization: str) -> token_pb2.GetLoginOptionsResponse:
    """What the organization's sign-in offers: SSO providers, local sign-in, local sign-up."""
    return await _call(request, "GetLoginOptions", token_pb2.GetLoginOptionsRequest(organization=organization))


async def _step(request: Request, organization: str, step, *, status: int, next_path: str = "") -> Response:
    browser = request.app.state.browser
    kind = step.WhichOneof("next")
    if kind == "redirect":
        return RedirectResponse(step.redirect, status_code=status, headers={"Cache-Control": "no-store"})
    cookies: dict[str, str] = {}
    if kind == "consent":
        consent = step.consent
        response = render(
            "consent.html",
            title=f"Allow {consent.app_name}?",
            app_name=consent.app_name,
            app_description=consent.app_description,
            scopes=[(scope, describe(scope)) for scope in consent.scopes],
            user=consent.user,
            redirect_host=urlsplit(consent.redirect_uri).netloc or consent.redirect_uri,
            action=f"/consent?org={organization}",
            csrf=browser.csrf(request, cookies, f"consent|{consent.request_id}"),
            request_id=consent.request_id,
            verified_domain=consent.verified_domain,
        )
    elif kind == "mfa":
        mfa = step.mfa
        try:  # "Use a passkey" when the user has one: options bound to this ticket, once
            passkey_options = (
                await _call(
                    request,
                    "StartSignInPasskey",
                    token_pb2.StartSignInPasskeyRequest(organization=organization, ticket=mfa.ticket),
                )
            ).options
        except Unauthenticated:  # the ticket just ended: the page's code form says so on submit
            passkey_options = ""
        response = render(
            "mfa.html",
            status=401 if mfa.error else 200,
            title="Set up two-factor authentication" if mfa.enroll else "Two-factor authentication",
            app_name=mfa.app_name,
            action=f"/mfa?org={organization}" + (f"&next={quote(next_path, safe='')}" if next_path else ""),
            csrf=browser.csrf(request, cookies, f"mfa|{mfa.ticket}"),
            request_id=mfa.request_id,
            ticket=mfa.ticket,
            enroll=mfa.enroll,
            otpauth_uri=mfa.otpauth_uri,
            qr_svg=qr_svg(mfa.otpauth_uri) if mfa.enroll else "",
            secret_grouped=" ".join(mfa.secret[i : i + 4] for i in range(0, len(mfa.secret), 4)),
            error=mfa.error,
            passkey_options=passkey_options,
            headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY + "; script-src 'self'"},
        )
    else:
        login = step.login
        options = await login_options(request, organization)
        request_query = f"&request={login.request_id}" if login.request_id else ""
        providers = [
            {
                "slug": provider.slug,
                "name": provider.label,
                "icon": provider.icon,
                "url": f"/api/v1/login/{provider.slug}?org={organization}{request_query}",
            }
            for provider in options.providers
        ]
        response = render(
            "login.html",
            status=401 if login.error else 200,
            title="Sign in",
            org=organization,
            app_name=login.app_name or None,
            action=f"/login?org={organization}" + (f"&next={quote(next_path, safe='')}" if next_path else ""),
            csrf=browser.csrf(request, cookies, f"login|{login.request_id}"),
            request_id=login.request_id,
            username=login.login_hint,
            error=login.error or None,
            providers=providers,
            local_signin=options.local_signin,
            signup_url=f"/signup?org={organization}" if options.local_signup else None,
        )
    browser.set_csrf_cookie(response, cookies)
    return response


def _local_path(value: str) -> str:
    """`next` of the sign-in page: a path on this site only (never `//host` or a URL)."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return ""


async def login_page(request: Request) -> Response:
    """GET /login: the plain sign-in page (for the Apps page); sign-in for apps starts at /authorize."""
    page(request)
    organization = request.app.state.browser.organization(request, query=True)
    await request.app.state.public_keys.get(organization)  # NotFound (an error page) for an unknown organization
    next_path = _local_path(request.query_params.get("next", ""))
    step = token_pb2.AuthorizationStep(login=token_pb2.LoginStep())
    return await _step(request, organization, step, status=200, next_path=next_path)


async def login_submit(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request)
    request_id = form.get("request", "")
    browser.check_csrf(request, form.get("csrf", ""), f"login|{request_id}")
    answer = await _call(
        request,
        "SignIn",
        token_pb2.SignInRequest(
            organization=organization,
            request_id=request_id,
            username=form.get("username", "").strip(),
            password=form.get("password", ""),
        ),
    )
    return await _signed_in(request, organization, answer, _local_path(request.query_params.get("next", "")))


async def mfa_submit(request: Request) -> Response:
    """POST /mfa: the second factor of a password sign-in (enrolment or code)."""
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request)
    ticket = form.get("ticket", "")
    browser.check_csrf(request, form.get("csrf", ""), f"mfa|{ticket}")
    answer = await _call(
        request,
        "VerifySignInMfa",
        token_pb2.VerifySignInMfaRequest(
            organization=organization,
            request_id=form.get("request", ""),
            ticket=ticket,
            code=form.get("code", "").strip(),
            password=form.get("password", ""),
            passkey_assertion=form.get("passkey_assertion", ""),
        ),
    )
    return await _signed_in(request, organization, answer, _local_path(request.query_params.get("next", "")))


async def _signed_in(request: Request, organization: str, answer, next_path: str) -> Response:
    """After SignIn or VerifySignInMfa: the next step, with the session cookie once there is a session."""
    if not answer.session:
        return await _step(request, organization, answer.step, status=303, next_path=next_path)
    if answer.step.WhichOneof("next") is None:  # a plain sign-in
        response: Response = RedirectResponse(next_path or f"/apps?org={organization}", status_code=303)
    else:
        response = await _step(request, organization, answer.step, status=303)
    request.app.state.browser.set_session(response, organization, answer.session, answer.session_expires_in)
    return response


async def consent_submit(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request)
    request_id = form.get("request", "")
    browser.check_csrf(request, form.get("csrf", ""), f"consent|{request_id}")
    decision = form.get("decision", "")
    if decision not in ("approve", "deny"):
        raise InvalidArgument("choose Allow or Deny", field="decision")
    answer = await _call(
        request,
        "DecideConsent",
        token_pb2.DecideConsentRequest(
            organization=organization,
            request_id=request_id,
            session=browser.session(request, organization),
            approved=decision == "approve",
        ),
    )
    return await _step(request, organization, answer.step, status=303)


# -- upstream SSO (spec 001) ---------------------------------------------------------------------


async def upstream_start(request: Request) -> Response:
    """GET /api/v1/login/{provider}?org=…[&request=…|&invitation=…]: off to the provider, this browser bound
    to the sign-in (and to the invitation it accepts, kept in the same cookie: never in the token service)."""
    page(request)
    organization = request.app.state.browser.organization(request, query=True)
    invitation = request.query_params.get("invitation", "")
    answer = await _call(
        request,
        "StartUpstreamLogin",
        token_pb2.StartUpstreamLoginRequest(
            organization=organization,
            provider=request.path_params["provider"],
            request_id=request.query_params.get("request", ""),
            invitation=invitation,
            login_hint=request.query_params.get("login_hint", ""),
        ),
    )
    response = RedirectResponse(answer.redirect, status_code=303, headers={"Cache-Control": "no-store"})
    request.app.state.browser.set_upstream_binding(response, answer.binding, invitation)
    return response


async def upstream_callback(request: Request) -> Response:
    """GET|POST /api/v1/login/callback: the provider's answer; the session, then where the sign-in was going."""
    page(request)
    parameters = parse_parameters(request.url.query) if request.method == "GET" else await read_form(request)
    browser = request.app.state.browser
    binding, invitation = browser.upstream_binding(request)
    if needs_rebound(parameters, binding):  # a SAML IdP's cross-site POST: round again to carry the cookie
        return rebound(parameters)
    answer = await _call(
        request,
        "FinishUpstreamLogin",
        token_pb2.FinishUpstreamLoginRequest(
            parameters={k: v for k, v in parameters.items() if isinstance(v, str) and k != REBOUND_FIELD},
            binding=binding,
            invitation=invitation,
        ),
    )
    response = await _signed_in(request, answer.organization, answer, "")
    browser.clear_upstream_binding(response)
    return response


# -- UserInfo and logout -----------------------------------------------------------------------


def _bearer_error(error: PrismError) -> JSONResponse:
    """RFC 6750 §3: the error in WWW-Authenticate (and the body, for people reading it)."""
    code = "insufficient_scope" if isinstance(error, PermissionDenied) else "invalid_token"
    if isinstance(error, InvalidArgument):
        code = "invalid_request"
    status = {"invalid_token": 401, "insufficient_scope": 403, "invalid_request": 400}[code]
    description = error.message.replace('"', "'")
    headers = {**NO_STORE, "WWW-Authenticate": f'Bearer error="{code}", error_description="{description}"'}
    return JSONResponse({"error": code, "error_description": error.message}, status_code=status, headers=headers)


async def userinfo(request: Request) -> Response:
    organization = request.app.state.browser.organization(request)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if request.method == "POST" and not scheme:
        token = (await read_form(request)).get("access_token", "")  # RFC 6750 §2.2
        scheme = "Bearer" if token else ""
    if scheme.lower() != "bearer" or not token.strip():
        headers = {**NO_STORE, "WWW-Authenticate": 'Bearer realm="prism"'}
        body = {"error": "invalid_token", "error_description": "a bearer access token is required"}
        return JSONResponse(body, status_code=401, headers=headers)
    try:
        answer = await _call(
            request, "UserInfo", token_pb2.UserInfoRequest(organization=organization, access_token=token.strip())
        )
    except (Unauthenticated, PermissionDenied, InvalidArgument) as error:
        return _bearer_error(error)
    return JSONResponse(plain(json_format.MessageToDict(answer.claims)), headers=NO_STORE)


async def end_session(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request)
    if request.method == "POST":
        parameters = await read_form(request)
    else:
        parameters = parse_parameters(request.url.query)
    answer = await _call(
        request,
        "EndSession",
        token_pb2.EndSessionRequest(
            organization=organization,
            parameters={k: v for k, v in parameters.items() if len(v) <= 8192},
            session=browser.session(request, organization),
        ),
    )
    if answer.redirect:
        response: Response = RedirectResponse(answer.redirect, status_code=302, headers={"Cache-Control": "no-store"})
    else:
        response = render("message.html", title="Signed out", message="You are signed out of Prism.", link=None)
    browser.clear_session(response, organization)
    return response
