"""Secrets at rest: AES-256-GCM under a key that never touches the database.

Each ciphertext is bound to its row through associated data (`purpose:context`), so a ciphertext
copied to another row does not decrypt. `key_id` (a digest of the key) is stored beside it, so a
wrong key is reported as such rather than as corrupt data. The keys service seals private keys
with it (PRISM_KEY_ENCRYPTION_KEY), the step-up service TOTP secrets (PRISM_STEPUP_ENCRYPTION_KEY).
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

log = logging.getLogger("prism.sealing")
NONCE_BYTES = 12
MAKE_ONE = (
    "make one with: python3 -c "
    "'import secrets,base64;print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())'"
)


class SealingKeyError(SettingsError):
    """The key is unusable (wrong length, wrong encoding); the message says how to fix it."""


class Sealer:
    def __init__(self, key: bytes, *, variable: str, purpose: str) -> None:
        if len(key) != 32:
            raise SealingKeyError(f"{variable} must be 32 bytes in base64url (got {len(key)} bytes); {MAKE_ONE}")
        self._aead = AESGCM(key)
        self.variable = variable
        self.purpose = purpose
        self.key_id = hashlib.sha256(b"prism-kek-id:" + key).hexdigest()[:16]

    @classmethod
    def from_settings(
        cls, configured: str | None, data_dir: Path, environment: str, *, variable: str, file: str, purpose: str
    ) -> Sealer:
        """The configured key, or (outside production) one generated into `<data_dir>/secrets/<file>`."""
        if configured:
            try:
                return cls(secrets.b64url_decode(configured.strip()), variable=variable, purpose=purpose)
            except ValueError as exc:
                raise SealingKeyError(f"{variable} is not base64url: {exc}") from None
        if environment == "production":
            raise SealingKeyError(f"{variable} must be set when PRISM_ENVIRONMENT=production; {MAKE_ONE}")
        value = secrets.load_or_create(data_dir, file)
        log.warning(
            "using the encryption key generated in %s; production must set %s "
            "(and keep it out of the database backups)",
            data_dir / "secrets" / file,
            variable,
        )
        return cls(secrets.b64url_decode(value), variable=variable, purpose=purpose)

    def seal(self, plaintext: bytes, *, context: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, self._associated(context))

    def open(self, sealed: bytes, *, context: str, key_id: str) -> bytes:
        if key_id != self.key_id:
            raise Internal(
                f"a {self.purpose} was encrypted with another key",
                debug=f"{context}: row key id {key_id}, configured {self.key_id}: check {self.variable}",
            )
        try:
            return self._aead.decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], self._associated(context))
        except InvalidTag:
            raise Internal(f"a {self.purpose} could not be decrypted", debug=f"{context}: tag mismatch") from None

    def _associated(self, context: str) -> bytes:
        return f"prism-{self.purpose.replace(' ', '-')}:{context}".encode()
