"""The single use of SAML assertions: an assertion's ID is recorded when it signs someone in, with
an INSERT on a unique key, so that the same assertion POSTed again — to this replica or another —
is refused, and the refusal can name the organization and provider it was used with."""

from __future__ import annotations

from sqlalchemy import select

from prism.runtime.secrets import digest
from prism.runtime.service_app import Transactions
from services.token.single_use import record_once
from services.token.tables import saml_assertions


class SamlReplayGuard:
    def __init__(self, transactions: Transactions, now) -> None:
        self.transactions = transactions
        self.now = now  # () -> epoch seconds

    async def first_use(self, organization: str, provider: str, assertion_id: str, usable_until: int) -> bool:
        """Records the assertion; False if it was already used."""
        values = {
            "assertion_digest": digest(assertion_id),
            "organization": organization,
            "provider": provider,
            "expires_at": int(usable_until),
        }
        return await record_once(
            self.transactions, saml_assertions, values, expired=saml_assertions.c.expires_at < self.now()
        )

    async def used_with(self, assertion_id: str) -> tuple[str, str] | None:
        """(organization, provider) an assertion with this ID signed someone in with, while it is kept."""
        if not assertion_id:
            return None
        async with self.transactions.begin() as uow:
            row = (
                (
                    await uow.session.execute(
                        select(saml_assertions.c.organization, saml_assertions.c.provider).where(
                            saml_assertions.c.assertion_digest == digest(assertion_id)
                        )
                    )
                )
                .mappings()
                .first()
            )
        return (row["organization"], row["provider"]) if row else None
