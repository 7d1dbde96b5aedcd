"""The copy each publication's figures come from, read in place from ../shared/corpora, with the house
settings that publication's desk would lint it with, and the articles that tuned the rules.

Publications: `polnear` (US political papers 2015-16, PolNeAR), `fakes` (Syrian-war wire, FA-KES),
`reuters-1987` (Reuters-21578 business wire), `reuters-com` (Reuters.com politics 2016-17, ISOT; only
the stories that kept their quotation marks) and `bbc` (BBC News 2004-05, five sections).

The fresh corpora are split for good: an article whose id hashes to 0 mod 4 is in the tuning pool (rules
were read and changed against it, for every rule: see `tuned`), the rest is for blind samples only.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Iterator

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
FRESH = {"reuters-1987": "reuters.jsonl", "reuters-com": "reuters_isot.jsonl", "bbc": "bbc.jsonl"}
PUBLICATIONS = ("polnear", "fakes", *FRESH)
#: The settings each desk would lint its own copy with (the house presets of copydesk.config).
HOUSE = {
    "polnear": {},  # no style: copydesk's defaults, AP's forms
    "fakes": {},
    "reuters-1987": {"style": "reuters"},
    "reuters-com": {"style": "reuters"},
    "bbc": {"style": "bbc"},
}


def tuned(article: str) -> bool:
    """In the tuning pool: the rules were read and changed against this fresh article."""
    return int(hashlib.sha1(article.encode()).hexdigest(), 16) % 4 == 0


def stories(publication: str) -> Iterator[tuple[str, str]]:
    """(id, text) of a fresh publication's usable stories, the title as the headline."""
    path = CORPORA / "fresh" / FRESH[publication]
    if not path.is_file():
        sys.exit(f"{path} is absent: see ../shared/corpora/README.md")
    with path.open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            if publication == "reuters-com" and not story.get("quote_chars_present"):
                continue  # the dataset's makers stripped every quotation mark and apostrophe
            title = (story.get("title") or "").strip()
            yield story["id"], f"{title}\n\n{story['text'].strip()}\n" if title else story["text"]


def pool(publication: str, tuning: bool = False) -> dict[str, str]:
    """A fresh publication's blind pool (or, with `tuning`, its tuning pool), by id."""
    return {k: v for k, v in stories(publication) if tuned(k) == tuning}
