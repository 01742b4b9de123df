"""Rate limits shared by every replica: a counter per key and fixed window, in `stepup_rate_counters`.

`hit` counts one event with an upsert and one `UPDATE … SET count = count + 1` (a new window starts
at 1), then reads the row back in the same transaction: concurrent hits on any replica get distinct,
exact counts, so "the 9th attempt" is the 9th however the requests race.
"""

from __future__ import annotations

from sqlalchemy import case, select, update

from prism.runtime.database import upsert_insert
from services.stepup.tables import rate_counters


async def hit(session, key: str, window_seconds: int, now: int) -> tuple[int, int]:
    """Counts an event under `key`: (events in the current window, this one included; seconds left)."""
    await session.execute(
        upsert_insert(session, rate_counters)
        .values(key=key, window_started_at=now, count=0)
        .on_conflict_do_nothing(index_elements=[rate_counters.c.key])
    )
    expired = rate_counters.c.window_started_at <= now - window_seconds
    await session.execute(
        update(rate_counters)
        .where(rate_counters.c.key == key)
        .values(
            count=case((expired, 1), else_=rate_counters.c.count + 1),
            window_started_at=case((expired, now), else_=rate_counters.c.window_started_at),
        )
    )
    count, started = (
        await session.execute(
            select(rate_counters.c.count, rate_counters.c.window_started_at).where(rate_counters.c.key == key)
        )
    ).one()
    return count, max(1, started + window_seconds - now)
