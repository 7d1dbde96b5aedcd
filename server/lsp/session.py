"""One client's session: its documents, settings, config and analyses, and the scheduling of those
analyses. The analysis itself is `copydesk.engine.analyse`, run on a thread of its own so the event
loop keeps answering; the handlers that drive a session are copydesk.lsp.handlers."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer

from copydesk import __version__, config as configs, engine, fixes, nlp
from copydesk.config import Config, ConfigError
from copydesk.files import InputError, decode
from copydesk.lsp import convert, memory, settings as editor_settings
from copydesk.lsp.documents import Document
from copydesk.lsp.protocol import Protocol
from copydesk.rules import caches
from copydesk.rules.api import Finding
from copydesk.text import UTF16, LineIndex

log = logging.getLogger("copydesk.lsp")


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
    """Analyses on threads of their own, one thread per document at a time: a big document never
    keeps a small one waiting (they take turns with the model, batch by batch: copydesk.nlp.Turns).
    A newer analysis of a document stops the running one at its next paragraph or rule and runs
    next on the same thread; one that was still waiting to run is dropped for it, so however fast
    the edits come, a document has one analysis running and at most one waiting. Daemon threads,
    so a long analysis never keeps the process alive after `exit`."""

    def __init__(self) -> None:
        self._stops: dict[str, threading.Event] = {}
        self._waiting: dict[str, tuple[concurrent.futures.Future, Callable, tuple]] = {}
        self._busy: set[str] = set()  # documents with a thread
        self._lock = threading.Lock()

    def submit(self, uri: str, fn: Callable, *args) -> tuple[concurrent.futures.Future, threading.Event]:
        """Run fn(*args, stop.is_set) for `uri` once the analysis it replaces has stopped."""
        self.stop(uri)
        stop = self._stops[uri] = threading.Event()
        job: concurrent.futures.Future = concurrent.futures.Future()
        with self._lock:
            if (dropped := self._waiting.pop(uri, None)) is not None:
                dropped[0].cancel()  # never started: a newer version is here
            self._waiting[uri] = (job, fn, (*args, stop.is_set))
            if uri in self._busy:
                return job, stop
            self._busy.add(uri)
        threading.Thread(target=self._work, args=(uri,), name="copydesk-analysis", daemon=True).start()
        return job, stop

    def _work(self, uri: str) -> None:
        while True:
            with self._lock:
                if uri not in self._waiting:
                    self._busy.discard(uri)
                    return
                job, fn, args = self._waiting.pop(uri)
            _complete(job, fn, args)

    def stop(self, uri: str | None = None) -> None:
        """Stop the analysis of `uri`, or every one."""
        for key in [uri] if uri else list(self._stops):
            if (stop := self._stops.pop(key, None)) is not None:
                stop.set()

    @staticmethod
    def run(fn: Callable, *args) -> concurrent.futures.Future:
        """fn(*args) on a thread of its own."""
        job: concurrent.futures.Future = concurrent.futures.Future()
        threading.Thread(target=_complete, args=(job, fn, args), name="copydesk-analysis", daemon=True).start()
        return job


def _complete(job: concurrent.futures.Future, fn: Callable, args: tuple) -> None:
    if job.set_running_or_notify_cancel():
        try:
            job.set_result(fn(*args))
        except BaseException as exc:
            job.set_exception(exc)


class CopydeskServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "copydesk", __version__, protocol_cls=Protocol, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
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
        self._shown: set[str] = set()  # messages shown under the settings of generation _shown_in
        self._shown_in = 0
        self._configs: dict[Path | None, tuple[tuple, Config, list[str]]] = {}  # by file: (stamp, config, problems)
        self._turnovers = 0  # the memory zones turned over when memory was last handed back
        self._trim: asyncio.TimerHandle | None = None
        self._trimmed = 0.0  # when memory was last handed back (the event loop's clock)

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
        if self._shown_in != self.generation:  # what was shown under older settings may show again
            self._shown_in, self._shown = self.generation, set()
        if message not in self._shown:
            self._shown.add(message)
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
        version = (stamp, self.generation)
        if self._configs.get(path, ((),))[0] != version:  # one entry a file: its current version
            problems = []
            try:
                base = configs.load(path) if path else Config()
            except ConfigError as exc:
                problems.append(f"config error: {exc}; using the defaults")
                base = Config()
            config, more = editor_settings.layered(base, self.settings.config)
            self._configs[path] = (version, config, problems + more)
        _, config, problems = self._configs[path]
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
            early = None
            if not nlp.ready(config.model) and not self.pull:
                # spaCy is still loading (a second or two after start): the rules that need only
                # the text publish now, and this version's complete diagnostics replace them.
                early = await self._analyse(doc, config, version, generation, within={"text"})
                if early.partial and self._current(doc, version):
                    self.window_log_message(types.LogMessageParams(
                        type=types.MessageType.Log, message=early_notice(doc.uri, version)))
                    self.publish(doc.uri, early, version)
            # No rule was left for the model (only text rules selected): the early result is complete.
            result = early if early is not None and not early.partial else await self._analyse(doc, config, version, generation)
        if nlp.turnovers() != self._turnovers or asyncio.get_running_loop().time() - self._trimmed > TRIM_EVERY:
            # Each analysis frees what it took; glibc keeps the pages that lie between live ones,
            # and a fix-all or a long story takes more at a time: the heap would grow by the peaks.
            self._turnovers = nlp.turnovers()
            self.freed()
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
        except engine.Cancelled as exc:  # a newer analysis of the document stopped this one: no failure
            self._stopped(doc, version, job)
            raise asyncio.CancelledError from exc
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

    def opened(self) -> None:
        """The open documents changed: the caches may hold their share of the open text."""
        caches.open_text(id(self), sum(len(doc.text) for doc in self.docs.values()))

    def forget(self, uri: str) -> None:
        """The document is closed: stop its analysis and drop everything kept for it."""
        self.docs.pop(uri, None)
        self.opened()
        self.results.pop(uri, None)
        if (task := self.tasks.pop(uri, None)) is not None:
            task.cancel()
        self.analyses.stop(uri)
        nlp.release(uri)
        self.freed()

    def freed(self) -> None:
        """Memory was freed (a document closed, a memory zone turned over, analyses came and went):
        hand it back to the system in a second, once for a burst."""
        if self._trim is None:
            def trim() -> None:
                self._trim = None
                self._trimmed = loop.time()
                memory.trim()

            loop = asyncio.get_running_loop()
            self._trim = loop.call_later(1, trim)

    def close(self) -> None:
        """The session is over: stop its analyses."""
        for task in self.tasks.values():
            task.cancel()
        self.analyses.stop()
        for uri in list(self.docs):
            nlp.release(uri)
        caches.open_text(id(self), 0)

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
    report = engine.analyse(text, config, path=path or uri, kind=kind, cancelled=cancelled, within=within, owner=uri)
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


#: Seconds between two hand-backs of freed memory while analyses run.
TRIM_EVERY = 30

DEGRADED = "degraded-mode"
EARLY = "early diagnostics while the spaCy model loads"


def early_notice(uri: str, version: int | None) -> str:
    """The log message sent just before a version's early publish: a client that wants only
    complete diagnostics passes over the publish that follows it."""
    return f"{uri} version {version}: {EARLY}; the rules that need it follow"


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
