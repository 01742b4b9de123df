"""Opaque page tokens (AIP-158): a base64url JSON cursor the server alone interprets."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from prism.runtime.errors import InvalidArgument

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def page_size(requested: int) -> int:
    if requested < 0:
        raise InvalidArgument("page_size must not be negative", field="page_size")
    return min(requested or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)


def encode(cursor: dict[str, Any]) -> str:
    raw = json.dumps(cursor, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode(token: str, *, keys: tuple[str, ...]) -> dict[str, Any] | None:
    """The cursor in `token`, or None for an empty token; InvalidArgument if it was not ours."""
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        cursor = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        cursor = None
    if not isinstance(cursor, dict) or set(cursor) != set(keys):
        raise InvalidArgument(
            "page_token is not valid; pass the next_page_token of a previous response", field="page_token"
        )
    return cursor
