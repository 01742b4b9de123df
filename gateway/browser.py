"""What the edge keeps in the browser, and which organization a request is for.

- The session cookie (`prism_session_<org>`) carries the token service's random session token
  with an HMAC of it under `PRISM_SESSION_SECRET`: a forged or altered cookie is dropped here,
  before any RPC. HttpOnly, SameSite=Lax (the authorization request is a top-level navigation
  from the app's site and must carry it), Secure when the public URL is https.
- CSRF: every form carries HMAC(secret, csrf cookie | purpose), checked on POST against the
  browser's own random `prism_csrf` cookie (a double-submit token an attacker's page cannot read).
- The organization comes from the path (`/api/v1/organizations/{slug}/...`), else the host
  (`{slug}.{PRISM_IDENTITY_DOMAIN}`), else the pages' `org` query parameter, else
  `PRISM_DEFAULT_ORGANIZATION` (the root endpoints).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as random

from starlette.requests import Request
from starlette.responses import Response

from gateway.settings import GatewaySettings
from prism.runtime.errors import InvalidArgument, NotFound, PermissionDenied
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.secrets import load_or_create

UPSTREAM_COOKIE = "prism_sso"
UPSTREAM_PATH = "/api/v1/login"
CSRF_COOKIE = "prism_csrf"
SESSION_FILE = "session-secret"


def session_secret(settings: GatewaySettings) -> bytes:
    if settings.session_secret is not None:
        return settings.session_secret.get_secret_value().encode()
    if settings.environment == "production":
        from prism.runtime.settings import SettingsError

        raise SettingsError("PRISM_SESSION_SECRET must be set when PRISM_ENVIRONMENT=production")
    return load_or_create(settings.data_dir, SESSION_FILE).encode()


def _mac(key: bytes, *parts: str) -> str:
    digest = hmac.new(key, "|".join(parts).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


class Browser:
    def __init__(self, settings: GatewaySettings) -> None:
        self.settings = settings
        self._key = session_secret(settings)
        self.secure = settings.public_url.startswith("https://")

    # -- organizations -------------------------------------------------------------------------

    def host_organization(self, request: Request) -> str | None:
        host = request.headers.get("host", "").rsplit(":", 1)[0].lower()
        suffix = "." + self.settings.identity_domain.lower()
        if host.endswith(suffix):
            slug = host[: -len(suffix)]
            if SLUG_PATTERN.match(slug):
                return slug
        return None

    def organization(self, request: Request, *, query: bool = False) -> str:
        slug = request.path_params.get("slug")
        if slug is None:
            slug = self.host_organization(request)
        if slug is None and query:
            slug = request.query_params.get("org")
        if slug is None:
            slug = self.settings.default_organization
            if not slug:
                raise NotFound(
                    "no organization is served here: use /api/v1/organizations/{slug}/..., "
                    "or set PRISM_DEFAULT_ORGANIZATION for the root endpoints",
                    reason="NO_DEFAULT_ORGANIZATION",
                )
        if not SLUG_PATTERN.match(slug):
            raise InvalidArgument(f"{slug!r} is not an organization slug", field="org")
        return slug

    def oauth_base(self, request: Request, organization: str) -> str:
        """Where this organization's OAuth endpoints are, reached the way this request came."""
        if "slug" in request.path_params:
            return f"{self.settings.public_url}/api/v1/organizations/{organization}/oauth"
        if self.host_organization(request) == organization:
            return f"https://{organization}.{self.settings.identity_domain}/api/oauth"
        return f"{self.settings.public_url}/api/oauth"

    def jwks_uri(self, request: Request, organization: str) -> str:
        if "slug" in request.path_params:
            return f"{self.settings.public_url}/api/v1/organizations/{organization}/jwks"
        if self.host_organization(request) == organization:
            return f"https://{organization}.{self.settings.identity_domain}/.well-known/jwks.json"
        return f"{self.settings.public_url}/.well-known/jwks.json"

    # -- the session cookie --------------------------------------------------------------------

    @staticmethod
    def session_cookie_name(organization: str) -> str:
        return f"prism_session_{organization}"

    def session(self, request: Request, organization: str) -> str:
        """The session token in the browser's cookie for this organization, if its signature holds."""
        value = request.cookies.get(self.session_cookie_name(organization), "")
        token, _, mac = value.rpartition(".")
        if not token or not hmac.compare_digest(mac, _mac(self._key, "session", organization, token)):
            return ""
        return token

    def set_session(self, response: Response, organization: str, token: str, max_age: int) -> None:
        response.set_cookie(
            self.session_cookie_name(organization),
            f"{token}.{_mac(self._key, 'session', organization, token)}",
            max_age=max_age,
            path="/",
            httponly=True,
            samesite="lax",
            secure=self.secure,
        )

    def clear_session(self, response: Response, organization: str) -> None:
        response.delete_cookie(
            self.session_cookie_name(organization), path="/", httponly=True, samesite="lax", secure=self.secure
        )

    # -- the binding of an upstream SSO sign-in to this browser -------------------------------------

    def upstream_binding(self, request: Request) -> tuple[str, str]:
        """(binding secret, invitation token) kept since the sign-in left for the provider."""
        binding, _, invitation = request.cookies.get(UPSTREAM_COOKIE, "").partition(".")
        return binding, invitation

    def set_upstream_binding(self, response: Response, binding: str, invitation: str = "") -> None:
        response.set_cookie(
            UPSTREAM_COOKIE,
            f"{binding}.{invitation}" if invitation else binding,
            max_age=600,
            path=UPSTREAM_PATH,
            httponly=True,
            samesite="lax",  # the provider sends the browser back with a top-level GET
            secure=self.secure,
        )

    def clear_upstream_binding(self, response: Response) -> None:
        response.delete_cookie(UPSTREAM_COOKIE, path=UPSTREAM_PATH, httponly=True, samesite="lax", secure=self.secure)

    # -- CSRF ----------------------------------------------------------------------------------

    def csrf(self, request: Request, response_cookies: dict[str, str], purpose: str) -> str:
        """The token a form for `purpose` carries; notes a new CSRF cookie to set if the browser has none."""
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if len(cookie) < 20:
            cookie = response_cookies.setdefault(CSRF_COOKIE, random.token_urlsafe(24))
        return _mac(self._key, "csrf", cookie, purpose)

    def set_csrf_cookie(self, response: Response, cookies: dict[str, str]) -> None:
        if CSRF_COOKIE in cookies:
            response.set_cookie(
                CSRF_COOKIE, cookies[CSRF_COOKIE], path="/", httponly=True, samesite="lax", secure=self.secure
            )

    def check_csrf(self, request: Request, submitted: str, purpose: str) -> None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        expected = _mac(self._key, "csrf", cookie, purpose)
        if len(cookie) < 20 or not hmac.compare_digest(submitted or "", expected):
            raise PermissionDenied(
                "this form has expired or did not come from this site; go back, reload the page and try again",
                reason="CSRF_FAILED",
            )
