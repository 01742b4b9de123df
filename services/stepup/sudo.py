"""Sudo windows (spec 002): after a factor, a user who opted in may approve the same app's step-ups
on the same browser session without a factor for `sudo_mode_ttl_minutes`.

A window (`stepup_sudo_grants`) is keyed by (organization, user, browser session, app); the session
is the caller's `session_id` (the `sid` of the page's token, passed on by authz), so no request field
can name another session. A site with `sudo_mode_ttl_minutes` <= 0 ends every window. The user ends
their windows with an app by `revoke` (RevokeSudo)."""

from __future__ import annotations

from sqlalchemy import delete, select

from prism.runtime.caller import current_caller
from prism.runtime.clock import MICROS, Clock
from prism.runtime.errors import InvalidArgument
from prism.runtime.service_app import Transactions
from services.stepup.challenge_scope import app_event, checked_organization, signed_in_user
from services.stepup.tables import sudo_grants


class SudoWindows:
    def __init__(self, transactions: Transactions, clock: Clock) -> None:
        self.transactions = transactions
        self.clock = clock

    async def until(self, organization: str, user_id: str, client_id: str, site) -> int:
        """End of the caller's sudo window with the app on this browser session, or 0."""
        session_id = current_caller().session_id
        if not session_id or site.sudo_mode_ttl_minutes <= 0:  # a site that turns sudo off ends every window
            return 0
        query = select(sudo_grants.c.expires_at).where(
            sudo_grants.c.organization == organization,
            sudo_grants.c.user_id == user_id,
            sudo_grants.c.session_id == session_id,
            sudo_grants.c.client_id == client_id,
            sudo_grants.c.expires_at > self.clock.now_micros() // MICROS,
        )
        async with self.transactions.begin() as uow:
            found = (await uow.session.execute(query)).scalar()
        return int(found or 0)

    async def grant(self, organization: str, user_id: str, client_id: str, site, now: int) -> None:
        """Opens (or renews) the window of this browser session with the app; expired windows go."""
        session_id = current_caller().session_id
        if not session_id or site.sudo_mode_ttl_minutes <= 0:
            return
        expires_at = now + site.sudo_mode_ttl_minutes * 60
        async with self.transactions.begin() as uow:
            key = (
                (sudo_grants.c.organization == organization)
                & (sudo_grants.c.user_id == user_id)
                & (sudo_grants.c.session_id == session_id)
                & (sudo_grants.c.client_id == client_id)
            )
            await uow.session.execute(delete(sudo_grants).where(key | (sudo_grants.c.expires_at < now)))
            await uow.session.execute(
                sudo_grants.insert().values(
                    organization=organization,
                    user_id=user_id,
                    session_id=session_id,
                    client_id=client_id,
                    created_at=now,
                    expires_at=expires_at,
                )
            )
            await uow.audit(app_event("stepup.sudo.granted", organization, user_id, client_id, expires_at=expires_at))

    async def revoke(self, organization: str, client_id: str) -> int:
        """Ends the calling user's windows with the app on every session; how many there were."""
        organization = checked_organization(organization)
        user_id = signed_in_user(organization)
        if not client_id:
            raise InvalidArgument("client_id is required", field="client_id")
        async with self.transactions.begin() as uow:
            removed = await uow.session.execute(
                delete(sudo_grants).where(
                    sudo_grants.c.organization == organization,
                    sudo_grants.c.user_id == user_id,
                    sudo_grants.c.client_id == client_id,
                )
            )
            await uow.audit(
                app_event("stepup.sudo.revoked", organization, user_id, client_id, revoked=removed.rowcount)
            )
        return removed.rowcount
