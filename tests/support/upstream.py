"""An upstream OpenID Connect provider nobody here wrote (oidc-provider from npm), for the SSO tests,
and the authProviders.config.yml that points Prism at it."""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.peer.oidc_provider import REPO, _node, _stop, _wait_ready

SCRIPT = Path(__file__).with_name("upstream_idp.mjs")


@dataclass(frozen=True)
class Upstream:
    issuer: str
    discovery: dict
    client_id: str
    client_secret: str

    def providers_yaml(self, slug: str = "corp", label: str = "Corp SSO", **config) -> str:
        values = {
            "client_id": self.client_id,
            "client_secret": "${CORP_CLIENT_SECRET}",  # interpolated from the environment, as spec 001 shows
            "authorization_endpoint": self.discovery["authorization_endpoint"],
            "token_endpoint": self.discovery["token_endpoint"],
            "jwks_uri": self.discovery["jwks_uri"],
            "scopes": "openid email profile",
            **config,
        }
        lines = [f'      {key}: "{value}"' for key, value in values.items()]
        return "\n".join(
            [
                "providers:",
                f"  {slug}:",
                "    type: oidc",
                f'    label: "{label}"',
                "    config:",
                *lines,
                "    attributesMapping:",
                "      firstName: given_name",
                "      lastName: family_name",
                "      email: email",
                "",
            ]
        )


@contextlib.contextmanager
def start_upstream(redirect_uri: str) -> Iterator[Upstream]:
    node = _node()
    client_id, client_secret = "prism-sso", secrets.token_urlsafe(24)
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        {
            "UPSTREAM_CLIENT_ID": client_id,
            "UPSTREAM_CLIENT_SECRET": client_secret,
            "UPSTREAM_REDIRECT_URI": redirect_uri,
        }
    )
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [node, str(SCRIPT)], cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr
        )
        try:
            issuer = _wait_ready(process, stderr, 20.0)
            discovery = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
            yield Upstream(issuer, discovery, client_id, client_secret)
        finally:
            _stop(process)
