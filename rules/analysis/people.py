"""The people a story names with a title or an age: "President Reagan", "former Texas Gov. Rick
Perry", "then-Sen. Barack Obama", "John Smith, 45,", "Smith (45)", "45-year-old John Smith".

Not a rule. `inconsistent-title` and `inconsistent-age` read one list of mentions per paragraph
(cached by its text) and pair them up by surname across the story. The title or the age is what
says a person is meant: the NER, which takes many a surname for a place or a company (Singh,
Trump), is not asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.rules.analysis.lexicon import TITLES
from copydesk.rules.caches import by_args

#: Offices and ranks written before a name, each with the office it names (several spellings of
#: one office share it: Sen. and Senator).
OFFICES: dict[str, str] = {
    "President": "president", "Vice President": "vice president", "Vice-President": "vice president",
    "Prime Minister": "prime minister", "Premier": "prime minister", "Deputy Prime Minister": "deputy prime minister",
    "Chancellor": "chancellor", "Sen.": "senator", "Senator": "senator", "Rep.": "representative",
    "Representative": "representative", "Congressman": "representative", "Congresswoman": "representative",
    "Gov.": "governor", "Governor": "governor", "Lt. Gov.": "lieutenant governor", "Mayor": "mayor",
    "Secretary of State": "secretary of state", "Attorney General": "attorney general",
    "Defense Secretary": "defense secretary", "Defence Secretary": "defence secretary",
    "Foreign Secretary": "foreign secretary", "Home Secretary": "home secretary",
    "Treasury Secretary": "treasury secretary", "Foreign Minister": "foreign minister",
    "Defence Minister": "defence minister", "Defense Minister": "defence minister",
    "Finance Minister": "finance minister", "Interior Minister": "interior minister",
    "Speaker": "speaker", "King": "king", "Queen": "queen", "Pope": "pope", "Chief Justice": "chief justice",
    "Justice": "justice", "Judge": "judge", "Ambassador": "ambassador",
    "Gen.": "general", "General": "general", "Lt. Gen.": "lieutenant general", "Maj. Gen.": "major general",
    "Brig. Gen.": "brigadier general", "Col.": "colonel", "Colonel": "colonel", "Lt. Col.": "lieutenant colonel",
    "Maj.": "major", "Capt.": "captain", "Captain": "captain", "Lt.": "lieutenant", "Sgt.": "sergeant",
    "Adm.": "admiral", "Admiral": "admiral", "Rear Adm.": "rear admiral", "Vice Adm.": "vice admiral",
}
#: Military ranks.
RANKS = frozenset("general lieutenant general major general brigadier general colonel lieutenant colonel major "
                  "captain lieutenant sergeant admiral rear admiral vice admiral".split(" ")) | {
    "lieutenant general", "major general", "brigadier general", "lieutenant colonel", "rear admiral", "vice admiral"}
#: Offices one person holds at once.
TOGETHER = {frozenset(p) for p in (
    ("representative", "speaker"), ("justice", "chief justice"), ("judge", "justice"),
)}

_TITLE = "|".join(re.escape(t) for t in sorted(OFFICES, key=len, reverse=True))
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|bin|ibn|al-\w+|el-\w+))*"
_MENTION = re.compile(rf"(?<![\w.-])(?P<title>{_TITLE})\s+(?P<name>{_NAME})")
# What makes an office past, passing or not yet: "former", "then-", "acting", "-elect".
_PAST = re.compile(r"(?:\b(?:former|ex|then|late|retired|onetime|one-time|acting|interim|outgoing|incoming|"
                   r"deputy|assistant|would-be|then-?)[-\s]+(?:[A-Z][\w.'’]*\s+){0,3}|then-)$", re.I)
_ELECT = re.compile(r"^-elect\b", re.I)
_SUFFIXES = frozenset("Jr. Jr Sr. Sr II III IV".split())


@dataclass(frozen=True)
class Mention:
    start: int  # the title's (or the age's) start in the paragraph's text
    end: int  # the name's end
    name: str
    office: str | None  # for a title
    title: str  # as written
    current: bool  # not former, then-, acting, -elect
    age: int | None = None
    age_span: tuple[int, int] | None = None
    name_at: int = 0  # where the name starts

    @property
    def surname(self) -> str:
        words = [w for w in self.name.split() if w not in _SUFFIXES]
        return re.sub(r"['’]s?$", "", words[-1]) if words else self.name

    @property
    def given(self) -> str | None:
        words = [w for w in self.name.split() if w not in _SUFFIXES]
        return words[0] if len(words) > 1 else None


# Capitalised words after an office that make an institution of it, not a person ("Justice
# Department", "General Motors", "King Street").
_INSTITUTIONS = frozenset(
    "Department Ministry Party Committee Court Office Agency Council House Street Road Avenue Motors Electric "
    "Dynamics Assembly Hospital School College University Day Week Award Prize Cup Club Center Centre Hotel "
    "Airport Bridge Square Park Station Administration Commission Board Service Services Fund Foundation "
    "Institute Act Bill Law There Then This That These Those When While If As".split())


def _trim(name: str) -> str:
    """The name without a possessive, without the courtesy title or the capitalised word that
    opens its sentence ("Though Ms. Olivieri"), and without words that start a new clause."""
    from copydesk.rules.analysis.folding import stop_words

    words = name.split()
    while words and (words[0].lower() in stop_words() or words[0] in ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms")):
        words = words[1:]
    if words and words[0] in _INSTITUTIONS:
        return ""
    out = []
    for w in words:
        if w in ("The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "It", "This"):
            break
        out.append(w)
        if w.endswith(("'s", "’s", ",")):
            break
    return re.sub(r"(?:['’]s|,|\.)$", "", " ".join(out)) if out else ""


@by_args("people.titled")
def titled(text: str) -> tuple[Mention, ...]:
    """Every office written before a name in a paragraph."""
    out = []
    for m in _MENTION.finditer(text):
        name = _trim(m.group("name"))
        if not name or name in OFFICES or name.split()[0] in TITLES:
            continue
        before = text[max(0, m.start() - 60) : m.start()]
        current = not _PAST.search(before) and not _ELECT.match(text, m.end("title"))
        if text[m.start() - 1 : m.start()] == "-" or before.endswith("then"):
            current = False
        out.append(Mention(m.start(), m.start("name") + len(name), name, OFFICES[m.group("title")],
                           m.group("title"), current, name_at=m.start("name")))
    return tuple(out)


_TITLE_WORDS = frozenset(w for t in [*OFFICES, *TITLES] for w in t.split()) | {"Mr", "Mrs", "Ms", "Dr"}
_PERSON = r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){0,3})"
_AGES = [
    re.compile(rf"{_PERSON},\s+(?:aged\s+)?(?P<age>\d{{1,3}}),"),  # John Smith, 45, said
    re.compile(rf"{_PERSON}\s+\((?:aged\s+)?(?P<age>\d{{1,3}})\)"),  # John Smith (45)
    re.compile(rf"(?P<age>\d{{1,3}})-year-old\s+(?:[a-z]+\s+){{0,2}}{_PERSON}"),  # 45-year-old John Smith
]


@by_args("people.aged")
def aged(text: str) -> tuple[Mention, ...]:
    """Every age given with a name in a paragraph."""
    out = []
    for pattern in _AGES:
        for m in pattern.finditer(text):
            words = m.group("name").split()
            # "Ohio Gov. John Kasich, 59": the name is what follows the title
            titled_at = max((i for i, w in enumerate(words) if w in _TITLE_WORDS), default=-1)
            name = _trim(" ".join(words[titled_at + 1 :]))
            age = int(m.group("age"))
            if not name or not 0 < age < 120 or len(name.split()) > 3:
                continue
            out.append(Mention(m.start(), m.end(), name, None, "", True, age, m.span("age"), m.start("name")))
    return tuple(sorted(out, key=lambda x: x.start))


def same_person(a: Mention, b: Mention, given: dict[str, set[str]]) -> bool:
    """Two mentions of one surname are one person unless their first names differ, or the story
    names two people of that surname (Bill and Hillary Clinton) and one mention has none."""
    if a.surname != b.surname:
        return False
    if a.given and b.given:
        return a.given == b.given
    return len(given.get(a.surname, ())) <= 1


# Capitalised words that come before a surname without being a first name.
_NOT_GIVEN = frozenset(w for t in [*OFFICES, *TITLES] for w in t.split()) | frozenset(
    "The A An In On At But And Of For To From By With Mr Mrs Ms Dr Former Democrat Democratic Republican "
    "President Senator Minister Secretary State Defense Defence Foreign Home Treasury Chief Deputy House "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Lady First Sir Dame Lord".split())


@by_args("people.given-names")
def _given_names(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for m in re.finditer(r"\b(?=([A-Z][a-z]+)\s+(?:[A-Z]\.\s+)?([A-Z][\w'’-]+))", text):
        if m.group(1) not in _NOT_GIVEN:
            out.append((re.sub(r"['’]s?$", "", m.group(2)), m.group(1)))
    return tuple(out)


def earlier(mentions: list[tuple[int, Mention]], given: dict[str, set[str]]):
    """Each mention (with its paragraph) and the earlier mentions of the same person, in order."""
    for k, (i, m) in enumerate(mentions):
        yield i, m, [(j, f) for j, f in mentions[:k] if same_person(f, m, given)]


def first_names(texts: tuple[str, ...]) -> dict[str, set[str]]:
    """Each surname's first names in the story: 'Clinton' → {'Bill', 'Hillary'}."""
    out: dict[str, set[str]] = {}
    for t in texts:
        for surname, given in _given_names(t):
            out.setdefault(surname, set()).add(given)
    return out


#: Verbs that report a change of office: a story that tells one may give a person both.
CHANGE = re.compile(
    r"\b(?:sworn in|swore in|appointed|named|promoted|became|become|becomes|becoming|succeed\w*|replac\w+|"
    r"resign\w*|stepped down|step down|steps down|took office|take office|takes office|inaugurat\w+|"
    r"elevated|demoted|retired)\b", re.I)


def changed(texts: tuple[str, ...], surname: str) -> bool:
    """The story reports a change of office for the person: a verb of it within eight words of the
    surname ("Biden was sworn in as president", "appointed Smith")."""
    near = re.compile(rf"(?:\b{re.escape(surname)}\b(?:\W+\w+){{0,8}}|(?:\w+\W+){{0,8}}\b{re.escape(surname)}\b)")
    return any(CHANGE.search(m.group()) for t in texts if surname in t for m in near.finditer(t))

