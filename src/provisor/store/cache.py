"""The in-process verified-credential cache: SHA-256(secret) → credential id.

Only ids are cached, never a credential's state: revocation and expiry are
read from the database on every request.
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock


class LruCredentialCache:
    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._items: OrderedDict[str, str] = OrderedDict()
        self._lock = Lock()

    def get(self, digest: str) -> str | None:
        with self._lock:
            value = self._items.get(digest)
            if value is not None:
                self._items.move_to_end(digest)
            return value

    def put(self, digest: str, credential_id: str) -> None:
        with self._lock:
            self._items[digest] = credential_id
            self._items.move_to_end(digest)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def discard(self, digest: str) -> None:
        with self._lock:
            self._items.pop(digest, None)
