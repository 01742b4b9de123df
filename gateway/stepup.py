"""Step-up 2FA at the edge (spec 002): the app's API (`/api/oauth/2fa/challenges`, `/verify`), the
page the user confirms on (`/oauth/2fa`), its form (`/api/oauth/2fa/authorize`) and `/info`.

The gateway only translates: the step-up service decides everything. The page's user comes from the
browser's session (a short access token of that user is the bearer of the step-up calls); the
apps authenticate with their client credentials, as at the token endpoint.
"""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from gateway import stepup_captcha
from gateway.clients import client_address_of
from gateway.oauth import NO_STORE, client_credentials_of, read_form
from gateway.oidc import page
from gateway.pages import CONTENT_SECURITY_POLICY, render
from gateway.passkey_scripts import STEPUP_PASSKEY, WEBAUTHN_JSON
from gateway.signed_in import sign_in_first, signed_in
from prism.runtime.errors import InvalidArgument, Unauthenticated, UnsupportedMediaType
from prism.stepup.v1 import stepup_grpc, stepup_pb2

SCRIPT = """\
// Prism step-up: Confirm stays disabled until the user ticks the box echoing the action, and
// while a gate of the page (e.g. the captcha) still carries data-pending; gates fire "prism:gate".
document.addEventListener("DOMContentLoaded", () => {
  const tick = document.getElementById("acknowledged");
  const confirm = document.getElementById("confirm");
  if (!tick || !confirm) return;
  const sync = () => { confirm.disabled = !tick.checked || document.querySelector("[data-pending]") !== null; };
  tick.addEventListener("change", sync);
  document.addEventListener("prism:gate", sync);
  sync();
});
"""


def _stub(request: Request):
    return stepup_grpc.StepUpServiceStub(request.app.state.clients.channel("stepup"))


async def _call(request: Request, method: str, message, bearer: str | None = None, client_address: str = ""):
    return await request.app.state.clients.call(
        "stepup", getattr(_stub(request), method), message, authorization=bearer, client_address=client_address
    )


async def create_challenge(request: Request) -> JSONResponse:
    """POST /api/oauth/2fa/challenges (JSON; client secret by Basic or in the body, or PKCE)."""
    organization = request.app.state.browser.organization(request)
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise UnsupportedMediaType("this endpoint takes application/json")
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise InvalidArgument("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise InvalidArgument("the body must be a JSON object")
    fields = {k: v for k, v in body.items() if isinstance(v, str | bool)}
    client_id, secret = client_credentials_of(request, {k: v for k, v in fields.items() if isinstance(v, str)})
    answer = await _call(
        request,
        "CreateChallenge",
        stepup_pb2.CreateChallengeRequest(
            organization=organization,
            client_id=client_id,
            client_secret=secret,
            redirect_uri=str(fields.get("redirect_uri", "")),
            action=str(fields.get("action", "")),
            nonce=str(fields.get("nonce", "")),
            code_challenge=str(fields.get("code_challenge", "")),
            code_challenge_method=str(fields.get("code_challenge_method", "")),
            require_captcha=fields.get("require_captcha") is True,
        ),
    )
    settings = request.app.state.settings
    query = urlencode({"org": organization, "challenge_id": answer.challenge_id})
    return JSONResponse(
        {
            "challenge_id": answer.challenge_id,
            "expires_at": answer.expires_at,
            "url": f"{settings.public_url}/oauth/2fa?{query}",
        },
        headers=NO_STORE,
    )


async def verify_code(request: Request) -> JSONResponse:
    """POST /api/oauth/2fa/verify (form): the app redeems the code for spec 002's proof."""
    organization = request.app.state.browser.organization(request)
    form = await read_form(request)
    client_id, secret = client_credentials_of(request, form)
    answer = await _call(
        request,
        "VerifyChallengeCode",
        stepup_pb2.VerifyChallengeCodeRequest(
            organization=organization,
            code=form.get("code", ""),
            client_id=client_id,
            client_secret=secret,
            redirect_uri=form.get("redirect_uri", ""),
            code_verifier=form.get("code_verifier", ""),
        ),
    )
    return JSONResponse(
        {
            "user_id": answer.user_id,
            "client_id": answer.client_id,
            "verified_at": answer.verified_at,
            "action": answer.action,
            "nonce": answer.nonce,
            "method": answer.method,
        },
        headers=NO_STORE,
    )


async def challenge_info(request: Request) -> JSONResponse:
    """GET /api/oauth/2fa/info?challenge_id=…: what the page shows, for the signed-in user."""
    organization = request.app.state.browser.organization(request, query=True)
    user = await signed_in(request, organization)
    if user is None:
        raise Unauthenticated("sign in first", reason="SIGN_IN_REQUIRED")
    answer = await _call(
        request,
        "GetChallengeInfo",
        stepup_pb2.GetChallengeInfoRequest(
            organization=organization, challenge_id=request.query_params.get("challenge_id", "")
        ),
        user.bearer,
    )
    return JSONResponse(
        {
            "client_id": answer.client_id,
            "app_name": answer.app_name,
            "action": answer.action,
            "redirect_host": answer.redirect_host,
            "expires_at": answer.expires_at,
            "methods": list(answer.methods),
            "captcha_required": answer.captcha_required,
            "captcha_provider": answer.captcha_provider,
            "captcha_site_key": answer.captcha_site_key,
            "pow_challenge": answer.pow_challenge,
            "pow_difficulty": answer.pow_difficulty,
            "sudo_until": answer.sudo_until,
            "passkey_options": answer.passkey_options,
            "verified_domain": answer.verified_domain,
        },
        headers=NO_STORE,
    )


async def stepup_page(request: Request) -> Response:
    """GET /oauth/2fa?challenge_id=…&state=…: the confirmation page (sign-in first when needed)."""
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    challenge_id = request.query_params.get("challenge_id", "")
    state = request.query_params.get("state", "")
    user = await signed_in(request, organization)
    if user is None:
        here = "/oauth/2fa?" + urlencode({"org": organization, "challenge_id": challenge_id, "state": state})
        return sign_in_first(organization, here)
    username, bearer = user.username, user.bearer
    info = await _call(
        request,
        "GetChallengeInfo",
        stepup_pb2.GetChallengeInfoRequest(organization=organization, challenge_id=challenge_id),
        bearer,
    )
    cookies: dict[str, str] = {}
    captcha = stepup_captcha.page_context(info, factor_asked=bool(info.methods) and not info.sudo_until)
    response = render(
        "stepup.html",
        title=f"Confirm: {info.app_name}",
        app_name=info.app_name,
        verified_domain=info.verified_domain,
        action=info.action,
        redirect_host=info.redirect_host,
        user=username,
        methods=list(info.methods),
        sudo_until=(
            datetime.datetime.fromtimestamp(info.sudo_until, tz=datetime.UTC).strftime("%H:%M UTC")
            if info.sudo_until
            else ""
        ),
        sudo_ttl_minutes=info.sudo_ttl_minutes,
        passkey_options=info.passkey_options,
        security_url=f"/account/security?org={organization}",
        form_action=f"/api/oauth/2fa/authorize?org={organization}",
        csrf=browser.csrf(request, cookies, f"2fa|{challenge_id}"),
        challenge_id=challenge_id,
        state=state,
        headers={"Content-Security-Policy": stepup_captcha.policy(_page_policy(), captcha)},
        **captcha,
    )
    browser.set_csrf_cookie(response, cookies)
    return response


def _page_policy() -> str:
    return CONTENT_SECURITY_POLICY + "; script-src 'self'"  # only /static/stepup*.js (and a captcha's)


async def authorize(request: Request) -> Response:
    """POST /api/oauth/2fa/authorize (the page's form): Confirm or Deny; back to the app."""
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request)
    challenge_id = form.get("challenge_id", "")
    browser.check_csrf(request, form.get("csrf", ""), f"2fa|{challenge_id}")
    decision = form.get("decision", "")
    if decision not in ("confirm", "deny"):
        raise InvalidArgument("choose Confirm or Deny", field="decision")
    user = await signed_in(request, organization)
    if user is None:
        raise Unauthenticated("your sign-in has ended; go back to the app and start again", reason="SIGN_IN_REQUIRED")
    answer = await _call(
        request,
        "AuthorizeChallenge",
        stepup_pb2.AuthorizeChallengeRequest(
            organization=organization,
            challenge_id=challenge_id,
            state=form.get("state", ""),
            approve=decision == "confirm",
            acknowledged=form.get("acknowledged", "") == "yes",
            code=form.get("code", "").strip(),
            remember=form.get("remember", "") == "yes",
            passkey_assertion=form.get("passkey_assertion", ""),
            captcha_token=stepup_captcha.token_of(form),
        ),
        user.bearer,
        client_address_of(request),  # the captcha providers' `remoteip`
    )
    return RedirectResponse(answer.redirect, status_code=303, headers={"Cache-Control": "no-store"})


async def revoke_sudo(request: Request) -> JSONResponse:
    """POST /api/oauth/2fa/sudo/revoke (Bearer: the user's token; JSON {"client_id"}): ends the window now."""
    organization = request.app.state.browser.organization(request)
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise InvalidArgument("the body is not valid JSON") from None
    client_id = body.get("client_id", "") if isinstance(body, dict) else ""
    if not isinstance(client_id, str) or not client_id:
        raise InvalidArgument("client_id is required", field="client_id")
    if not request.headers.get("authorization"):
        raise Unauthenticated("this call needs the user's access token (Authorization: Bearer ...)")
    answer = await _call(
        request,
        "RevokeSudo",
        stepup_pb2.RevokeSudoRequest(organization=organization, client_id=client_id),
        request.headers["authorization"],
    )
    return JSONResponse({"revoked": answer.revoked}, headers=NO_STORE)


async def script(request: Request) -> Response:
    return Response(
        SCRIPT + WEBAUTHN_JSON + STEPUP_PASSKEY,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=3600"},
    )


def stepup_routes(oauth: str) -> list[Route]:
    return [
        Route(f"{oauth}/2fa/challenges", create_challenge, methods=["POST"]),
        Route(f"{oauth}/2fa/verify", verify_code, methods=["POST"]),
        Route(f"{oauth}/2fa/info", challenge_info, methods=["GET"]),
        Route(f"{oauth}/2fa/authorize", authorize, methods=["POST"]),
        Route(f"{oauth}/2fa/sudo/revoke", revoke_sudo, methods=["POST"]),
    ]


PAGE_ROUTES = [
    Route("/oauth/2fa", stepup_page, methods=["GET"]),
    Route("/static/stepup.js", script, methods=["GET"]),
    *stepup_captcha.PAGE_ROUTES,
]
