"""The HTML pages of the edge (sign-in, consent, errors, the Apps page): Jinja2 templates -> responses.

Handlers call `render("login.html", title=..., ...)`; this module owns the template environment
and the security headers every page carries. Pages contain no JavaScript at all (the CSP forbids
it) and work as plain HTML forms.
"""

from __future__ import annotations

import jinja2
import segno
from markupsafe import Markup
from starlette.responses import HTMLResponse

from gateway.scope_words import describe
from prism.runtime.scopes import DEFAULT_APP_SCOPES, DEFAULT_GRANT_TYPES

# No form-action directive on purpose: Chrome applies form-action to the redirect that follows a
# POST, and the consent form redirects to the application's origin.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "style-src 'unsafe-inline'",
        "img-src 'self' data: https:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)

SECURITY_HEADERS: dict[str, str] = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}

# Shown next to the grant-type checkboxes of the New Application form.
GRANT_TYPE_WORDS: dict[str, str] = {
    "authorization_code": "Sign users in (authorization code with PKCE)",
    "refresh_token": "Refresh tokens",
    "client_credentials": "Machine-to-machine (client credentials)",
}


def _scope_id(scope: str) -> str:
    """The element id of a scope's checkbox: `scope-` + the scope with `:` replaced by `-`."""
    return "scope-" + scope.replace(":", "-")


def _form_list(form, key: str) -> list[str]:
    """The submitted values of a multi-valued field: from a dict of lists/strings or a Starlette FormData."""
    if hasattr(form, "getlist"):
        return [str(value) for value in form.getlist(key)]
    value = form.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


environment = jinja2.Environment(
    loader=jinja2.PackageLoader("gateway", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True),
    # A required variable the handler forgot is an error, not a silently empty CSRF field.
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
environment.filters["scope_id"] = _scope_id
environment.filters["describe_scope"] = describe
environment.globals["grant_type_words"] = GRANT_TYPE_WORDS
environment.globals["form_list"] = _form_list
environment.globals["default_app_scopes"] = DEFAULT_APP_SCOPES
environment.globals["default_grant_types"] = DEFAULT_GRANT_TYPES


def qr_svg(text: str) -> Markup:
    """`text` as an inline SVG QR code (no script, no external image: the CSP allows neither)."""
    code = segno.make(text, error="m")
    return Markup(code.svg_inline(scale=4, border=2, dark="#111", light="#fff", title="QR code to scan"))


def render(template: str, *, status: int = 200, headers: dict[str, str] | None = None, **context) -> HTMLResponse:
    """Render `template` with `context` into an HTML response carrying the security headers.

    `headers` are added after the security headers (and may override them).
    """
    body = environment.get_template(template).render(**context)
    response_headers = dict(SECURITY_HEADERS)
    if headers:
        response_headers.update(headers)
    return HTMLResponse(body, status_code=status, headers=response_headers)
