"""One closed loop of the load generator per kind of spec (bench/load_specs.py): `once` sends one
iteration and checks its answer (status and content), raising `RequestFailed` otherwise; `aclose`
ends its connection. `loop_for` picks the kind."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit

from bench.raw_http import RawConnection, RequestFailed, describe, request_bytes


def _check(status: int, body: bytes, expected_status: int, expect: bytes) -> None:
    if status != expected_status or (expect and expect not in body):
        raise RequestFailed(f"HTTP {status}: {describe(body)}")


class _Http:
    """One fixed request per iteration, over a RawConnection or httpx."""

    def __init__(self, spec: dict, timeout: float, client=None) -> None:
        url = urlsplit(spec["url"])
        self.status, self.expect = spec["status"], spec["expect"]
        self.client = client
        if client is None:
            target = url.path + (f"?{url.query}" if url.query else "")
            variants = spec.get("variants") or [(target, {})]
            self.requests = [
                request_bytes(spec["method"], path, url.netloc, {**spec["headers"], **extra}, spec["body"])
                for path, extra in variants
            ]
            self.next = random.randrange(len(self.requests))
            self.connection = RawConnection(url.hostname, url.port, timeout)
        elif spec.get("variants"):
            raise ValueError("request variants need the raw client")
        else:
            self.url, self.method, self.headers, self.body = spec["url"], spec["method"], spec["headers"], spec["body"]

    async def once(self) -> bytes:
        if self.client is None:
            request = self.requests[self.next]
            self.next = (self.next + 1) % len(self.requests)
            status, body = await self.connection.send(request)
        else:
            import httpx

            try:
                answer = await self.client.request(self.method, self.url, content=self.body, headers=self.headers)
            except httpx.HTTPError as error:
                raise RequestFailed(f"{type(error).__name__}: {error}") from None
            status, body = answer.status_code, answer.content
        _check(status, body, self.status, self.expect)
        return body

    async def aclose(self) -> None:
        if self.client is None:
            self.connection.close()


class _AuthorizationCode:
    """authorize (with the session cookie) → 302 with a code → token (code + PKCE verifier), on one connection."""

    def __init__(self, spec: dict, timeout: float) -> None:
        url = urlsplit(spec["url"])
        self.spec, self.host = spec, url.netloc
        self.connection = RawConnection(url.hostname, url.port, timeout)
        self.static = {
            "response_type": "code",
            "client_id": spec["client_id"],
            "redirect_uri": spec["redirect_uri"],
            "scope": spec["scope"],
            "code_challenge_method": "S256",
        }

    async def once(self) -> bytes:
        spec = self.spec
        verifier = secrets.token_urlsafe(32)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        state = secrets.token_urlsafe(8)
        query = urlencode({**self.static, "state": state, "code_challenge": challenge})
        authorize = request_bytes(
            "GET", f"{spec['authorize_path']}?{query}", self.host, {"cookie": spec["cookie"]}, b""
        )
        status, body = await self.connection.send(authorize)
        location = (self.connection.location or b"").decode("latin-1")
        if status not in (302, 303) or not location.startswith(spec["redirect_uri"]):
            raise RequestFailed(f"authorize: HTTP {status}, location {location[:120]!r}: {describe(body)}")
        params = dict(parse_qsl(urlsplit(location).query))
        if params.get("state") != state or "code" not in params:
            raise RequestFailed(f"authorize: no code or a wrong state in {location[:200]!r}")
        form = urlencode(
            {
                "grant_type": "authorization_code",
                "code": params["code"],
                "redirect_uri": spec["redirect_uri"],
                "code_verifier": verifier,
            }
        ).encode()
        token = request_bytes(
            "POST",
            spec["token_path"],
            self.host,
            {"authorization": spec["authorization"], "content-type": "application/x-www-form-urlencoded"},
            form,
        )
        status, body = await self.connection.send(token)
        _check(status, body, 200, spec["expect"])
        return body

    async def aclose(self) -> None:
        self.connection.close()


class _Refresh:
    """This loop's own refresh-token chain: each answer's refresh_token is the next request's."""

    def __init__(self, spec: dict, loop_index: int, timeout: float) -> None:
        url = urlsplit(spec["url"])
        self.spec, self.host, self.path = spec, url.netloc, url.path
        self.connection = RawConnection(url.hostname, url.port, timeout)
        self.refresh_token = spec["refresh_tokens"][loop_index]
        self.headers = {"authorization": spec["authorization"], "content-type": "application/x-www-form-urlencoded"}

    async def once(self) -> bytes:
        form = urlencode({"grant_type": "refresh_token", "refresh_token": self.refresh_token}).encode()
        status, body = await self.connection.send(request_bytes("POST", self.path, self.host, self.headers, form))
        _check(status, body, 200, self.spec["expect"])
        try:
            self.refresh_token = json.loads(body)["refresh_token"]
        except (ValueError, KeyError):
            raise RequestFailed(f"no refresh_token in {body[:200]!r}") from None
        return body

    async def aclose(self) -> None:
        self.connection.close()


class _Grpc:
    """One unary call per iteration, bytes in and bytes out (no protobuf work in the load generator)."""

    def __init__(self, spec: dict, timeout: float) -> None:
        import grpc

        self.grpc, self.spec, self.timeout = grpc, spec, timeout
        self.channel = grpc.aio.insecure_channel(spec["target"])
        self.call = self.channel.unary_unary(spec["method"])
        self.metadata = tuple(spec["metadata"])

    async def once(self) -> bytes:
        try:
            answer = await self.call(self.spec["request"], metadata=self.metadata, timeout=self.timeout)
        except self.grpc.aio.AioRpcError as error:
            raise RequestFailed(f"gRPC {error.code().name}: {error.details()}") from None
        if not answer.startswith(self.spec["expect_prefix"]):
            raise RequestFailed(f"unexpected answer {answer[:100]!r}")
        return answer

    async def aclose(self) -> None:
        await self.channel.close()


def loop_for(spec: dict, loop_index: int, timeout: float, client=None):
    """The loop that carries out `spec`; `client` is the shared httpx client of `--client httpx`."""
    if spec["kind"] == "http":
        return _Http(spec, timeout, client)
    if spec["kind"] == "authorization_code":
        return _AuthorizationCode(spec, timeout)
    if spec["kind"] == "refresh":
        return _Refresh(spec, loop_index, timeout)
    if spec["kind"] == "grpc":
        return _Grpc(spec, timeout)
    raise ValueError(f"unknown load kind {spec['kind']!r}")
