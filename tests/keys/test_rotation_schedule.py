"""Publish before sign, retire after the last token expires: driven by a manual clock."""

from __future__ import annotations

import asyncio

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError
from joserfc.jwk import KeySet
from sqlalchemy import select

from prism.runtime.errors import NotFound
from services.keys import tables
from services.keys.keyring import KeyState
from tests.keys.conftest import GRACE, MARGIN, MAX_AGE, ROTATION, make_rings


async def _jwks(rings, organization="org-a") -> KeySet:
    ring = await rings.ring(organization)
    return KeySet.import_key_set({"keys": [k.jwk() for k in ring.published(rings.clock.now_micros())]})


async def _kids(rings, organization="org-a") -> list[str]:
    ring = await rings.ring(organization)
    return [k.kid for k in ring.published(rings.clock.now_micros())]


async def _sign(rings, clock, organization="org-a") -> tuple[str, str]:
    now = clock.seconds
    return await rings.sign(organization, {"sub": "u1", "iat": now, "exp": now + MAX_AGE}, "at+jwt")


def _verifies(token: str, jwks: KeySet) -> bool:
    try:
        jwt.decode(token, jwks, algorithms=["RS256", "PS256", "ES256", "EdDSA"])
        return True
    except (BadSignatureError, InvalidKeyIdError):
        return False


async def test_first_key_signs_at_once(rings, clock):
    token, kid = await _sign(rings, clock)
    assert await _kids(rings) == [kid]
    assert _verifies(token, await _jwks(rings))


async def test_rotation_publishes_before_signing_and_retires_after_expiry(rings, clock):
    old_token, old_kid = await _sign(rings, clock)

    clock.advance(100)
    new_key = await rings.rotate("org-a", force=False)
    assert new_key.kid != old_kid
    # the new key is published at once ...
    assert await _kids(rings) == [new_key.kid, old_kid]
    # ... but no token carries it until the margin has passed
    for _ in range(3):
        clock.advance(MARGIN / 4)
        assert (await _sign(rings, clock))[1] == old_kid
    clock.advance(MARGIN / 4 - 1e-6)
    last_old_token, kid = await _sign(rings, clock)  # one microsecond before the switch
    assert kid == old_kid
    clock.advance(1e-6)
    new_token, kid = await _sign(rings, clock)
    assert kid == new_key.kid
    ring = await rings.ring("org-a")
    assert {k.kid: k.state_at(clock.now_micros()) for k in ring.keys} == {
        new_key.kid: KeyState.ACTIVE,
        old_kid: KeyState.RETIRED,
    }

    # tokens signed by the retired key keep verifying until they expire ...
    clock.advance(MAX_AGE - 1)
    jwks = await _jwks(rings)
    assert _verifies(last_old_token, jwks) and _verifies(new_token, jwks)
    assert old_kid in await _kids(rings)
    # ... and the retired key leaves the key set once the last of them has expired (plus the grace)
    clock.advance(GRACE + 2)
    await rings.tick("org-a")
    assert await _kids(rings) == [new_key.kid]
    assert not _verifies(last_old_token, await _jwks(rings))
    assert _verifies(new_token, await _jwks(rings))


async def test_removed_keys_lose_their_private_half(rings, clock, keys_database):
    _, old_kid = await _sign(rings, clock)
    await rings.rotate("org-a", force=False)
    clock.advance(MARGIN + MAX_AGE + GRACE + 1)
    await rings.tick("org-a")
    database = keys_database[1]
    async with database.transaction() as session:
        row = (
            (await session.execute(select(tables.signing_keys).where(tables.signing_keys.c.kid == old_kid)))
            .mappings()
            .one()
        )
    assert row["state"] == "removed" and row["private_key_sealed"] is None


async def test_scheduled_rotation_happens_once_before_the_period_ends(rings, clock):
    _, first = await _sign(rings, clock)
    clock.advance(ROTATION - MARGIN - 10)
    await rings.tick("org-a")
    assert await _kids(rings) == [first]  # not due yet
    clock.advance(10)  # due now: the successor is published one margin before the period ends
    await asyncio.gather(*(rings.tick("org-a") for _ in range(5)))  # eager schedulers race
    kids = await _kids(rings)
    assert len(kids) == 2 and kids[1] == first
    clock.advance(MARGIN - 1)
    assert (await _sign(rings, clock))[1] == first
    clock.advance(2)  # the first key has signed for exactly JWKS_ROTATION_DAYS
    assert (await _sign(rings, clock))[1] == kids[0]


async def test_late_scheduler_still_publishes_a_full_margin_ahead(rings, clock):
    _, first = await _sign(rings, clock)
    clock.advance(ROTATION + 3600)  # the scheduler was down for an hour past the due time
    await rings.tick("org-a")
    kids = await _kids(rings)
    assert len(kids) == 2
    clock.advance(MARGIN - 1)
    assert (await _sign(rings, clock))[1] == first
    clock.advance(2)
    assert (await _sign(rings, clock))[1] == kids[0]


async def test_two_replicas_rotate_once(keys_database, clock):
    replicas = [make_rings(keys_database[1], clock) for _ in range(2)]
    _, first = await _sign(replicas[0], clock)
    clock.advance(ROTATION)
    await asyncio.gather(*(r.tick("org-a") for r in replicas for _ in range(3)))
    assert len(await _kids(replicas[1])) == 2


async def test_forced_rotation_signs_now_and_withdraws_old_keys(rings, clock):
    old_token, old_kid = await _sign(rings, clock)
    await rings.rotate("org-a", force=False)  # a pending key is replaced too
    new_key = await rings.rotate("org-a", force=True, algorithm="ES256")
    assert new_key.algorithm == "ES256"
    token, kid = await _sign(rings, clock)
    assert kid == new_key.kid
    assert await _kids(rings) == [new_key.kid]
    assert not _verifies(old_token, await _jwks(rings))
    assert _verifies(token, await _jwks(rings))


async def test_manual_rotation_while_one_is_pending_is_idempotent(rings, clock):
    await rings.ring("org-a")
    pending = await rings.rotate("org-a", force=False)
    again = await rings.rotate("org-a", force=False)
    assert again.kid == pending.kid
    assert len(await _kids(rings)) == 2


async def test_rings_are_per_organization(rings, clock):
    _, kid_a = await _sign(rings, clock, "org-a")
    token_b, kid_b = await _sign(rings, clock, "org-b")
    assert kid_a != kid_b
    assert not _verifies(token_b, await _jwks(rings, "org-a"))
    with pytest.raises(NotFound):
        await rings.ring("org-unknown")


async def test_every_transition_is_audited(rings, clock, keys_database):
    await rings.ring("org-a")
    await rings.rotate("org-a", force=False)
    clock.advance(MARGIN + 1)
    await rings.tick("org-a")
    clock.advance(MAX_AGE + GRACE)
    await rings.tick("org-a")
    async with keys_database[1].transaction() as session:
        events = await rings.transactions.outbox.list(session, organization="org-a", before=None, limit=50)
    actions = sorted(e.event.action for e in events)
    assert actions == sorted(
        [
            "keys.key.created",
            "keys.key.activated",
            "keys.key.rotated",
            "keys.key.activated",
            "keys.key.retired",
            "keys.key.removed",
        ]
    )
    assert all(
        e.event.organization == "org-a" and e.event.target.startswith("organizations/org-a/keys/") for e in events
    )
