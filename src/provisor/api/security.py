"""Argon2id hashing of credentials (argon2-cffi) and time-ordered ids."""

from __future__ import annotations

import os
import time
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2Hasher:
    """Argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile).

    ``low`` exists for the test suite only, where hundreds of credentials are
    issued; it keeps the same algorithm with small parameters.
    """

    def __init__(self, cost: str = "default") -> None:
        self._hasher = (PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
                        if cost == "low" else PasswordHasher())

    def hash(self, secret: str) -> str:
        return self._hasher.hash(secret)

    def verify(self, secret_hash: str, secret: str) -> bool:
        try:
            return self._hasher.verify(secret_hash, secret)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


def new_id() -> str:
    """A UUIDv7 (RFC 9562): time-ordered, so ids sort in creation order and keyset
    pages follow creation. Written here because ``uuid.uuid7`` arrives in Python 3.14."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))
