from __future__ import annotations

from copydesk.rules.api import Case, Related, Rule, Severity, replace
from copydesk.rules.analysis import dates


class WeekdayMismatch(Rule):
    """
    ## What it flags
    A weekday beside a date it does not fall on: "Monday, March 5, 2019" (a Tuesday). A date with
    no year takes the story's: its front matter's `date`, a full date in its dateline ("Wed 05
    Apr 2017", "WASHINGTON, Jan. 5, 2016 —"), or the `year` set in the house settings; without any
    of them, only dates that give their year are checked.

    ## Why it matters
    One of the two is wrong, and a reader who checks a calendar stops trusting the rest. Copy desks
    check every weekday against its date.

    ## Example
    The vote is set for Tuesday, Nov. 9, 2016.

    ## Use instead
    The vote is set for Wednesday, Nov. 9, 2016 (or Tuesday, Nov. 8, 2016: check which was meant).

    ## Fix safety
    The fix puts the date's weekday in; it is offered but not applied by `--fix`, since the date may
    be the wrong half.
    """

    name = "weekday-mismatch"
    severity = Severity.WARNING
    scope = "document"
    fixable = True
    invalid = [
        Case("Americans go to the polls on ⟦Tuesday⟧, Nov. 9, 2016, after a long campaign.",
             "Americans go to the polls on Wednesday, Nov. 9, 2016, after a long campaign."),
        Case("Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use WHO\n\n"
             "The council will meet again on ⟦Friday⟧, April 8, the envoy said.",
             "Wed 05 Apr 2017 Syria attack symptoms consistent with nerve agent use WHO\n\n"
             "The council will meet again on Saturday, April 8, the envoy said."),
        Case("The hearing opens on ⟦Monday⟧ 5 March, the court said.",
             "The hearing opens on Tuesday 5 March, the court said.", config={"house": {"year": 2019}}),
    ]
    valid = [
        "Americans go to the polls on Tuesday, Nov. 8, 2016, after a long campaign.",
        "The hearing opens on Monday, March 5, the court said.",
        Case("The hearing opens on Tuesday 5 March, the court said.", config={"house": {"year": 2019}}),
        Case("The talks ended on Thursday, Dec. 29, the agency said.", config={"house": {"year": 2017}}),
        "---\ndate: 2016-03-11\n---\nPolls close on Tuesday, March 15, in Ohio and Florida.",
    ]

    def check(self, doc):
        story = dates.story_date(doc.text, [p.text for p in doc.paragraphs], doc.house.get("year"))
        for para in doc.paragraphs:
            for m in dates.mentions(para.text):
                if m.weekday is None:
                    continue
                days = {y: dates.weekday(y, m.month, m.day) for y in dates.years(m, story)}
                days = {y: d for y, d in days.items() if d is not None}
                if not days or m.weekday_index in days.values():
                    continue
                year, right = next(iter(days.items()))
                written = para.text[m.weekday[0] : m.weekday[1]]
                name = dates.WEEKDAYS[right]
                if len(written.rstrip(".")) <= 4:
                    name = name[:3]
                start, end = para.span(m.weekday)
                when = f"{dates.MONTHS[m.month - 1]} {m.day}, {year}"
                source = "" if m.year is not None else " (the story's year)"
                yield self.finding(
                    start, end, f"{when}{source} falls on a {dates.WEEKDAYS[right]}, not a {dates.WEEKDAYS[m.weekday_index]}",
                    related=[Related(*para.span((m.weekday[1], m.end)), "the date")],
                    fixes=[replace(start, end, name, f"Replace '{written}' with '{name}'", safe=False)],
                )
