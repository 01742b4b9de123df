"""CLI profiles: a server URL and the last login's token, per name, in the user's config directory.

Stored in `$PRISM_CONFIG_DIR/profiles.json` (default `$XDG_CONFIG_HOME/prism`, else `~/.config/prism`),
directory 0700 and file 0600, since the file holds access tokens.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from prism.cli.output import CliError

DEFAULT_PROFILE = "default"


def config_dir() -> Path:
    explicit = os.environ.get("PRISM_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "prism"


@dataclass
class Profile:
    server: str | None = None
    access_token: str | None = None
    organization: str | None = None
    subject: str | None = None
    issuer: str | None = None
    expires_at: int | None = None
    extra: dict = field(default_factory=dict)

    def claims(self) -> dict:
        return decode_claims(self.access_token) if self.access_token else {}

    def usable_token(self) -> str:
        if not self.access_token:
            raise CliError("not logged in: run `prism auth login` (or `prism auth sa-login-with-apikey`)")
        if self.expires_at is not None and self.expires_at <= time.time():
            raise CliError("the stored access token has expired: log in again")
        return self.access_token


def decode_claims(token: str) -> dict:
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        raise CliError("the stored access token is not a JWT") from None
    return claims if isinstance(claims, dict) else {}


class ProfileStore:
    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or config_dir()
        self.path = self.directory / "profiles.json"

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text())
        except FileNotFoundError:
            return {"profiles": {}}
        except ValueError:
            raise CliError(f"{self.path} is not valid JSON; fix or delete it") from None
        return data if isinstance(data.get("profiles"), dict) else {"profiles": {}}

    def get(self, name: str) -> Profile:
        raw = self._read()["profiles"].get(name, {})
        known = {k: v for k, v in raw.items() if k in Profile.__dataclass_fields__}
        return Profile(**known)

    def put(self, name: str, profile: Profile) -> None:
        data = self._read()
        data["profiles"][name] = {k: v for k, v in asdict(profile).items() if v not in (None, {})}
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.directory, 0o700)
        handle, temporary = tempfile.mkstemp(dir=self.directory, prefix=".profiles-")
        try:
            os.fchmod(handle, 0o600)
            with os.fdopen(handle, "w") as out:
                json.dump(data, out, indent=2, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
