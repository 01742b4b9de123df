"""`prism webhooks ...` against the running suite: create (secret once), list, deliveries, delete."""

from __future__ import annotations

import json

from tests.support.cli import prism_cli
from tests.support.directory import create_org
from tests.support.oidc import add_user


def test_webhooks_commands(webhooks_suite, receiver, tmp_path):
    suite = webhooks_suite
    admin = create_org(suite)

    def run(*args: str) -> str:
        result = prism_cli(suite, tmp_path, *args)
        assert result.returncode == 0, f"{args}\n{result.stderr}"
        return result.stdout

    run("auth", "login", "--org", admin.slug, "--username", admin.username, "--password", admin.password)
    created = json.loads(run("-o", "json", "webhooks", "create", "--url", receiver.url, "--event", "gateway.login.*"))
    assert created["signing_secret"].startswith("whsec_")
    webhook_id = created["webhook"]["name"].rsplit("/", 1)[1]
    listed = json.loads(run("-o", "json", "webhooks", "list"))
    assert [w["name"] for w in listed["webhooks"]] == [created["webhook"]["name"]]
    assert "whsec_" not in run("webhooks", "get", webhook_id)

    username, password, _ = add_user(suite, admin)
    run("--profile", "user", "auth", "login", "--org", admin.slug, "--username", username, "--password", password)
    receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), what="the login event")
    log = json.loads(run("-o", "json", "webhooks", "deliveries", webhook_id))["webhook_deliveries"]
    assert any(d["event_type"] == "gateway.login.succeeded" for d in log)

    # the user's own webhooks (--mine); the user may not touch the organization's
    mine = json.loads(
        run("--profile", "user", "-o", "json", "webhooks", "create", "--mine", "--url", receiver.url, "--event", "*")
    )
    assert "/users/" in mine["webhook"]["name"]
    refused = prism_cli(suite, tmp_path, "--profile", "user", "webhooks", "list")
    assert refused.returncode == 1 and "admin" in refused.stderr
    bad = prism_cli(suite, tmp_path, "webhooks", "create", "--url", "https://10.0.0.1/x", "--event", "*")
    assert bad.returncode == 1 and "private or local address" in bad.stderr and "Traceback" not in bad.stderr

    run("webhooks", "delete", webhook_id)
    assert json.loads(run("-o", "json", "webhooks", "list")).get("webhooks", []) == []
