from __future__ import annotations

from copydesk.rules.api import Case, Related, Rule, Severity, replace
from copydesk.rules.analysis import people


class InconsistentTitle(Rule):
    """
    ## What it flags
    One person given two different offices in one story: "President Reagan" and later "Prime
    Minister Reagan", "Sen. Ted Cruz" and "Gov. Ted Cruz", "Gen. Smith" and "Col. Smith".

    Not flagged: an office the story marks as past, passing or to come ("former Gov. Rick Perry",
    "then-Sen. Barack Obama", "acting Attorney General Sally Yates", "President-elect Trump"); a
    person the story says changed office (sworn in, elected, appointed, named, promoted, resigned,
    ran for it); offices held together (Rep. and Speaker Paul Ryan); two people of one surname (Bill and Hillary Clinton) unless their first names
    show which.

    ## Why it matters
    A reader cannot tell which title is right, or whether two people are meant; desks check every
    title against the first reference.

    ## Example
    President Reagan met the envoy on Monday. Prime Minister Reagan later told reporters the talks
    had gone well.

    ## Use instead
    President Reagan met the envoy on Monday. President Reagan later told reporters the talks had
    gone well.

    ## Fix safety
    The fix gives the later mention the first one's title; it is offered but not applied by
    `--fix`, since the first may be the wrong one.
    """

    name = "inconsistent-title"
    severity = Severity.INFO
    scope = "document"
    fixable = True
    invalid = [
        Case("President Reagan met the Soviet envoy on Monday.\n\n"
             "⟦Prime Minister⟧ Reagan later told reporters the talks had gone well.",
             "President Reagan met the Soviet envoy on Monday.\n\n"
             "President Reagan later told reporters the talks had gone well."),
        Case("Sen. Ted Cruz of Texas pressed the Pentagon for answers on Tuesday.\n\n"
             "\"We need a clear strategy,\" ⟦Gov.⟧ Ted Cruz told reporters after the hearing.",
             "Sen. Ted Cruz of Texas pressed the Pentagon for answers on Tuesday.\n\n"
             "\"We need a clear strategy,\" Sen. Ted Cruz told reporters after the hearing."),
    ]
    valid = [
        "Former Texas Gov. Rick Perry endorsed Sen. Ted Cruz on Tuesday.\n\nCruz thanked Gov. Greg Abbott.",
        "Then-Sen. Barack Obama opposed the war. President Barack Obama later sent troops to Iraq.",
        "Vice President Joe Biden was sworn in as president in 2021. President Joe Biden spoke on Monday.",
        "Former President Bill Clinton campaigned for Secretary of State Hillary Clinton, and President "
        "Clinton told the crowd she would win.",
        "Rep. Paul Ryan spoke first. Speaker Paul Ryan then called the vote.",
        "Acting Attorney General Sally Yates refused to defend the order. Deputy Attorney General Sally "
        "Yates had served since 2015.",
        "President-elect Donald Trump met President Barack Obama, and President Trump said it went well.",
    ]

    def check(self, doc):
        texts = tuple(p.text for p in doc.paragraphs)
        given = people.first_names(texts)
        mentions = [(i, m) for i, t in enumerate(texts) for m in people.titled(t)]
        offices: dict[str, set[str]] = {}
        for _, m in mentions:
            if m.current:
                offices.setdefault(m.surname, set()).add(m.office)
        # Only a person given two offices can be given them wrongly; a change of office is
        # looked for around those few.
        twice = {s for s, o in offices.items() if len(o) > 1 and not people.changed(texts, s)}
        current = [(i, m) for i, m in mentions if m.current and m.surname in twice]
        for i, m, before in people.earlier(current, given):
            j, first = next(((j, f) for j, f in before if self._clash(f.office, m.office)), (None, None))
            if first is None:
                continue
            para = doc.paragraphs[i]
            start, end = para.span((m.start, m.start + len(m.title)))
            yield self.finding(
                start, end,
                f"{m.surname} is '{m.title}' here but '{first.title}' earlier in this story",
                related=[Related(*doc.paragraphs[j].span((first.start, first.end)), f"'{first.title} {first.name}'")],
                fixes=[replace(start, end, first.title, f"Write '{first.title}'", safe=False)],
            )

    @staticmethod
    def _clash(a: str, b: str) -> bool:
        return a != b and frozenset((a, b)) not in people.TOGETHER
