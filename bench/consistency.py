"""The consistency rules (issue 24) on real copy: recall on one injected change per story, false
alarms and findings per 1,000 words on the stories as they are.

Copy comes from the five publications of bench/fresh.py, each linted with its own house's settings
and its stories' year where the corpus records a date (house key `year`): PolNeAR's train split,
and the tuning pool (`fresh.tuned`) of FA-KES, Reuters 1987, Reuters.com and the BBC. The blind pool
is never read. Each publication's articles are split once more, by a hash of their id: the `dev`
half tuned the rules (`--show` prints its findings), the `held` half never did and gives the
figures; `--split dev` measures the tuning half instead.

Each family's injector takes a story and makes one change of its kind in a copy (a compound written
the other way, a word spelt the other variety's way, a second title or age for a person, a small
count in figures, a weekday that does not match its date, a month in a form AP does not use, a
count given again differently); the rule must flag the changed words. A family's stories are those
where its injector finds something to change.

    python bench/consistency.py                       # every family, held half, 200 stories each
    python bench/consistency.py --families numerals,dates --stories 100
    python bench/consistency.py --split dev --show    # the tuning half, with its findings printed
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fresh  # noqa: E402

from copydesk.config import Config  # noqa: E402
from copydesk.engine import lint  # noqa: E402
from copydesk.rules import registry  # noqa: E402

CORPORA = fresh.CORPORA
RULES = sorted(name for name, rule in registry().items() if rule.group == "consistency")


def half(article: str) -> str:
    """'dev' or 'held': this benchmark's own split of a tuning pool."""
    return "dev" if int(hashlib.sha1(f"consistency/{article}".encode()).hexdigest(), 16) % 2 == 0 else "held"


def polnear() -> Iterator[tuple[str, str, int | None]]:
    folder = CORPORA / "polnear" / "train" / "text"
    if not folder.is_dir():
        sys.exit(f"PolNeAR is not at {folder}: see ../shared/corpora/README.md")
    years = {}
    with (CORPORA / "polnear" / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            years[row["filename"]] = int(row["publication_date"][:4]) if row["publication_date"][:4].isdigit() else None
    for path in sorted(folder.glob("*.txt")):
        yield path.stem, path.read_text(encoding="utf-8"), years.get(path.stem[:len(path.stem)])


def fakes() -> Iterator[tuple[str, str, int | None]]:
    path = CORPORA / "fakes" / "FA-KES-Dataset.csv"
    if not path.is_file():
        sys.exit(f"FA-KES is not at {path}: see ../shared/corpora/README.md")
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        for r in csv.DictReader(f):
            article = f"fakes-{r['unit_id']}"
            if fresh.tuned(article):
                year = re.search(r"\b(20\d\d|19\d\d)\b", r.get("date") or "")
                yield article, f"{r['article_title'].strip()}\n\n{r['article_content'].strip()}\n", \
                    int(year.group(1)) if year else None


def fresh_pool(publication: str) -> Iterator[tuple[str, str, int | None]]:
    import json

    dates = {}
    with (CORPORA / "fresh" / fresh.FRESH[publication]).open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            dates[story["id"]] = int(story["date"][:4]) if story.get("date") else None
    for article, text in fresh.pool(publication, tuning=True).items():
        yield article, text, dates.get(article)


def stories(publication: str, split: str) -> list[tuple[str, str, int | None]]:
    source = polnear() if publication == "polnear" else fakes() if publication == "fakes" else fresh_pool(publication)
    return [s for s in source if half(s[0]) == split]


def config(publication: str, year: int | None, select: list[str] | None = None, **house) -> Config:
    given = {**fresh.HOUSE[publication], **house}
    if year is not None:
        given.setdefault("year", year)
    return Config.from_dict({"select": select or RULES, "house": given})


# -- injectors: (text, rng) -> (copy, start, end of the changed words in the copy) or None ---------------

Injected = tuple[str, int, int]
INJECTORS: dict[str, tuple[str, Callable[[str, random.Random, int | None], Injected | None]]] = {}


def injector(family: str, rule: str):
    def register(fn):
        INJECTORS[family] = (rule, fn)
        return fn
    return register


def swap(text: str, start: int, end: int, new: str) -> Injected:
    return text[:start] + new + text[end:], start, start + len(new)


_SMALL = re.compile(r"(?<![\w-])(one|two|three|four|five|six|seven|eight|nine)\s+(?=[a-z]{3,}s\b)")
# Money, measures and ages, which the stylebooks write in figures anyway.
_NOT_COUNTED = re.compile(r"(?:percent|per|years? old|months? old|million|billion|dollars|dlrs|cents|cts|marks|"
                          r"francs|pounds|euros|yen|ounces|tonnes|tons|miles|kilometres|kilometers|feet|inches|"
                          r"acres|barrels|points|times)\b")


@injector("numerals", "numerals")
def small_figure(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A count of one to nine spelt out, after the headline, written in figures."""
    from copydesk.rules.analysis.numbers import value

    body = text.find("\n\n")
    spots = [m for m in _SMALL.finditer(text, max(body, 0)) if not _NOT_COUNTED.match(text, m.end())]
    if not spots:
        return None
    m = rng.choice(spots)
    word = m.group(1)
    return swap(text, m.start(1), m.end(1), str(value(word)))


@injector("spelling", "mixed-spelling")
def other_variety(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A word the story spells one variety's way (and only that variety does) respelt the other
    way, after a first word of that variety: the story then mixes the two."""
    from copydesk.rules.analysis import spelling

    table = spelling.pairs()
    marked = []
    for m in re.finditer(r"(?<![\w'’-])[a-z]+(?![\w'’-])", text):
        hit = table.get(m.group())
        if hit is None:
            continue
        pair, british = hit
        if british and pair.british_only and pair.american_only or not british and pair.american_only and pair.british_only and not pair.oxford:
            marked.append((m, pair, british))
    if len(marked) < 2:
        return None
    first = marked[0][2]
    later = [x for x in marked[1:] if x[2] == first]
    if not later:
        return None
    m, pair, british = rng.choice(later)
    return swap(text, m.start(), m.end(), pair.american if british else pair.british)


@injector("weekday", "weekday-mismatch")
def wrong_weekday(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A weekday put before a date of the story's year that it does not fall on ("on March 5" →
    "on Friday, March 5" where March 5 was a Tuesday); Decembers and Januarys are left out, whose
    year a story's year alone does not settle."""
    from copydesk.rules.analysis import dates

    if year is None:
        return None
    body = max(text.find("\n\n"), 0)
    spots = [(m, para_start) for para_start, para in _paragraphs(text) if para_start >= body
             for m in dates.mentions(para) if m.weekday is None and m.year is None and m.month not in (1, 12)]
    if not spots:
        return None
    m, at = rng.choice(spots)
    right = dates.weekday(year, m.month, m.day)
    if right is None:
        return None
    wrong = dates.WEEKDAYS[rng.choice([d for d in range(7) if d != right])]
    insert = f"{wrong} " if m.day_first else f"{wrong}, "
    start = at + m.start
    copy = text[:start] + insert + text[start:]
    return copy, start, start + len(wrong)


@injector("months", "month-form")
def other_month_form(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A date written in AP's form (Jan. 5, March 5) rewritten another way: the month spelled out
    or cut without its point, an ordinal, or the day first. Linted with AP's month forms."""
    from copydesk.rules.analysis import dates

    spots = [(m, at, para) for at, para in _paragraphs(text) for m in dates.mentions(para)
             if not m.day_first and not m.suffix
             and para[m.month_span[0] : m.month_span[1]] == dates.AP_MONTHS[m.month - 1]]
    if not spots:
        return None
    m, at, para = rng.choice(spots)
    full, ap = dates.MONTHS[m.month - 1], dates.AP_MONTHS[m.month - 1]
    options = [f"{ap} {m.day}{'th' if m.day > 3 and m.day < 21 else ''}"] if 3 < m.day < 21 else []
    options += [f"{m.day} {full}"]
    if ap != full:
        options += [f"{full} {m.day}", f"{ap.rstrip('.')} {m.day}"]
    else:
        options += [f"{full[:3]}. {m.day}"]
    start, end = at + m.month_span[0], at + m.date_end
    return swap(text, start, end, rng.choice(options))


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each blank-line paragraph."""
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]*)*", text):
        yield m.start(), m.group()


#: Compounds the publication writes two ways across its stories (bench: built from the pool's own
#: text, never from the rule): key → the forms seen, closed, hyphenated and open.
COMPOUNDS: dict[str, dict[str, set[str]]] = {}
_HYPHENED = re.compile(r"(?<![\w-])[a-z]+(?:-[a-z]+)+(?![\w-])")


def compounds(publication: str, pool) -> dict[str, set[str]]:
    if publication not in COMPOUNDS:
        words: Counter = Counter()
        for _, text, _ in pool:
            words.update(re.findall(r"(?<![\w-])[a-z]+(?:-[a-z]+)*(?![\w-])", text))
        forms: dict[str, set[str]] = defaultdict(set)
        for word in words:
            forms[word.replace("-", "")].add(word)
        bigrams: Counter = Counter()
        for _, text, _ in pool:
            bigrams.update(f"{a} {b}" for a, b in re.findall(r"(?<![\w-])([a-z]+) (?=([a-z]+)(?![\w-]))", text))
        from copydesk.rules.analysis.folding import stop_words

        for pair in bigrams:
            key = pair.replace(" ", "")
            # two words of substance: "every one", "any more", "turn out" are other words, not a compound
            if key in forms and len(key) >= 7 and all(len(w) >= 3 and w not in stop_words() for w in pair.split()):
                forms[key].add(pair)
        COMPOUNDS[publication] = {k: v for k, v in forms.items() if len(v) > 1 and any("-" in f or " " in f for f in v)}
    return COMPOUNDS[publication]


@injector("compound", "inconsistent-compound")
def other_compound_form(text: str, rng: random.Random, year: int | None, known: dict | None = None) -> Injected | None:
    """A compound the story writes one way twice or more, written another way the publication
    uses elsewhere at a later mention: take-over for takeover, e-mail for email, web site for
    website. A hyphen is never dropped for two words ("long-term" → "long term"), which the
    grammar may want."""
    spots = defaultdict(list)
    for m in re.finditer(r"(?<![\w-])[a-z]+(?:-[a-z]+)*(?![\w-])", text):
        key = m.group().replace("-", "")
        if key in known and m.group() in known[key]:
            spots[m.group()].append(m)
    written = Counter(w.replace("-", "") for w in spots)
    usable = [(w, ms) for w, ms in sorted(spots.items()) if len(ms) >= 2 and written[w.replace("-", "")] == 1
              and not any(f in text for f in known[w.replace("-", "")] if " " in f)]
    if not usable:
        return None
    word, ms = rng.choice(usable)
    others = sorted(f for f in known[word.replace("-", "")] if f != word and not ("-" in word and " " in f))
    if not others:
        return None
    m = rng.choice(ms[1:])
    return swap(text, m.start(), m.end(), rng.choice(others))


#: Offices the title injector gives a person, none of which one person holds beside another.
OTHER_OFFICES = ["President", "Prime Minister", "Sen.", "Gov.", "Mayor", "Rep.", "Secretary of State", "Gen."]


@injector("title", "inconsistent-title")
def second_title(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A person named with an office ("Sen. Ted Cruz") and named again later by surname: the later
    mention given another office ("Gov. Cruz"), or its own office swapped for another."""
    from copydesk.rules.analysis import people

    given = people.first_names(tuple(p for _, p in _paragraphs(text)))
    spots = []
    for at, para in _paragraphs(text):
        for m in people.titled(para):
            if m.current and len(given.get(m.surname, ())) <= 1:
                spots.append((at, m))
    rng.shuffle(spots)
    for at, m in spots:
        later = [x for x in re.finditer(rf"(?<![\w.-]){re.escape(m.surname)}(?=,? (?:said|says|told|added|was|is|has|had|who|wrote|argued)\b)",
                                        text[at + m.end :])]
        if not later:
            continue
        x = rng.choice(later)
        start = at + m.end + x.start()
        before = text[max(0, start - 30) : start]
        other = rng.choice([o for o in OTHER_OFFICES if people.OFFICES[o] != m.office
                            and frozenset((people.OFFICES[o], m.office)) not in people.TOGETHER])
        prior = re.search(rf"(?:{'|'.join(re.escape(t) for t in people.OFFICES)})\s+(?:[A-Z][\w'’.-]*\s+)?$", before)
        if prior:  # the later mention has a title of its own: swap it
            s = start - len(before) + prior.start()
            title = re.match(rf"{'|'.join(re.escape(t) for t in sorted(people.OFFICES, key=len, reverse=True))}", text[s:])
            return swap(text, s, s + len(title.group()), other)
        if re.search(r"[A-Z][\w.'’-]*\s+$", before):
            continue  # a first name or another title before it: no room for an office
        copy = text[:start] + other + " " + text[start:]
        return copy, start, start + len(other)
    return None


@injector("age", "inconsistent-age")
def second_age(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A person given an age ("John Smith, 45,") and named again later by surname ("Smith said"):
    the later mention given another age ("Smith, 47, said"). In a story that gives no age, a person
    named in full and again by surname gets one age at each ("John Smith, 45, said" … "Smith, 47,
    said")."""
    from copydesk.rules.analysis import people

    paragraphs = list(_paragraphs(text))
    given = people.first_names(tuple(p for _, p in paragraphs))
    # a surname the story gives one person: a bare "Trump" beside Donald and Ivanka is nobody's
    spots = [(at, m.surname, m.end, m.age) for at, para in paragraphs for m in people.aged(para)
             if len(given.get(m.surname, ())) <= 1]
    if not spots:
        from copydesk.nlp import pipeline

        nlp = pipeline()
        verb = r"(?= (?:said|says|told|added|was|is|has|had|who|wrote|argued)\b)"
        for at, para in paragraphs:
            (doc,) = nlp.parse([para], nlp.components({"ner"}))
            people_here = {e.text for e in doc.ents if e.label_ == "PERSON"}
            for m in re.finditer(rf"\b[A-Z][a-z]+ ([A-Z][a-z]{{2,}}){verb}", para):
                if m.group() in people_here and len(given.get(m.group(1), ())) == 1:
                    spots.append((at, m.group(1), m.end(), None))
        if not spots:
            return None
    rng.shuffle(spots)
    for at, surname, end, age in spots:
        later = [x for x in re.finditer(rf"(?<![\w.-]){re.escape(surname)}(?= (?:said|says|told|added|was|is|has|had|who)\b)",
                                        text[at + end :])]
        if not later:
            continue
        if age is None:  # give the first mention an age of its own first
            age = rng.randint(25, 70)
            text = text[: at + end] + f", {age}," + text[at + end :]
            end += len(f", {age},")
        x = rng.choice(later)
        stop = at + end + x.end()
        other = str(age + rng.choice([-3, -2, -1, 1, 2, 3]))
        copy = text[:stop] + f", {other}," + text[stop:]
        return copy, stop + 2, stop + 2 + len(other)
    return None


@injector("count", "inconsistent-count")
def second_count(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A toll the story gives twice alike ("killed 12 people" … "the 12 dead"): one of the later
    ones changed ("the 14 dead")."""
    from copydesk.rules.analysis.numbers import counts

    found = defaultdict(list)
    for at, para in _paragraphs(text):
        for c in counts(para):
            if not c.qualified:
                found[(c.what, c.who, c.n)].append((at, c))
    twice = [v for v in found.values() if len(v) >= 2]
    if not twice:
        return None
    at, c = rng.choice(rng.choice(twice)[1:])
    n = c.n + rng.choice([-3, -2, -1, 1, 2, 3, 5]) if c.n > 3 else c.n + rng.choice([1, 2, 3])
    return swap(text, at + c.start, at + c.end, str(n))


_VOWELS = "aeiou"


@injector("names", "inconsistent-spelling")
def misspelt_place(text: str, rng: random.Random, year: int | None) -> Injected | None:
    """A place the story names twice or more (a one-word GPE or LOC entity of five letters or more,
    as spaCy finds them) misspelt at a later mention: one vowel for another (Aleppo → Alippo), or
    one letter doubled or undoubled (Daraa → Darraa, Raqqa → Raqa)."""
    from copydesk.nlp import pipeline

    nlp = pipeline()
    places: Counter = Counter()
    for _, para in _paragraphs(text):
        (doc,) = nlp.parse([para], nlp.components({"ner"}))
        places.update(e.text for e in doc.ents if e.label_ in ("GPE", "LOC") and re.fullmatch(r"[A-Z][a-z]{4,}", e.text))
    named = sorted(p for p, n in places.items() if n >= 2 and len(re.findall(rf"\b{p}\b", text)) >= 2)
    if not named:
        return None
    name = rng.choice(named)
    options = []
    for i, c in enumerate(name[1:], 1):
        if c in _VOWELS:
            options += [name[:i] + v + name[i + 1 :] for v in _VOWELS if v != c]
        elif i + 1 < len(name) and name[i + 1] == c:
            options.append(name[:i] + name[i + 1 :])
        elif name[i - 1] != c:
            options.append(name[:i] + c + name[i:])
    m = rng.choice(list(re.finditer(rf"\b{name}\b", text))[1:])
    return swap(text, m.start(), m.end(), rng.choice(options))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--publications", default=",".join(fresh.PUBLICATIONS))
    ap.add_argument("--families", default="")
    ap.add_argument("--split", default="held", choices=["dev", "held"])
    ap.add_argument("--stories", type=int, default=200, help="stories per publication for recall")
    ap.add_argument("--survey", type=int, default=0, help="stories per publication for false alarms (0: all)")
    ap.add_argument("--seed", type=int, default=24)
    ap.add_argument("--show", action="store_true", help="print the findings and the misses (dev split only)")
    ap.add_argument("--no-survey", action="store_true")
    args = ap.parse_args()
    if args.show and args.split != "dev":
        sys.exit("--show prints findings: only on the dev split, which tunes the rules")
    families = args.families.split(",") if args.families else list(INJECTORS)
    started = time.process_time()
    pooled: dict[str, Counter] = defaultdict(Counter)
    for publication in args.publications.split(","):
        pool = stories(publication, args.split)
        rng = random.Random(f"{args.seed}/{publication}")
        if not args.no_survey:
            survey(publication, pool[: args.survey or None], args.show)
        for family in families:
            hit, tried = recall(publication, family, pool, rng, args.stories, args.show)
            pooled[family].update(hit=hit, tried=tried)
    print(f"all publications, {args.split} half:")
    for family in families:
        hit, tried = pooled[family]["hit"], pooled[family]["tried"]
        print(f"  {family:12} {INJECTORS[family][0]:24} recall {hit:4}/{tried:<4} = {hit / max(tried, 1):.3f}")
    print(f"CPU {time.process_time() - started:.0f} s (this process; spaCy runs in it)")
    return 0


def survey(publication: str, pool, show: bool) -> None:
    words, found, stories_with = 0, Counter(), Counter()
    for article, text, year in pool:
        words += len(text.split())
        findings = [f for f in lint(text, config(publication, year)) if f.rule in RULES]
        for f in findings:
            found[f.rule] += 1
            if show:
                print(f"  [{f.rule}] {article}: {text[f.start:f.end]!r} … {context(text, f.start, f.end)} — {f.message}")
        for rule in {f.rule for f in findings}:
            stories_with[rule] += 1
    print(f"{publication}: {len(pool)} stories, {words:,} words as they are")
    for rule in RULES:
        print(f"  {rule:24} {found[rule]:4} findings = {1000 * found[rule] / max(words, 1):.3f} per 1,000 words, "
              f"{100 * found[rule] / max(len(pool), 1):.2f} per 100 stories")


def recall(publication: str, family: str, pool, rng: random.Random, limit: int, show: bool) -> tuple[int, int]:
    rule, inject = INJECTORS[family]
    tried = hit = 0
    misses = []
    order = list(pool)
    rng.shuffle(order)
    for article, text, year in order:
        if tried >= limit:
            break
        made = inject(text, rng, year, compounds(publication, pool)) if family == "compound" else inject(text, rng, year)
        if made is None:
            continue
        copy, start, end = made
        tried += 1
        house = EXTRA_HOUSE.get(family, {})
        findings = [f for f in lint(copy, config(publication, year, [rule], **house)) if f.rule == rule]
        if any(f.start < end and start < f.end for f in findings):
            hit += 1
        elif show:
            misses.append(f"    miss {article}: {context(copy, start, end)}")
    if tried:
        print(f"  {family:12} {rule:24} recall {hit:4}/{tried:<4} = {hit / tried:.3f}")
        for m in misses:
            print(m)
    else:
        print(f"  {family:12} {rule:24} no story to change")
    return hit, tried


#: House settings a family's injected copies are linted with on top of the publication's.
EXTRA_HOUSE: dict[str, dict] = {"months": {"months": "ap"}}


def context(text: str, start: int, end: int, width: int = 70) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}⟦{text[start:end]}⟧{right}…"


if __name__ == "__main__":
    sys.exit(main())
