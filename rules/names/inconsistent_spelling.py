from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace as moved
from typing import Iterator

from rapidfuzz.distance import Indel
from rapidfuzz.fuzz import ratio

from copydesk.rules.api import Case, Edit, Fix, Related, Rule, Severity
from copydesk.rules.analysis import gazetteer
from copydesk.rules.analysis.folding import ARTICLES, key, keys, plain, stop_words, strip_articles, words
from copydesk.rules.caches import by_args, cache

# A word that may be part of a name: letters, with inner apostrophes and hyphens (az-Zour, Dar'a).
_WORD = re.compile(r"[^\W\d_][\w'’]*(?:[-‐][^\W\d_][\w'’]*)*")
# Lower-case words that sit inside names: articles and Arabic particles ("Omar bin Laden").
_JOINERS = ARTICLES | {"bin", "ibn", "bint", "abu", "abd"}
# Words that follow a place name without being part of it.
_GENERIC = frozenset(
    "province provinces city countryside governorate district region town village neighborhood "
    "neighbourhood suburb suburbs area camp airport airbase base".split()
)
# Capitalised words that are never part of a name here: days, months, compass bearings. (North,
# East, Eastern are: North Carolina, East Timor, Eastern Ghouta.)
_ORDINARY = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december northeast northwest southeast southwest "
    "northeastern northwestern southeastern southwestern".split()
)
# An opening bracket, perhaps with an article, just before a name: a gloss of the name before it.
_GLOSS = re.compile(r"\((?:[^\W\d_]{1,3}[- ])?$")
# Endings that make a different word of a name (Syria/Syrian, Iraq/Iraqi, Kurd/Kurds, Aleppo/Aleppos
# where a feed stripped the apostrophe, Britain/Britons, Russophobia/Russophobic): not a second spelling.
_DERIVED = frozenset("s es n ns an ans ian ians i is ish ese ite ites ic ics ia y ies e ain on ons ine ina".split())
# Words that tell two places apart, not two spellings of one (North West / North East).
_BEARINGS = frozenset("north south east west northern southern eastern western upper lower new old central".split())
_LONGEST = max(map(len, _DERIVED))
# spaCy's entity labels that name something, by the kind of thing named.
_KIND = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "org", "NORP": "group",
         "PRODUCT": "thing", "EVENT": "thing", "WORK_OF_ART": "thing", "LAW": "thing", "LANGUAGE": "thing"}
# The NER often mistakes a town for an organisation or a product; never for a person twice over.
_INTERCHANGEABLE = frozenset({"place", "org", "thing"})
# rapidfuzz ratio of the plain spellings, when the keys are equal (Idlib/Idleeb 73, Hassan/Hussein 62)
# and when they are one letter apart (Deir Ezor/Deir Ezzor 95, Francois/France 71).
_MIN_SIMILARITY, _MIN_SIMILARITY_NEAR = 70, 75


@dataclass(frozen=True)
class Mention:
    para: int
    start: int  # in the paragraph's text
    end: int
    text: str
    size: int  # words
    whole: bool  # the whole run of capitalised words, not a part of a longer name
    last: bool  # the end of its run, as a name is after its modifiers ("Syrian Idlib")
    run: tuple[int, int]  # the run of capitalised words it is part of


_POSSESSIVE = re.compile(r"['’]+s?$")
_HYPHEN = re.compile(r"[-‐]")


def _name_words(text: str) -> list[list[tuple[int, int]]]:
    """Runs of capitalised words (with the articles between them) separated by single spaces."""
    runs: list[list[tuple[int, int]]] = []
    run: list[tuple[int, int]] = []
    last_end = -2
    for m in _WORD.finditer(text):
        start, word = m.start(), m.group()
        if start and text[start - 1] in "@#":
            continue  # a handle or a hashtag (@JaneDoe, #AleppoIsBurning), not a spelling of a name
        word = _POSSESSIVE.sub("", word)  # Trump's; Trump'' where an archive quotes with apostrophes
        parts = _HYPHEN.split(word)
        # Keep the leading parts of a compound that are a name: "Russian-backed" → "Russian".
        keep = 0
        for i, part in enumerate(parts):
            if part[:1].isupper() and not (len(part) > 1 and part.isupper()):
                keep = i + 1
            elif part.lower() in ARTICLES and i + 1 < len(parts) and parts[i + 1][:1].isupper():
                continue
            else:
                break
        end = start + len("-".join(parts[:keep])) if keep else start
        joiner = keep == 0 and word.lower() in _JOINERS
        if (keep or joiner) and start == last_end + 1 and text[last_end] == " " and run:
            run.append((start, end if keep else start + len(word)))
        else:
            if run:
                runs.append(run)
            run = [(start, end)] if keep else []
        last_end = end if keep else (start + len(word) if joiner else -2)
        if keep < len(parts) and keep:
            last_end = -2  # "Russian-backed forces": the name ends inside the compound
    if run:
        runs.append(run)
    return runs


def _segments(text: str, run: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """A run split where a word cannot be part of a name: a capitalised stop word ("In", "We"), a
    lone letter, a generic word ("Province"); with the articles at its ends dropped."""
    stop = stop_words()
    segment: list[tuple[int, int]] = []
    for s, e in [*run, (0, 0)]:
        word = text[s:e]
        lower = word.lower()
        if e == 0 or len(word) < 2 or (lower in stop and lower not in _JOINERS) or lower in _GENERIC | _ORDINARY:
            # "Al Mayadin" and "Mayadin" are one spelling (articles come and go), "Abu Kamal" is not "Kamal".
            loose = lambda w: w.lower() in ARTICLES or w.islower()  # noqa: E731
            while segment and loose(text[segment[-1][0] : segment[-1][1]]):
                segment.pop()
            while segment and loose(text[segment[0][0] : segment[0][1]]):
                segment.pop(0)
            if segment:
                yield segment
            segment = []
        else:
            segment.append((s, e))


def mentions(paragraphs: list[str]) -> list[Mention]:
    """Every candidate name: each run of capitalised words and its sub-runs of up to three words."""
    return [m for p, text in enumerate(paragraphs) for m in _mentions_at(text, p)]


@by_args("inconsistent-spelling.mentions-at")
def _mentions_at(text: str, para: int) -> tuple[Mention, ...]:
    # by paragraph text and place: an edit elsewhere in the story leaves these as they were
    return tuple(moved(m, para=para) for m in _mentions_in(text))


@by_args("inconsistent-spelling.mentions")
def _mentions_in(text: str) -> tuple[Mention, ...]:
    """One paragraph's mentions, cached by its text: in the editor an edit re-scans one paragraph."""
    out = []
    for run in _name_words(text):
        for seg in _segments(text, run):
            named = [not (w.lower() in ARTICLES or w.islower()) for w in (text[s:e] for s, e in seg)]
            if _GLOSS.search(text, 0, seg[0][0]):
                continue  # "Abu Kamal (al-Bukamal)": the story gives the other spelling on purpose
            for i in range(len(seg)):
                for j in range(i, min(i + 3, len(seg))):
                    start, end = seg[i][0], seg[j][1]
                    if named[i] and named[j] and end - start >= 4:
                        last = j == len(seg) - 1
                        out.append(Mention(0, start, end, text[start:end], j - i + 1, i == 0 and last, last,
                                           (seg[0][0], seg[-1][1])))
    return tuple(out)


def _derived(a: str, b: str) -> bool:
    """Word by word, each pair the same or one derived from the other: Syria Aleppo/Syrias Aleppo,
    Syrian Civil Defence/Syria Civil Defence, Agency/Agencies."""
    wa, wb = strip_articles(a).split(), strip_articles(b).split()
    if len(wa) != len(wb) or wa == wb:
        return False
    return all(x == y or _same_stem(x, y) for x, y in zip(wa, wb))


def _same_stem(x: str, y: str) -> bool:
    common = len(os.path.commonprefix([x, y]))
    return any(_ending(x, k) and _ending(y, k) for k in range(4, common + 1))


def _ending(word: str, k: int) -> bool:
    """word[k:] is nothing or a derivational ending, not a slip doubling the stem's last letter
    (Homs/Homss, Damascus/Damascuss)."""
    end = word[k:]
    return not end or (end in _DERIVED and word[k - 1] != end[0])


def _second_reference(a: str, b: str) -> bool:
    """'Bashar al-Assad … Assad': dropping the article on later references is house style."""
    wa, wb = words(a), words(b)
    bare = lambda ws: [w for w in ws if w not in ARTICLES]  # noqa: E731
    return wa != wb and bare(wa) == bare(wb) and (bare(wa) == wa or bare(wb) == wb)


@by_args("inconsistent-spelling.lower-words")
def _lower_words(texts: tuple[str, ...]) -> frozenset[str]:
    """The words a story writes in lower case somewhere."""
    return frozenset(w for t in texts for w in re.findall(r"\b[a-z][a-z'’-]+\b", t))


def _fold(spelling: str) -> str:
    """One spelling however its apostrophe is typed: O’Neill is O'Neill."""
    return spelling.casefold().replace("’", "'")


# A paragraph that lists names (a team sheet, a line-up): "Dal Maso, Masi, Bergamasco, Mi
# Bergamasco, Pez": names there that look alike are different people.
_ROSTER = re.compile(r"(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?(?:, |; )){4,}")


def _short(a: str, b: str) -> bool:
    """Two one-word names of five letters or fewer, of one length, a letter apart."""
    return " " not in a + b and len(a) == len(b) <= 5 and sum(x != y for x, y in zip(a.lower(), b.lower())) == 1


def _bearing(a: str, b: str) -> bool:
    """Names that differ by a word of direction or age: two places (North West, North East)."""
    wa, wb = a.casefold().split(), b.casefold().split()
    changed = [(x, y) for x, y in zip(wa, wb) if x != y] if len(wa) == len(wb) else []
    return len(changed) == 1 and set(changed[0]) <= _BEARINGS


def _gendered(a: str, b: str) -> bool:
    """One word's masculine and feminine: Latino/Latina, Mario/Maria, Roberto/Roberta."""
    return " " not in a + b and len(a) == len(b) and a[:-1] == b[:-1] and {a[-1], b[-1]} == {"a", "o"}


def _near(a: str, b: str) -> bool:
    """Keys one letter apart, in a long name only: Deir Ezor/Deir Ezzor fold to dar+azar/dar+zar.
    A changed letter (Command/Comment, Homs/Hama) is a different word, not a romanization, and so
    is a vowel added at the end of a word (Eric/Erica, Carolyn/Carolina)."""
    ka, kb = key(a), key(b)
    if min(len(ka), len(kb)) < 6 or ka[0] != kb[0] or Indel.distance(ka, kb) != 1:
        return False
    wa, wb = keys(a), keys(b)
    if len(wa) != len(wb):
        return False
    changed = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(changed) != 1:
        return False  # the letter moved across a word boundary
    x, y = sorted(changed[0], key=len)
    return y[:-1] != x


def _slip(a: str, b: str) -> bool:
    """One vowel for another, or one letter doubled or undoubled, in a single word of five letters
    or more: the slips a reporter's fingers make on a name."""
    if " " in a or " " in b or max(len(a), len(b)) < 5 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        return len(diff) == 1 and diff[0][0] in "aeiou" and diff[0][1] in "aeiou"
    short, long_ = sorted((a, b), key=len)
    if len(long_) - len(short) != 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return long_[:i] + long_[i + 1 :] == short and long_[i] == long_[i - 1 if i else 1]


def _alike(a: str, b: str) -> bool:
    """Whether two spellings look like one name (before entity types confirm it)."""
    ka, kb = key(a), key(b)
    if ka != kb and not _near(a, b):
        return False
    floor = _MIN_SIMILARITY if ka == kb else _MIN_SIMILARITY_NEAR
    return ratio(plain(a), plain(b)) >= floor and not _derived(a, b) and not _second_reference(a, b)


def settled(kinds: Counter) -> str | None:
    """The kind spaCy settles on for a spelling, from its mentions' kinds: two or more mentions,
    two in three agreeing. A lone mention of an unfamiliar spelling is often mislabelled (Idleeb as
    a person)."""
    named = [(n, k) for k, n in kinds.items() if k != "name"]
    n, kind = max(named) if named else (0, None)
    return kind if n >= 2 and 3 * n >= 2 * sum(kinds.values()) else None


def compatible(ka: str | None, kb: str | None) -> bool:
    """Two settled kinds that may name one thing (the NER mixes up towns, groups and products)."""
    return ka is None or kb is None or ka == kb or {ka, kb} <= _INTERCHANGEABLE


def nationality(spelling: str, kinds: Counter, gaz: gazetteer.Gazetteer) -> bool:
    """Nationalities and groups (Syrian, Kurdish) are words derived from names, not spellings. One
    "group" label on a lone unfamiliar spelling ("Haseka") is the NER guessing."""
    group, total = kinds["group"], sum(kinds.values())
    looks = re.search(r"(?:an|ans|i|is|ish|ese|ic)$", spelling) is not None
    # Groups are mostly plural (Kurds, Alawites); a town the NER twice calls a group (Aleppo in a
    # feed that lost its commas) is still a town.
    return 2 * group > total and (looks or group > 1 and spelling.endswith("s")) and gaz.entry(spelling) is None


def clusters(spellings: list[str], gaz: gazetteer.Gazetteer, allowed=lambda a, b: True) -> list[list[str]]:
    """Groups of two or more spellings of one name: listed together in the gazetteer, or alike and
    `allowed` by what else is known of them."""
    parent = {s: s for s in spellings}

    def root(s: str) -> str:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    by_key: dict[str, list[str]] = defaultdict(list)
    for s in spellings:
        by_key[key(s)].append(s)
    folded = sorted(by_key)
    pairs = [(a, b) for group in by_key.values() for i, a in enumerate(group) for b in group[i + 1 :]]
    # Keys one letter longer than another: index each long key by its one-letter deletions, so a
    # story with thousands of names costs their length, not their number squared.
    shorter: dict[str, list[str]] = defaultdict(list)
    for k in folded:
        if len(k) >= 7:
            for i in range(1, len(k)):
                shorter[k[:i] + k[i + 1 :]].append(k)
    for ka in folded:
        for kb in set(shorter.get(ka, ())):
            pairs += [(a, b) for a in by_key[ka] for b in by_key[kb] if _near(a, b)]
    entries: dict[int, list[str]] = defaultdict(list)
    for s in spellings:
        if (e := gaz.entry(s)) is not None:
            entries[id(e)].append(s)
    pairs += [(a, b) for group in entries.values() for i, a in enumerate(group) for b in group[i + 1 :]]
    for a, b in pairs:
        listed = gaz.entry(a) is not None and gaz.entry(a) is gaz.entry(b)
        if listed or _alike(a, b) and allowed(a, b):
            parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for s in spellings:
        groups[root(s)].append(s)
    return [g for g in groups.values() if len(g) > 1]


_GROUPS = cache("inconsistent-spelling.groups")


def _candidate_groups(spellings: tuple[str, ...], whole: frozenset[str], gaz) -> list[list[str]]:
    """clusters() over the story's spellings, remembered while the spellings stay the same (most
    edits change none): the pairing is the costliest part of the cheap pass."""
    key = (spellings, whole, id(gaz))
    hit = _GROUPS.get(key)
    if hit is None or hit[0] is not gaz:
        hit = (gaz, clusters(list(spellings), gaz, lambda a, b: _fold(a) in whole or _fold(b) in whole))
        _GROUPS.put(key, hit)
    return hit[1]


class InconsistentSpelling(Rule):
    """
    ## What it flags
    One place, person or organisation spelled two ways in one story: Deir Ezzour and Deir az-Zour,
    Khisham and Khusham, Raqqa and Raqa. The pairs are found, not listed: names are folded to a
    transliteration-aware key (articles al-/az-/ez-, doubled letters, vowel variation, kh/q/sh,
    diacritics), compared by edit distance, and confirmed by spaCy's entity types.

    One finding per spelling that loses, on its first mention: every spelling other than the house
    gazetteer's, else the minority spelling (the first one used wins a tie).

    ## Why it matters
    Arabic and other names have no single romanization, so wire copy, stringers and editors each
    bring their own. A reader cannot tell that Khisham and Khusham are one town. AP: no standard
    transliteration, so be consistent within a story.

    ## Example
    Fighters attacked the town of Khisham. Regime forces tried to take an oilfield near Khusham.

    ## Use instead
    Fighters attacked the town of Khusham. Regime forces tried to take an oilfield near Khusham.

    Not flagged: a word the story also writes in lower case (Hell beside Hall, Games beside James),
    names that both stand on a team sheet (Masi, Dal Maso), one name with its apostrophe typed two
    ways (O’Neill, O'Neill), short surnames a letter apart that no gazetteer lists (Reid and Reed,
    Ross and Russ: as often two people), a word's masculine and feminine each used more than once
    (Latino, Latina), two people whose like names
    come with different names of their own (Adam Clayton
    and Eric Clapton, two brothers), places told apart by a bearing (the North West and the North
    East), different places that look alike (Al Mayadin and Al Madinah, Homs and Hama),
    second references that drop the article or the first name (Bashar al-Assad … Assad, Ted Cruz …
    Cruz), derived words (Syria, Syrian) and exonyms the gazetteer accepts (Palmyra, Tadmur).

    ## Fix safety
    The fix is safe when the house gazetteer names the spelling, unsafe when the story's majority
    chose it. A second fix spells every mention of the name in the story the same way.
    """

    name = "inconsistent-spelling"
    # Info: blind readers judged 18 of 31 findings right on fresh copy (seed32; 0.71 on Reuters
    # 1987, 0.33 on the BBC's sports pages, where two players share a surname's look); the BBC
    # preset makes it a hint.
    severity = Severity.INFO
    needs = frozenset({"tagger", "ner"})
    scope = "document"
    fixable = True
    invalid = [
        # a doubled letter is a slip, not an ending: Homss is no plural of Homs
        Case(
            "Two car bombs killed 25 people in Homs on Wednesday.\n\n"
            "The blasts in ⟦Homss⟧ came a day after rebels shelled the city, the governor of Homs said.",
            "Two car bombs killed 25 people in Homs on Wednesday.\n\n"
            "The blasts in Homs came a day after rebels shelled the city, the governor of Homs said.",
        ),
        Case(
            "The hostilities erupted after fighters began advancing on rebels in the town of ⟦Khisham⟧.\n\n"
            "Regime forces were likely attempting to take an oilfield near Khusham.\n\n"
            "He declined to say whether coalition jets struck again near the community of Khusham.",
            "The hostilities erupted after fighters began advancing on rebels in the town of Khusham.\n\n"
            "Regime forces were likely attempting to take an oilfield near Khusham.\n\n"
            "He declined to say whether coalition jets struck again near the community of Khusham.",
        ),
        Case(
            "The coalition called the attack southeast of the city of ⟦Deir Ezzour⟧ in eastern Syria unprovoked.\n\n"
            "Fighters attacked a U.S.-backed coalition in eastern ⟦Deir az-Zour⟧ province.",
            "The coalition called the attack southeast of the city of Deir ez-Zor in eastern Syria unprovoked.\n\n"
            "Fighters attacked a U.S.-backed coalition in eastern Deir ez-Zor province.",
        ),
        # a one-letter slip the tagger takes for an adjective, on a town it knows
        Case(
            "Thousands of civilians left the besieged town of Madaya on Friday, the monitor said.\n\n"
            "⟦Madayya⟧ evacuees said they had eaten grass for weeks.",
            "Thousands of civilians left the besieged town of Madaya on Friday, the monitor said.\n\n"
            "Madaya evacuees said they had eaten grass for weeks.",
        ),
        # a town the NER calls a group twice in comma-stripped copy is still a town
        Case(
            "Rebel-held east of Aleppo and the opposition-held area of Aleppo city came under fire.\n\n"
            "Rebels kept pounding areas of ⟦Alippo⟧ city and others.",
            "Rebel-held east of Aleppo and the opposition-held area of Aleppo city came under fire.\n\n"
            "Rebels kept pounding areas of Aleppo city and others.",
        ),
        Case(
            "Kurdish-led forces said they had surrounded Raqqa from three sides.\n\n"
            "Civilians fleeing ⟦Raqa⟧ described food shortages and air strikes.",
            "Kurdish-led forces said they had surrounded Raqqa from three sides.\n\n"
            "Civilians fleeing Raqqa described food shortages and air strikes.",
        ),
        Case(
            "Militants shelled the Ghouta suburbs after the Army retook ⟦Deir ez-Zor⟧, the ministry said.\n\n"
            "Residents of Deir al-Zor said the bread lines were shorter.",
            "Militants shelled the Ghouta suburbs after the Army retook Deir al-Zor, the ministry said.\n\n"
            "Residents of Deir al-Zor said the bread lines were shorter.",
            config={"gazetteer": {"Deir al-Zor": ["Deir ez-Zor", "Deir Ezzor"]}},
        ),
    ]
    valid = [
        "Islamic State fighters withdrew from Al Mayadin toward the border, while pilgrims returned to "
        "Al Madinah on Friday.",
        "Rebels shelled government positions in Homs and Hama on Tuesday, the monitoring group said.",
        "Hundreds of families fled Raqqa for Iraq as the offensive began.",
        "President Bashar al-Assad met the Russian envoy in Damascus.\n\nAssad's forces later advanced on Aleppo.",
        "Sen. Ted Cruz said the strikes lacked a clear objective.\n\nCruz asked for a vote in Congress.",
        "Islamic State militants blew up temples in Palmyra, which Syrians call Tadmur.",
        "Syria's army said Syrian jets struck the Aleppos outskirts as Aleppo residents fled.",
        "Former basketball star Michael Jordan visited refugee camps in Jordan on Monday.",
        # BBC News, 2005: two people, two places, a country and its adjective
        "The induction of U2 was marked by Bono, The Edge, Adam Clayton and Larry Mullen Jr.\n\n"
        "Eric Clapton and Bruce Springsteen played with the band afterwards.",
        "The North East showed the highest rate of inflation at 26.2%, followed by the North West on 21.1%.",
        # BBC, 2005: a team sheet
        "Italy: De Marigny, Robertson, Canale, Masi, Dallan, Orquera, Troncon, Lo Cicero, Ongaro, Castrogiovanni, "
        "Dellape, Dal Maso, Persico, Mi Bergamasco, Parisse.\n\nReplacements: Intoppa, Perugini, Ma Bergamasco, "
        "Griffen, Travagli, Pez, Nitoglia.",
        "Argentina's request for rescheduling was faulty, an Argentine observer at the negotiations said.",
        # PolNeAR, 2016: two candidates with short names a letter apart; a word and its feminine
        "Attorney Deborah Ross of North Carolina will skip the convention.\n\nRuss Feingold will stay in "
        "Wisconsin. Russ looks forward to campaigning with Secretary Clinton.\n\nRoss said she would campaign at home.",
        "The actor discussed the absence of Latinos in history books. Latino audiences want more, and Latino actors more roles.\n\n"
        "She was joined by Gina Rodriguez in the Latina winners circle. Latina actresses face more hurdles.",
        "The ceremony was held at the Hall of Fame in Cleveland.\n\nThe noise was like hell, said one guest, "
        "who called it Hell on Earth.",
    ]

    def _candidates(self, doc) -> dict:
        """Spellings that may be one name, by the cheap pass alone; kept on the rule between
        select() (which asks the NLP for their paragraphs only) and check()."""
        texts = tuple(p.text for p in doc.paragraphs)
        if self._plan is not None and self._plan[0] == (texts, id(doc.gazetteer)):
            return self._plan[1]
        gaz = gazetteer.load(doc.gazetteer)
        by_spelling: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions(list(texts)):
            if not gaz.is_exonym(m.text):
                by_spelling[_fold(m.text)].append(m)
        # A word derived from a name in the story is no spelling of anything: Syrian beside Syria.
        for s in [s for s in by_spelling if " " not in s]:
            if any(_ending(s, len(s) - k) and s[:-k] in by_spelling for k in range(1, min(_LONGEST, len(s) - 4) + 1)):
                del by_spelling[s]
        # A part of a longer name pairs up only with a name that stands alone somewhere: "Bashar"
        # in "Bashar al-Assad" and "Bashir" in "President Bashir" are two people.
        whole = {s for s, ms in by_spelling.items() if any(m.whole for m in ms)}
        groups = _candidate_groups(tuple(ms[0].text for ms in by_spelling.values()), frozenset(whole), gaz)
        plan = {"by_spelling": by_spelling, "groups": groups, "whole": whole}
        self._plan = ((texts, id(doc.gazetteer)), plan)
        return plan

    _plan: tuple[tuple, dict] | None = None

    def prepare(self, doc):
        self._candidates(doc)

    def select(self, paragraphs):
        if self._plan is None or self._plan[0][0] != tuple(p.text for p in paragraphs):
            return [self.wants(p.text) for p in paragraphs]
        plan = self._plan[1]
        wanted = {m.para for g in plan["groups"] for s in g for m in plan["by_spelling"][_fold(s)]}
        return [i in wanted for i in range(len(paragraphs))]

    def check(self, doc):
        gaz = gazetteer.load(doc.gazetteer)
        plan = self._candidates(doc)
        # Keep the mentions spaCy confirms as names, with the kind of thing each one names.
        kinds: dict[str, Counter] = {}
        confirmed: dict[str, list[Mention]] = {}
        alone: set[str] = set()  # spellings used alone somewhere, not as a part of a longer name
        last: set[str] = set()  # ... or at the end of a longer run ("Syrian Idlib")
        standing: set[str] = set()  # ... and recognised there as an entity
        unconfirmed: list[tuple[str, Mention]] = []
        for group in plan["groups"]:
            for s in group:
                for m in plan["by_spelling"][_fold(s)]:
                    kind, exact = self.confirm(doc.paragraphs[m.para], m)
                    if kind is None and gaz.entry(s) is not None and exact is not None:
                        kind = "name"  # the gazetteer knows it where the tagger did not ("Idleb province")
                    if kind is None and exact is not None:
                        unconfirmed.append((s, m))
                    if kind is not None:
                        confirmed.setdefault(s, []).append(m)
                        kinds.setdefault(s, Counter())[kind] += 1
                        if m.whole or exact or self._beside(doc.paragraphs[m.para].text, m, plan["whole"]):
                            alone.add(s)
                            if kind != "name":
                                standing.add(s)
                        elif m.last:
                            last.add(s)

        # A one-letter slip on a name spaCy recognises alone somewhere is a name too, though the
        # tagger took the unfamiliar word for a noun or an adjective ("Madayya evacuees", "Daash-held").
        for s, m in unconfirmed:
            if m.whole and " " not in s and any(_slip(s, o) for o in standing):
                confirmed.setdefault(s, []).append(m)
                kinds.setdefault(s, Counter())["name"] += 1
                alone.add(s)

        rostered = {sp: any(_ROSTER.search(doc.paragraphs[m.para].text) for m in ms) for sp, ms in confirmed.items()}

        # The words each spelling keeps company with in its runs of capitals: "Adam" of Adam Clayton.
        company: dict[str, set[str]] = defaultdict(set)
        for sp, ms in confirmed.items():
            for m in ms:
                text = doc.paragraphs[m.para].text
                company[sp] |= set(words(text[m.run[0] : m.start] + " " + text[m.end : m.run[1]]))

        def allowed(a: str, b: str) -> bool:
            if rostered[a] and rostered[b]:
                return False  # both on a team sheet: Masi and Dal Maso are two players
            people = "person" in (settled(kinds[a]), settled(kinds[b]))
            if people and company[a] and company[b] and not company[a] & company[b]:
                return False  # Adam Clayton and Eric Clapton: two people, each with a name of their own
            if _bearing(a, b):
                return False
            if people and _short(a, b) and gaz.entry(a) is None and gaz.entry(b) is None:
                return False  # Reid/Reed, Ross/Russ: short surnames a letter apart are as often two people
            if _gendered(a, b) and min(len(confirmed[a]), len(confirmed[b])) >= 2:
                return False  # a word's masculine and feminine, each used (Latino/Latina); a slip is rarer (Aleppa)
            # One must stand alone somewhere as a recognised entity, the other alone or at the end of
            # a run: the start of a longer name ("Syrian Armed" of Syrian Armed Forces, "Bashar" of
            # Bashar al-Assad) is not a name, and two proper nouns the NER never recognised are as
            # likely words (Read/Road, Contact/Connect).
            if not (a in standing and b in alone | last or b in standing and a in alone | last):
                # A one-letter slip on a name the story establishes (Aleppo … Alippo, Daraa …
                # Darraa) is a misspelling wherever it sits in a run of capitals.
                if not (_slip(a, b) and (a in standing or b in standing)):
                    return False
            return compatible(settled(kinds[a]), settled(kinds[b]))

        confirmed = {s: ms for s, ms in confirmed.items() if not nationality(s, kinds[s], gaz)}
        # A word the story also writes in lower case is a word (Hell, Joke, Games), not a spelling
        # of a name. (A name inside a quote is still the reporter's transliteration of it.)
        lower = _lower_words(tuple(p.text for p in doc.paragraphs))
        confirmed = {s: ms for s, ms in confirmed.items() if gaz.entry(s) is not None or " " in s or s.casefold() not in lower}
        groups = clusters(list(confirmed), gaz, allowed)
        # Longest names first: "Deir Ezzour"/"Deir az-Zour" is one finding, not also "Ezzour"/"az-Zour".
        groups.sort(key=lambda g: -max(m.size for s in g for m in confirmed[s]))
        covered: list[Mention] = []
        for group in groups:
            inside = lambda m: any(  # noqa: E731
                c.para == m.para and c.start <= m.start and m.end <= c.end and (c.start, c.end) != (m.start, m.end)
                for c in covered
            )
            spots = {s: [m for m in confirmed[s] if not inside(m)] for s in group}
            spots = {s: ms for s, ms in spots.items() if ms}
            if len(spots) < 2:
                continue
            covered += [m for ms in spots.values() for m in ms]
            yield from self._report(doc, spots, gaz)

    @staticmethod
    def _beside(text: str, m: Mention, alone: set[str]) -> bool:
        """Whether the rest of the mention's run is a name used alone elsewhere: "Raqqa Syria" in
        copy whose commas were lost is two names."""
        start, end = m.run
        rest = text[m.end : end] if m.start == start else text[start : m.start] if m.end == end else ""
        return rest.strip().casefold() in alone

    @staticmethod
    def confirm(para, m: Mention) -> tuple[str | None, bool | None]:
        """What the mention names: 'place', 'person', 'org', 'group', 'thing' from the entity spaCy
        found, 'name' for a proper noun the NER missed, None for anything else (a sentence-initial
        common word); and whether an entity spans exactly the mention, which marks where a name
        ends when a run of capitals holds two ("in Hamma Beirut Doctors said"); None, None when
        spaCy says it is not a name at all."""
        if para.doc is None or not para.has("ner"):
            return None, None
        span = para.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return None, None
        if any(t.ent_type_ and t.ent_type_ not in _KIND for t in span):
            return None, None  # a date, number or quantity, or a name run into one (Aleppo Monday)
        labels = Counter(_KIND[t.ent_type_] for t in span if t.ent_type_ in _KIND)
        if labels:
            exact = any(e.start_char == m.start and e.end_char == m.end for e in span.ents)
            return labels.most_common(1)[0][0], exact
        return ("name" if any(t.pos_ == "PROPN" for t in span) else None), False

    def _report(self, doc, spots: dict[str, list[Mention]], gaz):
        entry = next((e for s in spots if (e := gaz.entry(s)) is not None), None)
        if entry is not None:
            winner, safe = entry.preferred, True
        else:
            order = sorted(spots, key=lambda s: (-len(spots[s]), spots[s][0].para, spots[s][0].start))
            winner, safe = order[0], False
        span = lambda m: doc.paragraphs[m.para].span((m.start, m.end))  # noqa: E731

        def spelt(m: Mention) -> str:
            # A sentence-initial "Al-Qaim" stays capitalised when the house writes "al-Qaim".
            return winner[0].upper() + winner[1:] if m.text[:1].isupper() else winner

        # "Qaryatain" beside the winning "al-Qaryatain" is the winner without its article: no variant.
        losers = [s for s in spots if s.casefold() != winner.casefold() and not _second_reference(s, winner)]
        unify = Fix(
            f"Spell every mention '{winner}'",
            tuple(Edit(*span(m), spelt(m)) for s in losers for m in spots[s]),
            safe,
        )
        for s in losers:
            first = spots[s][0]
            others = [o for o in spots if o != s]
            where = ", ".join(f"'{o}'" for o in others)
            message = f"'{s}' is spelled {where} elsewhere in this story"
            if entry is not None:
                message += f"; the house spelling is '{winner}'"
            yield self.finding(
                *span(first),
                message,
                related=[Related(*span(spots[o][0]), f"also spelled '{o}'") for o in others],
                fixes=[
                    Fix(f"Replace '{s}' with '{winner}'", tuple(Edit(*span(m), spelt(m)) for m in spots[s]), safe),
                    unify,
                ],
            )
