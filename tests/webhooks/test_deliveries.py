"""Deliveries (issue 11): a login event reaches a receiver signed; failures are retried with backoff,
recorded in the delivery log, given up after the configured attempts, and can be redelivered."""

from __future__ import annotations

import json
import time

from tests.support.directory import create_org, login
from tests.support.oidc import add_user
from tests.webhooks.helpers import create_webhook, deliveries, signature_is_valid, wait_for_delivery_log


def test_login_event_is_delivered_signed(webhooks_suite, receiver):
    suite = webhooks_suite
    admin = create_org(suite)
    created = create_webhook(suite, admin, f"organizations/{admin.slug}", receiver.url, ["gateway.login.succeeded"])
    secret, webhook = created["signing_secret"], created["webhook"]
    assert secret.startswith("whsec_") and len(secret) > 40
    assert webhook["active"] is True and webhook["event_types"] == ["gateway.login.succeeded"]
    assert webhook["name"].startswith(f"organizations/{admin.slug}/webhooks/")

    username, password, user_id = add_user(suite, admin)
    login(suite, admin.slug, username, password)

    [got] = receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), what="the login event")
    assert got.path == "/hook"
    assert got.headers["content-type"] == "application/json"
    assert signature_is_valid(secret, got.headers, got.body)
    assert not signature_is_valid("whsec_wrong", got.headers, got.body)
    assert abs(int(got.headers["prism-webhook-timestamp"]) - time.time()) < 60
    event = got.json
    assert set(event) == {"id", "type", "occurred_at", "organization", "actor", "target", "outcome", "details"}
    assert event["type"] == "gateway.login.succeeded"
    assert event["organization"] == admin.slug
    assert event["actor"] == user_id
    assert event["outcome"] == "success"
    assert event["occurred_at"].endswith("Z")
    assert password not in got.body.decode()  # the user's password never travels

    # the secret is shown once: never by Get or List
    got_again = webhooks_get(suite, admin, webhook["name"])
    assert "signing_secret" not in got_again and secret not in json.dumps(got_again)

    log = wait_for_delivery_log(
        suite, admin, webhook["name"], lambda d: d and d[0]["state"] == "DELIVERY_STATE_SUCCEEDED"
    )
    [delivery] = log
    assert delivery["event_id"] == event["id"]
    assert delivery["name"].split("/")[-1] == got.headers["prism-webhook-id"]
    assert delivery["attempt_count"] == 1
    assert delivery["attempts"][0]["status_code"] == 204
    assert "error" not in delivery["attempts"][0] or not delivery["attempts"][0]["error"]
    # the admin's own login (event type not subscribed: gateway.login.started) was not delivered
    assert all(r.json["type"] == "gateway.login.succeeded" for r in receiver.delivered())


def webhooks_get(suite, who, name: str) -> dict:
    from tests.support.directory import api

    response = api(suite, "GET", f"/api/v1/{name}", who)
    assert response.status_code == 200, response.text
    return response.json()


def test_failing_receiver_gets_retries_and_the_log_shows_them(webhooks_suite, receiver):
    suite = webhooks_suite
    admin = create_org(suite)
    receiver.fail_next = 3
    created = create_webhook(suite, admin, f"organizations/{admin.slug}", receiver.url, ["gateway.login.*"])
    username, password, user_id = add_user(suite, admin)
    login(suite, admin.slug, username, password)

    receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), what="the retried delivery")
    log = wait_for_delivery_log(
        suite,
        admin,
        created["webhook"]["name"],
        lambda d: d and all(x["state"] == "DELIVERY_STATE_SUCCEEDED" for x in d),
    )
    attempts = sorted((a for d in log for a in d["attempts"]), key=lambda a: a["attempt_time"])
    assert [a["status_code"] for a in attempts][:3] == [500, 500, 500]
    assert [a.get("error", "") for a in attempts][:3] == ["the receiver answered HTTP 500"] * 3
    retried = [d for d in log if d["attempt_count"] > 1]
    assert retried, log
    for d in retried:
        times = [a["attempt_time"] for a in d["attempts"]]
        assert times == sorted(times) and d["attempts"][-1]["status_code"] == 204
    assert receiver.answered.count(500) == 3


def test_a_receiver_that_keeps_failing_is_given_up_then_redelivered(webhooks_suite, receiver):
    suite = webhooks_suite
    admin = create_org(suite)
    receiver.down = True
    created = create_webhook(suite, admin, f"organizations/{admin.slug}", receiver.url, ["gateway.login.succeeded"])
    name = created["webhook"]["name"]
    username, password, _ = add_user(suite, admin)
    login(suite, admin.slug, username, password)

    [failed] = wait_for_delivery_log(suite, admin, name, lambda d: d and d[0]["state"] == "DELIVERY_STATE_FAILED")
    assert failed["attempt_count"] == 4  # PRISM_WEBHOOKS_MAX_ATTEMPTS
    assert [a["status_code"] for a in failed["attempts"]] == [503] * 4
    gaps = [b - a for a, b in zip(_seconds(failed["attempts"]), _seconds(failed["attempts"])[1:], strict=False)]
    assert gaps[2] > gaps[0]  # the delay grows
    assert "next_attempt_time" not in failed and failed.get("complete_time")

    receiver.down = False
    from tests.support.directory import api

    again = api(suite, "POST", f"/api/v1/{failed['name']}:redeliver", admin, json={})
    assert again.status_code == 200, again.text
    assert again.json()["webhook_delivery"]["state"] == "DELIVERY_STATE_PENDING"
    receiver.wait_for(lambda: receiver.delivered("gateway.login.succeeded"), what="the redelivery")
    [done] = wait_for_delivery_log(suite, admin, name, lambda d: d and d[0]["state"] == "DELIVERY_STATE_SUCCEEDED")
    assert done["attempt_count"] == 5 and done["attempts"][-1]["status_code"] == 204


def _seconds(attempts: list[dict]) -> list[float]:
    from datetime import datetime

    return [datetime.fromisoformat(a["attempt_time"].replace("Z", "+00:00")).timestamp() for a in attempts]


def test_inactive_webhook_gets_nothing(webhooks_suite, receiver):
    suite = webhooks_suite
    admin = create_org(suite)
    created = create_webhook(
        suite, admin, f"organizations/{admin.slug}", receiver.url, ["gateway.login.succeeded"], active=False
    )
    assert created["webhook"]["active"] is False
    username, password, _ = add_user(suite, admin)
    login(suite, admin.slug, username, password)
    time.sleep(1.5)
    assert receiver.delivered() == []
    assert deliveries(suite, admin, created["webhook"]["name"]) == []
