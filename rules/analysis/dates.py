"""Dates a story writes ("Tuesday, March 5", "5 March 2016", "Jan. 5th") and the story's own date,
from which a date without a year takes its year: front matter, a dateline, or the house's `year`."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from copydesk.rules.caches import by_args

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
#: AP's forms of a month with a date: Jan. 5, March 5, Sept. 5.
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")

_MONTH_FORMS = {m.lower(): i for i, m in enumerate(MONTHS, 1)}
for _i, _m in enumerate(MONTHS, 1):
    _MONTH_FORMS[_m[:3].lower()] = _i
_MONTH_FORMS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# A weekday cut short stands only in a dateline before a full date: "Wed 05 Apr 2017".
_WEEKDAY_SHORT = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?"
_DAY = r"(?<![\d.,/$£€-])(?P<day>[0-3]?\d)(?P<suffix>st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?:(?P<weekday>{_WEEKDAY}|{_WEEKDAY_SHORT}(?=,?\s+\d))(?P<wsep>,?\s+(?:the\s+)?))?"
    rf"(?:(?P<month>{_MONTH})\s+{_DAY.replace('day>', 'day1>').replace('suffix>', 'suffix1>')}"
    rf"|{_DAY}\s+(?:of\s+)?(?P<month2>{_MONTH}))"
    r"(?![\w-]|\.\d|:\d)(?P<year>,?\s+(?P<y>(?:1[6-9]|20)\d\d)(?![\w-]))?"
)


@dataclass(frozen=True)
class DateMention:
    start: int  # in the paragraph's text: the weekday (if any) to the year (if any)
    end: int
    weekday: tuple[int, int] | None  # where the weekday is written, and which (0 = Monday)
    weekday_index: int | None
    month: int
    day: int
    year: int | None  # as written
    month_span: tuple[int, int]
    day_span: tuple[int, int]  # the day with its suffix
    suffix: bool  # "5th"
    day_first: bool  # "5 March"
    date_end: int  # the end of the day or month, before any year



def month_number(word: str) -> int | None:
    """1 to 12 for a month's name or its abbreviation ("Sept.", "jan"), else None."""
    return _MONTH_FORMS.get(word.rstrip(".").lower())


@by_args("dates.mentions")
def mentions(text: str) -> tuple[DateMention, ...]:
    """Every date with a day in a paragraph (a month alone, "in March", is none)."""
    out = []
    for m in _DATE.finditer(text):
        day_first = m.group("month2") is not None
        month_group = "month2" if day_first else "month"
        day_group, suffix_group = ("day", "suffix") if day_first else ("day1", "suffix1")
        month = _MONTH_FORMS[m.group(month_group).rstrip(".").lower()]
        day = int(m.group(day_group))
        if not 1 <= day <= 31:
            continue
        weekday = m.group("weekday")
        weekday_index = None
        if weekday:
            weekday_index = next(i for i, w in enumerate(WEEKDAYS) if w.lower().startswith(weekday.rstrip(".").lower()[:3]))
        start = m.start("weekday") if weekday else m.start(month_group) if not day_first else m.start(day_group)
        date_end = m.end(day_group) + len(m.group(suffix_group) or "") if not day_first else m.end(month_group)
        out.append(DateMention(
            start=start, end=m.end(), weekday=m.span("weekday") if weekday else None, weekday_index=weekday_index,
            month=month, day=day, year=int(m.group("y")) if m.group("y") else None,
            month_span=m.span(month_group),
            day_span=(m.start(day_group), m.end(day_group) + len(m.group(suffix_group) or "")),
            suffix=bool(m.group(suffix_group)), day_first=day_first, date_end=date_end,
        ))
    return tuple(out)


_FRONT = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
_FRONT_DATE = re.compile(r"^date:[ \t]*[\"']?([^\"'\r\n#]+)", re.M)


@dataclass(frozen=True)
class StoryDate:
    date: dt.date | None  # the story's own date, where it gives one in full
    year: int | None


def story_date(text: str, paragraphs: list[str], house_year: int | None) -> StoryDate:
    """The story's date: its front matter's `date`, else a full date in a dateline (the first
    words of the headline or of the paragraph after it), else the house's `year`."""
    front = _FRONT.match(text)
    if front:
        found = _FRONT_DATE.search(front.group(1))
        if found:
            when = _parse(found.group(1).strip())
            if when is not None:
                return StoryDate(when, when.year)
    for para in paragraphs[:2]:
        for m in mentions(para[:120]):
            if m.year is not None and dateline(para, m):
                try:
                    when = dt.date(m.year, m.month, m.day)
                except ValueError:
                    continue
                return StoryDate(when, when.year)
    return StoryDate(None, house_year)


_PLACE = re.compile(r"\W*(?:[A-Z][A-Z .,'’/-]*[A-Z.](?:,\s*[A-Z][a-z]{1,4}\.)?(?:\s*\([A-Za-z ]+\))?[,:]?\s*)?")


def dateline(text: str, m: DateMention) -> bool:
    """A date opening a paragraph, alone or after a place in capitals, as a dateline sets it: a
    form of its own, not the story's ("Wed 05 Apr 2017", "LONDON, Feb 26 -", "DOTHAN, Ala., Oct 20 -")."""
    return _PLACE.fullmatch(text, 0, m.start) is not None


def _parse(value: str) -> dt.date | None:
    from dateutil import parser

    try:
        return parser.parse(value, default=dt.datetime(1, 1, 1)).date()
    except (ValueError, OverflowError, ArithmeticError):
        return None


def years(m: DateMention, story: StoryDate) -> list[int]:
    """The years a date may fall in: its own; else the one nearest the story's date; else, with
    the year alone, that year (or the one before for a December date, and after for a January
    one: a story of early January looks back, one of late December ahead)."""
    if m.year is not None:
        return [m.year]
    if story.date is not None:
        near = []
        for y in (story.date.year - 1, story.date.year, story.date.year + 1):
            try:
                near.append((abs((dt.date(y, m.month, m.day) - story.date).days), y))
            except ValueError:
                continue
        return [min(near)[1]] if near else []
    if story.year is None:
        return []
    return [story.year] + ([story.year - 1] if m.month == 12 else [story.year + 1] if m.month == 1 else [])


def weekday(year: int, month: int, day: int) -> int | None:
    try:
        return dt.date(year, month, day).weekday()
    except ValueError:
        return None
