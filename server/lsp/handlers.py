"""`copydesk serve`: the handlers. Each one converts between LSP and the engine for one session
(copydesk.lsp.session.CopydeskServer), registered on it as it is made (session())."""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import logging
import re
from pathlib import Path
from typing import Any, Callable

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.uris import to_fs_path

from copydesk import config as configs, engine, nlp
from copydesk.config import Config, ConfigError
from copydesk.lsp import actions, convert, gazetteer, outline, settings as editor_settings
from copydesk.lsp.actions import ADD_TO_GAZETTEER, FIX_ALL
from copydesk.lsp.documents import Document
from copydesk.lsp.session import Analyses, CopydeskServer, shown
from copydesk.rules import caches
from copydesk.text import UTF8, UTF16, UTF32, LineIndex

log = logging.getLogger("copydesk.lsp")
_ENCODINGS = {"utf-8": UTF8, "utf-16": UTF16, "utf-32": UTF32}

_FEATURES: list[tuple[str, Any, Callable]] = []
_COMMANDS: list[tuple[str, Callable]] = []


def session() -> CopydeskServer:
    """A new session, with every handler registered on it."""
    ls = CopydeskServer()
    for name, options, handler in _FEATURES:
        ls.feature(name, options)(handler)
    for name, handler in _COMMANDS:
        ls.command(name)(handler)
    return ls


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
    # The rules first, here: imported on the analysis thread, they would compete with spaCy's
    # import for the interpreter and hold back the first document's early diagnostics.
    engine.rules_for(config)
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
    ls.opened()
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
    ls.opened()
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
    ls.forget(uri)
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


_SURROGATE = re.compile("[\ud800-\udfff]")


@command(ADD_TO_GAZETTEER)
async def add_to_gazetteer(ls: CopydeskServer, uri: str, spelling: str, variants: list[str]) -> str:
    """Make `spelling` the house spelling (its variants listed) in the project's config file, or a
    new .copydesk.toml in the workspace (or the document's folder) when there is none."""
    names = [spelling, *variants] if isinstance(variants, list) else None
    if not isinstance(uri, str) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise JsonRpcInvalidParams(f"{ADD_TO_GAZETTEER} takes a document URI, a spelling and a list of variants")
    if any(_SURROGATE.search(n) for n in names):  # JSON can escape one; no file can hold it
        raise JsonRpcInvalidParams(f"{ADD_TO_GAZETTEER}: a name is not Unicode text (a lone surrogate)")
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


@feature("copydesk/memory")
def memory_held(ls: CopydeskServer, params: Any) -> dict[str, Any]:
    """What the server holds (for a benchmark or a test): every cache's entries and bytes against its
    bound, each loaded model's parses by document, strings and memory zones turned over, and the
    messages it is handling."""
    return {
        "caches": [{"name": n, "entries": e, "bytes": b, "bound": limit} for n, e, b, limit, _ in caches.report()],
        "models": nlp.holdings(),
        "pending": len(ls.protocol._request_futures),  # messages being handled, or a leak
    }


@feature("copydesk/text")
def document_text(ls: CopydeskServer, params: Any) -> dict[str, Any]:
    """The server's copy of a document (for checking sync from a client or a test)."""
    # pygls hands over the params of a method it has no type for as named tuples
    doc = ls.document(params.textDocument.uri)
    return {"version": doc.version, "text": doc.text}
