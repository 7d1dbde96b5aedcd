"""The language server: LSP over stdio or TCP, a thin layer over the engine."""

from __future__ import annotations


def serve(tcp: tuple[str, int] | None = None) -> int:
    """Run the server until the client says exit (or closes the connection)."""
    from copydesk.lsp.server import server

    if tcp:
        server.start_tcp(*tcp)
    else:
        server.start_io()
    return 0 if server.protocol._shutdown else 1  # LSP: exit without shutdown first is an error
