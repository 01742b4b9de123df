"""A real DNS server on 127.0.0.1 (UDP) for the custom-domain tests: records set by the test.

It parses each query with dnspython and answers TXT records from `txt`; a name it does not know
gets NXDOMAIN, a known name without TXT records an empty answer (NOERROR, no data).
"""

from __future__ import annotations

import socket
import threading

import dns.message
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class DnsServer:
    def __init__(self) -> None:
        self.txt: dict[str, list[str]] = {}  # name (no trailing dot, lower case) -> TXT strings
        self.queries: list[str] = []
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.settimeout(0.2)
        self.port = self._socket.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> DnsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, peer = self._socket.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                query = dns.message.from_wire(data)
            except Exception:  # noqa: BLE001 - not DNS: ignore it like a real server would
                continue
            self._socket.sendto(self._answer(query).to_wire(), peer)

    def _answer(self, query: dns.message.Message) -> dns.message.Message:
        response = dns.message.make_response(query)
        question = query.question[0]
        name = question.name.to_text().rstrip(".").lower()
        self.queries.append(name)
        if name not in self.txt:
            response.set_rcode(dns.rcode.NXDOMAIN)
            return response
        if question.rdtype == dns.rdatatype.TXT and self.txt[name]:
            quoted = ['"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in self.txt[name]]
            response.answer.append(
                dns.rrset.from_text(question.name, 60, dns.rdataclass.IN, dns.rdatatype.TXT, *quoted)
            )
        return response
