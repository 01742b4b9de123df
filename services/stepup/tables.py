"""Tables owned by the stepup service (its migrations create exactly these)."""

from sqlalchemy import MetaData

from prism.runtime.audit import define_audit_table

metadata = MetaData()

audit_events = define_audit_table(metadata, "stepup")
