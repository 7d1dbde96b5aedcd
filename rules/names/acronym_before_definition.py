from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.rules.api import Case, Related, Rule, Severity
from copydesk.rules.analysis.attribution import quotes
from copydesk.rules.analysis import capitals
from copydesk.rules.caches import by_args

#: Initials AP lets stand on first reference (its "acceptable in all references" entries and the
#: abbreviations every reader knows), so they never need a definition.
KNOWN = frozenset(
    "AP AFP UPI DPA US USA UN UNICEF UNESCO UK EU NATO FBI CIA NASA AIDS HIV DNA GOP CEO CFO COO TV ABC CBS CNN NBC PBS NPR "
    "BBC MSNBC CNBC MTV BET HBO ESPN TLC CSPAN HLN AMC TNT TBS MIT AM PM OK ID IQ GPS ATM SUV URL USB VIP PC NFL NBA NHL MLB NCAA NAACP ACLU AFL CIO "
    "IRS NAFTA OPEC ROTC SWAT YMCA YWCA HMO LGBT LGBTQ POW MIA GI DJ RSVP SOS GMT PAC VP RT "
    # Companies whose name is the initials (AP: use the name the company uses).
    "IBM UPS AOL HSBC UBS BMW KPMG CVS BP GE GM HP "
    # Bodies a news reader of the time knows by their initials (Reuters, BBC: no need to spell out).
    "IMF GATT OECD EC WTO WHO USSR USDA NASDAQ ECB G7 G8 "
    "NHS MP MPs QC OBE MBE CBE VAT ITV BT FTSE RAF IRA TUC CBI GCSE "
    # Formats and technologies, not organisations, whatever the entity recogniser says.
    "CD CDs DVD DVDs VHS HTML XML RSS PDF SMS LCD CPU RAM ROM WAP GSM DSL ADSL WMA AAC MPEG JPEG HD HDTV "
    "DVR PVR RFID CGI".split()
)
#: Credit ratings: "rated AAA by Standard and Poor's", "middle BB".
RATINGS = frozenset("AAA AA BBB BB CCC CC".split())
#: Initials whose organisation a story names otherwise, anywhere in it: AP's "Islamic State group"
#: is what readers know as ISIS or ISIL.
ALIASES = {"ISIS": "Islamic State", "ISIL": "Islamic State", "IS": "Islamic State"}
#: What the NER must call an acronym for it to count as an organisation's.
ENTITIES = frozenset({"ORG", "NORP", "GPE"})

# An acronym: two to six capitals, maybe plural or possessive; not part of a dotted abbreviation
# (U.S.), a hyphenated party label (R-Texas), a longer word or an ampersand name (AT&T, Q&A).
_ACRONYM = re.compile(r"(?<![\w.&'’-])(?P<acr>[A-Z]{2,6})(?:s|['’]s)?(?![\w.&'’-]|-[A-Z])")
_ROMAN = re.compile(r"[IVX]+")  # World War II, Henry VIII
#: U.S. postal codes of the states ("Berea, OH"): places, not organisations.
STATES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
    "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
#: A web page's buttons pasted in with the copy ("Published July 27 2016 SEND https://…").
_WIDGETS = frozenset("SEND SHARE PRINT EMAIL TWEET SAVE COMMENT COMMENTS".split())
_SIGN_OFF = re.compile(r"\s*$")
_CALL_SIGN = re.compile(r"[KW][A-Z]{2,3}")  # U.S. broadcasters go by their call letters: WMAL, KQED
# A dateline or a transcript's speaker label opens a paragraph in capitals: "IDLIB, Syria —",
# "MOSCOW -", "NEW YORK (AP) —", "FALLIN: Well, I think…".
_DATELINE = re.compile(r"[\W\d]*[A-Z][A-Z .'’-]*(?:, [A-Z][A-Z .'’-]*)?(?=,|:|\s*[-—–(])")
# The acronym begins a longer proper name: "DLA Piper", "CME Group", "the CETA Treaty", "CNN/ORC".
_NAME_GOES_ON = re.compile(r"[ ]+[A-Z][a-z]|/[A-Z]")
# The copy says what it is, which is what a reader needs of a name that is only initials:
# "ITV television station", "a CNN/ORC poll", "NDN, a policy and advocacy group".
_DESCRIBED = re.compile(
    r"(?:['’]s)?[ ]+(?:radio|television|TV|station|network|channel|newspaper|news|website|poll|survey)\b"
    r"|,[ ]+(?:a|an)[ ]+"
)
# ... or says so just before: "state news agency SANA", "its armed wing YPG", "the French
# statistics agency, INSEE,", "airport operator BAA", "music giant EMI".
_KINDS = (
    r"agency|group|party|militia|network|organi[sz]ation|broadcaster|station|channel|newspaper|magazine|"
    r"affiliate|wing|alliance|coalition|company|firm|bank|body|institute|exchange|union|regulator|watchdog|"
    r"pollster|subsidiary|unit|fund|index"
)
# What a company or a product is, said after its initials too ("the INFE export institute", "the
# UMD format"); a group's kind after its initials ("ISIL terrorist group") does not say what the
# initials stand for, and a reader still needs the name.
_TRADES = (
    r"company|firm|bank|lender|insurer|carrier|airline|operator|giant|maker|manufacturer|retailer|chain|"
    r"label|band|institute|exchange|index|format|standard|software|technology|brand|station|channel|"
    r"network|newspaper|magazine|broadcaster"
)
_DESCRIBED_BEFORE = re.compile(rf"\b(?:(?:{_KINDS}|{_TRADES})[ ]*,?|called|named)[ ]+$")
_DESCRIBED_AFTER = re.compile(rf"[ ]+(?:[a-z]+[ ]+)?(?:{_TRADES})\b")
# The initials open a company's full name, which the story then shortens to them: "GMAC Financial
# Services" … "GMAC customers".
_COMPANY = re.compile(
    r"[ ]+(?:[A-Z][\w&]*[ ]+){0,2}(?:Inc|Corp|Co|Ltd|PLC|Plc|LP|AG|SA|NV|Group|Holdings?|Financial|Bancorp|"
    r"Industries|International|Systems|Technologies|Partners|Capital|Securities|Bank|Airlines|Motors|Energy|"
    r"Petroleum|Communications)\b"
)
# A stock ticker after the company's name: "MCA Inc MCA", "I.C.H. Corp ICH", "Cable and Wireless
# PLC CAWL.L" (the wire's symbols), "(NYSE: XYZ)".
_TICKER = re.compile(
    r"(?:\b(?:Inc|Corp|Co|Cos|Ltd|Plc|PLC|plc|LP|L\.P|AG|SA|NV|Bancorp|Corporation|Company|Companies|"
    r"Holdings?|Group|Industries|Trust)\.?|\((?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX):)[ ]+$"
)
# Business copy names a company by its initials, which are its name ("AMR said its unit…", "shares
# in EMI"); a reader of the business pages is not asking for them spelled out.
_BUSINESS = re.compile(
    r"\b(?:shares?|stock|dividends?|profits?|earnings|revenues?|turnover|merger|takeover|acquisitions?|buyout|"
    r"subsidiary|Inc|Corp|Ltd|Plc|PLC|dlrs|pct|mln|album|record label|console|handset|software)\b|[$£€¥]\d"
)
# A capitalised word that is not a sentence's first: "Sirius XM".
_NAME_BEFORE = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+[ ]+$")
# Definitions: "Full Name (ACR)" / "[ACR]", and "ACR (Full Name)".
_IN_BRACKETS = re.compile(r"[(\[]\s*(?:the\s+)?(?P<acr>[A-Z]{2,6})\s*[)\]]")
_EXPLAINED = re.compile(r"(?P<acr>\b[A-Z]{2,6})\s*[(\[]\s*(?:the\s+)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,8}\s*[)\]]")
# "the Islamic State, also known as ISIS, ISIL and Daesh", "the Islamic State, or ISIS,": each
# acronym of the list is defined there.
_ALIAS = re.compile(r"[A-Z][\w'’]*,? (?:also known as|known as|or|a\.k\.a\.) (?:the )?(?P<list>[A-Z][\w&]*(?:(?:, | and | or )[A-Z][\w&]*)*)")
# "The International Cocoa Organization, ICCO, council": the name with its initials in apposition.
_APPOSED = re.compile(r",[ ]+(?P<acr>[A-Z]{2,6}),")
# A full name: capitalised words, with the small words names carry inside them.
_CONNECTOR = r"(?:of|the|for|and|on|in|to|de|al|du|des|la|le)"
_FULL_NAME = re.compile(rf"(?!(?:The|A|An)\b)[A-Z][\w'’]*(?:[ -]+(?:{_CONNECTOR}[ -]+)*[A-Z][\w'’]*)+")


@dataclass(frozen=True)
class Mention:
    para: int
    start: int  # indices into that paragraph's text
    end: int
    acr: str


class AcronymBeforeDefinition(Rule):
    """
    ## What it flags
    An organisation's acronym (SDF, YPG, HTS) used before the story gives its full name, or never
    given it at all. A definition is "Full Name (ACR)", "ACR (Full Name)", or the full name whose
    initials make the acronym ("Islamic State" … "IS"), earlier in the story. Acronyms AP accepts
    on first reference (U.S., UN, NATO, FBI, CIA, NASA, AIDS, GOP, CEO, TV …) are exempt, and
    spaCy's named-entity recogniser must take the acronym for an organisation, nationality or
    place. Left alone: headlines (also a first paragraph of one short sentence), datelines, lines in capitals, Roman numerals, initials that open
    a longer name ("DLA Piper", "CME Group", "GMAC Financial Services" and then "GMAC"), initials
    the copy describes ("ITV television", "NDN, a policy group", "state news agency SANA", "airport
    operator BAA", "the French statistics agency, INSEE,"), a stock ticker ("MCA Inc MCA",
    "CAWL.L"), credit ratings (AAA, BB), formats (DVD, RSS), initials every news reader knows (IMF,
    GATT, OECD, NHS, MP, VAT), a company's initials on the business pages ("shares in EMI", "AMR
    said its profit…": they are its name), the speaker's own words inside quotation marks, a web
    page's buttons ("SEND", "SHARE") and the writer's initials after the last sentence. "The
    International Cocoa Organization, ICCO, said" defines ICCO.

    ## Why it matters
    Readers do not carry the initials of every militia and agency in their heads; an unexplained
    acronym stops them, and on a wire story it may stop an editor who has to guess. AP and Reuters:
    spell the name out on first reference, and use the initials afterwards.

    ## Example
    The YPG denied the report on Tuesday.

    ## Use instead
    The Kurdish People's Protection Units (YPG) denied the report on Tuesday.

    There is no fix: only the reporter knows which organisation is meant. When the full name comes
    later in the story, the finding points to it.
    """

    name = "acronym-before-definition"
    # A hint: blind readers judged 18 of 107 findings right on five publications' copy (seed30):
    # which initials a reader knows is the reader's, the desk's and the era's call. A desk that
    # spells out every organisation raises it in its config.
    severity = Severity.HINT
    needs = frozenset({"ner"})
    scope = "document"
    invalid = [
        Case("The ⟦YPG⟧, which Turkey considers a terrorist group, denied the report on Tuesday."),
        Case("Rebels of the ⟦FSA⟧ clashed with government troops near Idlib on Sunday, a day after the "
             "ceasefire collapsed.\n\n"
             "The Free Syrian Army (FSA) said two of its fighters were killed."),
        Case("The ⟦SOHR⟧ said 14 civilians were killed in the strikes on Saturday."),
        Case("The ⟦DNC⟧ said on Thursday that it would hold the next debate in Brooklyn, a week before the "
             "New York primary.\n\nThe Republican National Committee "
             "(RNC) said it had no plans for a debate, and the DNC did not comment."),
    ]
    valid = [
        "A twin bombing struck a crowd in Qamishli, Published July 27 2016 SEND https://dailysabah.com/x "
        "on Wednesday, the Kurdish Red Crescent said.",
        "The conflict has displaced nearly half of the country's population, Press TV reported. SSH",
        "Former AG Mukasey at RNC: Clinton email scandal disqualifies her for presidency.\n\n"
        "Former Attorney General Michael Mukasey addressed the Republican National Convention on Tuesday.",
        "The strikes came after pro-regime militants attacked the headquarters of the Syrian Democratic "
        "Forces (SDF). One SDF member was wounded.",
        "ISIS fighters attacked a Kurdish-held town on the Turkish border on Saturday.\n\n"
        "The Islamic State group had lost the town in June.",
        "He said the latest UN Security Council resolution had not been implemented, like earlier UNSC "
        "resolutions on Syria.",
        "Neither candidate names the value-added tax. VAT systems work as national sales taxes.",
        "Coalition forces struck Islamic State positions on Wednesday.\n\nIS militants had swept into "
        "control of large areas of eastern Syria in 2014.",
        "The Democratic National Committee said on Friday that the DNC would not change the debate schedule.",
        "The FBI and the CIA briefed NATO allies, a U.S. official told CNN.",
        "NEW YORK (AP) — Veterans of World War II gathered at the memorial on Sunday.",
        "State news agency SANA said troops destroyed three vehicles near Palmyra, an AFP correspondent reported.",
        "The SOHR (Syrian Observatory for Human Rights) said 14 civilians were killed in the strikes.",
        "Clinton urged the coalition to increase its efforts against the Islamic State, also known as ISIS, "
        "ISIL and Daesh.",
        '"If you can\'t handle this, you can\'t cover the White House," Julie Mason said on Sirius XM radio.',
        # Reuters, 1987: a ticker, an apposition, a rating; the BBC, 2005: a described company
        "The Writers Guild of America said its members have struck the news staffs of CBS Inc CBS and "
        "Capital Cities/ABC Inc CCB this morning.",
        "The International Cocoa Organization, ICCO, council adjourned after presenting divergent views.",
        "The issue is rated a top-flight AAA by Standard and Poor's Corp.",
        "UK airport operator BAA has reiterated its support for the government's aviation expansion plans.",
        "Shares in music giant EMI have sunk by more than 16% after the firm issued a profit warning.",
    ]

    def select(self, paragraphs):
        wanted = {m.para for m in self._undefined([p.text for p in paragraphs])}
        return [i in wanted for i in range(len(paragraphs))]

    def check(self, doc):
        paras = doc.paragraphs
        texts = [p.text for p in paras]
        undefined = self._undefined(texts)
        defined = _definitions(texts)
        confirmed: set[str] = set()
        for m in undefined:
            para = paras[m.para]
            if para.has("ner") and _entity(para.doc, m.start, m.end):
                confirmed.add(m.acr)
        business = {m.acr for m in undefined if _BUSINESS.search(paras[m.para].text)}
        seen: set[str] = set()
        for m in undefined:
            if m.acr not in confirmed or m.acr in seen:
                continue
            seen.add(m.acr)
            later = defined.get(m.acr)
            if later is None and m.acr in business:
                continue  # a company's own name, on the business pages
            related = [Related(*paras[later[0]].span((later[1], later[2])), f"{m.acr} is defined here")] if later else []
            yield self.finding(
                *paras[m.para].span((m.start, m.end)),
                f"'{m.acr}' used before its full name is given" if later else f"'{m.acr}' is never spelled out",
                related=related,
            )

    _last: tuple[tuple[str, ...] | None, list[Mention]] = (None, [])

    def _undefined(self, texts: list[str]) -> list[Mention]:
        """Mentions of acronyms that come before any definition of them in the story; select()
        and check() both ask, about the same story."""
        key = tuple(texts)
        if self._last[0] != key:
            self._last = (key, _undefined(texts))
        return self._last[1]


def _undefined(texts: list[str]) -> list[Mention]:
    """Mentions of acronyms that come before any definition of them in the story."""
    defined = _definitions(texts)
    # A long word in capitals that the story also writes in lower case is a word, not
    # initials: "TRUMP: The deaths…", "MOSCOW -".
    words = set().union(*map(_title_words, texts)) if texts else set()
    initials = [_lower_initials(t) for t in texts]
    named = set().union(*(_candidates(t)[1] for t in texts)) if texts else set()
    out = []
    for i, text in enumerate(texts):
        if i == 0 and len(texts) > 1 and (capitals.headline(text) or capitals.title_line(text)):
            continue  # AP allows initials in headlines
        for start, end, acr in _candidates(text)[0]:
            if acr.title() in words or acr in named:
                continue
            if acr in ALIASES and any(ALIASES[acr] in t for t in texts):
                continue
            first = defined.get(acr)
            if (first is None or (i, start) < first[:2]) and not _spelled_lower(texts, initials, i, start, acr):
                out.append(Mention(i, start, end, acr))
    return out


@by_args("acronym.title-words")
def _title_words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\b[A-Z][a-z]{3,}\b", text))


@by_args("acronym.candidates")
def _candidates(text: str) -> tuple[tuple[tuple[int, int, str], ...], frozenset[str]]:
    """(start, end, acronym) of the initials in one paragraph that nothing in the paragraph itself
    explains, and the initials it does explain (a longer name, a ticker, what it is), which then
    stand as a name for the whole story; cached by text, as the server asks about the whole story
    on every edit."""
    if capitals.shouting(text):
        return (), frozenset()  # a line in capitals: AP allows initials in headlines
    quoted = [(q.start, q.end) for q in quotes(text)]
    dateline = _DATELINE.match(text)
    out, named = [], set()
    for m in _ACRONYM.finditer(text):
        acr = m.group("acr")
        if acr in KNOWN or acr in STATES or acr in _WIDGETS or acr in RATINGS or _ROMAN.fullmatch(acr) or _CALL_SIGN.fullmatch(acr):
            continue
        if _TICKER.search(text, 0, m.start()) or text[m.end("acr") : m.end("acr") + 1] == "." and text[m.end("acr") + 1 : m.end("acr") + 2].isupper():
            named.add(acr)  # a ticker: "MCA Inc MCA", "CAWL.L"
            continue
        if _SIGN_OFF.match(text, m.end()) and re.search(r"[.!?][\"”’]?\s+$", text[: m.start()]):
            continue  # the writer's initials after the last sentence: "…, Press TV reported. SSH"
        if capitals.in_caps_run(text, m.start(), m.end()):
            continue
        if dateline and m.start() < dateline.end():
            continue
        if _NAME_GOES_ON.match(text, m.end("acr")) or _NAME_BEFORE.search(text, 0, m.start()) or text[m.start() - 1 : m.start()] == "/":
            if _COMPANY.match(text, m.end("acr")):
                named.add(acr)  # a company's name: "GMAC Financial Services", then "GMAC" alone
            continue  # a longer name: "DLA Piper", "Sirius XM", "CNN/ORC"
        if _DESCRIBED.match(text, m.end("acr")) or _DESCRIBED_BEFORE.search(text, 0, m.start()) or _DESCRIBED_AFTER.match(text, m.end("acr")):
            continue
        if any(a < m.start() < b for a, b in quoted):
            continue  # the speaker's words: an editor cannot spell them out
        out.append((m.start("acr"), m.end("acr"), acr))
    return tuple(out), frozenset(named)


def _spelled_lower(texts: list[str], initials: list[str], para: int, before: int, acr: str) -> bool:
    """The story spells the initials out in lower case earlier: "value-added tax" … "VAT": a run of
    two to six lower-case words whose first letters, in order, are the initials (`initials` has
    each paragraph's _lower_initials)."""
    target = acr.lower()
    if not 2 <= len(target) <= 6:
        return False
    if any(target in s for s in initials[:para]):
        return True
    at = initials[para].find(target)
    return at >= 0 and [m.start() for m in _LOWER_WORD.finditer(texts[para])][at] < before


_LOWER_WORD = re.compile(r"[a-z]+")


@by_args("acronym.lower-initials")
def _lower_initials(text: str) -> str:
    """The first letter of each lower-case word of a paragraph, in order: a run of words spells the
    initials that are a substring of it (cached by text, as the story is asked about on every edit)."""
    return "".join(m.group()[0] for m in _LOWER_WORD.finditer(text))


def _definitions(texts: list[str]) -> dict[str, tuple[int, int, int]]:
    """Each defined acronym -> (paragraph, start, end) of its first definition."""
    found: dict[str, tuple[int, int, int]] = {}
    for i, text in enumerate(texts):
        for acr, start, end in _paragraph_definitions(text):
            if acr not in found or (i, start) < found[acr][:2]:
                found[acr] = (i, start, end)
    return found


@by_args("acronym.definitions")
def _paragraph_definitions(text: str) -> tuple[tuple[str, int, int], ...]:
    """(acronym, start, end) of every definition in one paragraph; cached by text because the
    server re-lints a story on every edit and most paragraphs have not changed."""
    out = []
    for m in _IN_BRACKETS.finditer(text):
        # The full name is the capitalised run before the brackets; the mention inside them
        # belongs to the definition.
        name = list(_FULL_NAME.finditer(text, max(0, m.start() - 120), m.start()))
        out.append((m.group("acr"), name[-1].start() if name else m.start(), m.end()))
    for m in _EXPLAINED.finditer(text):
        out.append((m.group("acr"), m.start(), m.end()))
    for m in _APPOSED.finditer(text):
        name = list(_FULL_NAME.finditer(text, max(0, m.start() - 120), m.start()))
        if name and name[-1].end() == m.start():
            out.append((m.group("acr"), name[-1].start(), m.end()))
    for m in _ALIAS.finditer(text):
        for acr in re.findall(r"\b[A-Z]{2,6}\b", m.group("list")):
            out.append((acr, m.start(), m.end()))
    for m in _FULL_NAME.finditer(text):
        out.extend(_initials(text, m.start(), m.end()))
    return tuple(out)


def _initials(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Acronyms the capitalised runs inside text[start:end] spell, with and without the initials
    of small words: "Department of Defense" gives DD and DOD, "Islamic State of Iraq and Syria"
    gives ISIS and ISOIAS."""
    words = [(w.start(), w.end(), w.group()) for w in re.finditer(r"[\w'’]+", text[start:end])]
    out = []
    for a in range(len(words)):
        if not words[a][2][0].isupper():
            continue
        for b in range(a + 1, len(words)):
            if not words[b][2][0].isupper():
                continue
            run = words[a : b + 1]
            # an acronym inside the name counts whole: "UN Security Council" is UNSC
            first = lambda w: w if w.isupper() and len(w) <= 4 else w[0].upper()  # noqa: E731
            caps = "".join(first(w) for _, _, w in run if w[0].isupper())
            every = "".join(first(w) for _, _, w in run)
            for acr in {caps, every}:
                out.append((acr, start + run[0][0], start + run[-1][1]))
    return out


def _entity(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.ent_type_ in ENTITIES for t in span)
