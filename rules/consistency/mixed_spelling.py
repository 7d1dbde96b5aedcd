from __future__ import annotations

from copydesk.rules.api import Case, Related, Rule, Severity, replace
from copydesk.rules.analysis import spelling

_NAMES = {"british": "British", "american": "American", "ize": "American"}


class MixedSpelling(Rule):
    """
    ## What it flags
    British and American spellings mixed in one story: organisation beside criticized, defence
    beside defense, programme beside program. With the house's spelling set (`spelling =
    "american"` or `"british"` in `[house]`, or a style that sets it), every word spelt the other
    way; without it, the story's first spelling of either kind decides.

    Quotations are read too: a house spells the words it quotes its own way. Not flagged: names,
    which keep their own spelling (Labour Party, World Trade Center, Department of Defense, World
    Food Programme); spellings both varieties accept (judgment and
    ageing in Britain, toward, program for software in a British story that never writes
    programme); Oxford's -ize in a British story that never writes -ise (organization beside
    colour), unless the house is set to British -ise spelling (BBC, Guardian).

    ## Why it matters
    A reader notices a story that changes its spelling halfway, and takes it for careless editing.
    Every house picks one: AP American, the BBC and the Guardian British with -ise.

    ## Example
    The organisation criticised the plan, and its defense minister called it a mistake.

    ## Use instead
    The organisation criticised the plan, and its defence minister called it a mistake.

    ## Fix safety
    The fix spells the word the house's way, and is safe where the house's spelling is set; without
    it, the story's own first choice wins and the fix is offered but not applied by `--fix`.
    """

    name = "mixed-spelling"
    severity = Severity.INFO
    scope = "document"
    fixable = True
    invalid = [
        Case('The committee criticized the plan. "Our ⟦defence⟧ is strong," the minister said.',
             'The committee criticized the plan. "Our defense is strong," the minister said.',
             config={"house": {"style": "ap"}}),
        Case(
            "The organisation said it would appeal. Its lawyers called the ⟦defense⟧ budget a scandal.",
            "The organisation said it would appeal. Its lawyers called the defence budget a scandal.",
        ),
        Case(
            "Parliament criticized the new program.\n\n"
            "The ministry ⟦criticised⟧ the ⟦programme⟧ again on Friday, calling it a waste of money.",
            "Parliament criticized the new program.\n\n"
            "The ministry criticized the program again on Friday, calling it a waste of money.",
        ),
        Case(
            "The BBC's drama programme was ⟦criticized⟧ by viewers for its ⟦color⟧ scheme.",
            "The BBC's drama programme was criticised by viewers for its colour scheme.",
            config={"house": {"style": "bbc"}},
        ),
        Case(
            "Senators said the ⟦defence⟧ bill would pass this week.",
            "Senators said the defense bill would pass this week.",
            config={"house": {"spelling": "american"}},
        ),
    ]
    valid = [
        "The Labour Party said the defense of the realm came first for the organization.",
        "The organisation's head said the World Trade Center site and the Department of Defense had "
        "agreed, and the World Food Programme was criticised.",
        "The organization won the honour, and its director praised the colour of the new flag.",
        "He wrote a computer program for the council's organisation in 2004.",
        Case("The organisation said defence spending would rise.", config={"house": {"style": "bbc"}}),
        Case("The organization said defense spending would rise.", config={"house": {"style": "ap"}}),
    ]

    def check(self, doc):
        uses = [(p, u) for p in doc.paragraphs for u in spelling.uses(p.text)]
        if not uses:
            return
        house = doc.house.get("spelling")
        first_at = next(((p, u) for p, u in uses if u.variety in ("british", "american")), None)
        first = first_at[1] if first_at else None
        variety = house or (first.variety if first else None)
        forms: dict[spelling.Pair, set[bool]] = {}
        for _, u in uses:
            forms.setdefault(u.pair, set()).add(u.british)
        # -ise anywhere in the story makes its -ize a second spelling too (organise … realize)
        ise = any(u.british and u.pair.oxford for _, u in uses)
        first_form = {}
        for _, u in uses:
            first_form.setdefault(u.pair, u.british)
        for para, u in uses:
            if house is None and len(forms[u.pair]) > 1:
                wrong = u.british != first_form[u.pair]  # one word two ways: the first one wins
                why = f"this story spells it '{u.other}' first"
            elif variety == "british":
                wrong = not u.british and (u.variety == "american" or u.variety == "ize" and (house or ise)
                                           or len(forms[u.pair]) > 1)
                why = ""
            elif variety == "american":
                wrong = u.british and (u.variety == "british" or len(forms[u.pair]) > 1)
                why = ""
            else:
                wrong = False
            if not wrong:
                continue
            start, end = para.span((u.start, u.end))
            if house:
                why = f"the house spells it '{u.other}'"
            elif not why:
                why = f"this story uses {_NAMES[variety]} spelling ('{first.word}')"
            kind = "British" if u.british else "American"
            related = []
            if not house and first is not None and first is not u:
                related = [Related(*first_at[0].span((first.start, first.end)), f"{_NAMES[first.variety]} spelling here")]
            yield self.finding(
                start, end, f"'{u.word}' is {kind} spelling; {why}", related=related,
                fixes=[replace(start, end, u.other, f"Replace '{u.word}' with '{u.other}'", safe=bool(house))],
            )

