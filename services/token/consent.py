"""Consent decisions of the authorization endpoint: whether the user already allowed an app these
scopes (`token_consents`), storing an approval (scopes add up), a denial, and the refusal of
`admin:*` scopes to a non-admin (the rule is services/token/admin_scopes.py). Denials and refusals
forget the pending request and go back to the app as `access_denied`; each decision is audited."""

from __future__ import annotations

from sqlalchemy import select, update

from prism.runtime.audit import AuditEvent, Outcome
from prism.runtime.service_app import Transactions
from services.token import admin_scopes
from services.token.authorization_requests import Pending, RedirectError
from services.token.authorization_steps import error_step
from services.token.grants.context import GrantContext
from services.token.pending_requests import PendingRequests
from services.token.sessions import Session
from services.token.tables import consents


class ConsentDecisions:
    def __init__(self, transactions: Transactions, context: GrantContext, requests: PendingRequests) -> None:
        self.transactions = transactions
        self.context = context
        self.requests = requests

    async def consented(self, pending: Pending, session: Session) -> bool:
        async with self.transactions.begin() as uow:
            row = (
                await uow.session.execute(
                    select(consents.c.scopes).where(
                        consents.c.organization == pending.organization,
                        consents.c.user_id == session.user_id,
                        consents.c.client_id == pending.client_id,
                    )
                )
            ).first()
        return row is not None and set(pending.scopes) <= set(row[0].split())

    async def grant(self, organization: str, user_id: str, client_id: str, pending: Pending, now: int) -> None:
        """Adds the request's scopes to what the user allowed the app."""
        async with self.transactions.begin() as uow:
            key = (consents.c.organization == organization) & (consents.c.user_id == user_id)
            key = key & (consents.c.client_id == client_id)
            row = (await uow.session.execute(select(consents.c.scopes).where(key))).first()
            granted = sorted(set(row[0].split() if row else ()) | set(pending.scopes))
            if row:
                await uow.session.execute(update(consents).where(key).values(scopes=" ".join(granted), updated_at=now))
            else:
                await uow.session.execute(
                    consents.insert().values(
                        organization=organization,
                        user_id=user_id,
                        client_id=client_id,
                        scopes=" ".join(granted),
                        updated_at=now,
                    )
                )
            await uow.audit(
                AuditEvent(
                    action="token.consent.granted",
                    target=f"organizations/{organization}/apps/{client_id}",
                    actor=user_id,
                    organization=organization,
                    details={"scopes": list(pending.scopes)},
                )
            )

    async def deny(self, pending: Pending, user_id: str, client_id: str):
        """The user said no: the request is forgotten and the app gets access_denied."""
        await self.requests.forget(pending)
        await self._audit("token.consent.denied", pending.organization, user_id, Outcome.FAILURE, client_id=client_id)
        issuer = self.context.signer.issuer(pending.organization)
        denied = RedirectError("access_denied", "User denied access")
        return error_step(pending.redirect_uri, issuer, pending.state, denied)

    async def admin_scopes_refused(self, pending: Pending, session: Session):
        """access_denied back to the app when a non-admin would grant admin:* scopes (admin_scopes.py)."""
        if not admin_scopes.admin_scopes(pending.scopes):
            return None
        user = await self.context.user_claims(pending.organization, session.user_id)
        error = admin_scopes.refusal(pending.scopes, user.user.role if user is not None else None)
        if error is None:
            return None
        await self.requests.forget(pending)
        await self._audit(
            "token.consent.refused",
            pending.organization,
            session.user_id,
            Outcome.FAILURE,
            client_id=pending.client_id,
            scopes=admin_scopes.admin_scopes(pending.scopes),
        )
        issuer = self.context.signer.issuer(pending.organization)
        return error_step(pending.redirect_uri, issuer, pending.state, error)

    async def _audit(self, action: str, organization: str, actor: str, outcome: Outcome, **details) -> None:
        async with self.transactions.begin() as uow:
            await uow.audit(
                AuditEvent(
                    action=action,
                    target=f"organizations/{organization}",
                    actor=actor,
                    organization=organization,
                    outcome=outcome,
                    details=details,
                )
            )
