"""The captcha gate as a step of `AuthorizeChallenge`: the check of an answer after the challenge was
consumed, its refusal audited (`stepup.captcha.failed`). What the gate decides lives in services/stepup/captcha.py."""

from __future__ import annotations

from prism.runtime.audit import Outcome
from prism.runtime.errors import PermissionDenied, Unavailable
from prism.runtime.service_app import Transactions
from services.stepup.captcha import CaptchaGate
from services.stepup.challenge_scope import app_event


async def captcha_passes(
    transactions: Transactions, gate: CaptchaGate, organization, user_id, row, site, secret, request, client_address
) -> bool:
    """Whether the captcha passes; a refusal (the challenge is burnt already) is audited, and an
    unreachable provider (UNAVAILABLE, audited too) is raised."""
    try:
        await gate.check(site, secret, request.captcha_token.strip(), client_address, row["digest"], row["expires_at"])
        return True
    except (PermissionDenied, Unavailable) as refused:
        async with transactions.begin() as uow:
            event = app_event(
                "stepup.captcha.failed",
                organization,
                user_id,
                row["client_id"],
                outcome=Outcome.FAILURE,
                reason=refused.reason,
                provider=site.captcha_provider,
                detail=refused.debug or refused.message,
            )
            await uow.audit(event)
        if isinstance(refused, Unavailable):
            raise
        return False
