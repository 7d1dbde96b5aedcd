from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity, replace
from copydesk.rules.analysis import capitals
from copydesk.rules.analysis.numbers import spelled

_FIGURE = re.compile(r"(?<![\w.,$£€#/:+-])[1-9]\d?(?![\w.,/:%-]|\s?%)")
# Nouns a figure goes with in AP's, Reuters' and the BBC's exceptions: measures, money, times,
# percentages, ages and the like ("5 miles", "3 pct", "5 p.m.", "2 mln dlrs", "4 years old").
_UNITS = frozenset(
    "percent pct per cent cents cts dollars dlrs dollar pounds pound stg euros euro yen yuan rupees francs "
    "marks lire pesos mln million millions billion billions bln trillion thousand m bn km kms kilometers "
    "kilometres kilometer kilometre miles mile feet foot ft inches inch meters metres meter metre yards yard "
    "acres acre hectares hectare tons ton tonnes tonne kg kilograms kilos grams ounces ounce oz lbs lb liters "
    "litres gallons barrels bpd degrees degree mph kph knots mm cm sq square cubic points point pts "
    "am pm a.m. p.m. o'clock gmt est edt bst cet utc x times-a goals-against mb gb kb mhz ghz volts watts "
    "megawatts mw kw gw calories seeds seed votes vote shares share runs wickets innings sets strokes".split()
)
# Words before a figure that make it a label, a rank or an age, not a count: "page 5", "aged 4".
_LABELS = frozenset(
    "no no. nos number numbers page pages chapter chapters article articles section sections part parts size "
    "level levels grade grades category phase stage round rounds step steps exhibit rule verse track lane "
    "gate platform row seat line route channel district ward precinct room floor flight game games week "
    "day match heat box unit apartment suite aged age ages ranked rank seeded seed version vol volume "
    "fig figure table tier division class year years act scene stanza book episode season issue item "
    "option plan model type mark term amendment paragraph clause point points question questions "
    "hole holes lap laps inning innings set sets leg legs question no.".split()
)
# A count reads as a series when another figure stands beside it: "5 to 10 people", "3 of the 12".
_RANGE = frozenset("- – — to or and by of out x / :".split())
_JOINS = frozenset("and or to - – ; nor".split())
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")


class Numerals(Rule):
    """
    ## What it flags
    A count of one to nine in figures in running text: "5 people", "3 new cases". AP, Reuters and
    the BBC spell out one to nine ("five people") and use figures from 10. The house sets the limit
    with `numerals = N` in `[house]` (spell out up to N; 0 turns the rule off); the default is AP's 9.

    Left alone, as the stylebooks leave them: ages ("5-year-old", "aged 4"), percentages, money,
    measures and dimensions ("5 miles", "3 feet"), scores, votes and results ("won 3-1"), dates and
    times ("March 5", "5 p.m."), addresses ("5 Main St."), labels and ranks ("Game 5", "page 3",
    "No. 2"), a sentence that runs figures together ("between 5 and 12 people", "3 dead and 12
    wounded"), headlines, which take figures, and data tables.

    ## Why it matters
    Figures for small counts in running text break the house's style, and a story mixing "five
    people" and "5 people" looks unedited.

    ## Example
    Police arrested 4 men after the raid, and 3 officers were hurt.

    ## Use instead
    Police arrested four men after the raid, and three officers were hurt.

    ## Fix safety
    The fix writes the number out; it is offered but not applied by `--fix` until the rule's
    precision is measured.
    """

    name = "numerals"
    severity = Severity.INFO
    needs = frozenset({"tagger"})
    fixable = True
    invalid = [
        Case("Police arrested ⟦4⟧ men after the raid, and ⟦3⟧ officers were hurt.",
             "Police arrested four men after the raid, and three officers were hurt."),
        Case("Rescuers pulled ⟦2⟧ children from the rubble on Tuesday, officials said.\n\n"
             "⟦5⟧ people are still missing, the civil defence said.",
             "Rescuers pulled two children from the rubble on Tuesday, officials said.\n\n"
             "Five people are still missing, the civil defence said."),
        Case("The council met for ⟦12⟧ hours before the vote.",
             "The council met for twelve hours before the vote.", config={"house": {"numerals": 12}}),
    ]
    valid = [
        "The 5-year-old girl and her brother, aged 4, were taken to hospital at 5 p.m. on March 5.",
        "Shares rose 3 percent to $7 after the company sold 2 million barrels and 4 mln dlrs of bonds.",
        "Between 5 and 12 people were hurt, and 3 were killed while 14 others fled.",
        "Arsenal won 3-1 and will play Game 5 at 7 Main St. on page 3 of the schedule.",
        "The storm dropped 4 inches of rain and winds reached 9 mph, about 2 degrees colder.",
        "3 killed as car bomb hits Damascus\n\nA car bomb killed three people in Damascus on Monday.",
        Case("Police arrested 4 men after the raid.", config={"house": {"numerals": 0}}),
        "Police arrested four men after the raid, and 10 officers were hurt.",
    ]

    def wants(self, text: str) -> bool:
        return bool(_FIGURE.search(text))

    def context(self, doc, i):
        return (doc.house.get("numerals", 9), i == 0 and len(doc.paragraphs) > 1)

    def check_paragraph(self, para, doc):
        limit = doc.house.get("numerals", 9)
        if not limit or para.doc is None or capitals.tabular(para.text):
            return
        if para is doc.paragraphs[0] and len(doc.paragraphs) > 1 and (capitals.headline(para.text) or capitals.title_line(para.text)):
            return  # headlines take figures
        for sent in para.doc.sents:
            figures = [t for t in sent if t.like_num and t.text[:1].isdigit()]
            for tok in figures:
                if not tok.text.isdigit() or not 1 <= int(tok.text) <= limit or not _FIGURE.fullmatch(tok.text):
                    continue
                if self._series(tok, figures, limit):
                    continue
                if not self._count(tok):
                    continue
                start, end = para.span(tok)
                word = spelled(int(tok.text))
                if tok.is_sent_start:
                    word = word.capitalize()
                yield self.finding(
                    start, end, f"'{tok.text}' in figures: the house spells out one to {spelled(limit)} ('{word}')",
                    fixes=[replace(start, end, word, f"Write '{word}'", safe=False)],
                )

    @staticmethod
    def _series(tok, figures, limit: int) -> bool:
        """A count above the limit in figures a few words away: a run of figures keeps its small
        ones too ("3 dead and 12 wounded", "from 5 to 12 people"). Money, years and dates are no run."""
        def count(o) -> bool:
            text = o.text.replace(",", "")
            if not text.isdigit() or int(text) <= limit or _YEAR.fullmatch(text) or abs(o.i - tok.i) > 5:
                return False
            between = o.doc[min(o.i, tok.i) + 1 : max(o.i, tok.i)]
            words = {t.lower_ for t in between}
            if len(between) > 2 and not (words & _JOINS or len(between) <= 3 and "," in words):
                return False
            prev = o.doc[o.i - 1] if o.i else None
            nxt = o.doc[o.i + 1] if o.i + 1 < len(o.doc) else None
            if prev is not None and (prev.text in "$£€" or prev.text[:1].isupper() and prev.text.isalpha()):
                return False
            return nxt is None or nxt.text.lower() not in _UNITS and not nxt.text[:1].isupper()
        return any(o is not tok and count(o) for o in figures)

    @staticmethod
    def _count(tok) -> bool:
        """The figure counts the noun after it ("4 men", "3 armed men", "1 person")."""
        doc = tok.doc
        prev = doc[tok.i - 1] if tok.i > 0 else None
        if prev is not None:
            if prev.text.lower() in _LABELS or prev.text in "$£€#/:-–+(" or prev.text[:1].isdigit():
                return False
            if prev.text[:1].isupper() and not prev.is_sent_start and prev.text.rstrip(".").isalpha():
                return False  # "Game 5", "Windows 7", "Jan 5", "Apollo 11"
            if prev.text[:1].isupper() and prev.is_sent_start and prev.tag_ in ("NNP", "NNPS"):
                return False
        i = tok.i + 1
        while i < len(doc) and doc[i].tag_ in ("JJ", "JJR", "VBN") and doc[i].is_lower and i - tok.i <= 2:
            i += 1
        if i >= len(doc):
            return False
        noun, after = doc[i], doc[tok.i + 1]
        if after.text in _RANGE or after.text.lower() in _UNITS or after.text[:1] in "-–%":
            return False
        if not noun.is_lower or not noun.is_alpha or noun.text in _UNITS or noun.lemma_ in _UNITS:
            return False
        if noun.tag_ == "NNS" or noun.tag_ == "NN" and tok.text == "1":
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            # "4 years old", "2 feet long": an age or a dimension
            return not (nxt is not None and nxt.text.lower() in ("old", "long", "wide", "high", "tall", "deep"))
        return False
