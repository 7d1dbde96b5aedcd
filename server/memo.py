"""The engine's memo: what a rule found in a paragraph, kept by the paragraph's text, the parse it
was read with, the settings that matter and what the rule reads around the paragraph
(`Rule.context`). A re-lint after an edit redoes only the paragraphs the edit touched; the rest
are the findings kept, moved to where their paragraph now starts."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from copydesk.rules.api import Edit, Finding, Fix, Related
from copydesk.rules.caches import ENTRY, cache

if TYPE_CHECKING:
    from copydesk.rules.api import Document, Rule


class Memo:
    """Findings per (rule, paragraph, settings, context), in the cache "memo" (copydesk.rules.caches)."""

    def __init__(self) -> None:
        self._kept = cache("memo")

    def findings(self, rule: "Rule", doc: "Document", i: int) -> list[Finding]:
        para = doc.paragraphs[i]
        context = rule.context(doc, i)
        if context is None or para.offsets is not None:  # markup moved characters: not a shift
            return list(rule.check_paragraph(para, doc))
        key = (type(rule), rule.name, rule.severity, doc.fingerprint, para.text, para.components, context)
        found = self._kept.get(key)
        if found is None:
            found = tuple(shift(f, -para.start) for f in rule.check_paragraph(para, doc))
            # the settings' fingerprint is one string all keys share: the text and findings count
            self._kept.put(key, found, ENTRY + self._kept.per_char * len(para.text) + FINDING * len(found))
        return [shift(f, para.start) for f in found]

    def clear(self) -> None:
        self._kept.clear()


FINDING = 600  # bytes of a finding with its fix and related spans


def shift(f: Finding, by: int) -> Finding:
    """The finding with every offset in it moved by `by`."""
    if not by:
        return f
    return dataclasses.replace(
        f, start=f.start + by, end=f.end + by,
        related=tuple(Related(start=r.start + by, end=r.end + by, message=r.message) for r in f.related),
        fixes=tuple(
            Fix(title=x.title, safe=x.safe,
                edits=tuple(Edit(start=e.start + by, end=e.end + by, replacement=e.replacement) for e in x.edits))
            for x in f.fixes
        ),
    )
