"""OAuth apps: registered, changed and deleted by the organization's admins; secrets shown once."""

from __future__ import annotations

import secrets
from dataclasses import replace

from prism.runtime import clock
from prism.runtime.caller import current_caller
from prism.runtime.errors import FailedPrecondition, InvalidArgument, InvalidClient
from prism.runtime.resource_names import SLUG_PATTERN, parse
from prism.runtime.secrets import compare, digest
from prism.runtime.update_mask import check_update_mask
from services.directory.apps import CLIENT_TYPES, App, AppRepository, AppSettings, validated_settings
from services.directory.tenancy import not_found, tenant
from services.directory.usecases.base import UseCases

APP = "organizations/{org}/apps/{app}"
SECRET_PREFIX = "prism_cs_"
BAD_CLIENT = "client authentication failed"
# fields UpdateApp may change, mapped to where they live
SETTINGS_FIELDS = (
    "redirect_uris",
    "allowed_scopes",
    "oidc_fields",
    "grant_types",
    "access_token_lifetime_seconds",
    "refresh_token_lifetime_seconds",
    "post_logout_redirect_uris",
)
TOP_FIELDS = ("display_name", "description")


def _display_name(value: str) -> str:
    name = value.strip()
    if not name or len(name) > 200:
        raise InvalidArgument("display_name is required (at most 200 characters)", field="app.display_name")
    return name


class AppUseCases(UseCases):
    def __init__(self, transactions, repository: AppRepository) -> None:
        super().__init__(transactions)
        self.repository = repository

    async def create(
        self, parent: str, display_name: str, description: str, client_type: str, settings: AppSettings
    ) -> tuple[App, str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        client_type = client_type or "confidential"
        if client_type not in CLIENT_TYPES:
            raise InvalidArgument("client_type must be confidential or public", field="app.client_type")
        if len(description) > 2000:
            raise InvalidArgument("description is longer than 2000 characters", field="app.description")
        settings = validated_settings(settings, client_type)
        caller = current_caller()
        secret = SECRET_PREFIX + secrets.token_urlsafe(32) if client_type == "confidential" else ""
        now = clock.now_micros()
        app = App(
            secrets.token_urlsafe(18),
            org,
            _display_name(display_name),
            description,
            client_type,
            digest(secret) if secret else None,
            settings,
            now,
            now,
            owner=caller.subject if caller.kind == "user" else "",
        )
        async with self.transactions.begin() as uow:
            await self.repository.add(uow.session, app)
            await self.audit(
                uow,
                "directory.app.created",
                org,
                f"organizations/{org}/apps/{app.client_id}",
                client_type=client_type,
                redirect_uris=list(settings.redirect_uris),
            )
        return app, secret

    async def get(self, name: str) -> App:
        parts = parse(APP, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            app = await self.repository.get(uow.session, org, parts["app"])
        if app is None:
            raise not_found("app", parts["app"])
        return app

    async def list(self, parent: str, size: int, token: str) -> tuple[list[App], str]:
        org = tenant(parse("organizations/{org}", parent, field="parent")["org"])
        async with self.transactions.begin() as uow:
            return await self.repository.list(uow.session, org, size, token)

    async def update(
        self, name: str, paths: list[str], display_name: str, description: str, settings: AppSettings
    ) -> App:
        parts = parse(APP, name, field="app.name")
        org = tenant(parts["org"])
        check_update_mask(paths, (*TOP_FIELDS, *SETTINGS_FIELDS))
        async with self.transactions.begin() as uow:
            app = await self.repository.get(uow.session, org, parts["app"])
            if app is None:
                raise not_found("app", parts["app"], field="app.name")
            changes = {p: getattr(settings, p) for p in paths if p in SETTINGS_FIELDS}
            new_settings = validated_settings(replace(app.settings, **changes), app.client_type)
            updated = replace(
                app,
                display_name=_display_name(display_name) if "display_name" in paths else app.display_name,
                description=description if "description" in paths else app.description,
                settings=new_settings,
                updated_at_micros=clock.now_micros(),
            )
            await self.repository.save(uow.session, updated)
            await self.audit(uow, "directory.app.updated", org, name, fields=sorted(paths))
        return updated

    async def delete(self, name: str) -> None:
        parts = parse(APP, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            if not await self.repository.delete(uow.session, org, parts["app"]):
                raise not_found("app", parts["app"])
            await self.audit(uow, "directory.app.deleted", org, name)

    async def rotate_secret(self, name: str) -> tuple[App, str]:
        parts = parse(APP, name, field="name")
        org = tenant(parts["org"])
        async with self.transactions.begin() as uow:
            app = await self.repository.get(uow.session, org, parts["app"])
            if app is None:
                raise not_found("app", parts["app"])
            if app.client_type != "confidential":
                raise FailedPrecondition("a public app has no secret to rotate", field="name")
            secret = SECRET_PREFIX + secrets.token_urlsafe(32)
            rotated = replace(app, secret_digest=digest(secret), updated_at_micros=clock.now_micros())
            await self.repository.save(uow.session, rotated)
            await self.audit(uow, "directory.app.secret_rotated", org, name)
        return rotated, secret

    async def authenticate(self, organization: str, client_id: str, client_secret: str) -> App:
        """The app, if the credentials are its own (constant-time); a public app presents no secret."""
        app = None
        if SLUG_PATTERN.match(organization or "") and client_id and len(client_id) <= 64:
            async with self.transactions.begin() as uow:
                app = await self.repository.get(uow.session, organization, client_id)
        if app is None:
            raise InvalidClient(BAD_CLIENT)
        if app.client_type == "public":
            if client_secret:
                raise InvalidClient(BAD_CLIENT)
            return app
        if not client_secret or not compare(digest(client_secret), app.secret_digest or ""):
            raise InvalidClient(BAD_CLIENT)
        return app
