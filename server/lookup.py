"""spaCy's attribute ruler and rule lemmatizer, answered from tables built as the text goes by.

Both components are pure functions of a few token attributes, yet spaCy runs them token by token in
Python: the attribute ruler's Matcher tries its ~180 patterns on every token, the lemmatizer builds a
Token and a MorphAnalysis for each. Together they cost as much as the tagger and parser. Here each
distinct token signature is worked out once (by spaCy's own code, on the first token that has it)
and every later token is a dict lookup, with the same result: tests/test_nlp.py compares the two on
real copy. A model whose ruler uses a pattern this does not understand keeps its own components.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# The token attributes single-token ruler patterns may test here, and how to read them.
_READ = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}


#: Entries each table keeps (one per word met), at most: a language server empties them with each
#: memory zone (copydesk.nlp), a long batch when they reach this, and they fill again as words recur.
TABLE = 200_000


class Unsupported(Exception):
    """A ruler pattern this module cannot evaluate: keep spaCy's own component."""


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _test(value: Any, spec: Any) -> bool:
    if not isinstance(spec, dict):
        return value == spec
    for op, arg in spec.items():
        if op == "IN":
            ok = value in arg
        elif op == "NOT_IN":
            ok = value not in arg
        elif op == "REGEX":
            ok = value is not None and _regex(arg).search(value) is not None  # as the Matcher: search
        else:
            raise Unsupported(op)
        if not ok:
            return False
    return True


class _Tables:
    """What the two drop-ins share: spaCy's component interface, and tables of what they worked
    out for each word they met, which `forget` empties."""

    def pipe(self, docs, batch_size: int = 128):
        for doc in docs:
            yield self(doc)

    @contextlib.contextmanager
    def memory_zone(self, mem=None):
        """spaCy's memory zone (Language.memory_zone): what was worked out for the words met in it
        goes with it (the lemmas kept were added to the zone's strings)."""
        try:
            yield mem
        finally:
            self.forget()

    def bounded(self, table: dict) -> None:
        """A run with no memory zone meets words without end: the tables start again past TABLE."""
        if len(table) > TABLE:
            self.forget()

    def forget(self) -> None:
        raise NotImplementedError


class AttributeRules(_Tables):
    """Drop-in for a loaded AttributeRuler: same matches, applied in the same order."""

    def __init__(self, ruler):
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.columns = [TAG, DEP, IS_SPACE, LOWER]
        self.single: list[tuple[int, dict]] = []  # (rule id, token pattern), in rule order
        self.multi = Matcher(ruler.vocab)  # patterns over several tokens stay with spaCy's Matcher
        for rule_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if len(pattern) == 1:
                    if set(pattern[0]) - set(_READ):
                        raise Unsupported(sorted(pattern[0]))
                    for spec in pattern[0].values():
                        _test("", spec)  # unknown operators fail now, not mid-document
                    self.single.append((rule_id, pattern[0]))
                else:
                    self.multi.add(str(rule_id), [pattern])
        # Most words are named by no pattern: for those the signature leaves the word out, which
        # keeps the table small. A word is named if it is in a pattern's LOWER value or list, or
        # matches a LOWER regex.
        self.words: set[str] = set()
        self.word_regexes: list[str] = []
        for _, pattern in self.single:
            spec = pattern.get("LOWER")
            if isinstance(spec, str):
                self.words.add(spec)
            elif isinstance(spec, dict):
                self.words.update(spec.get("IN", ()), spec.get("NOT_IN", ()))
                if "REGEX" in spec:
                    self.word_regexes.append(spec["REGEX"])
        self.named: dict[int, bool] = {}
        self.cache: dict[tuple[int, ...], tuple[int, ...]] = {}
        # Most patterns name one exact tag: only those and the tagless ones can match a token.
        self.by_tag: dict[str | None, list[tuple[int, dict]]] = {None: []}
        for rule_id, pattern in self.single:
            tag = pattern.get("TAG")
            self.by_tag.setdefault(tag if isinstance(tag, str) else None, []).append((rule_id, pattern))

    def _is_named(self, lower: int, strings) -> bool:
        word = strings[lower]
        return word in self.words or any(_regex(r).search(word) for r in self.word_regexes)

    def _rules_for(self, token: "Token", named: bool) -> tuple[int, ...]:
        values = {attr: read(token) for attr, read in _READ.items()}
        if not named:  # IN and exact tests fail and NOT_IN passes, for None as for the word
            values["LOWER"] = None
        candidates = self.by_tag.get(values["TAG"], []) + self.by_tag[None]
        return tuple(
            rule_id for rule_id, pattern in candidates
            if all(_test(values[attr], spec) for attr, spec in pattern.items())
        )

    def __call__(self, doc: "Doc") -> "Doc":
        from spacy.tokens._retokenize import set_token_attrs

        matches = []
        strings = doc.vocab.strings
        self.bounded(self.named)
        for i, (tag, dep, space, lower) in enumerate(doc.to_array(self.columns).tolist()):
            named = self.named.get(lower)
            if named is None:
                named = self.named[lower] = self._is_named(lower, strings)
            key = (tag, dep, space, lower if named else 0)
            rules = self.cache.get(key)
            if rules is None:
                rules = self.cache[key] = self._rules_for(doc[i], named)
            matches.extend((rule_id, i, i + 1) for rule_id in rules)
        if len(self.multi):
            matches.extend((int(self.ruler.vocab.strings[m]), s, e) for m, s, e in self.multi(doc, allow_missing=True))
        matches.sort()  # later rules win, as in AttributeRuler.match
        for rule_id, start, end in matches:
            index = self.ruler.indices[rule_id]
            set_token_attrs(doc[start + index if index >= 0 else end + index], self.ruler.attrs[rule_id])
        return doc

    def forget(self) -> None:
        self.named.clear()
        self.cache.clear()


class RuleLemmas(_Tables):
    """Drop-in for a loaded rule-mode Lemmatizer: a lemma depends only on (text, POS, morphology)."""

    def __init__(self, lemmatizer):
        from spacy.attrs import LEMMA, MORPH, ORTH, POS
        from spacy.lookups import Lookups

        if getattr(lemmatizer, "mode", None) != "rule" or getattr(lemmatizer, "overwrite", False):
            raise Unsupported("lemmatizer mode")
        # spaCy's own rule_lemmatize works out each new word, on a twin whose word index is a set:
        # the model ships it as lists (57,000 nouns) that every rule's `form in index` scans.
        self.lemmatizer = copy.copy(lemmatizer)
        self.lemmatizer.cache = {}
        self.lemmatizer.lookups = Lookups()
        for name in lemmatizer.lookups.tables:
            table = dict(lemmatizer.lookups.get_table(name))
            if name == "lemma_index":
                table = {pos: frozenset(words) for pos, words in table.items()}
            self.lemmatizer.lookups.add_table(name, table)
        self.columns = [ORTH, POS, MORPH, LEMMA]
        self.lemma = LEMMA
        self.cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: "Doc") -> "Doc":
        rows = doc.to_array(self.columns)
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        self.bounded(self.cache)
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:  # set by the attribute ruler: kept, as spaCy keeps it
                continue
            found = self.cache.get((orth, pos, morph))
            if found is None:
                found = self.cache[(orth, pos, morph)] = strings.add(self.lemmatizer.rule_lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([self.lemma], lemmas.reshape(-1, 1))
        return doc

    def forget(self) -> None:
        self.cache.clear()
        self.lemmatizer.cache.clear()


def _attribute_rules(nlp: "Language", name: str) -> AttributeRules:
    return AttributeRules(nlp.get_pipe("attribute_ruler"))


def _rule_lemmas(nlp: "Language", name: str) -> RuleLemmas:
    return RuleLemmas(nlp.get_pipe("lemmatizer"))


_FACTORIES = {
    "attribute_ruler": ("copydesk_attribute_rules", _attribute_rules),
    "lemmatizer": ("copydesk_rule_lemmas", _rule_lemmas),
}


def install(nlp: "Language") -> list[str]:
    """Swap the model's attribute ruler and lemmatizer for the table-driven ones, under the same
    names and in the same places. Returns the names swapped."""
    from spacy.language import Language

    swapped = []
    for name, (factory, make) in _FACTORIES.items():
        if name not in nlp.pipe_names:
            continue
        if not Language.has_factory(factory):
            Language.factory(factory, func=make)
        try:
            nlp.add_pipe(factory, name=f"{name}_fast", after=name)
        except Unsupported:
            continue
        nlp.remove_pipe(name)
        nlp.rename_pipe(f"{name}_fast", name)
        swapped.append(name)
    return swapped
