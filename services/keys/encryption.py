"""Private keys at rest: AES-256-GCM under a key-encryption key (KEK) that never touches the database.

Each ciphertext is bound to its row (organization and kid as associated data), so a ciphertext
copied to another row does not decrypt. `kek_id` (a digest of the KEK) is stored beside it, so a
wrong PRISM_KEY_ENCRYPTION_KEY is reported as such rather than as corrupt data.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from prism.runtime import secrets
from prism.runtime.errors import Internal
from prism.runtime.settings import SettingsError

log = logging.getLogger("prism.keys.encryption")
KEK_FILE = "key-encryption-key"
NONCE_BYTES = 12


class KeyEncryptionError(SettingsError):
    """The KEK is unusable (wrong length, wrong encoding); the message says how to fix it."""


class KeyEncryption:
    def __init__(self, kek: bytes) -> None:
        if len(kek) != 32:
            raise KeyEncryptionError(
                f"PRISM_KEY_ENCRYPTION_KEY must be 32 bytes in base64url (got {len(kek)} bytes); "
                "make one with: python3 -c 'import secrets,base64;"
                "print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'"
            )
        self._aead = AESGCM(kek)
        self.kek_id = hashlib.sha256(b"prism-kek-id:" + kek).hexdigest()[:16]

    @classmethod
    def from_settings(cls, configured: str | None, data_dir: Path, environment: str) -> KeyEncryption:
        if configured:
            try:
                return cls(secrets.b64url_decode(configured.strip()))
            except ValueError as exc:
                raise KeyEncryptionError(f"PRISM_KEY_ENCRYPTION_KEY is not base64url: {exc}") from None
        if environment == "production":
            raise KeyEncryptionError("PRISM_KEY_ENCRYPTION_KEY must be set when PRISM_ENVIRONMENT=production")
        value = secrets.load_or_create(data_dir, KEK_FILE)
        log.warning(
            "using the key-encryption key generated in %s; production must set PRISM_KEY_ENCRYPTION_KEY "
            "(and keep it out of the database backups)",
            data_dir / "secrets" / KEK_FILE,
        )
        return cls(secrets.b64url_decode(value))

    def seal(self, plaintext: bytes, *, organization: str, kid: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, _associated(organization, kid))

    def open(self, sealed: bytes, *, organization: str, kid: str, kek_id: str) -> bytes:
        if kek_id != self.kek_id:
            raise Internal(
                "signing key was encrypted with another key-encryption key",
                debug=f"row kek_id {kek_id}, configured {self.kek_id}: check PRISM_KEY_ENCRYPTION_KEY",
            )
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _associated(organization, kid))
        except InvalidTag:
            raise Internal(
                "a signing key could not be decrypted", debug=f"{organization}/{kid}: tag mismatch"
            ) from None


def _associated(organization: str, kid: str) -> bytes:
    return f"prism-signing-key:{organization}:{kid}".encode()
