"""JSON-RPC 2.0 over LSP's base protocol, read from a byte stream: what pygls's own loop leaves
out. A header block without a Content-Length does not swallow the next message, a message over
the size limit is refused and its body skipped rather than buffered, and a body that is not JSON,
or not a JSON-RPC message, gets the error the specification prescribes (id null when the id cannot
be known). Valid messages go on to pygls's protocol."""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Awaitable, Callable

from pygls.protocol import JsonRPCProtocol

log = logging.getLogger("copydesk.lsp")

MAX_MESSAGE = 64 << 20  # bytes of one message body
MAX_HEADER = 8 << 10  # bytes of one header block
PARSE_ERROR, INVALID_REQUEST = -32700, -32600
_LENGTH = re.compile(rb"content-length:", re.I)


class Stream:
    """Bytes from `read` (b"" at the end), a buffer's worth at a time."""

    def __init__(self, read: Callable[[], Awaitable[bytes]]):
        self._read = read
        self.buffer = bytearray()

    async def more(self) -> bool:
        chunk = await self._read()
        self.buffer += chunk
        return bool(chunk)

    async def skip(self, count: int) -> bool:
        """Drop `count` bytes, read as they come and never kept; False at the end of the stream."""
        while len(self.buffer) < count:
            count -= len(self.buffer)
            self.buffer.clear()
            if not await self.more():
                return False
        del self.buffer[:count]
        return True


async def serve(protocol: JsonRPCProtocol, read: Callable[[], Awaitable[bytes]], done: Callable[[], bool],
                limit: int = MAX_MESSAGE) -> None:
    """Hand each message from `read` to `protocol` until the stream ends or `done()` (exit)."""
    stream = Stream(read)
    while not done():
        end = stream.buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(stream.buffer) > MAX_HEADER:
                _reply(protocol, None, INVALID_REQUEST, f"header block over {MAX_HEADER} bytes")
                del stream.buffer[: -len("content-length:")]  # a length header may be on its way
                if not await _resync(stream):
                    return
            elif not await stream.more():
                return
            continue
        headers = _headers(bytes(stream.buffer[:end]))
        del stream.buffer[: end + 4]
        length = headers.get("content-length", "")
        if not length.isdigit():
            # No way to know where the body ends: answer, then go on from the next header.
            _reply(protocol, None, INVALID_REQUEST, "header block without a valid Content-Length")
            if not await _resync(stream):
                return
            continue
        if int(length) > limit:
            _reply(protocol, None, INVALID_REQUEST,
                   f"message of {int(length):,} bytes is over the limit of {limit >> 20} MiB; skipped")
            if not await stream.skip(int(length)):
                return
            continue
        while len(stream.buffer) < int(length):
            if not await stream.more():
                return
        body = bytes(stream.buffer[: int(length)])
        del stream.buffer[: int(length)]
        handle(protocol, body)


async def _resync(stream: Stream) -> bool:
    """Drop bytes up to the next Content-Length header; False at the end of the stream."""
    while (m := _LENGTH.search(stream.buffer)) is None:
        keep = len("content-length:") - 1  # a header cut in two by a read
        del stream.buffer[: max(0, len(stream.buffer) - keep)]
        if not await stream.more():
            return False
    del stream.buffer[: m.start()]
    return True


def _headers(block: bytes) -> dict[str, str]:
    out = {}
    for line in block.decode("ascii", "replace").split("\r\n"):
        name, colon, value = line.partition(":")
        if colon:
            out[name.strip().lower()] = value.strip()
    return out


def handle(protocol: JsonRPCProtocol, body: bytes) -> None:
    """One message body: checked as JSON-RPC 2.0, then given to pygls."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:  # JSONDecodeError is a ValueError
        _reply(protocol, None, PARSE_ERROR, f"parse error: {exc}")
        return
    problem, ident = _invalid(data)
    if problem:
        _reply(protocol, ident, INVALID_REQUEST, f"invalid request: {problem}")
        return
    try:
        protocol.handle_message(protocol.structure_message(data))
    except Exception:  # a request is answered by structure_message (lsp.protocol.Protocol)
        log.exception("cannot handle %s", data.get("method") or "a response")


def _invalid(data: Any) -> tuple[str | None, Any]:
    """What makes `data` no JSON-RPC 2.0 message, and its id where it has a usable one."""
    if not isinstance(data, dict):
        return f"expected an object, got {type(data).__name__}{' (batches are not part of LSP)' if isinstance(data, list) else ''}", None
    ident = data.get("id")
    usable = isinstance(ident, (str, int)) and not isinstance(ident, bool)
    if "id" in data and not usable and not (ident is None and "error" in data):  # null: an error we caused
        return "id must be a string or a number", None
    if data.get("jsonrpc") != "2.0":
        return 'no "jsonrpc": "2.0"', ident
    if "method" in data:
        if not isinstance(data["method"], str):
            return "method must be a string", ident
    elif "id" not in data or ("result" not in data and "error" not in data):
        return "neither a request, a notification nor a response", ident
    return None, ident


def _reply(protocol: JsonRPCProtocol, ident: Any, code: int, message: str) -> None:
    log.warning("%s", message)
    # Built by hand: pygls's message types drop a null id, which JSON-RPC requires here.
    protocol._send_data({"jsonrpc": "2.0", "id": ident, "error": {"code": code, "message": message}})
