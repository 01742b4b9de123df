"""What an authorization request is and may ask (RFC 6749 §4.1.1, RFC 7636, OpenID Connect Core §3.1.2).

`checked_request` judges the parameters of a request whose client and redirect URI are already
known to be good: every refusal is a `RedirectError`, which goes back to the app. The pending
request it returns is what the sign-in and consent pages carry between them (by a random id).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prism.directory.v1 import directory_pb2
from prism.runtime.scopes import KNOWN_SCOPES

REQUEST_LIFETIME = 900  # seconds a person has for the sign-in and consent pages
PROMPTS = frozenset({"none", "login", "consent", "select_account"})
CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")  # BASE64URL(SHA-256(verifier)), RFC 7636 §4.2
LIMITS = {"state": 2048, "nonce": 512, "login_hint": 256, "scope": 2000}


class RedirectError(Exception):
    """An error of a request whose client and redirect URI are valid: it goes back to the app."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Pending:
    digest: str
    organization: str
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    nonce: str
    code_challenge: str
    prompt: frozenset[str]
    max_age: int | None
    login_hint: str
    session_digest: str | None
    authenticated_at: int | None
    expires_at: int


def checked_request(
    organization: str, app: directory_pb2.App, redirect_uri: str, parameters: dict[str, str], now: int
) -> Pending:
    for name, limit in LIMITS.items():
        if len(parameters.get(name, "")) > limit:
            raise RedirectError("invalid_request", f"{name} is longer than {limit} characters")
    if "request" in parameters or "request_uri" in parameters:
        raise RedirectError("request_not_supported", "request objects are not supported")
    response_type = parameters.get("response_type", "")
    if not response_type:
        raise RedirectError("invalid_request", "response_type is required")
    if response_type != "code":
        raise RedirectError("unsupported_response_type", "only response_type=code is supported")
    if parameters.get("response_mode", "query") != "query":
        raise RedirectError("invalid_request", "only response_mode=query is supported")
    if "authorization_code" not in app.grant_types:
        raise RedirectError("unauthorized_client", "this app may not use the authorization code flow")
    requested = parameters.get("scope", "").split()
    if not requested:
        raise RedirectError("invalid_scope", "scope is required (for example: openid profile email)")
    unknown = sorted(set(requested) - KNOWN_SCOPES)
    if unknown:
        raise RedirectError("invalid_scope", f"unknown scope: {' '.join(unknown)}")
    refused = sorted(set(requested) - set(app.allowed_scopes))
    if refused:
        raise RedirectError("invalid_scope", f"scope not allowed for this app: {' '.join(refused)}")
    method = parameters.get("code_challenge_method", "")
    challenge = parameters.get("code_challenge", "")
    if method and method != "S256":
        raise RedirectError("invalid_request", "code_challenge_method must be S256 (plain is not accepted)")
    if challenge and not method:
        raise RedirectError("invalid_request", "code_challenge_method=S256 is required with code_challenge")
    if challenge and not CHALLENGE.match(challenge):
        raise RedirectError("invalid_request", "code_challenge must be 43 base64url characters (S256)")
    if method and not challenge:
        raise RedirectError("invalid_request", "code_challenge is required with code_challenge_method")
    if app.client_type == directory_pb2.CLIENT_TYPE_PUBLIC and not challenge:
        raise RedirectError("invalid_request", "public clients must use PKCE (code_challenge with S256)")
    prompt = frozenset(parameters.get("prompt", "").split())
    if prompt - PROMPTS:
        raise RedirectError("invalid_request", f"unknown prompt value: {' '.join(sorted(prompt - PROMPTS))}")
    if "none" in prompt and len(prompt) > 1:
        raise RedirectError("invalid_request", "prompt=none cannot be combined with other values")
    if "select_account" in prompt:  # one account per browser session: choosing one means signing in
        prompt = (prompt - {"select_account"}) | {"login"}
    max_age = None
    if "max_age" in parameters:
        raw = parameters["max_age"]
        if not raw.isdigit() or len(raw) > 10:
            raise RedirectError("invalid_request", "max_age must be a whole number of seconds")
        max_age = int(raw)
    return Pending(
        "",
        organization,
        app.client_id,
        redirect_uri,
        tuple(dict.fromkeys(requested)),
        parameters.get("state", ""),
        parameters.get("nonce", ""),
        challenge,
        prompt,
        max_age,
        parameters.get("login_hint", ""),
        None,
        None,
        now + REQUEST_LIFETIME,
    )


def to_row(pending: Pending, now: int) -> dict:
    """The `token_authorization_requests` row of a new request."""
    return {
        "digest": pending.digest,
        "organization": pending.organization,
        "client_id": pending.client_id,
        "redirect_uri": pending.redirect_uri,
        "scopes": " ".join(pending.scopes),
        "state": pending.state,
        "nonce": pending.nonce,
        "code_challenge": pending.code_challenge,
        "prompt": " ".join(sorted(pending.prompt)),
        "max_age": pending.max_age,
        "login_hint": pending.login_hint,
        "session_digest": None,
        "authenticated_at": None,
        "created_at": now,
        "expires_at": pending.expires_at,
    }


def from_row(row) -> Pending:
    return Pending(
        row["digest"],
        row["organization"],
        row["client_id"],
        row["redirect_uri"],
        tuple(row["scopes"].split()),
        row["state"],
        row["nonce"],
        row["code_challenge"],
        frozenset(row["prompt"].split()),
        row["max_age"],
        row["login_hint"],
        row["session_digest"],
        row["authenticated_at"],
        row["expires_at"],
    )
