"""The Apps page (spec 002: Apps → New Application): an organization's admins list and register apps.

The browser's session gets a short access token of its user from the token service; the page
then calls the same DirectoryService RPCs as the REST API and the CLI, so authz decides exactly
as it does for them (admins only) and the audit log shows the same events.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from gateway.oauth import read_form
from gateway.oidc import page
from gateway.pages import render
from gateway.scope_words import ALL_SCOPES, describe
from gateway.signed_in import sign_in_first, signed_in
from prism.directory.v1 import directory_grpc, directory_pb2
from prism.runtime.errors import InvalidArgument, PermissionDenied
from prism.runtime.scopes import GRANT_TYPES

MULTI = ("allowed_scopes", "grant_types")


async def _session(request: Request, organization: str):
    """(username, bearer header) of the signed-in user, or None when the browser must sign in."""
    user = await signed_in(request, organization)
    return None if user is None else (user.username, user.bearer)


def _sign_in(organization: str) -> Response:
    return sign_in_first(organization, f"/apps?org={organization}")


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _seconds(form: dict, name: str) -> int:
    raw = str(form.get(name, "")).strip()
    if not raw:
        return 0
    if not raw.isdigit():
        raise InvalidArgument(f"{name.replace('_', ' ')} must be a whole number of seconds", field=name)
    return int(raw)


async def _page(request: Request, organization: str, user: str, bearer: str, *, form=None, error=None, status=200):
    clients = request.app.state.clients
    stub = directory_grpc.DirectoryServiceStub(clients.channel("directory"))
    answer = await clients.call(
        "directory",
        stub.ListApps,
        directory_pb2.ListAppsRequest(parent=f"organizations/{organization}", page_size=200),
        authorization=bearer,
    )
    kinds = {directory_pb2.CLIENT_TYPE_PUBLIC: "public"}
    apps = [
        {
            "display_name": app.display_name,
            "client_id": app.client_id,
            "client_type": kinds.get(app.client_type, "confidential"),
            "redirect_uris": list(app.redirect_uris),
        }
        for app in answer.apps
    ]
    cookies: dict[str, str] = {}
    browser = request.app.state.browser
    response = render(
        "apps.html",
        status=status,
        title="Applications",
        org=organization,
        user=user,
        apps=apps,
        csrf=browser.csrf(request, cookies, f"apps|{organization}"),
        action=f"/apps?org={organization}",
        error=error,
        all_scopes=[(scope, describe(scope)) for scope in ALL_SCOPES],
        grant_types=list(GRANT_TYPES),
        form=form or {},
    )
    browser.set_csrf_cookie(response, cookies)
    return response


async def apps_page(request: Request) -> Response:
    page(request)
    organization = request.app.state.browser.organization(request, query=True)
    signed_in = await _session(request, organization)
    if signed_in is None:
        return _sign_in(organization)
    user, bearer = signed_in
    try:
        return await _page(request, organization, user, bearer)
    except PermissionDenied:
        return render(
            "error.html",
            status=403,
            title="Administrators only",
            message=f"Only administrators of {organization} can manage its applications.",
            code="access_denied",
        )


async def create_app_submit(request: Request) -> Response:
    page(request)
    browser = request.app.state.browser
    organization = browser.organization(request, query=True)
    form = await read_form(request, multi=MULTI)
    browser.check_csrf(request, str(form.get("csrf", "")), f"apps|{organization}")
    signed_in = await _session(request, organization)
    if signed_in is None:
        return _sign_in(organization)
    user, bearer = signed_in
    public = bool(form.get("public"))
    try:
        app = directory_pb2.App(
            display_name=str(form.get("display_name", "")).strip(),
            description=str(form.get("description", "")).strip(),
            redirect_uris=_lines(str(form.get("redirect_uris", ""))),
            post_logout_redirect_uris=_lines(str(form.get("post_logout_redirect_uris", ""))),
            client_type=directory_pb2.CLIENT_TYPE_PUBLIC if public else directory_pb2.CLIENT_TYPE_CONFIDENTIAL,
            allowed_scopes=form["allowed_scopes"],
            grant_types=form["grant_types"],
            oidc_fields=[f.strip() for f in str(form.get("oidc_fields", "")).split(",") if f.strip()],
            access_token_lifetime_seconds=_seconds(form, "access_token_lifetime_seconds"),
            refresh_token_lifetime_seconds=_seconds(form, "refresh_token_lifetime_seconds"),
        )
        clients = request.app.state.clients
        stub = directory_grpc.DirectoryServiceStub(clients.channel("directory"))
        answer = await clients.call(
            "directory",
            stub.CreateApp,
            directory_pb2.CreateAppRequest(parent=f"organizations/{organization}", app=app),
            authorization=bearer,
        )
    except InvalidArgument as problem:
        return await _page(request, organization, user, bearer, form=form, error=problem.message, status=400)
    created = answer.app
    return render(
        "app_created.html",
        title="Application created",
        org=organization,
        app={
            "display_name": created.display_name,
            "client_id": created.client_id,
            "client_type": "public" if public else "confidential",
        },
        client_secret=answer.client_secret,
        back=f"/apps?org={organization}",
    )
