"""spaCy, loaded once, run only as far as the enabled rules need and only where they need it.

A paragraph is parsed once per set of components and cached by its text, so the language server
re-parses only the paragraphs an edit touched, and the CLI shares one parse across rules.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict, deque
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

# One OpenBLAS thread: the matrices are small, and a second thread spinning on a busy machine made
# the parse several times slower. It must be set before numpy is first imported, which any rule
# may do (spaCy's stop words import spaCy), so it is set when this module is, before any rule runs.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from copydesk.config import DEFAULT_MODEL  # noqa: E402 (after the thread count, as every import below)
from copydesk.rules.analysis.lexicon import TITLES

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
    """A loaded spaCy model (or the degraded tokenizer-only fallback) with a paragraph cache."""

    def __init__(self, model: str = DEFAULT_MODEL, cache_size: int = 20_000):
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
        _add_title_exceptions(self.nlp)
        from spacy.pipeline import Sentencizer

        self.sentencizer = Sentencizer()
        self.available = {"text", "tokens"} | {
            need for need, comps in _COMPONENTS.items() if comps and set(comps) <= set(self.nlp.pipe_names)
        }
        self._cache: OrderedDict[tuple[str, frozenset[str]], Doc] = OrderedDict()
        self.cache_size = cache_size  # parses kept for re-lints; a batch that never sees a text twice needs few
        self._lock = threading.Lock()  # the cache
        self._turns = Turns()  # the model

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
        self, texts: list[str], needs: frozenset[str], between: Callable[[int], None] | None = None
    ) -> list["Doc"]:
        """Docs for texts with the components for `needs`, from the cache where possible.

        The rest are parsed in batches of about BATCH characters, which bounds the memory a parse
        takes; each batch takes the model in turn (Turns), so analyses on other threads get theirs
        in between. `between(done)` is called before each batch with the count of texts parsed so
        far: an analysis that is no longer wanted stops there by raising."""
        out: list[Doc | None] = []
        todo: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                doc = self._cache.get((text, needs))
                if doc is None:
                    todo.setdefault(text, []).append(i)
                else:
                    self._cache.move_to_end((text, needs))
                out.append(doc)
        pipes = sorted({c for n in needs for c in _COMPONENTS.get(n, ())})
        no_tensor = _no_tensor()
        done = len(texts) - sum(map(len, todo.values()))
        for batch in _batches(list(todo)):
            if between:
                between(done)
            with self._turns, self.nlp.select_pipes(enable=pipes):
                docs = list(self.nlp.pipe(batch, batch_size=len(batch)))
            for text, doc in zip(batch, docs):
                if "parser" not in needs:
                    doc = self.sentencizer(doc)
                doc.tensor = no_tensor  # no rule reads it, and it is most of a doc's memory
                for i in todo[text]:
                    out[i] = doc
                done += len(todo[text])
                with self._lock:
                    self._cache[(text, needs)] = doc
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
        return out  # type: ignore[return-value]


#: Characters of text per spaCy call: bounds a parse's working memory, and how long one analysis
#: keeps the model before another takes its turn (about a second of parsing here).
BATCH = 5_000


@lru_cache(maxsize=1)
def _no_tensor():
    import numpy

    return numpy.zeros((0, 0), dtype="float32")


def _batches(texts: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) > BATCH:
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


def _load(model: str) -> "Language":
    import spacy
    from thinc.api import NumpyOps, set_current_ops

    from copydesk import lookup

    # blis falls back to slow generic kernels on many virtual CPUs; plain numpy is faster there.
    set_current_ops(NumpyOps(use_blis=False))
    nlp = spacy.load(model)
    lookup.install(nlp)
    return nlp


def _add_title_exceptions(nlp: "Language") -> None:
    """Keep 'Lt.', 'Col.', 'Brig.' whole so 'Lt. Col. Smith' tags and parses as a title and name."""
    from spacy.symbols import ORTH

    for title in TITLES:
        for word in title.split():
            nlp.tokenizer.add_special_case(word, [{ORTH: word}])


_loading = threading.Lock()
_loaded: dict[str, Pipeline] = {}


def pipeline(model: str = DEFAULT_MODEL) -> Pipeline:
    """One pipeline per model per process, loaded once however many threads ask at a time."""
    with _loading:
        if model not in _loaded:
            _loaded[model] = Pipeline(model)
        return _loaded[model]


def ready(model: str = DEFAULT_MODEL) -> bool:
    """Whether pipeline(model) answers at once: loaded (or failed to load) already."""
    return model in _loaded
