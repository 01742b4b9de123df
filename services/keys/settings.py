"""Settings of the keys service. The JWKS_* names and defaults are those of spec 003."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, SecretStr, model_validator

from prism.runtime.settings import ServiceSettings, component_database_field

Algorithm = Literal["RS256", "PS256", "ES256", "EdDSA"]
KTY_OF_ALGORITHM = {"RS256": "RSA", "PS256": "RSA", "ES256": "EC", "EdDSA": "OKP"}
MIN_RSA_BITS = 2048
MAX_RSA_BITS = 8192


class KeysSettings(ServiceSettings):
    component: ClassVar[str] = "keys"

    # PRISM_KEYS_DATABASE_URL: this component's database, if not the shared one
    component_database_url: str | None = component_database_field("keys")
    # days an organization's key signs before the next one takes over
    jwks_rotation_days: float = Field(30, gt=0, validation_alias="JWKS_ROTATION_DAYS")
    # key type: RSA, EC or OKP; unset means the one JWKS_ALG needs (RSA for the default RS256)
    jwks_kty: Literal["RSA", "EC", "OKP"] | None = Field(None, validation_alias="JWKS_KTY")
    # signature algorithm of new keys (organizations may choose their own at rotation)
    jwks_alg: Algorithm = Field("RS256", validation_alias="JWKS_ALG")
    # RSA modulus bits (2048 to 8192); EC keys are P-256 and OKP keys Ed25519 whatever this says
    jwks_size: int | None = Field(None, validation_alias="JWKS_SIZE")
    # seconds a new key is published before it signs; also the JWKS Cache-Control max-age
    publish_margin_seconds: int = Field(3600, ge=1, validation_alias="PRISM_KEYS_PUBLISH_MARGIN_SECONDS")
    # seconds a retired key stays published after the longest-lived token it signed expires (clock skew)
    removal_grace_seconds: int = Field(60, ge=0, validation_alias="PRISM_KEYS_REMOVAL_GRACE_SECONDS")
    # how often the scheduler looks for rotations, activations and removals that are due
    scheduler_interval_seconds: float = Field(5.0, gt=0, validation_alias="PRISM_KEYS_SCHEDULER_INTERVAL_SECONDS")
    # how often each replica looks for key-set changes to push to WatchKeys streams
    watch_poll_seconds: float = Field(0.2, gt=0, validation_alias="PRISM_KEYS_WATCH_POLL_SECONDS")
    # base64url 32-byte key that encrypts private keys at rest; generated into the data dir if unset
    key_encryption_key: SecretStr | None = Field(None, validation_alias="PRISM_KEY_ENCRYPTION_KEY")
    # secret the token service presents to receive private signing keys; generated if unset
    signing_key_access_secret: SecretStr | None = Field(None, validation_alias="PRISM_SIGNING_KEY_ACCESS_SECRET")

    @property
    def rotation_seconds(self) -> float:
        return self.jwks_rotation_days * 86400

    @property
    def rsa_bits(self) -> int:
        return self.jwks_size or MIN_RSA_BITS

    @model_validator(mode="after")
    def _coherent(self) -> KeysSettings:
        needed = KTY_OF_ALGORITHM[self.jwks_alg]
        if self.jwks_kty is not None and self.jwks_kty != needed:
            raise ValueError(f"JWKS_ALG={self.jwks_alg} needs JWKS_KTY={needed}, not {self.jwks_kty}")
        if needed == "RSA" and self.jwks_size is not None and not MIN_RSA_BITS <= self.jwks_size <= MAX_RSA_BITS:
            raise ValueError(
                f"JWKS_SIZE={self.jwks_size} is not allowed: RSA keys must have {MIN_RSA_BITS} to {MAX_RSA_BITS} bits"
            )
        if needed == "EC" and self.jwks_size not in (None, 256):
            raise ValueError(f"JWKS_SIZE={self.jwks_size} does not fit ES256, which uses P-256 keys (256)")
        if needed == "OKP" and self.jwks_size not in (None, 256):
            raise ValueError(f"JWKS_SIZE={self.jwks_size} does not fit EdDSA, which uses Ed25519 keys (256)")
        if self.rotation_seconds <= 2 * self.publish_margin_seconds:
            raise ValueError(
                f"JWKS_ROTATION_DAYS ({self.rotation_seconds:.0f} s) must be more than twice "
                f"PRISM_KEYS_PUBLISH_MARGIN_SECONDS ({self.publish_margin_seconds} s)"
            )
        return self
