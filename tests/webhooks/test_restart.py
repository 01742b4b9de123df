"""A pending delivery survives a restart of the webhooks component (the outbox is in its database)."""

from __future__ import annotations

import os
import signal

from tests.support.directory import create_org, login
from tests.support.oidc import add_user
from tests.webhooks.conftest import WEBHOOKS_ENV
from tests.webhooks.helpers import create_webhook, wait_for_delivery_log


def test_pending_delivery_survives_a_restart(start_prism, receiver):
    env = {**WEBHOOKS_ENV, "PRISM_WEBHOOKS_MAX_ATTEMPTS": "30", "PRISM_WEBHOOKS_RETRY_BASE_SECONDS": "0.5"}
    suite = start_prism(extra_env=env)
    admin = create_org(suite)
    receiver.down = True
    hook = create_webhook(suite, admin, f"organizations/{admin.slug}", receiver.url, ["gateway.login.succeeded"])
    name = hook["webhook"]["name"]
    username, password, user_id = add_user(suite, admin)
    login(suite, admin.slug, username, password)
    [pending] = wait_for_delivery_log(suite, admin, name, lambda d: d and d[0]["attempt_count"] >= 1)
    assert pending["state"] == "DELIVERY_STATE_PENDING"

    old_pid = suite.pid_of("webhooks")
    os.kill(old_pid, signal.SIGKILL)  # no graceful shutdown: whatever was in memory is gone
    suite.wait_until(lambda: _restarted(suite, old_pid), timeout=30, what="the webhooks component to restart")
    receiver.down = False

    [got] = receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), timeout=60, what="the delivery")
    assert got.json["actor"] == user_id and got.json["id"] == pending["event_id"]
    [done] = wait_for_delivery_log(suite, admin, name, lambda d: d and d[0]["state"] == "DELIVERY_STATE_SUCCEEDED")
    assert done["name"] == pending["name"]
    assert done["attempt_count"] > pending["attempt_count"]
    assert [a["status_code"] for a in done["attempts"]][-1] == 204
    assert set(a["status_code"] for a in done["attempts"][:-1]) == {503}
    assert len(receiver.delivered()) == 1  # delivered once, not once per process


def _restarted(suite, old_pid: int) -> bool:
    try:
        return suite.pid_of("webhooks") != old_pid and suite.ready()
    except (FileNotFoundError, ValueError):
        return False
