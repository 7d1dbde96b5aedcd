from __future__ import annotations

import re

from copydesk.rules.api import Case, Related, Rule, Severity, replace
from copydesk.rules.analysis import people

# A birthday the story reports: the person may be given the age before and after it.
_BIRTHDAY = re.compile(r"\b(?:birthday|turns|turned|turning)\b", re.I)
# A sentence that looks back: its age may be the one the person had then.
_THEN = re.compile(r"\b(?:born|years? ago|at the time|in (?:19|20)\d\d|was \d+ when)\b", re.I)


class InconsistentAge(Rule):
    """
    ## What it flags
    One person given two ages in one story: "John Smith, 45," and later "Smith, 47,", "Mary Jones
    (34)" and "the 36-year-old Mary Jones".

    Not flagged: a story that reports a birthday or looks back ("turned 50", "born in", "at the
    time", "years ago"), two people of one surname unless their first names show which, and
    ages without a name ("the 45-year-old").

    ## Why it matters
    One of the two ages is wrong, and a reader who notices doubts the rest of the story.

    ## Example
    Jane Doe, 34, was arrested on Monday. Police said Doe, 36, had no prior record.

    ## Use instead
    Jane Doe, 34, was arrested on Monday. Police said Doe, 34, had no prior record.

    ## Fix safety
    The fix writes the first age again; it is offered but not applied by `--fix`, since the first
    may be the wrong one.
    """

    name = "inconsistent-age"
    severity = Severity.INFO
    scope = "document"
    fixable = True
    invalid = [
        Case("Jane Doe, 34, was arrested on Monday in Fresno.\n\nPolice said Doe, ⟦36⟧, had no prior record.",
             "Jane Doe, 34, was arrested on Monday in Fresno.\n\nPolice said Doe, 34, had no prior record."),
        Case("The court heard that Ahmed Hassan (19) had travelled from Baghdad.\n\n"
             "A ⟦21⟧-year-old Ahmed Hassan was later charged, police said.",
             "The court heard that Ahmed Hassan (19) had travelled from Baghdad.\n\n"
             "A 19-year-old Ahmed Hassan was later charged, police said."),
    ]
    valid = [
        "Jane Doe, 34, was arrested on Monday. Police said Doe, 34, had no prior record.",
        "John Smith, 49, turned 50 on Friday. Smith, 50, said he felt fine.",
        "Bill Clinton, 69, spoke first. Hillary Clinton, 68, followed him.",
        "Officer Tom Reed, 41, said the 29-year-old suspect ran. Reed chased him.",
    ]

    def check(self, doc):
        texts = tuple(p.text for p in doc.paragraphs)
        given = people.first_names(texts)
        mentions = [(i, m) for i, t in enumerate(texts) for m in people.aged(t)]
        for i, m, before in people.earlier(mentions, given):
            j, first = next(((j, f) for j, f in before if f.age != m.age), (None, None))
            if first is None:
                continue
            if any(_BIRTHDAY.search(s) for t in texts if m.surname in t for s in _sentences(t, m.surname)):
                continue
            if any(_THEN.search(_sentence(texts[p], x.start)) for p, x in ((i, m), (j, first))):
                continue
            para = doc.paragraphs[i]
            start, end = para.span(m.age_span)
            yield self.finding(
                start, end, f"{m.surname} is {m.age} here but {first.age} earlier in this story",
                related=[Related(*doc.paragraphs[j].span(first.age_span), f"{first.name}, {first.age}")],
                fixes=[replace(start, end, str(first.age), f"Write '{first.age}'", safe=False)],
            )


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    end = min((e for e in (text.find(". ", at), text.find("\n", at)) if e >= 0), default=len(text))
    return text[start:end]


def _sentences(text: str, surname: str) -> list[str]:
    return re.findall(rf"[^.!?]*\b{re.escape(surname)}\b[^.!?]*", text)
