"""Which receiver URLs a webhook may have: the outbound SSRF rules of prism.runtime.outbound.

At creation the URL must be https (plain http only with PRISM_WEBHOOKS_ALLOW_HTTP), carry no
credentials, and an IP literal must be public unless its host is in PRISM_WEBHOOKS_ALLOWED_HOSTS.
Host names are checked again at every delivery, after resolution (DNS may change).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from prism.runtime.errors import InvalidArgument
from prism.runtime.outbound import is_public, literal_address, refusal

ALLOW_SETTING = "PRISM_WEBHOOKS_ALLOWED_HOSTS"
MAX_URL_LENGTH = 2048


def validate_url(url: str, *, allow_http: bool, allowed_hosts: frozenset[str], field: str = "webhook.url") -> str:
    url = url.strip()
    if not url:
        raise InvalidArgument("url is required: where deliveries are POSTed (https://...)", field=field)
    if len(url) > MAX_URL_LENGTH:
        raise InvalidArgument(f"url is longer than {MAX_URL_LENGTH} characters", field=field)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise InvalidArgument(f"url is not valid: {exc}", field=field) from None
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidArgument(f"url must be an absolute https:// URL, got {url!r}", field=field)
    if parts.scheme == "http" and not allow_http:
        raise InvalidArgument("webhook URLs must use https (plain http is not allowed here)", field=field)
    if parts.username or parts.password:
        raise InvalidArgument("credentials in the URL are not allowed; verify the signature instead", field=field)
    if parts.fragment:
        raise InvalidArgument("the URL must not have a #fragment", field=field)
    host = parts.hostname.lower()
    address = literal_address(host)
    if host not in allowed_hosts:
        if address is not None and not is_public(address):
            raise InvalidArgument(refusal(host, address, ALLOW_SETTING), reason="PRIVATE_ADDRESS", field=field)
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise InvalidArgument(
                refusal(host, "a local address", ALLOW_SETTING), reason="PRIVATE_ADDRESS", field=field
            )
    return url
