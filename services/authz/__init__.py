"""Authz service: permission checks and token introspection for internal callers (no durable state)."""
