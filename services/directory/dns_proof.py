"""Custom domains: name rules, and the DNS TXT proof that a user controls one.

The user adds a domain and gets a random token; they publish `prism-verification=<token>` in a TXT
record at `_prism-challenge.<domain>`; VerifyDomain looks that record up through the resolver
configured by PRISM_DNS_NAMESERVERS (host:port list; the system resolver when unset) with a
timeout, and the domain counts as verified only when one of the TXT strings is exactly that value.
"""

from __future__ import annotations

import ipaddress
import re

import dns.asyncresolver
import dns.exception
import dns.nameserver
import dns.resolver

from prism.runtime.errors import FailedPrecondition, InvalidArgument, Unavailable
from prism.runtime.secrets import compare

RECORD_PREFIX = "_prism-challenge."
VALUE_PREFIX = "prism-verification="
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def record_name(domain: str) -> str:
    return RECORD_PREFIX + domain


def record_value(token: str) -> str:
    return VALUE_PREFIX + token


def normalized_domain(value: str, field: str = "domain.domain") -> str:
    """`value` lower-cased in its IDNA ASCII form; refuses IPs, wildcards, single labels and junk."""
    name = (value or "").strip().rstrip(".").lower()
    if not name:
        raise InvalidArgument("domain is required, e.g. example.com", field=field)
    if "*" in name:
        raise InvalidArgument(f"{value!r}: wildcard domains cannot be verified; add each domain itself", field=field)
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        pass
    else:
        raise InvalidArgument(f"{value!r} is an IP address, not a domain name", field=field)
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise InvalidArgument(f"{value!r} is not a valid domain name", field=field) from None
    labels = name.split(".")
    if len(name) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise InvalidArgument(
            f"{value!r} is not a valid domain name: use at least two dot-separated labels of letters, "
            "digits and hyphens (e.g. example.com)",
            field=field,
        )
    if labels[-1].isdigit():
        raise InvalidArgument(f"{value!r} is not a valid domain name (its last label is a number)", field=field)
    return name


def covers(domain: str, host: str) -> bool:
    """Whether `host` is `domain` or one of its subdomains."""
    host = host.lower().rstrip(".")
    return host == domain or host.endswith("." + domain)


class TxtProof:
    """Looks up the TXT proof of a domain through the configured resolver."""

    def __init__(self, nameservers: str | None, timeout_seconds: float) -> None:
        self.nameservers = _nameservers(nameservers)
        self.timeout = timeout_seconds

    def _resolver(self) -> dns.asyncresolver.Resolver:
        if not self.nameservers:
            resolver = dns.asyncresolver.Resolver()
        else:
            resolver = dns.asyncresolver.Resolver(configure=False)
            resolver.nameservers = [dns.nameserver.Do53Nameserver(host, port) for host, port in self.nameservers]
        resolver.lifetime = self.timeout
        resolver.timeout = self.timeout
        resolver.cache = None
        return resolver

    async def check(self, domain: str, token: str) -> None:
        """Returns when the TXT record holds the token; else FailedPrecondition saying what is wrong."""
        name, expected = record_name(domain), record_value(token)
        how = f"add a TXT record at {name} with the value {expected}, wait for DNS to update, then verify again"
        try:
            answer = await self._resolver().resolve(name, "TXT", raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN:
            raise FailedPrecondition(f"{name} does not exist in DNS: {how}", reason="DOMAIN_TXT_MISSING") from None
        except (dns.exception.Timeout, dns.resolver.LifetimeTimeout):
            raise Unavailable(
                f"the DNS lookup of {name} timed out; try again later", reason="DNS_UNAVAILABLE"
            ) from None
        except (dns.resolver.NoNameservers, dns.exception.DNSException) as error:
            raise Unavailable(
                f"the DNS lookup of {name} failed; try again later", reason="DNS_UNAVAILABLE", debug=repr(error)
            ) from None
        values = []
        for record in answer.rrset or ():
            values.append(b"".join(record.strings).decode("utf-8", errors="replace"))
        if not values:
            raise FailedPrecondition(f"{name} has no TXT record: {how}", reason="DOMAIN_TXT_MISSING")
        if not any(compare(value.strip(), expected) for value in values):
            raise FailedPrecondition(
                f"the TXT records at {name} do not hold {expected}: {how}", reason="DOMAIN_TXT_MISMATCH"
            )


def _nameservers(value: str | None) -> list[tuple[str, int]]:
    found = []
    for item in (value or "").replace(",", " ").split():
        host, port = item, 53
        if item.startswith("["):  # [::1]:5353
            host, _, rest = item[1:].partition("]")
            port = int(rest[1:]) if rest.startswith(":") else 53
        elif item.count(":") == 1:
            host, _, text = item.partition(":")
            port = int(text)
        found.append((host, port))
    return found
