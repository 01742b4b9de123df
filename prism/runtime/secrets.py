"""Secrets the embedded default generates for itself, and constant-time comparison.

A secret comes from an environment variable when set; otherwise, in development, it is generated
once into `<data dir>/secrets/<name>` (directory 0700, file 0600) and the caller is told to warn
that production must set the variable. Concurrent first starts agree on one value (O_EXCL).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path


def digest(secret: str) -> str:
    """SHA-256 (hex) of a high-entropy secret: how codes, tokens, API keys and client secrets are stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def compare(a: str | bytes, b: str | bytes) -> bool:
    """Constant-time equality of two secrets."""
    left = a.encode() if isinstance(a, str) else a
    right = b.encode() if isinstance(b, str) else b
    return hmac.compare_digest(left, right)


def b64url_decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def b64url_encode(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).rstrip(b"=").decode()


def load_or_create(data_dir: Path, name: str, nbytes: int = 32) -> str:
    """The base64url secret stored at `<data_dir>/secrets/<name>`, created on first use."""
    directory = data_dir / "secrets"
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(directory, 0o700)
    path = directory / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another process may be writing it right now
            value = path.read_text().strip()
            if value:
                return value
            import time

            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty; delete it to generate a new secret") from None
    value = b64url_encode(secrets.token_bytes(nbytes))
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


SIGNING_KEY_ACCESS_FILE = "signing-key-access-secret"


def signing_key_access_secret(configured, data_dir: Path, environment: str) -> str:
    """The secret the token service presents to the keys service for private keys (those two only)."""
    if configured is not None:
        return configured.get_secret_value()
    if environment == "production":
        from prism.runtime.settings import SettingsError

        raise SettingsError("PRISM_SIGNING_KEY_ACCESS_SECRET must be set when PRISM_ENVIRONMENT=production")
    return load_or_create(data_dir, SIGNING_KEY_ACCESS_FILE)


def pkce_s256(verifier: str) -> str:
    """RFC 7636 S256: BASE64URL(SHA-256(ASCII(code_verifier)))."""
    return b64url_encode(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
