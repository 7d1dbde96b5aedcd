"""The rule API: what a rule is, what it sees and what it reports.

Rules import this module (and spaCy types) only. Offsets are Python string indices into the
original file text everywhere; line/column and UTF-16 exist only at the edges (CLI, LSP).
"""

from __future__ import annotations

import enum
import inspect
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Iterable, Iterator

from copydesk.rules.caches import cache

if TYPE_CHECKING:  # spaCy is imported lazily: tokens-only runs never pay for it
    from spacy.tokens import Doc, Span, Token


class Severity(enum.IntEnum):
    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (error, warning, info, hint)") from None


#: Characters in a finding's message, at most.
MAX_MESSAGE = 300

#: What a rule may need from the NLP pipeline, cheapest first. "text" needs no spaCy at all.
NEEDS = ("text", "tokens", "tagger", "parser", "ner")


@dataclass(frozen=True, order=True)
class Edit:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    title: str  # states the action: "Replace 'us -led' with 'U.S.-led'"
    edits: tuple[Edit, ...]
    safe: bool = True


@dataclass(frozen=True, order=True)
class Related:
    start: int
    end: int
    message: str


@dataclass(frozen=True, order=True)
class Finding:
    start: int
    end: int
    rule: str
    message: str
    severity: Severity = Severity.WARNING
    related: tuple[Related, ...] = ()
    fixes: tuple[Fix, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Case:
    """A real sentence for a rule. In an invalid case the flagged spans are marked ⟦like this⟧;
    `fixed` is the whole text after applying each finding's first fix."""

    text: str
    fixed: str | None = None
    config: dict[str, Any] | None = None  # config overrides for this case, e.g. house style

    MARK = re.compile("⟦|⟧")

    @property
    def plain(self) -> str:
        return self.MARK.sub("", self.text)

    @property
    def spans(self) -> list[tuple[int, int]]:
        spans, offset, start = [], 0, None
        for m in self.MARK.finditer(self.text):
            pos = m.start() - offset
            offset += 1
            if m.group() == "⟦":
                start = pos
            else:
                spans.append((start, pos))
        return spans


@dataclass
class Paragraph:
    """One paragraph of prose: the unit of NLP and of caching.

    `text` is the paragraph's prose with markup blanked or decoded; `offset(i)` maps an index of
    `text` to the file offset it came from (identity plus `start` unless markup decoding moved it).
    """

    start: int
    end: int
    text: str
    # Where each character of text starts and ends in the file, when markup decoding moved them.
    offsets: list[tuple[int, int]] | None = None
    doc: "Doc | None" = None  # spaCy doc over `text`, with the components in `components`
    components: frozenset[str] = frozenset()

    def offset(self, i: int) -> int:
        """File offset where text[i:] begins."""
        if self.offsets is None:
            return self.start + i
        return self.offsets[i][0] if i < len(self.offsets) else self.end

    def end_offset(self, j: int) -> int:
        """File offset where text[:j] ends."""
        if self.offsets is None:
            return self.start + j
        return self.offsets[j - 1][1] if j > 0 else self.start

    def has(self, need: str) -> bool:
        return need == "text" or (self.doc is not None and (need == "tokens" or need in self.components))

    def span(self, item: "Token | Span | tuple[int, int]") -> tuple[int, int]:
        """File offsets of a spaCy token or span of this paragraph's doc, or of a (start, end) in text."""
        if isinstance(item, tuple):
            start, end = item
        elif hasattr(item, "idx"):
            start, end = item.idx, item.idx + len(item.text)
        else:
            start, end = item.start_char, item.end_char
        return self.offset(start), self.end_offset(end) if end > start else self.offset(start)


@dataclass
class Document:
    """What every rule sees: the source text, its prose, the paragraphs and the house settings."""

    text: str  # the file as given
    paragraphs: list[Paragraph]
    house: dict[str, Any]  # house style settings (country_form, dash, ...)
    gazetteer: Any = None  # the house gazetteer (names rules)
    options: dict[str, Any] = field(default_factory=dict)  # per-rule options by rule name
    memo: Any = None  # the engine's memo of findings by paragraph (copydesk.memo), if any

    @cached_property
    def fingerprint(self) -> str:
        """The settings a rule's findings may depend on, as one key."""
        # interned: every finding kept for this story holds it, and most stories share settings
        return sys.intern(repr((sorted(self.house.items()), self.gazetteer, sorted(self.options.items()))))


_WANTED = cache("wanted")

_HEADINGS = ("What it flags", "Why it matters", "Example", "Use instead")


class Rule:
    """Base class of every rule. A subclass is one rule, in one module, with:

    - `name` (kebab-case, stable), `severity` (default), `needs` (from NEEDS), `group`;
    - docs in its docstring under the headings What it flags / Why it matters / Example / Use instead;
    - `invalid` and `valid` cases of real sentences;
    - `check(doc)` yielding Findings, and optionally `wants(paragraph_text)`, a cheap test that says
      whether a paragraph can matter, so the engine runs the expensive NLP only where needed.
    """

    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.WARNING
    needs: ClassVar[frozenset[str]] = frozenset({"text"})
    group: ClassVar[str]
    fixable: ClassVar[bool] = False
    invalid: ClassVar[list[Case]] = []
    valid: ClassVar[list[Case | str]] = []
    #: "document" for a rule that reads the whole story (consistency, first references) rather
    #: than one paragraph at a time: `copydesk explain` says so, since one edit can move its findings
    #: anywhere in the story.
    scope: ClassVar[str] = "paragraph"
    #: Words spaCy's tokenizer must keep whole for this rule to read them ("Lt.", "Col."). The
    #: pipeline keeps those of every built-in rule whichever rules run, so one parse serves all.
    special_cases: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, severity: Severity | None = None, options: dict[str, Any] | None = None):
        if severity is not None:
            self.severity = severity
        self.options = options or {}

    # -- the check -------------------------------------------------------------------------------
    def wants(self, text: str) -> bool:
        """Cheap pre-filter over a paragraph's prose. Default: every paragraph."""
        return True

    def wanted(self, text: str) -> bool:
        """`wants`, remembered per rule class and paragraph text (so `wants` must depend on the text
        alone): select() and check() both ask, and the server asks again on every edit although
        most paragraphs have not changed. One entry a paragraph holds every rule's answer."""
        answers = _WANTED.get(text)
        if answers is None:
            answers = {}
        key = (type(self), self.name)
        hit = answers.get(key)
        if hit is None:
            hit = answers[key] = self.wants(text)
            _WANTED.put(text, answers)  # its bytes a character count every rule's answer
        return hit

    def select(self, paragraphs: list[Paragraph]) -> list[bool]:
        """Which paragraphs need this rule's NLP. Default: `wants` on each. A story-level rule may
        look at every paragraph first, e.g. to parse only those holding rival spellings."""
        return [self.wanted(p.text) for p in paragraphs]

    def prepare(self, doc: "Document") -> None:
        """Called once per story before select(), with the house settings and gazetteer, for a
        story-level rule that plans its NLP from the whole text. Default: nothing."""

    def check(self, doc: Document) -> Iterable[Finding]:
        for i, para in enumerate(doc.paragraphs):
            if self.wanted(para.text):
                yield from doc.memo.findings(self, doc, i) if doc.memo else self.check_paragraph(para, doc)

    def check_paragraph(self, para: Paragraph, doc: Document) -> Iterable[Finding]:
        return ()

    def context(self, doc: Document, i: int) -> Any:
        """What check_paragraph reads of the story beyond paragraph i's text and the settings, as
        a key: the engine keeps a paragraph's findings until its text, its parse, the settings or
        this change. None: it reads more than a key can say, so nothing is kept."""
        return ()

    def finding(
        self,
        start: int,
        end: int,
        message: str,
        *,
        related: Iterable[Related] = (),
        fixes: Iterable[Fix] = (),
    ) -> Finding:
        if len(message) > MAX_MESSAGE:  # what a message quotes may be long, or come from a config
            message = message[: MAX_MESSAGE - 1] + "…"
        return Finding(start, end, self.name, message, self.severity, tuple(related), tuple(fixes))

    # -- docs ------------------------------------------------------------------------------------
    @classmethod
    def docs(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def summary(cls) -> str:
        section = cls.section("What it flags")
        return section.split("\n\n")[0].replace("\n", " ") if section else ""

    @classmethod
    def section(cls, heading: str) -> str:
        m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", cls.docs(), re.S | re.M)
        return m.group(1).strip() if m else ""

    @classmethod
    def missing_docs(cls) -> list[str]:
        return [h for h in _HEADINGS if not cls.section(h)]


def iter_matches(pattern: re.Pattern[str], para: Paragraph) -> Iterator[tuple[re.Match[str], int, int]]:
    """Regex matches over a paragraph with their file offsets."""
    for m in pattern.finditer(para.text):
        yield m, *para.span(m.span())


def replace(start: int, end: int, replacement: str, title: str, safe: bool = True) -> Fix:
    return Fix(title, (Edit(start, end, replacement),), safe)
