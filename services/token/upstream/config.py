"""`authProviders.config.yml` (spec 001): the platform's upstream identity providers.

    providers:
      google:
        type: oidc
        label: Google                      # button text (default: the provider's name)
        icon: https://.../google.svg       # optional button icon
        config:
          client_id: "${GOOGLE_OIDC_CLIENT_ID}"
          client_secret: "${GOOGLE_OIDC_CLIENT_SECRET}"
          authorization_endpoint: https://accounts.google.com/o/oauth2/auth
          token_endpoint: https://oauth2.googleapis.com/token
          jwks_uri: https://www.googleapis.com/oauth2/v1/certs
          scopes: openid email profile     # default "openid email"
          issuer: https://accounts.google.com   # optional; see UpstreamOidc.expected_issuer
        attributesMapping:
          firstName: given_name
          lastName: family_name
          email: email

`${VAR}` placeholders are replaced from the environment when the file is read; a variable that is
not set stops the start with its name. `type: saml` blocks are described in prism/runtime/saml_config.py.
Any other mistake stops the start too, with the file, the
line and the reason, so a broken file is found at deploy time rather than at someone's sign-in.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from prism.runtime.saml_config import SamlProvider, saml_provider
from prism.runtime.settings import SettingsError

RESERVED_SLUG = "prism"  # the built-in local (password) provider
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DEFAULT_SCOPES = "openid email"
MAPPED_FIELDS = ("firstName", "lastName", "email")
OIDC_REQUIRED = ("client_id", "client_secret", "authorization_endpoint", "token_endpoint", "jwks_uri")


class ProvidersConfigError(SettingsError):
    """authProviders.config.yml is unusable; the message names the file, the line and the reason."""


@dataclass(frozen=True)
class OidcProvider:
    slug: str
    label: str
    icon: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    scopes: str
    issuer: str
    mapping: dict[str, str] = field(default_factory=dict)
    type: str = "oidc"
    organization: str = ""  # set for an organization's own provider; empty for the platform's
    email_patterns: tuple[str, ...] = ()  # organization SSO: who is sent to it, and joins at first sign-in

    @property
    def expected_issuer(self) -> str:
        """The configured issuer; without one, the origin of the authorization endpoint (Google, Okta,
        Keycloak, Auth0 and Entra ID all issue from the origin their endpoints live on)."""
        if self.issuer:
            return self.issuer
        parts = urlsplit(self.authorization_endpoint)
        return f"{parts.scheme}://{parts.netloc}"


UpstreamProvider = OidcProvider | SamlProvider


def load_providers(path: str | None, environ: dict[str, str] | None = None) -> dict[str, UpstreamProvider]:
    if not path:
        return {}
    environ = dict(os.environ if environ is None else environ)
    file = Path(path)
    try:
        text = file.read_text()
    except OSError as exc:
        raise ProvidersConfigError(f"AUTH_PROVIDERS_CONFIG={path}: cannot read it ({exc.strerror})") from None
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        for name in PLACEHOLDER.findall(line):
            if name not in environ:
                raise ProvidersConfigError(
                    f"{path}:{number}: ${{{name}}} is used but the environment variable {name} is not set"
                )
    interpolated = PLACEHOLDER.sub(lambda m: environ[m.group(1)], text)
    try:
        document = yaml.compose(interpolated)
        data = yaml.safe_load(interpolated)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ProvidersConfigError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    lines_of = _line_index(document)

    def fail(keys: tuple, reason: str):
        line = lines_of.get(keys) or lines_of.get(keys[:-1]) or lines_of.get(keys[:1])
        where = f"{path}:{line}" if line else path
        raise ProvidersConfigError(f"{where}: {reason}")

    if data is None:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("providers", {}), dict):
        fail(("providers",), "expected a mapping `providers:` of provider names to their settings")
    providers: dict[str, UpstreamProvider] = {}
    for slug, block in (data.get("providers") or {}).items():
        key = ("providers", slug)
        slug = str(slug)
        if slug == RESERVED_SLUG:
            fail(
                key,
                f"the provider name `{RESERVED_SLUG}` is reserved for Prism's own local (password) accounts; "
                "an SSO provider named so would make its users look local and force them into TOTP enrolment "
                "they cannot complete. Use another name, e.g. `prism-saas`",
            )
        if not SLUG.match(slug):
            fail(key, f"provider name {slug!r} must be lowercase letters, digits, - or _ (it is used in URLs)")
        if not isinstance(block, dict):
            fail(key, f"provider {slug!r} must be a mapping with `type` and `config`")
        kind = block.get("type")
        if kind not in ("oidc", "saml"):
            fail((*key, "type"), f"provider {slug!r}: type must be `oidc` or `saml`, not {kind!r}")
        config = block.get("config")
        if not isinstance(config, dict):
            fail((*key, "config"), f"provider {slug!r}: `config` must be a mapping")
        mapping = block.get("attributesMapping") or {}
        if not isinstance(mapping, dict) or any(k not in MAPPED_FIELDS for k in mapping):
            fail(
                (*key, "attributesMapping"),
                f"provider {slug!r}: attributesMapping maps only {', '.join(MAPPED_FIELDS)} to claim names",
            )
        if kind == "saml":
            try:
                providers[slug] = saml_provider(slug, block, config, _metadata_reader(file.parent))
            except ValueError as exc:
                fail((*key, "config"), f"provider {slug!r}: {exc}")
            continue
        for required in OIDC_REQUIRED:
            if not str(config.get(required) or "").strip():
                fail((*key, "config"), f"provider {slug!r}: config.{required} is required")
        for url_key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "issuer"):
            value = str(config.get(url_key) or "")
            if value and urlsplit(value).scheme not in ("https", "http"):
                fail((*key, "config", url_key), f"provider {slug!r}: config.{url_key} must be an http(s) URL")
        scopes = str(config.get("scopes") or DEFAULT_SCOPES)
        if "openid" not in scopes.split():
            fail((*key, "config", "scopes"), f"provider {slug!r}: config.scopes must include openid")
        providers[slug] = OidcProvider(
            slug=slug,
            label=str(block.get("label") or slug),
            icon=str(block.get("icon") or ""),
            client_id=str(config["client_id"]),
            client_secret=str(config["client_secret"]),
            authorization_endpoint=str(config["authorization_endpoint"]),
            token_endpoint=str(config["token_endpoint"]),
            jwks_uri=str(config["jwks_uri"]),
            scopes=scopes,
            issuer=str(config.get("issuer") or ""),
            mapping={"email": "email", "firstName": "given_name", "lastName": "family_name", **mapping},
        )
    return providers


def _metadata_reader(base: Path):
    """idp_metadata_filepath, relative to the providers file's folder unless absolute."""

    def read(path: str) -> bytes:
        try:
            return (base / path).read_bytes()
        except OSError as exc:
            raise ValueError(f"config.idp_metadata_filepath {path}: cannot read it ({exc.strerror})") from None

    return read


def _line_index(node, path: tuple = ()) -> dict[tuple, int]:
    """(key, key, ...) -> 1-based line of that key in the YAML source."""
    lines: dict[tuple, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, key_node.value)
            lines[key] = key_node.start_mark.line + 1
            lines.update(_line_index(value_node, key))
    return lines
