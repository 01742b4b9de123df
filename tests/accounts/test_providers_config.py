"""authProviders.config.yml: spec 001's format, ${VAR} interpolation, and errors that name the line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from services.token.upstream.config import ProvidersConfigError, load_providers

GOOD = """\
providers:
  google:
    type: oidc
    label: Google
    config:
      client_id: "${GOOGLE_OIDC_CLIENT_ID}"
      client_secret: "${GOOGLE_OIDC_CLIENT_SECRET}"
      authorization_endpoint: "https://accounts.google.com/o/oauth2/auth"
      token_endpoint: "https://oauth2.googleapis.com/token"
      jwks_uri: "https://www.googleapis.com/oauth2/v1/certs"
    attributesMapping:
      firstName: 'given_name'
      lastName: 'family_name'
      email: 'email'
"""


def _write(tmp_path, text: str) -> str:
    path = tmp_path / "authProviders.config.yml"
    path.write_text(text)
    return str(path)


def test_spec_example_with_interpolation(tmp_path):
    env = {"GOOGLE_OIDC_CLIENT_ID": "id-123", "GOOGLE_OIDC_CLIENT_SECRET": "s3cret"}
    providers = load_providers(_write(tmp_path, GOOD), env)
    google = providers["google"]
    assert google.client_id == "id-123" and google.client_secret == "s3cret"
    assert google.scopes == "openid email"  # the default
    assert google.expected_issuer == "https://accounts.google.com"
    assert google.mapping == {"firstName": "given_name", "lastName": "family_name", "email": "email"}


def test_a_missing_variable_is_named_with_its_line(tmp_path):
    with pytest.raises(ProvidersConfigError) as refused:
        load_providers(_write(tmp_path, GOOD), {"GOOGLE_OIDC_CLIENT_ID": "id-123"})
    assert ":7:" in str(refused.value) and "GOOGLE_OIDC_CLIENT_SECRET is not set" in str(refused.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("providers:\n  google:\n    type: oidc\n    config: [1\n", "", "not valid YAML"),
        ("providers:\n  prism:\n    type: oidc\n    config: {}\n", ":2:", "reserved for Prism's own local"),
        ("providers:\n  corp:\n    type: ldap\n    config: {}\n", ":3:", "type must be `oidc` or `saml`"),
        ("providers:\n  corp:\n    type: oidc\n    config:\n      client_id: x\n", ":4:", "config.client_secret"),
        (
            "providers:\n  corp:\n    type: oidc\n    config: {client_id: a, client_secret: b, "
            "authorization_endpoint: 'https://a/', token_endpoint: 'https://a/t', jwks_uri: 'https://a/k'}\n"
            "    attributesMapping:\n      phone: phone_number\n",
            ":5:",
            "attributesMapping maps only",
        ),
    ],
)
def test_mistakes_are_explained(tmp_path, text, line, words):
    with pytest.raises(ProvidersConfigError) as refused:
        load_providers(_write(tmp_path, text), {})
    assert words in str(refused.value) and line in str(refused.value), str(refused.value)


def test_a_broken_file_stops_the_token_service_at_start(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRISM_")}
    env.update({"AUTH_PROVIDERS_CONFIG": _write(tmp_path, GOOD), "PRISM_DATA_DIR": str(tmp_path / "data")})
    env["PRISM_TOKEN_ADDRESS"] = "127.0.0.1:0"
    started = subprocess.run(
        [sys.executable, "-m", "prism", "serve", "token"], env=env, capture_output=True, text=True, timeout=60
    )
    assert started.returncode != 0
    assert "GOOGLE_OIDC_CLIENT_ID is not set" in started.stderr + started.stdout
