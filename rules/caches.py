"""Every cache copydesk keeps, in one place: what each holds and how much of it.

Each is bounded by size (an estimate of the bytes it holds, text included), not by a count of
entries: a count lets a cache of paragraphs hold a kilobyte or a megabyte each, and a language
server that keeps 40 stories open for a shift must not grow with the edits. The least recently
used entry goes first. The engine's caches are declared here too, so that one table says what
the whole process may hold; `report()` lists them with what they hold now.

What is not here is bounded by its nature, not by the text: caches keyed by a config (the house
gazetteer, declared rules) or by a rule's name, and the parses an open document holds, which an
editor's session owns and drops when the document closes (copydesk.nlp, Pipeline.hold).
"""

from __future__ import annotations

import dataclasses
import functools
import sys
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

MB = 1 << 20

#: name: (bound in bytes, what it holds). The readings cached by paragraph text serve the editor,
#: which asks about every paragraph of a story on each edit although one changed: a bound holds
#: the paragraphs of a hundred open stories (a story of 750 words is 4.5 KB of text) with room for
#: the versions typing leaves behind; a batch never asks twice. Keys that hold a paragraph's text
#: count it whole, though it is one string shared by every cache.
BOUNDS: dict[str, tuple[int, str]] = {
    "parses": (16 * MB, "spaCy Docs of paragraphs by text and components, beyond those open documents hold (copydesk.nlp)"),
    "memo": (6 * MB, "a paragraph rule's findings by paragraph text, parse, settings and context (copydesk.memo)"),
    "wanted": (4 * MB, "each rule's cheap wants() test by paragraph text (Rule.wanted)"),
    "quotes.marks": (1 * MB, "where a paragraph's quotation marks open and close (analysis/quotes.py)"),
    "folding.keys": (1 * MB, "the folded key of a name (analysis/folding.py)"),
    "titles.words": (1 * MB, "a paragraph's words after titles and in the middle of sentences (analysis/titles.py)"),
    "titles.story": (2 * MB, "what a whole story tells of the words after its titles (analysis/titles.py)"),
    "quote-without-speaker.wants": (1 * MB, "whether a paragraph, after the one before, holds a quote with no cue"),
    "quote-without-speaker.names": (1 * MB, "the surnames a paragraph introduces with a first name"),
    "page-furniture.residue": (1 * MB, "the web-page residue in a paragraph"),
    "inconsistent-spelling.mentions": (2 * MB, "a paragraph's candidate names"),
    "inconsistent-spelling.mentions-at": (2 * MB, "a paragraph's candidate names, placed in its story"),
    "acronym.title-words": (1 * MB, "a paragraph's capitalised words"),
    "acronym.candidates": (1 * MB, "the initials a paragraph leaves unexplained"),
    "acronym.lower-initials": (2 * MB, "the initials of a paragraph's runs of lower-case words"),
    "acronym.definitions": (1 * MB, "the acronyms a paragraph defines"),
}


class Cache:
    """A mapping bounded by the estimated size of what it holds; least recently used out first."""

    def __init__(self, name: str):
        self.name = name
        self.limit, self.holds = BOUNDS[name]
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()  # analyses run on threads of their own

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return default
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: Any, size: int | None = None) -> None:
        """Keep `value`, whose size is `size` bytes (estimated from key and value when not given)."""
        size = size if size is not None else estimate(key) + estimate(value)
        if size > self.limit:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.size -= old[1]
            self._items[key] = (value, size)
            self.size += size
            while self.size > self.limit:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped

    def pop(self, key: Hashable) -> Any:
        with self._lock:
            item = self._items.pop(key, None)
            if item is None:
                return None
            self.size -= item[1]
            return item[0]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def values(self) -> list[Any]:
        with self._lock:
            return [value for value, _ in self._items.values()]

    def __len__(self) -> int:
        return len(self._items)


_CACHES: dict[str, Cache] = {}


def cache(name: str) -> Cache:
    """The cache declared as `name` in BOUNDS, one per process."""
    if name not in _CACHES:
        _CACHES[name] = Cache(name)
    return _CACHES[name]


_MISSING = object()


def by_args(name: str) -> Callable[[Callable], Callable]:
    """Memoize a function of hashable arguments (a paragraph's text) in the cache `name`."""

    def wrap(fn: Callable) -> Callable:
        store = cache(name)

        @functools.wraps(fn)
        def cached(*args):
            found = store.get(args, _MISSING)
            if found is _MISSING:
                found = fn(*args)
                store.put(args, found)
            return found

        cached.cache = store  # type: ignore[attr-defined]
        return cached

    return wrap


def report() -> list[tuple[str, int, int, int, str]]:
    """(name, entries, bytes held, bound, what it holds) of every cache in use."""
    return [(c.name, len(c), c.size, c.limit, c.holds) for c in _CACHES.values()]


def clear() -> None:
    for c in _CACHES.values():
        c.clear()


_ATOMS = (str, bytes, int, float, bool, type(None))


def estimate(obj: Any) -> int:
    """Bytes an object holds, itself and what it contains: strings, numbers, tuples, lists, sets,
    dicts and dataclasses, recursively. Anything else (a class, an enum member, a function) is
    shared, so it counts for the reference alone."""
    if isinstance(obj, _ATOMS):
        return sys.getsizeof(obj)
    if isinstance(obj, (tuple, list, set, frozenset)):
        return sys.getsizeof(obj) + sum(map(estimate, obj))
    if isinstance(obj, dict):
        return sys.getsizeof(obj) + sum(estimate(k) + estimate(v) for k, v in obj.items())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return sys.getsizeof(obj) + sys.getsizeof(getattr(obj, "__dict__", None)) + sum(estimate(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    return 8
