"""Private keys at rest: sealed (AES-256-GCM, `prism.runtime.sealing`) under a key-encryption key (KEK).

Each ciphertext is bound to its row (organization and kid as associated data); `kek_id` is stored
beside it, so a wrong PRISM_KEY_ENCRYPTION_KEY is reported as such rather than as corrupt data.
"""

from __future__ import annotations

from pathlib import Path

from prism.runtime.sealing import Sealer, SealingKeyError

KEK_FILE = "key-encryption-key"
KeyEncryptionError = SealingKeyError


class KeyEncryption:
    def __init__(self, kek: bytes) -> None:
        self._sealer = Sealer(kek, variable="PRISM_KEY_ENCRYPTION_KEY", purpose="signing key")
        self.kek_id = self._sealer.key_id

    @classmethod
    def from_settings(cls, configured: str | None, data_dir: Path, environment: str) -> KeyEncryption:
        encryption = cls.__new__(cls)
        encryption._sealer = Sealer.from_settings(
            configured,
            data_dir,
            environment,
            variable="PRISM_KEY_ENCRYPTION_KEY",
            file=KEK_FILE,
            purpose="signing key",
        )
        encryption.kek_id = encryption._sealer.key_id
        return encryption

    def seal(self, plaintext: bytes, *, organization: str, kid: str) -> bytes:
        return self._sealer.seal(plaintext, context=f"{organization}:{kid}")

    def open(self, sealed: bytes, *, organization: str, kid: str, kek_id: str) -> bytes:
        return self._sealer.open(sealed, context=f"{organization}:{kid}", key_id=kek_id)
