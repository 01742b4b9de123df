"""An organization's SAML provider (`type: saml`), checked when an admin saves it by the same rules as
the platform's authProviders.config.yml (prism.runtime.saml_config: the IdP metadata, the
certificates), so that a provider that is stored can be built by the token service at sign-in.

The fields mirror spec 001's `config` block: `idp_metadata` (the XML itself, since a path on the
server means nothing to an API caller) or `entry_point` + `idp_certificates`, with `idp_entity_id`
(`idpIssuer`), `sp_entity_id` (`issuer`) and `audience`. The metadata is not stored: what is read from
it is, and fields given beside it override it, as in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from prism.runtime.errors import InvalidArgument
from prism.runtime.saml_config import idp_metadata, pem_certificate
from services.directory.sso_providers import SamlSettings

SAML_FIELDS = ("idp_metadata", "entry_point", "idp_certificates", "idp_entity_id", "sp_entity_id", "audience")
OIDC_FIELDS = ("client_id", "client_secret", "authorization_endpoint", "token_endpoint", "jwks_uri", "scopes", "issuer")
MAX_METADATA = 256 * 1024  # bytes of IdP metadata XML (as for a SAMLResponse)
MAX_CERTIFICATES = 4  # the current one and a few for a rollover
MAX_CERTIFICATE = 16 * 1024  # characters of one PEM certificate
MAX_URL = 2048
MAX_ENTITY_ID = 1024  # SAML core §8.3.6: an entity id is at most 1024 characters


@dataclass(frozen=True)
class SamlDraft:
    """The SAML fields of a Create or Update request, not yet validated."""

    idp_metadata: str = ""
    entry_point: str = ""
    idp_certificates: tuple[str, ...] = ()
    idp_entity_id: str = ""
    sp_entity_id: str = ""
    audience: str = ""


def _field(name: str) -> str:
    return f"sso_provider.{name}"


def refuse_other_type(kind: str, given: list[str]) -> None:
    """Fields of the other protocol are a mistake (a provider is OIDC or SAML), not something to ignore."""
    if not given:
        return
    if kind == "saml":
        raise InvalidArgument(
            f"{', '.join(given)} {'is an' if len(given) == 1 else 'are'} OpenID Connect setting"
            f"{'' if len(given) == 1 else 's'}; a saml provider takes idp_metadata, or entry_point and "
            "idp_certificates (with idp_entity_id, sp_entity_id, audience)",
            field=_field(given[0]),
        )
    raise InvalidArgument(
        f"{', '.join(given)} {'is a' if len(given) == 1 else 'are'} SAML setting{'' if len(given) == 1 else 's'}; "
        "give type saml for a SAML provider (the type is fixed once created)",
        field=_field(given[0]),
    )


def validated_saml(
    draft: SamlDraft, current: SamlSettings | None = None, paths: set[str] | None = None
) -> SamlSettings:
    """The settings of a new provider (`current` None: every field from the draft), or of an update (the
    fields named in `paths` from the draft, the others kept). New metadata replaces the entry point, the
    certificates and the IdP entity id, except those the same request gives itself."""
    given = set(SAML_FIELDS) if current is None else (paths or set()) & set(SAML_FIELDS)
    metadata = _metadata(draft.idp_metadata) if "idp_metadata" in given and draft.idp_metadata.strip() else None

    def value(name: str, index: int):
        own = getattr(draft, name)
        if name in given and own:
            return own
        if metadata is not None and index >= 0:
            return metadata[index]
        if name in given or current is None:
            return own
        return getattr(current, name)

    entry_point = _url(str(value("entry_point", 1)).strip())
    certificates = _certificates(tuple(value("idp_certificates", 2)))
    return SamlSettings(
        entry_point=entry_point,
        idp_certificates=certificates,
        idp_entity_id=_entity_id(str(value("idp_entity_id", 0)), "idp_entity_id"),
        sp_entity_id=_entity_id(str(value("sp_entity_id", -1)), "sp_entity_id"),
        audience=_entity_id(str(value("audience", -1)), "audience"),
    )


def _metadata(xml: str) -> tuple[str, str, tuple[str, ...]]:
    data = xml.strip().encode()
    if len(data) > MAX_METADATA:
        raise InvalidArgument(f"idp_metadata is larger than {MAX_METADATA // 1024} KiB", field=_field("idp_metadata"))
    try:
        return idp_metadata(data)
    except ValueError as exc:
        raise InvalidArgument(
            f"idp_metadata is unusable: {exc}. Give the XML your identity provider exports as its SAML 2.0 "
            "metadata, or entry_point and idp_certificates instead",
            field=_field("idp_metadata"),
        ) from None


def _url(value: str) -> str:
    if not value:
        raise InvalidArgument(
            "entry_point (the IdP's single sign-on URL, HTTP-Redirect binding) is required without idp_metadata",
            field=_field("entry_point"),
        )
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidArgument(
            f"entry_point must be an http(s) URL with a host, got {value!r}", field=_field("entry_point")
        )
    if len(value) > MAX_URL:
        raise InvalidArgument(f"entry_point is longer than {MAX_URL} characters", field=_field("entry_point"))
    return value


def _certificates(values: tuple[str, ...]) -> tuple[str, ...]:
    name = _field("idp_certificates")
    if not values:
        raise InvalidArgument(
            "idp_certificates (the IdP's signing certificate, PEM) is required without idp_metadata", field=name
        )
    if len(values) > MAX_CERTIFICATES:
        raise InvalidArgument(f"at most {MAX_CERTIFICATES} idp_certificates", field=name)
    found = []
    for number, value in enumerate(values, start=1):
        label = "idp_certificates" if len(values) == 1 else f"idp_certificates #{number}"
        if len(value) > MAX_CERTIFICATE:
            raise InvalidArgument(f"{label} is longer than {MAX_CERTIFICATE} characters", field=name)
        try:
            found.append(pem_certificate(value, name=label))
        except ValueError as exc:
            raise InvalidArgument(f"{exc}; paste the IdP's signing certificate as PEM", field=name) from None
    return tuple(dict.fromkeys(found))


def _entity_id(value: str, name: str) -> str:
    value = value.strip()
    if len(value) > MAX_ENTITY_ID:
        raise InvalidArgument(f"{name} is longer than {MAX_ENTITY_ID} characters", field=_field(name))
    if any(c.isspace() for c in value):
        raise InvalidArgument(f"{name} must be a URI (no spaces), got {value!r}", field=_field(name))
    return value
