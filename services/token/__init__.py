"""Token service: OAuth grants, sessions, codes, refresh tokens, revocation."""
