"""The load generator's minimal HTTP/1.1 client: `RawConnection` costs a few µs of Python per
request, where httpx costs about as much CPU per request as the server it measures (see
bench/README.md). `RequestFailed` is an iteration that failed; `describe` turns an answer's body into
an error message."""

from __future__ import annotations

import asyncio
import re


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
