"""A webhook receiver: a real local HTTP server that records what it gets and can be told to fail."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.body)


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    received: list[Received] = field(default_factory=list)
    answered: list[int] = field(default_factory=list)  # status of every request, in order
    fail_next: int = 0  # answer 500 to this many more requests
    down: bool = False  # answer 503 to every request while set
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def delivered(self, event_type: str | None = None) -> list[Received]:
        with self.lock:
            items = list(self.received)
        return [r for r in items if event_type is None or r.json["type"] == event_type]

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "a delivery"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = predicate()
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; received {len(self.received)}: {self.answered}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start_receiver() -> Receiver:
    holder: dict[str, Receiver] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            receiver = holder["receiver"]
            with receiver.lock:
                if receiver.down:
                    status = 503
                elif receiver.fail_next > 0:
                    receiver.fail_next -= 1
                    status = 500
                else:
                    status = 204
                    receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                receiver.answered.append(status)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    holder["receiver"] = Receiver(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return holder["receiver"]
