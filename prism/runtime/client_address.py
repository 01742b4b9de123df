"""The address of the person's client, as the gateway saw it, carried to services in gRPC metadata.

The gateway sets `x-prism-client-address` on every call it makes (replacing anything a client
sent); services read it for brute-force protection and audit. Calls that did not come through the
gateway have none, and are counted under the empty address.
"""

from __future__ import annotations

import grpc

CLIENT_ADDRESS_KEY = "x-prism-client-address"


def client_address(context: grpc.aio.ServicerContext) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == CLIENT_ADDRESS_KEY:
            return value[:64]
    return ""
