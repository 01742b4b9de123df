"""Bad input to the edge gets a clean 4xx JSON error, never a stack trace or a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.support.directory import create_org


def _assert_clean_error(response: httpx.Response, status: int, reason: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == status
    assert error["reason"] == reason
    assert error["message"]
    assert "Traceback" not in response.text and 'File "' not in response.text
    return error


@pytest.mark.parametrize("path", ["/nope", "/api/v1/nope", "/api/v1/organizations/org-1/nope/deeper", "/.env"])
def test_unknown_path_is_404_json(suite, path):
    response = httpx.get(f"{suite.base_url}{path}", timeout=10)
    error = _assert_clean_error(response, 404, "UNKNOWN_PATH")
    assert path in error["message"]


def test_malformed_json_is_400(suite):
    response = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        content=b'{"display_name": ',
        headers={"content-type": "application/json"},
        timeout=10,
    )
    error = _assert_clean_error(response, 400, "INVALID_ARGUMENT")
    assert "not valid JSON" in error["message"]


def test_json_that_is_not_an_object_is_400(suite):
    response = httpx.post(f"{suite.base_url}/api/v1/organizations", json=["a"], timeout=10)
    _assert_clean_error(response, 400, "INVALID_ARGUMENT")


def test_unknown_field_is_400_naming_the_field(suite):
    nested = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        json={"organization": {"display_name": "X", "colour": "red"}},
        timeout=10,
    )
    assert "colour" in _assert_clean_error(nested, 400, "INVALID_ARGUMENT")["message"]
    top = httpx.post(f"{suite.base_url}/api/v1/organizations", json={"colour": "red"}, timeout=10)
    assert _assert_clean_error(top, 400, "INVALID_ARGUMENT")["field"] == "colour"


def test_wrong_field_type_is_400(suite):
    response = httpx.post(
        f"{suite.base_url}/api/v1/organizations", json={"organization": {"display_name": {"a": 1}}}, timeout=10
    )
    _assert_clean_error(response, 400, "INVALID_ARGUMENT")


def test_oversized_body_is_413(suite):
    body = b'{"display_name": "' + b"a" * (2 * 1024 * 1024) + b'"}'
    response = httpx.post(
        f"{suite.base_url}/api/v1/organizations", content=body, headers={"content-type": "application/json"}, timeout=30
    )
    _assert_clean_error(response, 413, "PAYLOAD_TOO_LARGE")


def test_oversized_chunked_body_is_413(suite):
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    response = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        content=chunks(),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    _assert_clean_error(response, 413, "PAYLOAD_TOO_LARGE")


def test_wrong_content_type_is_415(suite):
    response = httpx.post(
        f"{suite.base_url}/api/v1/organizations",
        content=b"display_name=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
        timeout=10,
    )
    _assert_clean_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_wrong_method_is_405(suite):
    response = httpx.delete(f"{suite.base_url}/api/v1/organizations", timeout=10)
    error = _assert_clean_error(response, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in error["message"] and "POST" in error["message"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=ten", "page_size"),
        ("page_token=%%%", "page_token"),
        ("colour=red", "colour"),
        ("page_size=-1", "page_size"),
    ],
)
def test_bad_query_parameters_are_400(suite, query, field):
    admin = create_org(suite)
    response = httpx.get(
        f"{suite.base_url}/api/v1/organizations/{admin.slug}/projects?{query}", headers=admin.headers, timeout=10
    )
    error = _assert_clean_error(response, 400, "INVALID_ARGUMENT")
    assert error["field"] == field


def test_health_endpoints(suite):
    alive = httpx.get(f"{suite.base_url}/healthz", timeout=10)
    assert alive.status_code == 200 and alive.json() == {"status": "alive"}
    ready = httpx.get(f"{suite.base_url}/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
