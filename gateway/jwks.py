"""`GET /api/v1/organizations/{slug}/jwks` (and `/.well-known/jwks.json` at the root or an
organization's host): an organization's public keys, from memory.

The gateway follows key-set changes on a public-only WatchKeys stream; answers carry
`Cache-Control: max-age` equal to the publish-before-sign margin and a strong ETag.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from gateway.errors import error_from_grpc
from prism.keys.v1 import keys_grpc, keys_pb2
from prism.runtime.errors import Unavailable


def grpclib_stream_opener(channel, *, component: str):
    """WatchKeys over a grpclib channel, errors turned back into PrismErrors."""
    from grpclib.exceptions import GRPCError, StreamTerminatedError

    stub = keys_grpc.KeysServiceStub(channel)

    async def open_stream(organizations: list[str]):
        try:
            async with stub.WatchKeys.open(metadata={"x-prism-component": component}) as stream:
                await stream.send_message(keys_pb2.WatchKeysRequest(organizations=organizations), end=True)
                async for response in stream:
                    yield response
        except GRPCError as exc:
            raise error_from_grpc(exc) from None
        except (ConnectionError, OSError, StreamTerminatedError) as exc:
            raise Unavailable("the keys service is unavailable", debug=repr(exc)) from None

    return open_stream


async def organization_jwks(request: Request) -> Response:
    slug = request.app.state.browser.organization(request)
    keys = await request.app.state.public_keys.get(slug)
    headers = {
        "Cache-Control": f"public, max-age={keys.cache_max_age}",
        "ETag": keys.etag,
        "Access-Control-Allow-Origin": "*",
    }
    if request.headers.get("if-none-match") == keys.etag:
        return Response(status_code=304, headers=headers)
    return Response(keys.jwks_json, media_type="application/json", headers=headers)
