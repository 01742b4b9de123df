"""URLs Prism sends browsers to."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit, urlunsplit


def with_query(uri: str, parameters: dict[str, str]) -> str:
    """`uri` with `parameters` added to its query (a registered URI may carry a query of its own)."""
    parts = urlsplit(uri)
    extra = urlencode({k: v for k, v in parameters.items() if v})
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
