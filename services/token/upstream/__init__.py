"""Upstream SSO (spec 001): sign-in through the platform's OpenID Connect identity providers."""
