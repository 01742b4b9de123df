"""Key ring use cases: create a ring, rotate (by hand or on schedule), record transitions, sign.

Every change to a ring happens in one transaction that first locks the ring's row, so replicas
that race (two schedulers, two admins) make one rotation, not two; a unique generation per
organization is the last line of defence. Key generation (slow for RSA) happens before the lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from prism.runtime import jws
from prism.runtime.audit import AuditEvent
from prism.runtime.caller import current_caller
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import FailedPrecondition, InvalidArgument, NotFound, Unavailable
from prism.runtime.keyset import public_jwk, thumbprint
from prism.runtime.service_app import Transactions, UnitOfWork
from services.keys.encryption import KeyEncryption
from services.keys.keyring import KeyRecord, KeyState, Ring, RotationPolicy, plan_rotation
from services.keys.repository import KeyRingRepository, RingConflict

log = logging.getLogger("prism.keys")

OrganizationCheck = Callable[[str], Awaitable[None]]  # raises NotFound for an unknown organization


@dataclass(frozen=True)
class KeyDefaults:
    algorithm: str  # JWKS_ALG
    rsa_bits: int  # JWKS_SIZE


@dataclass(frozen=True)
class NewKey:
    kid: str
    algorithm: str
    public_jwk: dict
    private_der: bytes


def generate_key(algorithm: str, rsa_bits: int) -> NewKey:
    private_key = jws.generate_private_key(algorithm, rsa_bits)
    jwk = public_jwk(private_key)
    return NewKey(thumbprint(jwk), algorithm, jwk, jws.pkcs8(private_key))


class KeyRings:
    def __init__(
        self,
        transactions: Transactions,
        repository: KeyRingRepository,
        encryption: KeyEncryption,
        policy: RotationPolicy,
        defaults: KeyDefaults,
        clock: Clock,
        organization_exists: OrganizationCheck,
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self.transactions = transactions
        self.repository = repository
        self.encryption = encryption
        self.policy = policy
        self.defaults = defaults
        self.clock = clock
        self.organization_exists = organization_exists
        self.on_change = on_change
        self._known: set[str] = set()

    # --- reading -------------------------------------------------------------------------------

    async def ring(self, organization: str) -> Ring:
        """The organization's ring, created with a first, immediately active key if it has none."""
        async with self.transactions.begin() as uow:
            ring = await self.repository.get(uow.session, organization)
        if ring is not None:
            return ring
        await self._create(organization)
        async with self.transactions.begin() as uow:
            ring = await self.repository.get(uow.session, organization)
        if ring is None:  # pragma: no cover - created just above
            raise Unavailable("the key ring could not be created; try again")
        return ring

    def private_der(self, key: KeyRecord) -> bytes:
        if key.private_key_sealed is None:
            raise FailedPrecondition(f"key {key.kid} has been removed")
        return self.encryption.open(
            key.private_key_sealed, organization=key.organization, kid=key.kid, kek_id=key.kek_id
        )

    async def sign(self, organization: str, claims: dict, typ: str) -> tuple[str, str]:
        ring = await self.ring(organization)
        active = ring.active(self.clock.now_micros())
        if active is None:
            raise Unavailable(f"organization {organization!r} has no active signing key")
        signer = jws.Signer.from_pkcs8(active.algorithm, active.kid, self.private_der(active))
        return signer.sign(claims, typ), active.kid

    # --- changing ------------------------------------------------------------------------------

    async def _create(self, organization: str) -> None:
        if organization not in self._known:
            await self.organization_exists(organization)
            self._known.add(organization)
        new = await asyncio.to_thread(generate_key, self.defaults.algorithm, self.defaults.rsa_bits)
        now = self.clock.now_micros()
        try:
            async with self.transactions.begin() as uow:
                await self.repository.create_ring(uow.session, organization, new.algorithm, now)
                key = self._record(organization, 1, new, now, activate_at=now)
                await self.repository.add_key(uow.session, key)
                await self._audit(uow, "keys.key.created", key, reason="initial")
                await self._audit(uow, "keys.key.activated", key)
                await self._finish(uow, organization, new.algorithm, now, bump=True)
        except RingConflict:
            return  # another request or replica created it first; theirs is as good
        log.info("created key ring of %s", organization, extra={"organization": organization, "kid": key.kid})
        self.on_change()

    async def rotate(self, organization: str, *, force: bool, algorithm: str = "") -> KeyRecord:
        if algorithm and algorithm not in jws.ALGORITHMS:
            raise InvalidArgument(f"algorithm must be one of {', '.join(jws.ALGORITHMS)}", field="algorithm")
        ring = await self.ring(organization)
        now = self.clock.now_micros()
        pending = ring.pending(now)
        if pending is not None and not force:
            if algorithm and algorithm != pending.algorithm:
                raise FailedPrecondition(
                    f"a rotation to a {pending.algorithm} key ({pending.kid}) is already scheduled; "
                    "rotate with force to replace it",
                    field="algorithm",
                )
            return pending  # already rotating: the same answer as the call that started it
        chosen = algorithm or ring.algorithm
        new = await asyncio.to_thread(generate_key, chosen, self.defaults.rsa_bits)
        async with self.transactions.begin() as uow:
            key = await self._rotate_locked(
                uow, organization, new, forced=force, scheduled=False, reason="forced" if force else "manual"
            )
        self.on_change()
        return key

    async def _rotate_locked(
        self, uow: UnitOfWork, organization: str, new: NewKey, *, forced: bool, scheduled: bool, reason: str
    ) -> KeyRecord | None:
        now = self.clock.now_micros()
        if not await self.repository.lock(uow.session, organization, now):
            raise NotFound(f"organization {organization!r} has no key ring")
        ring = await self.repository.get(uow.session, organization)
        if scheduled and (ring.pending(now) is not None or (ring.rotation_due_at(now, self.policy) or now) > now):
            return None  # another replica already did it
        plan = plan_rotation(ring, now, self.policy, forced=forced, scheduled=scheduled)
        generation = await self.repository.max_generation(uow.session, organization) + 1
        key = self._record(organization, generation, new, now, activate_at=plan.activate_at)
        for old in plan.updated:
            await self.repository.save_key(uow.session, old)
        await self.repository.add_key(uow.session, key)
        if key.recorded_state == KeyState.ACTIVE:
            await self._audit(uow, "keys.key.activated", key)
        previous = ring.active(now)
        await uow.audit(
            AuditEvent(
                action="keys.key.rotated",
                target=_name(key),
                actor=current_caller().actor if not scheduled else "system",
                organization=organization,
                details={
                    "kid": key.kid,
                    "algorithm": key.algorithm,
                    "reason": reason,
                    "forced": forced,
                    "previous_kid": previous.kid if previous else None,
                    "activate_at": _iso(key.activate_at),
                },
            )
        )
        ring_after = await self.repository.get(uow.session, organization)
        await self._record_transitions(uow, ring_after, now)
        await self._finish(uow, organization, key.algorithm, now, bump=True)
        log.info(
            "rotated keys of %s",
            organization,
            extra={"organization": organization, "kid": key.kid, "reason": reason, "forced": forced},
        )
        return key

    async def tick(self, organization: str) -> None:
        """Record due transitions (audited), wipe removed keys, and publish a scheduled successor."""
        now = self.clock.now_micros()
        async with self.transactions.begin() as uow:
            ring = await self.repository.get(uow.session, organization)
        if ring is None:
            return
        new = None
        due = ring.rotation_due_at(now, self.policy)
        if due is not None and due <= now:
            new = await asyncio.to_thread(generate_key, ring.algorithm, self.defaults.rsa_bits)
        changed = False
        try:
            async with self.transactions.begin() as uow:
                now = self.clock.now_micros()
                if not await self.repository.lock(uow.session, organization, now):
                    return
                if new is not None:
                    changed = (
                        await self._rotate_locked(
                            uow, organization, new, forced=False, scheduled=True, reason="scheduled"
                        )
                        is not None
                    )
                if not changed:
                    ring = await self.repository.get(uow.session, organization)
                    changed = await self._record_transitions(uow, ring, now)
                    await self._finish(uow, organization, ring.algorithm, now, bump=changed)
        except RingConflict:
            return
        if changed:
            self.on_change()

    async def tick_due(self, limit: int = 500) -> int:
        """Tick every ring whose next action is due; returns how many were looked at."""
        async with self.transactions.begin() as uow:
            due = await self.repository.due(uow.session, self.clock.now_micros(), limit)
        for organization in due:
            try:
                await self.tick(organization)
            except Exception:
                log.exception("key ring maintenance failed for %s", organization)
        return len(due)

    async def _record_transitions(self, uow: UnitOfWork, ring: Ring, now: int) -> bool:
        changed = False
        order = {KeyState.NEXT: 0, KeyState.ACTIVE: 1, KeyState.RETIRED: 2, KeyState.REMOVED: 3}
        for key in sorted(ring.keys, key=lambda k: k.generation):
            actual = key.state_at(now)
            if actual == key.recorded_state:
                continue
            for state, action in _TRANSITION_ACTIONS:
                if order[key.recorded_state] < order[state] <= order[actual]:
                    await self._audit(uow, action, key)
            sealed = None if actual == KeyState.REMOVED else key.private_key_sealed
            await self.repository.save_key(uow.session, replace(key, recorded_state=actual, private_key_sealed=sealed))
            changed = True
        return changed

    async def _finish(self, uow: UnitOfWork, organization: str, algorithm: str, now: int, *, bump: bool) -> None:
        ring = await self.repository.get(uow.session, organization)
        await self.repository.save_ring(
            uow.session,
            organization,
            algorithm=algorithm,
            bump=bump,
            now=now,
            next_action_at=ring.next_action_at(now, self.policy),
        )

    def _record(self, organization: str, generation: int, new: NewKey, now: int, *, activate_at: int) -> KeyRecord:
        sealed = self.encryption.seal(new.private_der, organization=organization, kid=new.kid)
        state = KeyState.ACTIVE if activate_at <= now else KeyState.NEXT
        return KeyRecord(
            kid=new.kid,
            organization=organization,
            generation=generation,
            algorithm=new.algorithm,
            public_jwk=new.public_jwk,
            private_key_sealed=sealed,
            kek_id=self.encryption.kek_id,
            recorded_state=state,
            created_at=now,
            activate_at=activate_at,
        )

    async def _audit(self, uow: UnitOfWork, action: str, key: KeyRecord, **details) -> None:
        await uow.audit(
            AuditEvent(
                action=action,
                target=_name(key),
                actor="system",
                organization=key.organization,
                details={"kid": key.kid, "algorithm": key.algorithm, **details},
            )
        )


_TRANSITION_ACTIONS = (
    (KeyState.ACTIVE, "keys.key.activated"),
    (KeyState.RETIRED, "keys.key.retired"),
    (KeyState.REMOVED, "keys.key.removed"),
)


def _name(key: KeyRecord) -> str:
    return f"organizations/{key.organization}/keys/{key.kid}"


def _iso(micros: int) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(micros / MICROS, tz=datetime.UTC).isoformat().replace("+00:00", "Z")
