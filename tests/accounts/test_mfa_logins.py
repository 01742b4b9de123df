"""MFA_FORCE_LOCAL at the API and the CLI: enrolment on first login, a code on later ones (spec 001).

The suite here runs with the product's default (MFA on); every other suite turns it off so that
their tests can sign in with a password alone.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support import mfa
from tests.support.directory import api


def test_first_login_enrols_and_later_logins_ask_for_the_code(mfa_suite):
    admin = mfa.create_enrolled_org(mfa_suite)
    me = api(mfa_suite, "GET", f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}", admin.token)
    assert me.status_code == 200, me.text  # the token of the enrolment works

    second = mfa.login(mfa_suite, admin.slug, admin.username, admin.password)
    assert second.status_code == 200
    challenge = second.json()["mfa"]
    assert challenge["enroll"] is False and challenge["secret"] == "" and challenge["otpauth_uri"] == ""
    wrong = mfa.finish(mfa_suite, challenge["ticket"], "000000" if mfa.code(admin.secret) != "000000" else "111111")
    assert wrong.status_code == 401 and "code is not valid" in wrong.json()["error"]["message"]
    right = mfa.finish(mfa_suite, challenge["ticket"], mfa.code(admin.secret, 1))  # the step after the enrolment
    assert right.status_code == 200, right.text
    claims = right.json()["token"]
    assert claims["subject"] == admin.user_id and claims["organization"] == admin.slug
    again = mfa.finish(mfa_suite, challenge["ticket"], mfa.code(admin.secret, 1))  # refused anyway: ticket used
    assert again.status_code == 401 and again.json()["error"]["reason"] == "MFA_TICKET_ENDED"  # used once


def test_a_code_is_accepted_once(mfa_suite):
    mfa.settle()  # the replays below must fall in the same steps as the codes they replay
    admin = mfa.create_enrolled_org(mfa_suite, step=-1)  # enrolled with the previous step's code
    ticket = mfa.login(mfa_suite, admin.slug, admin.username, admin.password).json()["mfa"]["ticket"]
    replay = mfa.finish(mfa_suite, ticket, mfa.code(admin.secret, -1))
    assert replay.status_code == 401 and replay.json()["error"]["reason"] == "TOTP_CODE_REUSED"
    assert mfa.finish(mfa_suite, ticket, mfa.code(admin.secret)).status_code == 200
    # --totp for scripts: one call, the next step's code; the same code again is refused
    scripted = mfa.login(mfa_suite, admin.slug, admin.username, admin.password, totp=mfa.code(admin.secret, 1))
    assert scripted.status_code == 200 and "access_token" in scripted.json()["token"], scripted.text
    replayed = mfa.login(mfa_suite, admin.slug, admin.username, admin.password, totp=mfa.code(admin.secret, 1))
    assert replayed.status_code == 401


def test_enrolment_needs_the_password_again_and_a_ticket_dies_after_five_wrong_codes(mfa_suite):
    created = api(
        mfa_suite,
        "POST",
        "/api/v1/organizations",
        json={"organization": {"display_name": "Mfa Strict"}, "admin_username": "admin", "admin_password": "password1"},
    )
    slug = created.json()["organization"]["slug"]
    first = mfa.login(mfa_suite, slug, "admin", "password1").json()["mfa"]
    secret = first["secret"]
    assert first["otpauth_uri"].startswith("otpauth://totp/") and f"secret={secret}" in first["otpauth_uri"]
    no_password = mfa.finish(mfa_suite, first["ticket"], mfa.code(secret))
    assert no_password.status_code == 401 and no_password.json()["error"]["reason"] == "PASSWORD_REQUIRED"
    wrong_password = mfa.finish(mfa_suite, first["ticket"], mfa.code(secret), "not-the-password")
    assert wrong_password.status_code == 401
    # the same pending secret is offered until it is confirmed (a person who scanned it keeps it)
    assert mfa.login(mfa_suite, slug, "admin", "password1").json()["mfa"]["secret"] == secret
    ticket = mfa.login(mfa_suite, slug, "admin", "password1").json()["mfa"]["ticket"]
    for _ in range(4):
        assert mfa.finish(mfa_suite, ticket, "000000", "password1").status_code == 401
    fifth = mfa.finish(mfa_suite, ticket, "000000", "password1")
    assert fifth.status_code == 401
    sixth = mfa.finish(mfa_suite, ticket, mfa.code(secret), "password1")
    assert sixth.status_code == 401 and sixth.json()["error"]["reason"] == "MFA_TICKET_ENDED"
    # --totp before any enrolment says what to do
    scripted = mfa.login(mfa_suite, slug, "admin", "password1", totp=mfa.code(secret))
    assert scripted.status_code == 400 and "prism auth login" in scripted.json()["error"]["message"]


def test_admin_resets_a_lost_authenticator(mfa_suite):
    admin = mfa.create_enrolled_org(mfa_suite)
    created = api(
        mfa_suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/users",
        admin.token,
        json={"username": "lost", "password": "password-of-lost"},
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["user"]["user_id"]
    first = mfa.login(mfa_suite, admin.slug, "lost", "password-of-lost").json()["mfa"]
    assert mfa.finish(mfa_suite, first["ticket"], mfa.code(first["secret"]), "password-of-lost").status_code == 200
    assert mfa.login(mfa_suite, admin.slug, "lost", "password-of-lost").json()["mfa"]["enroll"] is False

    path = f"/api/v1/organizations/{admin.slug}/users/{user_id}:resetMfa"
    user_token = mfa.finish(
        mfa_suite,
        mfa.login(mfa_suite, admin.slug, "lost", "password-of-lost").json()["mfa"]["ticket"],
        mfa.code(first["secret"], 1),
    ).json()["token"]["access_token"]
    assert api(mfa_suite, "POST", path, user_token, json={}).status_code == 403  # not their own admin
    reset = api(mfa_suite, "POST", path, admin.token, json={})
    assert reset.status_code == 200 and reset.json()["removed"] == 1
    again = mfa.login(mfa_suite, admin.slug, "lost", "password-of-lost").json()["mfa"]
    assert again["enroll"] is True and again["secret"] != first["secret"]


def test_cli_login_enrols_in_the_terminal_then_asks_for_the_code(mfa_suite, tmp_path):
    created = api(
        mfa_suite,
        "POST",
        "/api/v1/organizations",
        json={"organization": {"display_name": "Cli Mfa"}, "admin_username": "admin1", "admin_password": "password1"},
    )
    slug = created.json()["organization"]["slug"]
    mfa.settle()  # steps -1, 0 and +1 below are three codes the server takes, in this order
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = [sys.executable, "-m", "prism", "--server", mfa_suite.base_url, "auth", "login", "--org", slug]
    command += ["--username", "admin1", "--password", "password1"]
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    shown = ""
    while "Authentication code" not in shown:
        character = process.stderr.read(1)
        assert character, f"the CLI ended before asking for the code: {shown}"
        shown += character
    assert "Scan this QR code" in shown
    assert any(block in shown for block in "▀▄█")  # a QR code drawn in text
    secret = mfa.secret_of(shown)
    out, err = process.communicate(mfa.code(secret, -1) + "\n", timeout=60)
    assert process.returncode == 0, shown + err
    assert f"logged in to {slug} as admin1" in out

    scripted = subprocess.run(
        [*command, "--totp", mfa.code(secret)], env=env, capture_output=True, text=True, timeout=60
    )
    assert scripted.returncode == 0, scripted.stderr
    typed = mfa.code(secret, 1) + "\n"
    prompted = subprocess.run(command, env=env, input=typed, capture_output=True, text=True, timeout=60)
    assert prompted.returncode == 0, prompted.stderr
    assert "Scan this QR code" not in prompted.stderr and "Authentication code" in prompted.stderr
    identity = subprocess.run(
        [sys.executable, "-m", "prism", "-o", "json", "auth", "caller-identity"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert identity.returncode == 0 and f'"organization": "{slug}"' in identity.stdout, identity.stdout

    made = subprocess.run(
        [sys.executable, "-m", "prism", "-o", "json", "auth", "backup-codes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    assert len(json.loads(made.stdout)["codes"]) == 10

    # the admin's recovery action from the CLI: the authenticator is gone, the next login enrols again
    reset = subprocess.run(
        [sys.executable, "-m", "prism", "--server", mfa_suite.base_url, "users", "reset-mfa", "admin1", "--org", slug],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert reset.returncode == 0, reset.stderr
    enrols = subprocess.run(command, env=env, input="000000\n", capture_output=True, text=True, timeout=60)
    assert "Scan this QR code" in enrols.stderr and mfa.secret_of(enrols.stderr) != secret


def test_backup_codes_stand_in_for_the_authenticator_once_each(mfa_suite):
    admin = mfa.create_enrolled_org(mfa_suite)
    name = f"/api/v1/organizations/{admin.slug}/users/{admin.user_id}"
    factors = api(mfa_suite, "GET", f"{name}/factors", admin.token).json()
    assert factors == {"totp_enrolled": True, "backup_codes_remaining": 0, "passkeys": 0}
    made = api(mfa_suite, "POST", f"{name}:regenerateBackupCodes", admin.token, json={})
    assert made.status_code == 200, made.text
    codes = made.json()["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10 and all(len(c) == 11 and c[5] == "-" for c in codes)
    assert api(mfa_suite, "GET", f"{name}/factors", admin.token).json()["backup_codes_remaining"] == 10

    ticket = mfa.login(mfa_suite, admin.slug, admin.username, admin.password).json()["mfa"]["ticket"]
    used = mfa.finish(mfa_suite, ticket, codes[0].upper())  # case and dash do not matter
    assert used.status_code == 200, used.text
    ticket = mfa.login(mfa_suite, admin.slug, admin.username, admin.password).json()["mfa"]["ticket"]
    again = mfa.finish(mfa_suite, ticket, codes[0])
    assert again.status_code == 401 and again.json()["error"]["reason"] == "BAD_BACKUP_CODE"  # once each
    scripted = mfa.login(mfa_suite, admin.slug, admin.username, admin.password, totp=codes[1])
    assert scripted.status_code == 200 and scripted.json()["token"]["access_token"]
    assert api(mfa_suite, "GET", f"{name}/factors", admin.token).json()["backup_codes_remaining"] == 8

    # new codes replace the old ones; only the account itself may make them; a reset removes them
    fresh = api(mfa_suite, "POST", f"{name}:regenerateBackupCodes", admin.token, json={}).json()["codes"]
    ticket = mfa.login(mfa_suite, admin.slug, admin.username, admin.password).json()["mfa"]["ticket"]
    assert mfa.finish(mfa_suite, ticket, codes[2]).status_code == 401
    created = api(
        mfa_suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/users",
        admin.token,
        json={"username": "colleague", "password": "password-of-colleague"},
    )
    other = created.json()["user"]["user_id"]
    elsewhere = api(
        mfa_suite,
        "POST",
        f"/api/v1/organizations/{admin.slug}/users/{other}:regenerateBackupCodes",
        admin.token,
        json={},
    )
    assert elsewhere.status_code == 403  # not even an admin makes codes for someone else
    reset = api(mfa_suite, "POST", f"{name}:resetMfa", admin.token, json={})
    assert reset.status_code == 200 and reset.json()["removed"] == 11  # the authenticator and ten codes
    assert api(mfa_suite, "GET", f"{name}/factors", admin.token).json() == {
        "totp_enrolled": False,
        "backup_codes_remaining": 0,
        "passkeys": 0,
    }
    enrol = mfa.login(mfa_suite, admin.slug, admin.username, admin.password).json()["mfa"]
    assert enrol["enroll"] is True
    assert mfa.finish(mfa_suite, enrol["ticket"], fresh[0], admin.password).status_code == 401  # gone
