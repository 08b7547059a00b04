"""ETags (RFC 7644 §3.14): ``W/"<version>"``; If-Match → 412, If-None-Match → 304."""

from __future__ import annotations

from fastapi import Request

from provisor.domain.errors import PreconditionFailed


def _versions(header: str) -> list[str]:
    return [t.strip().removeprefix("W/").strip('"') for t in header.split(",") if t.strip()]


def expected_version(request: Request) -> int | None:
    """The version ``If-Match`` names, for the use case to compare; None without one.

    ``*`` matches any existing resource. A tag that is not one of ours can match
    nothing, so it is refused with 412 straight away.
    """
    header = request.headers.get("if-match")
    if header is None or header.strip() == "*":
        return None
    for tag in _versions(header):
        if tag.isdigit() and len(tag) < 12:
            return int(tag)
    raise PreconditionFailed("If-Match names no version of this resource")


def not_modified(request: Request, version: int) -> bool:
    header = request.headers.get("if-none-match")
    if header is None:
        return False
    return header.strip() == "*" or str(version) in _versions(header)
