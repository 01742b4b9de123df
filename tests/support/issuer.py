"""An outside OpenID issuer for tests: its own CA, an HTTPS server on localhost, keys, and tokens.

The server serves `/jwks` and misbehaving variants (`/slow`, `/big`, `/redirect-private`,
`/redirect-other-host`, `/broken`) and counts requests, so tests can see what Prism fetched.
"""

from __future__ import annotations

import base64
import datetime
import http.server
import json
import ssl
import threading
import time
import uuid
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from joserfc import jwt
from joserfc.jwk import RSAKey

ISSUER = "https://issuer.example.test"


def _certificates(directory: Path) -> tuple[Path, Path, Path]:
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Prism test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return ca_file, cert_file, key_file


class Issuer:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.ca_file, cert_file, key_file = _certificates(directory)
        self.key = RSAKey.generate_key(2048, parameters={"kid": "issuer-key-1", "alg": "RS256", "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "issuer-key-2", "alg": "RS256", "use": "sig"})
        self.published = [self.key]
        self.requests: list[str] = []
        self.failing = False
        issuer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802
                issuer.requests.append(self.path)
                if self.path == "/jwks" and issuer.failing:
                    self._send(503, b"down for maintenance")
                elif self.path == "/jwks":
                    self._send(200, issuer.jwks(), {"Cache-Control": "max-age=300"})
                elif self.path == "/slow":
                    time.sleep(3)
                    self._send(200, issuer.jwks())
                elif self.path == "/big":
                    self._send(200, json.dumps({"keys": [], "padding": "x" * 100_000}).encode())
                elif self.path == "/redirect-private":
                    self._send(302, b"", {"Location": "https://169.254.169.254/latest/meta-data"})
                elif self.path == "/redirect-other-host":
                    self._send(302, b"", {"Location": f"https://127.0.0.1:{issuer.port}/jwks"})
                elif self.path == "/redirect-same-host":
                    self._send(302, b"", {"Location": "/jwks"})
                elif self.path == "/broken":
                    self._send(500, b"oops")
                else:
                    self._send(404, b"")

            def _send(self, status, body: bytes, headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str = "/jwks", host: str = "localhost") -> str:
        return f"https://{host}:{self.port}{path}"

    def jwks(self) -> bytes:
        return json.dumps({"keys": [k.as_dict(private=False) for k in self.published]}).encode()

    def token(self, claims: dict | None = None, *, header: dict | None = None, key=None, drop: tuple = ()) -> str:
        now = int(time.time())
        body = {
            "iss": ISSUER,
            "sub": "workload-1",
            "aud": "prism",
            "iat": now,
            "exp": now + 300,
            "jti": uuid.uuid4().hex,
            "email": "ci@example.test",
            **(claims or {}),
        }
        for name in drop:
            body.pop(name, None)
        key = key or self.key
        return jwt.encode(
            {"alg": "RS256", "kid": key.kid, **(header or {})}, body, key, algorithms=["RS256", "PS256", "HS256"]
        )

    def unsigned(self, claims: dict | None = None) -> str:
        now = int(time.time())
        body = {"iss": ISSUER, "sub": "workload-1", "exp": now + 300, **(claims or {})}
        part = lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()  # noqa: E731
        return f"{part({'alg': 'none', 'kid': self.key.kid})}.{part(body)}."

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
