"""Parsing of AIP resource names (`organizations/{org}/projects/{project}`), with errors naming the field."""

from __future__ import annotations

import re

from prism.runtime.errors import InvalidArgument

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
ID_PATTERN = SLUG_PATTERN  # project, team and service account ids follow the slug rules
_VARIABLE = re.compile(r"\{(\w+)\}")


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


def parse(pattern: str, value: str, *, field: str) -> dict[str, str]:
    """Match `value` against `pattern` (e.g. `organizations/{org}/teams/{team}`) and return the variables."""
    names = _VARIABLE.findall(pattern)
    regex = "^" + _VARIABLE.sub(r"([^/]+)", re.escape(pattern).replace(r"\{", "{").replace(r"\}", "}")) + "$"
    found = re.match(regex, value or "")
    if not found:
        raise InvalidArgument(f"{field} must look like {pattern}, got {value!r}", field=field)
    parts = dict(zip(names, found.groups(), strict=True))
    if "org" in parts and not SLUG_PATTERN.match(parts["org"]):
        raise InvalidArgument(f"{field} has an invalid organization slug {parts['org']!r}", field=field)
    return parts


def validate_id(value: str, *, field: str, what: str) -> str:
    if not value:
        raise InvalidArgument(f"{field} is required", field=field)
    if not ID_PATTERN.match(value):
        raise InvalidArgument(
            f"{what} {value!r} is not valid: use 1 to 63 lowercase letters, digits and hyphens, "
            "not starting or ending with a hyphen",
            field=field,
        )
    return value


def organization_of(resource: str) -> str | None:
    """The organization slug a resource name belongs to, if it names one."""
    parts = resource.split("/")
    if len(parts) >= 2 and parts[0] == "organizations" and parts[1] != "-":
        return parts[1]
    return None
