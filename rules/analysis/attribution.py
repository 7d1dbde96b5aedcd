"""Who says what: attributions and direct quotes read from spaCy's parse of a paragraph.

Not a rule. The attribution rules share one reading per parsed paragraph (cached on the spaCy doc),
so a paragraph's cues, sources, content spans and quotes are worked out once. Offsets are indices
into the paragraph's text; rules map them to the file with `Paragraph.span`.

What it reads, from real wire copy:
- speech and cognition cues (said, told, added, wrote, claimed, believes, suspect, ...), with the
  subject as source, also when inverted ('…," said Sen. Ted Cruz'), parenthetical ("The attack,
  he said, began…"), participial ("…, adding that…"), passive ("was described by Washington") and
  in a relative clause ("Lavrov, who said…");
- "according to X", a noun with its clause ("a Times report that…"), an adjective of a state of
  mind ("many Democrats are afraid that…"), "seen/regarded as", `called X "Y"`, "as X put it" and
  a poll that opens the sentence ("In a CNN poll released Sunday, …");
- a colon before a quote (`The daily wrote: "…"`) and headlines of the form `McCaul: …`;
- direct quotes, straight or curly, including the multi-paragraph convention; an attribution next
  to a quote covers every sentence of that quote.

Apart from those (`Reading.stances`), what PARC and PolNeAR also count as attributions but which
source no claim: stances, plans and refusals ("wants a recount", "endorsed Sanders", "declined to
comment", "Trump's attacks on Clinton", "were concerned about", "made it clear", "took issue with",
"criticism of the deal"), words on a topic ("wrote about the deal"), impressions nobody holds
("seemed tired", "was not disclosed"), and the verb of a title-case headline ("Blackwell Endorses
Ted Cruz"), which the parser takes for part of a name.

Each attribution also carries its cue and source as those guidelines mark them (`cue_phrase`,
`source_phrase`), and whether it is nested: inside a quote or inside what another reports, whose
words PolNeAR gives to the outer one. Tuned on PolNeAR's train and dev splits
(bench/attribution_polnear.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from copydesk.rules.analysis.lexicon import (
    COGNITION_VERBS,
    DIRECTIVE_VERBS,
    DOCUMENT_WORDS,
    EVIDENCE_VERBS,
    IMPRESSION_VERBS,
    MORE_SPEECH_VERBS,
    SPEECH_VERBS,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
    STANCE_VERBS,
    TITLE_PATTERN,
    TITLES,
)
from copydesk.rules.analysis.quotes import marks

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from copydesk.rules.api import Paragraph

_FORMS = (
    SPEECH_VERBS | COGNITION_VERBS | DIRECTIVE_VERBS | EVIDENCE_VERBS | set(MORE_SPEECH_VERBS.values())
    | {"describe", "describes", "described", "call", "calls", "called", "point", "points", "pointed"}
)
CUES = _FORMS | set(MORE_SPEECH_VERBS)
#: Adjectives that report a state of mind: "are afraid that…", "is confident that…".
ADJECTIVE_CUES = frozenset(
    "afraid worried concerned confident convinced sure certain hopeful skeptical sceptical optimistic "
    "pessimistic fearful aware".split()
)
#: Nouns that report a claim in a "that" clause: "a New York Times report that…".
NOUN_CUES = frozenset(
    "report statement claim assertion allegation belief view warning suggestion estimate prediction "
    "analysis poll survey study finding announcement argument".split()
)

#: Cheap test for a paragraph that may hold an attribution: any form of a cue verb, "according
#: to", or a colon. Rules use it in `wants()` so spaCy parses only such paragraphs.
CUE_WORDS = re.compile(r"\b(?:" + "|".join(sorted(_FORMS, key=len, reverse=True)) + r"|according to)\b", re.I)

#: Group nouns that stand for nobody in particular: "critics say", "many experts believe".
VAGUE = frozenset(
    "critic skeptic sceptic analyst expert observer commentator pundit people many some other others "
    "most everyone everybody someone somebody few several insider watcher supporter opponent detractor "
    "backer proponent".split()
)
#: Sources the reader cannot identify: "officials said", "a source", "people familiar with".
ANONYMOUS = frozenset(
    "official source diplomat aide person individual staffer insider officer".split()
)
PRONOUNS = frozenset("he she they i we it you".split())
#: Head words of organisations when no entity type is at hand ("the ministry", "The Post").
ORG_WORDS = frozenset(
    "ministry department command government administration agency committee council coalition "
    "newspaper daily paper post times journal news office campaign party army military police court "
    "commission board company firm group organization organisation union bank pentagon kremlin "
    "white house congress senate parliament network statement report study poll survey document "
    "record data figure filing paper analysis".split()
)
_RELATIVE = frozenset("who that which".split())
# Verbs that report a view through "as": "was seen as a demotion", "regarded as the favourite".
_AS_VERBS = frozenset("see view regard".split())


def _as_phrase(tok: "Token") -> "Token | None":
    # the parser may hang it on the agent: "seen [by some [as a demotion]]"
    return next((t for t in tok.subtree if t.dep_ == "prep" and t.lower_ == "as" and t.i > tok.i
                 and (t.head.i == tok.i or _no_verb_between(t, tok))), None)


# Speech verbs whose object is not what was said: "asked questions", "told reporters".
_NO_OBJECT = frozenset("ask tell continue".split())
_KEEP_AFTER = frozenset("of at from with for".split())


@dataclass(frozen=True)
class Attribution:
    cue: tuple[int, int]
    verb: str  # the cue's lemma, "according to" or ":"
    source: tuple[int, int] | None
    kind: str  # person, organisation, group, pronoun, anonymous, vague, unknown, none (passive)
    content: tuple[tuple[int, int], ...]
    sentence: int  # index into Reading.sentences
    # The cue and the source as PARC and PolNeAR mark them, where they are wider than the words
    # above: the verb with its auxiliaries, negation, adverbs and particles ("has not yet said",
    # "called for", "said in a statement"); the source's whole noun phrase with its apposition
    # ("Clinton, the former secretary of state,") or the relative pronoun that stands for it ("who").
    cue_phrase: tuple[int, int] | None = None
    source_phrase: tuple[int, int] | None = None
    nested: bool = False  # inside a direct quote or inside what another attribution reports
    # In a relative clause ("Trump, who has accused Clinton of lying, may…"): it sources its own
    # words, not the rest of the sentence.
    subordinate: bool = False

    @property
    def sourced(self) -> bool:
        """Someone the reader can hold to the words, even unnamed ("officials")."""
        return self.kind not in ("vague", "none")


@dataclass(frozen=True)
class Quote:
    start: int  # the opening mark, or 0 for a paragraph that continues a quote
    end: int  # after the closing mark, or the paragraph's end when the quote runs on
    closed: bool
    continued: bool  # carries on a quote opened in an earlier paragraph
    words: int

    @property
    def runs_on(self) -> bool:
        return not self.closed


@dataclass
class Reading:
    text: str
    sentences: list[tuple[int, int]]
    attributions: list[Attribution]
    quotes: list[Quote]
    speakers: dict[int, Attribution] = field(default_factory=dict)  # quote index -> attribution
    # A stance, a wish or an impression ("wants a recount", "endorsed Sanders", "seemed tired"):
    # attributions in PARC's and PolNeAR's sense, kept apart because they source no claim.
    stances: list[Attribution] = field(default_factory=list)

    def sentence_at(self, i: int) -> int:
        for n, (start, end) in enumerate(self.sentences):
            if start <= i < end:
                return n
        return len(self.sentences) - 1

    def quoted(self, start: int, end: int) -> Quote | None:
        return next((q for q in self.quotes if q.start <= start and end <= q.end), None)

    def reported(self, start: int, end: int) -> Attribution | None:
        """The attribution whose content holds text[start:end], if any."""
        for a in self.attributions:
            if a.sourced and any(s <= start and end <= e for s, e in a.content):
                return a
        return None

    def sourced_in(self, n: int) -> list[Attribution]:
        """The sourced attributions that speak for sentence n."""
        return [a for a in self.attributions if a.sentence == n and a.sourced and not a.subordinate]


def read(para: "Paragraph", continued: bool = False) -> Reading:
    """The reading of a parsed paragraph; `continued` says a quote runs on from the paragraph before."""
    doc = para.doc
    key = ("copydesk.attribution", continued)
    cached = doc.user_data.get(key)
    if cached is None or cached.text != para.text:
        cached = _read(doc, para.text, continued)
        doc.user_data[key] = cached
    return cached


def continues(prev: str | None, text: str) -> bool:
    """Does `text` carry on a quote left open at the end of the paragraph `prev`?"""
    if not prev:
        return False
    roles = [role for _, role in marks(prev)]
    opened = False
    for role in roles:
        opened = role == "open" or (opened and role != "close")
    first = marks(text)[:1]
    return opened and first in ([(0, "open")], [(1, "open")]) and not text[:first[0][0]].strip()


def quotes(text: str, continued: bool = False) -> list[Quote]:
    out, start = [], None
    for i, role in marks(text):
        if role == "open":
            if start is not None:  # a new quote opens before the last one closed: cut it there
                out.append(_quote(text, start, i, False, continued and start == 0))
            start = i
        elif start is not None:
            out.append(_quote(text, start, i + 1, True, continued and start == 0))
            start = None
    if start is not None:
        out.append(_quote(text, start, len(text), False, continued and start == 0))
    return out


def _quote(text: str, start: int, end: int, closed: bool, continued: bool) -> Quote:
    return Quote(start, end, closed, continued, len(text[start:end].split()))


def _read(doc: "Doc", text: str, continued: bool) -> Reading:
    # The parser sometimes ends a sentence inside one ("…said that U.S. | involvement in NATO may…"):
    # a "sentence" that opens in lower case goes on from the one before.
    groups: list[list] = []
    for s in doc.sents:
        if groups and s[0].is_lower and s[0].is_alpha:
            groups[-1].append(s)
        else:
            groups.append([s])
    sentences = [(g[0].start_char, g[-1].end_char) for g in groups]
    index = {tok.i: n for n, g in enumerate(groups) for s in g for tok in s}
    found = quotes(text, continued)
    out: list[Attribution] = []
    stances: list[Attribution] = []
    for tok in doc:
        a = _verb_cue(tok, found, index) or _according(tok, index) or _in_poll(tok, index) or _colon(tok, text, index)
        if a is not None:
            out.append(a)
        else:
            b = _stance(tok, found, index)
            if b is not None:
                stances.append(b)
    # "appeared to suggest": the impression's verb is part of the cue it leads in to, not one of its own
    led = [a for a in out + stances if a.cue_phrase and a.cue_phrase[0] < a.cue[0]]
    stances = [b for b in stances if not any(
        a is not b and a.cue_phrase[0] <= b.cue[0] and b.cue[1] <= a.cue[0] for a in led)]
    headline = _headline(doc, text)
    if headline is not None:
        out.append(headline)
    elif not out and not stances:
        stances.extend(_titled(doc, text, index))
    out.extend(_dashed(text, found, index, doc))
    reading = Reading(text, sentences, out, found, stances=stances)
    for n, q in enumerate(found):
        speaker = _speaker(reading, q)
        if speaker is not None:
            reading.speakers[n] = speaker
    # An attribution next to a quote reports the whole quote, every sentence of it.
    for i, a in enumerate(reading.attributions):
        spans = tuple((found[n].start, found[n].end) for n, b in reading.speakers.items() if b is a)
        if spans:
            extended = replace(a, content=a.content + spans)
            reading.attributions[i] = extended
            reading.speakers.update({n: extended for n, b in reading.speakers.items() if b is a})
    _nest(reading, doc)
    return reading


def _nest(reading: Reading, doc: "Doc") -> None:
    """Mark the attributions inside a direct quote or inside what another attribution reports
    ('"I think we will win," he said', 'Lavrov said the Americans believe…'): the speaker's own
    words, not the story's sources. PARC and PolNeAR give each word to one attribution only."""
    every = reading.attributions + reading.stances
    heads: dict[int, "Token | None"] = {}

    def head(a: Attribution) -> "Token | None":
        if id(a) not in heads:
            heads[id(a)] = _token(doc, a.cue)
        return heads[id(a)]

    def governs(b: Attribution, a: Attribution) -> bool:
        """Does b report a's words: a's cue in the clause b's cue governs, or anywhere in what
        "say", "according to" or a speaker's label report?"""
        if not any(s <= a.cue[0] < e for s, e in b.content) or any(s <= b.cue[0] < e for s, e in a.content):
            return False
        top, low = head(b), head(a)
        return b.verb in ("say", "according to", ":") or (
            top is not None and low is not None and any(t.i == top.i for t in low.ancestors)
        )

    def own(a: Attribution) -> bool:
        """A "said" the parser hung inside another's words, which PolNeAR gives a cue of its own:
        joined to them ("Merrill says Machado promised… and said she would…"), in a relative clause
        ("which he said was…") or after them ("…, saying it was…")."""
        low = head(a)
        return a.verb == "say" and low is not None and low.dep_ in ("conj", "relcl", "advcl")

    def inside(a: Attribution) -> bool:
        if a.verb == ":" and a.cue[0] < 40 and _LABEL.match(reading.text):
            return False  # a transcript's speaker label opens its own quote
        if reading.quoted(*a.cue) is not None:
            return True
        if any(b is not a and governs(b, a) for b in reading.attributions) and not own(a):
            return True
        # a stance hosts only its own infinitive or gerund ("declined to confirm", "thanked Trump
        # for backing", "apologized for accusing"), an impression none ("he appeared to suggest")
        if not reading.stances:
            return False
        low = head(a)
        if low is None:
            return False
        top = low.head if low.dep_ == "xcomp" else low.head.head if low.dep_ == "pcomp" else None
        return top is not None and any(
            head(b) is not None and head(b).i == top.i and b.verb not in IMPRESSION_VERBS for b in reading.stances
        )

    nested = {id(a) for a in every if inside(a)}
    marked = {}
    for group in (reading.attributions, reading.stances):
        for i, a in enumerate(group):
            if id(a) in nested:
                group[i] = marked[id(a)] = replace(a, nested=True)
    reading.speakers.update({n: marked.get(id(a), a) for n, a in reading.speakers.items()})


def _token(doc: "Doc", span: tuple[int, int]) -> "Token | None":
    found = doc.char_span(*span, alignment_mode="expand")
    return found[0] if found is not None and len(found) else None


# Lemmas the small model gets wrong for words that matter here: "hoped" is not "hop".
_SLIPS = {"hop": "hope", "retweete": "retweet", "tweete": "tweet"}


def lemma(tok: "Token") -> str:
    """The token's lemma, lower-cased, with the lemmatizer's slips on cue words put right."""
    out = tok.lemma_.lower()
    fixed = _SLIPS.get(out)
    return fixed if fixed and tok.lower_.startswith(fixed[:3]) else out


def _verb_cue(tok: "Token", found: list[Quote], index: dict[int, int]) -> Attribution | None:
    # "But Trump claims that…": the parser took the verb for a noun, with a subject all the same
    acts = tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_CUES and not acts:
        return _noun_cue(tok, index)
    if tok.pos_ == "ADJ" and tok.lemma_.lower() in ADJECTIVE_CUES:
        return _adjective_cue(tok, index)
    if tok.pos_ != "VERB" and not acts:
        return None
    verb = lemma(tok)
    if verb not in CUES and tok.lower_ not in CUES and not (verb in _AS_VERBS and _as_phrase(tok) is not None):
        return _manner(tok, found, index)
    if verb == "point" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
        return None  # only "pointed out"
    if verb == "found" or (verb == "maintain" and not any(c.dep_ == "ccomp" for c in tok.children)):
        return None  # "founded the company", "maintained the roads"
    if verb == "call" and tok.dep_ == "acl" and tok.tag_ == "VBN":
        return None  # "a group called Citizens for Trump" names, it reports nothing
    if verb in ("respond", "reply") and any(c.dep_ == "neg" for c in tok.children):
        return None  # "did not respond to a request for comment"
    content = _content(tok, found)
    if not content:
        source = _run_on(tok)
        if source is None:
            return None
        content = ((tok.sent.start_char, source.left_edge.idx),)
        return _attribution(tok, verb, source, False, source, content, index)
    subject, passive, said_by = _subject(tok)
    if subject is not None and _inside(subject, found) and not _inside(tok, found):
        # '"…at some point," said James Acton', '"…in this case," Chief Chuck Jordan said Monday': the
        # parser took a word of the quote
        subject = said_by = _speaker_outside(tok, found)
    if verb in COGNITION_VERBS and subject is not None and subject.lower_ in ("i", "we", "you"):
        return None  # "I think", "do you believe": a speaker's hedge, not an attribution
    if verb == "continue" and any(c.dep_ == "xcomp" for c in tok.children):
        return None  # "continued to fight"
    return _attribution(tok, verb, subject, passive, said_by, content, index)


def _run_on(tok: "Token") -> "Token | None":
    """The source of a cue that closes an unpunctuated sentence, where the parser hung the source
    on the clause before it: "…rockets which were preparing to attack Turkey security sources said
    on Monday", "…12 injured a source at Aleppo Police Command told SANA" (wire copy stripped of
    its commas)."""
    if tok.tag_ != "VBD" or tok.dep_ not in ("conj", "ROOT") or tok.i < 4 or lemma(tok) not in SPEECH_VERBS:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "ccomp") or c.dep_ == "dobj" and lemma(tok) != "tell" for c in tok.children):
        return None
    source = tok.nbor(-1)
    while source.head.i < tok.i and source.head.right_edge.i == tok.i - 1 and source.head.pos_ in ("NOUN", "PROPN", "ADP"):
        source = source.head  # "a source at Aleppo Police Command": up to the phrase's head
    if source.pos_ not in ("NOUN", "PROPN") or source.dep_ not in ("dobj", "pobj", "conj", "appos"):
        return None
    if not (source.lemma_.lower() in ANONYMOUS or source.lower_ in ORG_WORDS or source.ent_type_ in ("ORG", "PERSON", "NORP")):
        return None
    return source if source.left_edge.i > tok.sent.start + 3 else None


# '"…," he shot back.', '"…," Trump quipped.': a verb hard against the end of a quote says how it
# was said, whatever the verb.
_AFTER_QUOTE = re.compile(r"^[,!?]?\s*(?:(?:[A-Z][\w.'’-]*\s+){0,4}|he |she |they |it |I |we )$")


def _manner(tok: "Token", found: list[Quote], index: dict[int, int]) -> Attribution | None:
    before = [q for q in found if q.closed and q.end <= tok.idx and tok.idx - q.end < 60]
    if not before or tok.dep_ not in ("ROOT", "parataxis") or _inside(tok, found):
        return None
    text = tok.doc.text
    quote = next((q for q in before if _AFTER_QUOTE.match(text[q.end:tok.idx])), None)
    if quote is None or quote.words < 2:
        return None
    subject, passive, said_by = _subject(tok)
    if subject is None or passive or _inside(subject, found):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
        return None  # '"…," he said, and left the room' is another verb's business
    return _attribution(tok, lemma(tok), subject, False, said_by, ((quote.start, quote.end),), index)


def _speaker_outside(tok: "Token", found: list[Quote]) -> "Token | None":
    """The noun between the quote and the cue ('," Chief Chuck Jordan said'), else the one after it
    ('said James Acton'): the speaker the parser missed."""
    doc = tok.doc
    end = max((q.end for q in found if q.end <= tok.idx), default=tok.sent.start_char)
    between = [t for t in doc[tok.sent.start : tok.i] if t.idx >= end and t.pos_ in ("PROPN", "NOUN", "PRON")]
    if between:
        word = between[-1]
        while (word.head.i != word.i and word.head.idx >= end and word.head.i < tok.i
               and word.head.pos_ in ("PROPN", "NOUN")):
            word = word.head
        return word
    return next((c for c in tok.rights if c.dep_ in ("nsubj", "dobj", "npadvmod", "attr")
                 and c.pos_ in ("PROPN", "NOUN") and c.lower_ not in _WHEN and not _inside(c, found)), None)


def _inside(tok: "Token", found: list[Quote]) -> bool:
    return any(q.start <= tok.idx < q.end for q in found)


def _attribution(tok: "Token", verb: str, subject: "Token | None", passive: bool, said_by: "Token | None",
                 content: tuple[tuple[int, int], ...], index: dict[int, int]) -> Attribution:
    if subject is None:
        # no subject in an active clause is usually a parse that lost it ("…the Post Trump said")
        kind, source, phrase = ("none" if passive else "unknown"), None, None
    else:
        kind, source, phrase = _kind(subject), _source_span(subject), _source_phrase(said_by or subject)
    return Attribution((tok.idx, tok.idx + len(tok.text)), verb, source, kind, content, index[tok.i],
                       cue_phrase=_cue_phrase(tok), source_phrase=phrase, subordinate=_subordinate(tok))


def _subordinate(tok: "Token") -> bool:
    return tok.dep_ == "relcl"


#: Clauses whose verb is part of another's statement or description, not an act of its own subject.
_INNER = frozenset("ccomp xcomp pcomp acl amod csubj".split())
_STANCE_CLAUSES = frozenset("pcomp ccomp".split())
# Prepositions before a gerund whose subject takes the stance: "responded by backing", "after endorsing".
_ACTS_BY = frozenset("by with in after before on while without since".split())
#: Subjects that name no source: the speaker in a quote, a dummy "it", a clause.
_NO_SOURCE = frozenset("it this that what there you".split())
_COMPLEMENTS = frozenset("dobj ccomp xcomp prep oprd acomp attr dative prt".split())


def _stance(tok: "Token", found: list[Quote], index: dict[int, int]) -> Attribution | None:
    """`Clinton wants a recount`, `the union endorsed Sanders`, `he declined to comment` (the
    subject is the source, the complement what it holds to), `her plan to…` (the possessor), and
    `the crowd seemed restless` (an impression: nobody holds it)."""
    if tok.pos_ == "NOUN":
        return _noun_stance(tok, index)
    if tok.pos_ == "ADJ":
        return _adjective_stance(tok, index)
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    verb = lemma(tok)
    if verb in IMPRESSION_VERBS:
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "acomp", "attr", "oprd")
                 or (c.dep_ == "prep" and c.lower_ == "like")]
        if not comps:
            return None
        sent = tok.sent
        return Attribution((tok.idx, tok.idx + len(tok.text)), verb, None, "none",
                           ((sent.start_char, sent.end_char),), index[tok.i], cue_phrase=_cue_phrase(tok))
    # "I think" outside a quote: the writer's own view, a source in PolNeAR, none for the rules;
    # "wrote about the deal": words on a topic, no claim
    saying = verb in CUES or tok.lower_ in CUES
    topic = saying and any(c.dep_ == "prep" and c.i > tok.i and c.lower_ in _CUE_PREPS for c in tok.children)
    if saying and tok.pos_ == "VERB" and not topic and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        # "the price was not disclosed", "Clinton was asked about her speeches": said, by nobody named
        held = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if held is None or held.lower_ in _NO_SOURCE or held.lower_ in _RELATIVE:
            return None
        return _attribution(tok, verb, None, True, None, (_extent(held),), index)
    light = _light(tok)
    if (verb not in STANCE_VERBS and verb not in COGNITION_VERBS and not topic and light is None) \
            or tok.pos_ != "VERB":
        return None
    if tok.dep_ in _INNER and not _modifies(tok) and tok.dep_ not in _STANCE_CLAUSES \
            and not (tok.dep_ == "xcomp" and lemma(tok.head) in _LEAD_INS) and not _known_as(tok):
        return None
    if tok.dep_ == "pcomp" and tok.head.lower_ not in _ACTS_BY:
        return None  # "was fined for refusing", "the idea of supporting": the act, not a stance taken
    subject, passive, said_by = _subject(tok)
    if subject is None and passive and verb in STANCE_VERBS and verb not in _PLAIN_PASSIVES \
            and not any(c.dep_ == "dobj" for c in tok.children):
        # "he was charged with assault", "Trump is known as a dealmaker": nobody named holds it
        held = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        comps = tuple(_extent(c) for c in tok.children if c.dep_ in _COMPLEMENTS and c.i > tok.i)
        content = comps or ((_extent(held),) if held is not None else ())
        if not content:
            return None
        return _attribution(tok, verb, None, True, None, content, index)
    if subject is None or subject.lower_ in _NO_SOURCE:
        return None
    if passive:
        # "was appointed by Obama", "have been applauded by Wall Street critics": the agent holds it
        held = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if not any(c.dep_ == "agent" for c in tok.children) or held is None:
            return None
        content = (_extent(held),)
    else:
        needs = _TOPIC_VERBS.get(verb)
        content = tuple(_extent(c) for c in tok.children if c.dep_ in _COMPLEMENTS and c.i > tok.i
                        and (needs is None or c.lower_ in needs or c.dep_ == "ccomp"))
        if not content and tok.dep_ == "relcl" and any(
            c.dep_ == "dobj" and c.lower_ in _RELATIVE and c.i < tok.i for c in tok.children
        ):
            content = (_head_words(tok.head),)  # "a candidate whom many party members oppose"
        if not content and subject.i > tok.i:
            # '"Our ideas of success are different," agrees Michelle Stevens'
            sent = tok.sent
            content = tuple((q.start, q.end) for q in found if q.end <= tok.idx and q.end > sent.start_char - 2)
    if not content:
        return None
    found = _attribution(tok, verb, subject, passive, said_by, content, index)
    if light is not None and found.cue_phrase is not None:
        found = replace(found, cue_phrase=(found.cue_phrase[0], max(found.cue_phrase[1], light)))
    return found


# A verb and the noun it takes that together report a view or words, and which PolNeAR marks as the
# cue with the preposition after them: "made it clear", "took issue with", "raised questions about",
# "cast doubt on", "drew criticism from", "delivered a speech".
_LIGHT = {
    "put": frozenset(["it"]),
    "make": frozenset("clear case point secret mention apology claim comment remark statement allegation accusation "
                      "argument observation reference promise pledge threat joke plea pitch".split()),
    "take": frozenset("issue credit aim shot swipe stance position offense jab dig ownership exception".split()),
    "raise": frozenset("question concern doubt fear alarm eyebrow hackle objection".split()),
    "cast": frozenset("doubt vote ballot blame".split()),
    "draw": frozenset("criticism attention scorn scrutiny fire ire praise contrast comparison concern rebuke "
                      "condemnation outrage".split()),
    "deliver": frozenset("speech defense defence message critique address remark rebuke tirade indictment update "
                         "apology warning".split()),
    "give": frozenset("speech answer account interview example endorsement assurance preview hint compliment "
                      "testimony statement warning".split()),
    "have": frozenset("idea doubt concern view opinion feeling misgiving reservation confidence".split()),
}


def _known_as(tok: "Token") -> bool:
    """`the week, known as Golden Week`: a name some hold, which PolNeAR marks."""
    return lemma(tok) == "know" and tok.dep_ == "acl" and tok.tag_ == "VBN" and any(
        c.dep_ == "prep" and c.lower_ == "as" and c.i == tok.i + 1 for c in tok.children)


def _light(tok: "Token") -> int | None:
    """Where the cue of a verb with its noun ends ("took issue with", "made it clear"), or None when
    `tok` is no such verb."""
    nouns = _LIGHT.get(lemma(tok))
    if nouns is None or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children):
        return None
    if lemma(tok) == "put":  # 'as Rosenthal put it', 'as one aide put it:'
        it = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        as_ = any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
        return it.idx + 2 if it is not None and it.lower_ == "it" and it.head.i == tok.i and as_ else None
    clear = next((c for c in tok.children if c.lower_ == "clear" and c.i > tok.i), None)
    if clear is not None and "clear" in nouns:
        end = clear
    else:
        end = next((c for c in tok.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns), None)
        if end is None:
            return None
    after = tok.doc[end.i + 1] if end.i + 1 < len(tok.doc) else None
    if after is not None and after.dep_ == "prep" and after.lower_ in _CUE_PREPS | {"from"} \
            and after.head.i in (end.i, tok.i):
        end = after
    return end.idx + len(end.text)


# Verbs that report a view only through their topic: "spoke about the wall", not "spoke to reporters".
_TOPIC_VERBS = {"speak": {"about", "of", "out", "on"}, "talk": {"about", "of"}, "focus": {"on"}}


def _adjective_stance(tok: "Token", index: dict[int, int]) -> Attribution | None:
    """`Republicans were not concerned about the shift`, `he is confident that…`: the copula's
    subject holds the state of mind; what follows the adjective is its object."""
    if tok.dep_ != "acomp" or lemma(tok) not in STANCE_ADJECTIVES:
        return None
    content = tuple(_extent(c) for c in tok.children if c.i > tok.i and (
        c.dep_ in ("ccomp", "xcomp") or (c.dep_ == "prep" and c.lower_ in ("about", "of", "with", "on", "for"))))
    if not content:
        return None
    subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in _NO_SOURCE:
        return None
    return Attribution((tok.idx, tok.idx + len(tok.text)), lemma(tok), _source_span(subject), _kind(subject),
                       content, index[tok.i], cue_phrase=_adjective_phrase(tok),
                       source_phrase=_source_phrase(subject))


def _adjective_phrase(tok: "Token") -> tuple[int, int]:
    """"are afraid", "weren't too concerned about", "has been critical of": the copula with its
    auxiliaries, the adjective and the preposition it takes."""
    end = tok
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if after is not None and after.head.i == tok.i and after.dep_ == "prep" and after.lower_ in _CUE_PREPS:
        end = after
    return _cue_phrase(tok.head)[0], end.idx + len(end.text)


_NOUN_PREPS = frozenset("of for on to about against with over".split())


def _noun_stance(tok: "Token", index: dict[int, int]) -> Attribution | None:
    """`her plan to raise taxes`, `Trump's attacks on Clinton`, `his call for a ban`: a possessor
    and a complement, or no attribution."""
    if lemma(tok) not in STANCE_NOUNS:
        return None
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.i < tok.i), None)
    if owner is None:
        return _held_by_nobody(tok, index)
    if owner.lower_ in _NO_SOURCE or owner.lower_ in ("my", "your", "its"):
        return None
    doc = tok.doc
    prep = next((c for c in tok.children if c.i == tok.i + 1 and c.dep_ == "prep" and c.lower_ in _NOUN_PREPS), None)
    comp = next((c for c in tok.children if c.i > tok.i and c.dep_ in ("acl", "ccomp", "relcl")
                 and any(m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children)), None)
    if prep is not None:
        content = (_extent(prep)[0] + len(prep.text) + 1, _extent(prep)[1])
        end = prep
    elif comp is not None:
        content, end = _extent(comp), tok
    else:
        return None
    if content[1] <= content[0]:
        return None
    start = doc[tok.left_edge.i] if tok.left_edge.i > owner.i else doc[owner.right_edge.i + 1]
    while start.i < tok.i and (start.dep_ == "case" or start.is_punct):
        start = doc[start.i + 1]
    return Attribution((tok.idx, tok.idx + len(tok.text)), lemma(tok), _source_span(owner), _kind(owner),
                       (content,), index[tok.i], cue_phrase=(start.idx, end.idx + len(end.text)),
                       source_phrase=_source_phrase(owner))


# Nouns that PolNeAR marks with their preposition though nobody is named: "criticism of the deal",
# "questions about her health", "calls for a recount" (about one in two on train).
_BARE = {"criticism": {"of", "from"}, "call": {"for"}, "endorsement": {"of", "from"}, "question": {"about", "over"},
         "concern": {"about", "over"}}


def _held_by_nobody(tok: "Token", index: dict[int, int]) -> Attribution | None:
    preps = _BARE.get(lemma(tok))
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    if preps is None or after is None or after.lower_ not in preps or after.head.i != tok.i:
        return None
    verb = tok.head if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else None
    if verb is not None and (lemma(verb) in STANCE_VERBS or lemma(verb) in CUES or _light(verb) is not None):
        return None  # "expressed concern about", "raised questions about": the verb's, with its subject
    content = (after.idx + len(after.text) + 1, _extent(after)[1])
    if content[1] <= content[0]:
        return None
    # with its adjectives and the verb that takes it: "has drawn harsh criticism from"
    start = _cue_phrase(verb)[0] if verb is not None else tok.left_edge.idx
    return Attribution((tok.idx, tok.idx + len(tok.text)), lemma(tok), None, "none", (content,), index[tok.i],
                       cue_phrase=(start, after.idx + len(after.text)))


# Passives that say what was done, not what anyone holds: "the report was released", "was seen".
_PLAIN_PASSIVES = frozenset("release focus see aim decide ignore vote plan refer push seek lay offer publish".split())


def _modifies(tok: "Token") -> bool:
    """A participle that describes its noun by what the noun does: "the super PAC supporting Bush"."""
    return tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN")


# Adverbs that join the sentence to the one before or say when, and stay out of a cue's words.
_NOT_CUE_ADVERBS = frozenset(
    "when where why how however meanwhile so instead thus therefore though yet earlier ago".split()
)
# A preposition right after a verb of attitude belongs to the cue ("called for", "talked about",
# "referred to", "known as"): what follows it is the content. Verbs of saying keep theirs out
# ("said of", "described as", "wrote on"), but for a few ("said about", "said with a grin").
_CUE_PREPS = frozenset("to on for about as with of at over upon against".split())
_SAYING = frozenset("say write report tell announce declare tweet describe criticize add note state explain".split())
_SAYING_PREPS = frozenset("about with".split())
# Where the words were given: "said in a statement" (not "in an interview", which PolNeAR leaves out).
_MEDIA = frozenset("statement release".split())
# ... and "wrote on Twitter", "posted on Facebook" (but "said" on Twitter, mostly).
_SITES = frozenset("twitter facebook instagram".split())
# Verbs whose infinitive carries the cue, and which PolNeAR marks with it: "continued to attack",
# "went on to say", "appeared to suggest".
_LEAD_INS = frozenset("try continue have need tend struggle attempt begin start fail keep go seem appear".split())
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday".split())
_WHEN = _DAYS | frozenset("morning afternoon evening night week month year day time".split())
# Verbs that a "by" and the cue follow: "responded by saying", "began by talking about".
_OPENERS = frozenset("begin start open respond reply react answer conclude end close".split())
# Adverbs after the verb that PolNeAR keeps with it: "fired back", "said recently".
_AFTER = frozenset("back recently later again repeatedly publicly privately".split())


def _leads_in(tok: "Token", left: int) -> bool:
    """Does the verb `tok` hangs on stand right before its infinitive (which starts at `left`):
    "tried [to say]", "went on [to say]" (but not "went [to say]", a journey)?"""
    head, before = tok.head, tok.doc[left - 1]
    if lemma(head) == "go":  # the parser takes "went on to say" for a purpose clause
        return before.dep_ == "prt" and before.lower_ == "on" and before.head.i == head.i and left - 2 == head.i
    return tok.dep_ == "xcomp" and left - 1 == head.i


def _cue_phrase(tok: "Token") -> tuple[int, int]:
    """The cue's words as PolNeAR marks them: the verb with the auxiliaries, negation and adverbs
    right before it, and after it a particle, a reporting preposition, the day and the medium."""
    doc = tok.doc
    left = tok.i
    while left > 0:
        t = doc[left - 1]
        if t.head.i != tok.i or t.dep_ not in ("aux", "auxpass", "neg", "advmod") or t.lower_ in _NOT_CUE_ADVERBS:
            break
        left -= 1
    if tok.dep_ in ("xcomp", "advcl") and lemma(tok.head) in _LEAD_INS and _leads_in(tok, left):
        # "continued to attack", "tried to portray", "went on to say": PolNeAR marks the verb that leads in
        head = tok.head
        left = head.i
        while left > 0 and doc[left - 1].head.i == head.i and doc[left - 1].lower_ not in _NOT_CUE_ADVERBS \
                and doc[left - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
            left -= 1
    by = tok.head
    if tok.dep_ == "pcomp" and by.lower_ == "by" and by.i == left - 1 and by.head.i == by.i - 1 \
            and lemma(by.head) in _OPENERS:
        # "responded by saying", "began by saying": PolNeAR marks the verb the saying answers
        left = by.head.i
        while left > 0 and doc[left - 1].head.i == by.head.i and doc[left - 1].dep_ in ("aux", "neg", "advmod") \
                and doc[left - 1].lower_ not in _NOT_CUE_ADVERBS:
            left -= 1
    right = tok.i
    verb = lemma(tok)
    while right + 1 < len(doc):
        t = doc[right + 1]
        if t.head.i != tok.i:
            break
        if t.dep_ == "prt" or (t.dep_ == "advmod" and t.lower_ in _AFTER):
            right = t.i
        elif t.dep_ == "prep" and (t.lower_ in _SAYING_PREPS if verb in _SAYING else t.lower_ in _CUE_PREPS):
            right = t.i
            break
        elif t.dep_ == "npadvmod" and t.lower_ in _DAYS:
            right = t.right_edge.i
        elif t.dep_ == "prep" and any(
            c.dep_ == "pobj" and (c.lemma_.lower() in _MEDIA if t.lower_ == "in" else
                                  t.lower_ == "on" and c.lower_ in _SITES and verb != "say")
            for c in t.children
        ):
            right = t.right_edge.i
        else:
            break
    if right + 1 < len(doc) and doc[right + 1].text == ":":
        right += 1
    return doc[left].idx, doc[right].idx + len(doc[right].text)


def _says(clause: "Token") -> bool:
    return any(t.pos_ == "VERB" and (lemma(t) in CUES or lemma(t) in STANCE_VERBS) for t in clause.subtree)


def _source_phrase(tok: "Token") -> tuple[int, int]:
    """The source's words as PolNeAR marks them: the whole noun phrase, with an apposition or a
    list ("Mr. Grassley and Mr. Leahy"), without a relative clause; a pronoun alone."""
    if tok.pos_ == "PRON" or tok.lower_ in _RELATIVE:
        return tok.idx, tok.idx + len(tok.text)
    # a relative clause belongs to the source unless it holds words of its own ("Lavrov, who said…")
    cut = {i for c in tok.children if c.dep_ in ("relcl", "acl") and _says(c)
           for i in range(c.left_edge.i, c.right_edge.i + 1)}
    words = [t for t in tok.subtree if t.i not in cut]
    while len(words) > 1 and (words[-1].is_punct or words[-1].is_space or words[-1].i - 1 in cut):
        if words[-1].text == ")" and any(w.text == "(" for w in words):
            break  # "Sen. Lindsey Graham (R-S.C.)"
        words.pop()
    while len(words) > 1 and (words[0].is_punct or words[0].is_space):
        words.pop(0)
    return words[0].idx, words[-1].idx + len(words[-1].text)


def _adjective_cue(tok: "Token", index: dict[int, int]) -> Attribution | None:
    """`Many Democrats are afraid that…`: the clause is the content, the copula's subject the source."""
    clause = next((c for c in tok.children if c.dep_ in ("ccomp", "xcomp")), None)
    if clause is None or tok.dep_ != "acomp":
        return None
    subject = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    return Attribution((tok.idx, tok.idx + len(tok.text)), tok.lemma_.lower(), _source_span(subject),
                       _kind(subject), (_extent(clause),), index[tok.i], cue_phrase=_adjective_phrase(tok),
                       source_phrase=_source_phrase(subject))


def _noun_cue(tok: "Token", index: dict[int, int]) -> Attribution | None:
    """`a New York Times report that…`, `the ministry's statement that…`: the noun's clause is the
    content; its possessor, name or "by"/"from" phrase the source. Without a source it is no
    attribution."""
    clause = next((c for c in tok.children if c.dep_ in ("acl", "ccomp", "relcl")
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if clause is None:
        return None
    source = next((c for c in tok.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")), None)
    if source is None:
        by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        source = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    if source is None:
        return None
    if source.dep_ == "compound":
        left = source.left_edge
        span = (left.idx, source.idx + len(source.text))
        while source.head.dep_ == "compound" and source.head.i < tok.i:
            source = source.head
        span = (left.idx, source.idx + len(source.text))
        kind = "organisation" if any(t.lower_ in ORG_WORDS for t in tok.doc[left.i : source.i + 1]) else "person"
    else:
        span, kind = _source_span(source), _kind(source)
    return Attribution((tok.idx, tok.idx + len(tok.text)), tok.lemma_.lower(), span, kind, (_extent(clause),),
                       index[tok.i])


def _content(tok: "Token", found: list[Quote]) -> tuple[tuple[int, int], ...]:
    """What the cue reports: its clause complement, the clause it is inserted in, or a quote."""
    for child in tok.children:
        if child.dep_ in ("ccomp", "xcomp", "oprd") or (child.dep_ == "dobj" and child.pos_ == "VERB"):
            return (_extent(child),)
        if child.dep_ == "prep" and child.lower_ in ("for", "on") and tok.lemma_ == "call":
            return (_extent(child),)  # "called for a vote", "called on Congress to act"
        if child.dep_ == "advcl" and tok.lemma_ == "call" and any(m.lower_ == "for" for m in child.children):
            return (_extent(child),)  # "calling for the United States to act", parsed as a clause
        if child.dep_ == "prep" and child.lower_ == "to" and tok.lemma_ == "point":
            return (_extent(child),)  # "pointed to the protesters"
    if tok.lemma_ == "call":
        return _called(tok)  # "called the use of executive orders 'quite dangerous'"; "called the office" reports nothing
    if tok.lemma_ in _AS_VERBS:
        return (_extent(_as_phrase(tok)),)  # "was seen by some as a demotion"
    verb = lemma(tok)
    dobj = next((c for c in tok.children if c.dep_ in ("dobj", "intj")), None)
    if dobj is not None and (
        (verb in SPEECH_VERBS or verb in MORE_SPEECH_VERBS or verb in DIRECTIVE_VERBS or verb in ("show", "describe"))
        and verb not in _NO_OBJECT
        or verb == "tell" and dobj.lemma_.lower() in _TOLD
        or verb == "find" and _finder(tok)
    ):
        return (_extent(dobj),)  # "alleges a long list of violations", "polls show Clinton ahead", "said no"
    so = next((c for c in tok.children if c.dep_ == "advmod" and c.lower_ == "so" and c.i == tok.i + 1), None)
    if so is not None and verb in ("say", "think", "believe"):
        return (_extent(so),)  # "would not say so"
    if tok.i + 2 == len(tok.doc) and tok.doc[-1].text == ":":
        return ((len(tok.doc.text) - 1, len(tok.doc.text)),)  # 'Reporter Jomana Karadsheh says:' and a quote below
    if any(c.dep_ == "agent" for c in tok.children):
        subject = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
        if subject is not None:
            return (_extent(subject),)  # "he was criticized by libertarians"
        if tok.dep_ == "acl" and tok.tag_ == "VBN":
            return (_head_words(tok.head),)  # "a practice criticized by Miller"
    sent = tok.sent
    own = _extent(tok)
    if tok.dep_ in ("parataxis", "advcl") and tok.head.i != tok.i:
        # "The hostilities erupted, he said, after…": the rest of the sentence is what was said
        spans = ((sent.start_char, own[0]), (own[1], sent.end_char))
        return tuple((s, e) for s, e in spans if e - s > 1)
    comma = _trailing(tok)
    if comma is not None:
        return ((sent.start_char, comma),)  # "…last month, fundraising documents show."
    near = [(q.start, q.end) for q in found if q.start < sent.end_char + 2 and q.end > sent.start_char - 2]
    return tuple(near)


def _called(tok: "Token") -> tuple[tuple[int, int], ...]:
    """`called the idea "a ridiculous proposition"`, `called her son her hero`: what something was
    called, which the parser often hangs on the object. Nothing for "called the office"."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "oprd", "attr") and c.i > tok.i]
    if not objects:
        return ()
    first, end = objects[0], max(o.right_edge.i for o in objects)
    named = len(objects) > 1 or any(
        c.dep_ in ("appos", "attr", "oprd", "npadvmod", "dobj") and c.i > first.i for c in first.children
    ) or any(t.text in "\"“”" for t in tok.doc[first.i : end + 2])
    return ((first.idx, tok.doc[end].idx + len(tok.doc[end].text)),) if named else ()


# What one tells that is the words, not the listener: "told a joke", "told the story of…".
_TOLD = frozenset("story joke tale lie truth anecdote".split())
# Who finds by looking at evidence: "a Journal article found no record", "a jury found him guilty".
_FINDERS = frozenset(
    "poll survey study jury court judge investigation investigator analysis article review audit probe "
    "inquiry researcher research panel committee report".split()
)


def _finder(tok: "Token") -> bool:
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.lemma_.lower() in _FINDERS or subject.lemma_.lower() in DOCUMENT_WORDS)


def _trailing(tok: "Token") -> int | None:
    """Where the reported words end when the cue and its subject close the sentence after a comma
    ('…, records show.', '…, the ministry said Friday.'), whatever the parser made of it."""
    sent = tok.sent
    mine = {t.i for t in tok.subtree}
    if any(t.i not in mine and not t.is_punct for t in sent if t.i > tok.i):
        return None
    left = min(t.i for t in tok.subtree if t.i <= tok.i and not t.is_punct)
    if tok.dep_ == "ROOT":
        # 'People like Scott, he said.': the parser made the cue the root; the words before its
        # subject are what was said
        subject = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
        if subject is None or any(t.i > subject.right_edge.i and not t.is_punct for t in tok.subtree if t.i < tok.i):
            return None
        left = subject.left_edge.i
    if left - 1 <= sent.start or tok.doc[left - 1].text != ",":
        return None
    return tok.doc[left - 1].idx


def _head_words(tok: "Token") -> tuple[int, int]:
    """A noun with the words before it: "a practice" of "a practice criticized by Miller"."""
    return tok.left_edge.idx, tok.idx + len(tok.text)


def _extent(tok: "Token") -> tuple[int, int]:
    left, right = tok.left_edge, tok.right_edge
    return left.idx, right.idx + len(right.text)


def _subject(tok: "Token") -> tuple["Token | None", bool, "Token | None"]:
    """The cue's subject, whether the cue is passive, and the words that stand for the subject
    in the clause (a relative pronoun, or the subject itself); follows conjuncts, participles and
    relative clauses back to the clause that names the source."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl")  # "fighters believed to be linked to Iran"
    )
    for child in tok.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj, True, pobj
        if child.dep_ in ("nsubj", "csubj") and not passive:
            if child.lower_ in _RELATIVE and tok.dep_ == "relcl":
                return tok.head, False, child
            return child, False, child
    if passive:
        # "described as a measure by Washington": the parser often hangs the agent lower down
        for t in tok.subtree:
            if t.lower_ == "by" and t.dep_ in ("agent", "prep") and _no_verb_between(t, tok):
                pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
                if pobj is not None and pobj.pos_ in ("PROPN", "NOUN", "PRON"):
                    return pobj, True, pobj
        return None, True, None
    if _modifies(tok):
        return tok.head, False, tok.head  # "the super PAC supporting Bush", "critics calling for…"
    head = None
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head.pos_ in ("VERB", "AUX"):
        head = tok.head.head  # "responded by saying", "after saying"
    elif tok.dep_ in ("conj", "xcomp") or (tok.dep_ in ("advcl", "acl") and tok.tag_ == "VBG") or (
        tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    ):
        # "…, adding that", "went to Iowa to talk about jobs": the subject of the verb they hang on
        head = tok.head if tok.head.i != tok.i else None
    if head is None:
        return None, False, None
    # the subject the verbs share; of a passive head, the one it is done to ("she was rushed to
    # hospital after saying…")
    held = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    return (held, False, held) if held is not None else _subject(head)


QUANTIFIERS = frozenset("some many most".split())


def quantified(head: "Token") -> bool:
    """A group counted by "some", "many" or "most" and nothing more exact ("some 300 fighters")."""
    return any(c.dep_ in ("det", "amod") and c.lower_ in QUANTIFIERS for c in head.children) and not any(
        t.like_num for t in head.subtree
    )


def _no_verb_between(t: "Token", top: "Token") -> bool:
    t = t.head
    while t.i != top.i:
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return False
        t = t.head
    return True


def _kind(head: "Token") -> str:
    lower, lemma = head.lower_, head.lemma_.lower()
    if head.pos_ == "PRON" and lower in PRONOUNS:
        return "pronoun"
    names = [t for t in head.subtree if t.pos_ == "PROPN"]
    identified = any(c.dep_ == "appos" for c in head.children) or any(
        t.head.i != head.i or t.dep_ not in ("compound", "amod", "nmod") for t in names if t is not head
    )
    if lemma in ANONYMOUS and head.pos_ == "NOUN" and not identified:
        return "anonymous"
    if (lemma in VAGUE or lower in VAGUE) and head.pos_ in ("NOUN", "PRON", "ADJ", "DET") and not names:
        return "vague"
    if quantified(head) and not identified and lemma not in ANONYMOUS:
        return "vague"  # "some Democrats are concerned", "many backers say"
    if head.ent_type_ in ("ORG", "GPE", "NORP") or lemma in ORG_WORDS or lower in ORG_WORDS:
        return "organisation"
    if head.pos_ == "PROPN":
        return "person" if not any(t.lower_ in ORG_WORDS for t in head.subtree) else "organisation"
    if head.pos_ == "NOUN" and any(c.dep_ in ("det", "poss") for c in head.children):
        return "organisation" if lemma in ORG_WORDS else "person"  # "the spokesman", "his lawyer"
    if head.pos_ == "NOUN":
        return "group"  # "environmentalists worry", "regulators said": a class the reader can place
    return "person"


def _source_span(head: "Token") -> tuple[int, int]:
    """The source's words: the head with its modifiers and an "of Texas", without relative
    clauses or appositions."""
    left = head.left_edge
    right = head
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _KEEP_AFTER:
            right = child.right_edge
        elif child.dep_ in ("compound", "flat"):
            right = child.right_edge
    return left.idx, right.idx + len(right.text)


def _according(tok: "Token", index: dict[int, int]) -> Attribution | None:
    if tok.lower_ != "according" or tok.i + 1 >= len(tok.doc) or tok.nbor().lower_ != "to":
        return None
    to = tok.nbor()
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    sent = tok.sent
    phrase = _extent(tok)
    if pobj is None:
        return None
    phrase = (phrase[0], max(phrase[1], _extent(pobj)[1]))
    spans = tuple((s, e) for s, e in ((sent.start_char, phrase[0]), (phrase[1], sent.end_char)) if e - s > 1)
    return Attribution((tok.idx, to.idx + 2), "according to", _source_span(pobj), _kind(pobj), spans, index[tok.i],
                       source_phrase=_source_phrase(pobj))


_POLLS = frozenset("poll survey".split())


def _in_poll(tok: "Token", index: dict[int, int]) -> Attribution | None:
    """`In a Washington Post-ABC News poll released Sunday, Clinton led…`: "In" is the cue, the poll
    the source, the rest of the sentence what it finds. PolNeAR leaves out a "lead in the polls"."""
    if tok.lower_ != "in" or tok.dep_ != "prep" or tok.i != tok.sent.start:
        return None
    pobj = next((c for c in tok.children if c.dep_ == "pobj" and c.lower_ in _POLLS), None)
    if pobj is None:
        return None
    sent, phrase = tok.sent, _extent(tok)
    spans = tuple((s, e) for s, e in ((sent.start_char, phrase[0]), (phrase[1], sent.end_char)) if e - s > 1)
    if not spans:
        return None
    return Attribution((tok.idx, tok.idx + 2), "according to", _source_span(pobj), _kind(pobj), spans,
                       index[tok.i], source_phrase=_source_phrase(pobj))


def _colon(tok: "Token", text: str, index: dict[int, int]) -> Attribution | None:
    """`The newspaper wrote of her flaws: "…"` — a colon that opens a quote, after a clause with
    a subject and no cue verb of its own."""
    if tok.text != ":":
        return None
    after = text[tok.idx + 1 :].lstrip()
    if not after or after[0] not in "\"“":
        return None
    sent = tok.sent
    before = [t for t in sent if t.i < tok.i]
    if any(t.pos_ == "VERB" and t.lemma_.lower() in CUES for t in before):
        return None  # the cue verb itself takes the quote
    subject = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    start = tok.idx + 1 + len(text[tok.idx + 1 :]) - len(after)
    content = ((start, sent.end_char),)
    return Attribution((tok.idx, tok.idx + 1), ":", _source_span(subject), _kind(subject), content, index[tok.i],
                       source_phrase=_source_phrase(subject))


_HEADLINE = re.compile(rf"^(?:(?:{TITLE_PATTERN}) )?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}}:(?= \S)")
# A transcript's speaker label: "PENCE: Well, look, …"
#: Words a page puts before a colon that name no speaker: "BREAKING:", "UPDATE:", "Watch:".
_RUBRICS = frozenset(
    "update|updated|updates|previously|breaking|bombshell|busted|watch|video|videos|photos|photo|exclusive|"
    "correction|clarification|note|editor's note|editor’s note|related|read more|live|developing|just in|"
    "flashback|analysis|opinion|editorial|commentary|source|sources|transcript|email|e-mail|paid notice|"
    "deaths|q|a".split("|")
)
_LABEL = re.compile(r"^[\"“]?(?P<who>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):(?= \S)")


def _headline(doc: "Doc", text: str) -> Attribution | None:
    """`McCaul: Syria strikes need a vote` — a one-line paragraph whose lead names the speaker."""
    label = _LABEL.match(text)
    if label and label.group("who").lower() not in _RUBRICS:
        colon = label.end() - 1
        end = text.find("\n", colon)
        return Attribution((colon, colon + 1), ":", label.span("who"), "person",
                           ((colon + 2, len(text) if end < 0 else end),), 0)
    if "\n" in text or len(text) > 200:
        return None
    m = _HEADLINE.match(text)
    if not m or text[: m.end() - 1].lower() in _RUBRICS or text[m.end():].strip()[:1].isdigit():
        return None  # "Clinton: 547." is a tally
    colon = m.end() - 1
    span = doc.char_span(0, colon, alignment_mode="expand")
    if span is None or not any(t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper() for t in span):
        return None
    kind = "organisation" if any(t.lower_ in ORG_WORDS for t in span) else "person"
    return Attribution((colon, colon + 1), ":", (0, colon), kind, ((colon + 2, len(text)),), 0)


# Verbs by lemma that a headline puts in the present: "Endorses", "Blasts", "Urges", "Claims".
_TITLE_VERBS = STANCE_VERBS | COGNITION_VERBS | set(MORE_SPEECH_VERBS) | {
    lemma_ for lemma_ in ("say tell add ask write note explain state claim argue insist warn declare announce report "
                          "reply respond acknowledge admit concede reveal suggest predict tweet recall deny comment "
                          "stress emphasize urge demand pledge vow promise cite").split()
}


def _titled(doc: "Doc", text: str, index: dict[int, int]) -> list[Attribution]:
    """`Conservative Icon Morton Blackwell Endorses Ted Cruz`: in a headline set in title case the
    parser takes the verb for part of a name. The first capitalised present tense of a cue or
    stance verb after a name is the cue, the words before it the source."""
    words = re.findall(r"[^\W\d_][\w’'-]*", text)
    if "\n" in text or len(text) > 200 or len(words) < 4 or sum(w[0].isupper() for w in words) < 0.8 * len(words):
        return []
    for tok in doc[1:]:
        low = tok.lower_
        if tok.pos_ == "VERB" or not tok.text[:1].isupper() or not low.endswith("s"):
            continue
        if low[:-1] not in _TITLE_VERBS and not (low.endswith("es") and low[:-2] in _TITLE_VERBS):
            continue
        before = doc[tok.i - 1]
        if not before.text[:1].isupper() or before.lower_ in ("the", "a", "an") or before.is_punct:
            return []
        source = (0, before.idx + len(before.text))
        kind = "organisation" if any(t.lower_ in ORG_WORDS for t in doc[: tok.i]) else "person"
        end = tok.idx + len(tok.text)
        return [Attribution((tok.idx, end), low[:-1], source, kind, ((end, len(text)),), index[tok.i])]
    return []


# A speaker signed after the quote with a dash: '”― Sonya Herridge', '" — Carla Sanchez'.
_DASHED = re.compile(r"[”\"]\s*(?P<dash>[―—–]|--)\s*(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})")


def _dashed(text: str, found: list[Quote], index: dict[int, int], doc: "Doc") -> list[Attribution]:
    out = []
    for m in _DASHED.finditer(text):
        quote = next((q for q in found if q.end == m.start() + 1), None)
        if quote is None:
            # a quote whose marks the page got wrong ('”Mr. Trump embodies…” ― Sonya Herridge'):
            # the words since the last line break
            if text[m.start()] == '"':
                continue  # a straight mark may open the next quote instead
            content = (text.rfind("\n", 0, m.start()) + 1, m.start() + 1)
        else:
            content = (quote.start, quote.end)
        tok = doc.char_span(*m.span("dash"), alignment_mode="expand")
        n = index[tok[0].i] if tok is not None else 0
        start, end = m.span("who")
        if text[end - 1] == "." and end - start > 3 and text[end - 3] != " " and text[end - 3] != ".":
            end -= 1  # "― Carla Sanchez." ends a sentence, not an initial
        out.append(Attribution(m.span("dash"), "—", (start, end), "person", (content,), n))
    return out


def _speaker(reading: Reading, q: Quote) -> Attribution | None:
    """The attribution of a quote: in a sentence the quote touches (not inside the quote), else in
    the sentence right after it (`"…." the daily wrote.`) or right before it (`He said: "…"`)."""
    first, last = reading.sentence_at(q.start), reading.sentence_at(max(q.start, q.end - 1))
    outside = [a for a in reading.attributions if not (q.start <= a.cue[0] < q.end)]
    for span in ((first, last), (last + 1, last + 1), (first - 1, first - 1)):
        near = [a for a in outside if span[0] <= a.sentence <= span[1]]
        if span[0] == first - 1:
            near = [a for a in near if a.verb == ":" or any(s <= q.start < e for s, e in a.content)
                    or reading.text[a.cue[1]:q.start].strip() in ("", ":", ",")]
        if near:
            return min(near, key=lambda a: min(abs(a.cue[0] - q.start), abs(a.cue[0] - q.end)))
    return None


#: People named in running text, found without spaCy: a title or a role before a capitalised name
#: ("Sen. Ted Cruz", "Foreign Minister Sergey Lavrov", "spokesman John Kirby"), or a capitalised
#: name as the speaker of a cue ("Lavrov said", "said Cruz").
_ROLES = (
    r"President|Minister|Secretary|Senator|Governor|Mayor|Ambassador|Chairman|Chairwoman|Director|"
    r"Commander|Chief|Judge|Justice|Speaker|Representative|Congressman|Congresswoman|Senator|Leader|"
    r"[Ss]pokes(?:man|woman|person)|[Ll]eader|[Cc]andidate|[Nn]ominee|[Aa]nalyst|[Pp]rofessor|[Ll]awyer|"
    r"[Aa]ttorney|[Rr]eporter|[Cc]orrespondent|[Aa]dviser|[Aa]ide|[Cc]olumnist|[Ee]ditor|[Aa]uthor|[Ww]riter"
)
_NAME = r"[A-Z][a-zà-ÿ’'-]+(?: (?:[A-Z]\.|[A-Z][a-zà-ÿ’'-]+))*"
_SAY = r"(?:said|says|told|tells|added|adds|wrote|writes|explained|noted|asked)"
PEOPLE = re.compile(
    rf"(?:\b(?:{TITLE_PATTERN}) |\b(?:{_ROLES}),? )(?P<a>{_NAME})"
    rf"|(?<!\bThe )(?<!\bthe )\b(?P<b>{_NAME}) {_SAY}\b"
    rf"|\b{_SAY} (?P<c>{_NAME})"
    rf"|(?P<d>{_NAME}), (?:a|an|the) [\w -]*(?:{_ROLES})\b"
    # a first and last name doing something: "Hillary Clinton leads", "Donald Trump has closed"
    rf"|(?<!\bThe )(?<!\bthe )\b(?P<e>[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?) "
    rf"(?:has|had|is|was|will|would|[a-z]+ed|[a-z]+s)\b",
    re.M,
)


NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
    "July August September October November December It He She They We I This That There Officials "
    "State States Forces Force Party Court City County River Valley Street Province Islamic United National "
    "Democratic Republican Republicans Democrats Air Army Navy Union North South East West New".split()
)


def named_people(text: str) -> list[tuple[int, int]]:
    """Spans of people named in `text`, by the cheap pass above."""
    out = []
    for m in PEOPLE.finditer(text):
        group = next(g for g in "abcde" if m.group(g))
        words = m.group(group).split()
        if not any(w.lower() in ORG_WORDS or w in NOT_NAMES or w + "." in TITLES for w in words):
            out.append(m.span(group))
    return out
