"""How each abbreviated title in a paragraph is used, read from spaCy's tags.

Not a rule. `truncated-attribution` and `title-without-name` share one reading per tagged
paragraph, and split the titles between them, so one problem gets one finding:

- "name": the title precedes a name (`Sen. Ted Cruz`, `Rep. de la Cruz`, `Mr. and Mrs. Smith`);
- "noun": the title stands for the office after a determiner (`the Sen. said`, `a Gov. who`);
- "cut":  anything else, where a name should follow and does not (`…", said Sen.`);
- "street": `Dr.` closing a proper name (`Martin Luther King Dr.`);
- "opener": before a capitalised word the tagger calls a name that may as well open a new
  sentence (`said Mr. Proposals so far…`, `said Mr. White male voters…`): a name or a cut, which
  only the rest of the story can tell (`Story.common`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from copydesk.rules.analysis.lexicon import NAME_PARTICLES, TITLE_PATTERN, TITLES
from copydesk.rules.caches import by_args

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from copydesk.rules.api import Paragraph

#: A title abbreviation anywhere: the cheap test both rules use before anything is tagged.
TITLE = re.compile(rf"(?<![\w.])(?:{TITLE_PATTERN})(?![\w])")

#: Each word of a title, for the tokenizer to keep whole (Rule.special_cases), so that
#: "Lt. Col. Smith" tags and parses as a title and a name.
TITLE_WORDS = frozenset(word for title in TITLES for word in title.split())

# Closed classes that never open a name: after a title they start a new clause or sentence.
_NEVER_NAMES = frozenset("DT PDT PRP PRP$ WP WP$ WDT EX TO CC IN".split())
# Words a name can hide behind when the tagger is unsure ("Will Hurd", "Mark Warner"): they cut
# only when no capitalised word follows them.
_WEAK = frozenset("MD VB VBD VBG VBN VBP VBZ RB JJ NN NNS CD UH".split())
# What may stand between a determiner and the title it governs: "the former Texas Gov."
_MODIFIERS = frozenset("JJ JJR JJS NNP NNPS HYPH VBN".split())
_DETERMINERS = frozenset("DT PRP$ POS WP$".split())
_PUNCT_CUTS = frozenset(",;:.!?)]}")
# Surnames the tagger may not know: D’Souza, O'Rourke, McCain, DeSantis.
_SURNAME = re.compile(r"[A-Z][a-z]{0,2}['’]?[A-Z][a-z]")
_QUOTES = frozenset("\"“”'‘’«»")


@dataclass(frozen=True)
class TitleUse:
    start: int  # indices into the paragraph's text
    end: int
    title: str
    kind: str  # "name", "noun", "cut", "street" or "opener"
    where: str  # for a cut or an opener, what the title runs into: "end of paragraph", "a comma", ...
    word: str = ""  # for an opener, the capitalised word after the title


def read_titles(para: "Paragraph") -> list[TitleUse]:
    """Every title abbreviation in a tagged paragraph, with how it is used (cached on the doc)."""
    doc = para.doc
    cached = doc.user_data.get("copydesk.titles")
    if cached is None or cached[0] != para.text:
        cached = (para.text, _read(doc, para.text))
        doc.user_data["copydesk.titles"] = cached
    return cached[1]


def _read(doc: "Doc", text: str) -> list[TitleUse]:
    starts = {t.idx: t for t in doc}
    ends = {t.idx + len(t.text): t for t in doc}
    out = []
    for m in TITLE.finditer(text):
        first, last = starts.get(m.start()), ends.get(m.end())
        if first is None or last is None:
            continue  # the tokenizer read it otherwise, e.g. inside a URL
        # Past line breaks: a wrapped line in Markdown is still one paragraph.
        nxt = next((t for t in doc[last.i + 1 :] if not t.is_space), None)
        prev = next((t for t in reversed(doc[: first.i]) if not t.is_space), None)
        kind, where = _use(m.group(), prev, nxt)
        if kind == "name" and _opens(nxt):
            kind, where = "opener", f"'{nxt.text}', which starts a new sentence"
        out.append(TitleUse(m.start(), m.end(), m.group(), kind, where, nxt.text if kind == "opener" else ""))
    return out


def _use(title: str, prev: "Token | None", nxt: "Token | None") -> tuple[str, str]:
    if title == "Dr." and prev is not None and prev.text[:1].isupper() and prev.tag_ in ("NNP", "NNPS"):
        if not prev.is_sent_start and not TITLE.fullmatch(prev.text):
            return "street", ""
    where = _cut(nxt)
    if not where:
        return "name", ""
    if _after_determiner(prev) and not where.startswith(_ENDS_A_NAME):
        return "noun", where  # "the Sen. said": the office, written with no name
    # "led by the Rev. The meeting…", "the state's GOP Sen., who…": a name was cut after it
    return "cut", where


# After "the Sen." a verb may follow ("the Sen. said"); these cannot, so a name was lost there.
_ENDS_A_NAME = ("the end of the paragraph", "a quotation mark", "a comma", "a party tag", "a number", "'")
_PARTY = re.compile(r"\(\s*[DRI]\s*[-–,]\s*[A-Z][\w.]*\s*\)")


def _cut(nxt: "Token | None") -> str:
    """Why the word after a title is not the start of a name, or "" when it may be one."""
    if nxt is None:
        return "the end of the paragraph"
    word, after = nxt.text, next((t for t in nxt.doc[nxt.i + 1 :] if not t.is_space), None)
    if word[:1] in _QUOTES:
        return "a quotation mark"
    if word in (")", "]") and after is not None and after.text[:1].isupper() and after.tag_ in ("NNP", "NNPS"):
        return ""  # an editor's insertion: "(Texas Sen.) Ted Cruz"
    if word == "(" and _PARTY.match(nxt.doc.text, nxt.idx):
        return "a party tag"  # `said Sen. (D-Pa.)`: the party of a senator whose name is gone
    if nxt.like_num and word[:1].isdigit():
        return "a number"
    if word[:1] in _PUNCT_CUTS:
        return "a comma" if word == "," else f"'{word}'"
    if not word[:1].isalpha():
        return ""  # digits, brackets, dashes: not a name, but not clearly a cut either
    if word[0].islower():
        if _particles_then_name(nxt):
            return ""  # Rep. de la Cruz, Gen. al-Bashir
        if word in ("and", "&") and after is not None and after.text[:1].isupper():
            return ""  # Mr. and Mrs. Smith; "former Alaska Gov. and Republican vice presidential candidate"
        return f"the lower-case word '{word}'"
    if word == next(t.text for t in reversed(nxt.doc[: nxt.i]) if not t.is_space):
        return f"a second '{word}'"  # "Mr. Mr. Clarke": a name was cut between them
    if TITLE.fullmatch(word):
        return ""  # the Rev. Dr. Martin Luther King Jr.
    named_after = (after is not None and after.text[:1].isupper() and after.text != "I"
                   and not TITLE.fullmatch(after.text))  # "Am I not allowed…" is a question
    if nxt.is_stop and not named_after:
        # After a title the tagger calls any capitalised word NNP; a stop word ("She", "There",
        # "But") still opens a new sentence unless a surname follows ("Will Hurd").
        return f"'{word}', which starts a new clause"
    if nxt.tag_ in ("NNP", "NNPS") or _SURNAME.match(word):
        return ""
    if nxt.tag_ in _NEVER_NAMES:
        return f"'{word}', which starts a new clause"
    if nxt.tag_ in _WEAK and after is not None and after.text[:1].isupper() and after.tag_ in ("NNP", "NNPS"):
        return ""  # a first name the tagger took for a word: "Will Hurd"
    return f"'{word}', which starts a new clause"


# What follows a capitalised word when it opens a sentence and seldom when it is a surname:
# a lower-case word that is not a verb or a link to a second name (`Recent shipments`,
# `Proposals so far`, `Change the country`, `Vote for`, not `White said`, `White and Brown`,
# `White of Texas`), or a comma and a pronoun or number (`Interestingly, one of`).
_NOT_AFTER_OPENER = frozenset("MD VB VBD VBG VBN VBP VBZ CC POS".split())
_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*")
# What follows a speaker's name in an attribution: "said Mr. White in an interview", "of Ohio".
_AFTER_SPEAKER = frozenset("of in at on during after before as with from when while".split())


def _opens(nxt: "Token | None") -> bool:
    """Whether the capitalised word after a title reads as well as the first of a new sentence:
    the tagger calls both names after a title, so the story decides (Story.common)."""
    if nxt is None or not _WORD.fullmatch(nxt.text) or nxt.tag_ not in ("NNP", "NNPS"):
        return False
    after = [t for t in nxt.doc[nxt.i + 1 : nxt.i + 3] if not t.is_space]
    if not after:
        return False
    first = after[0]
    if first.text.isalpha() and first.text.islower():
        return first.tag_ not in _NOT_AFTER_OPENER and first.lower_ not in _AFTER_SPEAKER
    return first.text == "," and len(after) > 1 and after[1].tag_ in ("PRP", "CD", "EX")


class Story:
    """What a story tells of its capitalised words: which it uses as names and which it also
    writes in lower case. A surname is introduced and repeated ("Mr. White ... said White",
    "Tom White"); a word that opens a sentence is not, and turns up in lower case elsewhere.
    Each paragraph is read once (cached by its text), so an edit rereads only its paragraph."""

    def __init__(self, texts: tuple[str, ...]):
        self._parts = [_words(t) for t in texts]
        self._common: dict[str, bool] = {}

    @classmethod
    def of(cls, texts: tuple[str, ...]) -> "Story":
        return _story(texts)

    def common(self, word: str) -> bool:
        """`word`, after a title once in the story, is a common word there rather than a name."""
        if word not in self._common:
            named = any(word in names for _, _, names in self._parts)
            repeated = sum(after.get(word, 0) for _, after, _ in self._parts) > 1
            forms = _forms(word.lower())
            self._common[word] = not named and not repeated and any(not forms.isdisjoint(lower) for lower, _, _ in self._parts)
        return self._common[word]


def _forms(word: str) -> set[str]:
    """The word and its near inflections: proposal(s), vote/votes/voting, late/later, interesting(ly)."""
    stems = {word}
    for end, new in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ly", ""), ("ily", "y")):
        if word.endswith(end) and len(word) - len(end) + len(new) >= 3:
            stems.add(word[: len(word) - len(end)] + new)
    return {stem + end for stem in stems for end in ("", "s", "es", "d", "ed", "r", "er", "ing", "ly")}


_CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*(?![\w-])")
_LOWER = re.compile(r"(?<![\w'’-])[a-z][a-z-]*[a-z](?![\w])")
_AFTER_TITLE = re.compile(rf"(?<![\w.])(?:{TITLE_PATTERN})\s+$")


@by_args("titles.story")
def _story(texts: tuple[str, ...]) -> Story:
    return Story(texts)


@by_args("titles.words")
def _words(text: str) -> tuple[frozenset[str], dict[str, int], frozenset[str]]:
    """One paragraph's lower-case words, its capitalised words after a title (with counts) and
    those it uses mid-sentence ("said White", "Tom White", "the White House")."""
    after_title: dict[str, int] = {}
    named = set()
    for m in _CAPITALISED.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        if _AFTER_TITLE.search(before):
            after_title[m.group()] = after_title.get(m.group(), 0) + 1
        elif before.strip() and before.rstrip()[-1] not in ".!?\"“”'‘’([{:—–-":
            named.add(m.group())
    return frozenset(_LOWER.findall(text)), after_title, frozenset(named)


def _particles_then_name(tok: "Token") -> bool:
    doc = tok.doc
    i = tok.i
    while i < len(doc) and (doc[i].text.lower() in NAME_PARTICLES or (i > tok.i and doc[i].text == "-")):
        i += 1
    return i > tok.i and i < len(doc) and doc[i].text[:1].isupper()


def _after_determiner(prev: "Token | None") -> bool:
    while prev is not None and prev.tag_ in _MODIFIERS and not prev.is_sent_start:
        prev = next((t for t in reversed(prev.doc[: prev.i]) if not t.is_space), None)
    return prev is not None and prev.tag_ in _DETERMINERS


def spelled_out(title: str) -> str | None:
    """The title written out for use without a name ("senator"), or None for Mr./Mrs./Ms."""
    word = TITLES.get(title)
    return word if word and not word.endswith(".") else None
