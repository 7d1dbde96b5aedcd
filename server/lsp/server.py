"""`copydesk serve`: the handlers. Each one converts between LSP and the engine; the analysis itself
is `copydesk.engine.analyse`, run on a thread of its own so the event loop keeps answering. One
CopydeskServer is one session: its documents, settings and analyses belong to one client."""

from __future__ import annotations

import asyncio
import functools
import concurrent.futures
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import RPCRequest
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from copydesk import __version__, config as configs, engine, fixes, nlp
from copydesk.config import Config, ConfigError
from copydesk.files import InputError, decode
from copydesk.lsp import convert, gazetteer, settings as editor_settings
from copydesk.lsp.documents import Document
from copydesk.text import UTF8, UTF16, UTF32, LineIndex
from copydesk.rules.api import Finding

log = logging.getLogger("copydesk.lsp")

ADD_TO_GAZETTEER = "copydesk.addToGazetteer"
# Rules whose findings are spellings the house gazetteer can settle.
GAZETTEER_RULES = {"inconsistent-spelling"}
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.copydesk"
_ENCODINGS = {"utf-8": UTF8, "utf-16": UTF16, "utf-32": UTF32}


@dataclass
class Result:
    """One analysis of one version of a document."""

    version: int | None
    generation: int  # of the settings it was made with
    text: str
    findings: list[Finding] = field(default_factory=list)
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # shown to the user once each
    errors: list[engine.RuleFailure] = field(default_factory=list)  # rules that failed: logged
    degraded: str | None = None  # the model could not be loaded: said on the document too
    fixed: str | None = None  # the text after every safe fix, once asked for
    partial: bool = False  # some rules were left for later (the model was loading)

    @property
    def result_id(self) -> str:
        return f"{self.version}.{self.generation}"


class Analyses:
    """Analyses on threads of their own, one per document at a time: a big document never keeps a
    small one waiting (they take turns with the model, batch by batch: copydesk.nlp.Turns), and a
    newer analysis of a document stops the older one between paragraphs. Daemon threads, so a long
    analysis never keeps the process alive after `exit`."""

    def __init__(self) -> None:
        self._stops: dict[str, threading.Event] = {}

    def submit(self, uri: str, fn: Callable, *args) -> tuple[concurrent.futures.Future, threading.Event]:
        """Run fn(*args, stop.is_set) for `uri`, after stopping the analysis it replaces."""
        self.stop(uri)
        stop = self._stops[uri] = threading.Event()
        return self.run(fn, *args, stop.is_set), stop

    def stop(self, uri: str | None = None) -> None:
        """Stop the analysis of `uri`, or every one."""
        for key in [uri] if uri else list(self._stops):
            if (stop := self._stops.pop(key, None)) is not None:
                stop.set()

    @staticmethod
    def run(fn: Callable, *args) -> concurrent.futures.Future:
        job: concurrent.futures.Future = concurrent.futures.Future()

        def work() -> None:
            if job.set_running_or_notify_cancel():
                try:
                    job.set_result(fn(*args))
                except BaseException as exc:
                    job.set_exception(exc)

        threading.Thread(target=work, name="copydesk-analysis", daemon=True).start()
        return job


class Protocol(LanguageServerProtocol):
    """pygls's protocol with these changes: document sync goes to our own store (LSP's line rules,
    lenient ranges); a request that cannot be parsed, or that comes after shutdown, still gets an
    error answer; and `exit` ends the session (copydesk.lsp.serve), not the process."""

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

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if "id" in data and "method" in data:  # a request: the client is waiting for an answer
                cause = exc.__cause__
                error = JsonRpcInvalidParams(f"invalid params for {data['method']}: {cause or exc}")
                self._send_response(data["id"], error=error.to_response_error())
            raise


class CopydeskServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "copydesk", __version__, protocol_cls=Protocol, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        for name, options, handler in _FEATURES:
            self.feature(name, options)(handler)
        for name, handler in _COMMANDS:
            self.command(name)(handler)
        self.docs: dict[str, Document] = {}
        self.tasks: dict[str, asyncio.Task] = {}
        self.results: dict[str, Result] = {}
        self.analyses = Analyses()
        self.init_options: Any = None
        self.editor_config: Any = None
        self.settings = editor_settings.Settings()
        self.generation = 0  # bumped when settings or config files change: every result is stale
        self.root: Path | None = None
        self.encoding = UTF16
        self.pull = False  # the client asks for diagnostics (textDocument/diagnostic) instead
        self._shown: set[str] = set()
        self._configs: dict[tuple, tuple[Config, list[str]]] = {}

    # -- what the client can do ----------------------------------------------------------------
    def _capability(self, *path: str) -> Any:
        item: Any = self.client_capabilities
        for name in path:
            item = getattr(item, name, None)
            if item is None:
                return None
        return item

    # -- messages ------------------------------------------------------------------------------
    def notify_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Show a message once per settings generation; log it every time."""
        log.warning("%s", message)
        self.window_log_message(types.LogMessageParams(type=kind, message=message))
        if (self.generation, message) not in self._shown:
            self._shown.add((self.generation, message))
            self.window_show_message(types.ShowMessageParams(type=kind, message=f"copydesk: {message}"))

    # -- settings and config -------------------------------------------------------------------
    def load_settings(self) -> None:
        self.settings, problems = editor_settings.parse(self.init_options, self.editor_config)
        self.generation += 1
        self._configs.clear()
        for problem in problems:
            self.notify_once(problem)

    def config_for(self, doc: Document | None) -> Config:
        """The project config (the configured file, else the nearest to the document) with the
        editor's settings over it. Cached until the file changes on disk or the settings do."""
        path = self._config_path(doc)
        try:
            stamp = path.stat().st_mtime_ns if path else None
        except OSError:
            stamp = None
        key = (path, stamp, self.generation)
        if key not in self._configs:
            problems = []
            try:
                base = configs.load(path) if path else Config()
            except ConfigError as exc:
                problems.append(f"config error: {exc}; using the defaults")
                base = Config()
            config, more = editor_settings.layered(base, self.settings.config)
            self._configs[key] = (config, problems + more)
        config, problems = self._configs[key]
        for problem in problems:
            self.notify_once(problem)
        return config

    def _config_path(self, doc: Document | None) -> Path | None:
        if self.settings.config_file:
            path = Path(self.settings.config_file).expanduser()
            return path if path.is_absolute() or not self.root else self.root / path
        folder = doc.folder if doc and doc.folder else self.root
        return configs.find(folder) if folder and folder.exists() else None

    # -- analysis ------------------------------------------------------------------------------
    def schedule(self, doc: Document, delay: float) -> asyncio.Task:
        """Lint the document's current version after `delay` seconds; a newer call cancels this one."""
        old = self.tasks.get(doc.uri)
        if old and not old.done():
            old.cancel()
        task = asyncio.ensure_future(self._lint(doc, delay))
        self.tasks[doc.uri] = task
        return task

    async def _lint(self, doc: Document, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        version, generation = doc.version, self.generation
        if not self.settings.enable:
            result = Result(version, generation, doc.text)
        else:
            config = self.config_for(doc)
            if not nlp.ready(config.model) and not self.pull:
                # spaCy is still loading (a second or two after start): the rules that need only
                # the text publish now, and this version's complete diagnostics replace them.
                early = await self._analyse(doc, config, version, generation, within={"text"})
                if early.partial and self._current(doc, version):
                    self.window_log_message(types.LogMessageParams(type=types.MessageType.Log, message=(
                        f"{doc.uri} version {version}: {EARLY}; the rules that need it follow")))
                    self.publish(doc.uri, early, version)
            result = await self._analyse(doc, config, version, generation)
        if not self._current(doc, version):
            return  # a newer version is on its way: never publish for a stale one
        self.results[doc.uri] = result
        for notice in result.notices:
            self.notify_once(notice)
        for error in result.errors:
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error, message=f"{doc.uri}: {error}"))
        if not self.pull:
            self.publish(doc.uri, result, version)

    def _current(self, doc: Document, version: int | None) -> bool:
        return self.docs.get(doc.uri) is doc and doc.version == version

    async def _analyse(
        self, doc: Document, config: Config, version: int | None, generation: int, within: set[str] | None = None
    ) -> Result:
        """The document's analysis on a thread of its own; a newer one stops it (CancelledError)."""
        job, stop = self.analyses.submit(
            doc.uri, analyse, doc.uri, doc.path, doc.kind, doc.text, version, generation, config,
            self.encoding, self.settings.docs_url, within,
        )
        try:
            return await asyncio.wrap_future(job)
        except asyncio.CancelledError:  # a newer version, or the document closed: stop it there
            stop.set()
            loop = asyncio.get_running_loop()
            job.add_done_callback(lambda job: loop.is_closed() or loop.call_soon_threadsafe(self._stopped, doc, version, job))
            raise
        except Exception as exc:  # the engine itself failed: say so, keep serving
            log.exception("analysis of %s failed", doc.uri)
            return Result(version, generation, doc.text, notices=[f"cannot lint {doc.uri}: {exc}"])

    def _stopped(self, doc: Document, version: int | None, job: concurrent.futures.Future) -> None:
        if not job.cancelled() and isinstance(job.exception(), engine.Cancelled):
            self.window_log_message(types.LogMessageParams(
                type=types.MessageType.Log, message=f"{doc.path or doc.uri} version {version}: {job.exception()}"))

    def publish(self, uri: str, result: Result | None, version: int | None) -> None:
        diagnostics = shown(result) if result else []
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version))

    def close(self) -> None:
        """The session is over: stop its analyses."""
        for task in self.tasks.values():
            task.cancel()
        self.analyses.stop()

    async def current(self, doc: Document) -> Result | None:
        """The result for the document's current version and settings, waiting for it if needed."""
        while self.docs.get(doc.uri) is doc:
            result = self.results.get(doc.uri)
            if result and result.version == doc.version and result.generation == self.generation:
                return result
            task = self.tasks.get(doc.uri)
            if task is None or task.done():
                task = self.schedule(doc, 0)
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                if asyncio.current_task().cancelling():
                    raise
                # a newer edit replaced that run: wait for the newer one
        return None

    async def fixed_all(self, doc: Document, result: Result) -> str:
        """The text after every safe fix, through the same fix loop as `copydesk lint --fix`;
        worked out once per analysed version, on a thread of its own."""
        if result.fixed is None:
            config = self.config_for(doc)
            first = engine.Report(findings=result.findings, errors=list(result.errors))
            analyse_text = functools.partial(engine.analyse, config=config, path=doc.path or doc.uri, kind=doc.kind)
            _, result.fixed, _ = await asyncio.wrap_future(
                Analyses.run(functools.partial(fixes.until_stable, first=first), result.text, analyse_text)
            )
        return result.fixed

    def relint_all(self) -> None:
        for doc in self.docs.values():
            self.schedule(doc, 0)
        if self.pull and self._capability("workspace", "diagnostics", "refresh_support"):
            self.workspace_diagnostic_refresh(None)

    def document(self, uri: str) -> Document:
        doc = self.docs.get(uri)
        if doc is None:
            raise JsonRpcInvalidParams(f"document not open: {uri}")
        return doc


def analyse(
    uri: str, path: str | None, kind: str, text: str, version: int | None, generation: int,
    config: Config, encoding: str, docs_url: str | None, within: set[str] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Result:
    """Runs on an analysis thread: the engine's report on one text, as diagnostics."""
    name = path or uri
    try:  # the same limits and checks as `copydesk lint` (size, binary, encodable text)
        decode(text.encode("utf-8", "surrogatepass"), name, config.max_file_size)
    except InputError as exc:
        return Result(version, generation, text, notices=[f"not linted: {exc}"])
    report = engine.analyse(text, config, path=path or uri, kind=kind, cancelled=cancelled, within=within)
    lines = LineIndex(text, encoding)
    return Result(
        version,
        generation,
        text,
        report.findings,
        [convert.diagnostic(f, lines, uri, version, docs_url) for f in report.findings],
        notices=report.warnings + [f"rule {e.rule} failed; see the log" for e in report.errors],
        errors=report.errors,
        degraded=report.model_failure and f"{report.model_failure}; degraded mode, skipping {', '.join(report.skipped)}",
        partial=bool(report.deferred),
    )


DEGRADED = "degraded-mode"
EARLY = "early diagnostics while the spaCy model loads"


def shown(result: Result) -> list[types.Diagnostic]:
    """The result's diagnostics, with a notice on the first line while the model is missing: a
    status the editor keeps showing, where a message goes by. It is no finding (no rule, no
    fix), so it stays out of result.diagnostics, which code actions read."""
    if not result.degraded:
        return result.diagnostics
    notice = types.Diagnostic(
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        message=f"copydesk: {result.degraded}", severity=types.DiagnosticSeverity.Information,
        code=DEGRADED, source=f"{convert.SOURCE} (degraded mode)",
    )
    return [notice, *result.diagnostics]


# Handlers, registered on each CopydeskServer (one per session) as it is made.
_FEATURES: list[tuple[str, Any, Callable]] = []
_COMMANDS: list[tuple[str, Callable]] = []


def feature(name: str, options: Any = None) -> Callable:
    def register(handler: Callable) -> Callable:
        _FEATURES.append((name, options, handler))
        return handler

    return register


def command(name: str) -> Callable:
    def register(handler: Callable) -> Callable:
        _COMMANDS.append((name, handler))
        return handler

    return register


# -- lifecycle -----------------------------------------------------------------------------------
@feature(types.INITIALIZE)
def initialize(ls: CopydeskServer, params: types.InitializeParams) -> None:
    ls.init_options = params.initialization_options
    root = params.root_uri or (params.workspace_folders[0].uri if params.workspace_folders else None)
    ls.root = Path(to_fs_path(root)) if root and root.startswith("file:") else None
    ls.pull = ls._capability("text_document", "diagnostic") is not None
    encodings = ls._capability("general", "position_encodings") or []
    ls.encoding = next((_ENCODINGS[e] for e in encodings if e in _ENCODINGS), UTF16)
    ls.load_settings()
    from copydesk.nlp import pipeline

    # Load spaCy now, so the first document does not also wait for the import; and say at once,
    # not at the first document, when the model cannot be loaded.
    config, loop = ls.config_for(None), asyncio.get_running_loop()
    job = Analyses.run(pipeline, config.model)
    job.add_done_callback(lambda job: loop.call_soon_threadsafe(_loaded, ls, config, job))


@feature(types.INITIALIZED)
async def initialized(ls: CopydeskServer, params: types.InitializedParams) -> None:
    if ls._capability("workspace", "configuration"):
        await pull_configuration(ls)
    if ls._capability("workspace", "did_change_watched_files", "dynamic_registration"):
        watchers = [types.FileSystemWatcher(glob_pattern=f"**/{name}") for name in configs.CONFIG_FILES]
        try:
            await ls.client_register_capability_async(
                types.RegistrationParams(registrations=[
                    types.Registration(
                        id="copydesk-config-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                    )
                ])
            )
        except Exception as exc:  # the client may refuse; config changes are still seen at the next lint
            log.info("file watching not registered: %s", exc)


def _loaded(ls: CopydeskServer, config: Config, job: concurrent.futures.Future) -> None:
    if job.exception() is not None:
        log.warning("cannot load the spaCy model: %s", job.exception())
        return
    nlp = job.result()
    if nlp.degraded:  # the same words as each analysis's warning, so the message shows once
        skipped = [rule.name for rule in engine.rules_for(config) if not rule.needs <= nlp.available]
        ls.notify_once(f"{nlp.warning}: {', '.join(skipped)}")


async def pull_configuration(ls: CopydeskServer) -> None:
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=editor_settings.SECTION)])
        )
    except Exception as exc:
        log.warning("workspace/configuration failed: %s", exc)
        return
    ls.editor_config = answer[0] if answer else None
    ls.load_settings()
    ls.relint_all()


@feature(types.SHUTDOWN)
def shutdown(ls: CopydeskServer, params: None) -> None:
    for task in ls.tasks.values():
        task.cancel()


@feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: CopydeskServer, params: types.DidChangeConfigurationParams) -> None:
    if ls._capability("workspace", "configuration"):
        await pull_configuration(ls)
    else:
        ls.editor_config = params.settings
        ls.load_settings()
        ls.relint_all()


@feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: CopydeskServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.generation += 1
    ls.relint_all()


# -- document sync -------------------------------------------------------------------------------
@feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CopydeskServer, params: types.DidOpenTextDocumentParams) -> None:
    item = params.text_document
    doc = Document(item.uri, item.text, item.version, item.language_id, ls.encoding)
    ls.docs[item.uri] = doc
    ls.schedule(doc, 0)


@feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CopydeskServer, params: types.DidChangeTextDocumentParams) -> None:
    doc = ls.docs.get(params.text_document.uri)
    if doc is None:
        log.warning("change to a document that is not open: %s", params.text_document.uri)
        return
    version = params.text_document.version
    if doc.version is not None and version is not None and version <= doc.version:
        # Versions only grow (LSP): this change was made to a text older than ours. Applying it
        # would corrupt the document; a client that sends it is out of step, and says so by it.
        message = f"{doc.uri}: ignored a stale change to version {version}; the document is at version {doc.version}"
        log.warning("%s", message)
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning, message=message))
        return
    for change in params.content_changes:
        doc.apply(change)
    doc.version = version
    if ls.settings.lint_on == "type":
        # The debounce is for bursts: a change that finds the last one's analysis still under way
        # waits for a pause; the first change after a pause is linted at once (a newer change stops
        # that analysis between paragraphs, so nothing is lost by starting).
        pending = (task := ls.tasks.get(doc.uri)) is not None and not task.done()
        ls.schedule(doc, ls.settings.debounce / 1000 if pending else 0)
    elif (task := ls.tasks.get(doc.uri)) and not task.done():
        task.cancel()


@feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
def did_save(ls: CopydeskServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if Path(to_fs_path(uri) or uri).name in configs.CONFIG_FILES:
        ls.generation += 1
        ls.relint_all()
    elif (doc := ls.docs.get(uri)) is not None:
        ls.schedule(doc, 0)


@feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CopydeskServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.docs.pop(uri, None)
    ls.results.pop(uri, None)
    if (task := ls.tasks.pop(uri, None)) is not None:
        task.cancel()
    if not ls.pull:
        ls.publish(uri, None, None)


# -- diagnostics, hover, code actions ------------------------------------------------------------
@feature(
    types.TEXT_DOCUMENT_DIAGNOSTIC,
    types.DiagnosticOptions(identifier="copydesk", inter_file_dependencies=False, workspace_diagnostics=False),
)
async def diagnostic(ls: CopydeskServer, params: types.DocumentDiagnosticParams):
    result = await ls.current(ls.document(params.text_document.uri))
    if result is None:  # closed while we waited
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    if params.previous_result_id == result.result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result.result_id)
    return types.RelatedFullDocumentDiagnosticReport(items=shown(result), result_id=result.result_id)


@feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
async def document_symbol(ls: CopydeskServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    """The outline: the story's sources, each with its attributions."""
    from copydesk.lsp import outline
    from copydesk.sources import sources

    doc = ls.document(params.text_document.uri)
    text, config = doc.text, ls.config_for(doc)
    found, _, _ = await asyncio.wrap_future(Analyses.run(functools.partial(sources, path=doc.path or doc.uri, kind=doc.kind), text, config))
    if ls.docs.get(doc.uri) is not doc or doc.text != text:
        return []  # edited meanwhile: the client asks again
    return outline.symbols(text, found, LineIndex(text, ls.encoding))


@feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: CopydeskServer, params: types.HoverParams) -> types.Hover | None:
    doc = ls.document(params.text_document.uri)
    result = await ls.current(doc)
    if result is None or params.position.line >= len(doc.lines):
        return None
    offset = doc.offset(params.position)
    found = [f for f in result.findings if f.start <= offset < f.end or f.start == f.end == offset]
    if not found:
        return None
    start, end = min(f.start for f in found), max(f.end for f in found)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=convert.hover_text(found)),
        range=convert.lsp_range(doc.lines, start, end),
    )


@feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
)
async def code_action(ls: CopydeskServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    from copydesk.lsp import actions

    doc = ls.document(params.text_document.uri)
    result = await ls.current(doc)
    if result is None:
        return []
    versioned = bool(ls._capability("workspace", "workspace_edit", "document_changes"))
    found = actions.for_request(doc, result, params, versioned, await ls.fixed_all(doc, result))
    only = params.context.only
    if only:
        found = [a for a in found if any(a.kind == k or a.kind.startswith(f"{k}.") for k in only)]
    return found


@command(ADD_TO_GAZETTEER)
async def add_to_gazetteer(ls: CopydeskServer, uri: str, spelling: str, variants: list[str]) -> str:
    """Make `spelling` the house spelling (its variants listed) in the project's config file, or a
    new .copydesk.toml in the workspace (or the document's folder) when there is none."""
    doc = ls.docs.get(uri)
    path = ls._config_path(doc)
    if path is None:
        folder = ls.root or (doc.folder if doc else None)
        if folder is None:
            raise JsonRpcInvalidParams("no workspace folder to hold a .copydesk.toml")
        path = folder / ".copydesk.toml"
    try:
        gazetteer.add(path, spelling, variants)
    except (OSError, ConfigError) as exc:
        ls.notify_once(f"cannot add {spelling!r} to the gazetteer in {path}: {exc}", types.MessageType.Error)
        raise JsonRpcInvalidParams(str(exc)) from exc
    ls.generation += 1
    ls.relint_all()
    return str(path)


@feature("copydesk/text")
def document_text(ls: CopydeskServer, params: Any) -> dict[str, Any]:
    """The server's copy of a document (for checking sync from a client or a test)."""
    # pygls hands over the params of a method it has no type for as named tuples
    doc = ls.document(params.textDocument.uri)
    return {"version": doc.version, "text": doc.text}

