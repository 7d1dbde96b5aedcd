"""Every cache copydesk keeps, in one place: what each holds and how much of it.

Each is bounded by size (an estimate of the bytes it holds, text included), not by a count of
entries: a count lets a cache of paragraphs hold a kilobyte or a megabyte each, and a language
server that keeps 40 stories open for a shift must not grow with the edits. What has gone
unused longest goes first (Cache). The engine's caches are declared here too, so that one table says what
the whole process may hold; `report()` lists them with what they hold now.

What is not here is bounded otherwise:
- caches keyed by a config (the house gazetteer, declared rules) or by a rule's name: a few entries;
- the parses an open document holds, which an editor's session owns and drops when the document
  closes (copydesk.nlp, Pipeline.hold/release);
- spaCy's vocabulary and the word tables of copydesk.lookup, which take in every new word: in the
  language server they live in a memory zone, turned over every nlp.ZONE_STRINGS new strings with
  the open documents' parses carried over; elsewhere the tables are emptied past lookup.TABLE
  entries and the vocabulary grows with the words of the run, which ends.
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable, Hashable

MB = 1 << 20
FLOOR = MB // 4  # what a reading cache keeps with no editor open: a story's paragraphs, twice over

#: name: (floor in bytes, bytes an entry holds per character of the text it is keyed by, what it
#: holds). An entry's size is taken to be ENTRY plus its text's length times the cache's bytes per
#: character, as measured on real copy (a paragraph's mentions, words, marks grow with its text):
#: cheap to work out on every miss. A cache's bound is its floor plus room for twice the documents
#: open in an editor (`open_text`): the readings cached by paragraph text serve the editor, which
#: asks about every paragraph of a story on each edit although one changed, so they must hold
#: every open paragraph's, with room for the versions typing leaves behind; a batch never asks
#: twice, and has only the floors.
BOUNDS: dict[str, tuple[int, int, str]] = {
    "parses": (12 * MB, 0, "spaCy Docs of paragraphs by text and components, beyond those open documents hold (copydesk.nlp)"),
    "memo": (FLOOR, 5, "a paragraph rule's findings by paragraph text, parse, settings and context (copydesk.memo)"),
    # an entry holds every rule's answer, 120 bytes each: about 16 bytes a character of an average paragraph
    "wanted": (FLOOR, 16, "each rule's cheap wants() test by paragraph text (Rule.wanted)"),
    "quotes.marks": (FLOOR, 3, "where a paragraph's quotation marks open and close (analysis/quotes.py)"),
    "folding.keys": (FLOOR, 3, "the folded key of a name (analysis/folding.py)"),
    "titles.words": (FLOOR, 18, "a paragraph's words after titles and in the middle of sentences (analysis/titles.py)"),
    "titles.story": (FLOOR, 3, "what a whole story tells of the words after its titles (analysis/titles.py)"),
    "quote-without-speaker.wants": (FLOOR, 3, "whether a paragraph, after the one before, holds a quote with no cue"),
    "quote-without-speaker.names": (FLOOR, 4, "the surnames a paragraph introduces with a first name"),
    "page-furniture.residue": (FLOOR, 3, "the web-page residue in a paragraph"),
    "inconsistent-spelling.mentions": (FLOOR, 18, "a paragraph's candidate names"),
    "inconsistent-spelling.mentions-at": (FLOOR, 18, "a paragraph's candidate names, placed in its story"),
    "inconsistent-spelling.groups": (FLOOR, 3, "a story's spellings grouped as one name, by its spellings"),
    "acronym.title-words": (FLOOR, 6, "a paragraph's capitalised words"),
    "acronym.candidates": (FLOOR, 3, "the initials a paragraph leaves unexplained"),
    "acronym.lower-initials": (FLOOR, 2, "the first letters of a paragraph's lower-case words"),
    "acronym.definitions": (FLOOR, 7, "the acronyms a paragraph defines"),
    "inconsistent-spelling.lower-words": (FLOOR, 7, "the words a whole story writes in lower case"),
    # as named tuples, 43 bytes a character on 1,283 PolNeAR dev paragraphs (tracemalloc)
    "inconsistent-compound.forms": (FLOOR, 45, "a paragraph's words and pairs of words that may be compounds"),
    "inconsistent-compound.plan": (FLOOR, 2, "the compounds a whole story writes two ways"),
    "unnamed-speaker.introduced": (FLOOR, 1, "where a paragraph names a person or a role"),
    "spelling.uses": (FLOOR, 4, "a paragraph's words the spelling table writes two ways (analysis/spelling.py)"),
    "numbers.counts": (FLOOR, 3, "the dead and wounded a paragraph counts (analysis/numbers.py)"),
    "dates.mentions": (FLOOR, 3, "a paragraph's dates (analysis/dates.py)"),
    "people.titled": (FLOOR, 3, "the offices a paragraph writes before names (analysis/people.py)"),
    "people.aged": (FLOOR, 3, "the ages a paragraph gives with names (analysis/people.py)"),
    "people.given-names": (FLOOR, 4, "the first names a paragraph gives surnames (analysis/people.py)"),
}
#: Bytes of an entry besides what grows with its text: the key's tuple, the references, the dict slot.
ENTRY = 200
#: Characters of a short paragraph: an entry's fixed cost spread over the open text.
PARAGRAPH = 100


class Cache:
    """A mapping bounded by the estimated size of what it holds, in two generations: entries go
    into the new one, and when it is full (half the bound) it becomes the old one and the old one
    is dropped; an entry found in the old generation moves back into the new. What is used stays,
    what was not used for two generations goes, and a look-up is a plain dict look-up: the
    engine makes thousands a lint."""

    def __init__(self, name: str):
        self.name = name
        self.floor, self.per_char, self.holds = BOUNDS[name]
        self.limit = self.bound_for(sum(_open.values()))
        self._new: dict[Hashable, tuple[Any, int]] = {}
        self._old: dict[Hashable, tuple[Any, int]] = {}
        self._sizes = [0, 0]  # of the new generation and the old
        self._lock = threading.Lock()  # analyses run on threads of their own

    def bound_for(self, chars: int) -> int:
        """The floor, and room for the entries of `chars` characters of open text twice over (the
        working set must fit in one generation, or an editor's every edit misses): each entry's
        fixed cost counted as if every paragraph were a short one."""
        if not self.per_char:
            return self.floor  # not a reading of the text (the parses beyond the open documents')
        return self.floor + 2 * (self.per_char + ENTRY // PARAGRAPH) * chars

    def get(self, key: Hashable, default: Any = None) -> Any:
        item = self._new.get(key)
        if item is None:
            item = self._old.get(key)
            if item is None:
                return default
            self._keep(key, item)
        return item[0]

    def put(self, key: Hashable, value: Any, size: int | None = None) -> None:
        """Keep `value`, whose size is `size` bytes (by default, from the length of the key's text)."""
        self._keep(key, (value, size if size is not None else ENTRY + self.per_char * chars(key)))

    def _keep(self, key: Hashable, item: tuple[Any, int]) -> None:
        if item[1] > self.limit // 2:
            return  # bigger than a generation: not kept
        with self._lock:
            old = self._new.pop(key, None)
            if old is not None:
                self._sizes[0] -= old[1]
            if self._sizes[0] + item[1] > self.limit // 2:
                self._old, self._new = self._new, {}
                self._sizes = [0, self._sizes[0]]
            self._new[key] = item
            self._sizes[0] += item[1]

    @property
    def size(self) -> int:
        """Bytes held, counting an entry in both generations twice."""
        return sum(self._sizes)

    def bound(self, limit: int) -> None:
        with self._lock:
            self.limit = limit
            if self._sizes[0] > limit // 2:
                self._old, self._new = self._new, {}
                self._sizes = [0, self._sizes[0]]
            if self._sizes[1] > limit // 2:
                self._old, self._sizes[1] = {}, 0

    def pop(self, key: Hashable) -> Any:
        with self._lock:
            found = None
            for generation, held in enumerate((self._new, self._old)):
                item = held.pop(key, None)
                if item is not None:
                    self._sizes[generation] -= item[1]
                    found = item[0]
            return found

    def clear(self) -> None:
        with self._lock:
            self._new, self._old, self._sizes = {}, {}, [0, 0]

    def __len__(self) -> int:
        return len(self._new.keys() | self._old.keys())


_CACHES: dict[str, Cache] = {}
_open: dict[Hashable, int] = {}  # characters of the documents each editor's session has open


def open_text(session: Hashable, chars: int) -> None:
    """An editor's session has documents of `chars` characters open: every cache may hold its
    floor and its share of all sessions' open text."""
    if chars:
        _open[session] = chars
    else:
        _open.pop(session, None)
    total = sum(_open.values())
    for c in list(_CACHES.values()):
        c.bound(c.bound_for(total))


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


def chars(key: Any) -> int:
    """Characters of text in a key: its strings, and those of the tuples and sets in it."""
    if isinstance(key, str):
        return len(key)
    if isinstance(key, (tuple, frozenset)):
        return sum(chars(k) for k in key if isinstance(k, (str, tuple, frozenset)))
    return 0
