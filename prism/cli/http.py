"""The CLI's HTTP client for the management API, with errors turned into one clear line."""

from __future__ import annotations

import os

import httpx

from prism.cli.output import CliError

DEFAULT_SERVER = "http://127.0.0.1:8080"


def server_url(explicit: str | None) -> str:
    return (explicit or os.environ.get("PRISM_SERVER") or DEFAULT_SERVER).rstrip("/")


class ApiClient:
    def __init__(self, server: str, token: str | None = None, timeout: float = 30.0) -> None:
        self.server = server
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.Client(base_url=server, headers=headers, timeout=timeout)

    def request(self, method: str, path: str, **kwargs) -> dict:
        try:
            response = self._client.request(method, path, **kwargs)
        except httpx.ConnectError:
            raise CliError(f"cannot reach Prism at {self.server}; is `prism serve` running?") from None
        except httpx.HTTPError as exc:
            raise CliError(f"request to {self.server} failed: {exc}") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success:
            return body if isinstance(body, dict) else {}
        raise CliError(_error_line(response.status_code, body))

    def get(self, path: str, **kwargs) -> dict:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> dict:
        return self.request("POST", path, **kwargs)

    def delete(self, path: str, **kwargs) -> dict:
        return self.request("DELETE", path, **kwargs)

    def list_all(self, path: str, key: str, page_size: int = 500) -> list[dict]:
        """Every item of a List call, following next_page_token."""
        items, token = [], ""
        while True:
            params = {"page_size": page_size}
            if token:
                params["page_token"] = token
            body = self.get(path, params=params)
            items += body.get(key, [])
            token = body.get("next_page_token", "")
            if not token:
                return items


def _error_line(status: int, body) -> str:
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict):
            field = error.get("field")
            message = error.get("message") or error.get("status") or "request failed"
            return f"{message} (field: {field})" if field else message
        if isinstance(error, str):
            return body.get("error_description") or error
    return f"the server answered HTTP {status}"
