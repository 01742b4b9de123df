"""The Starlette application of the edge: routes, middleware, error handlers, service clients."""

from __future__ import annotations

import contextlib

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Route

from gateway.accounts_pages import account_routes
from gateway.apps_page import apps_page, create_app_submit
from gateway.audit import list_audit_events
from gateway.browser import Browser
from gateway.clients import ServiceClients
from gateway.discovery import discovery
from gateway.errors import EXCEPTION_HANDLERS
from gateway.health import healthz, readyz
from gateway.jwks import grpclib_stream_opener, organization_jwks
from gateway.middleware import BodyLimitMiddleware, TelemetryMiddleware
from gateway.oauth import (
    organization_introspection_endpoint,
    organization_revocation_endpoint,
    organization_token_endpoint,
)
from gateway.oidc import (
    authorize,
    consent_submit,
    end_session,
    login_page,
    login_submit,
    mfa_submit,
    upstream_callback,
    upstream_start,
    userinfo,
)
from gateway.saml import saml_metadata
from gateway.security_page import security_routes
from gateway.settings import GatewaySettings
from gateway.stepup import PAGE_ROUTES as STEPUP_PAGES
from gateway.stepup import stepup_routes
from gateway.transcoding import Transcoder, rules_for
from prism.directory.v1 import directory_grpc, directory_pb2
from prism.keys.v1 import keys_grpc, keys_pb2
from prism.runtime.keysets import KeySetCache
from prism.stepup.v1 import stepup_grpc, stepup_pb2
from prism.token.v1 import token_grpc, token_pb2
from prism.webhooks.v1 import webhooks_grpc, webhooks_pb2

# The services whose `google.api.http` rules the edge serves. AuditService is merged by hand.
TRANSCODED = (
    ("directory", directory_pb2, directory_grpc),
    ("keys", keys_pb2, keys_grpc),
    ("token", token_pb2, token_grpc),
    ("stepup", stepup_pb2, stepup_grpc),
    ("webhooks", webhooks_pb2, webhooks_grpc),
)


def oidc_routes(prefix: str, oauth: str) -> list[Route]:
    return [
        Route(f"{prefix}/.well-known/openid-configuration", discovery, methods=["GET"]),
        Route(f"{oauth}/authorize", authorize, methods=["GET", "POST"]),
        Route(f"{oauth}/token", organization_token_endpoint, methods=["POST"]),
        Route(f"{oauth}/introspect", organization_introspection_endpoint, methods=["POST"]),
        Route(f"{oauth}/revoke", organization_revocation_endpoint, methods=["POST"]),
        Route(f"{oauth}/userinfo", userinfo, methods=["GET", "POST"]),
        Route(f"{oauth}/end_session", end_session, methods=["GET", "POST"]),
    ]


def create_app(settings: GatewaySettings) -> Starlette:
    async def management_api(request: Request):
        return await request.app.state.transcoder.handle(request, authorization=request.headers.get("authorization"))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        clients = ServiceClients(settings, settings.rpc_timeout_seconds)
        rules = [rule for component, pb2, grpc_module in TRANSCODED for rule in rules_for(component, pb2, grpc_module)]
        app.state.settings = settings
        app.state.browser = Browser(settings)
        app.state.clients = clients
        app.state.transcoder = Transcoder(rules, clients)
        app.state.public_keys = KeySetCache(
            grpclib_stream_opener(clients.channel("keys"), component="gateway"), private=False
        )
        app.state.public_keys.start()
        try:
            yield
        finally:
            await app.state.public_keys.stop()
            clients.close()

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/api/v1/organizations/{slug}/auditEvents", list_audit_events, methods=["GET"]),
        Route("/api/v1/organizations/{slug}/jwks", organization_jwks, methods=["GET"]),
        # OpenID Connect per organization by path; at the root (and on an organization's own host)
        # the same handlers serve the default organization (or the host's)
        *oidc_routes("/api/v1/organizations/{slug}", "/api/v1/organizations/{slug}/oauth"),
        *oidc_routes("", "/api/oauth"),
        *stepup_routes("/api/v1/organizations/{slug}/oauth"),
        *stepup_routes("/api/oauth"),
        *STEPUP_PAGES,
        Route("/.well-known/jwks.json", organization_jwks, methods=["GET"]),
        # pages
        Route("/login", login_page, methods=["GET"]),
        Route("/login", login_submit, methods=["POST"]),
        Route("/consent", consent_submit, methods=["POST"]),
        Route("/mfa", mfa_submit, methods=["POST"]),
        Route("/api/v1/login/callback", upstream_callback, methods=["GET", "POST"]),
        Route("/api/v1/login/{provider}/metadata", saml_metadata, methods=["GET"]),
        Route("/api/v1/login/{provider}", upstream_start, methods=["GET"]),
        Route("/apps", apps_page, methods=["GET"]),
        Route("/apps", create_app_submit, methods=["POST"]),
        *account_routes(),
        *security_routes(),
        Route("/api/v1/{rest:path}", management_api, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(TelemetryMiddleware),
            Middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    return app
