"""Webhooks (subscriptions): the domain object, its storage and its use cases.

An owner is an organization (`organizations/{org}`, every event of the organization) or one user
(`organizations/{org}/users/{user}`, the events whose actor or target is that user). Every query is
scoped by (organization, user) from the resource name, checked against the verified caller first.
The signing secret is generated here, shown once, and stored sealed (bound to the webhook's id).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from prism.runtime import clock, pagination
from prism.runtime.audit import AuditEvent
from prism.runtime.caller import current_caller
from prism.runtime.errors import InvalidArgument, NotFound, PermissionDenied
from prism.runtime.resource_names import SLUG_PATTERN
from prism.runtime.sealing import Sealer
from prism.runtime.service_app import Transactions
from prism.runtime.update_mask import check_update_mask
from services.webhooks import event_types, receivers, signing
from services.webhooks.tables import attempts, deliveries, webhooks

UPDATABLE = ("url", "event_types", "active", "description")
MAX_PER_OWNER = 50


@dataclass(frozen=True)
class Owner:
    organization: str
    user_id: str = ""  # empty: the organization's webhook

    @property
    def parent(self) -> str:
        base = f"organizations/{self.organization}"
        return f"{base}/users/{self.user_id}" if self.user_id else base


@dataclass(frozen=True)
class Webhook:
    id: str
    owner: Owner
    url: str
    event_types: tuple[str, ...]
    active: bool
    description: str
    sealed_secret: bytes
    kek_id: str
    created_at_micros: int
    updated_at_micros: int

    @property
    def name(self) -> str:
        return f"{self.owner.parent}/webhooks/{self.id}"


@dataclass(frozen=True)
class Draft:
    url: str = ""
    event_types: tuple[str, ...] = ()
    active: bool | None = None
    description: str = ""


def parse_owner(value: str, *, field: str) -> Owner:
    parts = value.split("/") if value else []
    if len(parts) in (2, 4) and parts[0] == "organizations" and (len(parts) == 2 or parts[2] == "users"):
        org, user = parts[1], parts[3] if len(parts) == 4 else ""
        if SLUG_PATTERN.match(org) and (len(parts) == 2 or user):
            return _checked(Owner(org, user))
    raise InvalidArgument(
        f"{field} must look like organizations/{{org}} or organizations/{{org}}/users/{{user}}, got {value!r}",
        field=field,
    )


def parse_name(value: str, *, field: str = "name") -> tuple[Owner, str]:
    owner_part, sep, webhook_id = value.rpartition("/webhooks/")
    if not sep or not webhook_id or "/" in webhook_id:
        raise InvalidArgument(
            f"{field} must look like organizations/{{org}}/webhooks/{{id}} or "
            f"organizations/{{org}}/users/{{user}}/webhooks/{{id}}, got {value!r}",
            field=field,
        )
    return parse_owner(owner_part, field=field), webhook_id


def _checked(owner: Owner) -> Owner:
    """The repository's own guard (authz decided already): the caller's organization, and the user's own."""
    caller = current_caller()
    if caller.is_system:
        return owner
    if caller.organization != owner.organization:
        raise PermissionDenied("you cannot act in another organization")
    if owner.user_id and owner.user_id != caller.subject:
        raise PermissionDenied("only the account's own user may do this")
    return owner


def _scope(owner: Owner):
    return and_(webhooks.c.organization == owner.organization, webhooks.c.user_id == owner.user_id)


class Subscriptions:
    def __init__(self, transactions: Transactions, sealer: Sealer, settings) -> None:
        self.transactions = transactions
        self.sealer = sealer
        self.allow_http = settings.webhooks_allow_http
        self.allowed_hosts = settings.allowed_hosts

    def _url(self, url: str) -> str:
        return receivers.validate_url(url, allow_http=self.allow_http, allowed_hosts=self.allowed_hosts)

    async def create(self, parent: str, draft: Draft) -> tuple[Webhook, str]:
        owner = parse_owner(parent, field="parent")
        url = self._url(draft.url)
        types = event_types.validate(list(draft.event_types))
        if len(draft.description) > 500:
            raise InvalidArgument("description is longer than 500 characters", field="webhook.description")
        webhook_id, secret, now = str(uuid.uuid4()), signing.new_secret(), clock.now_micros()
        sealed = self.sealer.seal(secret.encode(), context=webhook_id)
        webhook = Webhook(
            webhook_id, owner, url, types, draft.active is not False, draft.description, sealed,
            self.sealer.key_id, now, now,
        )  # fmt: skip
        async with self.transactions.begin() as uow:
            count = await uow.session.scalar(select(func.count()).select_from(webhooks).where(_scope(owner)))
            if count >= MAX_PER_OWNER:
                raise InvalidArgument(f"at most {MAX_PER_OWNER} webhooks per owner", reason="TOO_MANY_WEBHOOKS")
            await uow.session.execute(webhooks.insert().values(**_row(webhook)))
            await self._audit(uow, "webhooks.webhook.created", webhook, url=url, event_types=list(types))
        return webhook, secret

    async def get(self, name: str) -> Webhook:
        owner, webhook_id = parse_name(name)
        async with self.transactions.begin() as uow:
            return await self._get(uow.session, owner, webhook_id, name)

    async def list(self, parent: str, size: int, token: str) -> tuple[list[Webhook], str]:
        owner = parse_owner(parent, field="parent")
        limit = pagination.page_size(size)
        cursor = pagination.decode(token, keys=("t", "k"))
        query = select(webhooks).where(_scope(owner)).order_by(webhooks.c.created_at, webhooks.c.id).limit(limit + 1)
        if cursor:
            t, k = webhooks.c.created_at, webhooks.c.id
            query = query.where(or_(t > cursor["t"], and_(t == cursor["t"], k > cursor["k"])))
        async with self.transactions.begin() as uow:
            rows = list((await uow.session.execute(query)).mappings())
        next_token = ""
        if len(rows) > limit:
            rows = rows[:limit]
            next_token = pagination.encode({"t": rows[-1]["created_at"], "k": rows[-1]["id"]})
        return [_webhook(r) for r in rows], next_token

    async def update(self, name: str, paths: list[str], draft: Draft) -> Webhook:
        owner, webhook_id = parse_name(name, field="webhook.name")
        check_update_mask(paths, UPDATABLE)
        changes: dict = {}
        if "url" in paths:
            changes["url"] = self._url(draft.url)
        if "event_types" in paths:
            changes["event_types"] = event_types.validate(list(draft.event_types))
        if "active" in paths:
            changes["active"] = draft.active is not False
        if "description" in paths:
            if len(draft.description) > 500:
                raise InvalidArgument("description is longer than 500 characters", field="webhook.description")
            changes["description"] = draft.description
        async with self.transactions.begin() as uow:
            current = await self._get(uow.session, owner, webhook_id, name)
            updated = replace(current, **changes, updated_at_micros=clock.now_micros())
            values = _row(updated)
            for key in ("id", "organization", "user_id", "secret", "kek_id", "created_at"):
                values.pop(key)
            await uow.session.execute(
                update(webhooks).where(_scope(owner), webhooks.c.id == webhook_id).values(**values)
            )
            await self._audit(uow, "webhooks.webhook.updated", updated, fields=sorted(set(paths)))
        return updated

    async def delete(self, name: str) -> None:
        owner, webhook_id = parse_name(name)
        async with self.transactions.begin() as uow:
            current = await self._get(uow.session, owner, webhook_id, name)
            ids = select(deliveries.c.id).where(deliveries.c.webhook_id == webhook_id).scalar_subquery()
            await uow.session.execute(delete(attempts).where(attempts.c.delivery_id.in_(ids)))
            await uow.session.execute(delete(deliveries).where(deliveries.c.webhook_id == webhook_id))
            await uow.session.execute(delete(webhooks).where(_scope(owner), webhooks.c.id == webhook_id))
            await self._audit(uow, "webhooks.webhook.deleted", current)

    async def find(self, session: AsyncSession, name: str, *, field: str) -> Webhook:
        """The webhook `name` of the caller (for the delivery log)."""
        owner, webhook_id = parse_name(name, field=field)
        return await self._get(session, owner, webhook_id, name)

    def secret_of(self, webhook: Webhook) -> str:
        return self.sealer.open(webhook.sealed_secret, context=webhook.id, key_id=webhook.kek_id).decode()

    @staticmethod
    async def _get(session: AsyncSession, owner: Owner, webhook_id: str, name: str) -> Webhook:
        row = (await session.execute(select(webhooks).where(_scope(owner), webhooks.c.id == webhook_id))).mappings()
        found = row.first()
        if found is None:
            raise NotFound(f"webhook {name!r} does not exist", field="name")
        return _webhook(found)

    @staticmethod
    async def _audit(uow, action: str, webhook: Webhook, **details) -> None:
        await uow.audit(
            AuditEvent(
                action=action,
                target=webhook.name,
                actor=current_caller().actor,
                organization=webhook.owner.organization,
                details=details,
            )
        )


async def active_webhooks(session: AsyncSession) -> list[Webhook]:
    """Every active webhook of every organization: intake's one cross-tenant read (system only)."""
    query = select(webhooks).where(webhooks.c.active.is_(True))
    return [_webhook(r) for r in (await session.execute(query)).mappings()]


def _row(w: Webhook) -> dict:
    return {
        "id": w.id,
        "organization": w.owner.organization,
        "user_id": w.owner.user_id,
        "url": w.url,
        "event_types": list(w.event_types),
        "active": w.active,
        "description": w.description,
        "secret": w.sealed_secret,
        "kek_id": w.kek_id,
        "created_at": w.created_at_micros,
        "updated_at": w.updated_at_micros,
    }


def _webhook(row) -> Webhook:
    return Webhook(
        id=row["id"],
        owner=Owner(row["organization"], row["user_id"]),
        url=row["url"],
        event_types=tuple(row["event_types"] or ()),
        active=bool(row["active"]),
        description=row["description"],
        sealed_secret=row["secret"],
        kek_id=row["kek_id"],
        created_at_micros=row["created_at"],
        updated_at_micros=row["updated_at"],
    )
