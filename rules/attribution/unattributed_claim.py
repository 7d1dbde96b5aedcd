from __future__ import annotations

import re

from copydesk.rules.api import Case, Rule, Severity
from copydesk.rules.analysis.attribution import CUE_WORDS, CUES, VAGUE, quantified, read

# Words that can open speculation, prediction or evaluation, or a weasel subject. Only paragraphs
# holding one are parsed for this rule.
_HINTS = re.compile(
    r"\b(?:(?:un)?likely|probably|possibly|perhaps|apparently|presumably|seemingly|supposedly|arguably|reportedly|allegedly|reports|"
    r"may|might|could|appear(?:s|ed)?|seem(?:s|ed)?|believed|thought|considered|expected|feared|"
    r"(?:is|are|was|were|be|been) (?:widely )?(?:said|reported|described|regarded|seen|viewed)|"
    r"suspected|rumou?red|critics|skeptics|sceptics|analysts|experts|observers|"
    r"commentators|pundits|insiders|supporters|opponents|detractors|backers|proponents|"
    r"would (?:be|mark|represent|deal|prove))\b"
    # "some say", "many Sanders supporters complained": a quantifier only matters before a cue
    r"|\b(?:many|some|others|most)\b[^.!?]{0,40}?" + CUE_WORDS.pattern,
    re.I,
)
#: Hedging adverbs and the quality they assert, for the message.
_HEDGES = {
    "likely": "likely", "unlikely": "unlikely", "probably": "probable", "possibly": "possible",
    "perhaps": "possible", "apparently": "apparent", "presumably": "presumed", "seemingly": "apparent",
    "supposedly": "supposed", "arguably": "arguable",
}
_EPISTEMIC = frozenset("may might could".split())
_SEEM = frozenset("seem appear".split())
# A date or a time in the sentence marks a scheduled event: "is expected to vote on Tuesday".
_SCHEDULED = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|tonight|tomorrow|next|later|"
    r"January|February|March|April|June|July|August|September|October|November|December|"
    r"\d{1,2}(?::\d\d)? ?[ap]\.?m\.?)\b"
)


class UnattributedClaim(Rule):
    """
    ## What it flags
    Speculation, prediction or evaluation in the reporter's own voice with no source in the sentence
    or, for a continuing thought, the sentence next to it: hedges ("likely", "probably", "may have"),
    impressions ("appeared to"), "reportedly", "allegedly", "reports suggest", agentless passives
    ("is widely believed", "was considered"), the story's own verdict on an outcome ("would be a
    major prize for Assad") and vague sources ("critics say", "many experts believe", "analysts
    suspect", "was seen by some as").

    ## Why it matters
    A reader cannot tell whose judgement it is, so the copy vouches for it. AP: attribute any
    disputable fact not witnessed or confirmed, in the same sentence; Reuters: source every
    statement unless it is an established fact; Wikipedia MOS:WEASEL.

    ## Example
    Regime forces were likely attempting to take an oilfield near Khusham.

    ## Use instead
    Regime forces were likely attempting to take an oilfield near Khusham, a coalition
    spokesman said.

    Left alone: the same words inside what a named or identified source said or inside a direct
    quote, modals of ability ("could not be reached for comment", "smoke could be seen"),
    established facts, scheduled events ("is expected to vote on Tuesday"), what a recording or a
    document shows ("in the video the man appears to…") and stories labelled as analysis or opinion.
    """

    name = "unattributed-claim"
    # Info until its measured precision reaches 0.80 (`copydesk rules` shows the figure).
    severity = Severity.INFO
    needs = frozenset({"parser"})
    invalid = [
        Case("Regime forces were ⟦likely⟧ attempting to take an oilfield near Khusham."),
        Case("Clinton had been widely ⟦considered⟧ to have put in a stronger performance."),
        Case("The governor says the budget is balanced, but his ⟦critics⟧ aren't buying it."),
        Case("⟦Analysts⟧ suspect another missile test looms before the summit."),
        # the reporter weighing an outcome
        Case("Capturing the whole city ⟦would⟧ be a major prize for Assad in the five-year-old conflict."),
        # a view after a sourced sentence is still nobody's
        Case("Seven children were among 71 civilians killed, the Observatory said. Up to 300,000 people are "
             "still ⟦believed⟧ to be trapped in the besieged parts of eastern Aleppo."),
        Case("It is widely ⟦believed⟧ that the minister will resign before the election."),
        Case("The militia ⟦may⟧ have used chemical weapons in the assault on the town."),
        Case("The convoy ⟦appeared⟧ to have been deliberately targeted by the aircraft."),
        Case("The hiring of Stephen Bannon was seen by ⟦some⟧ as a demotion for the campaign chairman."),
        Case("Both Google and Facebook have ⟦reportedly⟧ looked at Twitter and passed."),
        Case("Hundreds were killed in chemical weapons strikes ⟦allegedly⟧ carried out by government troops."),
        Case("⟦Reports⟧ suggest the aircraft doubled back after attacking the convoy."),
    ]
    valid = [
        "Regime forces were likely attempting to take an oilfield near Khusham, a coalition spokesman said.",
        "Regime forces were likely attempting to take an oilfield, according to the Syrian Observatory.",
        "The Pentagon did not name the targets. The strikes were probably meant as a warning, he said.",
        '"The regime is likely to try again," said Sen. Ted Cruz of Texas.',
        "A spokesman for the ministry could not be reached for comment.",
        "The Senate is expected to vote on the measure on Tuesday.",
        "USA forces began airstrikes in Syria in September 2014.",
        "Lavrov said the strikes may have violated the ceasefire agreement.",
        "Some 300 fighters were killed in the strikes, the ministry said.",
        "He said the fall of Aleppo would be a major blow for the rebels.",
        "Ten fighters were killed, the Observatory said. Three others were said to be wounded.",
    ]

    def wants(self, text: str) -> bool:
        return _HINTS.search(text) is not None

    def check(self, doc):
        if any(_LABELLED.match(p.text) for p in doc.paragraphs[:2]):
            return  # analysis or opinion, labelled as such: the evaluation is the writer's, openly
        yield from super().check(doc)

    def context(self, doc, i):
        after = doc.paragraphs[i + 1] if i + 1 < len(doc.paragraphs) else None
        return (after.text, after.components) if after is not None else ()  # a source may come next

    def check_paragraph(self, para, doc):
        reading = read(para)
        at = next(i for i, p in enumerate(doc.paragraphs) if p is para)
        after = doc.paragraphs[at + 1] if at + 1 < len(doc.paragraphs) else None
        self._after = read(after) if after is not None and after.has("parser") else None
        flagged: set[int] = set()
        for sent in para.doc.sents:
            n = reading.sentence_at(sent.start_char)
            # a vague source first: "Many Democrats are afraid that… may…" lacks a source, not a hedge
            for tok, message, weasel in sorted(self._claims(sent, reading), key=lambda c: not c[2]):
                start, end = tok.idx, tok.idx + len(tok.text)
                if n in flagged or self._sourced(reading, n, start, end, weasel):
                    continue
                flagged.add(n)
                yield self.finding(*para.span(tok), message)

    @staticmethod
    def _sourced(reading, n, start, end, weasel) -> bool:
        if reading.quoted(start, end) or reading.reported(start, end):
            return True
        if _BASIS.search(reading.text[slice(*reading.sentences[n])]):
            return True  # "Based on polling in the remaining states, the target remains unlikely."
        if weasel:
            return False  # the weasel subject is the sentence's only source
        # A source in the sentence, or next to it for a continuing thought ("…, he said. It was
        # probably a warning.")
        return bool(reading.sourced_in(n)) or _continues(reading, n)

    def _claims(self, sent, reading):
        """(token, message, weasel subject?) for each speculative, evaluative or weasel-worded spot in a sentence."""
        for tok in sent:
            lower = tok.lower_
            if lower == "reportedly" and tok.pos_ == "ADV":
                yield tok, "No source for this claim: reported by whom? Name the report or the outlet", False
            elif lower == "allegedly" and tok.pos_ == "ADV":
                yield tok, "No source for this allegation: alleged by whom? Name who makes it", False
            elif lower == "reports" and tok.dep_ == "nsubj" and tok.head.lemma_ in ("suggest", "say", "indicate", "claim") and not any(
                c.dep_ in ("det", "poss", "compound", "amod") and (c.pos_ == "PROPN" or c.dep_ in ("det", "poss")) for c in tok.children
            ):
                yield tok, "Vague source 'reports': whose reports? Name the outlet or the report", True
            elif lower in _HEDGES and tok.pos_ in ("ADV", "ADJ"):
                if tok.dep_ == "amod":
                    continue  # "the likely nominee" names a status, not a guess
                yield tok, f"No source for this speculative claim: who says it is {_HEDGES[lower]}?", False
            elif lower in _EPISTEMIC and tok.tag_ == "MD" and self._speculative(tok):
                yield tok, f"No source for this speculation ('{tok.text} {tok.nbor().text}'): who thinks so?", False
            elif lower == "would" and tok.tag_ == "MD" and _verdict(tok):
                yield tok, "No source for this assessment: who judges it so? Attribute it, or show the grounds", False
            elif tok.lemma_ in _SEEM and tok.pos_ in ("VERB", "AUX") and self._impression(tok):
                yield tok, f"No source for this impression: to whom did it {tok.lemma_}?", False
            elif tok.dep_ in ("nsubj", "nsubjpass") and self._vague(tok) and not self._consensus(tok) and not self._named_next(
                reading, reading.sentence_at(sent.start_char)
            ):
                yield tok, (
                    f"Vague source '{tok.text}': which {tok.text.lower()}? Name them, or attribute "
                    "the view to someone the reader can check"
                ), True
        n = reading.sentence_at(sent.start_char)
        for a in reading.attributions:
            if a.kind == "vague" and a.verb != "ask" and a.source and sent.start_char <= a.source[0] < sent.end_char:
                # "was seen by some as a demotion", "according to analysts"
                who = sent.doc.char_span(*a.source, alignment_mode="expand")
                if who is not None and not _PART_OF.match(who.text) and not self._named_next(reading, n):
                    yield who.root, (
                        f"Vague source '{who.text}': who exactly? Name them, or attribute the view "
                        "to someone the reader can check"
                    ), True
            if a.kind == "none" and a.verb in _WEASEL_PASSIVE and sent.start_char <= a.cue[0] < sent.end_char:
                verb = reading.text[a.cue[0] : a.cue[1]]
                if a.verb == "expect" and _SCHEDULED.search(sent.text):
                    continue  # a scheduled event, not a forecast
                tok = sent.doc.char_span(*a.cue)
                if tok is None or any(c.dep_ == "mark" and c.lower_ == "as" for c in tok[0].children):
                    continue  # "as expected" compares with a forecast, it does not make one
                # "…, the Observatory said. Three fighters were said to be killed": the same source goes
                # on; a view ("are believed to be trapped") is nobody's until someone holds it.
                relayed = a.verb in ("say", "report") and "widely" not in sent.text.lower()
                if reading.sourced_in(n) or (relayed and n > 0 and reading.sourced_in(n - 1)):
                    # "…is now considered the next best hope, O'Keefe notes."; "…, the Observatory
                    # said. Three fighters were said to be killed…"
                    continue
                if tok[0].head.lemma_ in _AIMS:
                    continue  # "as he seeks to be seen as the leader": an aim, not a view
                yield tok[0], f"No source: '{verb}' by whom? Say who {a.verb}s it", True

    _after = None  # the reading of the paragraph after the one being checked, when it is parsed

    def _named_next(self, reading, n) -> bool:
        """A vague group made concrete in the next sentence, in this paragraph or the next: "Some
        critics fear… Gary Orfield, a professor, said…"."""
        if n + 1 < len(reading.sentences):
            following = reading.sourced_in(n + 1)
        else:
            following = self._after.sourced_in(0) if self._after is not None else []
        return any(a.kind in ("person", "organisation") for a in following)

    @staticmethod
    def _consensus(subject) -> bool:
        """"below what analysts were looking for", "than analysts expected": the market's forecast,
        which a business story compares with, not a view it hides behind."""
        return any(t.lower_ in ("what", "than") for t in subject.head.lefts) or any(
            t.lower_ in ("than", "what") and t.i == subject.left_edge.i - 1 for t in subject.doc
        )

    @staticmethod
    def _speculative(modal) -> bool:
        """'may have used', 'could be planning' guess; 'could not be reached', 'may vote' do not."""
        verb = modal.head
        if any(c.dep_ == "neg" for c in verb.children):
            return False
        if any(c.dep_ == "cc" and c.lower_ in ("but", "yet") for c in verb.children):
            return False  # concessive: "He may be a big underdog, but Sanders…"
        nxt = modal.nbor() if modal.i + 1 < len(modal.doc) else None
        if nxt is None:
            return False
        clause = modal.head
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") or c.tag_ == "WRB" for c in clause.children):
            return False  # a condition or a question, not a forecast
        if any(t.lower_ in ("whatever", "whoever", "whichever") for t in modal.sent if t.i < modal.i):
            return False  # concessive: "whatever his disagreements may be"
        if _SCHEDULED.search(modal.sent.text) and clause.lemma_ in _EVENTS:
            return False  # the timing of a scheduled step: "a vote could come on Thursday"
        if modal.lower_ == "could" and clause.dep_ not in ("ROOT", "conj", "ccomp"):
            return False  # "voters who could read them", "so many that they could dominate"
        if nxt.lower_ == "be" and nxt.i + 1 < len(modal.doc) and modal.doc[nxt.i + 1].lower_ in _PERCEIVED:
            return modal.lower_ != "could"  # "smoke could be seen from miles away": what was perceived
        if nxt.lower_ in ("have", "be", "well", "or", "also", "still", "even"):
            return True
        # "could prolong the wrangling" forecasts; "could see the smoke" reports an ability
        return nxt.tag_ == "VB" and not (modal.lower_ == "could" and nxt.lemma_ in _ABILITY)

    @staticmethod
    def _impression(verb) -> bool:
        # "seemed solid", "seem intent on": an impression; "appeared tired" may be eyewitness
        kinds = ("xcomp", "ccomp", "acomp", "oprd", "attr") if verb.lemma_ == "seem" else ("xcomp", "ccomp")
        comps = [c for c in verb.children if c.dep_ in kinds]
        if any(c.lemma_.lower() in CUES for c in comps):
            return False  # "appeared to suggest that…": the attribution is the point, not a guess
        return bool(comps) and not any(
            c.dep_ in ("dative", "prep") and c.lower_ == "to" for c in verb.children
        )

    @staticmethod
    def _vague(subject) -> bool:
        """A weasel subject: a bare group noun ("critics", "many experts"), or "some"/"many" alone,
        with nobody named in it and a verb of its own."""
        if quantified(subject) and subject.pos_ == "NOUN":
            # "Many Sanders supporters complained", "some party strategists said"
            return subject.head.lemma_.lower() in _OPINION | CUES
        if subject.lemma_.lower() not in VAGUE and subject.lower_ not in VAGUE:
            return False
        if subject.pos_ == "PRON" and subject.lower_ not in ("many", "some", "others", "most"):
            return False
        if any(t.pos_ in ("PROPN", "NUM") for t in subject.subtree):
            return False  # "analysts at Capital Economics", "some 300 fighters"
        if subject.lower_ in ("some", "many", "most", "others", "few", "several") and any(
            c.dep_ == "prep" for c in subject.children
        ):
            return False  # "some of the fighters"
        if subject.lemma_.lower() in ("people", "person", "someone", "somebody") and any(
            c.dep_ in ("amod", "prep", "acl", "relcl") for c in subject.children
        ):
            return False  # "people close to the vice president": an anonymous source, not a weasel
        if subject.lemma_.lower() in ("people", "many", "some", "most", "other", "others", "few", "several",
                                      "supporter", "backer", "opponent", "detractor", "proponent"):
            # ordinary plurals ("some fled", "people gathered"), a candidate's backers ("backers
            # she will need"): weasel only before a cue
            return subject.head.lemma_.lower() in _OPINION
        return True


#: Verbs of aiming: "seeks to be seen as" reports what someone wants, not what anyone thinks.
_AIMS = frozenset("seek want try hope aim wish strive attempt".split())
#: Scheduled steps whose timing a modal reports: "a vote could come on Thursday".
_EVENTS = frozenset("come happen begin start end vote meet arrive take hold open close resume".split())
#: "most of his competitors", "some of the fighters": a part of a group the sentence names.
_PART_OF = re.compile(r"(?i)(?:most|some|many|few|several|all|none|each|both|half) of\b")

#: Passives that hide an opinion's holder ("is widely believed", "was considered"); not facts
#: or questions ("was asked", "was revealed", "was not shown").
_WEASEL_PASSIVE = frozenset(
    "believe think consider expect fear suspect say report describe rumor rumour regard presume assume see view".split()
)
_BASIS = re.compile(
    r"\b(?:based on|judging by|judging from|citing) (?:[\w'’-]+ ){0,3}(?:polls?|polling|data|figures|results|"
    r"estimates|projections|surveys?|records|documents|models?|counts?|tallies|returns)\b"
    # a recording or a document as the source: "in the video the man appears to…", "the emails show…"
    r"|\b(?:in|on|from) (?:the|a|this|that) (?:[\w-]+ )?(?:video|footage|clip|recording|photos?|images?|pictures?|"
    r"document|documents|emails?|letter|memo|records?|filing|transcript|report|survey|poll|study|data)\b"
    r"|\b(?:video|footage|recording|photos?|images?|pictures?|documents?|emails?|records?|data|figures|"
    r"polls?|surveys?|stud(?:y|ies)|report) (?:show|shows|showed|suggest|suggests|suggested|indicate|indicates|indicated)\b",
    re.I,
)
# A story the desk labels as analysis or opinion is evaluation by design.
_LABELLED = re.compile(r"^\W*(?:news )?(?:analysis|opinion|commentary|editorial|column|op-ed|perspective|review)\b", re.I)

#: Verbs after "could" that report an ability in the past, not a forecast.
_ABILITY = frozenset("see hear feel walk reach find afford get remember understand tell say do".split())
#: Past participles after "could be" that report what could be perceived: "smoke could be seen".
_PERCEIVED = frozenset("seen heard felt smelled smelt spotted reached found".split())
_CONNECTIVES = frozenset("he she they it this that these those but and also still yet however".split())


#: What a wire story's own voice calls an outcome: "would be a major prize for Assad".
_STAKES = frozenset("blow prize victory boost setback asset gain coup defeat success breakthrough triumph "
                    "embarrassment loss win turning".split())
_WEIGHTY = frozenset("major huge big key significant serious crucial decisive valuable severe heavy "
                     "massive strategic symbolic important".split())


def _verdict(modal) -> bool:
    """"Capturing the city would be a major prize for Assad", "would mark a huge victory": the
    reporter weighing an outcome, not reporting anyone's view."""
    verb = modal.head
    if verb.lemma_ not in ("be", "mark", "represent", "deal", "prove") or any(c.dep_ == "neg" for c in verb.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in verb.children):
        return False
    return any(
        c.dep_ in ("attr", "dobj") and c.lemma_.lower() in _STAKES and any(m.lower_ in _WEIGHTY for m in c.children)
        for c in verb.children
    )


def _continues(reading, n) -> bool:
    """A continuing thought: the sentence goes on from a sourced one before it ("Lavrov said… It
    could also…"), or the next sentence opens by naming its speaker ("He added that…")."""
    if n > 0 and reading.sourced_in(n - 1):
        first = reading.text[slice(*reading.sentences[n])].split(None, 1)[:1]
        if first and first[0].lower().strip(",") in _CONNECTIVES:
            return True
    if n + 1 < len(reading.sentences):
        start = reading.sentences[n + 1][0]
        head = reading.text[start : start + 30]
        return any(a.kind == "pronoun" and a.cue[0] - start < len(head) for a in reading.sourced_in(n + 1))
    return False


#: Verbs that turn a vague group into a weasel attribution ("some say", "many believe").
_OPINION = frozenset(
    "say argue believe think suspect fear claim contend suggest worry doubt feel insist maintain "
    "expect predict warn question".split()
)
