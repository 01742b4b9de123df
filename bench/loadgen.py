"""The load generator: what one loop does (picklable specs), its HTTP and gRPC clients, the load processes.

- What an iteration is comes from a `spec` dict: `http_spec` (one fixed request, or one of its
  variants in turn), `authorization_code_spec`, `refresh_spec` (a refresh-token chain per loop) or
  `grpc_spec` (one unary call with a fixed serialized request).
- `RawConnection` is a minimal HTTP/1.1 client: a few µs of Python per request, where httpx costs
  about as much CPU per request as the server it measures (see bench/README.md).
- `_worker` is the body of one spawned load process; `bench/harness.py: run_load` starts them.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import random
import re
import secrets
import time
from urllib.parse import parse_qsl, urlencode, urlsplit

MAX_ERROR_MESSAGES = 5
SAMPLES_PER_WORKER = 100


# --- what one loop does: specs (built by the caller, pickled to the load processes) ------------------------------


def http_spec(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    status: int = 200,
    expect: bytes = b"",
    variants: list[tuple[str, dict[str, str]]] | None = None,
) -> dict:
    """One fixed request per iteration; the answer must have `status` and contain `expect`.

    With `variants` ((path and query, extra headers) pairs on the same host), each loop cycles through
    them from a random starting point instead (the scale case: one request per organization).
    """
    return {
        "kind": "http",
        "url": url,
        "method": method,
        "headers": dict(headers or {}),
        "body": body,
        "status": status,
        "expect": expect,
        "variants": [(path, dict(extra)) for path, extra in variants or ()],
    }


def authorization_code_spec(
    base_url: str,
    *,
    authorize_path: str,
    token_path: str,
    client_id: str,
    authorization: str,
    redirect_uri: str,
    scope: str,
    cookie: str,
    expect: bytes = b'"access_token"',
) -> dict:
    """GET authorize with the browser's session cookie (302 to `redirect_uri` with a code), then POST the code
    with its PKCE verifier to the token endpoint: one iteration. Each iteration makes a new verifier."""
    return {
        "kind": "authorization_code",
        "url": base_url,
        "authorize_path": authorize_path,
        "token_path": token_path,
        "client_id": client_id,
        "authorization": authorization,
        "redirect_uri": redirect_uri,
        "scope": scope,
        "cookie": cookie,
        "expect": expect,
    }


def refresh_spec(url: str, *, authorization: str, refresh_tokens: list[str], expect: bytes = b'"access_token"') -> dict:
    """grant_type=refresh_token; loop i starts with refresh_tokens[i] and always sends the newest one it got."""
    return {
        "kind": "refresh",
        "url": url,
        "authorization": authorization,
        "refresh_tokens": list(refresh_tokens),
        "expect": expect,
    }


def grpc_spec(target: str, method: str, request: bytes, *, metadata=(), expect_prefix: bytes = b"") -> dict:
    """One unary call per iteration with an already serialized request; the serialized answer must start
    with `expect_prefix` (b"\\x08\\x01" is field 1, a bool, true)."""
    return {
        "kind": "grpc",
        "target": target,
        "method": method,
        "request": request,
        "metadata": [tuple(pair) for pair in metadata],
        "expect_prefix": expect_prefix,
    }


# --- the load generator's HTTP clients ------------------------------------------------------------------------


class RequestFailed(Exception):
    """An iteration failed: no complete answer (refused, lost, timed out, malformed) or the wrong answer."""


class RawConnection(asyncio.Protocol):
    """A minimal HTTP/1.1 keep-alive client: it writes the request bytes it is given and reads one answer framed
    by Content-Length (what Prism's and the peer's endpoints send). `location` is the last answer's Location.
    """

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future | None = None
        self.head: tuple[int, int, bool] | None = None  # status, content length, close afterwards
        self.location: bytes | None = None

    # asyncio.Protocol
    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        self.transport = None
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(RequestFailed(f"connection lost: {exc or 'closed by the server'}"))

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if self.head is None:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(buffer[:end]).split(b"\r\n")
            del buffer[: end + 4]
            try:
                status = int(lines[0].split(b" ", 2)[1])
            except (IndexError, ValueError):
                return self._fail(f"malformed status line {lines[0][:80]!r}")
            length, close, location = None, False, None
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    try:
                        length = int(value)
                    except ValueError:
                        return self._fail(f"malformed Content-Length {value[:40]!r}")
                elif name == b"location":
                    location = value.strip()
                elif name == b"connection" and b"close" in value.lower():
                    close = True
                elif name == b"transfer-encoding":
                    return self._fail("a response without Content-Length (use --client httpx)")
            if length is None:
                return self._fail("a response without Content-Length (use --client httpx)")
            self.head = (status, length, close)
            self.location = location
        status, length, close = self.head
        if len(buffer) < length:
            return
        body = bytes(buffer[:length])
        del buffer[:length]
        self.head = None
        if close and self.transport is not None:
            self.transport.close()
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result((status, body))

    def _fail(self, message: str) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(RequestFailed(message))
        if self.transport is not None:
            self.transport.close()

    async def send(self, request: bytes) -> tuple[int, bytes]:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self.timeout):
                if self.transport is None or self.transport.is_closing():
                    self.buffer.clear()
                    self.head = None
                    await loop.create_connection(lambda: self, self.host, self.port)
                self.waiter = loop.create_future()
                self.transport.write(request)
                return await self.waiter
        except TimeoutError:
            if self.transport is not None:
                self.transport.close()  # the answer may still come; never read it as the next one's
                self.transport = None
            raise RequestFailed(f"no answer within {self.timeout:g} s") from None
        except OSError as error:
            raise RequestFailed(f"{type(error).__name__}: {error}") from None

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


def request_bytes(method: str, target: str, host: str, headers: dict[str, str], body: bytes = b"") -> bytes:
    head = f"{method} {target} HTTP/1.1\r\nhost: {host}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if body or method == "POST":
        head += f"content-length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


def describe(body: bytes, limit: int = 200) -> str:
    """An answer's body for an error message: an HTML page's message and error code, or the body's start."""
    text = body.decode("utf-8", "replace")
    if text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        found = [
            match.group(1).strip()
            for pattern in (r'id="message"[^>]*>([^<]*)<', r'id="error-code"[^>]*>([^<]*)<', r"<title>([^<]*)<")
            if (match := re.search(pattern, text))
        ]
        return "HTML page: " + (" / ".join(found) or text[:limit])
    return text[:limit]


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


# --- the load processes -------------------------------------------------------------------------------------


def _worker(index: int, config: dict, ready, go, start_at, results) -> None:
    """One load process: its share of the closed loops."""
    try:
        uvloop = None
        if config["client"] == "raw" and config["spec"]["kind"] != "grpc":
            with contextlib.suppress(ImportError):
                import uvloop  # with uvicorn[standard]; a cheaper event loop leaves more CPU to the server
        if uvloop is not None:
            outcome = uvloop.run(_drive(config, ready, go, start_at))
        else:
            outcome = asyncio.run(_drive(config, ready, go, start_at))
        results.put((index, outcome))
    except BaseException as error:  # report instead of dying silently
        results.put((index, {"fatal": f"{type(error).__name__}: {error}"}))


async def _drive(config: dict, ready, go, start_at) -> dict:
    spec = config["spec"]
    latencies: list[float] = []
    errors = {"count": 0, "messages": []}
    samples: list[bytes] = []
    keep = config["samples"]
    seen = 0  # measured successes, for reservoir sampling
    warmup_requests = 0
    rng = random.Random()

    def error(message: str) -> None:
        errors["count"] += 1
        if len(errors["messages"]) < MAX_ERROR_MESSAGES:
            errors["messages"].append(message)

    async with contextlib.AsyncExitStack() as stack:
        client = None
        if spec["kind"] == "http" and config["client"] == "httpx":
            import httpx

            n = len(config["loops"])
            limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
            client = await stack.enter_async_context(httpx.AsyncClient(limits=limits, timeout=config["timeout"]))
        loops = []
        for loop_index in config["loops"]:
            if spec["kind"] == "http":
                loops.append(_Http(spec, config["timeout"], client))
            elif spec["kind"] == "authorization_code":
                loops.append(_AuthorizationCode(spec, config["timeout"]))
            elif spec["kind"] == "refresh":
                loops.append(_Refresh(spec, loop_index, config["timeout"]))
            elif spec["kind"] == "grpc":
                loops.append(_Grpc(spec, config["timeout"]))
            else:
                raise ValueError(f"unknown load kind {spec['kind']!r}")
            stack.push_async_callback(loops[-1].aclose)
        ready.put(config["index"])
        await asyncio.get_running_loop().run_in_executor(None, go.wait)
        # phase boundaries are wall-clock times shared by every process; measure on perf_counter
        offset = time.perf_counter() - time.time()
        measure_from = start_at.value + config["warmup"] + offset
        stop_at = measure_from + config["duration"]
        cpu: dict[str, float] = {}

        async def mark(name: str, at: float) -> None:
            await asyncio.sleep(max(0.0, at - time.perf_counter()))
            cpu[name] = time.process_time()

        async def run(work) -> None:
            nonlocal seen, warmup_requests
            while True:
                started = time.perf_counter()
                if started >= stop_at:
                    return
                try:
                    content = await work.once()
                except RequestFailed as failure:
                    error(str(failure))
                    await asyncio.sleep(0.01)  # a refused connection must not spin
                    continue
                finished = time.perf_counter()
                if measure_from <= finished < stop_at:
                    latencies.append(finished - started)
                    seen += 1
                    if len(samples) < keep:
                        samples.append(content)
                    elif keep:
                        slot = rng.randrange(seen)
                        if slot < keep:
                            samples[slot] = content
                elif finished < measure_from:
                    warmup_requests += 1

        await asyncio.gather(mark("start", measure_from), mark("stop", stop_at), *(run(w) for w in loops))
    return {
        "latencies": latencies,
        "errors": errors,
        "samples": samples,
        "warmup_requests": warmup_requests,
        "cpu_s": cpu.get("stop", 0.0) - cpu.get("start", 0.0),
    }
