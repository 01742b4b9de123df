"""Tables owned by the keys service (its migrations create exactly these)."""

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, LargeBinary, MetaData, String, Table, UniqueConstraint

from prism.runtime.audit import define_audit_table

metadata = MetaData()

# One row per organization: its algorithm, the key-set version watchers follow, and the next time
# the scheduler must look at it. Updating the row first is how a transaction locks the ring.
rings = Table(
    "keys_rings",
    metadata,
    Column("organization", String(63), primary_key=True),
    Column("algorithm", String(8), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("updated_at", BigInteger, nullable=False),  # microseconds; watchers poll on it
    Column("next_action_at", BigInteger, nullable=True),  # microseconds; the scheduler's index
    Column("locked_at", BigInteger, nullable=False),
    Index("ix_keys_rings_updated_at", "updated_at"),
    Index("ix_keys_rings_next_action_at", "next_action_at"),
)

signing_keys = Table(
    "keys_signing_keys",
    metadata,
    Column("kid", String(64), primary_key=True),
    Column("organization", String(63), nullable=False),
    Column("generation", Integer, nullable=False),
    Column("algorithm", String(8), nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("private_key_sealed", LargeBinary, nullable=True),  # AES-GCM; NULL once removed
    Column("kek_id", String(16), nullable=False),
    Column("state", String(8), nullable=False),  # last state the scheduler recorded (and audited)
    Column("created_at", BigInteger, nullable=False),
    Column("activate_at", BigInteger, nullable=False),
    Column("retire_at", BigInteger, nullable=True),
    Column("remove_at", BigInteger, nullable=True),
    UniqueConstraint("organization", "generation", name="uq_keys_signing_keys_generation"),
    Index("ix_keys_signing_keys_org_state", "organization", "state"),
)

audit_events = define_audit_table(metadata, "keys")
