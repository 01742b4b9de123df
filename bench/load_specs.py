"""What one loop of the load generator does, as picklable specs (built by the caller, sent to the
load processes): `http_spec` (one fixed request, or one of its variants in turn),
`authorization_code_spec`, `refresh_spec` (a refresh-token chain per loop) and `grpc_spec` (one
unary call with a fixed serialized request). bench/load_loops.py carries them out."""

from __future__ import annotations


def http_spec(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    status: int = 200,
    expect: bytes = b"",
    variants: list[tuple[str, dict[str, str]]] | None = None,
) -> dict:
    """One fixed request per iteration; the answer must have `status` and contain `expect`.

    With `variants` ((path and query, extra headers) pairs on the same host), each loop cycles through
    them from a random starting point instead (the scale case: one request per organization).
    """
    return {
        "kind": "http",
        "url": url,
        "method": method,
        "headers": dict(headers or {}),
        "body": body,
        "status": status,
        "expect": expect,
        "variants": [(path, dict(extra)) for path, extra in variants or ()],
    }


def authorization_code_spec(
    base_url: str,
    *,
    authorize_path: str,
    token_path: str,
    client_id: str,
    authorization: str,
    redirect_uri: str,
    scope: str,
    cookie: str,
    expect: bytes = b'"access_token"',
) -> dict:
    """GET authorize with the browser's session cookie (302 to `redirect_uri` with a code), then POST the code
    with its PKCE verifier to the token endpoint: one iteration. Each iteration makes a new verifier."""
    return {
        "kind": "authorization_code",
        "url": base_url,
        "authorize_path": authorize_path,
        "token_path": token_path,
        "client_id": client_id,
        "authorization": authorization,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "cookie": cookie,
        "expect": expect,
    }


def refresh_spec(url: str, *, authorization: str, refresh_tokens: list[str], expect: bytes = b'"access_token"') -> dict:
    """grant_type=refresh_token; loop i starts with refresh_tokens[i] and always sends the newest one it got."""
    return {
        "kind": "refresh",
        "url": url,
        "authorization": authorization,
        "refresh_tokens": list(refresh_tokens),
        "expect": expect,
    }


def grpc_spec(target: str, method: str, request: bytes, *, metadata=(), expect_prefix: bytes = b"") -> dict:
    """One unary call per iteration with an already serialized request; the serialized answer must start
    with `expect_prefix` (b"\\x08\\x01" is field 1, a bool, true)."""
    return {
        "kind": "grpc",
        "target": target,
        "method": method,
        "request": request,
        "metadata": [tuple(pair) for pair in metadata],
        "expect_prefix": expect_prefix,
    }
