"""Who is signed in on this browser, for the pages that act as that user.

The session cookie (gateway/browser.py) is exchanged at the token service for the user and a short
access token; the pages then call the same RPCs as the REST API with it, so authz decides as it
does for any other caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse

from prism.runtime.errors import Unauthenticated
from prism.token.v1 import token_grpc, token_pb2


@dataclass(frozen=True)
class SignedIn:
    user_id: str
    username: str
    bearer: str  # "Bearer <short access token>"


async def signed_in(request: Request, organization: str) -> SignedIn | None:
    """The browser's user in `organization`, or None when it must sign in first."""
    token = request.app.state.browser.session(request, organization)
    if not token:
        return None
    clients = request.app.state.clients
    stub = token_grpc.TokenServiceStub(clients.channel("token"))
    try:
        answer = await clients.call(
            "token", stub.GetSession, token_pb2.GetSessionRequest(organization=organization, session=token)
        )
    except Unauthenticated:
        return None
    return SignedIn(answer.user_id, answer.username, f"Bearer {answer.access_token}")


def sign_in_first(organization: str, here: str) -> RedirectResponse:
    """To the sign-in page of `organization`, which comes back to `here` (a path and its query) after."""
    return RedirectResponse(f"/login?org={organization}&next={quote(here, safe='')}", status_code=303)
