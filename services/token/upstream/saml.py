"""SAML 2.0 Web Browser SSO, service provider side (SAML profiles §4.1; bindings §3.4 and §3.5).

`authn_request_url` sends the person to the IdP with an AuthnRequest by the HTTP-Redirect binding
(DEFLATE, base64, `RelayState`); `verify_response` checks the `SAMLResponse` the IdP POSTs back to
the ACS and gives the identity it asserts. The checks, in order:

1. plain XML only: at most 256 KiB, no DOCTYPE, no entities, no network (`prism.runtime.saml_config.parse_xml`);
   the root is a `samlp:Response` whose status is Success;
2. exactly one `saml:Assertion` anywhere in the document (no EncryptedAssertion);
3. an XML signature by one of the IdP's configured certificates, either enveloped in the Response
   (`./ds:Signature`) or in its one Assertion (`./saml:Assertion/ds:Signature`), SHA-2 only
   (signxml). From here on only the element signxml returns as signed is read, never the
   original tree, so content moved around a genuine signature (XML signature wrapping) is never
   what is read;
4. in the signed assertion: the Issuer (the IdP's entity id, when known), the audience (every
   AudienceRestriction names our entity id), the times (Conditions NotBefore / NotOnOrAfter and the
   bearer SubjectConfirmationData's NotOnOrAfter, 60 s of clock skew), the bearer confirmation's
   Recipient (our ACS URL) and InResponseTo (the AuthnRequest this browser started; unsolicited
   responses are refused); the Response's own Destination and InResponseTo when present.

The single use of an assertion (its ID, until it expires) is kept by the caller (flow.py).
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from signxml import SignatureConfiguration, XMLVerifier
from signxml.exceptions import InvalidInput, InvalidSignature

from prism.runtime.saml_config import SamlProvider, parse_xml
from services.token.upstream.oidc import LEEWAY_SECONDS, Identity, UpstreamError

SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
DS = "http://www.w3.org/2000/09/xmldsig#"
MD = "urn:oasis:names:tc:SAML:2.0:metadata"
POST_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
UNSPECIFIED = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
EMAIL_FORMAT = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
MAX_RESPONSE_BYTES = 256 * 1024
_FRACTION = re.compile(r"(\.\d{6})\d+")


def new_request_id() -> str:
    """An AuthnRequest ID: an xs:ID (starts with a letter or `_`) with 160 random bits."""
    return "_" + secrets.token_hex(20)


def _instant(seconds: float) -> str:
    return datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def authn_request_url(
    provider: SamlProvider, *, request_id: str, relay_state: str, acs_url: str, entity_id: str, now: float
) -> str:
    request = (
        f'<samlp:AuthnRequest xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="{request_id}" Version="2.0" '
        f"IssueInstant={quoteattr(_instant(now))} Destination={quoteattr(provider.entry_point)} "
        f"AssertionConsumerServiceURL={quoteattr(acs_url)} ProtocolBinding={quoteattr(POST_BINDING)}>"
        f"<saml:Issuer>{escape(entity_id)}</saml:Issuer>"
        f'<samlp:NameIDPolicy Format="{UNSPECIFIED}" AllowCreate="true"/>'
        "</samlp:AuthnRequest>"
    )
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw DEFLATE (bindings §3.4.4.1)
    deflated = compressor.compress(request.encode()) + compressor.flush()
    query = urlencode({"SAMLRequest": base64.b64encode(deflated).decode(), "RelayState": relay_state})
    separator = "&" if "?" in provider.entry_point else "?"
    return provider.entry_point + separator + query


def sp_metadata(entity_id: str, acs_url: str) -> str:
    """The metadata an IdP admin imports: our entity id and the ACS (HTTP-POST); we sign no requests."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<md:EntityDescriptor xmlns:md="{MD}" entityID={quoteattr(entity_id)}>\n'
        f'  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" '
        f'protocolSupportEnumeration="{SAMLP}">\n'
        f"    <md:NameIDFormat>{UNSPECIFIED}</md:NameIDFormat>\n"
        f'    <md:AssertionConsumerService Binding="{POST_BINDING}" Location={quoteattr(acs_url)} '
        'index="0" isDefault="true"/>\n'
        "  </md:SPSSODescriptor>\n"
        "</md:EntityDescriptor>\n"
    )


@dataclass(frozen=True)
class SamlAssertion:
    assertion_id: str
    issuer: str
    usable_until: int  # epoch seconds after which every time check refuses it (how long its ID is kept)
    identity: Identity


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def decode_response(encoded: str) -> etree._Element:
    """The `samlp:Response` of a POSTed SAMLResponse, parsed safely (not yet trusted)."""
    if len(encoded) > MAX_RESPONSE_BYTES * 4 // 3 + 4:
        raise UpstreamError("SAML_MALFORMED", "the SAMLResponse is too large")
    try:
        data = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise UpstreamError("SAML_MALFORMED", "the SAMLResponse is not base64") from None
    try:
        root = parse_xml(data)
    except ValueError as exc:
        raise UpstreamError("SAML_MALFORMED", f"the SAMLResponse is {exc}") from None
    if root.tag != _q(SAMLP, "Response"):
        raise UpstreamError("SAML_MALFORMED", "the SAMLResponse is not a samlp:Response")
    return root


def claimed_assertion_id(root: etree._Element) -> str:
    """The ID of the (one) assertion in an untrusted response; only to look up a replay."""
    found = list(root.iter(_q(SAML, "Assertion")))
    return found[0].get("ID", "") if len(found) == 1 else ""


def verify_response(
    provider: SamlProvider, encoded: str, *, acs_url: str, audience: str, request_id: str, now: float
) -> SamlAssertion:
    root = decode_response(encoded)
    _check_status(root)
    if root.find(f".//{_q(SAML, 'EncryptedAssertion')}") is not None:
        raise UpstreamError(
            "SAML_ENCRYPTED", "encrypted assertions are not supported; turn assertion encryption off for Prism"
        )
    assertions = list(root.iter(_q(SAML, "Assertion")))
    if len(assertions) != 1:
        count = len(assertions)
        raise UpstreamError("SAML_ASSERTION_COUNT", f"the response must hold exactly one assertion, not {count}")
    assertion = signed_assertion(provider, root, assertions[0])
    issuer = (assertion.findtext(_q(SAML, "Issuer")) or "").strip()
    if provider.idp_entity_id and issuer != provider.idp_entity_id:
        raise UpstreamError("SAML_ISSUER", f"the assertion's issuer {issuer!r} is not {provider.idp_entity_id!r}")
    destination = root.get("Destination")
    if destination is not None and destination != acs_url:
        raise UpstreamError("SAML_DESTINATION", f"the response is addressed to {destination!r}, not {acs_url!r}")
    if root.get("InResponseTo") not in (None, request_id):
        raise UpstreamError("SAML_IN_RESPONSE_TO", "the response answers another sign-in request")
    until = _check_conditions(assertion, audience, now)
    until = min(until, _check_confirmation(assertion, acs_url, request_id, now))
    subject, claims = _claims(assertion, issuer)

    def mapped(name: str) -> str:
        value = claims.get(provider.mapping.get(name, ""), "")
        if isinstance(value, list):
            value = value[0] if value else ""
        return value if isinstance(value, str) else ""

    email = mapped("email") or (subject if claims.get("name_id_format") == EMAIL_FORMAT else "")
    identity = Identity(
        subject=subject,
        email=email,
        email_verified=bool(email),  # the IdP the operator configured asserts it, signed
        given_name=mapped("firstName"),
        family_name=mapped("lastName"),
        claims=claims,
    )
    return SamlAssertion(assertion.get("ID", ""), issuer, until + LEEWAY_SECONDS, identity)


def _check_status(root: etree._Element) -> None:
    code = root.find(f"{_q(SAMLP, 'Status')}/{_q(SAMLP, 'StatusCode')}")
    value = code.get("Value", "") if code is not None else ""
    if value == SUCCESS:
        return
    inner = code.find(_q(SAMLP, "StatusCode")) if code is not None else None
    detail = value.rsplit(":", 1)[-1] or "no status"
    if inner is not None:
        detail += "/" + inner.get("Value", "").rsplit(":", 1)[-1]
    message = (root.findtext(f"{_q(SAMLP, 'Status')}/{_q(SAMLP, 'StatusMessage')}") or "").strip()[:200]
    raise UpstreamError("SAML_STATUS", f"the identity provider answered {detail}" + (f": {message}" if message else ""))


def signed_assertion(provider: SamlProvider, root: etree._Element, assertion: etree._Element) -> etree._Element:
    """The assertion as signed by the IdP: from signxml's `signed_xml`, never from `root`."""
    if root.find(_q(DS, "Signature")) is not None:
        location = "./"
    elif assertion.getparent() is root and assertion.find(_q(DS, "Signature")) is not None:
        location = f"./{_q(SAML, 'Assertion')}/"
    else:
        raise UpstreamError("SAML_UNSIGNED", "neither the response nor its assertion is signed")
    config = SignatureConfiguration(location=location)
    failure = ""
    for cert in provider.idp_certs:
        try:
            signed = XMLVerifier().verify(root, x509_cert=cert, expect_config=config).signed_xml
            break
        except (InvalidSignature, InvalidInput) as exc:
            failure = str(exc)
    else:
        raise UpstreamError(
            "BAD_SIGNATURE", f"the signature does not verify with {provider.label}'s certificate ({failure})"
        )
    if signed.tag == _q(SAML, "Assertion"):
        found = signed
    elif signed.tag == _q(SAMLP, "Response"):
        inner = list(signed.iter(_q(SAML, "Assertion")))
        if len(inner) != 1:
            raise UpstreamError("SAML_ASSERTION_COUNT", "the signed response must hold exactly one assertion")
        found = inner[0]
    else:
        raise UpstreamError("BAD_SIGNATURE", "the signature covers neither the response nor its assertion")
    if found.get("ID") != assertion.get("ID"):
        raise UpstreamError("BAD_SIGNATURE", "the signed assertion is not the one in the response")
    return found


def _time(value: str | None, name: str) -> float | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(_FRACTION.sub(r"\1", value.strip())).timestamp()
    except ValueError:
        raise UpstreamError("SAML_MALFORMED", f"{name} {value!r} is not an xs:dateTime") from None


def _check_conditions(assertion: etree._Element, audience: str, now: float) -> float:
    """Conditions: the times and the audience; the time until which they hold."""
    conditions = assertion.find(_q(SAML, "Conditions"))
    if conditions is None:
        raise UpstreamError("SAML_AUDIENCE", "the assertion has no Conditions (and so no audience restriction)")
    not_before = _time(conditions.get("NotBefore"), "NotBefore")
    not_on_or_after = _time(conditions.get("NotOnOrAfter"), "NotOnOrAfter")
    if not_before is not None and not_before > now + LEEWAY_SECONDS:
        raise UpstreamError("SAML_NOT_YET_VALID", f"the assertion is valid only from {conditions.get('NotBefore')}")
    if not_on_or_after is not None and not_on_or_after <= now - LEEWAY_SECONDS:
        raise UpstreamError("SAML_EXPIRED", f"the assertion expired at {conditions.get('NotOnOrAfter')}")
    restrictions = conditions.findall(_q(SAML, "AudienceRestriction"))
    if not restrictions:
        raise UpstreamError("SAML_AUDIENCE", "the assertion has no AudienceRestriction")
    for restriction in restrictions:
        audiences = [(a.text or "").strip() for a in restriction.findall(_q(SAML, "Audience"))]
        if audience not in audiences:
            raise UpstreamError("SAML_AUDIENCE", f"the assertion is for {', '.join(audiences)!s}, not {audience}")
    return not_on_or_after if not_on_or_after is not None else now + 3600


def _check_confirmation(assertion: etree._Element, acs_url: str, request_id: str, now: float) -> float:
    """The bearer SubjectConfirmationData: Recipient, InResponseTo, NotOnOrAfter (profiles §4.1.4.2)."""
    confirmations = [
        c
        for c in assertion.iterfind(f"{_q(SAML, 'Subject')}/{_q(SAML, 'SubjectConfirmation')}")
        if c.get("Method") == BEARER
    ]
    if not confirmations:
        raise UpstreamError("SAML_SUBJECT_CONFIRMATION", "the assertion has no bearer SubjectConfirmation")
    data = confirmations[0].find(_q(SAML, "SubjectConfirmationData"))
    if data is None:
        raise UpstreamError("SAML_SUBJECT_CONFIRMATION", "the bearer confirmation has no SubjectConfirmationData")
    if data.get("Recipient") != acs_url:
        recipient = data.get("Recipient")
        raise UpstreamError("SAML_RECIPIENT", f"the assertion is for the ACS {recipient!r}, not {acs_url!r}")
    if not data.get("InResponseTo"):
        raise UpstreamError("SAML_IN_RESPONSE_TO", "unsolicited (IdP-initiated) responses are not accepted")
    if not secrets.compare_digest(data.get("InResponseTo", "").encode(), request_id.encode()):
        raise UpstreamError("SAML_IN_RESPONSE_TO", "the assertion answers another sign-in request")
    until = _time(data.get("NotOnOrAfter"), "NotOnOrAfter")
    if until is None:
        raise UpstreamError("SAML_SUBJECT_CONFIRMATION", "the bearer confirmation has no NotOnOrAfter")
    if until <= now - LEEWAY_SECONDS:
        raise UpstreamError("SAML_EXPIRED", f"the assertion expired at {data.get('NotOnOrAfter')}")
    not_before = _time(data.get("NotBefore"), "NotBefore")
    if not_before is not None and not_before > now + LEEWAY_SECONDS:
        raise UpstreamError("SAML_NOT_YET_VALID", f"the assertion is valid only from {data.get('NotBefore')}")
    return until


def _claims(assertion: etree._Element, issuer: str) -> tuple[str, dict]:
    """(NameID, every attribute by name — one value as a string, several as a list — with the NameID)."""
    name_id = assertion.find(f"{_q(SAML, 'Subject')}/{_q(SAML, 'NameID')}")
    subject = (name_id.text or "").strip() if name_id is not None else ""
    if not subject:
        raise UpstreamError("SAML_NO_SUBJECT", "the assertion names no subject (NameID)")
    claims: dict = {"name_id": subject, "name_id_format": name_id.get("Format", UNSPECIFIED), "issuer": issuer}
    for attribute in assertion.iterfind(f"{_q(SAML, 'AttributeStatement')}/{_q(SAML, 'Attribute')}"):
        values = [(v.text or "").strip() for v in attribute.findall(_q(SAML, "AttributeValue"))]
        name = attribute.get("Name", "")
        if name and name not in ("name_id", "name_id_format", "issuer"):
            claims[name] = values[0] if len(values) == 1 else values
    return subject, claims
