"""spaCy, loaded once, run only as far as the enabled rules need and only where they need it.

A paragraph is parsed once per set of components and cached by its text, so the language server
re-parses only the paragraphs an edit touched, and the CLI shares one parse across rules.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import itertools
import os
import sys
import threading
import types
from collections import deque
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

# One OpenBLAS thread: the matrices are small, and a second thread spinning on a busy machine made
# the parse several times slower. It must be set before numpy is first imported, which any rule
# may do (spaCy's stop words import spaCy), so it is set when this module is, before any rule runs.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from copydesk.config import DEFAULT_MODEL  # noqa: E402 (after the thread count, as every import below)
from copydesk.rules.caches import cache

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


# Which pipeline components each need runs. The small English model's tagger and parser listen
# to the shared tok2vec; its NER has its own.
_COMPONENTS = {
    "tokens": (),
    "tagger": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer"),
    "parser": ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser"),
    "ner": ("ner",),
}


class Pipeline:
    """A loaded spaCy model (or the degraded tokenizer-only fallback) and the parses it made.

    A parse is kept by its text and components in two ways: each open document holds the parses
    its last analysis used (`hold`, dropped by `release` when it closes), and the shared cache
    "parses" (copydesk.rules.caches) keeps recent ones by size for everything else.

    A `zoned` pipeline serves a long-running process: spaCy's vocabulary takes in every new word
    it meets (each half-typed word in an editor), so it parses inside a memory zone, and once
    the zone has taken in ZONE_STRINGS new strings it turns it over between readings: the parses
    the open documents hold are carried into a new zone, the rest are dropped, and the vocabulary
    is back to the words in use. A Doc must be read only inside `reading()`."""

    def __init__(self, model: str = DEFAULT_MODEL, zoned: bool = False):
        self.model = model
        self.failure: str | None = None  # why the model could not be loaded
        self.warning: str | None = None
        try:
            self.nlp = _load(model)
        except Exception as exc:  # the server goes on without it; `copydesk lint` stops (batch.py)
            import spacy

            self.failure = f"spaCy model {model!r} cannot be loaded ({exc})"
            # One warning says it all: what failed, why, and what still runs.
            self.warning = (
                f"{self.failure}; running in degraded mode (tokenizer and sentencizer only): "
                "rules that need the tagger, parser or NER are skipped"
            )
            self.nlp = spacy.blank("en")
        _keep_whole(self.nlp)
        from spacy.pipeline import Sentencizer

        self.sentencizer = Sentencizer()
        self.available = {"text", "tokens"} | {
            need for need, comps in _COMPONENTS.items() if comps and set(comps) <= set(self.nlp.pipe_names)
        }
        self._shared = cache("parses")  # shared with other pipelines: keys begin with self._id
        self._id = next(_ids)
        self._held: dict[str, dict[tuple[str, frozenset[str]], Doc]] = {}
        self._lock = threading.Lock()  # the parses held
        self._turns = Turns()  # the model
        self.zoned = zoned
        self.turnovers = 0
        self._readers = 0
        self._reading = threading.local()
        self._turning = False
        self._changed = threading.Condition()
        if zoned:
            self._enter_zone()

    @property
    def degraded(self) -> bool:
        return self.warning is not None

    def components(self, needs: Iterable[str]) -> frozenset[str]:
        """The needs this pipeline can serve, as the cache key of a parse. A need whose components
        run anyway comes along (the parser's bring the tagger's), so that paragraphs wanting
        "parser" and "parser + tagger" share one batch and one cache entry."""
        asked = {n for n in needs if n in self.available and n != "text"}
        run = {c for n in asked for c in _COMPONENTS[n]}
        implied = {n for n in self.available if _COMPONENTS.get(n) and set(_COMPONENTS[n]) <= run}
        return frozenset(asked | implied)

    def parse(
        self, texts: list[str], needs: frozenset[str], between: Callable[[int], None] | None = None,
        owner: str | None = None,
    ) -> list["Doc"]:
        """Docs for texts with the components for `needs`: those `owner` holds, those in the shared
        cache, and the rest parsed.

        The rest are parsed in batches of about BATCH characters, which bounds the memory a parse
        takes; each batch takes the model in turn (Turns), so analyses on other threads get theirs
        in between. `between(done)` is called before each batch, and inside one after every STEP
        paragraphs, with the count of texts parsed so far: an analysis that is no longer wanted
        stops there by raising, and what it parsed is kept."""
        out: list[Doc | None] = []
        todo: dict[str, list[int]] = {}
        with self._lock:
            held = self._held.get(owner, {}) if owner else {}
        for i, text in enumerate(texts):
            doc = held.get((text, needs)) or self._shared.get((self._id, text, needs))
            if doc is None:
                todo.setdefault(text, []).append(i)
            out.append(doc)
        pipes = sorted({c for n in needs for c in _COMPONENTS.get(n, ())})
        no_tensor = _no_tensor()
        done = len(texts) - sum(map(len, todo.values()))
        for batch in _batches(list(todo), BATCH if between else BATCH_ALONE):
            if between:
                between(done)
            # Paragraphs go through the components STEP at a time where an analysis may be stopped
            # (15 % slower than a whole batch at once), so a stale one lets go of the model soon.
            step = STEP if between else len(batch)
            with self._turns, self.nlp.select_pipes(enable=pipes):
                for n, (text, doc) in enumerate(zip(batch, self.nlp.pipe(batch, batch_size=step)), 1):
                    if "parser" not in needs:
                        doc = self.sentencizer(doc)
                    doc.tensor = no_tensor  # no rule reads it, and it is most of a doc's memory
                    for i in todo[text]:
                        out[i] = doc
                    done += len(todo[text])
                    self._shared.put((self._id, text, needs), doc, size_of(doc))
                    if between and n % step == 0 and n < len(batch):
                        between(done)
        return out  # type: ignore[return-value]

    def hold(self, owner: str, docs: dict[tuple[str, frozenset[str]], "Doc"]) -> None:
        """`owner` (an open document) holds these parses, by (text, components), instead of those
        it held: its next analysis finds them whatever the shared cache has dropped meanwhile."""
        with self._lock:
            self._held[owner] = docs

    def release(self, owner: str) -> None:
        """`owner` is closed: drop what it held, from the shared cache too unless another holds it."""
        with self._lock:
            docs = self._held.pop(owner, {})
            others = set().union(*self._held.values()) if self._held else set()
        for text, needs in docs.keys() - others:
            self._shared.pop((self._id, text, needs))

    # -- memory zones ----------------------------------------------------------------------------
    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """A stretch of work that parses and reads Docs: in a zoned pipeline, the zone is turned
        over only when no reading is under way (new ones wait meanwhile), so no Doc is read after
        the zone that made it closed. Nested readings on one thread count once."""
        if not self.zoned:
            yield
            return
        depth = getattr(self._reading, "depth", 0)
        if not depth:
            with self._changed:
                while self._turning:
                    self._changed.wait()
                self._readers += 1
        self._reading.depth = depth + 1
        try:
            yield
        finally:
            self._reading.depth = depth
            if not depth:
                with self._changed:
                    self._readers -= 1
                    if len(self.nlp.vocab.strings) - self._zone_strings > ZONE_STRINGS:
                        self._turning = True  # no new reading starts until the last one ends
                    if self._turning and not self._readers:
                        try:
                            self._turn_over()
                        finally:
                            self._turning = False
                            self._changed.notify_all()

    def _enter_zone(self) -> None:
        self._zone = self.nlp.memory_zone()
        self._zone.__enter__()
        self._zone_strings = len(self.nlp.vocab.strings)

    def _turn_over(self) -> None:
        """Close the memory zone and open a new one, carrying the held parses over (as bytes:
        a Doc of the old zone points into memory the zone frees)."""
        from spacy.tokens import Doc

        with self._lock:
            owners = {owner: list(docs) for owner, docs in self._held.items()}
            data = {key: doc.to_dict(exclude=["user_data", "tensor"]) for docs in self._held.values()
                    for key, doc in docs.items()}
            self._held.clear()
        self._shared.clear()  # other pipelines' parses too: seldom, and they only parse again
        try:
            self._zone.__exit__(None, None, None)
        finally:
            self._enter_zone()
        carried = {key: Doc(self.nlp.vocab).from_dict(d) for key, d in data.items()}
        for doc in carried.values():
            doc.tensor = _no_tensor()
        with self._lock:
            for owner, keys in owners.items():
                self._held[owner] = {key: carried[key] for key in keys}
        self._zone_strings = len(self.nlp.vocab.strings)  # the words in use do not count
        self.turnovers += 1


#: New strings a memory zone takes in before it is turned over (copydesk.nlp.Pipeline): about
#: 4 MB (a new word adds its lexeme and a string or two, its lower case or shape, about 0.8 KB in
#: all); a turnover costs about 0.3 s with 40 stories open, every few minutes of steady typing.
ZONE_STRINGS = 5_000

#: Bytes a parsed token holds, with the readings rules cache on its Doc: the size of a cached parse.
TOKEN_BYTES = 300


def size_of(doc: "Doc") -> int:
    return len(doc) * TOKEN_BYTES + sys.getsizeof(doc.text)


#: Characters of text per spaCy call: bounds a parse's working memory, and how long one analysis
#: keeps the model before another takes its turn (about a second of parsing here).
BATCH = 5_000
#: Paragraphs an analysis that may be stopped parses between two looks at whether it should stop.
STEP = 16
#: Characters per spaCy call where nothing else waits for the model (a CLI run): bigger batches
#: parse 10-20 % faster.
BATCH_ALONE = 20_000


@lru_cache(maxsize=1)
def _no_tensor():
    import numpy

    return numpy.zeros((0, 0), dtype="float32")


def _batches(texts: list[str], limit: int) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > limit:
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


class Turns:
    """A lock handed to its waiters in the order they came: an analysis that takes it batch after
    batch queues behind one that started waiting meanwhile, instead of winning it straight back."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False

    def __enter__(self) -> None:
        with self._mutex:
            if not self._held:
                self._held = True
                return
            gate = threading.Lock()
            gate.acquire()
            self._waiting.append(gate)
        gate.acquire()  # released by the holder, which hands the lock over still held

    def __exit__(self, *exc) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()
            else:
                self._held = False


def import_spacy() -> None:
    """Import spaCy, less its command line: spaCy's package imports `spacy.cli` (typer, requests,
    the training schemas: about a third of its import time), which copydesk never runs. While the
    package imports, `spacy.cli` and `spacy.cli.info` are empty stand-ins; once it has, they are
    gone again, so `import spacy.cli` later gets the real one. Called before anything of copydesk
    can import spaCy (engine, Pipeline); a no-op once spaCy is imported."""
    with _importing:
        if "spacy" in sys.modules:
            return
        finder = _WithoutCli()
        sys.meta_path.insert(0, finder)
        try:
            import spacy  # noqa: F401
        finally:
            sys.meta_path.remove(finder)
            for name in _CLI:
                if isinstance(sys.modules.get(name), _StandIn):
                    del sys.modules[name]
            if isinstance(getattr(sys.modules.get("spacy"), "cli", None), _StandIn):
                del sys.modules["spacy"].cli


_importing = threading.Lock()
_CLI = ("spacy.cli", "spacy.cli.info")


class _StandIn(types.ModuleType):
    """An empty module standing in for part of spaCy's command line while spaCy imports."""


class _WithoutCli(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name in _CLI:
            return importlib.util.spec_from_loader(name, self, is_package=name == "spacy.cli")
        return None

    def create_module(self, spec):
        return _StandIn(spec.name)

    def exec_module(self, module) -> None:
        if module.__name__ == "spacy.cli.info":
            def info(*args, **kwargs):  # spacy.info(), which copydesk never calls
                raise RuntimeError("spacy.info is not available in copydesk's process")

            module.info = info


def _load(model: str) -> "Language":
    import_spacy()
    import spacy
    from thinc.api import NumpyOps, set_current_ops

    from copydesk import lookup

    # blis falls back to slow generic kernels on many virtual CPUs; plain numpy is faster there.
    set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(model)
    lookup.install(nlp)
    return nlp


def _keep_whole(nlp: "Language") -> None:
    """The words the rules need whole ('Lt.', 'Col.', 'Brig.': Rule.special_cases) are tokenizer
    exceptions, so that 'Lt. Col. Smith' tags and parses as a title and a name."""
    from spacy.symbols import ORTH

    from copydesk.rules import special_cases

    for word in sorted(special_cases()):
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])


_ids = itertools.count()
_loading = threading.Lock()
_loaded: dict[str, Pipeline] = {}


#: Set by a long-running process (the language server) before it loads a model: its pipelines
#: parse in memory zones (Pipeline, zoned).
LONG_RUNNING = False


def pipeline(model: str = DEFAULT_MODEL) -> Pipeline:
    """One pipeline per model per process, loaded once however many threads ask at a time."""
    with _loading:
        if model not in _loaded:
            _loaded[model] = Pipeline(model, zoned=LONG_RUNNING)
        return _loaded[model]


def release(owner: str) -> None:
    """`owner` is closed: every loaded pipeline drops the parses it held (Pipeline.release)."""
    with _loading:
        loaded = list(_loaded.values())
    for p in loaded:
        p.release(owner)


def turnovers() -> int:
    """Memory zones turned over so far, in every loaded pipeline."""
    with _loading:
        return sum(p.turnovers for p in _loaded.values())


def holdings() -> list[dict]:
    """What each loaded pipeline holds: its model, the documents holding parses and how many parses,
    the strings of its vocabulary, whether it parses in memory zones and how many it turned over."""
    with _loading:
        loaded = dict(_loaded)
    out = []
    for model, p in loaded.items():
        with p._lock:
            held = [len(docs) for docs in p._held.values()]
        out.append({"model": model, "documents": len(held), "parses": sum(held), "strings": len(p.nlp.vocab.strings),
                    "zoned": p.zoned, "turnovers": p.turnovers})
    return out


def ready(model: str = DEFAULT_MODEL) -> bool:
    """Whether pipeline(model) answers at once: loaded (or failed to load) already."""
    return model in _loaded
