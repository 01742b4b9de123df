"""Judging a token presented for assumption: one configuration's checks, then each method's rules.

Every check yields a step (what was checked, whether it passed, what was found), so the same code
refuses a token and explains the refusal (`assumptions explain`). Refused outright: `alg: none`,
HMAC algorithms, an algorithm other than the key's, `jku`/`x5u`/`jwk`/`x5c` headers, a missing
`exp`, another issuer, a `kid` unknown after one refetch; times are checked with 60 s of skew.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import time
from dataclasses import dataclass, field
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from prism.directory.v1 import directory_pb2 as pb

SKEW_SECONDS = 60
FORBIDDEN_HEADERS = ("jku", "x5u", "jwk", "x5c")
ALGORITHMS_BY_KTY = {
    "RSA": ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"),
    "EC": ("ES256", "ES384", "ES512"),
    "OKP": ("EdDSA",),
}
MATCH_NAMES = {pb.MATCH_TYPE_EXACT: "exact", pb.MATCH_TYPE_GLOB: "glob"}


@dataclass
class Judgement:
    steps: list[tuple[str, bool, str]] = field(default_factory=list)

    def check(self, name: str, passed: bool, detail: str) -> bool:
        self.steps.append((name, passed, detail))
        return passed

    @property
    def passed(self) -> bool:
        return all(ok for _, ok, _ in self.steps)

    @property
    def first_failure(self) -> str:
        return next((f"{name}: {detail}" for name, ok, detail in self.steps if not ok), "")


def _segment(part: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def unverified(token: str) -> tuple[dict, dict] | None:
    try:
        header_part, payload_part, _ = token.split(".")
        header, claims = _segment(header_part), _segment(payload_part)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    return header, claims


def check_header(judgement: Judgement, header: dict) -> bool:
    alg = header.get("alg")
    if not judgement.check(
        "algorithm",
        isinstance(alg, str) and alg != "none" and not alg.startswith("HS"),
        f"alg {alg!r}" + (" is refused" if alg == "none" or str(alg).startswith("HS") else ""),
    ):
        return False
    present = [name for name in FORBIDDEN_HEADERS if name in header]
    return judgement.check(
        "header", not present, f"refused header(s) {', '.join(present)}" if present else "no key-locating headers"
    )


def check_signature(judgement: Judgement, token: str, header: dict, keys: KeySet) -> bool:
    kid = header.get("kid")
    candidates = [k for k in keys.keys if kid is None or k.kid == kid]
    if not judgement.check(
        "key", bool(candidates), f"kid {kid!r} " + ("found" if candidates else "is not in the issuer's key set")
    ):
        return False
    alg = header["alg"]
    for key in candidates:
        key_alg = key.alg
        allowed = (key_alg,) if key_alg else ALGORITHMS_BY_KTY.get(key.key_type, ())
        if alg not in allowed:
            continue
        try:
            jws.deserialize_compact(token, key, algorithms=[alg])
        except JoseError:
            continue
        return judgement.check("signature", True, f"verified with {key.kid or 'the only key'} ({alg})")
    return judgement.check("signature", False, f"no key of the issuer verifies this {alg} signature")


def check_claims(
    judgement: Judgement, claims: dict, configuration: pb.OpenIdConfiguration, now: float | None = None
) -> bool:
    now = time.time() if now is None else now
    ok = judgement.check(
        "issuer",
        claims.get("iss") == configuration.issuer,
        f"iss {claims.get('iss')!r}, trusted {configuration.issuer!r}",
    )
    exp = claims.get("exp")
    ok &= judgement.check(
        "expiry",
        isinstance(exp, int | float) and exp + SKEW_SECONDS > now,
        "no exp claim" if exp is None else f"exp {exp}, now {int(now)}",
    )
    nbf = claims.get("nbf")
    if nbf is not None:
        ok &= judgement.check(
            "not before", isinstance(nbf, int | float) and nbf - SKEW_SECONDS <= now, f"nbf {nbf}, now {int(now)}"
        )
    iat = claims.get("iat")
    if iat is not None:
        ok &= judgement.check(
            "issued at", isinstance(iat, int | float) and iat - SKEW_SECONDS <= now, f"iat {iat}, now {int(now)}"
        )
    if configuration.max_assertion_age_seconds:
        fresh = isinstance(iat, int | float) and now - iat <= configuration.max_assertion_age_seconds
        ok &= judgement.check(
            "assertion age",
            fresh,
            f"issued {int(now - iat)} s ago, at most {configuration.max_assertion_age_seconds}"
            if isinstance(iat, int | float)
            else "no iat claim",
        )
    if configuration.audience:
        audience = claims.get("aud")
        values = audience if isinstance(audience, list) else [audience]
        ok &= judgement.check(
            "audience", configuration.audience in values, f"aud {audience!r}, required {configuration.audience!r}"
        )
    if configuration.single_use_jti:
        ok &= judgement.check(
            "token id",
            isinstance(claims.get("jti"), str) and bool(claims.get("jti")),
            "jti present" if claims.get("jti") else "no jti claim, required for single use",
        )
    return ok


def rule_matches(rule: pb.ClaimRule, claims: dict) -> tuple[bool, str]:
    value = claims.get(rule.claim)
    match = MATCH_NAMES.get(rule.match, "?")
    if value is None:
        return False, f"{rule.claim}:{match}:{rule.value} — the token has no {rule.claim!r} claim"
    values = (
        [str(v) for v in value] if isinstance(value, list) else [value if isinstance(value, str) else json.dumps(value)]
    )
    for candidate in values:
        if (match == "exact" and candidate == rule.value) or (
            match == "glob" and fnmatch.fnmatchcase(candidate, rule.value)
        ):
            return True, f"{rule.claim}:{match}:{rule.value} — {candidate!r} matches"
    shown = values[0] if len(values) == 1 else values
    return False, f"{rule.claim}:{match}:{rule.value} — {shown!r} does not match"


def check_rules(judgement: Judgement, method: pb.AssumptionMethod, claims: dict) -> bool:
    ok = True
    for rule in method.rules:
        matched, detail = rule_matches(rule, claims)
        ok &= judgement.check("rule", matched, detail)
    return ok
