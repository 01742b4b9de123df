"""An organization's key ring: its keys, their states in time, and how a rotation is planned.

States follow from times, not from a stored flag: a key is *next* before `activate_at`, *active*
until `retire_at`, *retired* until `remove_at`, then *removed*. Every replica (and the token
service, which signs) therefore agrees on the signing key from the clock alone; the scheduler only
records transitions (for audit) and wipes removed keys.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import Any

from prism.runtime.clock import MICROS


class KeyState(enum.StrEnum):
    NEXT = "next"
    ACTIVE = "active"
    RETIRED = "retired"
    REMOVED = "removed"


PUBLISHED = (KeyState.NEXT, KeyState.ACTIVE, KeyState.RETIRED)


@dataclass(frozen=True)
class RotationPolicy:
    rotation_micros: int  # how long a key signs (JWKS_ROTATION_DAYS)
    margin_micros: int  # publish-before-sign margin (and JWKS cache lifetime)
    retention_micros: int  # how long a retired key stays published (ACCESS_TOKENS_MAX_AGE + grace)

    @classmethod
    def of(
        cls, rotation_seconds: float, margin_seconds: float, max_age_seconds: float, grace_seconds: float
    ) -> RotationPolicy:
        return cls(
            int(rotation_seconds * MICROS),
            int(margin_seconds * MICROS),
            int((max_age_seconds + grace_seconds) * MICROS),
        )


@dataclass(frozen=True)
class KeyRecord:
    kid: str
    organization: str
    generation: int
    algorithm: str
    public_jwk: dict[str, Any]  # public members only (kty, n, e / crv, x, y)
    private_key_sealed: bytes | None
    kek_id: str
    recorded_state: KeyState  # what the scheduler last recorded and audited
    created_at: int
    activate_at: int
    retire_at: int | None = None
    remove_at: int | None = None

    def state_at(self, now: int) -> KeyState:
        if self.remove_at is not None and now >= self.remove_at:
            return KeyState.REMOVED
        if now < self.activate_at:
            return KeyState.NEXT
        if self.retire_at is not None and now >= self.retire_at:
            return KeyState.RETIRED
        return KeyState.ACTIVE

    def jwk(self) -> dict[str, Any]:
        return {**self.public_jwk, "kid": self.kid, "alg": self.algorithm, "use": "sig"}


@dataclass(frozen=True)
class Ring:
    organization: str
    algorithm: str
    version: int
    keys: tuple[KeyRecord, ...]  # every key not yet recorded as removed, newest first

    def published(self, now: int) -> list[KeyRecord]:
        return [k for k in self.keys if k.state_at(now) in PUBLISHED]

    def active(self, now: int) -> KeyRecord | None:
        return next((k for k in self.keys if k.state_at(now) == KeyState.ACTIVE), None)

    def pending(self, now: int) -> KeyRecord | None:
        return next((k for k in self.keys if k.state_at(now) == KeyState.NEXT), None)

    def newest(self) -> KeyRecord | None:
        return self.keys[0] if self.keys else None

    def next_generation(self, floor: int = 0) -> int:
        return max([floor, *(k.generation for k in self.keys)]) + 1

    def rotation_due_at(self, now: int, policy: RotationPolicy) -> int | None:
        """When the scheduler must publish the successor of the active key (None if one is pending)."""
        if self.pending(now) is not None:
            return None
        active = self.active(now)
        if active is None:
            return now
        return active.activate_at + policy.rotation_micros - policy.margin_micros

    def next_action_at(self, now: int, policy: RotationPolicy) -> int | None:
        """The earliest time something about this ring must be recorded or done."""
        times = []
        for key in self.keys:
            for moment in (key.activate_at, key.retire_at, key.remove_at):
                if moment is not None and moment > now:
                    times.append(moment)
            if key.state_at(now) != key.recorded_state:
                times.append(now)
        due = self.rotation_due_at(now, policy)
        if due is not None:
            times.append(max(due, now))
        return min(times) if times else None


@dataclass(frozen=True)
class RotationPlan:
    activate_at: int
    updated: tuple[KeyRecord, ...]  # existing keys with new retire/remove times


def plan_rotation(
    ring: Ring, now: int, policy: RotationPolicy, *, forced: bool, scheduled: bool = False
) -> RotationPlan:
    """When a new key signs, and what happens to the keys it replaces.

    Normal: the new key signs after the publish margin (a scheduled one no earlier than the end of the
    active key's rotation period); the key it follows retires then and stays published for the
    retention time. Forced: it signs now and every other key is withdrawn now.
    """
    if forced:
        updated = tuple(replace(k, retire_at=min(k.retire_at or now, now), remove_at=now) for k in ring.keys)
        return RotationPlan(now, updated)
    activate_at = now + policy.margin_micros
    active = ring.active(now)
    if scheduled and active is not None:
        activate_at = max(activate_at, active.activate_at + policy.rotation_micros)
    predecessor = ring.newest()
    updated: tuple[KeyRecord, ...] = ()
    if predecessor is not None:
        updated = (replace(predecessor, retire_at=activate_at, remove_at=activate_at + policy.retention_micros),)
    return RotationPlan(activate_at, updated)
