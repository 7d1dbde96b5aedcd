"""The language server: LSP over stdio or TCP, a thin layer over the engine. Each connection is a
session of its own (copydesk.lsp.session.CopydeskServer): its documents, settings and analyses."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from typing import Any, Awaitable, Callable

log = logging.getLogger("copydesk.lsp")
CHUNK = 1 << 16


def serve(tcp: tuple[str, int] | None = None) -> int:
    """Serve one client on stdio until it says exit (or goes), or every client that connects to
    HOST:PORT, each in its own session, until the process is stopped. 0 after shutdown then exit,
    1 for an exit without shutdown (LSP), 2 when the address cannot be listened on."""
    from copydesk.lsp import memory

    memory.long_running()
    return asyncio.run(_tcp(*tcp) if tcp else _stdio())


async def _session(read: Callable[[], Awaitable[bytes]], writer: Any) -> int:
    from copydesk.lsp import wire
    from copydesk.lsp.handlers import session

    ls = session()
    ls.protocol.set_writer(writer)
    try:
        await wire.serve(ls.protocol, read, lambda: ls.protocol.exited)
    except (BrokenPipeError, ConnectionError) as exc:
        log.info("the client went away: %s", exc)
    finally:
        ls.close()
    return 0 if ls.protocol._shutdown else 1


async def _stdio() -> int:
    from pygls.io_ import StdoutWriter

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    try:  # read without a thread, and no further ahead than the stream's buffer
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin.buffer)
        read = lambda: reader.read(CHUNK)  # noqa: E731
    except ValueError:  # stdin is a file, which asyncio cannot watch (and never blocks)
        read = lambda: loop.run_in_executor(None, os.read, sys.stdin.fileno(), CHUNK)  # noqa: E731
    return await _session(read, StdoutWriter(sys.stdout.buffer))


async def _tcp(host: str, port: int) -> int:
    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await _session(lambda: reader.read(CHUNK), writer)
        finally:
            writer.close()

    where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    try:
        server = await asyncio.start_server(connection, host, port)
    except OSError as exc:  # a busy port, an address not here, a name that does not resolve
        print(f"copydesk: cannot listen on {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    log.info("listening on %s", where)
    async with server:
        await server.serve_forever()
    return 0
