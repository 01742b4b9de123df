"""Parsing of AIP resource names (`organizations/{slug}`), with errors that name the field."""

from __future__ import annotations

import re

from prism.runtime.errors import InvalidArgument

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def parse_organization_parent(value: str, *, field: str = "parent", allow_wildcard: bool = False) -> str | None:
    """The slug in `organizations/{slug}`; None for `organizations/-` when the wildcard is allowed."""
    prefix, _, slug = value.partition("/")
    if prefix != "organizations" or not slug:
        raise InvalidArgument(f"{field} must look like organizations/{{slug}}, got {value!r}", field=field)
    if slug == "-" and allow_wildcard:
        return None
    if not SLUG_PATTERN.match(slug):
        raise InvalidArgument(f"{field} has an invalid organization slug {slug!r}", field=field)
    return slug
