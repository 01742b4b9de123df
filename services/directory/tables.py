"""Tables owned by the directory service (its migrations create exactly these)."""

from sqlalchemy import BigInteger, Column, MetaData, String, Table

from prism.runtime.audit import define_audit_table

metadata = MetaData()

organizations = Table(
    "directory_organizations",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("slug", String(63), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),  # microseconds since the epoch
)

audit_events = define_audit_table(metadata, "directory")
