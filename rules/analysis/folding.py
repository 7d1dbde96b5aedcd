"""Transliteration-aware folding of names: two romanizations of one Arabic (or other) name fold to
the same key, so "Deir Ezzour", "Deir az-Zour" and "Deir al-Zor" meet without anyone listing them."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from copydesk.rules.caches import by_args

#: Arabic definite articles as romanized, including the sun-letter assimilations (az-Zour, ash-Sham).
ARTICLES = frozenset("al el il ul ad ed at et ath az ez as es ash esh ar er an en adh".split())

_SPLIT = re.compile(r"[\s\-‐‑'’`ʼʿʾ]+")
# An article fused to a sun letter it assimilated to: "Ezzour" (ez-Zour), "Ashsham", "Arraqqa".
_FUSED = re.compile(r"^[ae](sh|th|dh|[tdrzsn])(?=\1[aeiouy])")  # and a vowel: Annkara is no an-Nkara
# Spellings of one Arabic sound, each to one letter: q/k, kh/k, sh/ch, dh/d, th/t, ph/f, gh/g.
# sh and ch (French: Chaddadi) stay apart from s, or Sharia would meet Syria.
_SOUNDS = [("kh", "k"), ("q", "k"), ("ck", "k"), ("sh", "x"), ("ch", "x"), ("c", "k"), ("dh", "d"),
           ("th", "t"), ("ph", "f"), ("gh", "g"), ("j", "g")]
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLE = re.compile(r"(.)\1+")


def words(name: str) -> list[str]:
    return [w for w in _SPLIT.split(anyascii(name).lower()) if w]


def strip_articles(name: str) -> str:
    """The name in lower case ASCII without its free-standing articles: "al-Assad" → "assad"."""
    ws = words(name)
    return " ".join(w for i, w in enumerate(ws) if not (w in ARTICLES and i < len(ws) - 1))


def key(name: str) -> str:
    """The folded key: articles dropped (free or fused), one letter per sound, doubled letters
    single, every vowel run one vowel, a final h after a vowel dropped (Raqqah/Raqqa)."""
    return "".join(keys(name))


@by_args("folding.keys")
def keys(name: str) -> tuple[str, ...]:
    """The folded key of each word of the name."""
    out = []
    for word in strip_articles(name).split():
        word = _FUSED.sub("", word)
        word = _DOUBLE.sub(r"\1", word)  # first too, so a doubled letter cannot make a sound: Daeshh
        for spelt, sound in _SOUNDS:
            word = word.replace(spelt, sound)
        word = _DOUBLE.sub(r"\1", word)
        word = re.sub(r"(?<=[aeiou])h$", "", word)
        # y before a vowel is a consonant (Mayadin); elsewhere it is a vowel (Deyr, Suwayda's ay).
        word = _VOWELS.sub("a", re.sub(r"y(?![aeiou])", "i", word))
        out.append(word)
    return tuple(out)


def plain(name: str) -> str:
    """Lower-case ASCII with articles and separators gone, for comparing how close two spellings are."""
    return strip_articles(name).replace(" ", "")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English function words (spaCy's list): capitalised, they open sentences, not names."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
