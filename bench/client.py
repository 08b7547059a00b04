"""A minimal HTTP/1.1 keep-alive client over asyncio streams.

Hand-written on purpose: httpx and aiohttp spend more CPU per request than a
lean SCIM server does, and the load generator shares this 2-core machine with
the server, so every microsecond the client burns is taken from the server.
This client only writes a request, reads the head, and reads a
``Content-Length`` or chunked body — nothing else (no redirects, no TLS, no
pipelining). It talks to 127.0.0.1 only.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    body: bytes


class Connection:
    """One keep-alive connection; requests are sent one at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 host_header: bytes, auth: bytes) -> None:
        self.reader, self.writer = reader, writer
        self.prefix = b"\r\nHost: " + host_header + b"\r\n" + auth

    @classmethod
    async def open(cls, port: int, token: str | None) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
        auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""
        return cls(reader, writer, f"127.0.0.1:{port}".encode(), auth)

    async def request(self, method: str, target: str, body: bytes | None = None) -> Reply:
        head = method.encode() + b" " + target.encode() + b" HTTP/1.1" + self.prefix
        if body is not None:
            head += (b"Content-Type: application/scim+json\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\n\r\n" + body)
        else:
            head += b"\r\n"
        self.writer.write(head)
        return await self._read_reply(method)

    async def _read_reply(self, method: str) -> Reply:
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length, chunked, closing = -1, False, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value.lower()
            elif name == b"connection":
                closing = b"close" in value.lower()
        if method == "HEAD" or status in (204, 304) or length == 0:
            body = b""
        elif length > 0:
            body = await self.reader.readexactly(length)
        elif chunked:
            body = await self._read_chunks()
        else:
            body = await self.reader.read()
        if closing:
            raise ConnectionError("the server closed the keep-alive connection")
        return Reply(status, body)

    async def _read_chunks(self) -> bytes:
        parts: list[bytes] = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")  # no trailers are expected
                return b"".join(parts)
            parts.append((await self.reader.readexactly(size + 2))[:-2])

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError, OSError):
            await self.writer.wait_closed()
