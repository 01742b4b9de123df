"""Keys service: per-organization signing keys, rotation, JWKS."""
