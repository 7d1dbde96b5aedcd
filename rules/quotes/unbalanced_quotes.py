from __future__ import annotations

from copydesk.rules.analysis.quotes import OPENERS, has_marks, marks
from copydesk.rules.api import Case, Rule, Severity


def _family(mark: str) -> str:
    """Straight or typographic: a quote in one kind of marks may hold a quote in the other."""
    return "straight" if mark in "\"'" else "curly"


def _runs_on(text: str, top: int, i: int) -> bool:
    """The quote opened at `top` runs on into the one opening at `i`: its last sentence ended and
    the next starts with the mark, the convention for a quote over several paragraphs, with the
    paragraph breaks lost (a CMS or an archive that joined them)."""
    before = text[top + 1 : i].rstrip()
    after = text[i + 1 : i + 2]
    return i > top + 1 and before[-1:] in ".?!…" and (after.isupper() or after.isdigit() or after in "[(")


def _broken(text: str, following: str) -> bool:
    """A paragraph break in mid-sentence, as an archive's line breaks leave it ("…look like a prime
    minister. I ¶ was ¶ prime minister…"): the sentence, and any quote in it, goes on."""
    return text.rstrip()[-1:].isalnum() and following.lstrip()[:1].islower()


def _nested(found, k) -> bool:
    """The quote opening at found[k] sits inside the open one: two closing marks follow before the
    next opening mark."""
    closes = 0
    for _, role in found[k + 1 :]:
        if role == "open":
            break
        closes += 1
    return closes >= 2


class UnbalancedQuotes(Rule):
    """
    ## What it flags
    An opening quotation mark with no closing one in its paragraph, or a closing mark with no
    opening one. Straight and curly double quotes are read alike.

    ## Why it matters
    Without both marks the reader cannot tell where the speaker's words end and the reporter's
    begin, which is the line between a quote and a claim.

    ## Example
    "We will respond at a time of our choosing, the spokesman said.

    ## Use instead
    "We will respond at a time of our choosing," the spokesman said.

    A quote that runs over several paragraphs follows the convention: each paragraph opens with a
    quotation mark and only the last one closes. That is not flagged, also where the paragraph
    breaks were lost and the sentences run together (`He said: "I lost that spark. "Studios weren't
    interested."`), nor is a quote cut by a
    stray paragraph break and closed in the next paragraph, a straight mark after a number that
    closes an open quote ("nearly 50"), nor the quotes round an embed's attribute
    (`author="@tedcruz"`), nor a quote within a quote typed in the same marks and closed (“what he
    calls “hell” than…”). A curly mark turned the wrong way (“abhorrent“, ”We) is one finding.
    """

    name = "unbalanced-quotes"
    # Info until its measured precision reaches 0.80 (`copydesk rules` shows the figure).
    severity = Severity.WARNING
    invalid = [
        Case('⟦"⟧We will respond at a time of our choosing, the spokesman said.'),
        Case("The coalition called the attack ⟦“⟧unprovoked and said it acted in self-defense."),
        Case("Lavrov said the plans were clear⟦”⟧, adding that Moscow would respond."),
        Case('“The negative feelings reflect in part the bitter partisanship of our politics.\n\n'
             '⟦“⟧We are not blind to those, wrote The Post, which gave Clinton its support.'),
        # One mark turned the wrong way is one error, not two.
        Case("⟦”⟧We will respond at a time of our choosing,” the spokesman said."),
        Case("''We will respond at a time of our choosing,'' the spokesman said of '⟦'⟧the attack."),
        Case("Sen. Ted Cruz called the KKK “abhorrent⟦“⟧ in a tweet Sunday."),
        # A quote left open inside a quote that runs on to the next paragraph.
        Case('"Kelly staged a microaggression with a ⟦“⟧question that amounted to a spanking.\n\n'
             '"You have called women fat pigs," Kelly charged.'),
    ]
    valid = [
        '"I am gravely concerned," said Sen. Ted Cruz of Texas.',
        "“We recognize that many Americans distrust and dislike Ms Clinton. The negative feelings "
        "reflect in part the bitter partisanship of the nation’s politics today.\n\n"
        "“We are not blind to those,” wrote The Post, which nevertheless gave Clinton its support.",
        'The 6\'5" forward scored 30 points as "the Bulls" won in Chicago.',
        '"The children were aged under 10" said the Observatory chief in a statement.',
        "The US Central Command called the attack “self-defense”, claiming an “unprovoked attack”.",
        # A straight-quoted passage holding a curly quote, over two paragraphs.
        '"The order said “hold the line” and nothing more, so we held it.\n\n'
        '"Then the shelling began," the commander said.',
        "''We will respond at a time of our choosing,'' the spokesman said of ''the attack.''",
        'The statement said the attack left "nearly 50" rebels dead.',
        # A quote cut by a stray paragraph break, closed in the next paragraph.
        "“They have not been united since George H.W. Bush’s election in.\n\n"
        "1988. In 2016, Cruz is going to peel away those Democrats,” Viguerie says.",
        # Two closing single marks for a double one, in a quote that runs on.
        '"At the first debate, Kelly unloaded on the front-runner with a “question’’ that amounted '
        'to a spanking.\n\n“You’ve called women you don’t like fat pigs,” Kelly charged.',
        # a paragraph broken in mid-sentence by an archive (BBC News, 2005)
        '"He wanted to look like a prime minister. I\n\nwas prime minister and I wanted a fight," says Mr Major.',
        # a quote over several paragraphs whose breaks were lost (BBC News, 2005)
        'He said: "I just lost that spark I always had. "A couple of years ago I didn\'t like the parts I '
        'was getting. "I thought I would stop and just try writing and directing."',
        'Rep. Trey Gowdy (R-S.C.):"Who told you that?" the congressman asked.',
        "“As a young woman, I’d rather live in what he calls “hell” than live in a world where he is president.”",
        '<tweet tweet-author="@tedcruz" tweet-date="January 19, 2016 ">I love @SarahPalinUSA.',
    ]

    def check(self, doc):
        paras = doc.paragraphs
        carried = None  # the mark of a quote the paragraph before left open across a stray break
        for n, para in enumerate(paras):
            if not has_marks(para.text):
                carried = None
                continue
            text, found = para.text, marks(para.text)
            following = paras[n + 1].text if n + 1 < len(paras) else ""
            # the marks open now; a quote of the other family may nest inside. -1 stands for a
            # quote carried over from the paragraph before.
            open_: list[int] = [-1] if carried else []
            family = {-1: _family(carried)} if carried else {}
            carried = None
            for k, (i, role) in enumerate(found):
                family[i] = _family(text[i])
                if role == "open":
                    if open_ and family[open_[-1]] == family[i] and _nested(found, k):
                        pass  # “he calls “hell” than…”: a quote within a quote in the same marks
                    elif open_ and family[open_[-1]] == family[i]:
                        top = open_.pop()
                        if top >= 0 and not _runs_on(text, top, i):
                            yield self._unclosed(para, top, "before the next quote opens")
                    open_.append(i)
                elif open_:
                    open_.pop()
                    if text[i] in OPENERS:
                        # “abhorrent“ in a tweet: one mark turned the wrong way, reported once.
                        start, end = para.span((i, i + 1))
                        yield self.finding(start, end, "Opening quotation mark where a closing one belongs")
                elif k + 1 < len(found) and found[k + 1][1] == "close":
                    # ”We will go,” he said: one mark turned the wrong way, reported once.
                    start, end = para.span((i, i + 1))
                    yield self.finding(start, end, "Closing quotation mark where an opening one belongs")
                    open_.append(i)
                else:
                    start, end = para.span((i, i + 1))
                    yield self.finding(start, end, "Closing quotation mark with no opening one")
            open_ = [i for i in open_ if i >= 0]
            if open_:
                after = marks(following)[:1] if following and has_marks(following) else []
                # The quote that runs on is the outermost one; a quote opened inside it and left
                # open is a slip.
                outer, inner = open_[0], open_[1:]
                for i in inner:
                    yield self._unclosed(para, i, "in its paragraph")
                if after in ([(0, "open")], [(1, "open")]):
                    continue  # a quote over several paragraphs: the next one reopens it
                if after and after[0][1] == "close" and not inner or _broken(text, following) and not inner:
                    carried = text[outer]  # a stray break: the next paragraph closes the quote, or goes on with the sentence
                    continue
                yield self._unclosed(para, outer, "in its paragraph")

    def _unclosed(self, para, i, where):
        start, end = para.span((i, i + 1))
        return self.finding(start, end, f"Opening quotation mark with no closing one {where}")
