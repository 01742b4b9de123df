"""OpenID Connect discovery (`/.well-known/openid-configuration`, per organization too).

The document depends only on the organization, the URLs it is reached by and its keys' algorithms,
so each rendering is kept, by those, and served as bytes.
"""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response

from gateway.oauth import TOKEN_EXCHANGE
from prism.runtime.issuer import issuer_for
from prism.runtime.scopes import API_SCOPES, OIDC_SCOPES

CLAIMS_SUPPORTED = (
    "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "azp", "sid", "org", "role",
    "name", "preferred_username", "email", "email_verified",
    "teams", "apps", "domains", "gpg_keys", "social_accounts",
)  # fmt: skip
CLIENT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]


_DISCOVERY_HEADERS = {"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"}
_documents: dict[tuple, bytes] = {}  # rendered discovery documents, by everything they depend on


async def discovery(request: Request) -> Response:
    browser = request.app.state.browser
    organization = browser.organization(request)
    keys = await request.app.state.public_keys.get(organization)  # NotFound for an unknown organization
    algorithms = tuple(sorted({key.algorithm for key in keys.keys}) or ["RS256"])
    base = browser.oauth_base(request, organization)
    jwks_uri = browser.jwks_uri(request, organization)
    cache_key = (organization, base, jwks_uri, algorithms)
    body = _documents.get(cache_key)
    if body is None:
        if len(_documents) > 50_000:
            _documents.clear()
        document = _discovery_document(request.app.state.settings, organization, base, jwks_uri, list(algorithms))
        body = _documents[cache_key] = json.dumps(document, separators=(",", ":")).encode()
    return Response(body, media_type="application/json", headers=_DISCOVERY_HEADERS)


def _discovery_document(settings, organization: str, base: str, jwks_uri: str, algorithms: list[str]) -> dict:
    return {
        "issuer": issuer_for(settings, organization),
        "authorization_endpoint": f"{base}/authorize",
        "token_endpoint": f"{base}/token",
        "userinfo_endpoint": f"{base}/userinfo",
        "jwks_uri": jwks_uri,
        "introspection_endpoint": f"{base}/introspect",
        "revocation_endpoint": f"{base}/revoke",
        "end_session_endpoint": f"{base}/end_session",
        "scopes_supported": list(OIDC_SCOPES + API_SCOPES),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials", TOKEN_EXCHANGE],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": algorithms,
        "token_endpoint_auth_methods_supported": [*CLIENT_AUTH_METHODS, "none"],
        "introspection_endpoint_auth_methods_supported": CLIENT_AUTH_METHODS,
        "revocation_endpoint_auth_methods_supported": [*CLIENT_AUTH_METHODS, "none"],
        "code_challenge_methods_supported": ["S256"],
        "claims_supported": list(CLAIMS_SUPPORTED),
        "prompt_values_supported": ["none", "login", "consent", "select_account"],
        "authorization_response_iss_parameter_supported": True,
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
    }
