"""Site settings: platform admins only; defaults for what was never set; validated updates naming the
field; the captcha secret is write only; `prism site-settings get|set` from the terminal."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import prism_cli
from tests.support.databases import database_url
from tests.support.directory import api, create_org, login
from tests.support.suite import start_suite

PATH = "/api/v1/siteSettings"
DEFAULTS = {
    "name": "siteSettings",
    "sudo_mode_ttl_minutes": 15,
    "require_captcha_for_2fa": False,
    "captcha_provider": "none",
    "captcha_site_key": "",
    "captcha_secret_key_set": False,
    "captcha_verify_url": "",
    "pow_difficulty": 18,
    "invitation_ttl_hours": 168,
    "anonymous_sessions_enabled": True,
}


@pytest.fixture(scope="module")
def platform(backend, tmp_path_factory):
    """A suite with a platform organization, and a token of its admin (a platform admin)."""
    directory = tmp_path_factory.mktemp(f"site-settings-{backend}")
    with database_url(backend, directory) as url:
        running = start_suite(directory, database_url=url, extra_env={"PRISM_PLATFORM_ORGANIZATION": "platform"})
        body = {
            "organization": {"display_name": "Platform"},
            "admin_username": "root",
            "admin_password": "root-password",
        }
        assert api(running, "POST", "/api/v1/organizations", json=body).status_code == 201
        yield running, login(running, "platform", "root", "root-password")
        running.stop()


def _patch(suite, token: str, **settings):
    return api(suite, "PATCH", PATH, token, params={"update_mask": ",".join(settings)}, json=settings)


def test_defaults_until_changed(platform):
    suite, root = platform
    answer = api(suite, "GET", PATH, root)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"settings": DEFAULTS}  # no update_time: nothing was ever set


def test_update_changes_the_masked_settings_and_hides_the_secret(platform):
    suite, root = platform
    changed = _patch(
        suite,
        root,
        sudo_mode_ttl_minutes=0,
        require_captcha_for_2fa=True,
        captcha_provider="turnstile",
        captcha_site_key="0x4AAAA-site",
        captcha_secret_key="0x4AAAA-very-secret",
        captcha_verify_url="https://captcha.example.com/siteverify",
        invitation_ttl_hours=24,
    )
    assert changed.status_code == 200, changed.text
    settings = changed.json()["settings"]
    assert "captcha_secret_key" not in settings and "0x4AAAA-very-secret" not in changed.text
    expected = {
        **DEFAULTS,
        "sudo_mode_ttl_minutes": 0,
        "require_captcha_for_2fa": True,
        "captcha_provider": "turnstile",
        "captcha_site_key": "0x4AAAA-site",
        "captcha_secret_key_set": True,
        "captcha_verify_url": "https://captcha.example.com/siteverify",
        "invitation_ttl_hours": 24,
    }
    assert {k: v for k, v in settings.items() if k != "update_time"} == expected
    assert settings["update_time"].endswith("Z")
    assert api(suite, "GET", PATH, root).json() == {"settings": settings}

    # a field that is not in the mask keeps its value, whatever the body says
    partial = api(
        suite,
        "PATCH",
        PATH,
        root,
        params={"update_mask": "powDifficulty"},
        json={"pow_difficulty": 20, "sudo_mode_ttl_minutes": 99},
    )
    assert partial.status_code == 200, partial.text
    assert partial.json()["settings"]["pow_difficulty"] == 20
    assert partial.json()["settings"]["sudo_mode_ttl_minutes"] == 0

    # clearing the secret
    cleared = _patch(suite, root, captcha_secret_key="")
    assert cleared.json()["settings"]["captcha_secret_key_set"] is False

    events = api(suite, "GET", "/api/v1/organizations/-/auditEvents", root).json()["audit_events"]
    updates = sorted((e for e in events if e["action"] == "directory.site_settings.updated"), key=lambda e: e["time"])
    assert [e["details"]["fields"] for e in updates][:3] == [
        [
            "captcha_provider",
            "captcha_secret_key",
            "captcha_site_key",
            "captcha_verify_url",
            "invitation_ttl_hours",
            "require_captcha_for_2fa",
            "sudo_mode_ttl_minutes",
        ],
        ["pow_difficulty"],
        ["captcha_secret_key"],
    ]
    assert all(e["target"] == "siteSettings" and not e.get("organization") for e in updates)  # a platform event
    assert "0x4AAAA-very-secret" not in json.dumps(events) and "0x4AAAA-very-secret" not in suite.logs()


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("sudo_mode_ttl_minutes", -1),
        ("sudo_mode_ttl_minutes", 1441),
        ("captcha_provider", "captcha-co"),
        ("pow_difficulty", 7),
        ("pow_difficulty", 29),
        ("invitation_ttl_hours", 0),
        ("invitation_ttl_hours", 8761),
        ("captcha_verify_url", "ftp://captcha.example.com/verify"),
        ("captcha_verify_url", "not a url"),
        ("captcha_site_key", "k" * 1001),
    ],
)
def test_invalid_values_are_refused_naming_the_field(platform, setting, value):
    suite, root = platform
    before = api(suite, "GET", PATH, root).json()
    refused = _patch(suite, root, **{setting: value})
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert (error["reason"], error["field"]) == ("INVALID_ARGUMENT", f"settings.{setting}")
    assert setting in error["message"]
    assert api(suite, "GET", PATH, root).json() == before


def test_unknown_settings_in_the_mask_are_refused(platform):
    suite, root = platform
    refused = api(
        suite, "PATCH", PATH, root, params={"update_mask": "sudo_mode_ttl_minutes,captcha_secret_key_set"}, json={}
    )
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["field"] == "update_mask" and "captcha_secret_key_set" in error["message"]
    assert api(suite, "PATCH", PATH, root, json={}).json()["error"]["field"] == "update_mask"  # an empty mask


def test_only_platform_admins(platform):
    suite, root = platform
    tenant = create_org(suite, "Tenant")  # an admin, of an ordinary organization
    created = api(
        suite,
        "POST",
        "/api/v1/organizations/platform/users",
        root,
        json={"username": "staff", "password": "staff-password"},
    )
    assert created.status_code == 201, created.text
    staff = login(suite, "platform", "staff", "staff-password")  # in the platform organization, but no admin
    for who in (tenant.token, staff):
        for answer in (api(suite, "GET", PATH, who), _patch(suite, who, pow_difficulty=10)):
            assert answer.status_code == 403, answer.text
            assert answer.json()["error"]["status"] == "PERMISSION_DENIED"
    assert api(suite, "GET", PATH).status_code == 401
    assert api(suite, "GET", PATH, root).json()["settings"]["pow_difficulty"] != 10


def test_cli_get_and_set(platform, tmp_path):
    suite, _ = platform
    logged_in = prism_cli(
        suite, tmp_path, "auth", "login", "--org", "platform", "--username", "root", "--password", "root-password"
    )
    assert logged_in.returncode == 0, logged_in.stderr

    changed = prism_cli(
        suite,
        tmp_path,
        "--output",
        "json",
        "site-settings",
        "set",
        "anonymous-sessions-enabled=false",
        "invitation_ttl_hours=72",
    )
    assert changed.returncode == 0, changed.stderr
    settings = json.loads(changed.stdout)
    assert settings["anonymous_sessions_enabled"] is False and settings["invitation_ttl_hours"] == 72

    shown = prism_cli(suite, tmp_path, "site-settings", "get")
    assert shown.returncode == 0, shown.stderr
    lines = {k: v.strip() for k, _, v in (line.partition(" ") for line in shown.stdout.strip().splitlines())}
    assert lines["anonymous_sessions_enabled"] == "False" and lines["invitation_ttl_hours"] == "72"
    assert "captcha_secret_key " not in shown.stdout

    refused = prism_cli(suite, tmp_path, "site-settings", "set", "pow_difficulty=99")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "error: pow_difficulty must be between 8 and 28 (field: settings.pow_difficulty)"
    typo = prism_cli(suite, tmp_path, "site-settings", "set", "pow_dificulty=10")
    assert typo.returncode == 2 and "unknown setting 'pow_dificulty'" in typo.stderr
    not_a_number = prism_cli(suite, tmp_path, "site-settings", "set", "pow_difficulty=many")
    assert not_a_number.returncode == 2 and "takes a whole number" in not_a_number.stderr

    stepup = prism_cli(suite, tmp_path, "--output", "json", "stepup", "settings", "set", "sudo_mode_ttl_minutes=0")
    assert stepup.returncode == 0, stepup.stderr
    assert json.loads(stepup.stdout)["sudo_mode_ttl_minutes"] == 0
    shown = json.loads(prism_cli(suite, tmp_path, "--output", "json", "stepup", "settings", "get").stdout)
    assert shown["sudo_mode_ttl_minutes"] == 0 and "invitation_ttl_hours" not in shown
    outside = prism_cli(suite, tmp_path, "stepup", "settings", "set", "invitation_ttl_hours=5")
    assert outside.returncode == 2 and "not a step-up setting" in outside.stderr
