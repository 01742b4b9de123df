"""The signature of a delivery (documented in README.md, "Webhooks").

`Prism-Webhook-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>` where `<timestamp>`
is the `Prism-Webhook-Timestamp` header (seconds since the epoch) and `<body>` the exact bytes of
the request body. Receivers recompute it, compare in constant time, and refuse old timestamps.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from prism.runtime.secrets import compare

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


def verify(secret: str, timestamp: int, body: bytes, header: str) -> bool:
    """True if one of the header's `v1=` values is the signature of (timestamp, body)."""
    expected = signature(secret, timestamp, body)
    return any(compare(expected, part.strip()) for part in header.split(","))
