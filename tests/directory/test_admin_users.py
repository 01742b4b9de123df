"""Admins manage users: UpdateUser's fields and mask, the last enabled admin, external users of an
SSO provider, the password policy, and argon2 hashes brought up to date at sign-in."""

from __future__ import annotations

import functools
import json

from argon2 import PasswordHasher
from sqlalchemy import create_engine, text

from prism.runtime.database import sync_url
from tests.support.cli import prism_cli
from tests.support.directory import OrgAdmin, api, create_org, login

RESERVED = (
    "`prism` is reserved for Prism's own local (password) accounts; an SSO provider named so would make its "
    "users look local and force them into TOTP enrolment they cannot complete — choose another slug, e.g. "
    "`prism-saas`"
)


def _users(admin: OrgAdmin) -> str:
    return f"/api/v1/organizations/{admin.slug}/users"


def _create(suite, admin: OrgAdmin, **user):
    return api(suite, "POST", _users(admin), admin, json=user)


def _update(suite, admin: OrgAdmin, user_id: str, mask: str, **fields):
    return api(suite, "PATCH", f"{_users(admin)}/{user_id}", admin, params={"update_mask": mask}, json=fields)


def _error(answer) -> tuple[int, str, str]:
    error = answer.json()["error"]
    return answer.status_code, error["reason"], error.get("field", "")


def _login(suite, slug: str, username: str, password: str):
    return api(suite, "POST", "/api/v1/auth/login", json={"org": slug, "username": username, "password": password})


def test_update_changes_the_masked_fields_only(suite):
    admin = create_org(suite, "Update")
    created = _create(suite, admin, username="ann", password="ann-password", email="ann@example.com")
    assert created.status_code == 201, created.text
    ann = created.json()["user"]
    assert (ann["kind"], ann["provider"], ann["email_verified"], ann["disabled"]) == ("local", "prism", False, False)

    changed = _update(
        suite,
        admin,
        ann["user_id"],
        "email,display_name,role,password",
        email="ann@new.example.com",
        display_name="Ann Example",
        role="admin",
        password="ann-new-password",
        username="ignored-not-in-mask",
    )
    assert changed.status_code == 200, changed.text
    user = changed.json()["user"]
    assert "password" not in user
    assert {k: user[k] for k in ("username", "email", "display_name", "role", "email_verified", "disabled")} == {
        "username": "ann",
        "email": "ann@new.example.com",
        "display_name": "Ann Example",
        "role": "admin",
        "email_verified": False,
        "disabled": False,
    }
    assert api(suite, "GET", f"{_users(admin)}/{ann['user_id']}", admin).json()["user"] == {
        **user,
        "failed_sign_ins": 0,
    }
    assert _login(suite, admin.slug, "ann", "ann-new-password").status_code == 200
    assert _login(suite, admin.slug, "ann", "ann-password").status_code == 401

    untouched = _update(suite, admin, ann["user_id"], "display_name", display_name="Ann", email="x@example.com")
    assert untouched.json()["user"]["email"] == "ann@new.example.com"  # not in the mask: not changed

    events = api(suite, "GET", f"/api/v1/organizations/{admin.slug}/auditEvents", admin).json()["audit_events"]
    updated = [e for e in events if e["action"] == "directory.user.updated"]
    assert len(updated) == 2
    first = min(updated, key=lambda e: e["time"])
    assert first["details"] == {"fields": ["display_name", "email", "password", "role"], "role": "admin"}
    assert first["target"] == f"organizations/{admin.slug}/users/{ann['user_id']}"
    assert "ann-new-password" not in str(events)


def test_update_refuses_unknown_fields_and_bad_values(suite):
    admin = create_org(suite, "Refuse")
    user_id = _create(suite, admin, username="bea", password="bea-password").json()["user"]["user_id"]

    unknown = _update(suite, admin, user_id, "display_name,username,kind", username="x")
    assert _error(unknown) == (400, "INVALID_ARGUMENT", "update_mask")
    assert unknown.json()["error"]["message"].startswith(
        "update_mask names fields that cannot be changed: kind, username"
    )
    assert _error(_update(suite, admin, user_id, "")) == (400, "INVALID_ARGUMENT", "update_mask")
    assert _error(_update(suite, admin, user_id, "role", role="owner")) == (400, "INVALID_ARGUMENT", "user.role")
    assert _error(_update(suite, admin, user_id, "email", email="no-at-sign")) == (
        400,
        "INVALID_ARGUMENT",
        "user.email",
    )
    missing = _update(suite, admin, f"{'0' * 8}-0000-0000-0000-{'0' * 12}", "role", role="user")
    assert _error(missing) == (404, "NOT_FOUND", "user.name")

    # only admins of the same organization manage users
    bea, other = login(suite, admin.slug, "bea", "bea-password"), create_org(suite, "Other")
    for who in (bea, other):
        promote = api(
            suite, "PATCH", f"{_users(admin)}/{user_id}", who, params={"update_mask": "role"}, json={"role": "admin"}
        )
        assert promote.status_code == 403
        assert api(suite, "POST", f"{_users(admin)}/{user_id}:unlock", who, json={}).status_code == 403


def test_the_last_enabled_admin_stays_an_enabled_admin(suite):
    admin = create_org(suite, "Last")
    refused_demote = _update(suite, admin, admin.user_id, "role", role="user")
    assert _error(refused_demote) == (400, "FAILED_PRECONDITION", "user.role")
    assert "last enabled admin" in refused_demote.json()["error"]["message"]
    assert _error(_update(suite, admin, admin.user_id, "disabled", disabled=True)) == (
        400,
        "FAILED_PRECONDITION",
        "user.disabled",
    )

    second = _create(suite, admin, username="deputy", password="deputy-password", role="admin").json()["user"]
    assert _update(suite, admin, second["user_id"], "disabled", disabled=True).status_code == 200
    # a disabled admin is no admin to fall back on
    assert _error(_update(suite, admin, admin.user_id, "role", role="user"))[1] == "FAILED_PRECONDITION"
    assert api(suite, "DELETE", f"{_users(admin)}/{admin.user_id}", admin).status_code == 400
    assert api(suite, "DELETE", f"{_users(admin)}/{second['user_id']}", admin).status_code == 200  # deletable

    third = _create(suite, admin, username="heir", password="heir-password", role="admin").json()["user"]
    demoted = _update(suite, admin, admin.user_id, "role", role="user")
    assert demoted.status_code == 200 and demoted.json()["user"]["role"] == "user"
    # the heir is now the last enabled admin: not even the heir can step down (asked by the heir, an
    # admin; the demoted first admin's cached admin grant would last only PRISM_AUTHZ_GRANTS_CACHE_SECONDS)
    heir = OrgAdmin(
        admin.slug, "heir", "heir-password", third["user_id"], login(suite, admin.slug, "heir", "heir-password")
    )
    assert _error(_update(suite, heir, third["user_id"], "role", role="user"))[1] == "FAILED_PRECONDITION"


def test_external_users_belong_to_an_sso_provider_and_have_no_password(suite):
    admin = create_org(suite, "External")
    created = _create(suite, admin, username="eve", kind="external", provider="okta", email="eve@example.com")
    assert created.status_code == 201, created.text
    eve = created.json()["user"]
    assert (eve["kind"], eve["provider"]) == ("external", "okta")

    reserved = _create(suite, admin, username="mallory", kind="external", provider="prism")
    assert _error(reserved) == (400, "INVALID_ARGUMENT", "user.provider")
    assert reserved.json()["error"]["message"] == RESERVED
    for refused, field in (
        (
            _create(suite, admin, username="m2", kind="external", provider="okta", password="a-password"),
            "user.password",
        ),
        (_create(suite, admin, username="m3", kind="external"), "user.provider"),
        (_create(suite, admin, username="m4", kind="external", provider="Not A Slug"), "user.provider"),
        (_create(suite, admin, username="m5", kind="robot", password="a-password"), "user.kind"),
        (_create(suite, admin, username="m6", provider="okta", password="a-password"), "user.provider"),
    ):
        assert _error(refused) == (400, "INVALID_ARGUMENT", field), refused.text

    no_password = _update(suite, admin, eve["user_id"], "password", password="eve-password")
    assert _error(no_password) == (400, "FAILED_PRECONDITION", "user.password")
    wrong = _login(suite, admin.slug, "eve", "any-password-at-all")
    assert wrong.status_code == 401
    assert wrong.json()["error"]["message"] == "invalid organization, username or password"
    listed = api(suite, "GET", _users(admin), admin).json()["users"]
    assert {u["username"]: u["provider"] for u in listed} == {"admin": "prism", "eve": "okta"}


def test_password_policy_is_8_to_1024_characters(suite):
    admin = create_org(suite, "Policy")
    for password, field_or_none in (("x" * 7, "user.password"), ("x" * 1025, "user.password"), ("", "user.password")):
        assert _error(_create(suite, admin, username="short", password=password)) == (
            400,
            "INVALID_ARGUMENT",
            field_or_none,
        )
    assert _create(suite, admin, username="eight", password="x" * 8).status_code == 201
    long = _create(suite, admin, username="long", password="y" * 1024)
    assert long.status_code == 201
    user_id = long.json()["user"]["user_id"]
    assert _error(_update(suite, admin, user_id, "password", password="z" * 7)) == (
        400,
        "INVALID_ARGUMENT",
        "user.password",
    )
    assert _error(_update(suite, admin, user_id, "password", password="z" * 1025))[2] == "user.password"
    assert _login(suite, admin.slug, "long", "y" * 1024).status_code == 200


def _directory_engine(suite):
    url = suite.env.get("PRISM_DATABASE_URL") or f"sqlite:///{suite.data_dir / 'directory.sqlite3'}"
    return create_engine(sync_url(url))


def test_a_weak_hash_is_rehashed_at_sign_in(suite):
    admin = create_org(suite, "Rehash")
    user_id = _create(suite, admin, username="old", password="old-password").json()["user"]["user_id"]
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("old-password")
    engine = _directory_engine(suite)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE directory_users SET password_hash = :hash WHERE id = :id"), {"hash": weak, "id": user_id}
            )
        assert _login(suite, admin.slug, "old", "old-password").status_code == 200
        with engine.connect() as connection:
            stored = connection.execute(
                text("SELECT password_hash FROM directory_users WHERE id = :id"), {"id": user_id}
            ).scalar_one()
    finally:
        engine.dispose()
    current = PasswordHasher()
    assert stored != weak and stored.startswith("$argon2id$")
    assert not current.check_needs_rehash(stored) and current.verify(stored, "old-password")
    assert _login(suite, admin.slug, "old", "old-password").status_code == 200


def test_cli_creates_external_users_and_updates_users(suite, tmp_path):
    admin = create_org(suite, "Cli Users")
    run = functools.partial(prism_cli, suite, tmp_path)
    logged_in = run("auth", "login", "--org", admin.slug, "--username", "admin", "--password", admin.password)
    assert logged_in.returncode == 0, logged_in.stderr

    external = run("--output", "json", "users", "create", "--username", "sso-sam", "--external", "--provider", "okta")
    assert external.returncode == 0, external.stderr
    assert {k: json.loads(external.stdout)[k] for k in ("kind", "provider")} == {"kind": "external", "provider": "okta"}
    reserved = run("users", "create", "--username", "sso-pat", "--external", "--provider", "prism")
    assert reserved.returncode == 1
    assert reserved.stderr == f"error: {RESERVED} (field: user.provider)\n"
    assert run("users", "create", "--username", "x", "--external").returncode == 2  # --provider is required

    local = run("--output", "json", "users", "create", "--username", "dan", "--password", "dan-password")
    assert local.returncode == 0, local.stderr
    updated = run(
        "--output", "json", "users", "update", "dan", "--display-name", "Dan D.", "--role", "admin", "--disable"
    )
    assert updated.returncode == 0, updated.stderr
    user = json.loads(updated.stdout)
    assert (user["display_name"], user["role"], user["disabled"]) == ("Dan D.", "admin", True)
    enabled = run("users", "update", json.loads(local.stdout)["user_id"], "--enable", "--password", "dan-password-2")
    assert enabled.returncode == 0, enabled.stderr
    assert _login(suite, admin.slug, "dan", "dan-password-2").status_code == 200
    assert run("users", "update", "dan").returncode == 2  # nothing to change
