"""`copydesk serve` on the wire (issue 11, items 14 and 15): raw JSON-RPC bytes to a real server
process, over stdio and over TCP, as a misbehaving client would send them."""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS
from copydesk.lsp.session import EARLY
from test_lsp import SERVE

TIMEOUT = 60  # seconds: a bound for a hung server, not a wait
MiB = 1 << 20


class Wire:
    """One end of a JSON-RPC connection: bytes out, framed messages in."""

    def __init__(self, send, fileno: int, recv):
        self._send, self._fileno, self._recv = send, fileno, recv
        self._buffer = b""

    def raw(self, data: bytes) -> None:
        self._send(data)

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))

    def request(self, ident, method: str, params=None) -> None:
        self.send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})

    def notify(self, method: str, params=None) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self) -> dict | None:
        """The next message, or None at end of stream."""
        deadline = time.monotonic() + TIMEOUT
        while b"\r\n\r\n" not in self._buffer or len(self._body_and_rest()) < self._length():
            if not select.select([self._fileno], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError("no message from the server")
            chunk = self._recv()
            if not chunk:
                return None
            self._buffer += chunk
        length = self._length()
        body, self._buffer = self._body_and_rest()[:length], self._body_and_rest()[length:]
        return json.loads(body)

    def _length(self) -> int:
        header = self._buffer.split(b"\r\n\r\n", 1)[0].decode()
        return int(next(line.split(":")[1] for line in header.split("\r\n") if line.lower().startswith("content-length")))

    def _body_and_rest(self) -> bytes:
        return self._buffer.split(b"\r\n\r\n", 1)[1]

    def reply(self) -> dict:
        """The next response (notifications and requests from the server skipped)."""
        while True:
            message = self.read()
            assert message is not None, "the server closed the connection before answering"
            if "method" not in message:
                return message

    def answer(self, ident) -> dict:
        """The response to request `ident`."""
        while (message := self.reply()).get("id") != ident:
            pass
        return message

    def initialize(self, root: Path, options=None) -> None:
        self.request("init", "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {},
                                            "initializationOptions": options})
        assert "capabilities" in self.answer("init")["result"]
        self.notify("initialized", {})

    def open(self, path: Path, text: str) -> str:
        uri = path.as_uri()
        self.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                              "text": text}})
        return uri

    def text(self, ident, uri: str) -> dict:
        self.request(ident, "copydesk/text", {"textDocument": {"uri": uri}})
        return self.answer(ident)


@pytest.fixture
def stdio(tmp_path):
    server = subprocess.Popen(SERVE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(data: bytes) -> None:
        server.stdin.write(data)
        server.stdin.flush()

    wire = Wire(send, server.stdout.fileno(), lambda: os.read(server.stdout.fileno(), 1 << 16))
    wire.server = server
    wire.initialize(tmp_path)
    yield wire
    server.kill()
    server.wait()


def published(wire: Wire, uri: str) -> list:
    """The complete diagnostics of `uri`: an early publish, which the server announces in a log
    message while its model loads, is passed over."""
    early = False
    while True:
        message = wire.read()
        params = message.get("params") or {}
        if message.get("method") == "window/logMessage" and params["message"].startswith(f"{uri} version"):
            early = early or EARLY in params["message"]
        elif message.get("method") == "textDocument/publishDiagnostics" and params["uri"] == uri:
            if not early:
                return params["diagnostics"]
            early = False


def error(message: dict) -> tuple:
    return message.get("id", "missing"), message["error"]["code"]


# -- 15. JSON-RPC framing and envelopes ----------------------------------------------------------
def test_malformed_messages_get_the_errors_json_rpc_prescribes(stdio, tmp_path):
    uri = stdio.open(tmp_path / "story.txt", "The us -led coalition struck.\n")
    for body, expected in [
        (b"{not json!!}", (None, -32700)),  # parse error
        (b"\xff\xfe{}", (None, -32700)),  # not UTF-8
        (b'[{"jsonrpc": "2.0", "id": 1, "method": "shutdown"}]', (None, -32600)),  # a batch: LSP has none
        (b"42", (None, -32600)),
        (b'{"id": 7, "method": "copydesk/text", "params": {"textDocument": {"uri": "%s"}}}' % uri.encode(),
         (7, -32600)),  # no "jsonrpc"
        (b'{"jsonrpc": "1.0", "id": 8, "method": "copydesk/text"}', (8, -32600)),
        (b'{"jsonrpc": "2.0", "id": 9, "method": 5}', (9, -32600)),
        (b'{"jsonrpc": "2.0", "id": {"a": 1}, "method": "copydesk/text"}', (None, -32600)),
        (b'{"jsonrpc": "2.0", "method": "textDocument/didOpen"', (None, -32700)),  # cut short
    ]:
        stdio.raw(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        reply = stdio.reply()
        assert error(reply) == expected, body
        assert reply["jsonrpc"] == "2.0" and "id" in reply  # id null, not left out
    assert stdio.text("after", uri)["result"]["version"] == 1  # still serving


def test_a_header_without_content_length_does_not_swallow_the_next_message(stdio, tmp_path):
    uri = stdio.open(tmp_path / "story.txt", "The us -led coalition struck.\n")
    body = json.dumps({"jsonrpc": "2.0", "id": "lost", "method": "copydesk/text", "params": {"textDocument": {"uri": uri}}})
    stdio.raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n" + body.encode())
    stdio.request("next", "copydesk/text", {"textDocument": {"uri": uri}})
    assert error(stdio.reply()) == (None, -32600)  # the headless one: no length, so no body to read
    assert stdio.answer("next")["result"]["text"] == "The us -led coalition struck.\n"


def _peak_rss(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))) * 1024


def test_oversized_messages_are_refused_and_the_server_keeps_serving(stdio, tmp_path):
    uri = stdio.open(tmp_path / "story.txt", (SEEDS / "coalition-strikes-deir-ezzour.txt").read_text())
    assert published(stdio, uri)  # the model is loaded and has parsed: memory is at its working size
    before = _peak_rss(stdio.server.pid)
    # Over the 64 MiB limit: refused at once, the body read past and dropped, not kept.
    size = 64 * MiB + 1
    stdio.raw(b"Content-Length: %d\r\n\r\n" % size)
    reply = stdio.reply()
    assert error(reply) == (None, -32600) and "64 MiB" in reply["error"]["message"]
    chunk = b" " * MiB
    for _ in range(64):
        stdio.raw(chunk)
    stdio.raw(b" ")
    assert stdio.text("after", uri)["result"]["version"] == 1
    assert _peak_rss(stdio.server.pid) - before < 32 * MiB
    # Two gigabytes announced: the refusal comes before a byte of the body.
    stdio.raw(b"Content-Length: 2000000000\r\n\r\n")
    assert error(stdio.reply()) == (None, -32600)
    assert stdio.server.poll() is None


# -- 14. TCP: one session per connection --------------------------------------------------------
def _free_port(family=socket.AF_INET, host="127.0.0.1") -> int:
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _connect(host: str, port: int, family=socket.AF_INET) -> Wire:
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            sock = socket.create_connection((host, port), timeout=TIMEOUT)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    wire = Wire(sock.sendall, sock.fileno(), lambda: sock.recv(1 << 16))
    wire.socket = sock
    return wire


@pytest.fixture
def tcp(tmp_path):
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "copydesk", "serve", "--tcp", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    yield port, server
    server.kill()
    server.wait()


def test_tcp_connections_are_separate_sessions_and_outlive_each_other(tcp, tmp_path):
    port, server = tcp
    a, b = _connect("127.0.0.1", port), _connect("127.0.0.1", port)
    a.initialize(tmp_path, {"select": ["typography"]})
    b.initialize(tmp_path, {"select": ["typography"], "severity": {"spaced-hyphen": "error"}})
    uri = a.open(tmp_path / "story.txt", "The us -led coalition struck.\n")
    assert [d["severity"] for d in published(a, uri)] == [3]  # a's own settings: the default, info
    assert error(b.text("peek", uri)) == ("peek", -32602)  # b cannot read a's documents
    b.socket.close()  # b goes away without a word: a goes on
    assert a.text("still", uri)["result"]["text"] == "The us -led coalition struck.\n"
    c = _connect("127.0.0.1", port)  # and a new client is served
    c.initialize(tmp_path)
    a.request("bye", "shutdown")
    assert a.answer("bye")["result"] is None
    a.notify("exit")
    assert a.read() is None  # exit ends a's session: its connection closes
    assert error(c.text("own", uri)) == ("own", -32602)
    assert server.poll() is None


def test_tcp_on_ipv6_brackets(tmp_path):
    try:
        port = _free_port(socket.AF_INET6, "::1")
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    server = subprocess.Popen([sys.executable, "-m", "copydesk", "serve", "--tcp", f"[::1]:{port}"],
                              stderr=subprocess.PIPE)
    try:
        wire = _connect("::1", port, socket.AF_INET6)
        wire.initialize(tmp_path)
        assert server.poll() is None
    finally:
        server.kill()
        server.wait()


@pytest.mark.parametrize("where", ["busy", "no.such.host.invalid:2087"])
def test_a_port_that_cannot_be_bound_is_a_one_line_error(where):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        address = f"127.0.0.1:{busy.getsockname()[1]}" if where == "busy" else where
        run = subprocess.run([sys.executable, "-m", "copydesk", "serve", "--tcp", address], capture_output=True,
                             text=True, timeout=TIMEOUT)
    assert run.returncode == 2
    [line] = run.stderr.splitlines()
    assert line.startswith(f"copydesk: cannot listen on {address}: ")
