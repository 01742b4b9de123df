"""Webhook calls through the REST API, and an independent check of the signature."""

from __future__ import annotations

import hashlib
import hmac
import time

from tests.support.directory import api


def create_webhook(suite, who, parent: str, url: str, event_types: list[str], **fields) -> dict:
    body = {"url": url, "event_types": event_types, **fields}
    response = api(suite, "POST", f"/api/v1/{parent}/webhooks", who, json=body)
    assert response.status_code == 201, response.text
    return response.json()


def deliveries(suite, who, webhook_name: str) -> list[dict]:
    response = api(suite, "GET", f"/api/v1/{webhook_name}/deliveries", who)
    assert response.status_code == 200, response.text
    return response.json().get("webhook_deliveries", [])


def wait_for_delivery_log(suite, who, webhook_name: str, predicate, timeout: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + timeout
    found: list[dict] = []
    while time.monotonic() < deadline:
        found = deliveries(suite, who, webhook_name)
        if predicate(found):
            return found
        time.sleep(0.1)
    raise AssertionError(f"the delivery log never reached the expected state: {found}")


def signature_is_valid(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """What a receiver does (README.md, "Webhooks"), written here without Prism's code."""
    timestamp = headers["prism-webhook-timestamp"]
    expected = "v1=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, headers["prism-webhook-signature"])
