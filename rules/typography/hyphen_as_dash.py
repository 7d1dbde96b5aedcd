from __future__ import annotations

import re

from copydesk.rules.analysis.capitals import tabular
from copydesk.rules.api import Case, Rule, Severity, iter_matches, replace

# A hyphen with a space on both sides between words: a dash typed as a hyphen. Not between two
# numbers (scores, ranges) and not at the start of a line (a list bullet). Two hyphens are the
# plain-text wire's own way of writing a dash, and are left alone.
_DASH = re.compile(r"(?<=[^\s\d-]) +-(?!-) +(?=[^\s\d-])|(?<=\d) +-(?!-) +(?=[^\W\d])|(?<=[^\W\d]) +-(?!-) +(?=\d)")
# What a spaced hyphen follows where it is the wire's separator, not a dash in a sentence: a
# dateline's credit "PARIS, Aug 31 (Reuters) -", a time "23:28 - GMT", a list run into its
# paragraph "in Congress: - On Monday".
_SEPARATOR = re.compile(r"(?:^[^.!?]{0,80}\([A-Z][\w .&/-]{1,30}\)|\b\d{1,2}:\d\d|:)\s*$")
# What follows a spaced hyphen where it separates a page's title from the site and its sections:
# "… state media - Region - World - Ahram Online", "… Homs kill 18 - Daily Sabah", "… - YouTube".
_NAME = r"[A-Z][\w.&'’]*(?: (?:of|the|and|[A-Z][\w.&'’]*)){0,3}"
_SITE_TAIL = re.compile(rf"YouTube\b|{_NAME}(?: +- +{_NAME})*[ \t]*(?:\n|$)")
# Related-story headlines run together, each with its source: "…in Terrorists Interests - Kremlin
# Syrian Foreign Ministry to Appeal…"; a site's name opening its page: "National News Agency -
# Damascus explosion…"; a crosshead set off by hyphens: "…on dissent. - Troops kill 10 children -
# Meanwhile…".
_SMALL = r"(?:of|in|to|the|a|an|and|for|on|with|at|as|by|after|over|from)"
_TITLE_RUN = re.compile(rf"(?:[A-Z][\w'’.-]*|{_SMALL}|\d[\w,.]*)(?: (?:[A-Z][\w'’.-]*|{_SMALL}|\d[\w,.]*)){{3,}}$")
_CREDIT_THEN_TITLE = re.compile(r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)? [A-Z]")
# A dateline in capitals, "WASHINGTON - The…", "BRUSSELS, April 17 - The…": the house's dateline dash.
_DATELINE = re.compile(r"^\W*[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?$")
_OPENING_NAME = re.compile(r"^\W*(?!The )(?=[^\n]*[a-z])[A-Z][\w'’.&-]*(?: [A-Z][\w'’.&-]*){0,4}$")
_CROSSHEAD = re.compile(r"(?:^|[.!?\"”]) *$")
_IN_CROSSHEAD = re.compile(r"(?:^|[.!?\"”]) +- +[A-Z][^.!?]{3,80}$")
_PAIRED = re.compile(r"[^.!?]{3,80}? +- +")  # a second hyphen in the sentence: an aside set off, or a crosshead


def _residue(text: str, m: re.Match) -> bool:
    """The hyphen separates pieces of a web page pasted into the copy, not words of a sentence."""
    before, after = text[: m.start()], text[m.end() :]
    if not after[:1].isupper():
        return False
    if _TITLE_RUN.search(before) and _CREDIT_THEN_TITLE.match(after):
        return True  # "…Was De Facto in Terrorists Interests - Kremlin Syrian Foreign Ministry…"
    if _OPENING_NAME.match(before) and not _PAIRED.match(after):
        return True  # "National News Agency - Damascus explosion…"; not "The Islamic State - Daesh in Arabic - claimed"
    # "…on dissent. - Troops kill 10 children - Meanwhile…": a crosshead, both its hyphens
    return bool(_CROSSHEAD.search(before) and _PAIRED.match(after) or _IN_CROSSHEAD.search(before))


class HyphenAsDash(Rule):
    """
    ## What it flags
    A hyphen (or two) with spaces on both sides used as a dash:
    `fighters - believed to be linked to Iran - attacked`.

    ## Why it matters
    A hyphen joins words; a dash sets off an aside. Typed as a hyphen, the aside reads as a broken
    compound, and the story looks unedited.

    ## Example
    After fighters - believed to be linked to Iran - attacked the base.

    ## Use instead
    After fighters — believed to be linked to Iran — attacked the base.

    The dash comes from the house style (`house.dash`, default a spaced em dash as AP uses), and a
    dateline's from `house.dateline`. Where the house's own dash is a spaced hyphen, as on the
    Reuters and BBC plain-text wires (`style = "reuters"`, `"bbc"`), there is nothing to flag. Left
    alone: two hyphens (`--`, the plain-text wire's dash), a dateline's credit (`PARIS, Aug 31
    (Reuters) - …`), a time (`23:28 - GMT`), a list run into its paragraph (`in Congress: - On
    Monday`), a web page's title pasted in with its site and sections (`… - World - Ahram
    Online`, `… - YouTube`), related-story headlines run together with their sources (`…in
    Terrorists Interests - Kremlin Syrian Foreign Ministry…`), a site's name opening its page
    (`National News Agency - Damascus explosion…`), a crosshead set off by hyphens (`dissent. -
    Troops kill 10 children - Meanwhile…`) and a data table's row (`WHEAT - US three Hard Amber
    Durum Apl/May 161 unch`).
    """

    name = "hyphen-as-dash"
    severity = Severity.WARNING
    fixable = True
    invalid = [
        Case("After fighters⟦ - ⟧believed to be linked to Iran⟦ - ⟧attacked a US-backed coalition.",
             "After fighters — believed to be linked to Iran — attacked a US-backed coalition."),
        Case("It was a defensive measure⟦ - ⟧nothing more, the spokesman said.",
             "It was a defensive measure–nothing more, the spokesman said.",
             config={"house": {"dash": "–"}}),
        Case("The Islamic State⟦ - ⟧Daesh in Arabic⟦ - ⟧claimed the attack.",
             "The Islamic State — Daesh in Arabic — claimed the attack."),
        Case("WASHINGTON⟦ - ⟧The Senate passed the bill on Tuesday.",
             "WASHINGTON — The Senate passed the bill on Tuesday."),
        Case("BRUSSELS, April 17⟦ - ⟧European Union ministers agreed on Monday to extend the sanctions.",
             "BRUSSELS, April 17 – European Union ministers agreed on Monday to extend the sanctions.",
             config={"house": {"style": "guardian"}}),
    ]
    valid = [
        "The US-led coalition's attack on pro-government forces drew a protest.",
        "Barcelona won 3 - 2 after extra time.",
        "- Coalition forces struck twice on Wednesday.",
        "Fighters — believed to be linked to Iran — attacked the base.",
        "The vote was close -- closer than anyone expected.",
        "PARIS, Aug 31 (Reuters) - France's far-right leader backed Trump on Wednesday.",
        "Last Update: Tuesday 22 November 2016 KSA 23:28 - GMT 20:28",
        "Here are the important steps in Congress: - On Monday the Senate began debate.",
        # a page's title run into the copy: the separators before the site and its sections
        "Twin car bombs kill 25 in Syria's Homs: state media - Region - World - Ahram Online",
        "23 terrorists killed in N. Syria after Turkish artillery pounds Daesh targets - Daily Sabah\n\n"
        "Published June 20 2016 At least 23 members were killed.",
        "Battle rages near Aleppo as rebels encircled, Ali Mustafa reports - YouTube UN envoy Staffan de "
        "Mistura says he is still optimistic.",
        # related-story headlines, each with its source; a site's name; a crosshead
        "Related US Missile Attack in Syria Was De Facto in Terrorists Interests - Kremlin Syrian Foreign "
        "Ministry to Appeal to UNSC After US Missile Attack - Ambassador Russian MoD Says It Was Planned",
        "National News Agency - Damascus explosion due to rocket bomb",
        # the house writes its dash as a spaced hyphen, as the plain-text wires do
        Case("Gold fell - but only slightly - after the Fed's statement.", config={"house": {"style": "reuters"}}),
        Case("WASHINGTON, April 17 - The Senate passed the bill.", config={"house": {"style": "bbc"}}),
        "WHEAT - US three Hard Amber Durum Apl/May 161 unch Jne 160 unch Jly 160 unch             Aug 155 unch",
        "The regime unleashed a brutal crackdown on dissent. - Troops kill 10 children - Meanwhile the "
        "Observatory said 10 children were among 48 people executed.",
    ]

    def wants(self, text: str) -> bool:
        return " -" in text

    def check_paragraph(self, para, doc):
        if tabular(para.text):
            return  # "WHEAT - US three Hard Amber Durum Apl/May 161 unch": a data table's row
        for m, start, end in iter_matches(_DASH, para):
            if _SEPARATOR.search(para.text, 0, m.start()) or _SITE_TAIL.match(para.text, m.end()) or _residue(para.text, m):
                continue
            dateline = _DATELINE.match(para.text, 0, m.start())
            dash = doc.house["dateline" if dateline else "dash"]
            if dash.strip() == "-":  # the house's own dash
                continue
            yield self.finding(
                start, end, "Hyphen used as the dateline's dash" if dateline else "Hyphen used as a dash",
                fixes=[replace(start, end, dash, f"Replace with a dash ({dash.strip()})")],
            )
