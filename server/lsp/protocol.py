"""pygls's protocol, with the changes a session needs (see Protocol)."""

from __future__ import annotations

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest
from pygls.protocol.language_server import lsp_method


class Protocol(LanguageServerProtocol):
    """pygls's protocol with these changes: document sync goes to our own store (LSP's line rules,
    lenient ranges); a request that cannot be parsed, or that comes after shutdown, still gets an
    error answer; `exit` ends the session (copydesk.lsp.serve), not the process; and a notification
    leaves nothing behind."""

    exited = False

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args) -> None:
        self.exited = True

    def handle_message(self, message):
        if self._shutdown and isinstance(message, RPCRequest) and message.method != types.EXIT:
            error = JsonRpcInvalidRequest(f"the server is shut down: {message.method} refused; only exit is accepted")
            self._send_response(message.id, error=error.to_response_error())
            return
        super().handle_message(message)

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params):
        yield self.fm.features[types.TEXT_DOCUMENT_DID_OPEN], (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params):
        yield self.fm.features[types.TEXT_DOCUMENT_DID_CHANGE], (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params):
        yield self.fm.features[types.TEXT_DOCUMENT_DID_CLOSE], (params,), None

    def _handle_notification(self, method_name, params):
        # pygls keeps the future of a notification handled by a generator, a coroutine or a thread
        # (didOpen, didChange, didClose are generators) under a random id that it never removes:
        # one future per keystroke, for as long as the server runs.
        before = set(self._request_futures)
        super()._handle_notification(method_name, params)
        # A cancelled one is left: only shutdown cancels them, while it iterates over the futures
        # (concurrent futures call back at once, and a pop then would break its loop).
        for msg_id in set(self._request_futures) - before:
            self._request_futures[msg_id].add_done_callback(
                lambda f, msg_id=msg_id: f.cancelled() or self._request_futures.pop(msg_id, None))

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" in data and "method" in data:  # a request: the client is waiting for an answer
                cause = exc.__cause__
                error = JsonRpcInvalidParams(f"invalid params for {data['method']}: {cause or exc}")
                self._send_response(data["id"], error=error.to_response_error())
            raise
