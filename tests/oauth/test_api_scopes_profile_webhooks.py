"""App tokens' scopes for the custom domain, GPG key, social account and webhook endpoints.

The REST paths are read from the merged protos' `google.api.http` rules (not guessed): each
`collection/*` of a path template is filled with this world's ids (the organization, the admin's
own user id, or a made-up id of the resource, which must then answer 404 — proof the scope let the
call through — where it would answer 403 without the scope).
"""

from __future__ import annotations

import importlib
import re
import uuid

from google.api import annotations_pb2

from tests.support.scopes import ScopesWorld, assert_insufficient_scope

_VARIABLE = re.compile(r"\{([a-z_.]+)(?:=([^}]+))?\}")
_DIRECTORY = ("prism.directory.v1.directory_pb2", "DirectoryService")
_WEBHOOKS = ("prism.webhooks.v1.webhooks_pb2", "WebhooksService")


def _bindings(where: tuple[str, str], method: str) -> list[tuple[str, str]]:
    module, service = where
    descriptor = importlib.import_module(module).DESCRIPTOR.services_by_name[service].methods_by_name[method]
    http = descriptor.GetOptions().Extensions[annotations_pb2.http]
    found = []
    for binding in (http, *http.additional_bindings):
        kind = binding.WhichOneof("pattern")
        if kind in ("get", "post", "patch", "delete", "put"):
            found.append((kind.upper(), getattr(binding, kind)))
    assert found, f"{service}.{method} has no REST route"
    return found


def route(w: ScopesWorld, where: tuple[str, str], method: str, *, users: bool = True, **ids: str) -> tuple[str, str]:
    """(HTTP method, path) of `method`: the binding under `users/*` (users=True) or not, its variables filled."""
    choices = [(m, t) for m, t in _bindings(where, method) if ("/users/" in t) == users]
    assert choices, f"{method} has no route {'under' if users else 'outside'} users/*"
    http_method, template = choices[0]
    values = {"organizations": w.admin.slug, "users": w.admin.user_id, **ids}

    def fill(match: re.Match) -> str:
        parts = (match.group(2) or "*").split("/")
        return "/".join(values.get(parts[i - 1], uuid.uuid4().hex[:12]) if p == "*" else p for i, p in enumerate(parts))

    return http_method, _VARIABLE.sub(fill, template)


def call(w: ScopesWorld, scope: str, where, method: str, *, users: bool = True, json=None, **ids):
    http_method, path = route(w, where, method, users=users, **ids)
    body = json if json is not None else ({} if http_method in ("POST", "PATCH", "PUT") else None)
    return w.call(scope, http_method, path, json=body) if body is not None else w.call(scope, http_method, path)


def _answers_unless_missing(response) -> None:
    """Past authz: a made-up resource is 404, a made-up body may be 400; never 403, never 5xx."""
    assert response.status_code in (200, 201, 400, 404), f"{response.status_code}: {response.text}"


# -- domains, gpg, social (DirectoryService) ------------------------------------------------------


def test_domains_read(scopes_world):
    w, scope = scopes_world, "domains:read"
    assert call(w, scope, _DIRECTORY, "ListDomains").status_code == 200
    assert call(w, scope, _DIRECTORY, "GetDomain", domains="absent.example.com").status_code == 404
    create = call(w, scope, _DIRECTORY, "CreateDomain", json={"domain": f"{uuid.uuid4().hex[:8]}.example.com"})
    assert_insufficient_scope(create, "domains:write")


def test_domains_write(scopes_world):
    w, scope = scopes_world, "domains:write"
    created = call(w, scope, _DIRECTORY, "CreateDomain", json={"domain": f"{uuid.uuid4().hex[:8]}.example.com"})
    _answers_unless_missing(created)
    assert call(w, scope, _DIRECTORY, "DeleteDomain", domains="absent.example.com").status_code == 404
    _answers_unless_missing(call(w, scope, _DIRECTORY, "VerifyDomain", domains="absent.example.com"))
    assert_insufficient_scope(call(w, scope, _DIRECTORY, "ListDomains"), "domains:read")


def test_gpg_read(scopes_world):
    w, scope = scopes_world, "gpg:read"
    assert call(w, scope, _DIRECTORY, "ListGpgKeys").status_code == 200
    assert call(w, scope, _DIRECTORY, "GetGpgKey", gpgKeys="0123456789ABCDEF").status_code == 404
    assert_insufficient_scope(call(w, scope, _DIRECTORY, "DeleteGpgKey", gpgKeys="0123456789ABCDEF"), "gpg:write")


def test_gpg_write(scopes_world):
    w, scope = scopes_world, "gpg:write"
    _answers_unless_missing(call(w, scope, _DIRECTORY, "CreateGpgKey", json={}))
    assert call(w, scope, _DIRECTORY, "DeleteGpgKey", gpgKeys="0123456789ABCDEF").status_code == 404
    assert_insufficient_scope(call(w, scope, _DIRECTORY, "ListGpgKeys"), "gpg:read")


def test_social_read(scopes_world):
    w, scope = scopes_world, "social:read"
    assert call(w, scope, _DIRECTORY, "ListSocialAccounts").status_code == 200
    assert_insufficient_scope(call(w, scope, _DIRECTORY, "DeleteSocialAccount"), "social:write")


def test_social_write(scopes_world):
    w, scope = scopes_world, "social:write"
    assert call(w, scope, _DIRECTORY, "DeleteSocialAccount").status_code == 404
    assert_insufficient_scope(call(w, scope, _DIRECTORY, "ListSocialAccounts"), "social:read")


# -- webhooks: a user's (webhooks:*) and the organization's (admin:webhooks:*) ----------------------

_HOOK = {"url": "https://hooks.example.com/prism", "event_types": ["directory.*"]}


def test_webhooks_read(scopes_world):
    w, scope = scopes_world, "webhooks:read"
    assert call(w, scope, _WEBHOOKS, "ListWebhooks").status_code == 200
    assert call(w, scope, _WEBHOOKS, "GetWebhook").status_code == 404
    _answers_unless_missing(call(w, scope, _WEBHOOKS, "ListWebhookDeliveries"))
    assert_insufficient_scope(call(w, scope, _WEBHOOKS, "CreateWebhook", json=_HOOK), "webhooks:write")
    assert_insufficient_scope(call(w, scope, _WEBHOOKS, "ListWebhooks", users=False), "admin:webhooks:read")


def test_webhooks_write(scopes_world):
    w, scope = scopes_world, "webhooks:write"
    _answers_unless_missing(call(w, scope, _WEBHOOKS, "CreateWebhook", json=_HOOK))
    _answers_unless_missing(call(w, scope, _WEBHOOKS, "UpdateWebhook", json=_HOOK))
    _answers_unless_missing(call(w, scope, _WEBHOOKS, "RedeliverWebhookDelivery"))
    assert call(w, scope, _WEBHOOKS, "DeleteWebhook").status_code == 404
    assert_insufficient_scope(call(w, scope, _WEBHOOKS, "ListWebhooks"), "webhooks:read")
    create = call(w, scope, _WEBHOOKS, "CreateWebhook", users=False, json=_HOOK)
    assert_insufficient_scope(create, "admin:webhooks:write")


def test_admin_webhooks_read(scopes_world):
    w, scope = scopes_world, "admin:webhooks:read"
    assert call(w, scope, _WEBHOOKS, "ListWebhooks", users=False).status_code == 200
    assert call(w, scope, _WEBHOOKS, "GetWebhook", users=False).status_code == 404
    create = call(w, scope, _WEBHOOKS, "CreateWebhook", users=False, json=_HOOK)
    assert_insufficient_scope(create, "admin:webhooks:write")
    assert_insufficient_scope(call(w, scope, _WEBHOOKS, "ListWebhooks"), "webhooks:read")


def test_admin_webhooks_write(scopes_world):
    w, scope = scopes_world, "admin:webhooks:write"
    _answers_unless_missing(call(w, scope, _WEBHOOKS, "CreateWebhook", users=False, json=_HOOK))
    _answers_unless_missing(call(w, scope, _WEBHOOKS, "UpdateWebhook", users=False, json=_HOOK))
    delete = call(w, scope, _WEBHOOKS, "DeleteWebhook", users=False)
    assert_insufficient_scope(delete, "admin:webhooks:delete")


def test_admin_webhooks_delete(scopes_world):
    w, scope = scopes_world, "admin:webhooks:delete"
    assert call(w, scope, _WEBHOOKS, "DeleteWebhook", users=False).status_code == 404
    list_ = call(w, scope, _WEBHOOKS, "ListWebhooks", users=False)
    assert_insufficient_scope(list_, "admin:webhooks:read")
