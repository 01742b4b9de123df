"""A real SAML 2.0 identity provider for the SAML SSO tests: pysaml2's `Server` (signing with the
xmlsec1 binary) behind a small HTTP server on 127.0.0.1, reached as `http://localhost:{port}` so
that its POST to Prism's ACS (on 127.0.0.1) is cross-site for the browser, as in production.

- GET  /sso?SAMLRequest=…&RelayState=…  (HTTP-Redirect binding): parses the AuthnRequest and shows
  a sign-in form (any username);
- POST /sso/login: answers the request with a signed Response, auto-POSTed to the ACS the
  request named (HTTP-POST binding, pysaml2's own form page).

Tests also call `respond()` directly to make the responses a browser would carry, and to make bad
ones (another audience, expired, unsigned) signed by this same IdP.
"""

from __future__ import annotations

import base64
import contextlib
import datetime
import html
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import NAME_FORMAT_URI, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
GIVEN_NAME = "urn:oid:2.5.4.42"
SURNAME = "urn:oid:2.5.4.4"


def _self_signed(directory: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-idp")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / "idp.key", directory / "idp.crt"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@dataclass
class SamlIdp:
    base_url: str
    entity_id: str
    cert_pem: str
    directory: Path
    key_file: Path
    cert_file: Path
    server: Server | None = None
    _lifetime_minutes: int = 15

    @property
    def sso_url(self) -> str:
        return f"{self.base_url}/sso"

    def metadata_xml(self) -> str:
        """The IdP's metadata as an operator exports it (entity id, SSO URL, signing certificate)."""
        body = "".join(line for line in self.cert_pem.splitlines() if "-----" not in line)
        return (
            '<?xml version="1.0"?>\n'
            '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
            f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{self.entity_id}">\n'
            '  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">\n'
            '    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>'
            f"<ds:X509Certificate>{body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
            f'    <md:SingleSignOnService Binding="{BINDING_HTTP_REDIRECT}" Location="{self.sso_url}"/>\n'
            "  </md:IDPSSODescriptor>\n"
            "</md:EntityDescriptor>\n"
        )

    def trust(self, sp_metadata: str) -> None:
        """Register Prism (its SP metadata, as served by Prism) and start answering."""
        (self.directory / "sp.xml").write_text(sp_metadata)
        self.server = Server(config=self._config())

    def _config(self, lifetime_minutes: int = 15) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "endpoints": {"single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]},
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                        "name_id_format": [NAMEID_FORMAT_PERSISTENT],
                    }
                },
                "key_file": str(self.key_file),
                "cert_file": str(self.cert_file),
                "xmlsec_binary": "/usr/bin/xmlsec1",
                "metadata": {"local": [str(self.directory / "sp.xml")]},
            }
        )
        return config

    def respond(
        self,
        saml_request: str,
        username: str,
        *,
        audience: str | None = None,
        lifetime_minutes: int | None = None,
        sign_assertion: bool = True,
        sign_response: bool = False,
    ) -> tuple[str, str]:
        """(ACS URL, base64 SAMLResponse) answering a deflated+base64 AuthnRequest for `username` (asserted
        as `{username}@example.com`, or as itself when it is an email address)."""
        server = self.server if lifetime_minutes is None else Server(config=self._config(lifetime_minutes))
        request = server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT)
        message = request.message
        binding, destination = server.pick_binding(
            "assertion_consumer_service", bindings=[BINDING_HTTP_POST], entity_id=message.issuer.text, request=message
        )
        email = username if "@" in username else f"{username}@example.com"  # an address is asserted as given
        name = email.split("@")[0]
        identity = {
            MAIL: [email],
            GIVEN_NAME: [name.split(".")[0].capitalize()],
            SURNAME: [name.split(".")[-1].capitalize()],
        }
        response = server.create_authn_response(
            identity,
            message.id,
            destination,
            audience or message.issuer.text,
            name_id=NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"id-{username}"),
            authn={"class_ref": "urn:oasis:names:tc:SAML:2.0:ac:classes:Password"},
            sign_assertion=sign_assertion,
            sign_response=sign_response,
            sign_alg=SIG_RSA_SHA256,  # pysaml2 still defaults to SHA-1, which Prism refuses
            digest_alg=DIGEST_SHA256,
        )
        return destination, base64.b64encode(str(response).encode()).decode()


class _Handler(BaseHTTPRequestHandler):
    idp: SamlIdp

    def log_message(self, *args) -> None:
        pass

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path != "/sso" or "SAMLRequest" not in query:
            return self._send(404, "not found")
        fields = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query.get(name, ""))}">'
            for name in ("SAMLRequest", "RelayState")
        )
        self._send(
            200,
            "<!doctype html><title>Test IdP</title><h1>Test IdP sign-in</h1>"
            f'<form method="post" action="/sso/login">{fields}'
            '<input name="username"><button type="submit" id="idp-submit">Sign in</button></form>',
        )

    def do_POST(self) -> None:
        if self.path != "/sso/login":
            return self._send(404, "not found")
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        destination, response = self.idp.respond(form["SAMLRequest"], form["username"])
        relay = html.escape(form.get("RelayState", ""))
        self._send(
            200,
            "<!doctype html><title>Test IdP</title><body>"
            f'<form id="to-sp" method="post" action="{html.escape(destination)}">'
            f'<input type="hidden" name="SAMLResponse" value="{response}">'
            f'<input type="hidden" name="RelayState" value="{relay}"></form>'
            '<script>document.getElementById("to-sp").submit();</script></body>',
        )


@contextlib.contextmanager
def start_saml_idp(directory: Path) -> Iterator[SamlIdp]:
    directory.mkdir(parents=True, exist_ok=True)
    key_file, cert_file = _self_signed(directory)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    port = httpd.server_address[1]
    base = f"http://localhost:{port}"
    idp = SamlIdp(base, f"{base}/idp", cert_file.read_text(), directory, key_file, cert_file)
    handler = type("Handler", (_Handler,), {"idp": idp})
    httpd.RequestHandlerClass = handler
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        httpd.shutdown()
        httpd.server_close()
