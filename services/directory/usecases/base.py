"""What every directory use case shares: the transaction factory and the audit event shape."""

from __future__ import annotations

from prism.runtime.audit import AuditEvent
from prism.runtime.caller import current_caller
from prism.runtime.service_app import Transactions, UnitOfWork


class UseCases:
    def __init__(self, transactions: Transactions) -> None:
        self.transactions = transactions

    @staticmethod
    async def audit(uow: UnitOfWork, action: str, organization: str, target: str, **details) -> None:
        await uow.audit(
            AuditEvent(
                action=action, target=target, actor=current_caller().actor, organization=organization, details=details
            )
        )
