"""The captcha gate of step-up (spec 002, issue 8): whether it applies, the proof-of-work puzzle, and
the verification of a captcha token per provider.

- The gate applies when the site requires a captcha for every step-up (`require_captcha_for_2fa`)
  or the challenge asked for one (`require_captcha`), unless the site's provider is `none`. An app
  can only add the gate: `require_captcha=false` never lifts the site's.
- `turnstile`, `hcaptcha`, `recaptcha`: the token the provider's widget gave the page is POSTed
  (secret, response, remoteip) to the provider's verify URL (the `captcha_verify_url` site setting
  overrides the public one); only `success: true` passes, and when the provider names the hostname
  the widget ran on it must be Prism's. A provider that does not answer properly is UNAVAILABLE:
  never an approval.
- `pow`: built in and stateless. The puzzle is an HMAC of the step-up challenge (its digest and
  expiry) and the difficulty, so it exists only for that challenge, dies with it, and is spent with
  it (the challenge is consumed by the attempt). The page finds a nonce such that
  SHA-256(puzzle + ":" + nonce) starts with `difficulty` zero bits; checking it is one hash.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import httpx

from prism.runtime.errors import FailedPrecondition, InvalidArgument, PermissionDenied, Unavailable
from prism.runtime.secrets import b64url_encode

log = logging.getLogger("prism.stepup.captcha")

VERIFY_URLS = {
    "turnstile": "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    "hcaptcha": "https://api.hcaptcha.com/siteverify",
    "recaptcha": "https://www.google.com/recaptcha/api/siteverify",
}
PROVIDERS = ("pow", *VERIFY_URLS)
TIMEOUT_SECONDS = 5.0
MAX_TOKEN_LENGTH = 4096  # provider tokens are ~2 KB at most
POW_NONCE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
REFUSED = "CAPTCHA_FAILED"
MIN_POW_BITS = 8  # the directory refuses less; a site settings message without the field must not mean 0


def pow_bits(site) -> int:
    return max(site.pow_difficulty, MIN_POW_BITS)


def applies(site, require_captcha: bool) -> bool:
    """Whether a step-up approval needs a captcha (the site's gate or the challenge's, provider not `none`)."""
    return bool(site.require_captcha_for_2fa or require_captcha) and site.captcha_provider not in ("", "none")


def pow_solved(puzzle: str, nonce: str, difficulty: int) -> bool:
    """SHA-256(puzzle + ":" + nonce) starts with `difficulty` zero bits."""
    value = int.from_bytes(hashlib.sha256(f"{puzzle}:{nonce}".encode()).digest(), "big")
    return value >> (256 - difficulty) == 0


class CaptchaGate:
    def __init__(self, internal_secret: str, public_url: str, secret: Callable[[], Awaitable[str]]) -> None:
        self._secret = secret  # the site's captcha secret, from the directory (GetCaptchaSecret)
        # a key of its own, derived from the internal secret: the puzzles are unpredictable to users
        self._pow_key = hmac.new(internal_secret.encode(), b"prism stepup pow puzzle v1", hashlib.sha256).digest()
        self._hostname = (urlsplit(public_url).hostname or "").lower()
        self._http = httpx.AsyncClient(timeout=TIMEOUT_SECONDS, follow_redirects=False)

    async def close(self) -> None:
        await self._http.aclose()

    def pow_puzzle(self, challenge_digest: str, expires_at: int, difficulty: int) -> str:
        message = f"pow|{challenge_digest}|{expires_at}|{difficulty}".encode()
        return b64url_encode(hmac.new(self._pow_key, message, hashlib.sha256).digest())

    def pow_fields(self, site, challenge_digest: str, expires_at: int) -> dict:
        """What the page needs to solve the puzzle of this challenge (`pow` only)."""
        if site.captcha_provider != "pow":
            return {}
        difficulty = pow_bits(site)
        return {
            "pow_challenge": self.pow_puzzle(challenge_digest, expires_at, difficulty),
            "pow_difficulty": difficulty,
        }

    async def ready(self, site, token: str) -> str:
        """The provider's secret, once the request carries an answer and the gate can be checked as
        configured; refused before anything is consumed or counted (nothing was checked)."""
        if not token.strip():
            raise InvalidArgument(
                "solve the captcha first (this site asks for one before the code)",
                field="captcha_token",
                reason="CAPTCHA_REQUIRED",
            )
        secret = "" if site.captcha_provider == "pow" else await self._secret()
        if site.captcha_provider not in PROVIDERS:
            raise FailedPrecondition(
                f"the site's captcha provider {site.captcha_provider!r} is not supported; "
                f"a platform admin sets captcha_provider to one of none, {', '.join(PROVIDERS)}",
                reason="CAPTCHA_MISCONFIGURED",
            )
        if site.captcha_provider != "pow" and not secret:
            raise FailedPrecondition(
                f"the site requires a {site.captcha_provider} captcha but has no captcha_secret_key; "
                "a platform admin sets it (prism stepup settings set captcha_secret_key=...)",
                reason="CAPTCHA_MISCONFIGURED",
            )
        return secret

    async def check(self, site, secret: str, token: str, client_address: str, challenge_digest: str, expires_at: int):
        """Passes, or raises PermissionDenied (reason CAPTCHA_FAILED; `debug` says why) or Unavailable."""
        if site.captcha_provider == "pow":
            difficulty = pow_bits(site)
            puzzle = self.pow_puzzle(challenge_digest, expires_at, difficulty)
            if not POW_NONCE.match(token) or not pow_solved(puzzle, token, difficulty):
                raise PermissionDenied("the proof of work is wrong", reason=REFUSED, debug="pow nonce does not solve")
            return
        await self._siteverify(site, secret, token, client_address)

    async def _siteverify(self, site, secret: str, token: str, client_address: str) -> None:
        provider = site.captcha_provider
        if len(token) > MAX_TOKEN_LENGTH:
            raise PermissionDenied("the captcha answer is not valid", reason=REFUSED, debug="token too long")
        url = site.captcha_verify_url or VERIFY_URLS[provider]
        form = {"secret": secret, "response": token}
        if client_address:
            form["remoteip"] = client_address
        unavailable = f"the captcha provider ({provider}) could not check the answer; try again in a moment"
        try:
            response = await self._http.post(url, data=form, headers={"Accept": "application/json"})
            body = response.json() if response.status_code == 200 else None
        except (httpx.HTTPError, ValueError) as exc:
            log.warning("captcha verify URL %s failed: %r", url, exc)
            raise Unavailable(unavailable, reason="CAPTCHA_UNAVAILABLE", debug=repr(exc)) from None
        if not isinstance(body, dict) or not isinstance(body.get("success"), bool):
            log.warning("captcha verify URL %s answered HTTP %s without a verdict", url, response.status_code)
            raise Unavailable(unavailable, reason="CAPTCHA_UNAVAILABLE", debug=f"HTTP {response.status_code}")
        if body["success"] is not True:
            codes = body.get("error-codes")
            raise PermissionDenied("the captcha was not solved", reason=REFUSED, debug=f"error-codes {codes!r}")
        hostname = body.get("hostname")
        if isinstance(hostname, str) and hostname and self._hostname and hostname.lower() != self._hostname:
            raise PermissionDenied(
                "the captcha was solved on another site", reason=REFUSED, debug=f"hostname {hostname!r}"
            )
