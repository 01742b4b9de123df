"""SAML upstream SSO at the edge: the SP metadata page, and the rebound of the IdP's POST to the ACS.

The IdP POSTs the SAMLResponse to `/api/v1/login/callback` from its own site. A cross-site POST
does not carry SameSite=Lax cookies, so the `prism_sso` binding cookie is missing from it. Rather
than weaken the cookie to SameSite=None (which also needs Secure, and so breaks plain-http
development), the ACS answers such a POST with a page of ours that POSTs the same two fields back
to the ACS at once (one inline script, allowed by its hash; a Continue button without script).
That POST is same-site, so it carries the cookie, and the token service checks the binding as for
OIDC: a response captured from someone else's sign-in still cannot sign this browser in.
"""

from __future__ import annotations

import base64
import hashlib

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from gateway.pages import CONTENT_SECURITY_POLICY, render
from prism.token.v1 import token_grpc, token_pb2

REBOUND_FIELD = "prism_rebound"
_SCRIPT = 'document.getElementById("saml-post").submit();'
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode()).digest()).decode()
_REBOUND_POLICY = f"{CONTENT_SECURITY_POLICY}; script-src 'sha256-{_SCRIPT_HASH}'"


def needs_rebound(parameters: dict, binding: str) -> bool:
    """A SAML POST that arrived without the binding cookie and was not yet sent round again."""
    return "SAMLResponse" in parameters and not binding and parameters.get(REBOUND_FIELD) != "1"


def rebound(parameters: dict) -> Response:
    return render(
        "saml_post.html",
        headers={"Content-Security-Policy": _REBOUND_POLICY},
        saml_response=parameters.get("SAMLResponse", ""),
        relay_state=parameters.get("RelayState", ""),
        script=Markup(_SCRIPT),  # a constant, allowed by its hash: not escaped
    )


async def saml_metadata(request: Request) -> Response:
    """GET /api/v1/login/{provider}/metadata?org=…: the SP metadata of a SAML provider (for the IdP admin)."""
    organization = request.app.state.browser.organization(request, query=True)
    stub = token_grpc.TokenServiceStub(request.app.state.clients.channel("token"))
    answer = await request.app.state.clients.call(
        "token",
        stub.GetSamlMetadata,
        token_pb2.GetSamlMetadataRequest(organization=organization, provider=request.path_params["provider"]),
    )
    return Response(
        answer.metadata_xml,
        media_type="application/samlmetadata+xml",
        headers={"Cache-Control": "no-cache", "Content-Disposition": 'inline; filename="prism-sp-metadata.xml"'},
    )
