"""Build rules/data/spelling.tsv: British and American spellings of one word, with which of the two
each variety accepts, for the `mixed-spelling` rule.

Sources (neither is a dependency of copydesk: they are read here once and the table is committed):
- SCOWL 2020.12.07 (Kevin Atkinson, http://wordlist.aspell.net/; Debian's `scowl` package, which
  installs its word lists in /usr/share/dict/scowl): which spellings belong to American only
  (`american-words`), to British -ise spelling only (`british-words`), to Oxford -ize British
  (`british_z-words`), and which are accepted variants of each (`variant_1-words`,
  `british_variant_1-words`). Sizes up to 70 ("large").
- breame 0.1.2 (Charles Pierse, Apache-2.0, on PyPI): its table of 1,730 British/American pairs
  pairs the spellings. SCOWL's own lists add the regular pairs breame lacks (-ise/-ize, -our/-or,
  -tre/-ter, -ence/-ense, -ogue/-og, doubled l), each kept only where SCOWL lists the American form
  as American-only.

    apt-get install scowl && pip install breame==0.1.2
    python bench/spelling_pairs.py [--scowl /usr/share/dict/scowl] > rules/data/spelling.tsv
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SIZES = (10, 20, 35, 40, 50, 55, 60, 70)
# The regular differences, British → American, for pairs breame does not list.
RULES = [
    (r"is(e|ed|es|ing|ation|ations|er|ers|able)$", r"iz\1"),
    (r"yse(|d|s)$", r"yze\1"),
    (r"ysing$", "yzing"),
    (r"our(|s|ed|ing|able|ably|er|ers|ful|less|ite|ites)$", r"or\1"),
    (r"tre(|s)$", r"ter\1"),
    (r"ogue(|s)$", r"og\1"),
    (r"ence(|s)$", r"ense\1"),
    (r"ll(ed|ing|er|ers)$", r"l\1"),
    (r"ement(|s)$", r"ment\1"),
]
# Pairs in breame that are two words, not two spellings of one (a metric tonne is not a ton, a
# philtre no filter, a draughts board a game), or that American writes the British way too (buses).
NOT_PAIRS = {"tonne", "tonnes", "draughts", "draughtsman", "draughtsmen", "philtre", "philtres", "groyne",
             "groynes", "fillet", "fillets", "filleted", "filleting", "buses", "busing"}
# Pairs neither source lists, where SCOWL's lists show the British form is British only.
EXTRA = {"cheque": "check", "cheques": "checks", "chequebook": "checkbook", "chequebooks": "checkbooks",
         "storey": "story", "storeys": "stories"}


def words(folder: Path, category: str) -> set[str]:
    out: set[str] = set()
    for size in SIZES:
        path = folder / f"{category}-words.{size}"
        if path.is_file():
            out |= {w for w in path.read_text(encoding="latin-1").split() if w.isalpha() and w.islower()}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scowl", type=Path, default=Path("/usr/share/dict/scowl"))
    args = ap.parse_args()
    try:
        from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS
    except ImportError:
        sys.exit("pip install breame==0.1.2 first")
    if not (args.scowl / "english-words.10").is_file():
        sys.exit(f"SCOWL's word lists are not in {args.scowl}: apt-get install scowl")
    american, british = words(args.scowl, "american"), words(args.scowl, "british")
    oxford = words(args.scowl, "british_z")
    fine_in_us, fine_in_uk = words(args.scowl, "variant_1"), words(args.scowl, "british_variant_1")
    pairs = {b: a for b, a in {**BRITISH_ENGLISH_SPELLINGS, **EXTRA}.items() if b.isalpha() and a.isalpha()}
    for b in sorted(british - set(pairs)):
        for pattern, american_form in RULES:
            a = re.sub(pattern, american_form, b)
            if a != b and a in american:
                pairs[b] = a
                break
    print("# British and American spellings of one word, built by bench/spelling_pairs.py from SCOWL 2020.12.07")
    print("# (Kevin Atkinson, wordlist.aspell.net) and breame 0.1.2 (Charles Pierse, Apache-2.0).")
    print("# british_only: SCOWL lists the British form for British spelling only, and not as an accepted American")
    print("# variant; american_only: the American form likewise; oxford: Oxford (-ize) British takes the American form.")
    print("british\tamerican\tbritish_only\tamerican_only\toxford")
    kept = 0
    for b, a in sorted(pairs.items()):
        if b in NOT_PAIRS:
            continue
        b_only = b in british and b not in fine_in_us
        a_only = a in american and a not in fine_in_uk
        if b_only or a_only:
            print(f"{b}\t{a}\t{int(b_only)}\t{int(a_only)}\t{int(a in oxford)}")
            kept += 1
    print(f"{kept} pairs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
