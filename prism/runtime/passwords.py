"""Passwords: argon2id hashes, NIST 800-63B length rules (8 to 1024 characters, no composition rules)."""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from prism.runtime.errors import InvalidArgument

MIN_LENGTH = 8
MAX_LENGTH = 1024
_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown users; made on first use, not at import (every component
    imports this module, and one argon2id hash costs about a third of a second of start-up)."""
    return _hasher.hash("not a real password, only for equal timing")


def check_policy(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_LENGTH:
        raise InvalidArgument(f"password must be at least {MIN_LENGTH} characters", field=field)
    if len(password) > MAX_LENGTH:
        raise InvalidArgument(f"password must be at most {MAX_LENGTH} characters", field=field)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash (unknown user) it still spends the same time."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
