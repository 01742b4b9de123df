"""Outbound HTTP to URLs that people configure, without becoming a proxy into the private network (SSRF).

The address actually connected to is checked after resolution (so DNS tricks do not help):
private, loopback, link-local, multicast, reserved and unspecified addresses are refused unless
the host is explicitly allowed. Used by the federation key fetcher (token service) and by webhook
deliveries (webhooks service); each names the setting that allows a host in its refusals.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import httpcore


class AddressRefused(Exception):
    """The URL or an address it leads to is not allowed; the message says which rule."""


class HostUnresolved(OSError):
    """The host name does not resolve."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def refusal(host: str, address: str, allow_setting: str) -> str:
    return f"{host} resolves to {address}, a private or local address (list the host in {allow_setting} to allow it)"


def literal_address(host: str) -> str | None:
    """`host` if it is an IP address literal (brackets of IPv6 removed), else None."""
    candidate = host.strip("[]")
    try:
        ipaddress.ip_address(candidate.split("%", 1)[0])
    except ValueError:
        return None
    return candidate


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, checks every address, then connects to a checked one."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, allowed_hosts: frozenset[str], allow_setting: str) -> None:
        self.inner = inner
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.allow_setting = allow_setting

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        name = host.decode() if isinstance(host, bytes) else host
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(name, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise HostUnresolved(f"{name} does not resolve ({exc.strerror})") from None
        addresses = [info[4][0] for info in infos]
        if not addresses:
            raise HostUnresolved(f"{name} does not resolve")
        if name.lower() not in self.allowed_hosts:
            for address in addresses:
                if not is_public(address):
                    raise AddressRefused(refusal(name, address, self.allow_setting))
        return await self.inner.connect_tcp(
            addresses[0], port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )

    async def connect_unix_socket(self, *args, **kwargs):  # pragma: no cover - never used
        raise AddressRefused("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)
