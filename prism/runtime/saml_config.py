"""`type: saml` blocks of authProviders.config.yml (spec 001): a SAML 2.0 identity provider.

    providers:
      corp-saml:
        type: saml
        config:
          idp_metadata_filepath: /etc/prism/idp-metadata.xml  # or: idp_metadata: "<EntityDescriptor ...>"
          audience: https://id.example.com/sp                 # the SP entity id the IdP puts in Audience
          issuer: https://id.example.com/sp                   # the SP entity id in our AuthnRequest
        attributesMapping:
          email: http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress

or, without metadata, `entryPoint` (the IdP's HTTP-Redirect SSO URL) and `idpCert` (its signing
certificate, PEM or bare base64; a list for a rollover), with `idpIssuer` (its entity id) optional.
`audience` and `issuer` default to each other, and both to the SP metadata URL
`{PRISM_PUBLIC_URL}/api/v1/login/{slug}/metadata` (with `?org={org}` for an organization's own provider).

The parsing and checks here are pure (no I/O but the `read_file` the caller passes), so that both the
token service (the platform's file, and building providers at sign-in) and the directory (validating
an organization's SAML provider when an admin saves it) use the very same rules.
"""

from __future__ import annotations

import binascii
import re
import textwrap
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cryptography import x509
from lxml import etree

MD = "urn:oasis:names:tc:SAML:2.0:metadata"
DS = "http://www.w3.org/2000/09/xmldsig#"
REDIRECT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
# spec 001's "Common SAML Mappings" (ADFS / Entra ID claim types), used when attributesMapping leaves one out
DEFAULT_SAML_MAPPING = {
    "email": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "firstName": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    "lastName": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
}
_BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]+$")


def safe_parser() -> etree.XMLParser:
    """No DTDs, no entities, no network: an XML bomb or an XXE in a SAML document is refused."""
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_xml(data: bytes) -> etree._Element:
    """`data` as an element tree; ValueError for anything that is not plain XML (a DOCTYPE included)."""
    try:
        root = etree.fromstring(data, parser=safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from None
    if root.getroottree().docinfo.doctype:
        raise ValueError("a DOCTYPE is not allowed in SAML documents")
    return root


@dataclass(frozen=True)
class SamlProvider:
    slug: str
    label: str
    icon: str
    entry_point: str  # the IdP's SingleSignOnService (HTTP-Redirect binding)
    idp_certs: tuple[str, ...]  # PEM certificates whose keys may sign responses or assertions
    idp_entity_id: str  # the Issuer every response must carry; "" when not configured (the certificate vouches)
    sp_entity_id: str  # "" -> the SP metadata URL
    audience: str  # "" -> the SP entity id
    mapping: dict[str, str] = field(default_factory=dict)
    type: str = "saml"
    organization: str = ""
    email_patterns: tuple[str, ...] = ()

    def entity_id(self, public_url: str) -> str:
        return self.sp_entity_id or self.audience or default_entity_id(public_url, self.slug, self.organization)

    def expected_audience(self, public_url: str) -> str:
        return self.audience or self.entity_id(public_url)


def default_entity_id(public_url: str, slug: str, organization: str = "") -> str:
    """The SP entity id when none is configured: the URL of the SP metadata. A platform provider has one
    for every organization; an organization's own provider has its own (two organizations may both
    have a provider named `corp`, at two different IdPs)."""
    url = f"{public_url}/api/v1/login/{slug}/metadata"
    return f"{url}?org={organization}" if organization else url


def pem_certificate(value: str, name: str = "idpCert") -> str:
    """A PEM certificate from PEM or bare base64 DER (as metadata and many IdP consoles show it)."""
    text = value.strip()
    if "-----BEGIN CERTIFICATE-----" not in text:
        if not text or not _BASE64.match(text):
            raise ValueError(f"{name} must be a PEM certificate or its base64 body")
        body = "".join(text.split())
        text = "-----BEGIN CERTIFICATE-----\n" + "\n".join(textwrap.wrap(body, 64)) + "\n-----END CERTIFICATE-----\n"
    try:
        x509.load_pem_x509_certificate(text.encode())
    except (ValueError, binascii.Error) as exc:
        raise ValueError(f"{name} is not a valid X.509 certificate ({exc})") from None
    return text


def idp_metadata(xml: bytes) -> tuple[str, str, tuple[str, ...]]:
    """(entity id, HTTP-Redirect SSO URL, signing certificates) of an IdP's metadata document."""
    root = parse_xml(xml)
    if root.tag == f"{{{MD}}}EntitiesDescriptor":
        found = root.findall(f"{{{MD}}}EntityDescriptor")
        if len(found) != 1:
            raise ValueError("the metadata must describe exactly one entity (an EntityDescriptor)")
        root = found[0]
    if root.tag != f"{{{MD}}}EntityDescriptor":
        raise ValueError("the metadata is not a SAML 2.0 EntityDescriptor")
    idp = root.find(f"{{{MD}}}IDPSSODescriptor")
    if idp is None:
        raise ValueError("the metadata has no IDPSSODescriptor (is it an identity provider's?)")
    locations = [
        s.get("Location", "")
        for s in idp.findall(f"{{{MD}}}SingleSignOnService")
        if s.get("Binding") == REDIRECT_BINDING
    ]
    if not locations or not locations[0]:
        raise ValueError("the metadata has no SingleSignOnService with the HTTP-Redirect binding")
    certs = []
    for descriptor in idp.findall(f"{{{MD}}}KeyDescriptor"):
        if descriptor.get("use", "signing") != "signing":
            continue
        for node in descriptor.iterfind(f".//{{{DS}}}X509Certificate"):
            certs.append(pem_certificate(node.text or "", name="its X509Certificate"))
    if not certs:
        raise ValueError("the metadata has no signing certificate (KeyDescriptor use=signing)")
    return root.get("entityID", ""), locations[0], tuple(certs)


def saml_provider(slug: str, block: dict, config: dict, read_file) -> SamlProvider:
    """The provider of a `type: saml` block; ValueError(reason) for a mistake (the caller adds file and line).
    `read_file(path) -> bytes` reads idp_metadata_filepath."""
    entity_id, entry_point, certs = "", "", ()
    if config.get("idp_metadata_filepath") or config.get("idp_metadata"):
        if config.get("idp_metadata_filepath"):
            xml = read_file(str(config["idp_metadata_filepath"]))
        else:
            xml = str(config["idp_metadata"]).encode()
        try:
            entity_id, entry_point, certs = idp_metadata(xml)
        except ValueError as exc:
            raise ValueError(f"the IdP metadata is unusable: {exc}") from None
    entry_point = str(config.get("entryPoint") or entry_point)
    configured = config.get("idpCert") or config.get("cert")
    if configured:
        values = configured if isinstance(configured, list) else [configured]
        certs = tuple(pem_certificate(str(v)) for v in values)
    if not entry_point:
        raise ValueError("config.idp_metadata_filepath, or config.entryPoint with config.idpCert, is required")
    if urlsplit(entry_point).scheme not in ("https", "http"):
        raise ValueError("config.entryPoint must be an http(s) URL")
    if not certs:
        raise ValueError("config.idpCert (the IdP's signing certificate) is required without metadata")
    mapping = block.get("attributesMapping") or {}
    return SamlProvider(
        slug=slug,
        label=str(block.get("label") or slug),
        icon=str(block.get("icon") or ""),
        entry_point=entry_point,
        idp_certs=certs,
        idp_entity_id=str(config.get("idpIssuer") or entity_id),
        sp_entity_id=str(config.get("issuer") or ""),
        audience=str(config.get("audience") or ""),
        mapping={**DEFAULT_SAML_MAPPING, **mapping},
    )
