"""google.protobuf.Struct carries every number as a double; JWT times and counts are integers."""

from __future__ import annotations

from typing import Any


def plain(value: Any) -> Any:
    """`value` with integral floats turned back into ints, recursively."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
