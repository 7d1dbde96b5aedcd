from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity, iter_matches, replace
from copydesk.rules.analysis.attribution import quotes
from copydesk.rules.analysis import capitals
from copydesk.rules.analysis.folding import stop_words

# Every form of the country's name a story may use, with the malformed ones.
_FORMS = re.compile(
    r"(?<![\w.])(?:"
    r"(?P<dotted>U\.(?P<gap>\s)?S\.(?:\s?A\.)?)"  # U.S., U. S., U.S.A.
    r"|(?P<bare>U\.S)(?![.\w])"  # U.S with no final period
    r"|(?P<caps>USA|US)(?![\w$&]|\.S)"  # not US$5 or the U of a longer form
    r"|(?P<lower>us)(?=\s?-[^\W\d_])"  # us-led, us -led: the pronoun never takes a hyphen
    r"|(?P<full>United States)(?! of America)"
    r")"
)
# Names with the country in them that keep their own spelling.
_PROPER = re.compile(
    r"\b(?:USA Today|USA Network|USA Gymnastics|USA Swimming|USA Basketball|USA Hockey|"
    r"USA Track & Field|USA Cycling|USA Patriot Act|USA Freedom Act|USA Rugby|US Airways|US Open|"
    r"US Weekly|Us Weekly|US Bank|U\.S\. Bank|U\.S\. Steel|US Steel|U\.S\. News|US News|U\.S\. Open|"
    r"US Soccer|U\.S\. Soccer|US Masters)\b"
)


class CountryAbbreviation(Rule):
    """
    ## What it flags
    A form of the United States' name that is malformed (`us -led`, `U.S -led`, `U. S.`) or is
    not the house form: `US` or `USA` where the house writes `U.S.` (AP, Reuters), `U.S.` where it
    writes `US` (Guardian, BBC), and `United States` used as an adjective ("United States
    officials"). Set the house form with `country_form` in the `[house]` table.

    Left alone: headlines, which take AP's `US`; `USA` where the house writes `US` (its teams and
    titles: "USA beat Croatia", "Born In The USA"); names that contain the country (USA Today,
    Team USA, US Airways); anything inside a direct quote, chants included; `United States` as a
    noun or in a name (the United States Army).

    ## Why it matters
    Three spellings of one country in one story look careless, and a lower-case `us -led` reads
    as the pronoun. Style guides pick one form so readers never stop to wonder.

    ## Example
    USA officials declined to give details, and the us -led coalition called the attack unprovoked.

    ## Use instead
    U.S. officials declined to give details, and the U.S.-led coalition called the attack unprovoked.

    The stray space in `us -led` is `spaced-hyphen`'s to report; this rule fixes the letters.

    ## Fix safety
    Safe: the replacement is the house form of the same name.
    """

    name = "country-abbreviation"
    severity = Severity.WARNING
    needs = frozenset({"tagger"})
    fixable = True
    invalid = [
        Case(
            "In a statement, the ⟦us⟧ -led military coalition called the attack unprovoked.",
            "In a statement, the U.S. -led military coalition called the attack unprovoked.",
        ),
        Case(
            "⟦USA⟧ officials declined to provide details on the military assets that were used.",
            "U.S. officials declined to provide details on the military assets that were used.",
        ),
        Case(
            "The ⟦US⟧ Central Command earlier called the attack on Syrian militiamen self-defense.",
            "The U.S. Central Command earlier called the attack on Syrian militiamen self-defense.",
        ),
        Case(
            "No ⟦U.S⟧ -led coalition forces were injured, and ⟦U. S.⟧ officers met Russian counterparts.",
            "No U.S. -led coalition forces were injured, and U.S. officers met Russian counterparts.",
        ),
        Case(
            "⟦United States⟧ officials said the strikes were defensive.",
            "U.S. officials said the strikes were defensive.",
        ),
        Case(
            "The coalition, led by the ⟦U.S.⟧, struck positions near the Euphrates.",
            "The coalition, led by the US, struck positions near the Euphrates.",
            config={"house": {"country_form": "US"}},
        ),
    ]
    valid = [
        "The U.S.-led coalition's attack on pro-government forces in Syria drew a Russian protest.",
        "The United States has plans to divide Syria, according to Russia's foreign minister.",
        "US strikes kill 100 pro-government fighters in Syria\n\n"
        "The strikes came after pro-regime militants attacked the headquarters of the SDF.",
        'The crowd chanted "USA! USA!" as the team took the field.',
        "She told USA Today that Team USA would fly home on US Airways.",
        "The United States Army said the strikes were defensive.",
        "Priorities USA, the main pro-Clinton super PAC, said it raised $18 million.",
        Case("USA beat Croatia 3-2 to reach the Davis Cup semi-finals.", config={"house": {"style": "bbc"}}),
        "He said the establishment has led the United States astray.",
        "Let us know what you think; the letter asks us to decide by Friday.",
        Case("US forces began airstrikes in Syria in September 2014.", config={"house": {"country_form": "US"}}),
    ]

    def wants(self, text: str) -> bool:
        return bool(_FORMS.search(text))

    def context(self, doc, i):
        return i == 0 and len(doc.paragraphs) > 1  # a headline is read differently

    def check_paragraph(self, para, doc):
        text = para.text
        if capitals.tabular(text):
            return  # a data table's row: its abbreviations are the table's, not prose
        house = doc.house["country_form"]
        headline = para is doc.paragraphs[0] and len(doc.paragraphs) > 1 and capitals.headline(text)
        quoted = [(q.start, q.end) for q in quotes(text)]
        proper = [m.span() for m in _PROPER.finditer(text)]
        for m, start, end in iter_matches(_FORMS, para):
            s, e = m.span()
            if any(a <= s and e <= b for a, b in quoted + proper) or self._named(text, s, m):
                continue
            form = m.group()
            if m.group("gap") or m.group("bare") or m.group("lower"):
                problem = f"Malformed '{form}'"
            elif m.group("full"):
                if headline or not self._adjective(para, e):
                    continue
                problem = f"'{form}' used as an adjective"
            else:
                if form == house or form.isupper() and (capitals.shouting(text) or capitals.in_caps_run(text, s, e)):
                    continue
                if form == "USA" and house == "US":
                    continue  # the BBC's and the Guardian's teams and titles: "USA beat Croatia", "Born In The USA"
                if headline and form in ("US", "U.S."):
                    continue  # AP headlines write US; a house that writes U.S. may keep it there
                if m.group("caps") and not self._proper_noun(para, s, e):
                    continue
                problem = f"'{form}'"
            yield self.finding(
                start, end,
                f"{problem}: the house form of the country is '{house}'",
                fixes=[replace(start, end, house, f"Replace '{form}' with '{house}'")],
            )

    @staticmethod
    def _adjective(para, end: int) -> bool:
        """'United States officials': a common noun right after the name."""
        if para.doc is None:
            return False
        nxt = next((t for t in para.doc if t.idx >= end), None)
        if nxt is None or nxt.pos_ != "NOUN" or not nxt.is_lower:
            return False
        # The tagger calls "astray" in "led the United States astray." a noun; a noun the adjective
        # governs is plural or has words after it.
        after = para.doc[nxt.i + 1] if nxt.i + 1 < len(para.doc) else None
        return nxt.tag_ == "NNS" or after is not None and not after.is_punct

    @staticmethod
    def _named(text: str, start: int, m: re.Match[str]) -> bool:
        """'Priorities USA', 'Team USA': the country's initials after a capitalised word end a name
        (an adjective comes before its noun)."""
        before = re.search(r"([A-Z][\w&'’-]*) $", text[:start])
        return bool(m.group("caps") and before and before.group(1).lower() not in stop_words())

    @staticmethod
    def _proper_noun(para, start: int, end: int) -> bool:
        """'US' tagged as a name, not the pronoun shouted ("HELP US") or another word."""
        if para.doc is None:
            return True
        span = para.doc.char_span(start, end)
        return span is None or any(t.pos_ == "PROPN" for t in span)
