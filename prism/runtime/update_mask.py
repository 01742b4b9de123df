"""The one check of an Update RPC's `update_mask` (AIP-134): it names fields, and only changeable ones."""

from __future__ import annotations

from collections.abc import Iterable

from prism.runtime.errors import InvalidArgument


def check_update_mask(paths: list[str], changeable: Iterable[str]) -> None:
    """INVALID_ARGUMENT (field `update_mask`) for an empty mask or one naming a field not in `changeable`."""
    if not paths:
        raise InvalidArgument("update_mask names no field to change", field="update_mask")
    allowed = tuple(changeable)
    unknown = sorted(set(paths) - set(allowed))
    if unknown:
        raise InvalidArgument(
            f"update_mask names fields that cannot be changed: {', '.join(unknown)} (changeable: {', '.join(allowed)})",
            field="update_mask",
        )
