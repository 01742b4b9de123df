"""Directory use cases, one module per resource: the logic, owning the transaction."""
