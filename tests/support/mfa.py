"""TOTP codes as an authenticator app computes them, and organizations created under MFA_FORCE_LOCAL."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass

import httpx
import pyotp

from tests.support.directory import OrgAdmin

MFA_ON = {"MFA_FORCE_LOCAL": "true"}


def settle(seconds: float = 15.0) -> None:
    """Waits, if need be, until the current 30-second step has `seconds` left, so that a test's codes of
    steps -1, 0 and +1 mean the same steps to the server from its first request to its last."""
    left = 30 - time.time() % 30
    if left < seconds:
        time.sleep(left + 0.2)


def code(secret: str, steps: int = 0) -> str:
    """The code of the current 30-second step plus `steps` (the server accepts -1, 0 and +1, each once)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps)


def secret_of(text: str) -> str:
    """The base32 secret in a page or terminal output that groups it by four (`ABCD EFGH ...`)."""
    found = re.search(r"\b((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\b", text)
    assert found, f"no TOTP secret in: {text[:2000]}"
    return found.group(1).replace(" ", "")


@dataclass(frozen=True)
class EnrolledAdmin(OrgAdmin):
    secret: str = ""  # base32 TOTP secret of the admin's authenticator


def login(suite, slug: str, username: str, password: str, **extra) -> httpx.Response:
    body = {"org": slug, "username": username, "password": password, **extra}
    return httpx.post(f"{suite.base_url}/api/v1/auth/login", json=body, timeout=20)


def finish(suite, ticket: str, totp: str, password: str = "", *, passkey_assertion: str = "") -> httpx.Response:
    body = {"ticket": ticket, "code": totp, "password": password, "passkey_assertion": passkey_assertion}
    return httpx.post(f"{suite.base_url}/api/v1/auth/mfa", json=body, timeout=20)


def create_enrolled_org(suite, prefix: str = "Mfa Org", *, exact: bool = False, step: int = 0) -> EnrolledAdmin:
    """An organization whose admin enrolled an authenticator with the code of the current step (+ `step`).

    Its name is `prefix` and a random suffix, or exactly `prefix` with `exact`. Step 0 is safe at any
    moment (if the step ends before the server looks, it is still the previous one); a test that
    enrols with step -1 to keep 0 and +1 for later calls `settle()` first.
    """
    name = prefix if exact else f"{prefix} {uuid.uuid4().hex[:8]}"
    password = f"pw-{uuid.uuid4().hex}"
    created = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        json={"organization": {"display_name": name}, "admin_username": "admin", "admin_password": password},
        timeout=20,
    )
    assert created.status_code == 201, created.text
    slug, user_id = created.json()["organization"]["slug"], created.json()["admin"]["user_id"]
    first = login(suite, slug, "admin", password)
    assert first.status_code == 200 and "token" not in first.json(), first.text
    mfa = first.json()["mfa"]
    assert mfa["enroll"] is True
    done = finish(suite, mfa["ticket"], code(mfa["secret"], step), password)
    assert done.status_code == 200, done.text
    return EnrolledAdmin(slug, "admin", password, user_id, done.json()["token"]["access_token"], mfa["secret"])
